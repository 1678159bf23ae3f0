// The overlays drawn from the server's vector tiles (/tiles/{slug}/{layer}/{z}/{x}/{y}.mvt), each declared once:
// the catalogue layer it reads, how a feature is drawn, its legend (every entry a swatch *and* a label with values
// and units, so colour is never the only cue) and the key values a clicked feature shows. overlays.js wires them
// into Leaflet; nothing here knows about the map.
import { t, fmt } from "./i18n.js";

/** People per km²: upper class bounds (the last is open), ColorBrewer BuPu — sequential, apart from the class colours. */
const DENSITY = [
  { max: 1000, color: "#edf8fb" },
  { max: 5000, color: "#bfd3e6" },
  { max: 15000, color: "#9ebcda" },
  { max: 30000, color: "#8c96c6" },
  { max: 60000, color: "#8856a7" },
  { max: Infinity, color: "#810f7c" },
];

/** Download speed of a speed-test tile in Mb/s (5 and 20: Giga; 25 and 100: FCC/BEAD), ColorBrewer YlGn. */
const SPEED = [
  { max: 5, color: "#ffffcc" },
  { max: 20, color: "#c2e699" },
  { max: 25, color: "#78c679" },
  { max: 100, color: "#31a354" },
  { max: Infinity, color: "#006837" },
];

/**
 * Technologies with a colour and a dash pattern each (Okabe–Ito colours not used by the gap classes). Coverage areas
 * overlap many times over (operators × sites), so only the faster technologies get a faint fill: 2G and 3G fills
 * would add up to a wash over the whole city. An unfilled area still takes clicks (its fill is transparent, not none).
 */
const TECHS = [
  { code: "2G", color: "#CC79A7", dash: "2 4", fill: 0 },
  { code: "3G", color: "#56B4E9", dash: "8 4", fill: 0 },
  { code: "4G", color: "#009E73", dash: null, fill: 0.07 },
  { code: "5G", color: "#5D3A9B", dash: "12 3 3 3", fill: 0.1 },
  { code: "fixed", color: "#1b1f24", dash: "1 3", fill: 0.07 },
];
const techInfo = code => TECHS.find(x => x.code === code) ?? { code, color: "#666666", dash: null, fill: 0 };

/** The class a value falls in (values below the first bound go to the first class). */
const classOf = (classes, value) => classes.findIndex(c => value < c.max);

/** "below 1,000 people/km²", "1,000 to 5,000 people/km²", "60,000 people/km² or more". */
function rangeLabels(classes, unit) {
  return classes.map((c, i) => {
    const min = i === 0 ? null : fmt.count(classes[i - 1].max);
    if (i === 0) return t("overlay.range.below", { max: fmt.count(c.max), unit });
    if (c.max === Infinity) return t("overlay.range.above", { min, unit });
    return t("overlay.range.between", { min, max: fmt.count(c.max), unit });
  });
}

const mbps = kbps => (kbps == null ? t("value.noData") : t("value.mbps", { value: fmt.decimal(kbps / 1000) }));
const orNoData = (v, format) => (v == null || v === "" ? t("value.noData") : format(v));

/**
 * Each overlay: id (also the i18n key part), layer (the tile layer it reads), pane ("areas" under the settlements,
 * "points" above them), order (stacking within the pane: density under speed tests under coverage outlines),
 * style(properties, scope) → Leaflet path options or null (not drawn), legend(scope) → { items: [{ swatch, label }],
 * note }, and details(properties) → { title, rows: [[label, value]] } for the popup.
 */
export const OVERLAY_KINDS = [
  {
    id: "population",
    layer: "population",
    pane: "areas",
    order: 1,
    // Density is a property of areas: raster cells and areas are drawn; a building's people per km² of footprint and
    // a point (no area) would read as a different, much higher density, so they are left out of this map.
    style: p => {
      if (p.people_per_km2 == null || (p.kind !== "cell" && p.kind !== "area")) return null;
      const i = classOf(DENSITY, p.people_per_km2);
      return { fill: true, fillColor: DENSITY[i].color, fillOpacity: 0.8, stroke: false, className: `dm-density dm-density-${i}` };
    },
    legend: () => ({
      items: rangeLabels(DENSITY, t("unit.peoplePerKm2")).map((label, i) => ({ swatch: { fill: DENSITY[i].color }, label })),
      note: t("overlay.population.note"),
    }),
    details: p => ({
      title: t("overlay.population.popup", { kind: t(`population.kind.${p.kind}`) }),
      rows: [
        [t("overlay.population.density"), orNoData(p.people_per_km2, v => t("value.peoplePerKm2", { value: fmt.count(v) }))],
        [t("overlay.population.people"), fmt.decimal(p.people)],
      ],
    }),
  },
  {
    id: "coverage",
    layer: "coverage",
    pane: "areas",
    order: 3,
    style: p => {
      const tech = techInfo(p.tech);
      return { fill: true, fillColor: tech.color, fillOpacity: tech.fill, color: tech.color, weight: 2, opacity: 0.9,
        dashArray: tech.dash, className: `dm-coverage dm-coverage-${tech.code}` };
    },
    legend: () => ({
      items: TECHS.map(x => ({ swatch: { fill: x.color, fillOpacity: x.fill * 2, stroke: x.color, dash: x.dash },
        label: t("overlay.coverage.tech", { tech: fmt.tech(x.code) }) })),
      note: t("overlay.coverage.note"),
    }),
    details: p => ({
      title: t("overlay.coverage.popup"),
      rows: [[t("overlay.tech"), fmt.tech(p.tech)], [t("overlay.operator"), orNoData(p.operator, String)]],
    }),
  },
  {
    id: "sites",
    layer: "sites",
    pane: "points",
    order: 1,
    style: p => {
      const tech = techInfo(p.tech);
      return { radius: 5, fill: true, fillColor: tech.color, fillOpacity: 1, color: "#ffffff", weight: 1.5, opacity: 1,
        className: `dm-site dm-site-${tech.code}` };
    },
    legend: () => ({
      items: TECHS.filter(x => x.code !== "fixed").map(x => ({ swatch: { fill: x.color, circle: true },
        label: t("overlay.sites.tech", { tech: fmt.tech(x.code) }) })),
      note: null,
    }),
    details: p => ({
      title: t("overlay.sites.popup", { id: p.id }),
      rows: [
        [t("overlay.tech"), fmt.tech(p.tech)], [t("overlay.operator"), orNoData(p.operator, String)],
        [t("overlay.sites.range"), p.range_m == null ? t("overlay.sites.defaultRange") : t("value.m", { value: fmt.count(p.range_m) })],
      ],
    }),
  },
  {
    id: "measurements",
    layer: "measurements",
    pane: "areas",
    order: 2,
    // A run judges one period and periods are never pooled (DESIGN §5), so only the shown run's period is drawn.
    style: (p, scope) => {
      if (scope.period && p.period !== scope.period) return null;
      if (p.down_kbps == null) return { fill: true, fillColor: "#ffffff", fillOpacity: 0.6, color: "#555555", weight: 1, className: "dm-speed dm-speed-none" };
      const i = classOf(SPEED, p.down_kbps / 1000);
      return { fill: true, fillColor: SPEED[i].color, fillOpacity: 0.85, color: "#555555", weight: 0.5, opacity: 0.8, radius: 5,
        className: `dm-speed dm-speed-${i}` };
    },
    legend: scope => ({
      items: rangeLabels(SPEED, t("unit.mbps")).map((label, i) => ({ swatch: { fill: SPEED[i].color }, label })),
      note: t("overlay.measurements.note", { period: scope.period ?? t("run.allPeriods") }),
    }),
    details: p => ({
      title: t("overlay.measurements.popup", { period: p.period ?? t("run.allPeriods"), network: t(`network.${p.network}`) }),
      rows: [
        [t("overlay.measurements.down"), mbps(p.down_kbps)],
        [t("overlay.measurements.up"), mbps(p.up_kbps)],
        [t("overlay.measurements.latency"), orNoData(p.latency_ms, v => t("value.ms", { value: fmt.count(v) }))],
        [t("details.evidence"), t("details.evidenceValue", { tests: fmt.count(p.tests), devices: fmt.count(p.devices) })],
      ],
    }),
  },
];

// The Leaflet map: settlements filled by class (colour + texture), gap polygons hatched on top, an optional
// OpenStreetMap background (off by default: the map must make sense offline), selection highlight.
import { t } from "./i18n.js";
import { classInfo, classLabel, fillId, GAP_HATCH_ID } from "./classes.js";
import { addOverlays } from "./overlays.js";

const OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const BASE_STYLE = { color: "#2b2f33", weight: 1, opacity: 1, fillOpacity: 0.85 };
const SELECTED_STYLE = { color: "#000000", weight: 4, opacity: 1 };
const GAP_STYLE = { color: "#111111", weight: 1.5, dashArray: "4 3", fillColor: `url(#${GAP_HATCH_ID})`, fillOpacity: 1, interactive: false };

export function createGapMap(element, { onSelect }) {
  const map = L.map(element, { zoomControl: true }).setView([0, 20], 3);
  L.control.scale({ imperial: false }).addTo(map);
  // Gaps sit in their own pane above the settlements and let clicks through to them.
  map.createPane("gaps").style.zIndex = 450;
  map.getPane("gaps").style.pointerEvents = "none";
  const gapRenderer = L.svg({ pane: "gaps" });
  // Rank numbers above everything: they tie each shape to its table row and are a cue that is not colour.
  map.createPane("labels").style.zIndex = 460;
  map.getPane("labels").style.pointerEvents = "none";
  // The map's box changes when the table appears or the layout reflows; Leaflet only watches the window.
  new ResizeObserver(() => map.invalidateSize()).observe(element);
  // Below street-block zoom the numbers would cover the shapes they name.
  const LABEL_MIN_ZOOM = 14;
  map.on("zoomend", () => element.classList.toggle("hide-rank-labels", map.getZoom() < LABEL_MIN_ZOOM));

  // The settlement results (shapes and rank labels) as one overlay that the layers control can switch off.
  const results = L.layerGroup().addTo(map);
  const overlays = addOverlays(map, results);
  let settlements = null;
  let gaps = null;
  let osm = null;
  let showGaps = true;
  let selectedId = null;
  const layers = new Map();

  function tooltip(p, tech) {
    const box = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = p.name;
    box.append(name, document.createElement("br"), `${classLabel(p.gap_class, tech)} · ${t("col.rank")} ${p.rank}`);
    return box;
  }

  function rankLabel(layer) {
    const rank = layer.feature.properties.rank;
    // Decorative for screen readers: the table says the same with names.
    const icon = L.divIcon({ className: "rank-label", html: `<span aria-hidden="true">${Number(rank)}</span>`, iconSize: [0, 0] });
    return L.marker(layer.getBounds().getCenter(), { icon, pane: "labels", interactive: false, keyboard: false });
  }

  function decorate(id, layer) {
    const path = layer.getElement();
    path.setAttribute("data-settlement-id", id);
    // Leaflet makes shapes with tooltips tab stops; the ranked table is the keyboard route to the same
    // settlements (in rank order, with names), so 25+ unnamed stops here would only be in the way.
    path.setAttribute("tabindex", "-1");
    if (id === selectedId) path.classList.add("dm-selected");
  }

  function styleFor(p) {
    return { ...BASE_STYLE, fillColor: `url(#${fillId(classInfo(p.gap_class).slug)})` };
  }

  function clear() {
    results.clearLayers();
    gaps?.remove();
    settlements = gaps = null;
    layers.clear();
    selectedId = null;
  }

  return {
    leaflet: map,

    /** Shows a run: settlement shapes (FeatureCollection with result columns) and gap polygons. */
    show(shapes, gapShapes, tech) {
      clear();
      settlements = L.geoJSON(shapes, {
        style: f => styleFor(f.properties),
        onEachFeature: (f, layer) => {
          const p = f.properties;
          layer.options.className = `dm-settlement dm-class-${p.gap_class}`;
          layers.set(p.settlement_id, layer);
          layer.bindTooltip(tooltip(p, tech), { sticky: true });
          layer.on("click", () => onSelect(p.settlement_id, "map"));
          // Leaflet draws a new path each time the results overlay is switched back on.
          layer.on("add", () => decorate(p.settlement_id, layer));
        },
      }).addTo(results);
      L.layerGroup([...layers.values()].map(rankLabel)).addTo(results);
      gaps = L.geoJSON(gapShapes, { style: () => GAP_STYLE, renderer: gapRenderer, interactive: false });
      if (showGaps) gaps.addTo(map);
      this.fit();
    },

    clear,

    /** Points the tile overlays at a project; period is the shown run's (speed tests of other periods are not drawn). */
    showOverlays: (slug, period) => overlays.show(slug, period),

    fit() {
      map.invalidateSize();
      const bounds = settlements?.getBounds();
      if (bounds?.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    },

    /** Outlines the settlement (and brings it to the front); zooms to it when asked. */
    select(id, { zoom = false } = {}) {
      const previous = layers.get(selectedId);
      if (previous) {
        previous.setStyle(styleFor(previous.feature.properties));
        previous.getElement()?.classList.remove("dm-selected");
      }
      selectedId = id;
      const layer = layers.get(id);
      if (!layer) return;
      layer.setStyle(SELECTED_STYLE);
      layer.bringToFront();
      layer.getElement()?.classList.add("dm-selected");
      if (zoom) map.fitBounds(layer.getBounds(), { padding: [60, 60], maxZoom: 16 });
    },

    setGapsVisible(on) {
      showGaps = on;
      if (!gaps) return;
      if (on) gaps.addTo(map);
      else gaps.remove();
    },

    setBasemap(on) {
      if (on && !osm) {
        osm = L.tileLayer(OSM_URL, { maxZoom: 19, attribution: t("osm.attribution") }).addTo(map);
      } else if (!on && osm) {
        osm.remove();
        osm = null;
      }
      element.classList.toggle("with-basemap", on);
    },
  };
}

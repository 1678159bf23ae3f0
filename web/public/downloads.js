// Downloads of the shown run (GET /api/runs/{id}/export, DESIGN §8): both layers in every export format. Each file
// carries the run, the standard, the method and every source's licence, so a link is all a planner needs.
import { t } from "./i18n.js";
import { h } from "./dom.js";

const FORMATS = ["gpkg", "geojson", "shp", "csv", "fgb", "parquet"];
const LAYERS = ["results", "gaps"];

/** Fills the downloads section with a format × layer table of links for run <runId>. */
export function renderDownloads(container, runId) {
  const link = (layer, format) => h("a", {
    href: `/api/runs/${encodeURIComponent(runId)}/export?layer=${layer}&format=${format}`,
    download: true,
    "aria-label": t("downloads.link", { layer: t(`downloads.layer.${layer}`), format: t(`downloads.format.${format}`) }),
  }, t("downloads.get"));
  const table = h("table", { class: "downloads" },
    h("caption", {}, t("downloads.caption")),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t("downloads.format")),
      ...LAYERS.map(layer => h("th", { scope: "col" }, t(`downloads.layer.${layer}`))))),
    h("tbody", {}, ...FORMATS.map(format => h("tr", {},
      h("th", { scope: "row" }, t(`downloads.format.${format}`)),
      ...LAYERS.map(layer => h("td", {}, link(layer, format)))))));
  // Closed at first: one tab stop on the way to the map instead of twelve links, opened with Enter or a click.
  container.replaceChildren(h("details", {},
    h("summary", {}, h("h2", { id: "downloads-heading" }, t("downloads.heading"))),
    h("p", {}, t("downloads.intro")),
    table));
  container.hidden = false;
}

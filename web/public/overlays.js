// Overlays from the server's vector tiles, drawn by Leaflet.VectorGrid (npm leaflet.vectorgrid, served under /vendor;
// a UMD script that extends window.L, loaded after Leaflet in index.html). Leaflet's layers control switches them on
// and off (all off at first, the settlement results on), and a legend control beside it explains each visible one.
import { t } from "./i18n.js";
import { h } from "./dom.js";
import { OVERLAY_KINDS } from "./overlay-kinds.js";

const SVG = "http://www.w3.org/2000/svg";
// The tile pyramid the server renders (TileAddress.MaxZoom); deeper zooms scale the z22 tiles.
const MAX_TILE_ZOOM = 22;

/**
 * VectorGrid's protobuf layer, mended for Leaflet 1.9: Leaflet places a click on a small circle at the circle's
 * getLatLng() (Map._fireDOMEvent), and VectorGrid 1.3's point symbolizers, drawn in tile pixels, have none, so a click
 * on a cell site would throw. Each point gets its position back from its tile.
 */
const TileGrid = L.VectorGrid.Protobuf.extend({
  _createLayer(feature, pxPerExtent) {
    const layer = L.VectorGrid.Protobuf.prototype._createLayer.call(this, feature, pxPerExtent);
    const grid = this;
    if (feature.type === 1) {
      layer.getLatLng = function () {
        const tile = this._renderer.getCoord();
        return grid._map.unproject(tile.scaleBy(grid.getTileSize()).add(this._point), tile.z);
      };
    }
    return layer;
  },
});

/** A label as HTML for Leaflet's layers control, which sets names with innerHTML: the DOM escapes our text. */
function asHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

/** A decorative swatch drawn like the overlay: a filled box (dashed outline for coverage) or a dot for points. */
function swatch({ fill, fillOpacity = 1, stroke = "#555555", dash = null, circle = false }) {
  const shape = document.createElementNS(SVG, circle ? "circle" : "rect");
  const attrs = circle
    ? { cx: 11, cy: 8, r: 5.5, fill, stroke: "#1b1f24", "stroke-width": 1 }
    : { x: 1.5, y: 1.5, width: 19, height: 13, fill, "fill-opacity": fillOpacity, stroke, "stroke-width": dash || stroke !== "#555555" ? 2 : 1 };
  for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
  if (dash) shape.setAttribute("stroke-dasharray", dash);
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ class: "swatch", width: 22, height: 16, viewBox: "0 0 22 16", "aria-hidden": "true", focusable: "false" }))
    svg.setAttribute(k, v);
  svg.append(shape);
  return svg;
}

/** The popup of a clicked feature: a title and its key values as a definition list, all text nodes. */
function popupContent(kind, properties) {
  const { title, rows } = kind.details(properties);
  return h("div", { class: "dm-feature", "data-overlay": kind.id },
    h("strong", {}, title),
    h("dl", {}, rows.flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)])));
}

/**
 * Adds the overlays to the map. `results` is the layer group of the settlement results (on by default) so it can be
 * switched off to see what lies beneath. Returns { show(slug, period) } to point the tiles at a project and the run's period.
 */
export function addOverlays(map, results) {
  // Areas lie between a background map (tilePane 200) and the settlements (overlayPane 400); points above them.
  map.createPane("dm-areas").style.zIndex = 350;
  map.createPane("dm-points").style.zIndex = 455;

  const scope = { slug: null, period: null };
  const grids = new Map();
  for (const kind of OVERLAY_KINDS) {
    const grid = new TileGrid("", {
      pane: `dm-${kind.pane}`,
      zIndex: kind.order,
      rendererFactory: L.svg.tile,
      interactive: true,
      maxNativeZoom: MAX_TILE_ZOOM,
      // A feature whose style is null is not drawn at all (VectorGrid skips an empty list of symbolizers).
      vectorTileLayerStyles: { [kind.layer]: properties => kind.style(properties, scope) ?? [] },
    });
    grid.on("click", e => {
      // Leaflet gives a clicked point its own position, which VectorGrid's symbolizers (drawn in tile pixels) lack.
      const at = e.latlng ?? map.mouseEventToLatLng(e.originalEvent);
      L.popup({ className: "dm-feature-popup", maxWidth: 280 }).setLatLng(at).setContent(popupContent(kind, e.layer.properties)).openOn(map);
    });
    grids.set(kind.id, grid);
  }

  // The tile overlays join the control once a project is known (show): before that they have no tiles to ask for.
  const control = L.control.layers(null, { [asHtml(t("overlay.results"))]: results }, { collapsed: false, position: "topright" }).addTo(map);
  labelControl(control.getContainer());

  const legend = L.control({ position: "topright" });
  legend.onAdd = () => {
    // A tab stop: the legend scrolls when several overlays are on, and a scrolling box must be reachable by keyboard.
    const box = h("section", { class: "leaflet-control dm-overlay-legend", "aria-labelledby": "overlay-legend-heading", tabindex: 0, hidden: true });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);

  function renderLegend() {
    const box = legend.getContainer();
    const visible = OVERLAY_KINDS.filter(kind => map.hasLayer(grids.get(kind.id)));
    box.hidden = visible.length === 0;
    box.replaceChildren(
      h("h3", { id: "overlay-legend-heading", class: "visually-hidden" }, t("overlay.legendHeading")),
      ...visible.map(kind => {
        const { items, note } = kind.legend(scope);
        return h("div", { class: "dm-overlay-legend-part", "data-overlay": kind.id },
          h("h4", {}, t(`overlay.${kind.id}.legend`)),
          h("ul", {}, items.map(item => h("li", {}, swatch(item.swatch), h("span", {}, item.label)))),
          note ? h("p", { class: "hint" }, note) : null);
      }));
  }
  map.on("overlayadd overlayremove", renderLegend);

  return {
    /** Points the overlays at a project's tiles; period (the shown run's, or null) picks the speed tests drawn. */
    show(slug, period = null) {
      const periodChanged = period !== scope.period;
      scope.period = period;
      if (scope.slug === null)
        for (const kind of OVERLAY_KINDS) control.addOverlay(grids.get(kind.id), asHtml(t(`overlay.${kind.id}`)));
      if (slug !== scope.slug) {
        scope.slug = slug;
        // setUrl redraws a grid that is on the map and only remembers the URL for one that is not.
        for (const kind of OVERLAY_KINDS) grids.get(kind.id).setUrl(`/tiles/${encodeURIComponent(slug)}/${kind.layer}/{z}/{x}/{y}.mvt`);
      } else if (periodChanged) {
        grids.get("measurements").redraw();
      }
      renderLegend();
    },
  };
}

/** Names the layers control for assistive technology and gives it a visible title. */
function labelControl(container) {
  const title = h("p", { class: "dm-control-title", id: "overlay-control-title" }, t("overlay.controlTitle"));
  container.querySelector(".leaflet-control-layers-list").prepend(title);
  container.setAttribute("role", "group");
  container.setAttribute("aria-labelledby", "overlay-control-title");
  // Expanded for good (collapsed: false): the toggle that would open it is never shown, so keep it out of the tab order.
  container.querySelector(".leaflet-control-layers-toggle")?.setAttribute("tabindex", "-1");
}

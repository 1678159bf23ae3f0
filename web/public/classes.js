// The four gap classes: colours from the Okabe–Ito colour-blind-safe palette, each with its own texture so that
// colour is never the only cue. The SVG patterns are defined once in the page and used by the map and the legend.
import { t, fmt } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";

/** In decision order, worst first (DESIGN §5). */
export const CLASSES = [
  { slug: "no_coverage", color: "#D55E00", texture: "solid" },
  { slug: "insufficient_evidence", color: "#8A8A8A", texture: "stripes" },
  { slug: "covered_slow", color: "#E69F00", texture: "dots" },
  { slug: "served", color: "#0072B2", texture: "grid" },
];

const bySlug = Object.fromEntries(CLASSES.map(c => [c.slug, c]));

export function classInfo(slug) {
  return bySlug[slug] ?? { slug, color: "#666666", texture: "solid" };
}

/** Plain-language class name, e.g. "No 4G coverage". */
export function classLabel(slug, tech) {
  return t(`class.${slug}`, { tech: fmt.tech(tech) });
}

export const fillId = slug => `dm-fill-${slug}`;
export const GAP_HATCH_ID = "dm-gap-hatch";

function el(name, attrs, ...children) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function pattern(c) {
  const p = el("pattern", { id: fillId(c.slug), patternUnits: "userSpaceOnUse", width: 8, height: 8 });
  p.append(el("rect", { width: 8, height: 8, fill: c.color }));
  if (c.texture === "stripes") {
    p.setAttribute("patternTransform", "rotate(45)");
    p.append(el("rect", { width: 3, height: 8, fill: "#ffffff", "fill-opacity": 0.7 }));
  } else if (c.texture === "dots") {
    p.append(el("circle", { cx: 4, cy: 4, r: 1.6, fill: "#1b1f24", "fill-opacity": 0.55 }));
  } else if (c.texture === "grid") {
    p.append(el("path", { d: "M0 0H8M0 0V8", stroke: "#ffffff", "stroke-opacity": 0.45, "stroke-width": 1.5, fill: "none" }));
  }
  return p;
}

function gapHatch() {
  const p = el("pattern", { id: GAP_HATCH_ID, patternUnits: "userSpaceOnUse", width: 7, height: 7, patternTransform: "rotate(-45)" });
  p.append(el("rect", { width: 7, height: 7, fill: "#ffffff", "fill-opacity": 0.15 }));
  p.append(el("line", { x1: 0, y1: 0, x2: 0, y2: 7, stroke: "#111111", "stroke-width": 2.2 }));
  return p;
}

/** Puts the pattern definitions in the page once (an invisible SVG; display:none would disable the patterns). */
export function installPatterns() {
  if (document.getElementById(GAP_HATCH_ID)) return;
  const defs = el("defs", {}, ...CLASSES.map(pattern), gapHatch());
  const svg = el("svg", { width: 0, height: 0, "aria-hidden": "true", focusable: "false", class: "dm-patterns" }, defs);
  document.body.prepend(svg);
}

/** A small decorative swatch filled like the map: the class, the gap hatch, or the selection outline. */
export function swatch(kind) {
  const fill = kind === "gap" ? `url(#${GAP_HATCH_ID})` : kind === "selected" ? "none" : `url(#${fillId(kind)})`;
  const stroke = kind === "gap" ? "#111111" : kind === "selected" ? "#111111" : "#333333";
  const width = kind === "selected" ? 3 : 1;
  const svg = el("svg", { class: "swatch", width: 22, height: 16, viewBox: "0 0 22 16", "aria-hidden": "true", focusable: "false" },
    el("rect", { x: 1.5, y: 1.5, width: 19, height: 13, fill, stroke, "stroke-width": width,
      ...(kind === "gap" ? { "stroke-dasharray": "3 2" } : {}) }));
  return svg;
}

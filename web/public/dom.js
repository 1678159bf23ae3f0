// A tiny element builder: text children become text nodes, so data from the API is never parsed as HTML.

/** h("p", {class: "x", hidden: true}, "text", child) */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.flat().filter(c => c != null && c !== false).map(c => (c instanceof Node ? c : String(c))));
  return node;
}

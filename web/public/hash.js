// The view in the address (#project=sample&run=3&base=1&settlement=11), so a planner can share or bookmark it.

const NUMBERS = ["run", "base", "settlement"];

/** The parsed hash; base is null when the hash asks for no comparison (base=), absent when it does not say. */
export function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const out = {};
  for (const [k, v] of params) {
    if (k === "project") out.project = v;
    else if (NUMBERS.includes(k)) out[k] = v === "" ? null : Number(v);
  }
  return out;
}

export function writeHash(view) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(view)) if (v != null) params.set(k, String(v));
  history.replaceState(null, "", `#${params}`);
}

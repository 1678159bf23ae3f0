// The HTTP API the map reads (DESIGN §8). Every call resolves to JSON or throws an ApiError with the problem's detail.

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json, application/geo+json" } });
  } catch (e) {
    throw new ApiError(0, e.message);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok && !(path === "/health" && body)) {
    throw new ApiError(response.status, body?.detail || body?.title || response.statusText, body?.code);
  }
  return body;
}

const enc = encodeURIComponent;

export const api = {
  /** 200 or 503, both with {status, database:{state, postgis, error}}. */
  health: () => getJson("/health"),
  projects: () => getJson("/api/projects"),
  runs: slug => getJson(`/api/projects/${enc(slug)}/runs`),
  profiles: () => getJson("/api/profiles"),
  /** One run: status queued | running | finished | failed, phase, progress 0..1 (runs are jobs). */
  run: runId => getJson(`/api/runs/${enc(runId)}`),
  /** Ranked rows with their explain objects. */
  results: runId => getJson(`/api/runs/${enc(runId)}/settlements`).then(r => r.settlements),
  /** Settlement boundaries with the result columns. */
  resultShapes: runId => getJson(`/api/runs/${enc(runId)}/settlements?f=geojson`),
  gaps: runId => getJson(`/api/runs/${enc(runId)}/gaps`),
  compare: (runId, baseId) => getJson(`/api/runs/${enc(runId)}/compare?base=${enc(baseId)}`),
};

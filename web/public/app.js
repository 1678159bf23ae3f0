// DivideMapper map app: picks a project and run, shows the gap map, the ranked table, the run's KPIs, the
// explanation of the selected settlement and the comparison with a baseline run. Plain ES modules, no build step.
import { t, fmt } from "./i18n.js";
import { api } from "./api.js";
import { installPatterns } from "./classes.js";
import { createGapMap } from "./map.js";
import { createTable } from "./table.js";
import { renderDetails } from "./details.js";
import { renderSummary, renderComparison } from "./summary.js";
import { renderDownloads } from "./downloads.js";
import { renderLegend, renderNotice, fillPicker, runLabel } from "./view.js";
import { readHash, writeHash } from "./hash.js";

const $ = id => document.getElementById(id);
const ui = {
  service: $("service-state"), status: $("status"), notice: $("notice"), summary: $("summary"), comparison: $("comparison"), downloads: $("downloads"),
  legend: $("legend-items"), details: $("details"), ranking: $("ranking"),
  progress: $("run-progress"), progressText: $("run-progress-text"), progressBar: $("run-progress-bar"),
  project: $("project"), run: $("run"), baseline: $("baseline"), gaps: $("toggle-gaps"), osm: $("toggle-osm"),
};

const state = {
  projects: [], project: null, finished: [], run: null, baseline: null, profiles: new Map(),
  rows: [], byId: new Map(), changes: null, selected: null, tech: "4G",
  // The privacy floor comes from the run (or its project, GET /api/projects/{slug}); the default lives in the server only.
  floor: null,
};
let loadToken = 0;
let watchToken = 0;
const WATCH_MS = 2000;

for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
$("map").setAttribute("aria-label", t("map.label"));
installPatterns();
renderLegend(ui.legend, state.tech);

const map = createGapMap($("map"), { onSelect: (id, from) => select(id, { zoom: false, from }) });
const table = createTable($("ranked"), { onSelect: id => select(id, { zoom: true, from: "table" }) });

ui.gaps.addEventListener("change", () => map.setGapsVisible(ui.gaps.checked));
ui.osm.addEventListener("change", () => map.setBasemap(ui.osm.checked));
ui.project.addEventListener("change", () => loadProject(ui.project.value, {}));
ui.run.addEventListener("change", () => loadRun(Number(ui.run.value), {}));
ui.baseline.addEventListener("change", () => loadComparison(ui.baseline.value ? Number(ui.baseline.value) : null));

function announce(text) {
  ui.status.textContent = text;
}

function showData(on) {
  ui.summary.hidden = ui.ranking.hidden = ui.details.hidden = ui.downloads.hidden = !on;
  if (!on) {
    ui.comparison.hidden = true;
    map.clear();
  }
  ui.notice.hidden = on;
}

function notice(kind, params) {
  renderNotice(ui.notice, kind, params);
  showData(false);
}

async function start() {
  const hash = readHash();
  let health;
  try {
    health = await api.health();
  } catch {
    ui.service.textContent = t("service.unreachable");
    notice("dbDown", { reason: t("service.unreachable") });
    return;
  }
  if (health?.database?.state !== "ok") {
    const reason = health?.database?.error || health?.database?.state || "unknown";
    ui.service.textContent = t("service.dbDown", { reason });
    notice("dbDown", { reason });
    return;
  }
  ui.service.textContent = t("service.ready", { postgis: health.database.postgis });

  try {
    const [projects, profiles] = await Promise.all([api.projects(), api.profiles().catch(() => [])]);
    state.projects = projects;
    state.profiles = new Map(profiles.map(p => [p.id, p]));
  } catch (e) {
    announce(t("status.failed", { reason: e.message }));
    return;
  }
  if (state.projects.length === 0) {
    notice("noProjects", {});
    return;
  }
  fillPicker(ui.project, state.projects.map(p => ({ value: p.slug, label: p.name === p.slug ? p.slug : `${p.name} (${p.slug})` })));
  ui.project.disabled = false;
  const slug = state.projects.some(p => p.slug === hash.project) ? hash.project : await firstProjectWithRun();
  await loadProject(slug, hash);
}

/** The first project (in listing order) that has a finished run; else the first project. */
async function firstProjectWithRun() {
  for (const p of state.projects.filter(p => p.runs > 0)) {
    const runs = await api.runs(p.slug).catch(() => []);
    if (runs.some(r => r.status === "finished")) return p.slug;
  }
  return state.projects[0].slug;
}

async function loadProject(slug, hash) {
  const token = ++loadToken;
  state.project = state.projects.find(p => p.slug === slug);
  ui.project.value = slug;
  map.showOverlays(slug, null); // project layers need no run; loadRun narrows the speed tests to the run's period
  let runs;
  try {
    runs = await api.runs(slug);
  } catch (e) {
    announce(t("status.failed", { reason: e.message }));
    return;
  }
  if (token !== loadToken) return;
  watchPending(slug, runs);
  // Latest finished first.
  state.finished = runs.filter(r => r.status === "finished")
    .sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? "") || b.id - a.id);
  if (state.finished.length === 0) {
    fillPicker(ui.run, [{ value: "", label: t("pick.noRuns") }]);
    fillPicker(ui.baseline, [{ value: "", label: t("pick.noBaseline") }]);
    ui.run.disabled = ui.baseline.disabled = true;
    notice("noRuns", { project: state.project.name, slug, datasets: state.project.datasets });
    writeHash({ project: slug });
    return;
  }
  fillPicker(ui.run, state.finished.map(r => ({ value: r.id, label: runLabel(r, state.profiles) })));
  ui.run.disabled = false;
  const runId = state.finished.some(r => r.id === hash.run) ? hash.run : state.finished[0].id;
  await loadRun(runId, hash);
}

/**
 * Runs are jobs: while the project has a queued or running run, show its progress (GET /api/runs/{id} every 2 s)
 * and, once it has ended, reload the project so a finished run appears in the picker.
 */
async function watchPending(slug, runs) {
  const token = ++watchToken;
  const pending = runs.filter(r => r.status === "queued" || r.status === "running").sort((a, b) => a.id - b.id)[0];
  ui.progress.hidden = !pending;
  if (!pending) return;
  for (;;) {
    let run;
    try {
      run = await api.run(pending.id);
    } catch {
      run = null; // a hiccup: try again on the next tick
    }
    if (token !== watchToken) return;
    if (run && (run.status === "finished" || run.status === "failed")) {
      ui.progress.hidden = true;
      const hash = readHash();
      await loadProject(slug, { ...hash, run: undefined });
      return;
    }
    if (run) {
      ui.progressBar.value = run.progress ?? 0;
      ui.progressText.textContent = run.status === "queued"
        ? t("progress.queued", { id: run.id })
        : t("progress.running", { id: run.id, phase: t(`progress.phase.${run.phase ?? "load"}`), percent: fmt.percent(run.progress ?? 0) });
    }
    await new Promise(resolve => setTimeout(resolve, WATCH_MS));
    if (token !== watchToken) return;
  }
}

async function loadRun(runId, hash) {
  const token = ++loadToken;
  const run = state.finished.find(r => r.id === runId);
  state.run = run;
  ui.run.value = runId;
  announce(t("status.loading", { id: runId }));

  const others = state.finished.filter(r => r.id !== runId);
  fillPicker(ui.baseline, [{ value: "", label: t("pick.noBaseline") }, ...others.map(r => ({ value: r.id, label: runLabel(r, state.profiles) }))]);
  ui.baseline.disabled = others.length === 0;
  // Default baseline: the finished run just before this one, so a second run shows its changes at once.
  const older = state.finished.slice(state.finished.indexOf(run) + 1)[0] ?? null;
  const baseId = "base" in hash ? (others.some(r => r.id === hash.base) ? hash.base : null) : older?.id ?? null;

  let rows, shapes, gaps;
  try {
    [rows, shapes, gaps] = await Promise.all([api.results(runId), api.resultShapes(runId), api.gaps(runId)]);
  } catch (e) {
    announce(t("status.failed", { reason: e.message }));
    return;
  }
  if (token !== loadToken) return;

  const profile = state.profiles.get(run.profileId);
  const summary = run.summary?.summary ?? {};
  state.tech = summary.divide?.targetTech ?? profile?.targetTech ?? "4G";
  state.floor = run.summary?.parameters?.privacyFloor ?? { minDevices: state.project.minDevices, minTests: state.project.minTests };
  state.rows = rows;
  state.byId = new Map(rows.map(r => [r.settlement_id, r]));

  showData(true);
  renderSummary(ui.summary, run, profile);
  renderDownloads(ui.downloads, runId);
  renderLegend(ui.legend, state.tech);
  map.show(shapes, gaps, state.tech);
  map.showOverlays(state.project.slug, run.period ?? null);
  await loadComparison(baseId, { quiet: true });
  if (token !== loadToken) return;

  const keep = state.byId.has(hash.settlement) ? hash.settlement : state.byId.has(state.selected) ? state.selected : null;
  state.selected = null;
  if (keep != null) select(keep, { zoom: true, from: "restore" });
  else renderDetails(ui.details, null, {});
  const worst = summary.classCounts?.no_coverage ?? rows.filter(r => r.gap_class === "no_coverage").length;
  announce(t("status.loaded", { id: runId, count: rows.length, worst, tech: fmt.tech(state.tech) }));
}

async function loadComparison(baseId, { quiet = false } = {}) {
  ui.baseline.value = baseId ?? "";
  state.baseline = state.finished.find(r => r.id === baseId) ?? null;
  let comparison = null;
  if (state.baseline) {
    try {
      comparison = await api.compare(state.run.id, baseId);
    } catch (e) {
      announce(t("status.failed", { reason: e.message }));
    }
  }
  state.changes = comparison ? new Map(comparison.settlements.map(d => [d.settlementId, d])) : null;
  renderComparison(ui.comparison, comparison, state.baseline);
  table.render(state.rows, { tech: state.tech, floor: state.floor, changes: state.changes });
  if (state.selected != null) {
    table.select(state.selected);
    showDetails(state.byId.get(state.selected));
  }
  if (comparison && !quiet) announce(t("status.compared", { id: baseId }));
  updateHash();
}

function showDetails(row) {
  renderDetails(ui.details, row, {
    tech: state.tech, floor: state.floor, delta: state.changes?.get(row?.settlement_id), baseRun: state.baseline,
    onZoom: () => map.select(row.settlement_id, { zoom: true }),
  });
}

function select(id, { zoom, from }) {
  const row = state.byId.get(id);
  if (!row) return;
  state.selected = id;
  table.select(id);
  map.select(id, { zoom });
  showDetails(row);
  // Bring the explanation into view inside the side panel only; the page itself never jumps.
  const side = ui.details.parentElement;
  if (side.scrollHeight > side.clientHeight && getComputedStyle(side).overflowY !== "visible") side.scrollTop = 0;
  if (from !== "restore") announce(t("status.selected", { name: row.name, rank: row.rank, cls: ui.details.querySelector(".class-line strong").textContent }));
  updateHash();
}

function updateHash() {
  writeHash({ project: state.project?.slug, run: state.run?.id, base: state.baseline?.id ?? "", settlement: state.selected });
}

start();

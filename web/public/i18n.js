// Every text the map shows, in one place, so translations can follow (add a dictionary, keep the keys).
// {name} placeholders are filled by t(); numbers are formatted with the page language by fmt.*.

const messages = {
  en: {
    "app.tagline": "Where informal settlements lack meaningful connectivity",
    "skip.table": "Skip to the ranked table",
    "pick.heading": "Choose what to show",
    "pick.project": "Project",
    "pick.run": "Analysis run",
    "pick.baseline": "Compare with",
    "pick.noBaseline": "No comparison",
    "pick.noRuns": "No finished runs",
    "run.option": "Run {id} · {profile} · {period} · {date}",
    "run.allPeriods": "all periods",

    "service.checking": "Checking the service…",
    "service.ready": "Service ready (PostGIS {postgis}).",
    "service.dbDown": "The database is not available: {reason}.",
    "service.unreachable": "The service is not reachable.",
    "status.loading": "Loading run {id}…",
    "status.loaded": "Showing run {id}: {count} settlements, {worst} without {tech} coverage.",
    "status.selected": "Selected {name}, rank {rank}: {cls}.",
    "status.compared": "Compared with run {id}.",
    "status.failed": "Could not load the data: {reason}.",

    "empty.dbDown.title": "The database is not available",
    "empty.dbDown.body": "The map cannot load data until the database answers. Start everything with ./run.sh, or see /health for the reason: {reason}.",
    "empty.noProjects.title": "No projects yet",
    "empty.noProjects.body": "Import settlement boundaries and connectivity evidence, then run an analysis:",
    "empty.noProjects.cmd": "./dm import settlements.geojson --project my-city --role settlements\n./dm import coverage.zip --project my-city --role coverage\n./dm analyze --project my-city",
    "empty.noProjects.sample": "./run.sh loads the sample city on first start.",
    "empty.noRuns.title": "No finished analysis for {project}",
    "empty.noRuns.body": "This project has {datasets} datasets but no finished run yet. Run an analysis:",
    "empty.noRuns.cmd": "./dm analyze --project {slug}",

    "summary.heading": "Run summary",
    "summary.profile": "Standard: {name}.",
    "summary.source": "Source",
    "summary.population4g": "{share} of people ({covered} of {total}) live where {tech} reaches.",
    "summary.gapPeople": "{people} people live in areas without {tech}.",
    "summary.coverageRatio": "Divide index: informal settlements have {ratio} of the {tech} coverage of formal ones (coverage ratio {value}).",
    "summary.speedRatio": "Informal settlements' median download is {ratio} of formal ones' (speed ratio {value}).",
    "summary.speedWithheld": "The informal/formal speed ratio is withheld (too few devices or tests).",
    "summary.tests": "{share} of speed tests reach {mbps} Mb/s.",
    "summary.testsWithheld": "The share of fast tests is withheld (too few devices or tests).",
    "summary.schools": "{ok} of {all} schools with a known speed reach {mbps} Mb/s.",
    "summary.classes": "Settlements by class",
    "summary.unknown": "not known",

    "compare.heading": "Change since the baseline",
    "compare.line": "Since run {id} ({period}): {improved} improved, {worsened} worsened, {evidence} with changed evidence, {unchanged} unchanged.",
    "compare.people": "People in gap areas: {before} → {after} ({delta}).",
    "compare.added": "{added} settlements are new and {removed} were dropped.",
    "compare.profilesDiffer": "The two runs use different standards, so classes are not like for like.",
    "change.improved": "Improved",
    "change.worsened": "Worsened",
    "change.evidence_changed": "Evidence changed",
    "change.unchanged": "No change",
    "change.added": "New in this run",
    "change.removed": "Not in this run",
    "change.was": "was {cls}",

    "legend.heading": "Legend",
    "legend.gap": "Gap area (no {tech} coverage)",
    "legend.selected": "Selected settlement",
    "layers.heading": "Map layers",
    "layers.gaps": "Gap areas",
    "layers.osm": "OpenStreetMap background (needs internet)",
    "osm.attribution": "© <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors",
    "map.label": "Gap map of the settlements. Use the ranked table to select a settlement by keyboard.",

    "class.no_coverage": "No {tech} coverage",
    "class.insufficient_evidence": "Not enough evidence",
    "class.covered_slow": "Covered but slow",
    "class.served": "Served",
    "class.no_coverage.hint": "{tech} covers less than the standard's minimum share of the settlement.",
    "class.insufficient_evidence.hint": "Covered, but too few or no speed measurements to judge.",
    "class.covered_slow.hint": "Covered, but the median speed misses the standard.",
    "class.served.hint": "Covered and fast enough by the standard.",

    "table.heading": "Settlements ranked by gap",
    "table.caption": "Worst gap first. Use the arrow keys to move between rows and Enter to select one.",
    "col.rank": "Rank",
    "col.name": "Settlement",
    "col.kind": "Kind",
    "col.class": "Class",
    "col.gapShare": "Gap share",
    "col.gapPeople": "People in gap",
    "col.down": "Median download",
    "col.change": "Change",
    "kind.informal": "informal",
    "kind.formal": "formal",
    "value.withheld": "withheld (fewer than {devices} devices or {tests} tests)",
    "value.noData": "no data",
    "value.mbps": "{value} Mb/s",
    "value.ms": "{value} ms",
    "value.m": "{value} m",

    "details.heading": "Selected settlement",
    "details.none": "Select a settlement in the table or on the map to see why it got its class.",
    "details.why": "Why this class",
    "details.rule": "Deciding rule: {rule}",
    "details.numbers": "Key numbers",
    "details.population": "Population",
    "details.covered": "Area with {tech}",
    "details.gapShare": "Gap share",
    "details.gapPeople": "People in gap",
    "details.down": "Median download",
    "details.up": "Median upload",
    "details.latency": "Median latency",
    "details.evidence": "Evidence",
    "details.evidenceValue": "{tests} tests from {devices} devices",
    "details.nearestSite": "Nearest cell site",
    "details.facilities": "Facilities (unconnected)",
    "details.facilitiesValue": "{all} ({unconnected})",
    "details.checks": "Checks against the standard",
    "details.noChecks": "No speed checks were needed for this class.",
    "details.checkLine": "{metric}: {median}; the standard needs {comparison} {threshold}: {outcome}",
    "details.change": "Since run {id}: {change}",
    "cmp.>=": "at least",
    "cmp.<=": "at most",
    "details.score": "Gap score {score} of 100",
    "details.scorePart": "{part}: {value} × weight {weight}",
    "details.zoom": "Zoom to settlement",
    "metric.down_mbps": "Download",
    "metric.up_mbps": "Upload",
    "metric.latency_ms": "Latency",
    "outcome.met": "met",
    "outcome.missed": "missed",
    "outcome.withheld": "withheld",
    "outcome.no_data": "no data",
    "score.gapShare": "Gap share",
    "score.people": "People affected",
    "score.speedShortfall": "Speed shortfall",
    "rule.coverage_below_minimum": "coverage below the standard's minimum",
    "rule.no_measurements": "no speed measurements",
    "rule.below_privacy_floor": "measurements withheld by the privacy floor",
    "rule.metric_missing": "a needed measurement is missing",
    "rule.threshold_missed": "a median misses the standard",
    "rule.thresholds_met": "every median meets the standard",
    "tech.fixed": "fixed broadband",
  },
};

const lang = document.documentElement.lang || "en";
const dict = messages[lang] ?? messages.en;

/** The text for key with {placeholders} filled; the key itself when missing (visible, never blank). */
export function t(key, params = {}) {
  const text = dict[key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** t(key) when the key exists, else the fallback (for codes from the API that may be new). */
export function tOr(key, fallback, params) {
  return key in dict || key in messages.en ? t(key, params) : fallback;
}

const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const ratioFormat = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
const signedFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0, signDisplay: "exceptZero" });
const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

export const fmt = {
  count: v => (v == null ? t("summary.unknown") : numberFormat.format(v)),
  decimal: v => (v == null ? t("summary.unknown") : decimalFormat.format(v)),
  ratio: v => (v == null ? t("summary.unknown") : ratioFormat.format(v)),
  percent: v => (v == null ? t("summary.unknown") : percentFormat.format(v)),
  signed: v => (v == null ? t("summary.unknown") : signedFormat.format(v)),
  date: iso => (iso ? dateFormat.format(new Date(iso)) : ""),
  /** The target technology as a word: "4G", or "fixed broadband". */
  tech: code => tOr(`tech.${code}`, code ?? "4G"),
};

// The selected settlement's explanation (DESIGN §5.6): the reason sentence, the checks, the score parts and the
// key numbers. Medians below the privacy floor are never shown (DESIGN §6).
import { t, tOr, fmt } from "./i18n.js";
import { classLabel, swatch } from "./classes.js";
import { medianText, changeText } from "./table.js";
import { h } from "./dom.js";

function checkLine(c, row, floor) {
  const unit = c.metric === "latency_ms" ? "value.ms" : "value.mbps";
  const median = row.suppressed || c.outcome === "withheld"
    ? t("value.withheld", { devices: floor.minDevices, tests: floor.minTests })
    : c.median == null ? t("value.noData") : t(unit, { value: fmt.decimal(c.median) });
  return h("li", { class: `check check-${c.outcome}` },
    t("details.checkLine", {
      metric: tOr(`metric.${c.metric}`, c.metric), median, comparison: tOr(`cmp.${c.comparison}`, c.comparison), threshold: t(unit, { value: fmt.decimal(c.threshold) }),
      outcome: tOr(`outcome.${c.outcome}`, c.outcome),
    }));
}

/** The deciding rule as a sentence in the page's language, from its code and values (DESIGN §5.6). */
export function reasonText(explain) {
  const v = explain.ruleValues ?? {};
  const params = {
    tech: fmt.tech(v.tech ?? explain.inputs?.targetTech),
    covered: fmt.percent(v.coveredShare),
    min: fmt.percent(v.minCoveredShare),
    network: tOr(`network.${v.network}`, v.network ?? ""),
    metrics: (v.metrics ?? []).map(m => tOr(`metric.${m}`, m)).join(", "),
  };
  // Without coverage data (coveredShare null) the sentence says so instead of quoting a share.
  const plain = tOr(`reason.${explain.rule}`, explain.reason ?? "", params);
  return v.coveredShare == null ? tOr(`reason.${explain.rule}.noCoverageData`, plain, params) : plain;
}

/** The inputs by id (coverage pieces, operators, nearest site, measurements), so a number can be traced. */
function inputsList(inputs, floor) {
  const items = [];
  const pieces = inputs.pieces ?? [];
  if (pieces.length) {
    items.push(h("li", {}, t("details.pieces", {
      list: pieces.map(p => t(`details.piece.${p.kind}`, { id: p.id, operator: p.operator ?? t("summary.unknown"), tech: fmt.tech(p.tech) })).join("; "),
    })));
  }
  const shares = Object.entries(inputs.operatorCoveredShares ?? {});
  if (shares.length) {
    items.push(h("li", {}, t("details.operators", {
      tech: fmt.tech(inputs.targetTech),
      list: shares.map(([op, share]) => `${op || t("summary.unknown")} ${fmt.percent(share)}`).join(", "),
    })));
  }
  if (inputs.nearestSiteId != null) items.push(h("li", {}, t("details.nearestSiteId", { id: inputs.nearestSiteId })));
  const network = tOr(`network.${inputs.network}`, inputs.network ?? "");
  if (inputs.measurementList == null) {
    items.push(h("li", {}, t("details.measurementsWithheld", { network, devices: floor.minDevices, tests: floor.minTests })));
  } else if (inputs.measurementList.length) {
    items.push(h("li", {}, t("details.measurements", {
      network, period: inputs.period ?? t("run.allPeriods"),
      list: inputs.measurementList.map(m => `${m.quadkey ?? "#" + m.id} (${fmt.percent(m.share)})`).join(", "),
    })));
  } else {
    items.push(h("li", {}, t("details.noMeasurements", { network, period: inputs.period ?? t("run.allPeriods") })));
  }
  return h("ul", { class: "inputs" }, ...items);
}

function scoreList(score) {
  const w = score.weights ?? {};
  return h("ul", { class: "score-parts" }, ...["gapShare", "people", "speedShortfall"].filter(k => score[k] != null).map(k =>
    h("li", {}, t("details.scorePart", { part: t(`score.${k}`), value: fmt.ratio(score[k]), weight: fmt.ratio(w[k]) }))));
}

function numbers(row, tech, floor) {
  const covered = row[`covered_share_${String(tech).toLowerCase()}`] ?? row.explain?.inputs?.coveredShareAtTarget;
  const pairs = [
    [t("details.population"), fmt.count(row.population)],
    [t("details.covered", { tech: fmt.tech(tech) }), fmt.percent(covered)],
    [t("details.gapShare"), fmt.percent(row.gap_share)],
    [t("details.gapPeople"), fmt.count(row.gap_population)],
    [t("details.down"), medianText(row, "median_down_mbps", "value.mbps", floor)],
    [t("details.up"), medianText(row, "median_up_mbps", "value.mbps", floor)],
    [t("details.latency"), medianText(row, "median_latency_ms", "value.ms", floor)],
    // Test and device counts are only shown above the floor, like the medians they make up.
    [t("details.evidence"), row.suppressed ? t("value.withheld", { devices: floor.minDevices, tests: floor.minTests })
      : t("details.evidenceValue", { tests: fmt.count(row.tests), devices: fmt.count(row.devices) })],
    [t("details.nearestSite"), row.nearest_site_m == null ? t("value.noData") : t("value.m", { value: fmt.count(row.nearest_site_m) })],
    [t("details.facilities"), t("details.facilitiesValue", { all: fmt.count(row.facilities), unconnected: fmt.count(row.facilities_unconnected) })],
  ];
  return h("dl", { class: "numbers" }, ...pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

/** Shows one result row (with explain), or the hint when row is null. */
export function renderDetails(container, row, { tech, floor, delta, baseRun, onZoom }) {
  const heading = h("h2", { id: "details-heading" }, t("details.heading"));
  if (!row) {
    container.replaceChildren(heading, h("p", { class: "hint" }, t("details.none")));
    return;
  }
  const explain = row.explain ?? {};
  const checks = explain.checks ?? [];
  const parts = [
    heading,
    h("h3", { class: "settlement-name" }, row.name),
    h("p", { class: "class-line", "data-class": row.gap_class }, swatch(row.gap_class),
      h("strong", {}, classLabel(row.gap_class, tech)), ` · ${t("col.rank")} ${row.rank} · ${tOr(`kind.${row.kind}`, row.kind ?? "")}`),
  ];
  if (delta) parts.push(h("p", { class: "change-line" }, t("details.change", { id: baseRun?.id ?? "", change: changeText(delta, tech) })));
  parts.push(
    h("h4", {}, t("details.why")),
    h("p", { class: "reason", "data-rule": explain.rule ?? "" }, explain.rule ? reasonText(explain) : (explain.reason ?? "")),
    explain.rule ? h("p", { class: "rule" }, t("details.rule", { rule: tOr(`rule.${explain.rule}`, explain.rule) })) : null,
    h("h4", {}, t("details.checks")),
    checks.length ? h("ul", { class: "checks" }, ...checks.map(c => checkLine(c, row, floor))) : h("p", {}, t("details.noChecks")),
  );
  if (explain.inputs) parts.push(h("h4", {}, t("details.inputs")), inputsList(explain.inputs, floor));
  if (row.population == null) parts.push(h("p", { class: "warning no-population" }, t("details.noPopulation")));
  if (explain.score) parts.push(h("h4", {}, t("details.score", { score: fmt.decimal(explain.score.score ?? row.gap_score) })), scoreList(explain.score));
  parts.push(h("h4", {}, t("details.numbers")), numbers(row, tech, floor),
    h("button", { type: "button", class: "zoom", onclick: onZoom }, t("details.zoom")));
  container.replaceChildren(...parts.filter(Boolean));
}

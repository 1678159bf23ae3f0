// The run's KPIs in plain sentences (DESIGN §5.7), the class counts, and the comparison summary line.
import { t, tOr, fmt } from "./i18n.js";
import { CLASSES, classLabel, swatch } from "./classes.js";
import { h } from "./dom.js";

/** Fills the summary section for a run (its stored summary document) and its profile (may be unknown). */
export function renderSummary(container, run, profile) {
  const doc = run.summary ?? {};
  const s = doc.summary ?? {};
  const p = doc.parameters ?? {};
  const d = s.divide ?? {};
  const tech = fmt.tech(d.targetTech ?? profile?.targetTech);
  const lines = [];

  if (s.population != null && s.populationCovered4G != null) {
    lines.push(t("summary.population4g", {
      share: fmt.percent(s.populationCovered4GShare), covered: fmt.count(s.populationCovered4G), total: fmt.count(s.population), tech: "4G",
    }));
  }
  if (s.gapPopulation != null) lines.push(t("summary.gapPeople", { people: fmt.count(s.gapPopulation), tech }));
  if (s.network) lines.push(t("summary.evidence", { network: t(`network.${s.network}`), period: s.period ?? t("run.allPeriods") }));
  if (s.hasCoverageData === false) lines.push(t("summary.noCoverageData"));
  if (s.settlementsWithoutPopulation > 0) lines.push(t("summary.noPopulation", { count: fmt.count(s.settlementsWithoutPopulation) }));
  if (d.notComputable) lines.push(t(`summary.divideNotComputable.${d.notComputable}`));
  else if (d.coverageRatio != null) {
    lines.push(t("summary.coverageRatio", { ratio: fmt.percent(d.coverageRatio), value: fmt.ratio(d.coverageRatio), tech }));
  }
  if (d.informalSpeedSuppressed || d.formalSpeedSuppressed) lines.push(t("summary.speedWithheld"));
  else if (d.speedRatio != null) lines.push(t("summary.speedRatio", { ratio: fmt.percent(d.speedRatio), value: fmt.ratio(d.speedRatio) }));
  if (s.testsSuppressed) lines.push(t("summary.testsWithheld"));
  else if (s.testsAtLeastKpiSpeedShare != null) {
    lines.push(t("summary.tests", { share: fmt.percent(s.testsAtLeastKpiSpeedShare), mbps: fmt.decimal(p.testKpiMbps ?? 10) }));
  }
  if (s.schoolsWithKnownSpeed > 0) {
    lines.push(t("summary.schools", { ok: fmt.count(s.schoolsAtLeastKpiSpeed), all: fmt.count(s.schoolsWithKnownSpeed), mbps: fmt.decimal(p.schoolKpiMbps ?? 20) }));
  }

  const standard = h("p", { class: "standard" }, t("summary.profile", { name: profile?.name ?? run.profileId }));
  if (profile?.source?.url) {
    standard.append(" ", h("a", { href: profile.source.url, title: profile.source.citation ?? "" }, t("summary.source")));
  }

  const counts = s.classCounts ?? {};
  container.replaceChildren(
    h("h2", { id: "summary-heading" }, t("summary.heading")),
    standard,
    h("ul", { class: "kpis" }, ...lines.map(line => h("li", {}, line))),
    h("h3", {}, t("summary.classes")),
    h("ul", { class: "class-counts" }, ...CLASSES.map(c =>
      h("li", { "data-class": c.slug }, swatch(c.slug), h("span", {}, classLabel(c.slug, d.targetTech ?? profile?.targetTech)),
        h("strong", {}, fmt.count(counts[c.slug] ?? 0))))),
  );
}

/** The comparison's summary (or nothing when there is no baseline). */
export function renderComparison(container, comparison, baseRun) {
  if (!comparison) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  const s = comparison.summary;
  const unchanged = s.matched - s.improved - s.worsened - s.evidenceChanged;
  const parts = [
    h("h2", { id: "compare-heading" }, t("compare.heading")),
    h("p", { class: "compare-line" }, t("compare.line", {
      id: baseRun.id, period: baseRun.period ?? t("run.allPeriods"),
      improved: fmt.count(s.improved), worsened: fmt.count(s.worsened), evidence: fmt.count(s.evidenceChanged), unchanged: fmt.count(unchanged),
    })),
    h("p", {}, t("compare.people", {
      before: fmt.count(s.baselineGapPopulation), after: fmt.count(s.currentGapPopulation), delta: fmt.signed(s.gapPopulationDelta),
    })),
  ];
  if (s.added || s.removed) parts.push(h("p", {}, t("compare.added", { added: s.added, removed: s.removed })));
  const caveats = s.caveats ?? (s.profilesDiffer ? ["profiles-differ"] : []);
  for (const c of caveats) parts.push(h("p", { class: "warning" }, tOr(`compare.caveat.${c}`, c)));
  container.replaceChildren(...parts);
  container.hidden = false;
}

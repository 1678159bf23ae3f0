// Small pieces of the page that are not the map, the table or the details: legend, notices, pickers.
import { t, fmt } from "./i18n.js";
import { CLASSES, classLabel, swatch } from "./classes.js";
import { h } from "./dom.js";

export function renderLegend(list, tech) {
  list.replaceChildren(
    ...CLASSES.map(c => h("li", { "data-class": c.slug }, swatch(c.slug),
      h("span", {}, h("strong", {}, classLabel(c.slug, tech)), h("span", { class: "hint" }, t(`class.${c.slug}.hint`, { tech: fmt.tech(tech) }))))),
    h("li", { "data-layer": "gap" }, swatch("gap"), h("span", {}, t("legend.gap", { tech: fmt.tech(tech) }))),
    h("li", { "data-layer": "selected" }, swatch("selected"), h("span", {}, t("legend.selected"))),
  );
}

/** An empty state: what is missing and the command that fixes it. */
export function renderNotice(section, kind, params) {
  const parts = [h("h2", { id: "notice-heading" }, t(`empty.${kind}.title`, params)), h("p", {}, t(`empty.${kind}.body`, params))];
  const cmd = `empty.${kind}.cmd`;
  if (t(cmd) !== cmd) parts.push(h("pre", {}, h("code", {}, t(cmd, params))));
  if (kind === "noProjects") parts.push(h("p", {}, t("empty.noProjects.sample")));
  section.replaceChildren(...parts);
  section.hidden = false;
}

export function fillPicker(select, options) {
  select.replaceChildren(...options.map(o => h("option", { value: o.value }, o.label)));
}

/** "Run 3 · itu-umc-2030 · 2024Q3 · 23 Nov 2026" */
export function runLabel(run, profiles) {
  return t("run.option", {
    id: run.id, profile: profiles.get(run.profileId)?.id ?? run.profileId, period: run.period ?? t("run.allPeriods"),
    date: fmt.date(run.finishedAt ?? run.startedAt),
  });
}

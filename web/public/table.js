// The ranked table: one tab stop (roving tabindex on rows), arrows/Home/End/PageUp/PageDown move, Enter or
// Space selects. The selected row carries aria-current; its class is written out, not only coloured.
import { t, tOr, fmt } from "./i18n.js";
import { classLabel, swatch } from "./classes.js";
import { h } from "./dom.js";

const CHANGE_MARK = { improved: "▲", worsened: "▼", evidence_changed: "◆", unchanged: "", added: "+", removed: "−" };

/** "12.3 Mb/s", "withheld (fewer than 10 devices or 20 tests)", or "no data". Suppressed values are never shown. */
export function medianText(row, key, unitKey, floor) {
  if (row.suppressed) return t("value.withheld", { devices: floor.minDevices, tests: floor.minTests });
  const v = row[key];
  return v == null ? t("value.noData") : t(unitKey, { value: fmt.decimal(v) });
}

export function changeText(delta, tech) {
  if (!delta) return "";
  if (delta.status === "added" || delta.status === "removed") return t(`change.${delta.status}`);
  const text = t(`change.${delta.classChange}`);
  return delta.classChange === "unchanged" ? text : `${text} (${t("change.was", { cls: classLabel(delta.baselineClass, tech) })})`;
}

/** Scrolls the table's own box to show the row, never the page (a click on the map must not jump the page). */
function scrollWithin(row) {
  const box = row.closest(".table-scroll");
  if (!box) return;
  const head = row.closest("table").tHead?.offsetHeight ?? 0;
  const b = box.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  if (r.top < b.top + head) box.scrollTop -= b.top + head - r.top;
  else if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom;
}

export function createTable(table, { onSelect }) {
  let rows = [];
  let active = 0;

  function focusRow(i, { focus = true } = {}) {
    if (rows.length === 0) return;
    active = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.setAttribute("tabindex", j === active ? "0" : "-1"));
    if (focus) rows[active].focus();
    else scrollWithin(rows[active]);
  }

  table.addEventListener("keydown", e => {
    const i = rows.indexOf(e.target);
    if (i < 0) return;
    const page = 10;
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + page, PageUp: i - page };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(Number(e.target.dataset.settlementId), "table");
    }
  });
  table.addEventListener("click", e => {
    const row = e.target.closest("tr[data-settlement-id]");
    if (!row) return;
    focusRow(rows.indexOf(row), { focus: true });
    onSelect(Number(row.dataset.settlementId), "table");
  });

  return {
    /** results: ranked rows; changes: Map settlementId → delta (or null without a baseline). */
    render(results, { tech, floor, changes }) {
      const withChange = Boolean(changes);
      table.tHead.replaceChildren(h("tr", {},
        ...["rank", "name", "kind", "class", "gapShare", "gapPeople", "down"].map(k => h("th", { scope: "col", class: `col-${k}` }, t(`col.${k}`))),
        withChange ? h("th", { scope: "col", class: "col-change" }, t("col.change")) : null));
      rows = results.map(r => {
        const delta = changes?.get(r.settlement_id);
        const change = delta ? (delta.status === "matched" ? delta.classChange : delta.status) : null;
        return h("tr", { "data-settlement-id": r.settlement_id, "data-class": r.gap_class, "data-rank": r.rank, tabindex: "-1" },
          h("td", { class: "num" }, r.rank),
          h("th", { scope: "row" }, r.name),
          h("td", {}, tOr(`kind.${r.kind}`, r.kind ?? "")),
          h("td", { class: "class-cell" }, swatch(r.gap_class), h("span", {}, classLabel(r.gap_class, tech))),
          h("td", { class: "num" }, fmt.percent(r.gap_share)),
          h("td", { class: "num" }, fmt.count(r.gap_population)),
          h("td", { class: r.suppressed ? "withheld" : "num" }, medianText(r, "median_down_mbps", "value.mbps", floor)),
          withChange ? h("td", { class: `change change-${change ?? "none"}` },
            CHANGE_MARK[change] ? h("span", { "aria-hidden": "true" }, CHANGE_MARK[change] + " ") : null, changeText(delta, tech)) : null);
      });
      table.tBodies[0].replaceChildren(...rows);
      focusRow(0, { focus: false });
    },

    /** Marks the row selected and moves the tab stop to it. */
    select(id) {
      rows.forEach(r => r.removeAttribute("aria-current"));
      const i = rows.findIndex(r => Number(r.dataset.settlementId) === id);
      if (i < 0) return;
      rows[i].setAttribute("aria-current", "true");
      focusRow(i, { focus: false });
    },
  };
}

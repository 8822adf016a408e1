// The sites page: each site's last run in a table, and its daily new / changed / unchanged /
// failed articles as stacked bars (inline SVG), one small chart per site on the same scale of
// days, so that a site whose yield collapsed stands out.

import { getJson } from "./api.js";
import { el, svg } from "./dom.js";
import { day, num, settings, t } from "./i18n.js";

const SERIES = [["new", "sites.new"], ["changed", "sites.changed"], ["unchanged", "sites.unchanged"],
                ["failures", "sites.failures"]];
const WIDTH = 420;
const HEIGHT = 170;
const PAD = { top: 16, bottom: 30, side: 34 };

function yieldOf(point) {
  return (point.new || 0) + (point.changed || 0) + (point.unchanged || 0);
}

/** A site collapsed when its last day's yield is under half its best earlier day's. */
export function collapsed(daily) {
  if (daily.length < 2) return false;
  const best = Math.max(...daily.slice(0, -1).map(yieldOf));
  return best > 0 && yieldOf(daily[daily.length - 1]) < best / 2;
}

function chart(site, days) {
  const byDay = Object.fromEntries(site.daily.map((d) => [d.day, d]));
  const totals = days.map((d) => (byDay[d] ? yieldOf(byDay[d]) + (byDay[d].failures || 0) : 0));
  const top = Math.max(1, ...totals);
  const plotWidth = WIDTH - 2 * PAD.side;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const bar = Math.max(4, Math.min(48, slot * 0.6));
  const rtl = settings.lang === "ar";  // time runs in the reading direction
  const x = (i) => PAD.side + (rtl ? days.length - 1 - i : i) * slot + (slot - bar) / 2;
  const y = (value) => PAD.top + plotHeight - (value / top) * plotHeight;
  // Coordinates and anchors are laid out left to right whatever the page's direction (set on
  // the SVG itself); the order of the days is what follows the reading direction.
  const graph = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", role: "img", direction: "ltr",
                             "aria-label": `${site.site}: ${t("sites.chart")}` });
  graph.append(svg("line", { x1: PAD.side, x2: WIDTH - PAD.side, y1: y(0), y2: y(0), class: "axis" }));
  graph.append(svg("line", { x1: PAD.side, x2: WIDTH - PAD.side, y1: y(top), y2: y(top), class: "grid" }));
  graph.append(svg("text", { x: rtl ? WIDTH - PAD.side + 4 : PAD.side - 4, y: y(top) + 5, class: "tick",
                             "text-anchor": rtl ? "start" : "end", text: num(top) }));
  days.forEach((d, i) => {
    const point = byDay[d];
    let base = 0;
    for (const [name, label] of SERIES) {
      const value = point ? point[name] || 0 : 0;
      if (!value) continue;
      graph.append(svg("rect", { x: x(i), width: bar, y: y(base + value), height: y(base) - y(base + value),
                                 class: `bar s-${name}`, dataset: { day: d, series: name } },
        svg("title", { text: `${day(d)} · ${t(label)}: ${num(value)}` })));
      base += value;
    }
    if (days.length <= 14 || i % Math.ceil(days.length / 14) === 0) {
      graph.append(svg("text", { x: x(i) + bar / 2, y: HEIGHT - 8, class: "tick", "text-anchor": "middle",
                                 text: day(d.slice(5)) }));
    }
  });
  return graph;
}

function legend() {
  return el("ul", { class: "legend" }, SERIES.map(([name, label]) =>
    el("li", {}, el("span", { class: `swatch s-${name}` }), t(label))));
}

function table(sites) {
  const head = ["sites.site", "sites.articles", "sites.captures", "sites.lastRun", "sites.status", "sites.new",
                "sites.changed", "sites.unchanged", "sites.failures"];
  return el("table", { class: "sites", id: "sites-table" },
    el("thead", {}, el("tr", {}, head.map((key, i) => el("th", { scope: "col", class: i === 0 || i === 3 || i === 4 ? null : "n",
                                                                  text: t(key) })))),
    el("tbody", {}, sites.map((site) => {
      const run = site.last_run || {};
      const figure = (name) => el("td", { class: "n", text: run[name] === undefined ? "—" : num(run[name]) });
      const warn = collapsed(site.daily);
      return el("tr", { class: warn ? "collapsed" : null, dataset: { site: site.site } },
        el("th", { scope: "row", dir: "ltr", text: site.site }),
        el("td", { class: "n", text: num(site.articles) }), el("td", { class: "n", text: num(site.captures) }),
        el("td", { text: run.day ? day(run.day) : "—" }),
        el("td", {}, run.status ? t(`status.${run.status}`, {}, run.status) : "—", warn ? el("span", { class: "badge", text: ` ⚠ ${t("sites.collapsed")}` }) : null),
        figure("new"), figure("changed"), figure("unchanged"), figure("failures"));
    })));
}

export async function renderSites(view, _params, { stale }) {
  const { sites } = await getJson("/api/sites");
  if (stale()) return;
  view.append(el("h1", { text: t("sites.heading") }));
  if (!sites.length) {
    view.append(el("p", { class: "muted", text: t("sites.none") }));
    return;
  }
  const days = [...new Set(sites.flatMap((s) => s.daily.map((d) => d.day)))].sort();
  view.append(table(sites), el("h2", { text: t("sites.chart") }), legend(),
    el("div", { class: "charts" }, sites.map((site) => el("figure", { class: collapsed(site.daily) ? "collapsed" : null },
      el("figcaption", { dir: "ltr", text: site.site }), chart(site, days)))));
}

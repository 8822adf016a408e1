// The changes page: the archive's last day of edits and removals (the newest day with a change,
// never the browser's clock), filterable by site, each edit with its inline diff and each
// removal with a link to the last version before it in replay. #/changes?site=…&day=…

import { getJson } from "./api.js";
import { renderDiff } from "./article.js";
import { el } from "./dom.js";
import { day, num, t, when } from "./i18n.js";
import { articleLink } from "./search.js";

function filters(sites, params, go) {
  const site = el("select", { id: "changes-site", "aria-label": t("changes.site") },
    el("option", { value: "", text: t("changes.allSites") }),
    sites.map((s) => el("option", { value: s.site, text: s.site, selected: s.site === params.get("site") ? "" : null })));
  site.addEventListener("change", () => go("changes", { site: site.value, day: params.get("day") }));
  return el("p", { class: "changes-filters" }, el("label", {}, t("changes.site"), " ", site));
}

async function entry(change) {
  const item = el("li", { class: `change-entry kind-${change.kind}`, dataset: { kind: change.kind, url: change.url } },
    el("span", { class: `badge kind-${change.kind}`, text: t(`changes.${change.kind}`) }), " ",
    el("a", { href: articleLink(change.canonical_url, change.at), dir: "auto", text: change.title || change.url }), " ",
    el("span", { class: "site", dir: "ltr", text: change.site }), " ",
    el("time", { datetime: change.at, text: when(change.at) }));
  if (change.kind === "edited") {
    if (change.words_added !== null) {
      item.append(el("p", { class: "muted", text: t("changes.words", { added: num(change.words_added),
                                                                       removed: num(change.words_removed) }) }));
    }
    const box = el("div", { class: "diff", dataset: { mode: "inline" } });
    item.append(box);
    try {
      renderDiff(box, await getJson("/api/diff", { url: change.canonical_url, from: change.previous_at, to: change.at }), false);
    } catch (error) {
      box.append(el("p", { class: "muted", text: `${t("error")}: ${error.message}` }));
    }
  } else if (change.replay_before) {
    item.append(el("p", {}, t("changes.removedNote", { status: change.status ?? "?" }), " ",
      el("a", { class: "replay-before", href: change.replay_before, target: "_blank", rel: "noopener noreferrer",
                text: t("changes.lastVersion", { date: when(change.previous_at) }) })));
  }
  return item;
}

export async function renderChanges(view, params, { go, stale }) {
  const [{ sites }, all] = await Promise.all([getJson("/api/sites"),
    getJson("/api/changes", { site: params.get("site"), limit: 1000 })]);
  if (stale()) return;
  const shown = all.changes.filter((c) => c.kind !== "new");
  const last = params.get("day") || (shown.length ? shown[shown.length - 1].at.slice(0, 10) : null);
  const today = shown.filter((c) => c.at.slice(0, 10) === last).reverse();
  view.append(el("h1", { text: t("changes.heading") }), filters(sites, params, go));
  if (!today.length) {
    view.append(el("p", { class: "muted", text: t("changes.none") }));
    return;
  }
  view.append(el("h2", { text: t("changes.day", { day: day(last), n: num(today.length) }) }),
    el("ul", { class: "changes", id: "changes-list" }, await Promise.all(today.map(entry))));
}

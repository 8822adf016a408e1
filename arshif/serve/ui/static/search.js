// The search page: query, site and date filters; ranked results with their highlighted snippets,
// one per story (the API's grouped form: versions and copies counted, the copies listed).

import { getJson } from "./api.js";
import { el, marked, readableUrl } from "./dom.js";
import { num, t, when } from "./i18n.js";

const PAGE = 50;

let sitesCache = null;

async function siteNames() {
  if (!sitesCache) sitesCache = getJson("/api/sites").then((body) => body.sites.map((s) => s.site));
  try {
    return await sitesCache;
  } catch {
    sitesCache = null;
    return [];
  }
}

export function articleLink(url, at) {
  const query = new URLSearchParams({ url });
  if (at) query.set("at", at);
  return `#/article?${query}`;
}

function form(params, sites, go) {
  const q = el("input", { type: "search", name: "q", id: "q", dir: "auto", required: true, maxlength: 1000,
                          placeholder: t("search.placeholder"), "aria-label": t("search.heading") });
  q.value = params.get("q") || "";
  const site = el("select", { name: "site", id: "site" },
                  el("option", { value: "", text: t("search.allSites") }),
                  sites.map((name) => el("option", { value: name, text: name, dir: "ltr" })));
  site.value = params.get("site") || "";
  const from = el("input", { type: "date", name: "from", id: "from", dir: "ltr" });
  from.value = params.get("from") || "";
  const to = el("input", { type: "date", name: "to", id: "to", dir: "ltr" });
  to.value = params.get("to") || "";
  const submit = (event) => {
    event.preventDefault();
    go("search", { q: q.value.trim(), site: site.value, from: from.value, to: to.value });
  };
  return el("form", { class: "search", role: "search", on: { submit } },
    el("div", { class: "query" }, q, el("button", { type: "submit", text: t("search.button") })),
    el("div", { class: "filters" },
      el("label", {}, t("search.site"), " ", site),
      el("label", {}, t("search.from"), " ", from),
      el("label", {}, t("search.to"), " ", to)));
}

/** "N versions · M copies on K sites": the versions link to the article (its history), the
 *  copies open into the story's other articles (its cluster), so that no copy is hidden. */
function story(hit) {
  if (!(hit.versions > 1 || hit.copies > 1)) return null;
  const count = (n, one, many) => t(n === 1 ? one : many, { n });
  const versions = el("a", { class: "versions", href: articleLink(hit.url),
                             text: count(hit.versions, "search.versionsOne", "search.versions") });
  const copies = el("details", { class: "copies" },
    el("summary", {}, count(hit.copies, "search.copiesOne", "search.copies"), " ",
       count(hit.sites, "search.sitesOne", "search.sites")),
    el("ul", { class: "members" }, (hit.members || []).map((member) => el("li", {},
      el("span", { class: "site", dir: "ltr", text: member.site }), " ",
      el("a", { href: articleLink(member.url), dir: "ltr", text: readableUrl(member.url) }),
      member.record_id ? null : el("span", { class: "muted", text: ` (${t("search.notMatched")})` })))));
  return el("div", { class: "story" }, versions, " · ", copies);
}

function result(hit) {
  return el("li", { class: "result" },
    el("a", { class: "title", href: articleLink(hit.url, hit.captured_at), dir: "auto" },
       marked(hit.title || hit.url, hit.title_highlights)),
    el("div", { class: "meta" },
      el("span", { class: "site", dir: "ltr", text: hit.site }),
      el("time", { datetime: hit.captured_at, text: when(hit.captured_at) }),
      hit.version ? el("span", { class: "version", text: t("search.version", { n: hit.version }) }) : null),
    el("p", { class: "snippet", dir: "auto" }, marked(hit.snippet, hit.highlights)),
    el("div", { class: "url", dir: "ltr", text: readableUrl(hit.url) }),
    story(hit));
}

export async function renderSearch(view, params, { go, stale }) {
  const sites = await siteNames();
  if (stale()) return;
  view.append(el("h1", { text: t("search.heading") }), form(params, sites, go));
  const q = (params.get("q") || "").trim();
  if (!q) {
    view.append(el("p", { class: "muted", text: t("search.hint") }));
    return;
  }
  const status = el("p", { class: "muted", text: t("loading") });
  view.append(status);
  // A date typed in the form is a day: "to" includes the whole of it.
  const to = params.get("to");
  const offset = Math.max(0, Math.min(2000, Number.parseInt(params.get("offset") || "0", 10) || 0));
  const body = await getJson("/api/search", { q, site: params.get("site"), from: params.get("from"),
                                              to: to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59Z` : to,
                                              limit: PAGE, offset });
  if (stale()) return;
  const count = body.results.length;
  status.textContent = count ? t("search.count", { n: count }) + (offset ? ` (${t("search.from")} ${num(offset + 1)})` : "")
                             : t("search.none");
  status.classList.toggle("muted", !count);
  status.id = "result-count";
  view.append(el("ol", { class: "results", id: "results", start: offset + 1 }, body.results.map(result)));
  const page = (start) => {
    const query = new URLSearchParams(params);
    query.set("offset", String(start));
    return `#/search?${query}`;
  };
  const pages = el("nav", { class: "pages" },
    offset > 0 ? el("a", { href: page(Math.max(0, offset - PAGE)), rel: "prev", text: t("search.previous") }) : null,
    count === PAGE && offset + PAGE <= 2000 ? el("a", { href: page(offset + PAGE), rel: "next", text: t("search.next") }) : null);
  if (pages.childElementCount) view.append(pages);
}


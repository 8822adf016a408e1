// The article page: every capture on a timeline, the text as it was at the chosen one, a diff
// between any two captures (inline or side by side), the story's other articles, and the page
// itself replayed in a sandboxed frame from the replay origin.

import { ApiError, getJson } from "./api.js";
import { clear, el, readableUrl } from "./dom.js";
import { day, num, settings, t, when } from "./i18n.js";
import { articleLink } from "./search.js";

/** What a capture was, for the timeline: new, changed, unchanged, revisit or removed. */
export function kindOf(capture) {
  if (capture.kind === "removed") return "removed";
  if (capture.kind === "revisit" || capture.status === 304) return "revisit";
  if (capture.change === "changed") return "changed";
  if (capture.change === "unchanged" || capture.kind === "unchanged") return "unchanged";
  return "new";
}

function withdrawn(view, error) {
  const takedown = error.takedown || {};
  view.append(el("p", { class: "error", role: "alert",
                        text: t("article.withdrawn", { id: takedown.id || "?", date: when(takedown.decided_at) }) }));
}

function timeline(captures, onPick) {
  return el("ol", { class: "timeline", id: "timeline" }, captures.map((capture, index) => {
    const kind = kindOf(capture);
    return el("li", {},
      el("button", { type: "button", class: `capture kind-${kind}`, "aria-pressed": "false",
                     dataset: { index: String(index), kind }, title: capture.url,
                     on: { click: () => onPick(index) } },
        el("time", { datetime: capture.timestamp, text: when(capture.timestamp) }),
        el("span", { class: "kind", text: t(`kind.${kind}`) }),
        capture.version ? el("span", { class: "version", text: `v${num(capture.version)}` }) : null));
  }));
}

function paragraphs(text) {
  return (text || "").split(/\n+/).map((line) => line.trim()).filter(Boolean)
    .map((line) => el("p", { dir: "auto", text: line }));
}

async function showText(box, url, capture) {
  clear(box).append(el("p", { class: "muted", text: t("loading") }));
  const detail = await getJson("/api/capture", { url, at: capture.timestamp });
  const article = detail.article || {};
  const meta = el("dl", { class: "article-meta" });
  if (article.date) meta.append(el("dt", { text: t("article.published") }), el("dd", { text: day(article.date) }));
  if (article.author) meta.append(el("dt", { text: t("article.author") }), el("dd", { dir: "auto", text: article.author }));
  const body = paragraphs(article.text);
  clear(box).append(...[
    el("h3", { text: t("article.text", { date: when(capture.timestamp) }) }),
    detail.note ? el("p", { class: "note", dir: "auto", text: detail.note }) : null,
    article.title ? el("h2", { class: "article-title", dir: "auto", text: article.title }) : null,
    meta,
    body.length ? el("div", { class: "article-text", id: "article-text", dir: "auto" }, body)
                : el("p", { class: "muted", text: t("article.noText") })].filter(Boolean));
}

function piecesOf(pieces, keep) {
  const out = [];
  for (const piece of pieces) {
    if (!keep.includes(piece.op)) continue;
    if (out.length) out.push(" ");
    const tag = piece.op === "insert" ? "ins" : piece.op === "delete" ? "del" : null;
    out.push(tag ? el(tag, { text: piece.text }) : piece.text);
  }
  return out;
}

function diffBlock(change, side) {
  const label = t("article.paragraph", { n: (change.new_index ?? change.old_index ?? 0) + 1 });
  const whole = (op) => change.pieces.map((p) => ({ ...p, op }));
  const pieces = change.op === "added" ? whole("insert") : change.op === "removed" ? whole("delete") : change.pieces;
  if (!side) {
    return el("div", { class: `change change-${change.op}` },
      el("div", { class: "label", text: label }),
      el("p", { dir: "auto" }, piecesOf(pieces, ["equal", "delete", "insert"])));
  }
  return el("div", { class: `change side change-${change.op}` },
    el("div", { class: "label", text: label }),
    el("div", { class: "columns" },
      el("p", { class: "old", dir: "auto" }, change.op === "added" ? "" : piecesOf(pieces, ["equal", "delete"])),
      el("p", { class: "new", dir: "auto" }, change.op === "removed" ? "" : piecesOf(pieces, ["equal", "insert"]))));
}

export function renderDiff(box, diff, side) {
  clear(box);
  box.dataset.mode = side ? "side" : "inline";
  box.append(el("p", { class: "diff-range" },
    el("span", { class: "range-old", text: `${t("article.old")}: ${when(diff.from.timestamp)} (v${num(diff.from.version ?? 0)})` }),
    settings.lang === "ar" ? " ← " : " → ",
    el("span", { class: "range-new", text: `${t("article.new")}: ${when(diff.to.timestamp)} (v${num(diff.to.version ?? 0)})` })));
  if (!diff.changes.length) {
    box.append(el("p", { class: "muted", text: t("article.diffNone") }));
    return;
  }
  if (side) {
    box.append(el("div", { class: "columns heads" },
      el("div", { class: "old", text: t("article.old") }), el("div", { class: "new", text: t("article.new") })));
  }
  box.append(...diff.changes.map((change) => diffBlock(change, side)));
}

function diffSection(url, captures) {
  const option = (capture) => el("option", { value: capture.timestamp,
    text: `${when(capture.timestamp)} · ${t(`kind.${kindOf(capture)}`)}${capture.version ? ` · v${num(capture.version)}` : ""}` });
  const from = el("select", { id: "diff-from" }, captures.map(option));
  const to = el("select", { id: "diff-to" }, captures.map(option));
  const out = el("div", { class: "diff", id: "diff" });
  let side = false;
  let last = null;
  const inline = el("button", { type: "button", id: "diff-inline", "aria-pressed": "true", text: t("article.inline") });
  const sideBySide = el("button", { type: "button", id: "diff-side", "aria-pressed": "false", text: t("article.sideBySide") });
  const mode = (value) => {
    side = value;
    inline.setAttribute("aria-pressed", String(!side));
    sideBySide.setAttribute("aria-pressed", String(side));
    if (last) renderDiff(out, last, side);
  };
  inline.addEventListener("click", () => mode(false));
  sideBySide.addEventListener("click", () => mode(true));
  const load = async (params) => {
    clear(out).append(el("p", { class: "muted", text: t("loading") }));
    try {
      last = await getJson("/api/diff", { url, ...params });
      from.value = last.from.timestamp;
      to.value = last.to.timestamp;
      renderDiff(out, last, side);
    } catch (error) {
      last = null;
      const single = error instanceof ApiError && error.status === 404 && !params.from;
      clear(out).append(el("p", { class: single ? "muted" : "error",
                                   text: single ? t("article.diffOne") : `${t("error")}: ${error.message}` }));
    }
  };
  const compare = el("button", { type: "submit", id: "diff-compare", text: t("article.diffShow") });
  const form = el("form", { class: "diff-controls", on: { submit: (event) => {
    event.preventDefault();
    load({ from: from.value, to: to.value });
  } } },
    el("label", {}, t("article.diffFrom"), " ", from), el("label", {}, t("article.diffTo"), " ", to), compare,
    el("span", { class: "modes", role: "group" }, inline, sideBySide));
  const versions = new Set(captures.map((c) => c.version).filter((v) => v)).size;
  if (versions >= 2) load({});
  else out.append(el("p", { class: "muted", text: t("article.diffOne") }));
  return el("section", { id: "diff-section" }, el("h2", { text: t("article.diff") }), form, out);
}

async function clusterSection(url) {
  const section = el("section", { id: "cluster" }, el("h2", { text: t("article.cluster") }));
  try {
    const cluster = await getJson("/api/cluster", { url });
    if (!cluster.others.length) section.append(el("p", { class: "muted", text: t("article.clusterNone") }));
    else section.append(el("ul", { class: "cluster" }, cluster.others.map((other) => el("li", {},
      el("a", { href: articleLink(other.url), dir: "auto", text: other.title || other.url }), " ",
      el("span", { class: "site", dir: "ltr", text: other.site }), " ",
      el("time", { datetime: other.first_seen, text: when(other.first_seen) })))));
  } catch (error) {
    section.append(el("p", { class: "muted", text: error.status === 404 ? t("article.clusterNone") : error.message }));
  }
  return section;
}

function replaySection() {
  // sandbox="" (no allow-scripts, no allow-same-origin, no top navigation): the archived page is
  // somebody else's HTML; its own origin's CSP forbids script as well.
  const frame = el("iframe", { id: "replay", sandbox: "", referrerpolicy: "no-referrer", loading: "eager",
                               title: t("article.replay") });
  const open = el("a", { id: "replay-open", target: "_blank", rel: "noopener noreferrer", text: t("article.replayOpen") });
  const show = (capture) => {
    frame.src = capture.replay;
    open.href = capture.replay;
  };
  return { show, section: el("section", { id: "replay-section" },
    el("h2", { text: t("article.replay") }), el("p", { class: "muted" }, t("article.replayNote"), " ", open), frame) };
}

export async function renderArticle(view, params, { stale }) {
  const url = params.get("url");
  if (!url) throw new Error("url?");
  let history;
  try {
    history = await getJson("/api/history", { url });
  } catch (error) {
    if (error instanceof ApiError && error.status === 410) return withdrawn(view, error);
    throw error;
  }
  if (stale()) return;
  const captures = history.captures;
  const latest = captures[captures.length - 1];
  const wanted = params.get("at");
  let chosen = captures.length - 1;
  if (wanted) {  // the capture at or nearest before the time asked (a search hit's version)
    const at = new Date(wanted).getTime();
    captures.forEach((c, i) => { if (new Date(c.timestamp).getTime() <= at) chosen = i; });
    if (new Date(captures[0].timestamp).getTime() > at) chosen = 0;
  }
  const versions = new Set(captures.map((c) => c.version).filter((v) => v)).size;
  const textBox = el("section", { id: "text", class: "text" });
  const replay = replaySection();
  const pick = async (index) => {
    for (const button of view.querySelectorAll(".timeline button")) {
      button.setAttribute("aria-pressed", String(button.dataset.index === String(index)));
    }
    const capture = captures[index];
    rememberCapture(url, capture.timestamp);
    replay.show(capture);
    await showText(textBox, url, capture);
  };
  view.append(
    el("h1", { dir: "auto", id: "article-heading", text: latest.title || history.article }),
    el("p", { class: "meta" },
      el("span", { class: "site", dir: "ltr", text: latest.site }), " · ",
      el("span", { text: t("article.capturesCount", { n: captures.length }) }), " · ",
      el("span", { text: t("article.versions", { n: versions }) }), " · ",
      el("a", { class: "url", dir: "ltr", href: articleLink(history.article), text: readableUrl(history.article) })),
    el("section", { id: "captures" }, el("h2", { text: t("article.captures") }), timeline(captures, pick)),
    textBox,
    diffSection(url, captures),
    replay.section);
  await pick(chosen);
  if (stale()) return;
  view.insertBefore(await clusterSection(url), replay.section);
}

function rememberCapture(url, at) {
  const query = new URLSearchParams({ url, at });
  window.history.replaceState(null, "", `#/article?${query}`);
  if (document.body.dataset.ready) document.body.dataset.route = location.hash;
}

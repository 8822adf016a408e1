// The router: #/search?q=…, #/article?url=…&at=…, #/sites, #/changes?site=…. Each page module renders into <main>.

import { applyDocument, setDigits, setLang, settings, t } from "./i18n.js";
import { renderArticle } from "./article.js";
import { renderChanges } from "./changes.js";
import { renderSearch } from "./search.js";
import { renderSites } from "./sites.js";
import { clear, el } from "./dom.js";

const PAGES = { search: renderSearch, article: renderArticle, sites: renderSites, changes: renderChanges };
let rendering = 0;

export function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [name, query] = hash.split("?", 2);
  return { name: PAGES[name] ? name : "search", params: new URLSearchParams(query || "") };
}

/** Goes to a page (a new history entry, so that Back works). */
export function go(name, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const text = query.toString();
  location.hash = `#/${name}${text ? "?" + text : ""}`;
}

async function render() {
  const ticket = ++rendering;
  const { name, params } = route();
  const view = document.getElementById("view");
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("current", link.dataset.route === name || (name === "article" && link.dataset.route === "search"));
  }
  document.body.dataset.page = name;
  document.body.dataset.ready = "";
  try {
    await PAGES[name](clear(view), params, { go, stale: () => ticket !== rendering });
  } catch (error) {
    if (ticket !== rendering) return;
    view.append(el("p", { class: "error", role: "alert", text: `${t("error")}: ${error.message}` }));
  }
  if (ticket === rendering) {  // which page is drawn, and for which address (tests wait on both)
    document.body.dataset.ready = name;
    document.body.dataset.route = location.hash;
  }
}

function drawToggles() {
  document.getElementById("lang-toggle").textContent = t("toggle.lang");
  document.getElementById("lang-toggle").lang = settings.lang === "ar" ? "en" : "ar";
  document.getElementById("digits-toggle").textContent = t(`toggle.digits.${settings.digits}`);
}

function refresh() {
  applyDocument();
  drawToggles();
  render();
}

document.getElementById("lang-toggle").addEventListener("click", () => {
  setLang(settings.lang === "ar" ? "en" : "ar");
  refresh();
});
document.getElementById("digits-toggle").addEventListener("click", () => {
  setDigits(settings.digits === "arab" ? "latn" : "arab");
  refresh();
});
window.addEventListener("hashchange", render);
refresh();

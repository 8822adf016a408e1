// UI strings in Arabic and English, the digits the user picked, and dates and counts shown with
// them. Only what the UI itself writes is localised: archived text is always shown as archived.

const STRINGS = {
  ar: {
    "brand": "أرشيف",
    "title": "أرشيف — أرشيف الأخبار العربية",
    "nav.search": "بحث",
    "nav.sites": "المواقع",
    "nav.changes": "التغييرات",
    "changes.heading": "ما تغيّر",
    "changes.site": "الموقع",
    "changes.allSites": "كل المواقع",
    "changes.edited": "عُدّل",
    "changes.removed": "أُزيل",
    "changes.new": "جديد",
    "changes.words": "أضيفت {added} كلمة وحُذفت {removed}",
    "changes.removedNote": "أُزيل (أجابت الصفحة {status}).",
    "changes.lastVersion": "آخر نسخة قبل الإزالة ({date})",
    "changes.day": "يوم {day}: {n} تعديل وإزالة",
    "changes.none": "لا تعديل ولا إزالة في الأرشيف.",
    "toggle.lang": "English",
    "toggle.digits.arab": "أرقام لاتينية 123",
    "toggle.digits.latn": "أرقام عربية ١٢٣",
    "search.heading": "البحث في الأرشيف",
    "search.placeholder": "كلمة أو عبارة (التشكيل اختياري)",
    "search.button": "ابحث",
    "search.site": "الموقع",
    "search.allSites": "كل المواقع",
    "search.from": "من",
    "search.to": "إلى",
    "search.count": "{n} نتيجة",
    "search.none": "لا نتائج لهذا البحث.",
    "search.hint": "اكتب كلمة للبحث في نصوص المقالات المؤرشفة؛ يجد البحث الكلمة بالتشكيل وبدونه.",
    "search.version": "النسخة {n}",
    "search.versions": "النسخ: {n}",
    "search.versionsOne": "النسخ: {n}",
    "search.copies": "القصة في {n} مقالات",
    "search.copiesOne": "القصة في مقال واحد",
    "search.sites": "على {n} مواقع",
    "search.sitesOne": "على موقع واحد",
    "search.notMatched": "لا يحوي كلمات البحث",
    "search.next": "النتائج التالية",
    "search.previous": "النتائج السابقة",
    "loading": "جارٍ التحميل…",
    "error": "خطأ",
    "article.captures": "الالتقاطات",
    "article.capturesCount": "{n} التقاط",
    "article.text": "النص كما كان في {date}",
    "article.published": "تاريخ النشر",
    "article.author": "الكاتب",
    "article.noText": "لا نص مستخرج لهذا الالتقاط.",
    "article.diff": "ما الذي تغيّر",
    "article.diffFrom": "من",
    "article.diffTo": "إلى",
    "article.diffShow": "قارن",
    "article.inline": "متتابع",
    "article.sideBySide": "جنبًا إلى جنب",
    "article.diffNone": "لا فرق في النص بين هذين الالتقاطين.",
    "article.diffOne": "للمقال نسخة واحدة فقط؛ لا شيء للمقارنة.",
    "article.old": "قبل",
    "article.new": "بعد",
    "article.paragraph": "الفقرة {n}",
    "article.cluster": "القصة نفسها في مواقع أخرى",
    "article.clusterNone": "لا مقالات أخرى في هذه القصة.",
    "article.replay": "الصفحة كما أُرشفت",
    "article.replayOpen": "افتح في نافذة مستقلة",
    "article.replayNote": "تُعرض الصفحة المؤرشفة من مصدر منفصل، دون أي نص برمجي.",
    "article.withdrawn": "سُحب هذا المقال من الإتاحة (قرار {id} بتاريخ {date}).",
    "article.versions": "{n} نسخة",
    "kind.new": "جديد",
    "kind.changed": "تغيّر",
    "kind.unchanged": "بلا تغيير",
    "kind.revisit": "إعادة زيارة",
    "kind.removed": "حُذف",
    "sites.heading": "المواقع",
    "sites.site": "الموقع",
    "sites.articles": "مقالات",
    "sites.captures": "التقاطات",
    "sites.lastRun": "آخر تشغيل",
    "sites.status": "الحالة",
    "sites.new": "جديد",
    "sites.changed": "تغيّر",
    "sites.unchanged": "بلا تغيير",
    "sites.failures": "فشل",
    "sites.chart": "المقالات يومًا بيوم",
    "sites.collapsed": "انهار العائد",
    "sites.none": "لا مواقع في الأرشيف بعد.",
    "status.archived": "مؤرشف",
    "status.failed": "فشل",
    "status.partial": "جزئي",
  },
  en: {
    "brand": "arshif",
    "title": "arshif — Arabic news archive",
    "nav.search": "Search",
    "nav.sites": "Sites",
    "nav.changes": "Changes",
    "changes.heading": "What changed",
    "changes.site": "Site",
    "changes.allSites": "All sites",
    "changes.edited": "edited",
    "changes.removed": "removed",
    "changes.new": "new",
    "changes.words": "{added} words added, {removed} removed",
    "changes.removedNote": "Removed (the page answered {status}).",
    "changes.lastVersion": "last version before removal ({date})",
    "changes.day": "{day}: {n} edits and removals",
    "changes.none": "No edit or removal in the archive.",
    "toggle.lang": "العربية",
    "toggle.digits.arab": "Latin digits 123",
    "toggle.digits.latn": "Arabic-Indic digits ١٢٣",
    "search.heading": "Search the archive",
    "search.placeholder": "A word or phrase (diacritics optional)",
    "search.button": "Search",
    "search.site": "Site",
    "search.allSites": "All sites",
    "search.from": "From",
    "search.to": "To",
    "search.count": "{n} results",
    "search.none": "No results for this search.",
    "search.hint": "Type a word to search the archived articles' text; it is found with or without diacritics.",
    "search.version": "version {n}",
    "search.versions": "{n} versions",
    "search.versionsOne": "{n} version",
    "search.copies": "{n} copies",
    "search.copiesOne": "{n} copy",
    "search.sites": "on {n} sites",
    "search.sitesOne": "on {n} site",
    "search.notMatched": "without the words searched for",
    "search.next": "Next results",
    "search.previous": "Previous results",
    "loading": "Loading…",
    "error": "Error",
    "article.captures": "Captures",
    "article.capturesCount": "{n} captures",
    "article.text": "The text as it was on {date}",
    "article.published": "Published",
    "article.author": "Author",
    "article.noText": "No text was extracted from this capture.",
    "article.diff": "What changed",
    "article.diffFrom": "From",
    "article.diffTo": "To",
    "article.diffShow": "Compare",
    "article.inline": "Inline",
    "article.sideBySide": "Side by side",
    "article.diffNone": "The text is the same in these two captures.",
    "article.diffOne": "The article has a single version: nothing to compare.",
    "article.old": "Before",
    "article.new": "After",
    "article.paragraph": "Paragraph {n}",
    "article.cluster": "The same story elsewhere",
    "article.clusterNone": "No other article in this story.",
    "article.replay": "The page as archived",
    "article.replayOpen": "Open on its own",
    "article.replayNote": "The archived page is shown from a separate origin, with no script.",
    "article.withdrawn": "This article was withdrawn from access (takedown {id} of {date}).",
    "article.versions": "{n} versions",
    "kind.new": "new",
    "kind.changed": "changed",
    "kind.unchanged": "unchanged",
    "kind.revisit": "revisit",
    "kind.removed": "removed",
    "sites.heading": "Sites",
    "sites.site": "Site",
    "sites.articles": "Articles",
    "sites.captures": "Captures",
    "sites.lastRun": "Last run",
    "sites.status": "Status",
    "sites.new": "New",
    "sites.changed": "Changed",
    "sites.unchanged": "Unchanged",
    "sites.failures": "Failed",
    "sites.chart": "Articles day by day",
    "sites.collapsed": "yield collapsed",
    "sites.none": "No site in the archive yet.",
    "status.archived": "archived",
    "status.failed": "failed",
    "status.partial": "partial",
  },
};

const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";

function stored(name, allowed, fallback) {
  try {
    const value = localStorage.getItem(name);
    return allowed.includes(value) ? value : fallback;
  } catch {
    return fallback;  // storage disabled: the defaults
  }
}

function store(name, value) {
  try { localStorage.setItem(name, value); } catch { /* storage disabled */ }
}

export const settings = {
  lang: stored("arshif.lang", ["ar", "en"], "ar"),
  digits: stored("arshif.digits", ["arab", "latn"], "arab"),
};

export function setLang(lang) {
  settings.lang = lang;
  store("arshif.lang", lang);
}

export function setDigits(digits) {
  settings.digits = digits;
  store("arshif.digits", digits);
}

/** ASCII digits in ``text`` as the user's digits (the UI's own numbers and dates only). */
export function digits(text) {
  const value = String(text);
  return settings.digits === "arab" ? value.replace(/[0-9]/g, (d) => ARABIC_INDIC[d]) : value;
}

/** A UI string, with {name} placeholders filled (numbers in the user's digits). */
export function t(key, values, fallback) {
  const table = STRINGS[settings.lang] || STRINGS.ar;
  let text = table[key] ?? STRINGS.en[key] ?? fallback ?? key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.replace(`{${name}}`, typeof value === "number" ? num(value) : String(value));
  }
  return text;
}

export function num(n) {
  return digits(Number(n).toLocaleString("en-US"));
}

/** An ISO time as "YYYY-MM-DD HH:MM UTC" (a capture time, to the minute), in the user's digits. */
export function when(iso, withTime = true) {
  if (!iso) return "";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return digits(iso);
  const text = moment.toISOString();
  return digits(withTime ? `${text.slice(0, 10)} ${text.slice(11, 16)} UTC` : text.slice(0, 10));
}

/** A YYYY-MM-DD day, in the user's digits. */
export function day(text) {
  return digits(text || "");
}

/** The document's language and direction for the current UI language. */
export function applyDocument() {
  const root = document.documentElement;
  root.lang = settings.lang;
  root.dir = settings.lang === "ar" ? "rtl" : "ltr";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}

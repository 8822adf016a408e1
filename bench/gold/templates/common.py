"""Shared helpers: body mini-markup, dates in every form, escaping, visible text."""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from hijridate import Hijri

# ---------------------------------------------------------------------------------------------
# Body mini-markup: one block per non-empty line.
#   ## text        subheading
#   > text         quote block
#   - text         list item (consecutive items form one list; "1. text" an ordered list)
#   | a | b | c    table row (the first row is the header)
#   @also title    "read also" card inside the article (boilerplate)
#   @ad text       advertisement inside the article (boilerplate)
#   @follow text   "follow us" prompt inside the article (boilerplate)
#   @img caption   image with caption inside the article (neither main text nor boilerplate)
#   anything else  a paragraph
# ---------------------------------------------------------------------------------------------

NL = "\n"  # separator between repeated items in templates (f-strings cannot hold "\n")
MAIN_KINDS = ("p", "h", "q", "ul", "ol", "table")
BOILER_KINDS = ("also", "ad", "follow")


@dataclass
class Block:
    kind: str
    text: str = ""
    items: list = field(default_factory=list)  # list items / table rows


def parse_body(src: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in src.strip().splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(Block("h", line[3:]))
        elif line.startswith("> "):
            blocks.append(Block("q", line[2:]))
        elif line.startswith("- ") or re.match(r"^\d+\. ", line):
            kind = "ul" if line.startswith("- ") else "ol"
            item = line[2:] if kind == "ul" else line.split(". ", 1)[1]
            if blocks and blocks[-1].kind == kind:
                blocks[-1].items.append(item)
            else:
                blocks.append(Block(kind, items=[item]))
        elif line.startswith("| "):
            row = [c.strip() for c in line.strip("| ").split(" | ")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].items.append(row)
            else:
                blocks.append(Block("table", items=[row]))
        elif line.startswith("@"):
            tag, _, rest = line.partition(" ")
            blocks.append(Block(tag[1:], rest))
        else:
            blocks.append(Block("p", line))
    return blocks


LINK = re.compile(r"\[\[(.+?)\]\]")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def plain(text: str) -> str:
    """Inline markup removed: [[linked words]] and **bold words** become their words."""
    return BOLD.sub(r"\1", LINK.sub(r"\1", text))


def inline(text: str, href: str = "/tags/") -> str:
    """Inline markup as HTML: [[x]] a tag link, **x** bold."""
    out = esc(text)
    out = LINK.sub(lambda m: f'<a href="{href}{attr(m.group(1)).replace(" ", "-")}">{m.group(1)}</a>', out)
    return BOLD.sub(r"<strong>\1</strong>", out)


def block_texts(blocks: list[Block]) -> list[str]:
    """The main text as a list of pieces (one per paragraph, subheading, item or cell)."""
    out: list[str] = []
    for b in blocks:
        if b.kind in ("p", "h", "q"):
            out.append(plain(b.text))
        elif b.kind in ("ul", "ol"):
            out.extend(plain(i) for i in b.items)
        elif b.kind == "table":
            for row in b.items:
                out.extend(row)
    return out


def render_blocks(blocks: list[Block], **style) -> str:
    """Body HTML; ``style`` overrides the markup of a kind (a callable of the block)."""
    default = {
        "p": lambda b: f"<p>{inline(b.text)}</p>",
        "h": lambda b: f"<h2>{esc(b.text)}</h2>",
        "q": lambda b: f"<blockquote><p>{inline(b.text)}</p></blockquote>",
        "ul": lambda b: "<ul>" + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>",
        "ol": lambda b: "<ol>" + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ol>",
        "table": table_html,
        "also": lambda b: f'<p class="read-also">اقرأ أيضا: <a href="#">{esc(b.text)}</a></p>',
        "ad": lambda b: f'<div class="ad"><span>إعلان</span><p>{esc(b.text)}</p></div>',
        "follow": lambda b: f'<p class="follow">{esc(b.text)}</p>',
        "img": lambda b: f'<figure><img src="/img/inline.jpg" alt=""><figcaption>{esc(b.text)}</figcaption></figure>',
    }
    default.update(style)
    return "\n".join(default[b.kind](b) for b in blocks)


def table_html(b: Block, cls: str = "", head: bool = True) -> str:
    rows = b.items
    out = [f'<table class="{cls}">' if cls else "<table>"]
    start = 0
    if head:
        out.append("<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr></thead>")
        start = 1
    out.append("<tbody>")
    for row in rows[start:]:
        out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def rng(key: str) -> random.Random:
    """A deterministic generator per page (str seeds are hashed with SHA-512, not hash())."""
    return random.Random("arshif-gold:" + key)


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
              "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MONTHS_MA = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
             "أكتوبر", "نونبر", "دجنبر"]
MONTHS_DZ = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_HIJRI = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def indic(text: str) -> str:
    return text.translate(INDIC)


def hijri_to_date(y: int, m: int, d: int) -> str:
    """Umm al-Qura Hijri date -> ISO Gregorian date (hijridate)."""
    return Hijri(y, m, d).to_gregorian().isoformat()


def local_dt(page: dict) -> dt.datetime:
    """The publication instant in the site's zone (page["date"] + page["time"])."""
    day = dt.date.fromisoformat(page["date"])
    hh, mm = (int(x) for x in page["time"].split(":"))
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=ZoneInfo(page["timezone"]))


def iso_local(page: dict) -> str:
    return local_dt(page).isoformat(timespec="seconds")


def iso_utc(page: dict) -> str:
    return local_dt(page).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clock12(t: dt.datetime) -> str:
    h = t.hour % 12 or 12
    return f"{h:02d}:{t.minute:02d} {'ص' if t.hour < 12 else 'م'}"


def text_egyptian(t: dt.datetime) -> str:
    return f"{WEEKDAYS[t.weekday()]} {t.day} {MONTHS_EG[t.month - 1]} {t.year} - {clock12(t)}"


def text_levantine(t: dt.datetime, weekday: bool = True) -> str:
    s = f"{t.day} {MONTHS_LEV[t.month - 1]} {t.year}"
    return f"{WEEKDAYS[t.weekday()]} {s}" if weekday else s


def text_maghrebi(t: dt.datetime, variant: str) -> str:
    months = {"ma": MONTHS_MA, "dz": MONTHS_DZ, "tn": MONTHS_DZ, "std": MONTHS_EG}[variant]
    return f"{t.day} {months[t.month - 1]} {t.year}"


def text_indic(t: dt.datetime) -> str:
    return indic(f"{WEEKDAYS[t.weekday()]} {t.day} {MONTHS_EG[t.month - 1]} {t.year} - {clock12(t)}")


def text_hijri(page: dict) -> str:
    y, m, d = page["hijri"]
    wd = WEEKDAYS[dt.date.fromisoformat(page["date"]).weekday()]
    return f"{wd} {d} {MONTHS_HIJRI[m - 1]} {y} هـ"


@dataclass
class DateParts:
    head: str = ""  # <meta>/<script type=application/ld+json> for the <head>
    visible: str = ""  # HTML for the byline's date slot (may be empty)
    text: str = ""  # the visible date text, if any


def json_ld(page: dict, site_name: str, date_published: str | None, extra: dict | None = None) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page["og_title"] or page["title"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": page["url"]},
        "publisher": {"@type": "Organization", "name": site_name},
    }
    if date_published:
        data["datePublished"] = date_published
    if page.get("modified"):
        data["dateModified"] = page["modified"]
    if page.get("author"):
        data["author"] = {"@type": "Person", "name": page["author"]}
    if extra:
        data.update(extra)
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return f'<script type="application/ld+json">\n{body}\n</script>'


def date_parts(page: dict, site_name: str, time_tag: str = "time") -> DateParts:
    """Render the page's single date in its form. Only one form per page."""
    form, t = page["date_form"], local_dt(page)
    d = DateParts()
    if form == "meta":
        d.head = f'<meta property="article:published_time" content="{iso_local(page)}">'
    elif form == "json-ld":
        when = iso_utc(page) if page.get("variant") == "utc" else iso_local(page)
        d.head = json_ld(page, site_name, when)
    elif form == "time":
        d.visible = f'<{time_tag} datetime="{iso_local(page)}">{t:%H:%M}</{time_tag}>'
    elif form == "zone-less-evening":
        naive = f"{page['date']}T{page['time']}:00"
        if page.get("variant") == "meta":
            d.head = f'<meta property="article:published_time" content="{naive}">'
        else:
            d.text = f"{page['date']} {page['time']}"
    elif form == "visible-egyptian":
        d.text = text_egyptian(t)
    elif form == "visible-levantine":
        d.text = text_levantine(t, weekday=page.get("variant") != "noday")
    elif form == "visible-maghrebi":
        d.text = text_maghrebi(t, page.get("variant", "std"))
    elif form == "visible-indic":
        d.text = text_indic(t)
    elif form == "hijri":
        d.text = text_hijri(page)
    else:  # pragma: no cover
        raise ValueError(form)
    if d.text and not d.visible:
        d.visible = esc(d.text)
    return d


# ---------------------------------------------------------------------------------------------
# Visible text of a page (what the check compares snippets with)
# ---------------------------------------------------------------------------------------------

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "section", "table", "tbody", "td", "th", "thead",
    "tr", "ul", "button", "label", "option", "select",
}
HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "svg"}


def normalize(text: str) -> str:
    return " ".join(text.split())


def visible_text(markup: str) -> str:
    """Page text as a browser shows it: block elements separated, scripts and <head> left out."""
    import lxml.html

    root = lxml.html.document_fromstring(markup)
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in HIDDEN_TAGS or not tag:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag.lower() in BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return normalize("".join(parts))

"""Generate the Arabic gold set for main-text extraction: pages/<id>.html and gold.json.

    python bench/gold/make_gold.py            # (re)write pages/ and gold.json
    python bench/gold/make_gold.py --check    # verify every snippet against the pages on disk
    python bench/gold/make_gold.py --stats    # counts per site, country, date form and kind

Deterministic: the same sources give the same bytes. Pages are written in the site's charset
(windows-1256 for two sites). See README.md for the rules of the set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from templates import (  # noqa: E402
    content_eg,
    content_gulf,
    content_levant,
    content_maghreb,
    sites_eg,
    sites_gulf,
    sites_levant,
    sites_maghreb,
)
from templates.common import (  # noqa: E402
    BOILER_KINDS,
    block_texts,
    date_parts,
    hijri_to_date,
    normalize,
    parse_body,
    plain,
    rng,
    visible_text,
)

SITES: dict[str, dict] = {
    **sites_eg.SITES, **sites_gulf.SITES, **sites_levant.SITES, **sites_maghreb.SITES,
}
CONTENT: list[dict] = [
    *content_eg.PAGES, *content_gulf.PAGES, *content_levant.PAGES, *content_maghreb.PAGES,
]
CODECS = {"utf-8": "utf-8", "windows-1256": "cp1256"}
DEMO_DATA = HERE.parent.parent / "arshif" / "demo" / "data"


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------

def _prepare(raw: dict) -> dict:
    p = dict(raw)
    site = SITES[p["site"]]
    p.setdefault("og_title", None)
    p.setdefault("author", None)
    p.setdefault("tags", [])
    p["timezone"] = site["timezone"]
    if p["date_form"] == "hijri":
        p["date"] = hijri_to_date(*p["hijri"])
    p["url"] = "https://" + site["domain"] + p["path"]
    p["num"] = zlib.crc32(p["id"].encode()) % 900000 + 100000
    p["blocks"] = parse_body(p["body"])
    first = next(b for b in p["blocks"] if b.kind == "p")
    desc = plain(first.text)
    p.setdefault("description", desc if len(desc) <= 160 else desc[:157].rsplit(" ", 1)[0] + "…")
    return p


def _words(text: str, start: int, n: int) -> str:
    w = text.split()
    start = max(0, min(start, len(w) - n))
    return " ".join(w[start:start + n])


def _with_snippets(p: dict) -> list[str]:
    blocks = p["blocks"]
    paras = [plain(b.text) for b in blocks if b.kind == "p"]
    subs = [b.text for b in blocks if b.kind == "h"]
    extras: list[str] = []
    for b in blocks:
        if b.kind == "q":
            extras.append(_words(plain(b.text), 2, 6))
        elif b.kind in ("ul", "ol"):
            extras.append(_words(plain(b.items[0]), 0, 6))
    middle = len(paras) // 2
    for i in sorted(range(len(paras)), key=lambda i: (i in (0, len(paras) - 1), abs(i - middle), i)):
        n = len(paras[i].split())
        extras.append(_words(paras[i], n // 2 - 3, 6))
    head, tail = _words(paras[0], 0, 6), _words(paras[-1], 10**6, 6)
    target = max(4, min(8, len(subs) + 4))
    picked = [head, *subs]
    for e in extras:
        if len(picked) + 1 >= target:
            break
        if e not in picked:
            picked.append(e)
    picked.append(tail)
    order = "\n".join(block_texts(blocks))
    return sorted(picked, key=order.find)


def build() -> tuple[dict[str, bytes], dict[str, dict], dict[str, dict]]:
    """All pages: {id: bytes}, the gold entries, and per-page facts for the check."""
    pages = [_prepare(raw) for raw in CONTENT]
    by_site: dict[str, list[dict]] = {}
    for p in pages:
        by_site.setdefault(p["site"], []).append(p)
    files: dict[str, bytes] = {}
    gold: dict[str, dict] = {}
    facts: dict[str, dict] = {}
    for p in pages:
        site = SITES[p["site"]]
        r = rng(p["id"])
        ctx = {
            "related": [(q["title"], q["url"]) for q in by_site[p["site"]] if q["id"] != p["id"]],
            "ticker": r.sample(site["ticker"], 4),
            "most_read": r.sample(site["most_read"], 5),
        }
        r.shuffle(ctx["related"])
        d = date_parts(p, site["name"])
        markup, chrome = site["render"](p, p["blocks"], d, ctx)
        files[p["id"]] = markup.encode(CODECS[site["charset"]], errors="strict")
        in_body = [b.text for b in p["blocks"] if b.kind in BOILER_KINDS]
        without: list[str] = []
        for s in [*in_body, *chrome]:
            s = normalize(s)
            if len(s.split()) >= 3 and s not in without:
                without.append(s)
        subs = [b.text for b in p["blocks"] if b.kind == "h"]
        gold[p["id"]] = {
            "file": f"pages/{p['id']}.html",
            "site": p["site"],
            "country": site["country"],
            "url": p["url"],
            "charset": site["charset"],
            "http_content_type": site["ctype"],
            "timezone": site["timezone"],
            "title": p["title"],
            "date": p["date"],
            "date_form": p["date_form"],
            "kind": p["kind"],
            "with": _with_snippets(p),
            "without": without[:10],
            "subheadings": subs,
            "author": p["author"],
        }
        facts[p["id"]] = {
            "main": [normalize(t) for t in block_texts(p["blocks"])],
            "paragraphs": sum(1 for b in p["blocks"] if b.kind == "p"),
            "date_text": d.text,
            "body_chars": len("\n".join(plain(b.text) for b in p["blocks"] if b.kind == "p")),
            "has": sorted({b.kind for b in p["blocks"]}),
            "seed": bool(p.get("seed")),
        }
    return files, gold, facts


def write() -> None:
    files, gold, _ = build()
    pages_dir = HERE / "pages"
    pages_dir.mkdir(exist_ok=True)
    for old in pages_dir.glob("*.html"):
        if old.stem not in files:
            old.unlink()
    for key, data in files.items():
        (pages_dir / f"{key}.html").write_bytes(data)
    text = json.dumps(gold, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (HERE / "gold.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} pages and gold.json")


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------

FULL_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|[0-9٠-٩]{1,2} (?:[\u0600-\u06ff]+ ){1,2}[0-9٠-٩]{4}"
)


def check() -> int:
    files, gold, facts = build()
    on_disk = json.loads((HERE / "gold.json").read_text("utf-8"))
    errors: list[str] = []
    if on_disk != gold:
        errors.append("gold.json differs from what make_gold.py generates (run it)")
    demo = ""
    if DEMO_DATA.is_dir():
        demo = normalize(" ".join(f.read_text("utf-8") for f in sorted(DEMO_DATA.glob("*"))))
    for key, g in on_disk.items():
        err = lambda msg, key=key: errors.append(f"{key}: {msg}")  # noqa: E731
        path = HERE / g["file"]
        raw = path.read_bytes()
        if raw != files.get(key):
            err("page bytes differ from the generator's output")
        markup = raw.decode(CODECS[g["charset"]])
        if g["charset"] == "windows-1256" and "charset" not in g["http_content_type"]:
            pass  # detection from the bytes (and the meta tag, when there is one) is the test
        visible = visible_text(markup)
        main_parts = facts[key]["main"]
        main = " \n ".join(main_parts)
        if not 4 <= len(g["with"]) <= 8:
            err(f"{len(g['with'])} 'with' snippets")
        if not 4 <= len(g["without"]) <= 10:
            err(f"{len(g['without'])} 'without' snippets")
        for s in g["with"] + g["subheadings"]:
            if len(s.split()) < 3:
                err(f"snippet shorter than 3 words: {s!r}")
            if s not in visible:
                err(f"'with' not in the visible text: {s!r}")
            if not any(s in part for part in main_parts):
                err(f"'with' not in the intended main text: {s!r}")
            if visible.count(s) != main.count(s):
                err(f"'with' also occurs in the chrome: {s!r}")
        for s in g["without"]:
            if len(s.split()) < 3:
                err(f"snippet shorter than 3 words: {s!r}")
            if s not in visible:
                err(f"'without' not in the visible text: {s!r}")
            if s in main or s in normalize(main):
                err(f"'without' inside the intended main text: {s!r}")
        if g["title"] not in visible:
            err("title (h1) not in the visible text")
        if g["kind"] == "brief" and not 300 <= facts[key]["body_chars"] <= 600:
            err(f"brief has {facts[key]['body_chars']} characters of body text")
        if g["date_form"] == "hijri":
            pass  # the truth is computed with hijridate in _prepare
        # the only full date in the chrome is the page's own (body text may cite other dates)
        chrome_text = visible
        for part in sorted(main_parts, key=len, reverse=True):
            chrome_text = chrome_text.replace(part, " ")
        chrome_text = chrome_text.replace(g["title"], " ")
        for m in FULL_DATE.finditer(chrome_text):
            if m.group(0) not in (facts[key]["date_text"] or ""):
                err(f"stray date-like text outside the body: {m.group(0)!r}")
        if demo and not facts[key]["seed"]:
            words = normalize(main).split()
            for i in range(0, max(0, len(words) - 7)):
                shingle = " ".join(words[i:i + 8])
                if shingle in demo:
                    err(f"8 words shared with the demo data: {shingle!r}")
                    break
    for e in errors:
        print(e)
    print(f"checked {len(on_disk)} pages: {'OK' if not errors else f'{len(errors)} problems'}")
    return 1 if errors else 0


def stats() -> None:
    _, gold, facts = build()
    print("pages:", len(gold))
    for field in ("site", "country", "date_form", "kind", "charset"):
        print(f"{field}:", dict(sorted(Counter(g[field] for g in gold.values()).items())))
    long_ = [k for k, f in facts.items() if f["paragraphs"] >= 8]
    print("long (>= 8 paragraphs):", len(long_))
    for kind in ("q", "table", "ul", "ol", "also", "ad", "follow", "img"):
        print(f"with {kind}:", sum(1 for f in facts.values() if kind in f["has"]))
    print("with author:", sum(1 for g in gold.values() if g["author"]))
    print("briefs chars:", sorted(f["body_chars"] for k, f in facts.items() if gold[k]["kind"] == "brief"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify the set on disk")
    ap.add_argument("--stats", action="store_true", help="print counts")
    args = ap.parse_args()
    if args.check:
        return check()
    if args.stats:
        stats()
        return 0
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())

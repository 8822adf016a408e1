"""Evaluation sets as lists of ``Page``: ScrapingHub, the three real Arabic pages, the gold set.

The shared pages are read in place from ``../shared/eval`` (they belong to their publishers and
are never copied into the repo). A missing folder or file gives ``None`` and a note.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_eval_dir(root: Path) -> Path:
    """``../shared/eval`` from the project's root ``root``; from a git worktree under
    ``/work/wt/NAME`` it is two levels up. The first that exists, else the first."""
    candidates = (root.parent / "shared" / "eval", root.parents[1] / "shared" / "eval")
    return next((c for c in candidates if c.is_dir()), candidates[0])


@dataclass(frozen=True)
class Page:
    set: str  # scrapinghub | arabic | gold | …
    id: str
    body: bytes  # the page as served
    url: str | None = None
    content_type: str | None = None  # HTTP Content-Type, when the set records one
    timezone: str | None = None  # the site's zone, as a sites file would give it
    language: str | None = None  # known page language ("ar"); None = detect
    text: str | None = None  # full reference body (shingle metric)
    with_: tuple[str, ...] = ()  # snippets that belong to the article
    without: tuple[str, ...] = ()  # boilerplate snippets that must not be extracted
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    subheadings: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def scrapinghub(folder: Path) -> list[Page] | None:
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        return None
    return [
        Page(
            set="scrapinghub",
            id=key,
            body=gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()),
            url=value.get("url"),
            text=value.get("articleBody", ""),
        )
        for key, value in sorted(_json(truth_file).items())
    ]


def _assabah(folder: Path) -> list[Page]:
    pages = []
    for url, gold in sorted(_json(folder / "evaldata.arabic-subset.json").items()):
        pages.append(
            Page(
                set="arabic",
                id="assabah",
                body=(folder / gold["file"]).read_bytes(),
                url=url,
                timezone="Africa/Tunis",
                language="ar",
                with_=tuple(gold.get("with") or ()),
                without=tuple(gold.get("without") or ()),
                title=gold.get("title") or None,
                date=(gold.get("date") or "")[:10] or None,
            )
        )
    return pages


def _cnn(folder: Path) -> list[Page]:
    meta = _json(folder / "arabic_article.json")
    date = meta.get("publish_date")
    return [
        Page(
            set="arabic",
            id="cnn-arabic",
            body=(folder / "arabic_article.html").read_bytes(),
            url=meta.get("url"),
            language="ar",
            text=(folder / "arabic_article.txt").read_text("utf-8"),
            title=meta.get("title") or None,
            date=str(date)[:10] if date else None,
        )
    ]


def _lbc(folder: Path) -> list[Page]:
    gold = _json(folder / "LBCGroup.json")["V1"]
    info = _json(folder / "meta.info")
    pages = []
    for name, entry in sorted(info.items()):
        body = gold["body"]
        parts = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
        pages.append(
            Page(
                set="arabic",
                id="lbc",
                body=gzip.decompress((folder / name).read_bytes()),
                url=entry.get("url"),
                # Fundus stores the date in UTC; the site publishes in Beirut time.
                timezone="Asia/Beirut",
                language="ar",
                text="\n\n".join(parts),
                title=gold.get("title") or None,
                date=(gold.get("publishing_date") or "")[:10] or None,
            )
        )
    return pages


def arabic(folder: Path) -> tuple[list[Page], list[str]] | None:
    """The three real Arabic pages; notes name the ones that are missing."""
    if not folder.is_dir():
        return None
    pages: list[Page] = []
    notes: list[str] = []
    for name, loader in (("assabah", _assabah), ("cnn-arabic", _cnn), ("lbc", _lbc)):
        if (folder / name).is_dir():
            pages += loader(folder / name)
        else:
            notes.append(f"arabic/{name} missing, skipped")
    return pages, notes


def gold(gold_file: Path, set_name: str = "gold") -> list[Page] | None:
    """Our own gold set: ``{id: {file, url, http_content_type, timezone, title, date, with, …}}``."""
    if not gold_file.is_file():
        return None
    pages = []
    for key, item in sorted(_json(gold_file).items()):
        pages.append(
            Page(
                set=set_name,
                id=key,
                body=(gold_file.parent / item["file"]).read_bytes(),
                url=item.get("url"),
                content_type=item.get("http_content_type") or None,
                timezone=item.get("timezone") or None,
                language="ar",
                with_=tuple(item.get("with") or ()),
                without=tuple(item.get("without") or ()),
                title=item.get("title") or None,
                date=(item.get("date") or "")[:10] or None,
                subheadings=tuple(item.get("subheadings") or ()),
                meta={k: item.get(k) for k in ("kind", "date_form", "site", "country", "charset")},
            )
        )
    return pages

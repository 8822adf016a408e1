"""Choose the article's headline from og:title, <h1>, <title> and JSON-LD.

Sites decorate ``<title>`` (and often og:title) with their name: "الخبر - الوطن",
"موقع الوطن | الخبر". A side is cut off only when it is the site's name (og:site_name and
kin, or the hostname) or when the other side is exactly what another candidate says; a
headline that itself contains " - " stays whole.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.textnorm import normalize_for_matching

# "»" too: Arabic CMSs build titles like breadcrumbs ("الوطن » سياسة » الخبر"). "«" is not
# one: it opens a quotation.
_SEPARATORS = re.compile(r"\s+(?:-|\||–|—|::|»)\s+")
# Host labels that say nothing about the site's name.
_GENERIC_LABELS = {"www", "m", "amp", "ar", "arabic", "news", "com", "net", "org", "co", "tv"}


# Each candidate is compared with every site name and every other candidate.
@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return normalize_for_matching(text).replace(" ", "")


# Control characters (a terminal escape, a bell) and bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069: the "RLO" that turns "gnp.exe" into "exe.png") do not belong
# in a headline shown in lists and terminals. Bidi marks (LRM, RLM, ALM) are kept.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(_UNSAFE.sub("", text).split())
    return text or None


def host_names(url: str | None) -> list[str]:
    """Site-name candidates from a hostname: ``www.almasryalyoum.com`` → ``almasryalyoum``."""
    if not url:
        return []
    host = (urlsplit(url).hostname or "").lower()
    return [label for label in host.split(".") if label and label not in _GENERIC_LABELS]


def _is_site_name(side: str, names: list[str]) -> bool:
    side_key = _key(side)
    if not side_key:
        return False
    for name in names:
        name_key = _key(name)
        if not name_key:
            continue
        # "الوطن نيوز" vs "الوطن", "موقع الوطن" vs "الوطن": the name plus a word or two.
        if side_key == name_key or (name_key in side_key and len(side_key) <= len(name_key) + 12):
            return True
        if side_key in name_key and len(side_key) >= 4:
            return True
    return False


def strip_site_name(title: str, names: list[str], others: list[str]) -> str:
    """Cut a site-name prefix or suffix off ``title``.

    ``others`` are the other title candidates: a side equal to one of them is the headline.
    """
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    other_keys = {_key(other) for other in others if other}
    separators = _SEPARATORS.findall(title)
    # Try the longest headline first: drop one affix, then two (prefix and suffix).
    for start, end in ((0, len(parts) - 1), (1, len(parts)), (1, len(parts) - 1)):
        if end - start < 1:
            continue
        dropped = parts[:start] + parts[end:]
        kept = parts[start]
        for i in range(start + 1, end):
            kept += separators[i - 1] + parts[i]
        if _key(kept) in other_keys or all(_is_site_name(side, names) for side in dropped):
            return kept.strip()
    return title


def choose_title(
    tree: HtmlElement,
    url: str | None = None,
    fallback: str | None = None,
    extra_names: list[str] | None = None,
) -> str | None:
    """The headline, without the site's name; never None when the page has any title."""
    og = _clean(meta.meta_content(tree, "og:title", "twitter:title"))
    h1 = _first_h1(tree)
    head_title = _clean(tree.findtext(".//title"))
    headline = meta.jsonld_value(tree, "headline")
    # JSON-LD sits in a <script>, so entities in it ("&quot;") were never decoded.
    jsonld = _clean(html.unescape(headline)) if isinstance(headline, str) else None
    names = meta.site_names(tree) + host_names(url) + (extra_names or [])

    raw = [og, h1, head_title, jsonld, _clean(fallback)]
    cleaned = []
    for i, candidate in enumerate(raw):
        if candidate is None:
            cleaned.append(None)
            continue
        others = [c for j, c in enumerate(raw) if j != i and c]
        cleaned.append(_clean(strip_site_name(candidate, names, others)))
    return (
        _vote(cleaned[:4], names)
        or _first_named(cleaned, names)
        or next((c for c in (*cleaned, *raw) if c), None)
    )


def _vote(candidates: list[str | None], names: list[str]) -> str | None:
    """The headline most sources agree on (ignoring punctuation and spacing), in the spelling
    most of them use; ties go to the earlier source (og:title, <h1>, <title>, JSON-LD)."""
    groups: dict[str, list[int]] = {}
    for index, candidate in enumerate(candidates):
        if candidate and not _is_site_name(candidate, names):
            groups.setdefault(_key(candidate), []).append(index)
    agreed = [members for members in groups.values() if len(members) >= 2]
    if not agreed:
        return None
    members = max(agreed, key=lambda m: (len(m), -m[0]))
    spellings = [candidates[i] or "" for i in members]
    return max(spellings, key=lambda s: (spellings.count(s), -spellings.index(s)))


def _first_named(candidates: list[str | None], names: list[str]) -> str | None:
    og, h1, head_title, jsonld, fallback = candidates
    for candidate in (og, jsonld, h1, head_title, fallback):
        if candidate and not _is_site_name(candidate, names):
            return candidate
    return None


# Prefer the <h1> inside the article: site logos are often an <h1> too.
_H1_PATHS = tuple(XPath(path) for path in ("//article//h1", "//main//h1", "//h1"))


def _first_h1(tree: HtmlElement) -> str | None:
    for path in _H1_PATHS:
        for elem in path(tree):
            text = _clean(elem.text_content())
            if text:
                return text
    return None

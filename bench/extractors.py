"""The extractors under test, each ``Page → Output(text, title, date)``.

Input, the same for all: the page bytes as served. arshif gets them with the HTTP
Content-Type (its own charset handling is part of what is measured). trafilatura gets the
bytes too and decodes them itself (``decode_file``: UTF-8, else detection), which is what its
documented ``fetch_url`` → ``extract`` path does. readability-lxml and jusText need ``str``:
they get exactly the string trafilatura decodes to, so the three baselines read identical text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

import justext
import lxml.html
import py3langid
import trafilatura
from readability import Document
from trafilatura.utils import decode_file

from arshif.extract import extract_article
from bench.sets import Page

# readability logs every candidate it scores; trafilatura and htmldate warn on odd pages.
for _name in ("readability", "readability.readability", "trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Output:
    text: str
    title: str | None = None
    date: str | None = None


Extractor = Callable[[Page], Output]

_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table tr td th ul".split()
)

# py3langid codes → jusText stoplist names (only languages jusText has a stoplist for).
_STOPLISTS = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "an": "Aragonese", "hy": "Armenian",
    "az": "Azerbaijani", "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian",
    "br": "Breton", "bg": "Bulgarian", "ca": "Catalan", "hr": "Croatian", "cs": "Czech",
    "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto", "et": "Estonian",
    "fi": "Finnish", "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German",
    "el": "Greek", "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian",
    "jv": "Javanese", "kn": "Kannada", "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish",
    "ky": "Kyrgyz", "la": "Latin", "lv": "Latvian", "lt": "Lithuanian", "lb": "Luxembourgish",
    "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi",
    "ne": "Nepali", "nb": "Norwegian_Bokmal", "no": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk", "oc": "Occitan", "fa": "Persian", "pl": "Polish",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sr": "Serbian",
    "sk": "Slovak", "sl": "Slovenian", "es": "Spanish", "sw": "Swahili", "sv": "Swedish",
    "tl": "Tagalog", "ta": "Tamil", "te": "Telugu", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon", "cy": "Welsh",
}  # fmt: skip


def arshif(page: Page) -> Output:
    article = extract_article(
        page.body, url=page.url, content_type=page.content_type, timezone=page.timezone
    )
    return Output(article.text or "", article.title, article.date)


def _trafilatura(page: Page, favor_precision: bool) -> Output:
    document = trafilatura.bare_extraction(
        page.body, url=page.url, with_metadata=True, favor_precision=favor_precision
    )
    if document is None:
        return Output("")
    return Output(document.text or "", document.title, document.date)


def trafilatura_default(page: Page) -> Output:
    return _trafilatura(page, favor_precision=False)


def trafilatura_precision(page: Page) -> Output:
    return _trafilatura(page, favor_precision=True)


@functools.lru_cache(maxsize=256)
def _decoded(body: bytes) -> str:
    return decode_file(body)


def _parse(html: str) -> lxml.html.HtmlElement:
    # Bytes, so that a string that still carries an XML encoding declaration parses too.
    return lxml.html.fromstring(
        html.encode("utf-8", "surrogatepass"), parser=lxml.html.HTMLParser(encoding="utf-8")
    )


def block_text(tree: lxml.html.HtmlElement) -> str:
    """``text_content()`` with a line break around each block element, blank lines dropped."""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def readability_lxml(page: Page) -> Output:
    document = Document(_decoded(page.body))
    summary = document.summary(html_partial=True)
    text = block_text(_parse(summary)) if summary.strip() else ""
    return Output(text, document.short_title() or None)


@functools.cache
def _stoplist(name: str | None) -> frozenset[str]:
    if name is not None:
        return frozenset(justext.get_stoplist(name))
    return frozenset().union(*(justext.get_stoplist(n) for n in justext.get_stoplists()))


def stoplist_name(page: Page, html: str) -> str | None:
    """jusText stoplist for the page: its known language, else py3langid on the visible text.

    English when detection has nothing to go on; None (= the union of all stoplists) for a
    language jusText has no stoplist for.
    """
    if page.language:
        return _STOPLISTS.get(page.language)
    try:
        tree = _parse(html)
        for junk in tree.xpath("//script|//style|//noscript"):
            junk.drop_tree()
        visible = " ".join(tree.text_content().split())
    except (ValueError, lxml.etree.ParserError):
        visible = ""
    if len(visible) < 40:
        return "English"
    code, _ = py3langid.classify(visible[:20000])
    return _STOPLISTS.get(str(code))


def jus_text(page: Page) -> Output:
    html = _decoded(page.body)
    stoplist = _stoplist(stoplist_name(page, html))
    paragraphs = justext.justext(html, stoplist)
    return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


EXTRACTORS: dict[str, Extractor] = {
    "arshif": arshif,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "readability-lxml": readability_lxml,
    "jusText": jus_text,
}
# What each extractor can report besides text.
HAS_TITLE = {"arshif", "trafilatura", "trafilatura-precision", "readability-lxml"}
HAS_DATE = {"arshif", "trafilatura", "trafilatura-precision"}

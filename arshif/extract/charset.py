"""Decode an HTML body to text with the charset the page actually uses.

Order: HTTP ``Content-Type`` charset → byte-order mark → ``<meta charset>`` /
``<meta http-equiv="Content-Type">`` → detection. A declared charset is trusted only if the
bytes decode under it: Arabic sites still serve windows-1256 pages under a server-wide
``charset=utf-8`` header, and trusting that would store mojibake.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from arshif.warc.payload import PayloadError, decode_content

# How far into the document the <meta> prescan looks. The HTML standard says 1024 bytes, but
# real Arabic news pages put long inline scripts before their meta tags.
_PRESCAN_BYTES = 16384

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Python codec names → the labels browsers and WARC tools use.
_LABELS = {
    "utf-8": "utf-8",
    "cp1256": "windows-1256",
    "cp1252": "windows-1252",
    "iso8859-6": "iso-8859-6",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
    "ascii": "windows-1252",
}

# WHATWG Encoding Standard: these labels mean windows-1252, and a <meta> claiming UTF-16 in
# a byte-oriented document means UTF-8.
_WHATWG_ALIASES = {
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

_LATIN_SINGLE_BYTE = {"cp1252", "iso8859-15", "latin-1"}

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    """A Python codec name for a declared label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "none", "unknown"):
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") and not from_meta:
        return name
    return _WHATWG_ALIASES.get(name, name)


def charset_label(codec: str) -> str:
    """The conventional label for a Python codec name (``cp1256`` → ``windows-1256``)."""
    name = codecs.lookup(codec).name
    return _LABELS.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The codec named by an HTTP ``Content-Type`` value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _codec(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """The codec declared by the page's own ``<meta>`` tags, if any."""
    head = body[:_PRESCAN_BYTES]
    for tag in _META_TAG.finditer(head):
        match = _META_CHARSET.search(tag.group(0))
        if match:
            codec = _codec(match.group(1).decode("ascii", "ignore"), from_meta=True)
            if codec:
                return codec
    return None


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if body.startswith(mark):
            return codec, len(mark)
    return None


def _arabic_share(text: str) -> float:
    letters = sum(1 for ch in text if ch.isalpha())
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def _detect(body: bytes) -> str:
    # Valid UTF-8 of any length is almost never an accident; check it before guessing.
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(body):
        return "utf-8"
    results = charset_normalizer.from_bytes(body)
    best = results.best()
    # Several single-byte charsets decode the same bytes without error; when one of the
    # candidates reads as Arabic, that is the one an Arabic news site meant.
    arabic = [match.encoding for match in results if _reads_as_arabic(str(match))]
    if arabic:
        # ISO-8859-6 and Mac Arabic also read as Arabic letters (the wrong ones, and tashkeel where
        # letters were): windows-1256 is what Arabic sites without UTF-8 use, whenever it fits.
        if _decodes(body, "cp1256") and _reads_as_arabic(body.decode("cp1256")):
            return "cp1256"
        return arabic[0]
    if best is not None and _arabic_share(str(best)) > 0:
        return best.encoding
    if _reads_as_arabic(body.decode("cp1256", "replace")):
        return "cp1256"
    return best.encoding if best is not None else "utf-8"


_BEYOND_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with a few broken sequences (a truncated character, a stray byte): still UTF-8, the
    broken bytes read as U+FFFD. Windows-1256 Arabic read as UTF-8 breaks at almost every letter."""
    text = body.decode("utf-8", "replace")
    errors = text.count("\ufffd")
    beyond = len(_BEYOND_ASCII.findall(text)) - errors
    return beyond >= 20 and errors * 50 <= beyond


def _reads_as_arabic(text: str) -> bool:
    # Beyond ASCII too: on a short page, markup and Latin words outnumber the Arabic letters.
    return _arabic_share(text) > 0.3 or _arabic_share_beyond_ascii(text) > 0.5


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _plausible(body: bytes, codec: str) -> bool:
    if not _decodes(body, codec):
        return False
    # A Latin-1/windows-1252 label on bytes that read as Arabic under windows-1256 is a
    # server default, not the page's charset (French letters survive both, so French pages
    # keep their label).
    if codec in _LATIN_SINGLE_BYTE:
        # Measured on the letters outside ASCII only: a short page's markup and Latin words would
        # otherwise outnumber its Arabic and let the wrong label win.
        return _arabic_share_beyond_ascii(body.decode("cp1256", "replace")) < 0.5
    return True


def _arabic_share_beyond_ascii(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
    return sum(1 for ch in letters if _ARABIC_LETTER.match(ch)) / len(letters) if letters else 0.0


def _gunzip(body: bytes) -> bytes:
    # A body taken raw from a WARC record may still carry its gzip Content-Encoding. Inflated
    # within a limit: gzip bytes served as text/html may be a compression bomb.
    if body[:2] == b"\x1f\x8b":
        try:
            return decode_content(body, "gzip")
        except PayloadError:
            return body
    return body


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page body (gunzipped first if it is gzip data); returns ``(text, charset)``.

    A byte-order mark wins over a header, as in browsers: it cannot be there by accident.
    """
    body = _gunzip(body)
    bom = _bom(body)
    if bom:
        codec, skip = bom
        return body[skip:].decode(codec, "replace"), charset_label(codec)
    for codec in (header_charset(content_type), meta_charset(body)):
        if codec and _plausible(body, codec):
            return body.decode(codec), charset_label(codec)
    codec = _detect(body)
    return body.decode(codec, "replace"), charset_label(codec)

"""Decoding: header → BOM → <meta> → detection, and windows-1256 without a header."""

from __future__ import annotations

import codecs
import gzip

import pytest
from extract_pages import PARAGRAPHS, TITLE

from arshif.extract import decode_html

ARABIC = f"<html><head><title>{TITLE}</title></head><body><p>{PARAGRAPHS[0]}</p></body></html>"
META_HTTP_EQUIV = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'


def test_utf8_header() -> None:
    assert decode_html(ARABIC.encode("utf-8"), "text/html; charset=UTF-8") == (ARABIC, "utf-8")


def test_windows_1256_with_meta_http_equiv_and_no_header_charset() -> None:
    html = ARABIC.replace("<head>", f"<head>{META_HTTP_EQUIV}")
    text, charset = decode_html(html.encode("cp1256"), "text/html")
    assert (text, charset) == (html, "windows-1256")


def test_windows_1256_with_meta_charset() -> None:
    html = ARABIC.replace("<head>", '<head><meta charset="windows-1256">')
    assert decode_html(html.encode("cp1256")) == (html, "windows-1256")


def test_windows_1256_with_no_declaration_at_all() -> None:
    text, charset = decode_html(ARABIC.encode("cp1256"))
    assert (text, charset) == (ARABIC, "windows-1256")


def test_short_windows_1256_snippet_is_detected() -> None:
    html = f"<p>{TITLE}</p>"
    assert decode_html(html.encode("cp1256")) == (html, "windows-1256")


def test_wrong_utf8_header_falls_back_to_the_page() -> None:
    # Server-wide "charset=utf-8" on a legacy windows-1256 page.
    html = ARABIC.replace("<head>", f"<head>{META_HTTP_EQUIV}")
    assert decode_html(html.encode("cp1256"), "text/html; charset=utf-8") == (html, "windows-1256")


def test_latin1_server_default_on_arabic_bytes_is_ignored() -> None:
    text, charset = decode_html(ARABIC.encode("cp1256"), "text/html; charset=ISO-8859-1")
    assert (text, charset) == (ARABIC, "windows-1256")


def test_latin1_label_is_kept_for_french() -> None:
    html = "<p>Le président a annoncé à Tunis une réforme économique</p>"
    assert decode_html(html.encode("latin-1"), "text/html; charset=iso-8859-1") == (
        html,
        "windows-1252",
    )


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [(codecs.BOM_UTF8, "utf-8", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16le")],
)
def test_bom_wins(bom: bytes, codec: str, label: str) -> None:
    assert decode_html(bom + ARABIC.encode(codec), "text/html; charset=windows-1256") == (
        ARABIC,
        label,
    )


def test_iso_8859_6_header() -> None:
    html = "<p>مرحبا بكم في الموقع</p>"
    assert decode_html(html.encode("iso8859_6"), "text/html; charset=ISO-8859-6") == (
        html,
        "iso-8859-6",
    )


def test_meta_beyond_first_kilobyte() -> None:
    html = ARABIC.replace("<head>", "<head><script>" + "x" * 3000 + "</script>" + META_HTTP_EQUIV)
    assert decode_html(html.encode("cp1256"))[1] == "windows-1256"


def test_gzip_body_is_gunzipped() -> None:
    html = ARABIC.replace("<head>", f"<head>{META_HTTP_EQUIV}")
    assert decode_html(gzip.compress(html.encode("cp1256"))) == (html, "windows-1256")

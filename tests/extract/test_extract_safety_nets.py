"""trafilatura's safety nets run only when they could change the text, and it reads the page
with its head set aside (issue 15, speed).

arshif runs trafilatura first without readability and jusText (``fast``) and again with them
when the result is one they could change (``maintext.needs_safety_nets``), on the page without
its head's metadata (``maintext.head_set_aside``). Its text must equal the full run's on the
whole page, on every page of every evaluation set, and the page must come back whole; bench/dropped.py's differential
(tests/extract/test_extract_dropped.py) compares arshif with the full run too.
"""

from __future__ import annotations

import pytest
from lxml.html import tostring
from trafilatura.utils import load_html

from arshif.extract import decode_html
from arshif.extract.maintext import (
    SAFETY_NET_CHARS,
    head_set_aside,
    needs_safety_nets,
    run_trafilatura,
)
from bench import dropped

_SHORT = "قال مسؤولون في وزارة الزراعة إن موسم حصاد القمح شهد زيادة في الإنتاج."


def _text(document: object) -> str:
    return (getattr(document, "text", None) or "") if document is not None else ""


@pytest.mark.parametrize("set_name", dropped.SET_NAMES)
def test_lazy_run_equals_the_full_run_on_every_page(set_name: str) -> None:
    pages, where = dropped.load(set_name)
    if pages is None:
        pytest.skip(f"{set_name}: nothing at {where}")
    differing = []
    for page in pages:
        html, _ = decode_html(page.body, page.content_type)
        tree = load_html(html)
        if tree is None:
            continue
        before = tostring(tree)
        with head_set_aside(tree):
            lazy = _text(run_trafilatura(tree, page.url))
        assert tostring(tree) == before, page.url
        if lazy != _text(run_trafilatura(tree, page.url, lazy=False)):
            differing.append(page.url)
    assert not differing, differing


class _Document:
    def __init__(self, html: str) -> None:
        self.body = load_html(f"<html><body>{html}</body></html>").find("body")
        self.text = self.body.text_content()


def test_the_nets_run_for_short_unparagraphed_table_or_unclean_texts() -> None:
    long_p = "<p>" + "كلمة " * (SAFETY_NET_CHARS // 4) + "</p>"
    assert needs_safety_nets(None)
    assert needs_safety_nets(_Document(f"<p>{_SHORT}</p>"))  # short
    assert needs_safety_nets(_Document("<div>" + "كلمة " * SAFETY_NET_CHARS + "</div>"))
    tables = "<table><tr><td>خلية</td></tr></table>" * 3
    assert needs_safety_nets(_Document(long_p + tables))  # more tables than paragraphs
    assert needs_safety_nets(_Document(long_p + "<figure>صورة</figure>"))  # unclean
    assert not needs_safety_nets(_Document(long_p))

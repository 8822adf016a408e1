"""arshif's author search answers as trafilatura's does, without its copy of the page (issue 15,
speed): on every page of every evaluation set, and on generated pages where author elements,
pruned blocks (comments, sidebars, dates, figures) and tails nest every way."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import tostring
from trafilatura import metadata as tm
from trafilatura.utils import load_html

from arshif.extract import decode_html, trafauthor
from bench import dropped


def test_the_emulated_xpaths_are_trafilaturas() -> None:
    # When this fails, trafilatura's author XPaths changed: bring trafauthor's tests in line
    # with them (until then it calls trafilatura itself).
    assert trafauthor.MATCHES_TRAFILATURA


@pytest.mark.parametrize("set_name", dropped.SET_NAMES)
def test_same_author_on_every_evaluation_page(set_name: str) -> None:
    pages, where = dropped.load(set_name)
    if pages is None:
        pytest.skip(f"{set_name}: nothing at {where}")
    differing = []
    for page in pages:
        tree = load_html(decode_html(page.body, page.content_type)[0])
        if tree is None:
            continue
        before = tostring(tree)
        ours = trafauthor.find_author(tree)
        assert tostring(tree) == before  # the page is read, never changed
        if ours != tm.extract_author(tree):
            differing.append(page.url)
    assert not differing, differing


_TAGS = ["div", "span", "p", "a", "section", "strong", "h3", "time", "figure", "author", "b"]
_CLASSES = [
    None, "author", "byline", "author-name", "post-author", "comments", "sidebar", "date",
    "title", "meta-date", "print", "writer", "username", "x", "quote box",
]  # fmt: skip
_IDS = [None, "author", "comments", "commentlist", "authorBox", "main"]
_WORDS = ["", " ", "أحمد", "Jane Doe", "بقلم محمد علي", "2026", "\n", "By Sam"]

_attrs = st.fixed_dictionaries(
    {},
    optional={
        "class": st.sampled_from([c for c in _CLASSES if c]),
        "id": st.sampled_from([i for i in _IDS if i]),
        "itemprop": st.sampled_from(["author", "name", "author name"]),
        "data-component": st.sampled_from(["Byline", "Figure", "Other"]),
        "rel": st.sampled_from(["author", "me"]),
    },
)


def _render(node: tuple) -> str:
    tag, attrs, text, children, tail = node
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    inner = text + "".join(_render(child) for child in children)
    return f"<{tag}{attributes}>{inner}</{tag}>{tail}"


_nodes = st.recursive(
    st.tuples(
        st.sampled_from(_TAGS), _attrs, st.sampled_from(_WORDS), st.just([]),
        st.sampled_from(_WORDS),
    ),
    lambda children: st.tuples(
        st.sampled_from(_TAGS), _attrs, st.sampled_from(_WORDS),
        st.lists(children, max_size=4), st.sampled_from(_WORDS),
    ),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_nodes, min_size=1, max_size=4))
def test_same_author_on_generated_pages(nodes: list[tuple]) -> None:
    body = "".join(_render(node) for node in nodes)
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert trafauthor.find_author(tree) == tm.extract_author(tree), body

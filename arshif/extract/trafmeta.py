"""trafilatura's metadata of a page, each field worked out only when the pipeline asks for it.

``trafilatura.bare_extraction(with_metadata=True)`` works out every field of every page: the
author from the page's elements, category and tag links, the licence, htmldate's date. arshif
reads most fields from the page's own metadata first and uses trafilatura's as a fallback
(author, tags, date), or not at all (licence): run eagerly, these cost about a sixth of an
extraction. Here each field follows ``trafilatura.metadata.extract_metadata`` step for step,
on the same tree, when first read; bidi marks are protected around each step as they are
around trafilatura's run (see ``marks``).
"""

from __future__ import annotations

import logging
from html import unescape
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as tm
from trafilatura.utils import line_processing

from arshif.extract import marks, trafauthor

_LOG = logging.getLogger(__name__)
# What the pipeline reads of every page (the rest — author, tags, date — only as fallbacks).
_ALWAYS_READ = ("title", "sitename", "url", "description", "image", "categories")
# trafilatura's Document.clean_and_trim length limit.
_MAX_CHARS = 10000


def _trimmed(value: Any) -> Any:
    # What Document.clean_and_trim does to every string field.
    if not isinstance(value, str):
        return value
    if len(value) > _MAX_CHARS:
        value = value[: _MAX_CHARS - 1] + "…"
    return line_processing(unescape(value))


def _restored(value: Any) -> Any:
    if isinstance(value, str):
        return marks.restore(value).strip() or None
    if isinstance(value, list):
        return [marks.restore(str(item)).strip() for item in value if str(item).strip()]
    return value


class TrafilaturaMetadata:
    """``get(field)`` as trafilatura's metadata would give it (marks restored), computed once."""

    def __init__(
        self,
        tree: HtmlElement,
        html: str,
        url: str | None,
        date_params: dict[str, Any],
        stand_ins: str | None = None,
    ) -> None:
        """``stand_ins``: what ``marks.protect_tree(tree, html)`` returned, when known."""
        self._tree, self._html, self._url = tree, html, url
        self._date_params = date_params
        self._base: Any = None
        self._values: dict[str, Any] = {}
        self._stand_ins = stand_ins

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self._values:
            # The fields every page reads come together: one protection of the tree for all.
            keys = _ALWAYS_READ if key in _ALWAYS_READ else (key,)
            self._values.update(self._protected(keys))
        value = self._values[key]
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def _protected(self, keys: tuple[str, ...]) -> dict[str, Any]:
        # The page's source is scanned for marks once; most pages have none to protect.
        if self._stand_ins is None:
            self._stand_ins = marks.protect_tree(self._tree, self._html)
        else:
            marks.protect_again(self._tree, self._stand_ins)
        try:
            return {key: _restored(_trimmed(self._raw(key))) for key in keys}
        finally:
            marks.restore_tree(self._tree, self._stand_ins)

    def _meta(self) -> Any:
        if self._base is None:
            base = tm.examine_meta(self._tree)
            if base.author and " " not in base.author:
                base.author = None
            try:
                base = tm.extract_meta_json(self._tree, base)
            except Exception as error:  # trafilatura's own guard: bugs in its JSON-LD reader
                _LOG.warning("error in JSON metadata extraction: %s", error)
            self._base = base
        return self._base

    def _url_field(self) -> str | None:
        return self._meta().url or tm.extract_url(self._tree, self._url)

    def _raw(self, key: str) -> Any:
        base, tree = self._meta(), self._tree
        if key == "title":
            return base.title or tm.extract_title(tree)
        if key == "author":
            return base.author or trafauthor.find_author(tree)
        if key == "url":
            return self._url_field()
        if key == "date":
            return find_date(tree, **{**self._date_params, "url": self._url_field()})
        if key == "sitename":
            return self._sitename()
        if key == "categories":
            return base.categories or tm.extract_catstags("category", tree)
        if key == "tags":
            return base.tags or tm.extract_catstags("tag", tree)
        return getattr(base, key, None)  # description, image

    def _sitename(self) -> str | None:
        name = self._meta().sitename or tm.extract_sitename(self._tree)
        if name:
            name = name.lstrip("@")
            if name and "." not in name and not name[0].isupper():
                name = name.title()
            return name
        url = self._url_field()
        match = tm.META_URL.match(url) if url else None
        return match[1] if match else None

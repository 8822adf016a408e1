"""``nearest_capture`` (what ``get`` and /api/text ask) picks the very row ``nearest(history())``
picks, reading the index instead of every capture's row: ties, equal distances, exact hits,
times outside the captured span, the newest without a time, aliases and takedowns alike."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.catalog import Catalog
from arshif.retrieve import NoCapture, Withdrawn, history, nearest, nearest_capture

ARTICLE = "https://example.com/news/1"
ALIAS = "https://example.com/amp/news/1"
BASE = datetime(2026, 11, 29, 8, tzinfo=UTC)


def stamp(seconds: float) -> str:
    return (BASE + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fill(catalog: Catalog, offsets: list[int], record_ids: list[str]) -> None:
    rows = [{"record_id": rid, "url": ALIAS if n % 3 == 0 else ARTICLE, "canonical_url": ARTICLE,
             "url_key": ALIAS if n % 3 == 0 else ARTICLE, "site": "s", "run_key": "r", "timestamp": stamp(at),
             "status": 200, "kind": "response"}
            for n, (at, rid) in enumerate(zip(offsets, record_ids, strict=True))]
    catalog.apply_manifest("m", "r", "s", rows)


@settings(max_examples=60, deadline=None)
@given(offsets=st.lists(st.integers(0, 40).map(lambda n: n * 30), min_size=1, max_size=12),
       asked=st.lists(st.integers(-100, 1300), min_size=1, max_size=8),
       data=st.data())
def test_the_same_row_as_nearest_of_history(tmp_path_factory, offsets, asked, data):
    record_ids = data.draw(st.lists(st.text("abcdef", min_size=1, max_size=4), min_size=len(offsets),
                                    max_size=len(offsets), unique=True))
    catalog = Catalog(tmp_path_factory.mktemp("c") / "catalog.sqlite")
    try:
        fill(catalog, offsets, record_ids)
        # Times between captures (15 s: equal distance to both sides), at captures, outside the span.
        for at in [None, *(BASE + timedelta(seconds=s) for s in asked)]:
            for url in (ARTICLE, ALIAS):
                assert nearest_capture(catalog, url, at) == nearest(history(catalog, url), at)
    finally:
        catalog.close()


def test_no_capture_and_withdrawn_as_history(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    try:
        with pytest.raises(NoCapture):
            nearest_capture(catalog, ARTICLE, BASE)
        with pytest.raises(NoCapture):
            nearest_capture(catalog, ARTICLE, None)
        fill(catalog, [0, 60], ["a", "b"])
        catalog.add_takedown({"id": "t1", "article": ARTICLE, "site": "s", "decided_at": stamp(100)}, "k")
        for at in (BASE, None):
            with pytest.raises(Withdrawn):
                nearest_capture(catalog, ALIAS, at)
    finally:
        catalog.close()

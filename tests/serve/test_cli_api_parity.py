"""The CLI and the API answer alike (issue 18, item 2): `arshif get/history/diff/cluster` and
/api/capture, /api/history, /api/diff, /api/cluster choose the same capture and refuse alike.

One archive: the demo's days 1–3 (the session's, tests/demo_archive.py) copied into a bucket of
this module's own, then changed as an archivist would and as the catalog allows:

- one article taken down, another taken down and purged (``arshif takedown``);
- a capture of a third article made to refer to the withdrawn article's bytes (as a revisit of
  identical bytes under another URL would): both must refuse it, not serve the withdrawn text;
- a second capture at the very second of a fourth article's capture (a tie: the first by
  record id wins, on both paths).

Beside those: an edited article (two versions), asked before its first capture, at the midpoint
of its first two (a tie of distances: the earlier wins), at its first capture and after its last;
an alias of it (a tracking parameter); a 304 re-check (a revisit: its text is the capture it
confirmed); an article removed on day 3 (the newest capture records the removal); one moved
home; a story with a copy on another site (a cluster); a URL never archived.

Every CLI call runs as a subprocess (tests/arshif_cli.py), all of them once, side by side, in the
module's fixture; the API is the app `arshif serve` runs, in process (FastAPI's TestClient).
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from arshif_cli import arshif

from arshif.demo import scenario

pytestmark = pytest.mark.slow
BUCKET = "arshif-parity"
NEVER = "http://127.0.0.21:8765/never/archived/article"
BEFORE, AFTER = "1999-01-01", "2099-01-01"
TIE_RECORD = "<urn:uuid:00000000-0000-0000-0000-000000000000>"  # first by record id

# name → which times `get` is asked at (resolved per article in the fixture)
ARTICLES = {
    "edited": ("newest", "before", "midpoint", "first", "after"),
    "alias": ("newest", "first"),
    "revisit": ("newest", "revisit"),
    "removed": ("newest", "before"),
    "moved": ("newest",),
    "story": ("newest",),
    "withdrawn": ("newest", "first"),
    "purged": ("newest",),
    "borrower": ("newest", "before"),
    "tied": ("tie", "newest"),
    "never": ("newest",),
}
GETS = [(name, when) for name, whens in ARTICLES.items() for when in whens]


def catalog_rows(home: Path, sql: str, *params) -> list[dict]:
    db = sqlite3.connect(Path(home) / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, params)]
    finally:
        db.close()


def spare_articles(home: Path, used: set[str], count: int) -> list[dict]:
    """``count`` masr-today articles with text, none of the scenario's, in a fixed order."""
    found = catalog_rows(home, "SELECT canonical_url, MIN(url) AS url, COUNT(*) AS captures FROM captures "
                         "WHERE site = 'masr-today' AND role = 'article' AND text_fingerprint IS NOT NULL "
                         "GROUP BY canonical_url ORDER BY canonical_url")
    return [a for a in found if a["canonical_url"] not in used and a["url"] not in used][:count]


def change_archive(env: dict, home: Path) -> dict[str, str]:
    """The takedowns, the borrowed bytes and the tie (see the module's docstring); returns the
    URL of each article by name."""
    plan = scenario()
    urls = {"edited": plan.edited, "alias": plan.edited + "?utm_source=parity&utm_medium=test",
            "revisit": plan.byte_identical, "removed": plan.unpublished, "moved": plan.moved_home,
            "story": plan.wire_pair[0], "never": NEVER}
    withdrawn, purged, borrower, tied = spare_articles(home, set(urls.values()), 4)
    urls.update(withdrawn=withdrawn["url"], purged=purged["url"], borrower=borrower["url"], tied=tied["url"])
    arshif(env, "takedown", withdrawn["url"], "--reason", "parity: a court order", "--by", "tests")
    arshif(env, "takedown", purged["url"], "--reason", "parity: purge", "--purge", "--signed-off-by", "tests")
    withdrawn_bytes = catalog_rows(home, "SELECT record_id FROM captures WHERE canonical_url = ? "
                                   "ORDER BY timestamp LIMIT 1", withdrawn["canonical_url"])[0]["record_id"]
    db = sqlite3.connect(Path(home) / "catalog.sqlite")
    try:
        with db:
            db.execute("UPDATE captures SET payload_record_id = ? WHERE record_id = (SELECT record_id FROM "
                       "captures WHERE canonical_url = ? ORDER BY timestamp DESC LIMIT 1)",
                       (withdrawn_bytes, borrower["canonical_url"]))
            columns = [r[1] for r in db.execute("PRAGMA table_info(captures)")]
            picked = ", ".join("? AS record_id" if c == "record_id" else "'sha1:PARITYTIE' AS digest"
                               if c == "digest" else c for c in columns)
            db.execute(f"INSERT INTO captures SELECT {picked} FROM captures WHERE canonical_url = ? "
                       "ORDER BY timestamp LIMIT 1", (TIE_RECORD, tied["canonical_url"]))
    finally:
        db.close()
    return urls


def times_of(home: Path, url: str) -> dict[str, str | None]:
    """The times `get` is asked at for ``url``'s article (any alias), from its captures. The
    midpoint of the first two captures is a tie of distances (the earlier wins), or half a
    microsecond nearer the earlier when they are an odd number of microseconds apart."""
    from arshif.catalog import Catalog
    from arshif.retrieve import NoCapture, history

    catalog = Catalog(Path(home) / "catalog.sqlite")
    try:
        rows = history(catalog, url)
    except NoCapture:  # withdrawn, purged, never archived: asked at the newest only
        return {"newest": None, "first": "2026-11-29"}
    finally:
        catalog.close()
    stamps = [datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")) for r in rows]
    second = stamps[1] if len(stamps) > 1 else stamps[0] + timedelta(hours=2)
    revisit = next((r["timestamp"] for r in rows if r["status"] == 304), None)
    return {"newest": None, "before": BEFORE, "after": AFTER, "first": rows[0]["timestamp"],
            "midpoint": (stamps[0] + (second - stamps[0]) // 2).isoformat(), "revisit": revisit,
            "tie": rows[0]["timestamp"]}


def cli_calls(urls: dict[str, str], times: dict[str, dict]) -> dict[tuple, list[str]]:
    calls: dict[tuple, list[str]] = {}
    for name, when in GETS:
        at = times[name][when]
        calls[("get", name, when)] = ["get", urls[name], "--json", *(["--at", at] if at else [])]
    for name in ARTICLES:
        calls[("history", name)] = ["history", urls[name], "--json"]
        calls[("diff", name)] = ["diff", urls[name], "--json"]
        calls[("cluster", name)] = ["cluster", urls[name], "--json"]
    calls[("diff", "edited", "range")] = ["diff", urls["edited"], "--json", "--from", BEFORE, "--to",
                                          times["edited"]["midpoint"]]
    return calls


@pytest.fixture(scope="module")
def archive(demo_days123, copy_demo_archive, s3_endpoint):
    """The changed copy, every CLI answer (run side by side) and an API client on it."""
    from fastapi.testclient import TestClient

    from arshif.serve import Origins
    from arshif.serve.api import create_api
    from arshif.serve.lookup import Catalogs
    from storage.s3 import ObjectStore

    env, home = copy_demo_archive(demo_days123, BUCKET)
    urls = change_archive(env, home)
    times = {name: times_of(home, urls[name]) for name in ARTICLES}
    calls = cli_calls(urls, times)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(zip(calls, pool.map(lambda args: arshif(env, *args, check=False), calls.values()),
                           strict=True))
    app = create_api(ObjectStore(s3_endpoint, BUCKET), Origins.of("127.0.0.1", 1, 2),
                     Catalogs(Path(home) / "catalog.sqlite"))
    with TestClient(app) as client:
        yield {"urls": urls, "times": times, "cli": answers, "api": client, "home": home}


def without_replay(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k not in ("replay", "note")}


def assert_same_refusal(cli, response) -> None:
    """Both refuse: a takedown as a takedown (its id, and whether purged, said by both), anything
    else with the API's reason in the CLI's message."""
    assert cli.returncode == 1 and not cli.stdout.strip(), (cli.returncode, cli.stdout[:300])
    body = response.json()
    if response.status_code == 410:
        assert f"by takedown {body['takedown']['id']} " in cli.stderr, (cli.stderr, body)
        assert ("and purged" in cli.stderr) == ("and purged" in body["error"]), (cli.stderr, body)
    else:
        assert response.status_code == 404, body
        assert body["error"] in cli.stderr, (cli.stderr, body)


def compare(cli, response, shape) -> dict | None:
    """The API's answer shaped as the CLI prints it, asserted equal; or the same refusal."""
    if response.status_code != 200:
        assert_same_refusal(cli, response)
        return None
    assert cli.returncode == 0, (cli.stderr, response.json())
    expected = shape(response.json())
    assert json.loads(cli.stdout) == expected
    return expected


@pytest.mark.parametrize(("name", "when"), GETS, ids=[f"{n}-{w}" for n, w in GETS])
def test_get_and_api_capture_choose_the_same_capture(archive, name, when):
    url, at = archive["urls"][name], archive["times"][name][when]
    response = archive["api"].get("/api/capture", params={"url": url, **({"at": at} if at else {})})
    cli = archive["cli"][("get", name, when)]
    chosen = compare(cli, response, without_replay)
    if chosen is None:
        return
    note = response.json()["note"]
    assert (cli.stderr.strip() or None) == note  # a removal is told alike
    if name == "tied" and when == "tie":
        assert chosen["digest"] == "sha1:PARITYTIE"  # the first by record id, on both paths
    if name == "edited" and when == "midpoint":  # a tie of distances: the earlier capture
        assert chosen["timestamp"] == archive["times"][name]["first"]


@pytest.mark.parametrize("name", list(ARTICLES))
def test_history_diff_and_cluster_answer_alike(archive, name):
    url, client, cli = archive["urls"][name], archive["api"], archive["cli"]
    compare(cli[("history", name)], client.get("/api/history", params={"url": url}),
            lambda body: [without_replay(c) for c in body["captures"]])
    compare(cli[("diff", name)], client.get("/api/diff", params={"url": url}), diff_shape)
    compare(cli[("cluster", name)], client.get("/api/cluster", params={"url": url}), lambda body: body)


def diff_shape(body: dict) -> dict:
    return {"from": without_replay(body["from"]), "to": without_replay(body["to"]), "changes": body["changes"]}


def test_diff_between_two_times_answers_alike(archive):
    url, times = archive["urls"]["edited"], archive["times"]["edited"]
    response = archive["api"].get("/api/diff", params={"url": url, "from": BEFORE, "to": times["midpoint"]})
    assert compare(archive["cli"][("diff", "edited", "range")], response, diff_shape) is not None


def test_the_archive_holds_what_the_cases_need(archive):
    """The cases are what they say: a refusal where one is meant, a capture elsewhere."""
    cli = archive["cli"]
    for name in ("withdrawn", "purged", "borrower"):
        assert "withdrawn from access" in cli[("get", name, "newest")].stderr, name
    assert "and purged" in cli[("history", "purged")].stderr
    assert cli[("get", "borrower", "before")].returncode == 0  # its older captures are its own
    assert cli[("get", "removed", "newest")].stderr.strip()  # the removal note
    assert json.loads(cli[("get", "revisit", "revisit")].stdout)["status"] == 304
    assert json.loads(cli[("cluster", "story")].stdout)["others"]
    assert len({json.loads(cli[("get", "edited", w)].stdout)["digest"] for w in ("first", "after")}) == 2
    assert json.loads(cli[("get", "alias", "newest")].stdout) == json.loads(cli[("get", "edited", "newest")].stdout)

"""What changed, on a real archive: the demo network's days 1, 2 and 3 through the DAG into
SeaweedFS (a bucket of this module's own). Day 2 edits masr-today's accident report and day 3
edits it again; on day 3 a levant-post article answers 404 and a gulf-wire one redirects to the
home page (see arshif/demo/scenario.py).

`arshif changes` lists them in time order with their filters; `arshif serve` serves them as Atom
feeds that a real feed parser (feedparser) reads without complaint, each removal in the removed
feed of the run that found it gone, linking to the last version before it in replay.

Capture times are the wall clock's (the demo's days are logical dates): a change's run says
which day found it, its time only orders it; `--since DATE` selects by run (the logical day).
"""

from __future__ import annotations

import json

import feedparser
import pytest
from arshif_cli import archive_env, arshif, run_demo_days, serving

from arshif.demo import scenario

pytestmark = pytest.mark.slow
BUCKET = "arshif-changes"
DAY3 = "20261130T000000Z"  # the run key of day 3


@pytest.fixture(scope="module")
def archive(tmp_path_factory, s3_endpoint, demo_server):
    home = tmp_path_factory.mktemp("changes-home")
    env = archive_env(home, s3_endpoint, BUCKET)
    run_demo_days(env, (1, 2, 3))
    return {"env": env, "home": home}


def listed(env: dict, *args: str) -> list[dict]:
    return json.loads(arshif(env, "changes", *args, "--json").stdout)["changes"]


def test_changes_lists_new_edited_and_removed_in_time_order(archive):
    env, story = archive["env"], scenario()
    found = listed(env)
    assert [c["at"] for c in found] == sorted(c["at"] for c in found)
    edits = [c for c in found if c["kind"] == "edited" and c["url"] == story.edited]
    assert [(e["version"], e["run"]) for e in edits] == [(2, "20261129T000000Z"), (3, DAY3)]
    assert all(e["words_added"] > 0 and e["previous_at"] < e["at"] for e in edits)
    removed = {c["url"]: c for c in found if c["kind"] == "removed"}
    assert set(removed) >= {story.unpublished, story.moved_home}
    assert removed[story.unpublished]["status"] == 404
    assert removed[story.unpublished]["run"] == removed[story.moved_home]["run"] == DAY3
    assert removed[story.moved_home]["previous_at"] < removed[story.moved_home]["at"]
    assert {c["url"] for c in found if c["kind"] == "new"} >= set(story.new_on_day2["gulf-wire"])

    assert {c["kind"] for c in listed(env, "--kind", "removed")} == {"removed"}
    assert {c["site"] for c in listed(env, "--site", "levant-post")} == {"levant-post"}
    # --since a date: the changes of that logical day (the runs of day 3, 2026-11-30) and later,
    # whenever they ran (their capture times are the wall clock's, days after).
    of_day3 = listed(env, "--since", "2026-11-30")
    assert of_day3 == [c for c in found if c["run"] >= DAY3] == listed(env, "--since", "20261130")
    assert {c["url"] for c in of_day3} >= {story.unpublished, story.moved_home, story.edited}
    assert [(c["version"], c["run"]) for c in of_day3 if c["kind"] == "edited" and c["url"] == story.edited] == [
        (3, DAY3)]
    assert {c["run"] for c in listed(env, "--since", "2026-11-29")} == {"20261129T000000Z", DAY3}
    assert listed(env, "--since", "2026-12-01") == []  # no run of that day yet
    # --since a time: the changes captured at or after that instant. Day 3's first change:
    # everything that run found comes from there on. (Not day 3's edit: the sites are crawled
    # side by side, so a removal may be captured before the edit.)
    since = min(c["at"] for c in found if c["run"] == DAY3)
    later = listed(env, "--since", since)
    assert later[0]["at"] >= since and {c["url"] for c in later} >= {story.unpublished, story.moved_home}
    assert story.edited not in {c["url"] for c in later if c["kind"] == "edited" and c["version"] == 2}
    bad = arshif(env, "changes", "--since", "2026-13-40", check=False)
    assert bad.returncode == 2 and "--since" in bad.stderr
    text = arshif(env, "changes", "--kind", "edited").stdout
    assert "edited" in text and story.edited in text and "words" in text
    bad = arshif(env, "changes", "--kind", "moved", check=False)
    assert bad.returncode == 2 and "edited, removed" in bad.stderr


def test_atom_feeds_parse_and_removals_link_to_the_last_version(archive):
    story = scenario()
    with serving(archive["env"]) as info:
        client, api = info["client"], info["api"]
        feeds = {}
        for path in ("/feeds/changes.atom", "/feeds/removed.atom", "/feeds/sites/gulf-wire/changes.atom",
                     "/feeds/sites/levant-post/removed.atom"):
            response = client.get(api + path)
            assert response.status_code == 200 and response.headers["content-type"].startswith(
                "application/atom+xml"), path
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            assert parsed.version == "atom10" and parsed.feed.title, path
            feeds[path] = parsed
        removed = {e.links[1].href: e for e in feeds["/feeds/removed.atom"].entries}
        assert set(removed) >= {story.unpublished, story.moved_home}
        for url in (story.unpublished, story.moved_home):
            entry = removed[url]
            assert entry.link.startswith(info["replay"] + "/web/") and entry.link.endswith(url)
            assert DAY3 in entry.summary  # the run that found it gone
            assert client.get(entry.link).status_code == 200  # the last version, in replay
        edits = [e for e in feeds["/feeds/changes.atom"].entries if e.tags[0].term == "edited"]
        assert any(story.edited in e.links[1].href and "/#/article?" in e.link for e in edits)
        assert {e.title.split("]")[0] for e in feeds["/feeds/sites/gulf-wire/changes.atom"].entries} == {"[gulf-wire"}
        assert [e.links[1].href for e in feeds["/feeds/sites/levant-post/removed.atom"].entries] == [story.unpublished]
        assert client.get(api + "/feeds/sites/..%2Fx/changes.atom").status_code in (400, 404)
        page = client.get(api + "/api/changes", params={"kind": "removed"}).json()["changes"]
        assert {c["url"] for c in page} >= {story.unpublished} and all(c["replay_before"] for c in page)

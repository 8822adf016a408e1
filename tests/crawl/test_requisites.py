"""Page requisites (``requisites: true`` in the sites file): each article's stylesheet and images
are captured beside it, once per run, so that replay looks like the page; a requisite unchanged
since the last run is archived as a revisit; a site without the option fetches none.

Real parts: the demo server, the DAG, SeaweedFS (a bucket of this module's own).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from arshif_cli import archive_env, arshif

from arshif.demo import DAY_DATES

pytestmark = pytest.mark.slow
BUCKET = "arshif-requisites"
MASR = "http://127.0.0.21:8765"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, s3_endpoint, demo_server):
    """masr-today with requisites, gulf-wire without, crawled on days 1 and 2."""
    from arshif.demo import set_day

    home = tmp_path_factory.mktemp("requisites-home")
    env = archive_env(home, s3_endpoint, BUCKET)
    config = yaml.safe_load((Path(__file__).parents[2] / "arshif/demo/sites.yaml").read_text())
    sites = {s["name"]: s for s in config["sites"]}
    sites["masr-today"]["requisites"] = True
    config["sites"] = [sites["masr-today"], sites["gulf-wire"]]
    sites_file = home / "sites.yaml"
    sites_file.write_text(yaml.safe_dump(config, allow_unicode=True))
    try:
        for day in (1, 2):
            set_day(day)
            arshif(env, "run", "--sites", str(sites_file), "--date", DAY_DATES[day].isoformat())
    finally:
        set_day(demo_server.get("day") or 1)
    return {"env": env, "home": home}


def rows(archive, sql: str, *params) -> list[dict]:
    from arshif.catalog import Catalog

    catalog = Catalog(Path(archive["home"]) / "catalog.sqlite")
    try:
        return [dict(r) for r in catalog.db.execute(sql, params)]
    finally:
        catalog.close()


def test_an_articles_stylesheet_and_images_are_captured_once_per_run(archive):
    """Its setup runs two days of a one-site network through the DAG (about half a minute each)."""
    day1 = rows(archive, "SELECT url, status, content_type, kind FROM captures WHERE role = 'requisite' "
                "AND run_key = '20261128T000000Z'")
    urls = [r["url"] for r in day1]
    assert f"{MASR}/static/masr.css" in urls
    images = [r for r in day1 if r["content_type"] and r["content_type"].startswith("image/")]
    assert len(images) >= 5, urls
    assert len(urls) == len(set(urls))  # each once, though every article names the stylesheet
    assert all(r["url"].startswith(MASR) for r in day1)
    assert all(r["status"] == 200 for r in day1 if r["url"] == f"{MASR}/static/masr.css" or r in images)
    # A requisite the site does not have is archived as it was answered (the page names an icon
    # the demo does not serve): replay then answers 404 for it too, as the site did.
    assert {r["status"] for r in day1 if r["url"].endswith("/favicon.ico")} <= {404}
    # gulf-wire did not ask for them.
    assert not rows(archive, "SELECT 1 FROM captures WHERE role = 'requisite' AND site = 'gulf-wire'")


def test_an_unchanged_requisite_is_a_revisit_the_next_day(archive):
    css = rows(archive, "SELECT run_key, kind FROM captures WHERE url = ? ORDER BY run_key", f"{MASR}/static/masr.css")
    assert [r["kind"] for r in css] == ["response", "revisit"]


def test_requisites_are_in_the_replay_index(archive, tmp_path):
    from arshif.pywb.merged_index import update_merged_index
    from storage.s3 import ObjectStore

    store = ObjectStore(archive["env"]["ARSHIF_S3_ENDPOINT"], BUCKET)
    index = update_merged_index(store, tmp_path)
    assert b"static/masr.css" in index.path.read_bytes()

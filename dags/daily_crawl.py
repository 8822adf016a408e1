"""daily_crawl: every due site is crawled (one mapped task each, a subprocess per crawl), then
the run's captures are deduped, archived and reported.

Thin on purpose: the work lives in ``arshif.pipeline.tasks``, imported inside each task so
that parsing this file stays fast. Params (``arshif run`` passes them as the run's conf):
``sites_file`` — the sites YAML; ``run_key`` — optional, derived from the logical date.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import dag, get_current_context, task

DEFAULT_SITES = os.environ.get("ARSHIF_SITES_FILE", "")


def _run_key() -> str:
    from arshif.layout import run_key

    context = get_current_context()
    return context["params"].get("run_key") or run_key(context["logical_date"])


@dag(
    dag_id="daily_crawl",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={"sites_file": DEFAULT_SITES, "run_key": ""},
    default_args={"retries": 0, "retry_delay": timedelta(minutes=5)},
    tags=["arshif"],
    doc_md=__doc__,
)
def daily_crawl():
    @task
    def due_sites() -> list[str]:
        from arshif.pipeline.tasks import due_sites

        return due_sites(get_current_context()["params"]["sites_file"])

    @task(max_active_tis_per_dagrun=4, execution_timeout=timedelta(hours=3))
    def crawl(site: str) -> dict:
        from arshif.pipeline.tasks import crawl_site

        return crawl_site(site, get_current_context()["params"]["sites_file"], _run_key())

    @task(trigger_rule="all_done")
    def dedupe(sites: list[str]) -> dict:
        from arshif.pipeline.tasks import dedupe_run

        return dedupe_run(_run_key(), sites)

    @task(trigger_rule="all_done")
    def archive(sites: list[str]) -> dict:
        from arshif.pipeline.tasks import archive_run

        return archive_run(_run_key(), sites)

    @task(trigger_rule="all_done")
    def report(sites: list[str]) -> dict:
        from arshif.pipeline.tasks import report_run

        return report_run(_run_key(), sites)

    sites = due_sites()
    crawled = crawl.expand(site=sites)
    decided = dedupe(sites)
    archived = archive(sites)
    crawled >> decided >> archived >> report(sites)


daily_crawl()

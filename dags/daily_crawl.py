"""daily_crawl: every due site is crawled (one mapped task each, a subprocess per crawl), then
the run's captures are deduped, archived and reported.

The DAG runs hourly (``ARSHIF_DAG_SCHEDULE`` changes it); each site is crawled at its own pace
(``every`` in the sites file) or when re-checks of its articles are due, so most runs crawl few
sites or none. Crawls share the Airflow pool ``arshif_crawl`` (``ARSHIF_CRAWL_POOL``; created by
``arshif airflow``), which bounds the load on the machine and the network across runs.

Failures: each task retries with exponential back-off, a failed task raises an alert (log and
``ARSHIF_ALERT_WEBHOOK``), and a run still unfinished ``ARSHIF_RUN_DEADLINE_HOURS`` after it was
queued raises a Deadline Alert (run by the triggerer).

Thin on purpose: the work lives in ``arshif.pipeline.tasks``, imported inside each task so
that parsing this file stays fast. Params (``arshif run`` passes them as the run's conf):
``sites_file`` — the sites YAML; ``run_key`` — optional, derived from the logical date.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import (
    AsyncCallback,
    DeadlineAlert,
    DeadlineReference,
    dag,
    get_current_context,
    task,
)

DEFAULT_SITES = os.environ.get("ARSHIF_SITES_FILE", "")
# "none": runs only when triggered (`arshif run`, the REST API, the UI).
SCHEDULE = os.environ.get("ARSHIF_DAG_SCHEDULE", "@hourly")
SCHEDULE = None if SCHEDULE.strip().lower() in ("", "none") else SCHEDULE
CRAWL_POOL = os.environ.get("ARSHIF_CRAWL_POOL", "arshif_crawl")
# 0: no Deadline Alert (``arshif run`` sets it: dag.test() cannot run deadlines, they need the
# scheduler and the triggerer).
DEADLINE_HOURS = float(os.environ.get("ARSHIF_RUN_DEADLINE_HOURS", "6"))
RETRIES = int(os.environ.get("ARSHIF_TASK_RETRIES", "2"))


def _run_key() -> str:
    from arshif.layout import run_key

    context = get_current_context()
    return context["params"].get("run_key") or run_key(context["logical_date"])


def _task_failed(context) -> None:
    from arshif.ops.alerts import task_failed

    task_failed(context)


@dag(
    dag_id="daily_crawl",
    schedule=SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={"sites_file": DEFAULT_SITES, "run_key": ""},
    default_args={
        "retries": RETRIES,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "on_failure_callback": _task_failed,
        "execution_timeout": timedelta(hours=1),
    },
    deadline=DeadlineAlert(reference=DeadlineReference.DAGRUN_QUEUED_AT, interval=timedelta(hours=DEADLINE_HOURS),
                           callback=AsyncCallback("arshif.ops.alerts.deadline_missed")) if DEADLINE_HOURS else None,
    tags=["arshif"],
    doc_md=__doc__,
)
def daily_crawl():
    @task
    def due_sites() -> list[str]:
        from arshif.pipeline.tasks import due_sites

        return due_sites(get_current_context()["params"]["sites_file"], _run_key())

    # A crawl is a subprocess with its own timeout (ARSHIF_CRAWL_TIMEOUT); the task's is longer.
    @task(max_active_tis_per_dagrun=4, pool=CRAWL_POOL, execution_timeout=timedelta(hours=3))
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

    @task(trigger_rule="all_done", retries=0)
    def report(sites: list[str]) -> dict:
        from arshif.pipeline.tasks import report_run

        return report_run(_run_key(), sites, get_current_context()["params"]["sites_file"])

    sites = due_sites()
    crawled = crawl.expand(site=sites)
    decided = dedupe(sites)
    archived = archive(sites)
    crawled >> decided >> archived >> report(sites)


daily_crawl()

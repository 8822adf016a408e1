"""Telling people: every alert is logged (and kept in ``ARSHIF_HOME/alerts.jsonl``); with
``ARSHIF_ALERT_WEBHOOK`` set, it is also POSTed there as JSON. Sending never fails the caller:
an alert that cannot be delivered is logged as such.

Also the Airflow hooks that raise alerts: a task's failure callback and the DAG's Deadline Alert.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import UTC, datetime

from arshif.home import arshif_home
from arshif.ops.health import Alert

log = logging.getLogger("arshif.alerts")
WEBHOOK_ENV = "ARSHIF_ALERT_WEBHOOK"
WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_ATTEMPTS = 2


def send(alerts: Iterable[Alert]) -> int:
    """Logs, keeps and (with a webhook) posts each alert; returns how many were delivered."""
    delivered = 0
    for alert in alerts:
        document = {**alert.to_dict(), "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        log.warning("ALERT %s %s: %s (what to do: %s)", alert.severity, alert.rule, alert.message, alert.action)
        _keep(document)
        url = os.environ.get(WEBHOOK_ENV, "").strip()
        if url and _post(url, document):
            delivered += 1
    return delivered


def _keep(document: dict) -> None:
    try:
        path = arshif_home() / "alerts.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(document, ensure_ascii=False) + "\n")
    except OSError as exc:
        log.error("could not keep the alert in alerts.jsonl: %s", exc)


def _post(url: str, document: dict) -> bool:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    for attempt in range(1, WEBHOOK_ATTEMPTS + 1):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_S) as response:  # noqa: S310
                if 200 <= response.status < 300:
                    return True
                error = f"HTTP {response.status}"
        except OSError as exc:
            error = str(exc)
        log.error("alert webhook %s failed (attempt %d of %d): %s", redacted(url), attempt, WEBHOOK_ATTEMPTS,
                  error)
        if attempt < WEBHOOK_ATTEMPTS:
            time.sleep(1.0)
    return False


def redacted(url: str) -> str:
    """The webhook's address without what may be a secret (user, password, query, fragment)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urllib.parse.urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def task_failed(context: dict) -> None:
    """Airflow ``on_failure_callback``: one alert per failed task instance."""
    ti = context.get("task_instance") or context.get("ti")
    task = getattr(ti, "task_id", "?")
    index = getattr(ti, "map_index", -1)
    run_id = getattr(context.get("dag_run"), "run_id", None) or context.get("run_id")
    where = f"{task}[{index}]" if index is not None and index >= 0 else task
    send([Alert("task-failed", "error", None, run_id,
                f"daily_crawl task {where} failed in run {run_id}: {context.get('exception')}",
                "read the task's log in Airflow; the task retries by itself before this alert")])


async def deadline_missed(context: dict | None = None, **kwargs) -> None:
    """The DAG's Deadline Alert callback (run by Airflow's triggerer): the run took too long."""
    import asyncio

    dag_run = (context or {}).get("dag_run") or {}
    deadline = (context or {}).get("deadline") or {}
    run_id = dag_run.get("dag_run_id") or dag_run.get("run_id")
    alert = Alert("deadline-missed", "warning", None, run_id,
                  f"daily_crawl run {run_id} not finished by {deadline.get('deadline_time')} "
                  f"(queued {dag_run.get('queued_at')})",
                  "look at the run in Airflow: a slow site (its crawl log), or too few workers for the sites")
    await asyncio.to_thread(send, [alert])

"""Scale-out, proven on this machine: the daily_crawl DAG under CeleryExecutor with two Celery
workers (w1, w2), Airflow's metadata in PostgreSQL, Redis as the broker, and arshif's catalog in
PostgreSQL, against the demo network, for days 1 and 2 (day 2 dedupes against the PostgreSQL
catalog).

It shows that the mapped crawl tasks ran on both workers (each crawl's XCom return value, read
through the REST API, names its worker), that they ran in the ``arshif_crawl`` pool and never
more at once than its slots, that the Deadline Alert fired (scheduler + triggerer), and that the
archive equals the embedded single-machine run's (`arshif run --demo`, SQLite) per capture:
canonical URL, payload digest, kind, version, story cluster.

Real parts: Airflow's api-server, scheduler, dag-processor, triggerer and two Celery workers
(recipe: ../shared/research/scale-out.md), PostgreSQL and Redis on loopback, the session's
SeaweedFS, the demo server. Every process runs in its own session and is stopped at teardown;
every wait is bounded.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from arshif_cli import archive_env
from scale_pg import pg_database

from arshif.demo import DAY_DATES, set_day, sites_yaml
from arshif.layout import run_key
from arshif.orchestrate.standalone import (
    COMPONENTS,
    CRAWL_POOL,
    api_token,
    environment,
    stop,
    wait_healthy,
)

pytestmark = pytest.mark.slow
BUCKET = "arshif-scale-celery"
WORKERS = ("w1", "w2")
POOL_SLOTS = 2
RUN_TIMEOUT_S = 1200
READY_TIMEOUT_S = 180
# A Redis database number of this test's own (the broker's queues); the queue name is random too.
REDIS_DB = int(os.environ.get("ARSHIF_TEST_REDIS_DB", "11"))
SITES = {"masr-today", "levant-post", "gulf-wire"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _airflow(env: dict, *args: str, timeout: float = 600) -> None:
    result = subprocess.run([sys.executable, "-m", "airflow", *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"airflow {' '.join(args)}:\n{result.stderr[-3000:]}"


def _start(env: dict, log: Path, *args: str) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "airflow", *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def _wait_ready(log: Path, name: str, process: subprocess.Popen) -> None:
    """A Celery worker says ``celery@NAME ready.`` once it consumes from the broker."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"worker {name} exited:\n{log.read_text(errors='replace')[-3000:]}"
        if f"{name}@" in (text := log.read_text(errors="replace")) and " ready." in text:
            return
        time.sleep(1)
    raise AssertionError(f"worker {name} not ready after {READY_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, s3_endpoint, demo_server, embedded_archive):
    from storage.s3 import ObjectStore

    home = tmp_path_factory.mktemp("celery-home")
    sites = home / "sites.yaml"
    sites.write_text(sites_yaml(), encoding="utf-8")
    ObjectStore(s3_endpoint, BUCKET).ensure_bucket()
    with pg_database("arshif_scale") as catalog_url, pg_database("airflow_scale") as airflow_url:
        base = {**archive_env(home, s3_endpoint, BUCKET),
                "ARSHIF_INDEX_URL": catalog_url,
                "ARSHIF_SITES_FILE": str(sites),
                "ARSHIF_DAG_SCHEDULE": "none",  # runs only when this test triggers one
                "ARSHIF_RUN_DEADLINE_HOURS": "0.002",  # 7 s: every run misses it, so the alert is seen
                "ARSHIF_TASK_RETRIES": "0"}
        port, queue = free_port(), f"arshif_scale_{secrets.token_hex(4)}"
        env, standalone = environment(sites, port, base)
        metadata = airflow_url.replace("postgresql://", "postgresql+psycopg2://", 1)
        env.update({
            # The recipe's settings (and docker-compose.yml's x-arshif-env), on loopback.
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata,
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + airflow_url,
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
            # One task at a time per worker and nothing reserved ahead: two crawls queued at
            # once go one to each worker instead of both to the first that asks.
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
            "AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER": "1",
            "AIRFLOW__LOGGING__TRIGGERER_LOG_SERVER_PORT": str(free_port()),
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
            "ARSHIF_S3_ENDPOINT": s3_endpoint,
            "ARSHIF_PROTECTED_ENDPOINTS": ",".join([s3_endpoint, standalone.url]),
        })
        logs = standalone.log_dir
        logs.mkdir(parents=True, exist_ok=True)
        standalone.run_dir.mkdir(parents=True, exist_ok=True)
        workers: dict[str, subprocess.Popen] = {}
        try:
            _airflow(env, "db", "migrate")
            _airflow(env, "pools", "set", CRAWL_POOL, str(POOL_SLOTS), "arshif crawls")
            for component in COMPONENTS:
                process = _start(env, logs / f"{component}.log", component)
                standalone.pid_file(component).write_text(str(process.pid))
            for name in WORKERS:
                workers[name] = _start({**env, "ARSHIF_WORKER": name}, logs / f"worker-{name}.log",
                                       "celery", "worker", "--celery-hostname", f"{name}@{socket.gethostname()}",
                                       "--concurrency", "1", "--skip-serve-logs")
            wait_healthy(standalone, progress=lambda _: None)
            for name, process in workers.items():
                _wait_ready(logs / f"worker-{name}.log", name, process)
            yield {"env": env, "standalone": standalone, "home": home, "sites": sites,
                   "catalog_url": catalog_url, "airflow_url": airflow_url, "logs": logs}
        finally:
            for process in workers.values():
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except OSError:
                    pass
            for process in workers.values():
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            # The four components' groups, then anything carrying this home's mark (the
            # workers' forked supervisors and task runners included).
            stop(standalone)
            _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Removes this test's queue (and its bindings) from the broker's database."""
    import redis

    broker = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=10)
    keys = list(broker.scan_iter(f"*{queue}*", count=1000))
    if keys:
        broker.delete(*keys)
    broker.close()


class Api:
    def __init__(self, standalone) -> None:
        self.url = standalone.url
        self.token = api_token(standalone)

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(self.url + path, method=method, data=json.dumps(body).encode()
                                         if body is not None else None,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


def _run_day(cluster: dict, api: Api, day: int) -> dict:
    """Triggers daily_crawl for the demo day through the REST API and waits for it to end."""
    set_day(day)
    logical = DAY_DATES[day]
    key = run_key(logical)
    run = api.call("POST", "/api/v2/dags/daily_crawl/dagRuns", {
        "dag_run_id": f"scale_{key}", "logical_date": f"{logical.isoformat()}T00:00:00Z",
        "conf": {"sites_file": str(cluster["sites"]), "run_key": key}})
    path = f"/api/v2/dags/daily_crawl/dagRuns/{urllib.parse.quote(run['dag_run_id'], safe='')}"
    deadline = time.monotonic() + RUN_TIMEOUT_S
    state = None
    while time.monotonic() < deadline:
        state = api.call("GET", path)["state"]
        if state in ("success", "failed"):
            break
        time.sleep(3)
    tasks = api.call("GET", f"{path}/taskInstances")["task_instances"]
    assert state == "success", (state, sorted((t["task_id"], t["map_index"], t["state"]) for t in tasks),
                                _tail(cluster["logs"]))
    crawls = []
    for ti in sorted((t for t in tasks if t["task_id"] == "crawl"), key=lambda t: t["map_index"]):
        entry = api.call("GET", f"{path}/taskInstances/crawl/xcomEntries/return_value?map_index={ti['map_index']}"
                                "&deserialize=true&stringify=false")
        value = entry["value"]
        crawls.append({**ti, "summary": json.loads(value) if isinstance(value, str) else value})
    return {"run_id": run["dag_run_id"], "run_key": key, "tasks": tasks, "crawls": crawls}


def _tail(logs: Path) -> str:
    return "\n".join(f"== {p.name}\n{p.read_text(errors='replace')[-1500:]}" for p in sorted(logs.glob("*.log")))


def _overlap(crawls: list[dict]) -> int:
    """The most crawl tasks that ran at one moment."""
    events = []
    for ti in crawls:
        events += [(datetime.fromisoformat(ti["start_date"]), 1), (datetime.fromisoformat(ti["end_date"]), -1)]
    running = most = 0
    for _, step in sorted(events, key=lambda e: (e[0], e[1])):
        running += step
        most = max(most, running)
    return most


def _captures(rows) -> set[tuple]:
    return {(r["canonical_url"], r["digest"], r["kind"], r["version"], r["cluster"]) for r in rows}


def test_two_workers_run_the_dag_into_a_postgres_catalog(cluster, embedded_archive):
    """Slow by nature: a whole Airflow (scheduler, API server, DAG processor, triggerer) and two
    Celery workers are started on PostgreSQL, then two days run through them."""
    from arshif.catalog import Catalog

    api = Api(cluster["standalone"])
    assert api.call("GET", "/api/v2/pools/" + CRAWL_POOL)["slots"] == POOL_SLOTS
    runs = {day: _run_day(cluster, api, day) for day in (1, 2)}

    evidence = {day: {c["summary"]["site"]: c["summary"]["worker"] for c in run["crawls"]}
                for day, run in runs.items()}
    print("crawl tasks per worker:", json.dumps(evidence, ensure_ascii=False))
    for run in runs.values():
        assert {t["task_id"] for t in run["tasks"]} == {"due_sites", "crawl", "dedupe", "archive", "report"}
        assert len(run["crawls"]) == 3 and {c["pool"] for c in run["crawls"]} == {CRAWL_POOL}
        assert {c["summary"]["site"] for c in run["crawls"]} == SITES
        assert all(c["summary"]["worker"] in WORKERS for c in run["crawls"]), evidence
        assert _overlap(run["crawls"]) <= POOL_SLOTS
    # Both workers crawled: the mapped tasks were spread over the two.
    assert {c["summary"]["worker"] for run in runs.values() for c in run["crawls"]} == set(WORKERS), evidence

    # The Deadline Alert: the triggerer ran arshif's callback for the runs.
    alerts = cluster["home"] / "alerts.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "deadline-missed" not in (alerts.read_text() if alerts.exists() else ""):
        time.sleep(2)
    missed = [json.loads(line) for line in alerts.read_text().splitlines() if '"deadline-missed"' in line]
    assert {m["run_key"] for m in missed} & {run["run_id"] for run in runs.values()}

    # The archive equals the single-machine run's, capture for capture (what matters: record
    # ids and timestamps differ), day 1 and day 2, in the catalog both pipelines wrote.
    scaled = Catalog(url=cluster["catalog_url"])
    embedded = Catalog(embedded_archive["catalog"])
    try:
        assert scaled.dialect == "postgresql"
        for run in runs.values():
            ours = scaled.db.execute("SELECT * FROM captures WHERE run_key = ?", (run["run_key"],)).fetchall()
            theirs = embedded.db.execute("SELECT * FROM captures WHERE run_key = ?", (run["run_key"],)).fetchall()
            assert len(ours) == len(theirs) > 0
            assert _captures(ours) == _captures(theirs)
            assert {r["site"] for r in ours} == SITES
        # Day 2 deduplicated against day 1 in PostgreSQL: unchanged articles, new versions, clusters.
        day2 = scaled.db.execute("SELECT change, COUNT(*) FROM captures WHERE run_key = ? GROUP BY change",
                                 (runs[2]["run_key"],)).fetchall()
        assert {r[0] for r in day2} >= {"unchanged", "changed"}
        assert scaled.db.execute("SELECT COUNT(DISTINCT cluster) FROM captures WHERE cluster IS NOT NULL"
                                 ).fetchone()[0] > 0
        assert set(scaled.reports(runs[2]["run_key"])) == SITES
    finally:
        scaled.close()
        embedded.close()

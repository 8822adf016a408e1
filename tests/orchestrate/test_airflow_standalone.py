"""`arshif airflow` on this machine: the real scheduler (not dag.test()) runs daily_crawl over
the demo network, the run is read back through Airflow's REST API, the crawl pool and the
Deadline Alert (scheduler + triggerer) do their part, and `stop` leaves no process behind.

Real parts: Airflow's api-server, scheduler, dag-processor and triggerer (LocalExecutor,
SQLite), the session's SeaweedFS, the demo server.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif

pytestmark = pytest.mark.slow
BUCKET = "arshif-airflow"
RUN_TIMEOUT_S = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def airflow(tmp_path_factory, s3_endpoint, demo_server):
    from arshif.demo import set_day, sites_yaml

    set_day(1)  # the run below is day 1's (the scheduler's run does not set the demo's day)

    home = tmp_path_factory.mktemp("airflow-home")
    sites = home / "sites.yaml"
    sites.write_text(sites_yaml(), encoding="utf-8")
    env = {**archive_env(home, s3_endpoint, BUCKET),
           "ARSHIF_DAG_SCHEDULE": "none",  # runs only when this test triggers one
           "ARSHIF_RUN_DEADLINE_HOURS": "0.002",  # 7 s: every run misses it, so the alert is seen
           "ARSHIF_AIRFLOW_PARALLELISM": "4"}
    started = json.loads(arshif(env, "airflow", "start", "--sites", str(sites), "--port", str(free_port()),
                                "--json", timeout=400).stdout)
    try:
        yield {**started, "env": env, "arshif_home": home, "sites": sites}
    finally:
        arshif(env, "airflow", "stop", check=False, timeout=120)
        set_day(demo_server.get("day") or 1)


class Api:
    def __init__(self, airflow: dict) -> None:
        self.url = airflow["url"]
        password = json.loads(Path(airflow["password_file"]).read_text())["arshif"]
        token = self._call("POST", "/auth/token", {"username": "arshif", "password": password}, auth=False)
        self.token = token["access_token"]

    def _call(self, method: str, path: str, body: dict | None = None, auth: bool = True) -> dict:
        headers = {"Content-Type": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, method=method, headers=headers,
                                         data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def get(self, path: str) -> dict:
        return self._call("GET", path)

    def post(self, path: str, body: dict) -> dict:
        return self._call("POST", path, body)


def test_the_scheduler_runs_the_dag_and_the_api_reports_it(airflow):
    """Slow by nature: Airflow's scheduler, API server, DAG processor and triggerer are started
    (the setup) and the scheduler runs a whole day of the DAG."""
    api = Api(airflow)
    dag = api.get("/api/v2/dags/daily_crawl")
    assert dag["is_paused"] is False and not dag["has_import_errors"]
    run = api.post("/api/v2/dags/daily_crawl/dagRuns", {
        "logical_date": "2026-11-28T00:00:00Z",
        "conf": {"sites_file": str(airflow["sites"]), "run_key": "20261128T000000Z"}})
    run_path = f"/api/v2/dags/daily_crawl/dagRuns/{urllib.parse.quote(run['dag_run_id'], safe='')}"
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        state = api.get(run_path)["state"]
        if state in ("success", "failed"):
            break
        time.sleep(3)
    tasks = api.get(f"{run_path}/taskInstances")["task_instances"]
    summary = sorted((t["task_id"], t["map_index"], t["state"], t["pool"]) for t in tasks)
    assert state == "success", summary
    crawls = [t for t in tasks if t["task_id"] == "crawl"]
    assert len(crawls) == 3 and {t["pool"] for t in crawls} == {"arshif_crawl"}
    assert {t["task_id"] for t in tasks} == {"due_sites", "crawl", "dedupe", "archive", "report"}

    # The run's report, as the report task left it in the bucket.
    from storage.s3 import ObjectStore

    store = ObjectStore(airflow["env"]["ARSHIF_S3_ENDPOINT"], BUCKET)
    [report_key] = [i.key for i in store.list("runs/20261128T000000Z/report-")]
    report = store.get_json(report_key)["sites"]
    assert {site: figures["status"] for site, figures in report.items()} == {
        "masr-today": "archived", "levant-post": "archived", "gulf-wire": "archived"}
    assert all(figures["new"] == 24 for figures in report.values())

    # The Deadline Alert: the triggerer ran arshif's callback for this run.
    alerts = Path(airflow["arshif_home"]) / "alerts.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "deadline-missed" not in (alerts.read_text() if alerts.exists() else ""):
        time.sleep(2)
    missed = [json.loads(line) for line in alerts.read_text().splitlines() if '"deadline-missed"' in line]
    assert missed and missed[0]["run_key"] == run["dag_run_id"]


def test_status_then_stop_leaves_nothing_running(airflow):
    status = json.loads(arshif(airflow["env"], "airflow", "status", "--json").stdout)
    assert set(status["running"]) == {"api-server", "scheduler", "dag-processor", "triggerer"}
    assert status["health"]["scheduler"]["status"] == "healthy"
    arshif(airflow["env"], "airflow", "stop", timeout=120)
    after = arshif(airflow["env"], "airflow", "status", check=False)
    assert after.returncode == 1 and "not running" in after.stdout
    mark = f"ARSHIF_AIRFLOW_STANDALONE={airflow['home']}".encode()
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    left.append(entry.name)
            except OSError:
                continue
    assert not left
    with socket.socket() as probe:  # the API port is free again
        assert probe.connect_ex(("127.0.0.1", int(airflow["url"].rsplit(":", 1)[1]))) != 0

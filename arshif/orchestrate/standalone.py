"""Airflow on one machine, without Docker: the scheduler, DAG processor, triggerer and API server
(with its UI) of arshif's DAGs, started and stopped by ``arshif airflow``.

Everything lives under ``ARSHIF_HOME/airflow``: metadata (SQLite), logs, one log file and one
pid file per component, the API's JWT secret and the UI password. The executor is
LocalExecutor, sized to the machine. Each component runs in its own session (process group),
and ``stop`` ends every group, then any process still running from this Airflow home (task
runners fork), so nothing it started outlives it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from arshif.orchestrate.airflow_env import airflow_env, ensure_metadata_db

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
DEFAULT_PORT = 8082  # not 8080: `arshif serve` takes that one
USER = "arshif"
CRAWL_POOL = "arshif_crawl"
STANDALONE_MARK = "ARSHIF_AIRFLOW_STANDALONE"
STARTUP_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 30.0


class StandaloneError(RuntimeError):
    """Airflow could not be started or stopped; the message says why and where the logs are."""


@dataclass(frozen=True)
class Standalone:
    """Where a running (or stopped) standalone Airflow of one ARSHIF_HOME lives."""

    home: Path  # AIRFLOW_HOME
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs" / "components"

    @property
    def password_file(self) -> Path:
        return self.home / "passwords.json"

    def password(self) -> str:
        return json.loads(self.password_file.read_text())[USER]

    @property
    def state_file(self) -> Path:
        return self.run_dir / "state.json"

    def pid_file(self, component: str) -> Path:
        return self.run_dir / f"{component}.pid"

    def running(self) -> dict[str, int]:
        """The components whose process group is alive: name → pid."""
        alive = {}
        for component in COMPONENTS:
            try:
                pid = int(self.pid_file(component).read_text())
                os.killpg(pid, 0)
            except (OSError, ValueError):
                continue
            alive[component] = pid
        return alive


def environment(sites_file: Path | None, port: int | None, base: dict[str, str] | None = None
                ) -> tuple[dict[str, str], Standalone]:
    """The environment every component gets (see airflow_env for the shared part). ``port``
    None: the one the running (or last) standalone Airflow of this home was started with."""
    env = airflow_env(base)
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if port is None:
        try:
            port = int(json.loads((home / "run" / "state.json").read_text())["port"])
        except (OSError, ValueError, KeyError):
            port = DEFAULT_PORT
    secret_file = home / "jwt_secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(32))
        secret_file.chmod(0o600)
    standalone = Standalone(home, port)
    if not standalone.password_file.exists():
        standalone.password_file.write_text(json.dumps({USER: secrets.token_urlsafe(16)}))
        standalone.password_file.chmod(0o600)
    cores = os.cpu_count() or 2
    env.update({
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": env.get("ARSHIF_AIRFLOW_PARALLELISM", str(max(2, cores * 2))),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{standalone.url}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": secret_file.read_text().strip(),
        "AIRFLOW__CORE__AUTH_MANAGER":
            "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(standalone.password_file),
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        # Marks the processes of this standalone Airflow (and what they fork) for `stop`.
        STANDALONE_MARK: str(home),
    })
    if sites_file is not None:
        env["ARSHIF_SITES_FILE"] = str(Path(sites_file).resolve())
    return env, standalone


def start(sites_file: Path | None, port: int = DEFAULT_PORT, base: dict[str, str] | None = None,
          progress=print) -> Standalone:
    """Starts the embedded S3 (if no endpoint is set), migrates the metadata, creates the crawl
    pool, starts every component and waits until the API says they are healthy."""
    from storage.s3 import ObjectStore, resolve_endpoint

    env, standalone = environment(sites_file, port, base)
    running = standalone.running()
    if running:
        raise StandaloneError(f"Airflow is already running from {standalone.home} "
                              f"({', '.join(running)}); `arshif airflow stop` first")
    # Every component and task must use the same store: the one resolved now. Crawls never
    # fetch arshif's own services, whatever a page links to.
    endpoint = resolve_endpoint(start_if_needed=True)
    env["ARSHIF_S3_ENDPOINT"] = endpoint
    protected = {e for e in env.get("ARSHIF_PROTECTED_ENDPOINTS", "").split(",") if e}
    env["ARSHIF_PROTECTED_ENDPOINTS"] = ",".join(sorted(protected | {endpoint, standalone.url}))
    ObjectStore(endpoint).ensure_bucket()
    progress(f"airflow: metadata under {standalone.home}")
    ensure_metadata_db(env)
    _airflow(env, "pools", "set", CRAWL_POOL, env.get("ARSHIF_CRAWL_SLOTS", "2"),
             "arshif crawls: each slot is one site crawled at a time")
    standalone.run_dir.mkdir(parents=True, exist_ok=True)
    standalone.log_dir.mkdir(parents=True, exist_ok=True)
    standalone.state_file.write_text(json.dumps({"port": port, "url": standalone.url}))
    for component in COMPONENTS:
        log = (standalone.log_dir / f"{component}.log").open("ab")
        process = subprocess.Popen([sys.executable, "-m", "airflow", component], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        standalone.pid_file(component).write_text(str(process.pid))
        progress(f"airflow: started {component} (pid {process.pid}, log {standalone.log_dir / (component + '.log')})")
    try:
        wait_healthy(standalone, progress=progress)
    except StandaloneError:
        stop(standalone)
        raise
    return standalone


def _airflow(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "airflow", *args], env=env, capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        raise StandaloneError(f"airflow {' '.join(args)} failed:\n{result.stderr[-2000:]}")


def health(standalone: Standalone) -> dict | None:
    try:
        with urllib.request.urlopen(f"{standalone.url}/api/v2/monitor/health", timeout=5) as response:
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


def wait_healthy(standalone: Standalone, timeout: float = STARTUP_TIMEOUT_S, progress=print) -> dict:
    """Waits until the API answers and the scheduler, DAG processor and triggerer are healthy."""
    deadline = time.monotonic() + timeout
    wanted = ("metadatabase", "scheduler", "dag_processor", "triggerer")
    report: dict | None = None
    while time.monotonic() < deadline:
        dead = [c for c in COMPONENTS if c not in standalone.running()]
        if dead:
            raise StandaloneError(f"Airflow's {', '.join(dead)} exited while starting; see "
                                  f"{standalone.log_dir}/<component>.log")
        report = health(standalone)
        if report and all((report.get(part) or {}).get("status") == "healthy" for part in wanted):
            progress(f"airflow: healthy at {standalone.url} (user {USER}, password in {standalone.password_file})")
            return report
        time.sleep(2)
    raise StandaloneError(f"Airflow was not healthy after {timeout:.0f} s (last health: {report}); see "
                          f"{standalone.log_dir}")


def stop(standalone: Standalone, timeout: float = STOP_TIMEOUT_S) -> list[int]:
    """Ends every component's process group, then any process left from this Airflow home;
    returns the pids it signalled."""
    signalled = []
    for component in COMPONENTS:
        try:
            pid = int(standalone.pid_file(component).read_text())
            os.killpg(pid, signal.SIGTERM)
            signalled.append(pid)
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (standalone.running() or _strays(standalone)):
        time.sleep(0.5)
    for pid in [*standalone.running().values(), *_strays(standalone)]:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        signalled.append(pid)
    for component in COMPONENTS:
        standalone.pid_file(component).unlink(missing_ok=True)
    return signalled


def _strays(standalone: Standalone) -> list[int]:
    """Processes started by this standalone Airflow that outlived their group (forked task
    runners, say): their environment carries its mark."""
    marker = f"{STANDALONE_MARK}={standalone.home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def api_token(standalone: Standalone) -> str:
    """A JWT for the REST API, from the standalone user's password."""
    body = json.dumps({"username": USER, "password": standalone.password()}).encode()
    request = urllib.request.Request(f"{standalone.url}/auth/token", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]

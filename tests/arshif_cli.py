"""Running the `arshif` command from tests: one demo archive helper for every test module that
builds one (e2e, verify, reindex, export, replay, serve, ui), so that they drive the real
pipeline alike, and one way to run `arshif serve` for the tests of its API and UI.

Imported as a plain module (pytest puts tests/ on sys.path: this folder has a conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

BIN = Path(sys.executable).parent


def arshif(env: dict, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
    """`arshif ARGS` in ``env``; with ``check``, a non-zero exit fails with both outputs' tails.
    Before `arshif run` and `arshif airflow`, a home without Airflow gets a migrated database."""
    if args and args[0] in ("run", "airflow") and env.get("ARSHIF_HOME"):
        seed_airflow_db(Path(env["ARSHIF_HOME"]))
    result = subprocess.run([str(BIN / "arshif"), *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"arshif {' '.join(args)} exited {result.returncode}\n"
                             f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}")
    return result


def archive_env(home: Path, s3_endpoint: str, bucket: str) -> dict:
    """The environment of an archive of its own: ARSHIF_HOME, the session's S3, a bucket."""
    env = {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_S3_ENDPOINT": s3_endpoint,
           "ARSHIF_BUCKET": bucket}
    env.pop("ARSHIF_INDEX_URL", None)
    return env


_MIGRATED: list[Path] = []  # the session's migrated Airflow folder, made on first use


def seed_airflow_db(home: Path) -> None:
    """Puts a copy of a migrated Airflow metadata database (and its stamp) in ``home``'s Airflow
    folder, unless that folder exists: `arshif run` then skips `airflow db migrate` (10–20 s
    on 2 cores), as it does on the second run in a home. The database is migrated once per test
    process, in a home of its own, by the code `arshif run` uses (ensure_metadata_db). Only the
    database and the stamp are copied: Airflow writes an airflow.cfg of the home's own paths."""
    import shutil
    import tempfile

    target = Path(home) / "airflow"
    if target.exists():
        return
    if not _MIGRATED:
        import atexit

        template = Path(tempfile.mkdtemp(prefix="arshif-test-airflow-"))
        atexit.register(shutil.rmtree, template, True)
        subprocess.run([sys.executable, "-c", "from arshif.orchestrate.airflow_env import airflow_env, "
                        "ensure_metadata_db; ensure_metadata_db(airflow_env())"],
                       env={**os.environ, "ARSHIF_HOME": str(template)}, check=True, capture_output=True,
                       timeout=600)
        _MIGRATED.append(template / "airflow")
    target.mkdir(parents=True)
    for path in _MIGRATED[0].iterdir():
        if path.name == "airflow.db" or path.name.startswith(".migrated-"):
            shutil.copy2(path, target / path.name)


def run_demo_days(env: dict, days: tuple[int, ...]) -> dict[int, subprocess.CompletedProcess]:
    """`arshif run --demo` for each simulated day, in order (the caller holds the demo network)."""
    from arshif.demo import DAY_DATES

    return {day: arshif(env, "run", "--demo", "--date", DAY_DATES[day].isoformat()) for day in days}


def stderr_on_a_terminal(command: list[str], env: dict, timeout: float = 900) -> tuple[int, str, str]:
    """Runs ``command`` with its stderr on a pseudo-terminal (progress lines are drawn there);
    returns its exit status, its stdout, and what the terminal received."""
    import pty

    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=follower) as child:
        stdout, _ = child.communicate(timeout=timeout)
    os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    return child.returncode, stdout.decode("utf-8", "replace"), b"".join(chunks).decode("utf-8", "replace")


def run_hostile_day(env: dict, home: Path, site) -> None:
    """Day 3 of the demo dates crawled from ``site`` (tests/serve/hostile_site.py's HostileSite,
    running): a page with a malicious title and script, archived for the serve and UI tests."""
    from arshif.demo import DAY_DATES

    sites = Path(home) / "hostile.yaml"
    sites.write_text(site.sites_yaml())
    arshif(env, "run", "--sites", str(sites), "--date", DAY_DATES[3].isoformat())


@contextlib.contextmanager
def serving(env: dict, timeout: float = 120) -> Iterator[dict]:
    """`arshif serve --port 0 --replay-port 0 --json` in ``env``, once its API answers: yields
    ``{"api", "replay", "openapi", "client", "proc"}`` (an httpx client, no redirects followed);
    stopped with SIGTERM (then killed) at the end."""
    import httpx

    proc = subprocess.Popen([str(BIN / "arshif"), "serve", "--port", "0", "--replay-port", "0", "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        info = _first_json(proc, timeout)
        with httpx.Client(trust_env=False, timeout=60, follow_redirects=False) as client:
            _wait_ready(client, info["api"] + "/api/health", timeout=60)
            yield {**info, "client": client, "proc": proc}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


def _first_json(proc: subprocess.Popen, timeout: float) -> dict:
    """The line `arshif serve --json` prints once both servers listen (bounded wait)."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    out, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if selector.select(timeout=1):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            with contextlib.suppress(ValueError):
                return json.loads(out)
    raise AssertionError(f"no JSON from arshif serve: {out!r}; stderr: {proc.stderr.read1(8000)!r}")


def _wait_ready(client, url: str, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if client.get(url).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")

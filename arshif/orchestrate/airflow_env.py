"""The environment every Airflow process of arshif gets, derived from ``ARSHIF_HOME``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from arshif.home import PROJECT_ROOT, home_dir

DAGS_FOLDER = PROJECT_ROOT / "dags"


def airflow_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(base if base is not None else os.environ)
    airflow_home = home_dir("airflow")
    env.setdefault("AIRFLOW_HOME", str(airflow_home))
    env.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(DAGS_FOLDER))
    env.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    env.setdefault("AIRFLOW__CORE__PARALLELISM", "4")
    env.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{airflow_home / 'airflow.db'}")
    env.setdefault("AIRFLOW__LOGGING__BASE_LOG_FOLDER", str(airflow_home / "logs"))
    # Airflow spawns `airflow` by name; the venv's bin must be on PATH.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def ensure_metadata_db(env: dict[str, str]) -> None:
    """``airflow db migrate`` once per ARSHIF_HOME (and again after an Airflow upgrade)."""
    import airflow

    stamp = Path(env["AIRFLOW_HOME"]) / f".migrated-{airflow.__version__}"
    if stamp.exists():
        return
    result = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("airflow db migrate failed:\n" + result.stderr[-3000:])
    stamp.touch()

"""Where arshif keeps its local state on this machine: everything lives under ``ARSHIF_HOME``
(the catalog, Airflow's database, logs, the embedded SeaweedFS's data). The object names in the
bucket are ``arshif/layout.py``'s."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def arshif_home() -> Path:
    """``ARSHIF_HOME`` made absolute (default ``./var``) and exported for child processes."""
    home = Path(os.environ.get("ARSHIF_HOME") or "var").expanduser().resolve()
    os.environ["ARSHIF_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    return home


def home_dir(*parts: str) -> Path:
    """A sub-folder of ``ARSHIF_HOME``, created on first use."""
    path = arshif_home().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path

"""Fixtures of the scale-out tests: PostgreSQL databases of their own (created on the server
that runs on this machine, dropped at teardown) and one embedded single-machine demo archive
(SQLite catalog) that the PostgreSQL catalog and the Celery run are compared with."""

from __future__ import annotations

import pytest
from arshif_cli import archive_env, run_demo_days

EMBEDDED_BUCKET = "arshif-scale-embedded"
DAYS = (1, 2)


@pytest.fixture(scope="session")
def embedded_archive(tmp_path_factory, s3_endpoint, demo_server) -> dict:
    """`arshif run --demo` for days 1 and 2 on one machine (dag.test(), SQLite catalog): the
    reference the scale-out run and the PostgreSQL catalog are compared with."""
    from storage.s3 import ObjectStore

    home = tmp_path_factory.mktemp("embedded-home")
    env = archive_env(home, s3_endpoint, EMBEDDED_BUCKET)
    run_demo_days(env, DAYS)
    return {"env": env, "home": home, "store": ObjectStore(s3_endpoint, EMBEDDED_BUCKET),
            "catalog": home / "catalog.sqlite"}

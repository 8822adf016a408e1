"""Fixtures of the scale-out tests: PostgreSQL databases of their own (created on the server
that runs on this machine, dropped at teardown) and one embedded single-machine demo archive
(SQLite catalog) that the PostgreSQL catalog and the Celery run are compared with."""

from __future__ import annotations

import pytest

EMBEDDED_BUCKET = "arshif-scale-embedded"
DAYS = (1, 2)


@pytest.fixture(scope="session")
def embedded_archive(s3_endpoint, demo_days12, copy_demo_archive) -> dict:
    """`arshif run --demo` for days 1 and 2 on one machine (dag.test(), SQLite catalog): the
    reference the scale-out run and the PostgreSQL catalog are compared with (the session's
    demo archive, tests/demo_archive.py, copied)."""
    from storage.s3 import ObjectStore

    assert demo_days12.runs.keys() == set(DAYS)
    env, home = copy_demo_archive(demo_days12, EMBEDDED_BUCKET)
    return {"env": env, "home": home, "store": ObjectStore(s3_endpoint, EMBEDDED_BUCKET),
            "catalog": home / "catalog.sqlite"}

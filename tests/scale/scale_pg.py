"""PostgreSQL databases of the scale-out tests' own, on the server that runs on this machine."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# The server's admin database (trust auth on loopback); ARSHIF_TEST_PG_ADMIN points elsewhere.
PG_ADMIN = os.environ.get("ARSHIF_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
EMBEDDED_BUCKET = "arshif-scale-embedded"
DAYS = (1, 2)


def _admin():
    import psycopg2

    try:
        connection = psycopg2.connect(PG_ADMIN, connect_timeout=10)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {PG_ADMIN} ({exc}); set ARSHIF_TEST_PG_ADMIN")
    connection.autocommit = True
    return connection


def pg_url(database: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + database


@contextmanager
def pg_database(prefix: str) -> Iterator[str]:
    """A new database ``PREFIX_<random>``, dropped (connections and all) when done; yields its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = _admin()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield pg_url(name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

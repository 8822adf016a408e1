"""The catalog in PostgreSQL: a connection that answers like the ``sqlite3`` one the catalog's
callers were written against, and the PostgreSQL schema.

Every module that queries the catalog calls ``catalog.db.execute(sql, params)`` with SQLite's
``?`` placeholders and reads rows by name or by position. ``PgConnection`` keeps that contract,
so that portable SQL runs unchanged on both databases:

- ``?`` outside string literals becomes psycopg2's ``%s`` (and a literal ``%`` becomes ``%%``);
- rows are ``PgRow``: a tuple that is also indexed by column name and has ``keys()``, as
  ``sqlite3.Row`` (``dict(row)`` works), with BYTEA values as ``bytes``;
- autocommit, with explicit transactions as the SQLite catalog does. ``BEGIN IMMEDIATE`` (the
  SQLite catalog's "take the write lock now") becomes ``BEGIN`` plus a transaction-level
  advisory lock: catalog writers are serialised as on SQLite, so two workers applying the same
  run part at once do not both insert it (the second waits, then finds it applied).

What differs by database beyond that (DDL, ``rowid``, ``lastrowid``, scalar ``MAX``) is chosen
by ``Catalog.dialect`` in the few places that need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from arshif.catalog.ledger_view import pg_schema as ledger_schema

DIALECT = "postgresql"
# One lock for every writer of the catalog database (pg_advisory_xact_lock takes a bigint).
WRITE_LOCK = 0x61727368_6966  # "arshif"

# TEXT compared byte by byte, as SQLite compares: run keys, URLs and timestamps sort the same
# on both databases whatever the database's default collation is.
T = 'TEXT COLLATE "C"'
_INT = {"status", "version"}
_BIG = {"warc_offset", "warc_length", "request_length", "payload_warc_offset", "payload_warc_length",
        "captures_offset", "captures_length"}


def column_type(column: str) -> str:
    """The PostgreSQL type of a ``captures`` column (SQLite's are untyped)."""
    if column in _INT:
        return "INTEGER"
    if column in _BIG:
        return "BIGINT"
    return T


def schema(capture_columns: Sequence[str]) -> list[str]:
    """The catalog's tables in PostgreSQL, the same names and columns as the SQLite schema's.
    ``texts`` gets ``seq`` for what SQLite's rowid gives (the newest re-extraction)."""
    columns = ", ".join(f"{c} {column_type(c)}" + (" PRIMARY KEY" if c == "record_id" else "")
                        for c in capture_columns)
    utc_now = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"  # SQLite's CURRENT_TIMESTAMP
    return [
        f"CREATE TABLE IF NOT EXISTS captures ({columns})",
        "CREATE INDEX IF NOT EXISTS captures_by_url ON captures (canonical_url, timestamp)",
        "CREATE INDEX IF NOT EXISTS captures_by_run ON captures (run_key, site)",
        "CREATE INDEX IF NOT EXISTS captures_by_site ON captures (site, canonical_url, run_key)",
        "CREATE INDEX IF NOT EXISTS captures_by_url_key ON captures (url_key)",
        f"CREATE TABLE IF NOT EXISTS manifests (key {T} PRIMARY KEY, run_key {T}, site {T}, "
        f"applied_at {T} DEFAULT {utc_now})",
        f'CREATE TABLE IF NOT EXISTS texts (record_id {T}, object {T}, "offset" BIGINT, length BIGINT, '
        f"extractor {T}, chrome_model {T}, seq BIGINT GENERATED ALWAYS AS IDENTITY, "
        "PRIMARY KEY (record_id, object))",
        f"CREATE TABLE IF NOT EXISTS run_reports (run_key {T}, site {T}, report {T}, PRIMARY KEY (run_key, site))",
        f"CREATE TABLE IF NOT EXISTS takedowns (id {T} PRIMARY KEY, canonical_url {T}, site {T}, "
        f"decided_at {T}, requested_by {T}, reason {T}, record_key {T}, purged_at {T})",
        "CREATE INDEX IF NOT EXISTS takedowns_by_url ON takedowns (canonical_url)",
        f"CREATE TABLE IF NOT EXISTS takedown_urls (url_key {T}, id {T}, PRIMARY KEY (url_key, id))",
        *ledger_schema(T),
        *(f"ALTER TABLE captures ADD COLUMN IF NOT EXISTS {c} {column_type(c)}" for c in capture_columns),
    ]


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg2://"))


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


@lru_cache(maxsize=512)
def translate(sql: str, with_params: bool) -> str:
    """SQLite-style SQL for psycopg2: ``?`` → ``%s`` (outside quotes), ``%`` → ``%%`` when
    parameters are given (psycopg2 formats the string only then)."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
        elif char in ("'", '"'):
            quote = char
        elif char == "?" and with_params:
            out.append("%s")
            continue
        if char == "%" and with_params:
            out.append("%%")
            continue
        out.append(char)
    return "".join(out)


class PgRow(tuple):
    """A result row readable like ``sqlite3.Row``: ``row[0]``, ``row["name"]``, ``dict(row)``."""

    _names: dict[str, int]

    def __new__(cls, values: Iterable[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, (bytes(v) if isinstance(v, memoryview) else v for v in values))
        row._names = names
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class PgCursor:
    def __init__(self, cursor) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self._names = ({d.name: i for i, d in enumerate(cursor.description)}
                       if cursor.description else None)

    def fetchone(self) -> PgRow | None:
        if self._names is None:
            return None
        row = self._cursor.fetchone()
        return None if row is None else PgRow(row, self._names)

    def fetchall(self) -> list[PgRow]:
        if self._names is None:
            return []
        return [PgRow(row, self._names) for row in self._cursor.fetchall()]

    def __iter__(self) -> Iterator[PgRow]:
        if self._names is None:
            return
        for row in self._cursor:
            yield PgRow(row, self._names)


class PgConnection:
    """The subset of ``sqlite3.Connection`` the catalog's users call, over psycopg2."""

    dialect = DIALECT

    def __init__(self, url: str) -> None:
        import psycopg2

        self.url = url
        dsn = url.replace("postgresql+psycopg2://", "postgresql://", 1)
        self.raw = psycopg2.connect(dsn, connect_timeout=30, application_name="arshif")
        self.raw.autocommit = True

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> PgCursor:
        statement = sql.strip().rstrip(";").upper()
        cursor = self.raw.cursor()
        if statement == "BEGIN IMMEDIATE":
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            return PgCursor(cursor)
        params = list(params) if params else None
        cursor.execute(translate(sql, params is not None), params)
        return PgCursor(cursor)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        from psycopg2.extras import execute_batch

        cursor = self.raw.cursor()
        rows = [list(r) for r in seq]
        if rows:
            execute_batch(cursor, translate(sql, True), rows, page_size=500)
        return PgCursor(cursor)

    def executescript(self, script: str) -> None:
        with self.raw.cursor() as cursor:
            cursor.execute(script)

    @property
    def in_transaction(self) -> bool:
        from psycopg2.extensions import TRANSACTION_STATUS_IDLE

        return self.raw.info.transaction_status != TRANSACTION_STATUS_IDLE

    def close(self) -> None:
        self.raw.close()


"""The catalog's tables in SQLite: the capture columns (one per field of a captures line the
catalog keeps) and the DDL. PostgreSQL's is built from the same columns (pg.py)."""

from __future__ import annotations

from arshif.catalog.ledger_view import SQLITE_SCHEMA as LEDGER_SCHEMA

CAPTURE_COLUMNS = (
    "record_id", "url", "canonical_url", "site", "run_key", "role", "timestamp", "status", "kind",
    "version", "change", "digest", "text_fingerprint", "content_type",
    "warc_file", "warc_offset", "warc_length", "request_length",
    "payload_record_id", "payload_warc_file", "payload_warc_offset", "payload_warc_length",
    "captures_object", "captures_offset", "captures_length", "title", "page_kind", "chrome_model",
    "text_lines",  # JSON list of the text's line keys before site chrome (see dedupe)
    "cluster",
    "etag", "last_modified",  # the response's validators, for the next conditional re-check
    "url_key",  # canonical_url(url): the fetched URL's own identity, which may be an alias
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS captures (
    {", ".join(c + (" TEXT PRIMARY KEY" if c == "record_id" else "") for c in CAPTURE_COLUMNS)}
);
CREATE INDEX IF NOT EXISTS captures_by_url ON captures (canonical_url, timestamp);
CREATE INDEX IF NOT EXISTS captures_by_run ON captures (run_key, site);
CREATE INDEX IF NOT EXISTS captures_by_site ON captures (site, canonical_url, run_key);
CREATE TABLE IF NOT EXISTS manifests (
    key TEXT PRIMARY KEY, run_key TEXT, site TEXT, applied_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS texts (
    record_id TEXT, object TEXT, offset INTEGER, length INTEGER, extractor TEXT, chrome_model TEXT,
    PRIMARY KEY (record_id, object)
);
CREATE TABLE IF NOT EXISTS run_reports (
    run_key TEXT, site TEXT, report TEXT, PRIMARY KEY (run_key, site)
);
CREATE TABLE IF NOT EXISTS takedowns (
    id TEXT PRIMARY KEY, canonical_url TEXT, site TEXT, decided_at TEXT, requested_by TEXT,
    reason TEXT, record_key TEXT, purged_at TEXT
);
CREATE INDEX IF NOT EXISTS takedowns_by_url ON takedowns (canonical_url);
CREATE TABLE IF NOT EXISTS takedown_urls (
    url_key TEXT, id TEXT, PRIMARY KEY (url_key, id)
);
""" + LEDGER_SCHEMA

"""``arshif reindex``: the catalog rebuilt from the bucket alone.

The bucket is the source of truth and the catalog a convenience derived from it (docs/architecture.md).
What the rebuild reads, and what it makes of it:

- every committed manifest ``runs/<run>/<site>/manifest.json`` and the captures object it names:
  the capture rows, exactly as the archive step applied them (``arshif.catalog.sync.apply_manifest``);
- from the same captures objects, the article text of every capture that started a version
  (``change`` new or changed): the near-copy index, one document ``<canonical_url>#v<version>``
  per version as dedupe indexed it, under the story cluster recorded on its capture, so that
  clusters keep their ids and later runs join them as before;
- the re-extractions ``text/…jsonl`` (table ``texts``), in the order they were written, so that
  the newest stays the newest;
- the run reports ``runs/<run>/report-<stamp>.json`` (table ``run_reports``), oldest first, so
  that each run ends with its newest figures, as ``report`` left them;
- the takedown and purge records ``takedowns/`` (tables ``takedowns``, ``takedown_urls``): a
  withdrawn article stays withdrawn; a purged capture's tombstone line is not a capture;
- the run ledger ``ledger/`` (table ``ledger``): every entry as stored, so that the catalog's
  head is the bucket's (`arshif verify` checks the chain itself).

A run part without a manifest is incomplete and invisible: it is not in the rebuilt catalog
(the next run's dedupe finishes it, as it would have anyway).

The new catalog is built in a file beside the current one and moved over it at the end with one
rename; until then the old catalog is untouched and usable, and a failed rebuild removes its
half-built file. The old file is kept as ``<name>.bak-<utc>`` unless told not to. Nothing of
the old catalog is read, so a catalog whose near-copy index was built with other MinHash
parameters (``IndexParamsError``) or an older layout is replaced like any other.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from arshif import ledger
from arshif.catalog import Catalog

# Files SQLite keeps beside a database (WAL, shared memory, rollback journal).
_SIDE_FILES = ("-wal", "-shm", "-journal")


class ReindexError(RuntimeError):
    """The rebuild cannot start or cannot finish; the message says why and what to do."""


@dataclass
class ReindexSummary:
    """What a rebuild read and wrote; also the running counts its progress reports show."""

    catalog: str
    bucket: str
    runs: int = 0  # distinct run keys with a committed manifest
    manifests: int = 0  # committed run parts (one per site and run)
    captures: int = 0
    text_objects: int = 0
    texts: int = 0
    reports: int = 0  # report objects read (a run re-reported has several)
    index_docs: int = 0
    clusters: int = 0
    takedowns: int = 0  # takedown records read (articles withdrawn from access)
    ledger_entries: int = 0  # run ledger entries read
    ledger_head: dict | None = None  # the newest entry: position and sha256
    backup: str | None = None  # where the old catalog went; None: removed, or there was none
    replaced: bool = False  # whether there was an old catalog
    seconds: float = 0.0
    run_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Progress:
    """One step done: ``stage`` is manifests, texts or reports; ``done`` of ``total`` in it."""

    stage: str
    done: int
    total: int
    key: str
    summary: ReindexSummary


@dataclass(frozen=True)
class _Listing:
    manifests: list[str]
    reports: list[str]  # oldest first
    texts: list[str]  # in the order they were written


class _KeepLastObject:
    """The store, remembering the last object it read: a run part's captures object is read
    once for its rows (apply_manifest) and once more for its texts (the near-copy index)."""

    def __init__(self, store) -> None:
        self._store = store
        self._key: str | None = None
        self._data = b""

    def get(self, key: str) -> bytes:
        if key != self._key:
            self._data, self._key = self._store.get(key), key
        return self._data

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def list_sources(store) -> _Listing:
    """The committed manifests, run reports and text objects of the bucket.

    Raises ``ObjectMissing`` when the bucket does not exist, ``StoreUnavailable`` when the store
    does not answer.
    """
    manifests, reports = [], []
    for info in store.list("runs/"):
        parts = info.key.split("/")
        if len(parts) == 4 and parts[3] == "manifest.json":
            manifests.append(info.key)
        elif len(parts) == 3 and parts[2].startswith("report-") and parts[2].endswith(".json"):
            reports.append(info.key)
    texts = [info for info in store.list("text/") if info.key.endswith(".jsonl")]
    # Re-extractions of one capture are told apart by the order they were added (the newest
    # wins): the order they were written in. Ties (the same second) go by key.
    texts.sort(key=lambda i: (i.last_modified.timestamp() if i.last_modified else 0.0, i.key))
    # Report stamps sort by time; a run's newest report is applied last.
    return _Listing(sorted(manifests), sorted(reports), [i.key for i in texts])


def rebuild_catalog(store, target: Path, *, keep_backup: bool = True,
                    progress: Callable[[Progress], None] | None = None) -> ReindexSummary:
    """Builds a new catalog from ``store`` and swaps it in at ``target``; returns what it did.

    Raises ``ReindexError`` (nothing to rebuild from, the catalog in use) and the store's
    errors (``StorageError``); in every case the old catalog is left as it was.
    """
    started = time.monotonic()
    target = Path(target).absolute()
    summary = ReindexSummary(catalog=str(target), bucket=store.url("").rstrip("/"))
    listing = list_sources(store)
    if not listing.manifests:
        raise ReindexError(
            f"no committed manifest under {store.url('runs/')} (endpoint {store.endpoint_url}): "
            "nothing to rebuild the catalog from; check ARSHIF_BUCKET and ARSHIF_S3_ENDPOINT, "
            "or run `arshif run` first")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.reindex-{_utc_stamp()}-{os.getpid()}")
    try:
        _build(store, building, listing, summary, progress)
        summary.backup, summary.replaced = _swap_in(building, target, keep_backup)
    except BaseException:
        _remove_database(building)
        raise
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _build(store, path: Path, listing: _Listing, summary: ReindexSummary,
           progress: Callable[[Progress], None] | None) -> None:
    from arshif.catalog.sync import apply_manifest
    from arshif.dedupe.nearcopy import NearCopyIndex, drop_index
    from arshif.takedown import sync_takedowns

    def report(stage: str, done: int, total: int, key: str) -> None:
        if progress is not None:
            progress(Progress(stage, done, total, key, summary))

    _remove_database(path)
    catalog = Catalog(path)
    try:
        drop_index(catalog.db)  # nothing to drop in a new file, but no index is carried over
        index = NearCopyIndex(catalog.db)
        reader = _KeepLastObject(store)
        runs: set[str] = set()
        for done, key in enumerate(listing.manifests, 1):
            manifest = store.get_json(key)
            summary.captures += apply_manifest(reader, catalog, key, manifest)
            rows = catalog.captures_in_run(manifest["run_key"], manifest["site"])
            summary.index_docs += index.add_many(_index_documents(reader, rows))
            summary.manifests += 1
            runs.add(manifest["run_key"])
            summary.runs = len(runs)
            report("manifests", done, len(listing.manifests), key)
        summary.run_keys = sorted(runs)
        summary.clusters = catalog.db.execute(
            "SELECT COUNT(DISTINCT cluster) FROM lsh_docs WHERE cluster IS NOT NULL").fetchone()[0]

        for done, key in enumerate(listing.texts, 1):
            summary.texts += _add_text_object(store, catalog, key)
            summary.text_objects += 1
            report("texts", done, len(listing.texts), key)

        for done, key in enumerate(listing.reports, 1):
            document = store.get_json(key)
            for site, figures in (document.get("sites") or {}).items():
                catalog.save_report(document.get("run_key") or key.split("/")[1], site, figures)
            summary.reports += 1
            report("reports", done, len(listing.reports), key)

        # Takedowns and purges last: they refer to articles the manifests brought in.
        summary.takedowns = sync_takedowns(store, catalog)
        summary.ledger_entries = ledger.sync_catalog(store, catalog)
        summary.ledger_head = catalog.ledger_head()

        # A self-contained file (no -wal beside it) is what gets renamed; the next Catalog()
        # that opens it turns WAL on again.
        catalog.db.execute("PRAGMA journal_mode=DELETE")
    finally:
        catalog.close()


def _index_documents(reader: _KeepLastObject, rows: list[dict]) -> Iterator[tuple[str, str, str, str | None]]:
    """The near-copy documents of a run part, as dedupe indexed them: a capture that started a
    version of an article with text (see ``Deduper._cluster``), under its recorded cluster."""
    from arshif.dedupe import article_text

    for row in rows:
        if row["change"] not in ("new", "changed") or not row["text_fingerprint"]:
            continue
        data = reader.get(row["captures_object"])
        offset = row["captures_offset"]
        line = json.loads(data[offset:offset + row["captures_length"]])
        text = article_text(line)
        if text is not None:
            yield f"{row['canonical_url']}#v{row['version']}", text, row["site"], row["cluster"]


def _add_text_object(store, catalog: Catalog, key: str) -> int:
    """Records one re-extraction object's texts (as ``reextract_run`` did); returns how many."""
    data = store.get(key)
    positions: list[tuple[str, int, int]] = []
    extractor, chrome_model, offset = None, None, 0
    for raw in data.splitlines(keepends=True):
        line = json.loads(raw) if raw.strip() else {}
        if line and not line.get("purged"):
            positions.append((line["record_id"], offset, len(raw)))
            # One object holds one extractor's output under one chrome model (see reextract._tag).
            extractor = extractor or (line.get("article") or {}).get("extractor")
            chrome_model = chrome_model or line.get("chrome_model")
        offset += len(raw)
    if positions:
        catalog.add_texts(key, extractor or "unknown", chrome_model, positions)
    return len(positions)


def _swap_in(building: Path, target: Path, keep_backup: bool) -> tuple[str | None, bool]:
    """Moves the new catalog over ``target`` in one rename; returns (backup path, replaced)."""
    if not target.exists():
        _remove_side_files(target)  # a -wal without its database would be read as the new one's
        os.replace(building, target)
        return None, False
    held = _detach(target)
    try:
        backup = None
        if keep_backup:
            backup = target.with_name(f"{target.name}.bak-{_utc_stamp()}")
            # A second name for the old file, then one rename over it: there is no moment
            # without a catalog at ``target``.
            try:
                os.link(target, backup)
            except OSError:  # a file system without hard links: a copy, still before the swap
                import shutil

                shutil.copy2(target, backup)
        os.replace(building, target)
    finally:
        if held is not None:
            held.close()  # its exclusive lock (on the old file) ends here
    return (str(backup) if backup else None), True


def _detach(target: Path) -> sqlite3.Connection | None:
    """Folds the old catalog's WAL into its file and takes it out of WAL mode, so that the file
    stands alone (as the backup) and no stale -wal is left to be read as the new catalog's;
    returns the connection, holding an exclusive lock until the swap is done.

    That needs the only connection to it: a run or command that has it open makes this fail
    with ReindexError, before anything is changed. A file that is no SQLite database at all is
    replaced as it is (None).
    """
    try:
        db = sqlite3.connect(target, timeout=5, isolation_level=None)
    except sqlite3.DatabaseError:
        return None
    try:
        db.execute("PRAGMA journal_mode=DELETE").fetchone()
        db.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        db.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise ReindexError(
                f"the catalog {target} is open in another process (a run, or another command): "
                "let it finish, then run `arshif reindex` again; the catalog was not changed"
            ) from exc
        return None  # e.g. "file is not a database"
    except sqlite3.DatabaseError:
        db.close()
        return None
    _remove_side_files(target)
    return db


def _remove_side_files(path: Path) -> None:
    for suffix in _SIDE_FILES:
        with suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def _remove_database(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()
    _remove_side_files(path)

"""``arshif verify``: the bucket checked against its manifests and the catalog.

The kinds of problem, worst first:

- ``corrupt``: an object's size or SHA-256 is not what its manifest committed (or a manifest's
  own bytes do not match the checksum recorded when it was written);
- ``missing``: a committed manifest names an object the bucket does not hold;
- ``incomplete``: a site's crawl was staged (``staging/<run>/<site>/_SUCCESS.json``), or
  started, for a run that has no manifest for it: it is invisible until it is committed;
- ``drift``: the catalog disagrees with the bucket (manifests not applied, captures whose
  manifest is gone, capture or text positions outside their object, capture counts that differ;
  with ``deep``, a capture position that does not hold its WARC record);
- ``extra``: an object under ``warc/ cdxj/ captures/ text/ runs/`` that no manifest and no known
  writer accounts for. Known writers besides manifests: run reports
  (``runs/<run>/report-*.json``) and re-extractions (``text/...--<tag>.jsonl``, recorded in the
  catalog table ``texts``). ``models/`` and ``staging/`` are not archive prefixes: staging is
  only read to find incomplete runs.

The fast check compares each object's listed size with its manifest, and the manifest's SHA-256
with the checksum the store recorded when the object was written (HEAD with
``ChecksumMode=ENABLED``: ``ChecksumSHA256``, and arshif's own ``sha256`` metadata); an object
with no recorded checksum is read in full. ``deep`` reads every byte and recomputes the SHA-256,
which also catches bytes changed under an unchanged record, and checks that every catalog
capture's WARC position holds its record. Nothing is ever written: the catalog is opened
read-only.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from arshif import layout

ARCHIVE_PREFIXES = ("warc/", "cdxj/", "captures/", "text/", "runs/")
STAGING_PREFIX = "staging/"
KINDS = ("corrupt", "missing", "incomplete", "drift", "extra")  # report order: worst first
RUN_KEY = re.compile(r"^\d{8}T\d{6}Z$")
_RUN = r"\d{8}T\d{6}Z"
_ARCHIVED = re.compile(rf"^(?P<prefix>warc|cdxj|captures|text)/\d{{4}}/\d{{2}}/\d{{2}}/(?P<dir>[^/]+)/"
                       rf"arshif-(?P<site>[a-z0-9-]+?)-(?P<run>{_RUN})(?P<rest>[^/]*)$")
_TEXT_REST = re.compile(r"^--[^/]+\.jsonl$")
_MANIFEST = re.compile(rf"^runs/(?P<run>{_RUN})/(?P<site>[^/]+)/manifest\.json$")
_REPORT = re.compile(rf"^runs/(?P<run>{_RUN})/report-[^/]+\.json$")
_STAGING = re.compile(r"^staging/(?P<run>[^/]+)/(?P<site>[^/]+)/(?P<rest>.+)$")
_SUCCESS = "_SUCCESS.json"
_CHUNK = 1 << 20
_SPOOL = 64 << 20  # a WARC read in full for its record check stays in memory up to this size

ADVICE = {
    "corrupt": "The stored bytes are not the bytes that were committed. Restore each object under "
               "the same key from a replica or backup whose SHA-256 matches the manifest (the store is "
               "write-once: delete the damaged copy first), then run `arshif verify --deep`. Until "
               "then, do not trust what is read from it.",
    "missing": "A committed manifest names an object the bucket no longer holds. Restore it under "
               "the same key from a replica or backup (its size and SHA-256 are in the manifest). "
               "Running the date again does not rewrite it: the manifest says that part is done.",
    "incomplete": "A crawl was staged but never committed: its captures are invisible to history, "
                  "get and search until `arshif run --date D` completes it from what was staged "
                  "(it does not crawl again).",
    "drift": "The catalog disagrees with the bucket, and the bucket is the archive: `arshif reindex` "
             "rebuilds the catalog from it (the next `arshif run` also applies committed manifests "
             "the catalog has not seen).",
    "extra": "No manifest or known writer accounts for these objects, and arshif never reads them. "
             "Find out what they are (a copy made by hand, another tool's output); move or delete "
             "those that are not part of the archive.",
}


class VerifyError(RuntimeError):
    """The walk could not be done (the bucket or the catalog cannot be read)."""


@dataclass
class Problem:
    kind: str           # one of KINDS
    reason: str         # what exactly, e.g. sha256, size, not-applied, out-of-bounds
    key: str            # the object (or manifest) concerned
    detail: str         # one line for a person
    run_key: str | None = None
    site: str | None = None
    action: str | None = None   # the command or step that fixes it, when there is one
    expected: dict | None = None
    actual: dict | None = None
    records: list[str] | None = None  # catalog captures concerned

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Report:
    bucket: str
    endpoint: str
    catalog: str | None
    deep: bool
    run_key: str | None = None
    site: str | None = None
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {kind: sum(p.kind == kind for p in self.problems) for kind in KINDS}

    def to_dict(self) -> dict:
        kinds_found = [k for k in KINDS if any(p.kind == k for p in self.problems)]
        return {
            "clean": self.clean, "bucket": self.bucket, "endpoint": self.endpoint,
            "catalog": self.catalog, "deep": self.deep,
            "filters": {"run": self.run_key, "site": self.site},
            "checked": dict(self.checked), "counts": self.counts(),
            "problems": [p.to_dict() for p in self.problems],
            "advice": {k: ADVICE[k] for k in kinds_found},
        }


class Progress:
    """Progress of a long walk: on a terminal one line rewritten in place (and erased by
    ``close``), otherwise plain log lines at each phase's start and end and every
    ``interval`` seconds between."""

    def __init__(self, stream: TextIO | None = None, interval: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.2 if self.tty else 10.0)
        self.phase, self.total, self.done, self._last, self._shown = "", None, 0, 0.0, False

    def start(self, phase: str, total: int | None = None) -> None:
        self.phase, self.total, self.done = phase, total, 0
        self._last = time.monotonic()
        self._emit()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self._last >= self.interval:
            self._last = time.monotonic()
            self._emit()

    def finish(self) -> None:
        self._emit(final=True)

    def close(self) -> None:
        """Erases the terminal's progress line, so that what follows starts on a clean line."""
        if self.tty and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def _emit(self, final: bool = False) -> None:
        count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        line = f"verify: {self.phase}: {count}" + (" done" if final else "")
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
            self._shown = True
        else:
            if not final and not self.done:  # the log line at the start of a phase
                line = f"verify: {self.phase}" + (f" ({self.total})" if self.total is not None else "") + "…"
            self.stream.write(line + "\n")
        self.stream.flush()


class _Silent(Progress):
    def __init__(self) -> None:
        super().__init__(stream=sys.stderr, interval=float("inf"))

    def _emit(self, final: bool = False) -> None:
        pass


def owner(key: str) -> tuple[str | None, str | None]:
    """The run and site an object belongs to, as far as its name tells."""
    for pattern in (_MANIFEST, _STAGING, _ARCHIVED):
        match = pattern.match(key)
        if match:
            return match["run"], match["site"]
    match = _REPORT.match(key)
    if match:
        return match["run"], None
    parts = key.split("/")
    if parts[0] == "runs" and len(parts) > 2:
        return parts[1], (parts[2] if len(parts) > 3 else None)
    if parts[0] in ("warc", "cdxj", "captures", "text") and len(parts) > 5:
        return None, parts[4]
    return None, None


def run_date(run_key: str) -> str:
    return f"{run_key[0:4]}-{run_key[4:6]}-{run_key[6:8]}"


def _run_command(run_key: str) -> str:
    # `arshif run --date D` runs the logical date D at 00:00 UTC, which is how run keys are made.
    if run_key.endswith("T000000Z"):
        return f"arshif run --date {run_date(run_key)}"
    return f"run the daily_crawl DAG again for logical date {run_key}"


def _human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"


def _client_error_code(exc: Exception) -> tuple[str, int | None]:
    response = getattr(exc, "response", None) or {}
    return (str(response.get("Error", {}).get("Code", "")),
            response.get("ResponseMetadata", {}).get("HTTPStatusCode"))


@dataclass
class _Expected:
    size: int
    sha256: str
    manifest: str
    run_key: str
    site: str


class Verifier:
    """One walk of the bucket (and the catalog, unless ``catalog_path`` is None)."""

    def __init__(self, store, catalog_path: Path | None, *, deep: bool = False,
                 run_key: str | None = None, site: str | None = None,
                 progress: Progress | None = None, workers: int = 8) -> None:
        self.store = store
        self.catalog_path = catalog_path
        self.deep, self.run_key, self.site = deep, run_key, site
        self.progress = progress or _Silent()
        self.workers = workers
        self.report = Report(bucket=store.bucket, endpoint=store.endpoint_url,
                             catalog=str(catalog_path) if catalog_path else None, deep=deep,
                             run_key=run_key, site=site)
        self.listed: dict[str, int] = {}
        self.prefixes: list[str] = []
        self.manifests: dict[str, dict | None] = {}     # key → manifest (None: unreadable)
        self.committed: dict[tuple[str, str], str] = {}  # (run, site) → manifest key
        self.expected: dict[str, _Expected] = {}
        self.missing: set[str] = set()
        self._heads: dict[str, int | None] = {}
        self.db: sqlite3.Connection | None = None
        self.catalog_texts: set[str] = set()

    # -- the walk --------------------------------------------------------------------------
    def run(self) -> Report:
        self._list()
        self._read_manifests()
        self._open_catalog()
        try:
            positions = self._catalog_positions() if self.db is not None else {}
            self._check_objects(positions)
            self._check_extras()
            self._check_incomplete()
            if self.db is not None:
                self._check_catalog()
        finally:
            if self.db is not None:
                self.db.close()
        order = {kind: i for i, kind in enumerate(KINDS)}
        self.report.problems.sort(key=lambda p: (order[p.kind], p.key, p.reason))
        return self.report

    def _problem(self, kind: str, reason: str, key: str, detail: str, **extra: Any) -> None:
        run_key, site = owner(key)
        extra.setdefault("run_key", run_key)
        extra.setdefault("site", site)
        self.report.problems.append(Problem(kind, reason, key, detail, **extra))

    def _in_scope(self, run_key: str | None, site: str | None) -> bool:
        return ((self.run_key is None or run_key is None or run_key == self.run_key)
                and (self.site is None or site is None or site == self.site))

    def _key_in_scope(self, key: str) -> bool:
        return self._in_scope(*owner(key))

    # -- listing ---------------------------------------------------------------------------
    def _list(self) -> None:
        if self.run_key:
            day = layout.run_day_path(self.run_key)
            below = f"{self.site}/" if self.site else ""
            self.prefixes = [f"{p}{day}/{below}" for p in ("warc/", "cdxj/", "captures/", "text/")]
            self.prefixes += [f"runs/{self.run_key}/", f"{STAGING_PREFIX}{self.run_key}/{below}"]
        else:
            self.prefixes = [*ARCHIVE_PREFIXES, STAGING_PREFIX]
        self.progress.start("listing the bucket")
        for prefix in self.prefixes:
            for info in self.store.list(prefix):
                if self._key_in_scope(info.key):
                    self.listed[info.key] = info.size
                self.progress.advance()
        self.progress.finish()
        self.report.checked["listed"] = len(self.listed)

    def _covered(self, key: str) -> bool:
        return any(key.startswith(p) for p in self.prefixes)

    def _size(self, key: str) -> int | None:
        """The object's size, None when absent: from the listing, else one HEAD (cached)."""
        if key in self.listed:
            return self.listed[key]
        if self._covered(key) and self._key_in_scope(key):
            return None
        if key not in self._heads:
            info = self.store.head(key)
            self._heads[key] = info["size"] if info else None
        return self._heads[key]

    # -- manifests -------------------------------------------------------------------------
    def _read_manifests(self) -> None:
        from storage.errors import CorruptObject, ObjectMissing

        keys = sorted(k for k in self.listed if _MANIFEST.match(k))
        self.progress.start("reading manifests", len(keys))

        def read(key: str) -> tuple[str, bytes | None, str | None]:
            try:
                return key, self.store.get(key), None
            except CorruptObject as exc:
                return key, None, str(exc)
            except ObjectMissing:
                return key, None, "gone"

        with ThreadPoolExecutor(self.workers) as pool:
            for future in as_completed([pool.submit(read, k) for k in keys]):
                key, data, error = future.result()
                self.progress.advance()
                self._take_manifest(key, data, error)
        self.progress.finish()
        self.report.checked["manifests"] = len(keys)

    def _take_manifest(self, key: str, data: bytes | None, error: str | None) -> None:
        match = _MANIFEST.match(key)
        assert match is not None
        run_key, site = match["run"], match["site"]
        if error == "gone":  # deleted between listing and reading: as if never listed
            self.listed.pop(key, None)
            return
        self.committed[(run_key, site)] = key
        self.manifests[key] = None
        if error:
            self._problem("corrupt", "manifest-checksum", key,
                          "the manifest does not match the checksum recorded when it was written; "
                          "the objects it names cannot be checked", action="restore the manifest")
            return
        try:
            manifest = json.loads(data.decode("utf-8"))
            objects = [(o["key"], int(o["size"]), str(o["sha256"]).lower()) for o in manifest["objects"]]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            self._problem("corrupt", "manifest-unreadable", key,
                          f"the manifest is not a readable arshif manifest ({exc.__class__.__name__}: {exc})",
                          action="restore the manifest")
            return
        if manifest.get("run_key") != run_key or manifest.get("site") != site:
            self._problem("corrupt", "manifest-mismatch", key,
                          f"the manifest says run {manifest.get('run_key')} site {manifest.get('site')}, "
                          "not what its key says", action="restore the manifest")
            return
        self.manifests[key] = manifest
        for obj_key, size, sha256 in objects:
            self.expected[obj_key] = _Expected(size, sha256, key, run_key, site)

    # -- objects named by manifests --------------------------------------------------------
    def _check_objects(self, positions: dict[str, list[tuple]]) -> None:
        from storage.errors import ObjectMissing

        todo = []
        for key, want in sorted(self.expected.items()):
            size = self._size(key)
            self.report.checked["objects"] += 1
            if size is None:
                self.missing.add(key)
                self._problem("missing", "absent", key, f"named by {want.manifest}, not in the bucket",
                              run_key=want.run_key, site=want.site, action="restore it from a replica or backup",
                              expected={"size": want.size, "sha256": want.sha256, "manifest": want.manifest})
                continue
            if size != want.size:
                self._problem("corrupt", "size", key,
                              f"{size} bytes, but {want.manifest} committed {want.size}",
                              run_key=want.run_key, site=want.site, action="restore it from a replica or backup",
                              expected={"size": want.size, "sha256": want.sha256, "manifest": want.manifest},
                              actual={"size": size})
                continue
            self.report.checked["bytes"] += size
            todo.append(key)

        self.progress.start("reading objects in full" if self.deep else "checking stored checksums",
                            len(todo))
        with ThreadPoolExecutor(self.workers) as pool:
            futures = {pool.submit(self._check_one, key, positions.get(key, [])): key for key in todo}
            for future in as_completed(futures):
                key = futures[future]
                self.progress.advance()
                try:
                    outcome = future.result()
                except ObjectMissing:
                    outcome = None
                self._take_outcome(key, outcome)
        self.progress.finish()
        self._check_unlisted_digests()

    def _check_one(self, key: str, positions: list[tuple]) -> dict:
        """One object: its recorded checksums (fast), or its bytes hashed (deep, or when the
        store recorded none); with deep, the catalog's record positions in a WARC."""
        if not self.deep:
            info = self.store.head(key)
            if info is None:
                return {"gone": True}
            recorded = self._recorded(info)
            if recorded:
                return {"recorded": recorded}
        digest, bad_records = self._read_in_full(key, positions)
        if digest is None:
            return {"gone": True}
        return {"sha256": digest, "bad_records": bad_records, "positions": len(positions)}

    @staticmethod
    def _recorded(info: dict) -> list[str]:
        """Every SHA-256 the store holds for an object: ChecksumSHA256, and arshif's metadata."""
        found = []
        if info.get("sha256"):
            found.append(info["sha256"].lower())
        meta = (info.get("metadata") or {}).get("sha256")
        if meta and meta.lower() not in found:
            found.append(meta.lower())
        return found

    def _read_in_full(self, key: str, positions: list[tuple]) -> tuple[str | None, list[dict]]:
        """SHA-256 of the object's bytes, streamed; WARC record positions checked when asked."""
        from botocore.exceptions import ClientError

        digest = hashlib.sha256()
        try:
            response = self.store.client.get_object(Bucket=self.store.bucket, Key=self.store.full_key(key))
        except ClientError as exc:
            code, status = _client_error_code(exc)
            if code == "NoSuchKey" or status == 404:
                return None, []
            raise
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as spool:
            for chunk in response["Body"].iter_chunks(_CHUNK):
                digest.update(chunk)
                if positions:
                    spool.write(chunk)
            bad = self._check_records(spool, positions) if positions else []
        return digest.hexdigest(), bad

    @staticmethod
    def _check_records(fh, positions: list[tuple]) -> list[dict]:
        """Which catalog positions (capture's record id, offset, length, role) do not hold a
        record of that length (the response: with that record id)."""
        from warcio.archiveiterator import ArchiveIterator

        fh.seek(0)
        found: dict[int, tuple[str, int]] = {}
        try:
            records = ArchiveIterator(fh)
            for record in records:
                offset = records.get_record_offset()
                length = records.get_record_length()
                found[offset] = (record.rec_headers.get_header("WARC-Record-ID"), length)
        except Exception as exc:  # a WARC that cannot be parsed: every position is suspect
            return [{"record_id": rid, "offset": off, "length": ln, "role": role,
                     "found": f"unreadable WARC: {exc.__class__.__name__}"} for rid, off, ln, role in positions]
        end = fh.seek(0, 2)
        bad = []
        for record_id, offset, length, role in positions:
            if offset is None or length is None or offset < 0 or offset + length > end:
                continue  # outside the object: reported as out-of-bounds
            at = found.get(offset)
            if at is None or at[1] != length or (role == "response" and at[0] != record_id):
                bad.append({"record_id": record_id, "offset": offset, "length": length, "role": role,
                            "found": f"record {at[0]} of {at[1]} bytes" if at else "no record starts there"})
        return bad

    def _take_outcome(self, key: str, outcome: dict | None) -> None:
        want = self.expected[key]
        where = {"run_key": want.run_key, "site": want.site}
        expected = {"size": want.size, "sha256": want.sha256, "manifest": want.manifest}
        if outcome is None or outcome.get("gone"):
            self.missing.add(key)
            self._problem("missing", "absent", key, f"named by {want.manifest}, gone while verifying",
                          action="restore it from a replica or backup", expected=expected, **where)
            return
        if "recorded" in outcome:
            self.report.checked["by_stored_checksum"] += 1
            wrong = [d for d in outcome["recorded"] if d != want.sha256]
            if wrong:
                self._problem("corrupt", "sha256", key,
                              f"the store's recorded sha256 {wrong[0][:16]}… is not the {want.sha256[:16]}… "
                              f"committed in {want.manifest}", action="restore it from a replica or backup",
                              expected=expected, actual={"size": want.size, "sha256": wrong[0],
                                                         "source": "stored checksum"}, **where)
            return
        self.report.checked["read_in_full"] += 1
        if outcome["sha256"] != want.sha256:
            self._problem("corrupt", "sha256", key,
                          f"its bytes hash to {outcome['sha256'][:16]}…, not the {want.sha256[:16]}… "
                          f"committed in {want.manifest}", action="restore it from a replica or backup",
                          expected=expected, actual={"size": want.size, "sha256": outcome["sha256"],
                                                     "source": "bytes read"}, **where)
            return
        self.report.checked["record_positions"] += outcome["positions"]
        if outcome["bad_records"]:
            bad = outcome["bad_records"]
            self._problem("drift", "record-mismatch", key,
                          f"{len(bad)} catalog position(s) do not hold their WARC record "
                          f"(first: the {bad[0]['role']} of capture {bad[0]['record_id']}, {bad[0]['length']} "
                          f"bytes at {bad[0]['offset']}: {bad[0]['found']})",
                          action="arshif reindex", records=sorted({b["record_id"] for b in bad}),
                          actual={"positions": bad}, **where)

    def _check_unlisted_digests(self) -> None:
        """With deep: objects that no manifest names but arshif wrote (reports, texts) read in
        full against the checksum the store recorded for them (manifests were checked when read)."""
        if not self.deep:
            return
        keys = sorted(k for k in self.listed if not k.startswith(STAGING_PREFIX)
                      and k not in self.expected and k not in self.manifests
                      and (_REPORT.match(k) or k.startswith("text/")))
        if not keys:
            return
        self.progress.start("reading reports and texts in full", len(keys))

        def check(key: str) -> tuple[str, list[str], str | None]:
            info = self.store.head(key)
            digest, _ = self._read_in_full(key, [])
            return key, self._recorded(info) if info else [], digest

        with ThreadPoolExecutor(self.workers) as pool:
            for future in as_completed([pool.submit(check, k) for k in keys]):
                key, recorded, digest = future.result()
                self.progress.advance()
                self.report.checked["others_read_in_full"] += 1
                wrong = [d for d in recorded if digest and d != digest]
                if wrong:
                    self._problem("corrupt", "sha256", key,
                                  f"its bytes hash to {digest[:16]}…, not the {wrong[0][:16]}… recorded "
                                  "when it was written", action="restore it from a replica or backup",
                                  expected={"sha256": wrong[0], "source": "stored checksum"},
                                  actual={"sha256": digest, "source": "bytes read"})
        self.progress.finish()

    # -- extra objects ---------------------------------------------------------------------
    def _staged(self) -> dict[tuple[str, str], dict]:
        staged: dict[tuple[str, str], dict] = defaultdict(lambda: {"success": False, "attempts": set()})
        for key in self.listed:
            match = _STAGING.match(key)
            if not match:
                continue
            entry = staged[(match["run"], match["site"])]
            if match["rest"] == _SUCCESS:
                entry["success"] = True
            elif "/" in match["rest"]:
                entry["attempts"].add(match["rest"].split("/", 1)[0])
        return staged

    def _check_extras(self) -> None:
        staged = self._staged()
        for key in sorted(self.listed):
            if key.startswith(STAGING_PREFIX) or key in self.expected or key in self.manifests:
                continue
            if _REPORT.match(key):
                self.report.checked["reports"] += 1
                continue
            run_key, site = owner(key)
            committed = self.committed.get((run_key, site)) if run_key and site else None
            if committed and self.manifests.get(committed) is None:
                continue  # its manifest is unreadable (reported): the object cannot be judged
            match = _ARCHIVED.match(key)
            if match and match["prefix"] == "text" and _TEXT_REST.match(match["rest"]):
                self.report.checked["texts"] += 1
                if key in self.catalog_texts:
                    continue
                if committed:
                    if self.db is not None:
                        self._problem("drift", "text-not-in-catalog", key,
                                      f"a re-extraction of run {run_key} {site} the catalog does not record",
                                      action="arshif reindex")
                    continue
            if run_key and site and (run_key, site) in staged and not committed:
                self._problem("extra", "uncommitted", key,
                              f"written for run {run_key} {site}, which was never committed (see incomplete)",
                              action=_run_command(run_key))
                continue
            self._problem("extra", "unaccounted", key, "no manifest or known writer accounts for it",
                          action="find out what it is; move or delete it if it is not part of the archive",
                          actual={"size": self.listed[key]})

    # -- incomplete runs -------------------------------------------------------------------
    def _check_incomplete(self) -> None:
        staged = self._staged()
        self.report.checked["staged"] = len(staged)
        for (run_key, site), entry in sorted(staged.items()):
            if (run_key, site) in self.committed:
                continue
            if entry["success"]:
                self._problem("incomplete", "staged", layout.staging_success(run_key, site),
                              f"run {run_key} {site}: crawled and staged, never committed (no "
                              f"{layout.manifest_key(run_key, site)}); invisible until "
                              f"`{_run_command(run_key)}` completes it", run_key=run_key, site=site,
                              action=_run_command(run_key))
            else:
                self._problem("incomplete", "crawl-unfinished", layout.staging_prefix(run_key, site),
                              f"run {run_key} {site}: a crawl started ({len(entry['attempts'])} attempt(s)) "
                              f"but never staged its output; `{_run_command(run_key)}` crawls it again",
                              run_key=run_key, site=site, action=_run_command(run_key))

    # -- the catalog -----------------------------------------------------------------------
    def _open_catalog(self) -> None:
        if self.catalog_path is None:
            return
        if not self.catalog_path.exists():
            if self.committed:
                self._problem("drift", "no-catalog", str(self.catalog_path),
                              f"there is no catalog at {self.catalog_path}; {len(self.committed)} "
                              "committed manifest(s) are not queryable",
                              action="arshif reindex", run_key=None, site=None)
            return
        try:
            # Read-only: verify never changes what it checks.
            self.db = sqlite3.connect(f"file:{self.catalog_path}?mode=ro", uri=True, timeout=60,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("SELECT 1 FROM captures LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise VerifyError(f"cannot read the catalog {self.catalog_path}: {exc}; "
                              "`arshif reindex` rebuilds it, or pass --no-catalog") from exc
        if self._has_table("texts"):
            self.catalog_texts = {r[0] for r in self.db.execute("SELECT DISTINCT object FROM texts")}

    def _has_table(self, name: str) -> bool:
        assert self.db is not None
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                               (name,)).fetchone() is not None

    def _captures(self, columns: Iterable[str]) -> Iterable[sqlite3.Row]:
        assert self.db is not None
        present = {r["name"] for r in self.db.execute("PRAGMA table_info(captures)")}
        select = ", ".join(c if c in present else f"NULL AS {c}" for c in columns)
        return self.db.execute(
            f"SELECT {select} FROM captures WHERE (? IS NULL OR run_key = ?) AND (? IS NULL OR site = ?)",
            (self.run_key, self.run_key, self.site, self.site))

    def _catalog_positions(self) -> dict[str, list[tuple]]:
        """With deep: every WARC position the catalog holds, by object, for the record check."""
        if not self.deep:
            return {}
        positions: dict[str, list[tuple]] = defaultdict(list)
        for r in self._captures(("record_id", "warc_file", "warc_offset", "warc_length", "request_length")):
            if r["warc_file"] is None or r["warc_offset"] is None or r["warc_length"] is None:
                continue
            positions[r["warc_file"]].append((r["record_id"], r["warc_offset"], r["warc_length"], "response"))
            if r["request_length"]:
                # The request record directly follows its response: together they are the capture.
                positions[r["warc_file"]].append((r["record_id"], r["warc_offset"] + r["warc_length"],
                                                  r["request_length"], "request"))
        return positions

    def _check_catalog(self) -> None:
        assert self.db is not None
        applied = {r["key"]: (r["run_key"], r["site"]) for r in self.db.execute(
            "SELECT key, run_key, site FROM manifests") if self._in_scope(r["run_key"], r["site"])}
        counts = {(r["run_key"], r["site"]): r["n"] for r in self.db.execute(
            "SELECT run_key, site, COUNT(*) AS n FROM captures WHERE (? IS NULL OR run_key = ?) "
            "AND (? IS NULL OR site = ?) GROUP BY run_key, site",
            (self.run_key, self.run_key, self.site, self.site))}
        for (run_key, site), key in sorted(self.committed.items()):
            manifest = self.manifests.get(key)
            if key not in applied:
                self._problem("drift", "not-applied", key,
                              f"committed in the bucket, not applied to the catalog: run {run_key} {site}'s "
                              f"{manifest['captures'] if manifest else 'captures'} captures are not queryable",
                              action="arshif reindex")
            elif manifest is not None and counts.get((run_key, site), 0) != manifest.get("captures"):
                self._problem("drift", "count", key,
                              f"the manifest commits {manifest.get('captures')} captures, the catalog holds "
                              f"{counts.get((run_key, site), 0)}", action="arshif reindex",
                              expected={"captures": manifest.get("captures")},
                              actual={"captures": counts.get((run_key, site), 0)})
        gone = {(run_key, site) for run_key, site in applied.values()} | set(counts)
        for run_key, site in sorted(gone - set(self.committed)):
            key = layout.manifest_key(run_key, site)
            self._problem("drift", "manifest-gone", key,
                          f"the catalog holds {counts.get((run_key, site), 0)} captures of run {run_key} {site}, "
                          "whose manifest is not in the bucket", action="arshif reindex",
                          run_key=run_key, site=site)
        self._check_positions()

    def _check_positions(self) -> None:
        """Every capture's WARC, payload and captures-line position inside its object, and every
        recorded text inside its text object."""
        assert self.db is not None
        outside: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.progress.start("checking catalog positions", None)
        columns = ("record_id", "warc_file", "warc_offset", "warc_length", "request_length",
                   "payload_warc_file", "payload_warc_offset", "payload_warc_length",
                   "captures_object", "captures_offset", "captures_length")
        for r in self._captures(columns):
            self.report.checked["captures"] += 1
            self.progress.advance()
            spans = (("warc", r["warc_file"], r["warc_offset"], (r["warc_length"] or 0) + (r["request_length"] or 0)),
                     ("payload", r["payload_warc_file"], r["payload_warc_offset"], r["payload_warc_length"]),
                     ("captures line", r["captures_object"], r["captures_offset"], r["captures_length"]))
            for what, obj, offset, length in spans:
                if obj is None:
                    continue
                self._check_span(outside, r["record_id"], what, obj, offset, length)
        if self._has_table("texts"):
            for r in self.db.execute("SELECT record_id, object, offset, length FROM texts"):
                if self._key_in_scope(r["object"]):
                    self.report.checked["catalog_texts"] += 1
                    self._check_span(outside, r["record_id"], "text", r["object"], r["offset"], r["length"])
        self.progress.finish()
        for (obj, reason), hits in sorted(outside.items()):
            record_id, what = hits[0]
            size = self._size(obj)
            if reason == "dangling":
                detail = (f"{len(hits)} catalog position(s) point into it, but it is not in the bucket "
                          f"and no manifest names it (first: {what} of {record_id})")
            else:
                detail = (f"{len(hits)} catalog position(s) fall outside its {size} bytes "
                          f"(first: {what} of {record_id})")
            self._problem("drift", reason, obj, detail, action="arshif reindex",
                          records=sorted({h[0] for h in hits}), actual={"size": size})

    def _check_span(self, outside: dict, record_id: str, what: str, obj: str,
                    offset: int | None, length: int | None) -> None:
        if obj in self.missing:
            return  # reported as missing already
        size = self._size(obj)
        if size is None:
            outside[(obj, "dangling")].append((record_id, what))
        elif offset is None or length is None or offset < 0 or length <= 0 or offset + length > size:
            outside[(obj, "out-of-bounds")].append((record_id, what))


def verify(store, catalog_path: Path | None, *, deep: bool = False, run_key: str | None = None,
           site: str | None = None, progress: Progress | None = None, workers: int = 8) -> Report:
    """Walks the bucket against its manifests and the catalog (None: the bucket alone)."""
    return Verifier(store, catalog_path, deep=deep, run_key=run_key, site=site,
                    progress=progress, workers=workers).run()


# -- the human report ----------------------------------------------------------------------
HEADINGS = {
    "corrupt": "CORRUPT: bytes that differ from what was committed",
    "missing": "MISSING: named by a manifest, not in the bucket",
    "incomplete": "INCOMPLETE RUNS: staged or started, never committed",
    "drift": "CATALOG DRIFT: the catalog disagrees with the bucket",
    "extra": "EXTRA: objects nothing accounts for",
}


def _wrap(text: str, indent: str, rest: str | None = None) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=rest or indent,
                         break_long_words=False, break_on_hyphens=False)


def format_report(report: Report, limit: int = 20) -> str:
    """The report for a person: what was checked, each kind of problem with what to do."""
    c = report.checked
    scope = ", ".join(f"{name} {value}" for name, value in (("run", report.run_key), ("site", report.site))
                      if value) or "everything"
    lines = [f"arshif verify: bucket {report.bucket} at {report.endpoint} ({scope})",
             f"catalog: {report.catalog or 'not checked (--no-catalog)'}",
             f"checked {c.get('manifests', 0)} manifests naming {c.get('objects', 0)} objects "
             f"({_human_size(c.get('bytes', 0))}): {c.get('by_stored_checksum', 0)} by the checksum stored "
             f"at write time, {c.get('read_in_full', 0)} read in full"
             + ("" if report.deep else " (--deep reads every byte)"),
             f"        {c.get('captures', 0)} catalog captures, {c.get('texts', 0)} text objects, "
             f"{c.get('reports', 0)} run reports, {c.get('staged', 0)} staged site runs"]
    for kind in KINDS:
        found = [p for p in report.problems if p.kind == kind]
        if not found:
            continue
        lines += ["", f"{HEADINGS[kind]} ({len(found)})"]
        for p in found[:limit]:
            lines.append(f"  {p.key}")
            lines.append(_wrap(f"{p.reason}: {p.detail}", "      "))
        if len(found) > limit:
            lines.append(f"  … and {len(found) - limit} more (--json lists every one)")
        lines.append(_wrap(f"what to do: {ADVICE[kind]}", "  ", "      "))
        actions = sorted({p.action for p in found if p.action and p.action.startswith("arshif ")})
        if actions:
            lines.append(_wrap("commands: " + "; ".join(f"`{a}`" for a in actions), "  ", "      "))
    lines.append("")
    if report.clean:
        lines.append(_wrap("result: CLEAN: every object the manifests name is present with its size "
                           "and SHA-256; nothing extra; no incomplete run"
                           + ("; the catalog matches the bucket" if report.catalog else ""), "", "        "))
    else:
        counts = ", ".join(f"{n} {kind}" for kind, n in report.counts().items() if n)
        lines.append(f"result: NOT CLEAN: {counts}")
    return "\n".join(lines)

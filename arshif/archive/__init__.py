"""Archive: one site's part of a run becomes write-once objects, then a manifest commits them,
then the catalog is updated from the manifest.

Order matters: WARC, CDXJ and captures objects first, the manifest last. A run part without a
manifest is incomplete and invisible; a retry rewrites the same deterministic objects (the store
reports them as already there) and then commits.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from arshif import layout
from arshif.archive.cdxj import cdxj_line, sorted_index
from arshif.archive.warc_build import ArchiveWarcBuilder
from arshif.catalog import CAPTURE_COLUMNS, Catalog
from arshif.pipeline.staging import StagedCrawl
from arshif.urls import canonical_url

MANIFEST_FORMAT = "arshif-manifest/1"


def _mime(content_type: str | None) -> str:
    return (content_type or "unknown").split(";", 1)[0].strip().lower() or "unknown"


def build_site_archive(run_key: str, site: str, staged: StagedCrawl, verdicts: dict[str, dict],
                       staged_warc: bytes) -> tuple[dict[str, bytes], list[dict]]:
    """The objects of one site's run part, and the catalog rows they hold."""
    warc_name = layout.warc_key(run_key, site)
    captures = staged.captures
    first_date = min((c["fetched_at"] for c in captures), default=staged.marker["staged_at"])
    builder = ArchiveWarcBuilder(warc_name.rsplit("/", 1)[-1], run_key, site, first_date,
                                 {"description": f"arshif archive of {site}, run {run_key}"})
    positions: dict[str, tuple[int, int]] = {}
    rows: list[dict] = []
    index: list[str] = []
    for capture in captures:
        response = capture["response"]
        verdict = verdicts[response["record_id"]]
        if verdict["kind"] == "revisit":
            payload_id = verdict["payload_record_id"]
            payload_file = verdict["payload_warc_file"]
            payload_offset, payload_length = verdict["payload_warc_offset"], verdict["payload_warc_length"]
            if payload_file is None:  # the payload is in this very run
                payload_file = warc_name
                payload_offset, payload_length = positions[payload_id]
            written = builder.revisit(staged_warc, response["offset"], response["length"],
                                      payload_record_id=payload_id,
                                      refers_to_url=verdict["refers_to_url"],
                                      refers_to_date=verdict["refers_to_date"],
                                      profile=verdict.get("profile") or "identical-payload-digest",
                                      payload_digest=verdict.get("refers_to_digest"))
        else:
            written = builder.copy(staged_warc, response["offset"], response["length"])
            payload_id, payload_file = written.record_id, warc_name
            payload_offset, payload_length = written.offset, written.length
        request = capture["request"]
        # The request record follows its response directly: together they are the capture.
        request_written = builder.copy(staged_warc, request["offset"], request["length"])
        positions[written.record_id] = (written.offset, written.length)
        article = capture.get("article") or {}
        # A 304 revisit stands for the payload it points to: index it under that digest.
        digest = (verdict.get("refers_to_digest") if verdict.get("profile") == "server-not-modified"
                  else None) or capture["payload_digest"]
        rows.append({
            "record_id": written.record_id, "url": capture["url"], "canonical_url": verdict["canonical_url"],
            "url_key": canonical_url(capture["url"]),
            "site": site, "run_key": run_key, "role": capture.get("role") or "other",
            "timestamp": capture["fetched_at"], "status": capture["status"], "kind": verdict["kind"],
            "version": verdict["version"], "change": verdict["change"], "digest": digest,
            "text_fingerprint": verdict["text_fingerprint"], "content_type": capture.get("content_type"),
            "warc_file": warc_name, "warc_offset": written.offset, "warc_length": written.length,
            "request_length": request_written.length,
            "payload_record_id": payload_id, "payload_warc_file": payload_file,
            "payload_warc_offset": payload_offset, "payload_warc_length": payload_length,
            "title": article.get("title"), "page_kind": article.get("page_kind"),
            "chrome_model": capture.get("chrome_model"),
            "cluster": verdict.get("cluster"),
            "text_lines": json.dumps(capture["text_lines"]) if capture.get("text_lines") is not None else None,
            "etag": capture.get("etag"), "last_modified": capture.get("last_modified"),
        })
        index.append(cdxj_line(
            url=capture["url"], timestamp=capture["fetched_at"],
            mime="warc/revisit" if verdict["kind"] == "revisit" else _mime(capture.get("content_type")),
            status=capture["status"], digest=digest,
            length=written.length, offset=written.offset, filename=warc_name,
        ))

    captures_name = layout.captures_key(run_key, site)
    lines = bytearray()
    by_id = {c["response"]["record_id"]: c for c in captures}
    for row in rows:
        capture = by_id[row["record_id"]]
        line = {**row, "article": capture.get("article"), "extraction_error": capture.get("extraction_error"),
                "hints": capture.get("hints"), "ip_address": capture.get("ip_address"),
                "request_record_id": capture["request"]["record_id"],
                "removed": verdicts[row["record_id"]].get("removed"),
                "revisit_profile": verdicts[row["record_id"]].get("profile")}
        encoded = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        row.update(captures_object=captures_name, captures_offset=len(lines), captures_length=len(encoded))
        lines += encoded
    objects = {
        warc_name: builder.getvalue(),
        layout.cdxj_key(run_key, site): sorted_index(index),
        captures_name: bytes(lines),
    }
    return objects, rows


def archive_site(store, catalog: Catalog, run_key: str, site: str, staged: StagedCrawl,
                 verdicts: dict[str, dict], counts: dict) -> dict:
    """Writes the site's objects, then its manifest, then updates the catalog. Idempotent."""
    manifest_name = layout.manifest_key(run_key, site)
    if store.exists(manifest_name):
        manifest = store.get_json(manifest_name)
        apply_manifest(store, catalog, manifest_name, manifest)
        return manifest
    staged_warc = store.get(staged.warc_key)
    objects, rows = build_site_archive(run_key, site, staged, verdicts, staged_warc)
    written = []
    for name, data in objects.items():
        content_type = "application/warc" if name.endswith(".warc.gz") else (
            "application/x-ndjson" if name.endswith(".jsonl") else "text/plain; charset=utf-8")
        result = store.put_once(name, data, content_type=content_type)
        written.append({"key": result.key, "size": result.size, "sha256": result.sha256})
    manifest = {
        "format": MANIFEST_FORMAT, "run_key": run_key, "site": site,
        "staged": staged.marker["prefix"], "captures": len(rows), "objects": written, "counts": counts,
        "committed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }
    store.put_json_once(manifest_name, manifest)
    catalog.apply_manifest(manifest_name, run_key, site, rows)
    return manifest


def apply_manifest(store, catalog: Catalog, manifest_name: str, manifest: dict) -> int:
    """Brings the catalog up to date with one committed manifest, reading its captures object."""
    if catalog.has_manifest(manifest_name):
        return 0
    captures_name = layout.captures_key(manifest["run_key"], manifest["site"])
    data = store.get(captures_name)
    rows, offset = [], 0
    for raw in data.splitlines(keepends=True):
        line = json.loads(raw)
        row = {k: line.get(k) for k in line if k in CAPTURE_COLUMNS}
        row.update(captures_object=captures_name, captures_offset=offset, captures_length=len(raw))
        rows.append(row)
        offset += len(raw)
    return catalog.apply_manifest(manifest_name, manifest["run_key"], manifest["site"], rows)

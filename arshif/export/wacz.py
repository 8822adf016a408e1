"""A WACZ 1.1.1 package of an export (https://specs.webrecorder.net/wacz/1.1.1/):

    archive/<name>.warc.gz   the export's WARC (stored, not deflated, so replay can seek in it)
    indexes/index.cdxj       sorted CDXJ of its response and revisit records, offsets into it
    pages/pages.jsonl        the selected article captures, titles as published and the
                             extracted text (``text``, for full-text search in the WACZ) (UTF-8)
    datapackage.json         every file above with its size and SHA-256, and the selection
    datapackage-digest.json  the SHA-256 of datapackage.json; signed (``--sign``), also the
                             ``signedData`` of WACZ Signing and Verification 0.1.0
                             (https://specs.webrecorder.net/wacz-auth/0.1.0/): an anonymous
                             ECDSA signature of that hash with the archive's key (signed.py)
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from arshif.export.warc_export import Piece
from arshif.warc.cdxj import cdxj_line, sorted_index

WACZ_VERSION = "1.1.1"
PAGES_FORMAT = "json-pages-1.0"


def archive_name(output_name: str) -> str:
    """The WARC's name inside the package, from the package's own name."""
    stem = re.sub(r"\.wacz$", "", output_name, flags=re.IGNORECASE)
    return (re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "export") + ".warc.gz"


def _mime(content_type: str | None) -> str:
    return (content_type or "unknown").split(";", 1)[0].strip().lower() or "unknown"


def index_lines(pieces: list[Piece], warc_name: str) -> bytes:
    """CDXJ of the exported WARC, from the records as copied (their headers, their new offsets)."""
    lines = []
    for piece in pieces:
        if piece.role == "warcinfo":
            continue
        head = piece.records[0]
        lines.append(cdxj_line(
            url=head["url"], timestamp=head["date"],
            mime="warc/revisit" if head["type"] == "revisit" else _mime(head["content_type"]),
            status=int(head["status"]) if (head["status"] or "").isdigit() else None,
            digest=head["digest"], length=head["length"], offset=piece.export_offset, filename=warc_name))
    return sorted_index(lines)


def page_lines(rows: list[dict], titles: dict[str, str | None], title: str,
               texts: dict[str, str] | None = None) -> bytes:
    """pages.jsonl: a header, then each selected capture of an article page that displays, with
    its extracted text as ``text`` when given (ReplayWeb.page searches inside it)."""
    out = [json.dumps({"format": PAGES_FORMAT, "id": "pages", "title": title}, ensure_ascii=False)]
    for row in rows:
        # A page is what displays: not a removal, nor a 304 (its page is the capture it refers to).
        if row.get("role") != "article" or row["kind"] == "removed" or row["status"] != 200:
            continue
        page = {"id": re.sub(r"[^0-9a-f-]", "", row["record_id"].removeprefix("<urn:uuid:")),
                "url": row["url"], "ts": row["timestamp"]}
        if titles.get(row["record_id"]):
            page["title"] = titles[row["record_id"]]
        if texts and texts.get(row["record_id"]):
            page["text"] = texts[row["record_id"]]
        out.append(json.dumps(page, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def write_wacz(target: Path, warc_path: Path, warc_name: str, index: bytes, pages: bytes,
               created: datetime, package: dict,
               sign: Callable[[str, str], dict] | None = None) -> dict:
    """Writes the package; returns its datapackage.json (as written) for the fixity manifest.
    ``sign(hash, created)`` returns the ``signedData`` of datapackage.json's hash."""
    stamp = created.timetuple()[:6]
    resources = []
    with zipfile.ZipFile(target, "w", allowZip64=True) as zf:
        info = zipfile.ZipInfo(f"archive/{warc_name}", stamp)
        info.compress_type = zipfile.ZIP_STORED
        digest, size = hashlib.sha256(), 0
        with warc_path.open("rb") as src, zf.open(info, "w", force_zip64=warc_path.stat().st_size > 2**31) as dst:
            while block := src.read(1024 * 1024):
                digest.update(block)
                size += len(block)
                dst.write(block)
        resources.append(_resource(info.filename, size, digest.hexdigest()))
        for name, data in (("indexes/index.cdxj", index), ("pages/pages.jsonl", pages)):
            _put(zf, name, data, stamp)
            resources.append(_resource(name, len(data), hashlib.sha256(data).hexdigest()))
        datapackage = {"profile": "data-package", "wacz_version": WACZ_VERSION, **package,
                       "resources": resources}
        encoded = json.dumps(datapackage, ensure_ascii=False, indent=2).encode("utf-8")
        _put(zf, "datapackage.json", encoded, stamp)
        digest_doc = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(encoded).hexdigest()}
        if sign is not None:
            # wacz validate requires the signature's "created" to be the package's.
            digest_doc["signedData"] = sign(digest_doc["hash"], datapackage["created"])
        digest_bytes = json.dumps(digest_doc, indent=2).encode("utf-8")
        _put(zf, "datapackage-digest.json", digest_bytes, stamp)
    return {"datapackage": datapackage, "datapackage_sha256": hashlib.sha256(encoded).hexdigest(),
            "digest_sha256": hashlib.sha256(digest_bytes).hexdigest(), "digest": digest_doc}


def _resource(path: str, size: int, sha256: str) -> dict:
    return {"name": Path(path).name.lower(), "path": path, "hash": f"sha256:{sha256}", "bytes": size}


def _put(zf: zipfile.ZipFile, name: str, data: bytes, stamp) -> None:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


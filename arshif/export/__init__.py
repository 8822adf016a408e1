"""Export: a site's, an article's or a story's captures as a WARC, a WACZ or JSON Lines, with a
fixity manifest beside it.

    select.py       which captures (catalog), within a window of capture time
    warc_export.py  their records copied byte for byte from the bucket (ranged GETs), checked
    wacz.py         the WACZ 1.1.1 package around that WARC (index, pages, datapackage)
    jsonl.py        one line per capture: fields and article
    fixity.py       FILE.fixity.json and FILE.sha256: what was exported, from what, by what

Everything is built in a temporary folder beside the output and moved into place at the end,
so a failed export leaves nothing behind (and, with --force, the old files as they were).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from arshif.export.fixity import FIXITY_FORMAT, Provenance, sha256_file, software, write_sidecars
from arshif.export.select import NothingSelected, Selection, SelectionError, iso, select_captures
from arshif.export.warc_export import ExportIntegrityError

__all__ = ["FORMATS", "ExportError", "ExportIntegrityError", "NothingSelected", "OutputExists",
           "Selection", "SelectionError", "export", "sidecar_paths"]

FORMATS = ("warc", "wacz", "jsonl")
OBJECT_NAME = re.compile(r"/arshif-(?P<site>[a-z0-9-]+?)-(?P<run>\d{8}T\d{6}Z)(?:-\d{5})?(?:--[^/]*)?"
                         r"\.(?:warc\.gz|jsonl|cdxj)$")


class ExportError(RuntimeError):
    """The export cannot be written (where it should go)."""


class OutputExists(ExportError):
    pass


def sidecar_paths(output: Path) -> list[Path]:
    return [output.with_name(output.name + ".fixity.json"), output.with_name(output.name + ".sha256")]


def format_for(output: Path) -> str | None:
    """The format an output name implies (.wacz, .warc.gz / .warc, .jsonl), if any."""
    name = output.name.lower()
    for suffix, fmt in ((".wacz", "wacz"), (".warc.gz", "warc"), (".warc", "warc"), (".jsonl", "jsonl")):
        if name.endswith(suffix):
            return fmt
    return None


def check_output(output: Path, force: bool) -> None:
    if not output.parent.is_dir():
        raise ExportError(f"the folder {output.parent} does not exist: create it, or choose another -o")
    if output.is_dir():
        raise ExportError(f"{output} is a folder: -o names the file to write")
    there = [p for p in (output, *sidecar_paths(output)) if p.exists()]
    if there and not force:
        raise OutputExists(f"{there[0]} exists: choose another -o, or pass --force to replace "
                           f"{' and '.join(p.name for p in (output, *sidecar_paths(output)))}")


def object_run(key: str) -> tuple[str, str]:
    """(run key, site) of an archived object, from its name (see arshif/layout.py)."""
    match = OBJECT_NAME.search(key)
    if not match:
        raise ExportIntegrityError(f"cannot tell the run of {key}: not an arshif archive object name")
    return match["run"], match["site"]


def export(store, catalog, selection: Selection, fmt: str, output: Path, *, force: bool = False,
           progress: Callable[[str], None] = lambda _m: None, command: str | None = None,
           sign: bool = False) -> dict:
    """Writes the export and its fixity manifest; returns a summary (what ``--json`` prints).
    ``sign``: a WACZ signed with the archive's key (signed.py)."""
    if fmt not in FORMATS:
        raise SelectionError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if sign and fmt != "wacz":
        raise SelectionError("--sign signs a WACZ package (wacz-auth): add --format wacz")
    signer = None
    if sign:
        from arshif.export.signed import signer as make_signer

        signer = make_signer()
    output = Path(os.path.abspath(output))
    check_output(output, force)
    rows = select_captures(catalog, selection)
    sites = sorted({r["site"] for r in rows})
    progress(f"selected {len(rows)} capture(s) of {selection.describe()} ({', '.join(sites)})")
    created = datetime.now(UTC).replace(microsecond=0)
    provenance = Provenance(store)
    fixity: dict = {
        "format": FIXITY_FORMAT, "created": iso(created), "software": software(),
        "command": command or shlex.join(["arshif", *sys.argv[1:]]),
        "selection": selection.to_dict(), "export_format": fmt,
        "bucket": {"endpoint": store.endpoint_url, "bucket": store.bucket, "prefix": store.prefix},
        "catalog": str(catalog.path),
    }
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=f".{output.name}.") as tmp:
        built = Path(tmp) / output.name
        if fmt == "jsonl":
            details = _build_jsonl(store, catalog, rows, built, provenance, progress)
        else:
            details = _build_warc(store, catalog, rows, built, fmt, selection, created, provenance, progress,
                                  signer)
        size, sha256 = sha256_file(built)
        fixity["files"] = [{"path": output.name, "bytes": size, "sha256": sha256}]
        fixity.update(details)
        fixity["manifests"] = provenance.manifest_list()
        if "ledger" not in fixity:
            from arshif.export.signed import ledger_entries

            fixity["ledger"] = ledger_entries(store, catalog, fixity["manifests"])
        positions = {e["manifest"]: e["position"] for e in fixity["ledger"]["entries"]}
        fixity["captures"] = [_capture_entry(r, positions) for r in rows]
        sidecars = write_sidecars(Path(tmp), output.name, fixity)
        for path in (built, *sidecars):
            os.replace(path, output.parent / path.name)
    fixity_path, sums_path = sidecar_paths(output)
    progress(f"wrote {output} ({size} bytes), {fixity_path.name} and {sums_path.name}")
    return {"output": str(output), "format": fmt, "bytes": size, "sha256": sha256,
            "fixity": str(fixity_path), "sha256_file": str(sums_path), "selection": selection.to_dict(),
            "captures": len(rows), "sites": sites, "counts": fixity["counts"],
            "sources": [s["key"] for s in fixity["sources"]],
            "manifests": [m["key"] for m in fixity["manifests"]],
            "ledger": [e["position"] for e in fixity["ledger"]["entries"]],
            "signed": fixity.get("signature")}


def _capture_entry(row: dict, ledger_positions: dict[str, int | None]) -> dict:
    from arshif import layout

    return {"record_id": row["record_id"], "url": row["url"], "timestamp": row["timestamp"],
            "site": row["site"], "run": row["run_key"], "kind": row["kind"], "status": row["status"],
            "version": row["version"],
            "ledger": ledger_positions.get(layout.manifest_key(row["run_key"], row["site"])),
            "warc": {"file": row["warc_file"], "offset": row["warc_offset"], "length": row["warc_length"],
                     "request_length": row.get("request_length")}}


def _build_jsonl(store, catalog, rows, built: Path, provenance: Provenance, progress) -> dict:
    from arshif.export.jsonl import WholeObjects, write_jsonl

    objects = WholeObjects(store, lambda key: provenance.committed(*object_run(key), key))
    with built.open("wb") as out:
        count = write_jsonl(out, catalog, rows, objects, progress)
    return {"counts": {"captures": count, "lines": count},
            "sources": provenance.sources({key: object_run(key) for key in objects.objects})}


def _build_warc(store, catalog, rows, built: Path, fmt: str, selection: Selection, created: datetime,
                provenance: Provenance, progress, signer=None) -> dict:
    from arshif.export import wacz
    from arshif.export.warc_export import copy_pieces
    from arshif.warc.warcinfo import warcinfo_member

    pieces = _plan_pieces(store, catalog, rows, provenance)
    sources = sorted({p.source for p in pieces})
    progress(f"copying {len(pieces)} piece(s) from {len(sources)} WARC file(s) in s3://{store.bucket}")
    warc_name = wacz.archive_name(built.name) if fmt == "wacz" else built.name
    warc_path = built.with_name(warc_name) if fmt == "wacz" else built
    bucket = f"s3://{store.bucket}/{store.prefix}"
    info = warcinfo_member(warc_name, {
        "description": f"arshif export of {selection.describe()}: {len(rows)} capture(s), their records "
                       f"copied byte for byte from {bucket}, each source file's warcinfo record before "
                       "its records; a revisit's payload record comes with it",
        "isPartOf": "arshif-export", "arshif-selection": _one_line(selection.to_dict()),
        "arshif-created": iso(created), "arshif-source-bucket": bucket,
        "arshif-source-files": " ".join(sources),
    })
    with warc_path.open("wb") as out:
        out.write(info)
        copy_pieces(store, pieces, out, progress)
    details: dict = {
        "counts": {"captures": len(rows), "payload_records": sum(p.role == "payload" for p in pieces),
                   "source_warcinfo_records": sum(p.role == "warcinfo" for p in pieces),
                   "records": 1 + sum(len(p.records) for p in pieces)},
        "sources": provenance.sources({key: object_run(key) for key in sources}),
        "warc": {"path": warc_name if fmt == "warc" else f"archive/{warc_name}",
                 "export_warcinfo_length": len(info)},
        "pieces": [p.to_dict() for p in pieces],
    }
    if fmt == "wacz":
        _package_wacz(store, catalog, rows, built, warc_path, selection, created, provenance, pieces, details,
                      signer)
    return details


def _plan_pieces(store, catalog, rows: list[dict], provenance: Provenance) -> list:
    """The pieces of the source WARC files to copy (warc_export.plan_pieces), each file's size taken
    from its committed manifest, else from the bucket."""
    from arshif.export.warc_export import first_member_length, plan_pieces

    def file_size(key: str) -> int:
        entry = provenance.committed(*object_run(key), key)
        size = entry["size"] if entry else (store.head(key) or {}).get("size")
        if not size:
            raise ExportIntegrityError(f"{store.url(key)} is missing from the bucket; run `arshif verify`")
        return size

    return plan_pieces(catalog, rows, file_size, lambda key: first_member_length(store, key, file_size(key)))


def _package_wacz(store, catalog, rows: list[dict], built: Path, warc_path: Path, selection: Selection,
                  created: datetime, provenance: Provenance, pieces: list, details: dict, signer) -> None:
    """The WACZ around the exported WARC at ``warc_path`` (which it replaces), written to ``built``;
    its ledger entries, signature and contents added to ``details``."""
    from arshif.export import wacz
    from arshif.export.signed import ledger_entries

    warc_name = warc_path.name
    bucket = f"s3://{store.bucket}/{store.prefix}"
    # The ledger entries go inside the package, where the signature covers them.
    details["ledger"] = ledger_entries(store, catalog, provenance.manifest_list())
    titles = _titles(catalog, rows)
    description = f"arshif export of {selection.describe()}"
    package = {"title": description, "description": f"{description}: {len(rows)} capture(s) from {bucket}",
               "created": iso(created), "software": f"arshif {software()['arshif']}",
               **({"mainPageURL": rows[-1]["url"], "mainPageDate": rows[-1]["timestamp"]}
                  if selection.url else {}),
               # Provenance travels inside the package too (the fixity manifest beside it has more).
               "arshif": {"selection": selection.to_dict(), "source_bucket": bucket,
                          "sources": details["sources"],
                          "manifests": [{"key": m["key"], "sha256": m["sha256"]}
                                        for m in provenance.manifest_list()],
                          "ledger": details["ledger"]}}
    written = wacz.write_wacz(built, warc_path, warc_name, wacz.index_lines(pieces, warc_name),
                              wacz.page_lines(rows, titles, description, _texts(catalog, store, rows)),
                              created, package, signer)
    signed = written["digest"].get("signedData")
    if signed:
        details["signature"] = {"spec": "wacz-auth 0.1.0", "algorithm": "ECDSA P-256 SHA-256",
                                "publicKey": signed["publicKey"], "hash": signed["hash"],
                                "fingerprint": _fingerprint(signed["publicKey"])}
    warc_path.unlink()
    datapackage = written["datapackage"]
    details["contents"] = [
        *({"path": r["path"], "bytes": r["bytes"], "sha256": r["hash"].removeprefix("sha256:")}
          for r in datapackage["resources"]),
        {"path": "datapackage.json", "sha256": written["datapackage_sha256"]},
        {"path": "datapackage-digest.json", "sha256": written["digest_sha256"]},
    ]


def _fingerprint(public_key_b64: str) -> str:
    import base64
    import hashlib

    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()


def _titles(catalog, rows: list[dict]) -> dict[str, str | None]:
    """Each capture's title: a 304 revisit's is that of the capture it refers to."""
    from arshif.retrieve import text_source

    return {r["record_id"]: r.get("title") or text_source(catalog, r).get("title") for r in rows}


def _texts(catalog, store, rows: list[dict]) -> dict[str, str]:
    """Each displayed article capture's extracted text, as archived (read from its captures
    object in the bucket; a 304 revisit's is that of the capture it refers to)."""
    from arshif.retrieve import capture_article_text, text_source

    return {r["record_id"]: capture_article_text(store, text_source(catalog, r)) for r in rows
            if r.get("role") == "article" and r["kind"] != "removed" and r["status"] == 200}


def _one_line(value: dict) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

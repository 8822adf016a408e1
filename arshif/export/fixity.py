"""The fixity manifest of an export: evidence an archivist can hand over with the file.

Beside ``FILE`` go ``FILE.fixity.json`` (the SHA-256 and size of every file exported, and of
every file inside a WACZ; what was selected, when, by which arshif; the bucket, the run
manifests and the source objects it came from, with the SHA-256s they committed; where each
copied record came from and went) and ``FILE.sha256`` (``sha256sum -c`` checks ``FILE`` and the
fixity manifest with it).
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

import arshif
from arshif import layout

FIXITY_FORMAT = "arshif-export-fixity/1"


def sha256_file(path: Path) -> tuple[int, str]:
    """(size, hex SHA-256) of a file, read in blocks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def software() -> dict:
    from importlib.metadata import version

    return {"arshif": arshif.__version__, "warcio": version("warcio"), "python": platform.python_version()}


class Provenance:
    """The committed run manifests behind an export, read once each (verified reads)."""

    def __init__(self, store) -> None:
        self.store = store
        self.manifests: dict[str, dict] = {}  # manifest key → {"sha256", "manifest"}

    def manifest(self, run_key: str, site: str) -> dict | None:
        key = layout.manifest_key(run_key, site)
        if key not in self.manifests:
            from storage.errors import ObjectMissing

            try:
                data = self.store.get(key)
            except ObjectMissing:
                self.manifests[key] = {"sha256": None, "manifest": None}
            else:
                self.manifests[key] = {"sha256": hashlib.sha256(data).hexdigest(),
                                       "manifest": json.loads(data)}
        return self.manifests[key]["manifest"]

    def committed(self, run_key: str, site: str, object_key: str) -> dict | None:
        """The manifest's entry for an object (key, size, sha256), or None."""
        manifest = self.manifest(run_key, site) or {}
        return next((o for o in manifest.get("objects", []) if o.get("key") == object_key), None)

    def sources(self, used: dict[str, tuple[str, str]]) -> list[dict]:
        """Each source object (key → its run and site) with what its manifest committed."""
        out = []
        for key in sorted(used):
            run_key, site = used[key]
            entry = self.committed(run_key, site, key) or {}
            out.append({"key": key, "run": run_key, "site": site, "bytes": entry.get("size"),
                        "sha256": entry.get("sha256"), "manifest": layout.manifest_key(run_key, site)})
        return out

    def manifest_list(self) -> list[dict]:
        out = []
        for key in sorted(self.manifests):
            entry = self.manifests[key]
            manifest = entry["manifest"] or {}
            out.append({"key": key, "sha256": entry["sha256"], "run": manifest.get("run_key"),
                        "site": manifest.get("site"), "committed_at": manifest.get("committed_at"),
                        "missing": entry["manifest"] is None})
        return out


def write_sidecars(folder: Path, name: str, fixity: dict) -> list[Path]:
    """Writes ``<name>.fixity.json`` and ``<name>.sha256`` into ``folder``: the fixity manifest,
    then the checksums of the export and of the fixity manifest (``sha256sum -c`` reads it)."""
    fixity_path = folder / (name + ".fixity.json")
    fixity_path.write_text(json.dumps(fixity, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _size, own = sha256_file(fixity_path)
    sums = folder / (name + ".sha256")
    sums.write_text(f"{fixity['files'][0]['sha256']}  {name}\n{own}  {fixity_path.name}\n", encoding="utf-8")
    return [fixity_path, sums]

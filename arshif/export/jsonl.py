"""The JSON Lines export: one line per selected capture, its fields and its article, as
``arshif get --format json`` shows them (a 304 revisit with the article of the capture it
refers to), plus the record id and the article's canonical URL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from arshif.retrieve import capture_json, text_source


class WholeObjects:
    """Serves ``get_range`` from whole objects read once with a verified GET, and checks each
    against the SHA-256 its run manifest committed."""

    def __init__(self, store, committed: Callable[[str], dict | None]) -> None:
        self.store = store
        self.committed = committed
        self.objects: dict[str, bytes] = {}

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        if key not in self.objects:
            from arshif.export.warc_export import ExportIntegrityError

            data = self.store.get(key)
            entry = self.committed(key)
            if entry and entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise ExportIntegrityError(f"{self.store.url(key)} is not what its run manifest committed "
                                           f"(sha256 {entry['sha256']}); run `arshif verify`")
            self.objects[key] = data
        data = self.objects[key]
        if offset + length > len(data):
            from arshif.export.warc_export import ExportIntegrityError

            raise ExportIntegrityError(f"{self.store.url(key)} has no bytes at {offset}+{length}; "
                                       "run `arshif reindex`")
        return data[offset:offset + length]


def write_jsonl(out, catalog, rows: list[dict], objects: WholeObjects,
                progress: Callable[[str], None]) -> int:
    """Writes one UTF-8 line per capture; returns how many."""
    for number, row in enumerate(rows, 1):
        fields = capture_json(objects, row, text_source(catalog, row))
        line = {"record_id": row["record_id"], "canonical_url": row["canonical_url"], **fields}
        out.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
        if number == len(rows) or number % 200 == 0:
            progress(f"wrote {number}/{len(rows)} captures")
    return len(rows)

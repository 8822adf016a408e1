"""Re-extraction: the archived pages run through today's extractor and site chrome model,
written as new text objects beside the old ones. Nothing archived is changed: a capture keeps
the text made when it was captured, and ``arshif get --extraction latest`` shows the newer one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator

from arshif import layout
from arshif.catalog import Catalog
from arshif.crawl.extract_pass import load_site_chrome
from arshif.extract import EXTRACTOR, extract_article
from arshif.extract.article import refilter
from arshif.frontier import parse_time
from arshif.warc.payload import record_payload


@dataclass
class Reextraction:
    run_key: str
    site: str
    key: str
    captures: int
    created: bool


def _tag(extractor: str, chrome_key: str | None) -> str:
    engine = extractor.split()[0].replace("/", "-")
    model = chrome_key.rsplit("/", 1)[-1].removesuffix(".json") if chrome_key else "nochrome"
    return f"{engine}--chrome-{model}"


def committed_runs(store, site: str | None, run_key: str | None) -> Iterator[tuple[str, str]]:
    for info in store.list(layout.manifests_prefix()):
        parts = info.key.split("/")
        if len(parts) == 4 and parts[3] == "manifest.json":
            if (site is None or parts[2] == site) and (run_key is None or parts[1] == run_key):
                yield parts[1], parts[2]


def _payload(store, line: dict) -> tuple[bytes, str | None]:
    raw = store.get_range(line["payload_warc_file"], line["payload_warc_offset"], line["payload_warc_length"])
    record = next(iter(ArchiveIterator(io.BytesIO(raw))))
    return record_payload(record)  # inflated within a limit: no compression bomb


def reextract_run(store, catalog: Catalog, run_key: str, site: str) -> Reextraction:
    """Writes the run part's texts as today's extractor makes them; idempotent per
    (extractor version, chrome model version)."""
    model, model_key = load_site_chrome(store, site)
    key = layout.text_key(run_key, site, _tag(EXTRACTOR, model_key))
    captures = store.get(layout.captures_key(run_key, site)).decode("utf-8").splitlines()
    out = bytearray()
    positions = []
    for raw in captures:
        line = json.loads(raw)
        if line.get("role") != "article" or line.get("status") != 200 or not line.get("article"):
            continue
        body, content_type = _payload(store, line)
        hints = line.get("hints") or {}
        article = extract_article(body, url=line["url"], content_type=content_type,
                                  timezone=hints.get("timezone"), published_hint=hints.get("published"),
                                  captured_at=parse_time(line.get("fetched_at")))
        article = refilter(article, model)
        encoded = (json.dumps({"record_id": line["record_id"], "url": line["url"],
                               "chrome_model": model_key, "article": article.to_dict()},
                              ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        positions.append((line["record_id"], len(out), len(encoded)))
        out += encoded
    result = store.put_once(key, bytes(out), content_type="application/x-ndjson")
    catalog.add_texts(key, EXTRACTOR, model_key, positions)
    return Reextraction(run_key, site, key, len(positions), result.created)

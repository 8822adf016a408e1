"""Storage cost: objects and bytes the archive keeps per capture and per article, against the
simplest alternative, one raw HTML object per page fetched (measured on the same crawl).

    .venv/bin/python bench/storage.py [--days 1 2 3] [--json FILE]

Runs the demo network's days through the real pipeline (`arshif run --demo`, the DAG, an
embedded SeaweedFS under a temporary ARSHIF_HOME), then reads the bucket: every committed
manifest and the objects it lists, the staging objects, and each WARC's response records (for
the baseline's page sizes). Rewrites the `storage` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.docfile import write_section  # noqa: E402
from bench.environment import cpu_model, source_state  # noqa: E402

SECTION = "storage"
BUCKET = "arshif-bench-storage"


def say(message: str) -> None:
    print(f"[storage] {message}", file=sys.stderr, flush=True)


def run_days(home: Path, endpoint: str, days: list[int]) -> None:
    from arshif.demo import DAY_DATES

    env = {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_BUCKET": BUCKET, "ARSHIF_S3_ENDPOINT": endpoint}
    env.pop("ARSHIF_INDEX_URL", None)
    arshif = str(Path(sys.executable).parent / "arshif")
    for day in days:
        say(f"day {day}: arshif run --demo --date {DAY_DATES[day].isoformat()}")
        subprocess.run([arshif, "run", "--demo", "--date", DAY_DATES[day].isoformat(), "--json"], env=env,
                       check=True, stdout=subprocess.DEVNULL, timeout=1800)


def measure(store) -> dict[str, Any]:
    """Objects and bytes by kind, captures and articles, and the one-object-per-page baseline."""
    objects: Counter[str] = Counter()
    stored: Counter[str] = Counter()
    captures = articles = pages = page_bytes = wire_bytes = 0
    for info in store.list("runs/"):
        if not info.key.endswith("/manifest.json"):
            continue
        manifest = store.get_json(info.key)
        objects["manifest"] += 1
        stored["manifest"] += info.size
        captures += manifest["captures"]
        for entry in manifest["objects"]:
            kind = entry["key"].split("/", 1)[0]
            objects[kind] += 1
            stored[kind] += entry["size"]
            if kind == "captures":
                for line in store.get(entry["key"]).decode("utf-8").splitlines():
                    row = json.loads(line)
                    articles += bool((row.get("article") or {}).get("text"))
            if kind == "warc":
                for record in ArchiveIterator(io.BytesIO(store.get(entry["key"]))):
                    if record.rec_type != "response":
                        continue
                    pages += 1
                    wire_bytes += len(record.raw_stream.read())  # as received (maybe gzip)
    # the decoded page, as a raw-HTML store would keep it: read again with decoding
    for info in store.list("warc/"):
        for record in ArchiveIterator(io.BytesIO(store.get(info.key))):
            if record.rec_type == "response":
                page_bytes += len(record.content_stream().read())
    for info in store.list("staging/"):
        objects["staging"] += 1
        stored["staging"] += info.size
    for info in store.list("models/"):
        objects["models"] += 1
        stored["models"] += info.size
    return {"objects": dict(objects), "bytes": dict(stored), "captures": captures, "articles": articles,
            "pages": pages, "page_bytes": page_bytes, "wire_bytes": wire_bytes}


def render(run: dict[str, Any]) -> str:
    m = run["measured"]
    archive_kinds = ("warc", "cdxj", "captures", "manifest")
    archive_objects = sum(m["objects"].get(k, 0) for k in archive_kinds)
    archive_bytes = sum(m["bytes"].get(k, 0) for k in archive_kinds)
    all_objects = sum(m["objects"].values())
    all_bytes = sum(m["bytes"].values())
    per_k = 1000 / max(1, m["captures"])
    per_article = 1 / max(1, m["articles"])
    raw_per_k = 1000 / max(1, m["captures"]) * m["pages"]
    rows = [
        ("archive (warc, cdxj, captures, manifests)", archive_objects * per_k, archive_bytes * per_article),
        ("… plus staging and chrome models, as kept today", all_objects * per_k, all_bytes * per_article),
        ("baseline: one raw HTML object per page (decoded)", raw_per_k, m["page_bytes"] * per_article),
        ("baseline: one object per page, bytes as received", raw_per_k, m["wire_bytes"] * per_article),
    ]
    base = m["page_bytes"] * per_article
    lines = [
        "## Storage cost",
        "",
        f"Command: `{run['command']}` — run {run['started']}, {run['runtime_s'] / 60:.1f} min.",
        f"Machine: {run['machine']}. arshif at {run['source']}.",
        "",
        f"The demo network's days {', '.join(map(str, run['days']))} through the real pipeline "
        f"(`arshif run --demo`, one SeaweedFS): {m['captures']:,} captures "
        f"({m['pages']:,} of them response records with a payload, the rest revisits), "
        f"{m['articles']:,} with an article text. Every figure below is from the bucket after the runs.",
        "",
        "| stored as | objects per 1,000 captures | bytes per article | bytes per article ÷ raw HTML |",
        "|---|---|---|---|",
    ]
    for name, objects, size in rows:
        lines.append(f"| {name} | {objects:,.1f} | {size:,.0f} | {size / base:.2f} |")
    lines += [
        "",
        "By kind: " + ", ".join(f"{k} {m['objects'][k]:,} objects / {m['bytes'][k]:,} bytes"
                               for k in sorted(m["objects"])) + ".",
        "",
        "What the archive's bytes buy beyond the raw pages: the request records, HTTP headers, "
        "WARC metadata records with the extracted article, the CDXJ indexes and the captures "
        "objects (catalog rows and articles); pages are stored gzip-compressed per record, and "
        "repeats as revisit records without payload. Objects per 1,000 captures is what a put "
        "costs: one WARC, one CDXJ and one captures object per site and run (plus its manifest), "
        "not one object per page. Staging objects (the crawl's raw output, kept for the record) "
        "could be expired by a bucket lifecycle rule once a run's manifest exists.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="+", default=[1, 2, 3], help="demo days to run (1-3)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    run: dict[str, Any] = {
        "command": shlex.join(["python", "bench/storage.py", *(sys.argv[1:] if argv is None else argv)]),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}",
        "source": source_state(ROOT),
        "days": args.days,
    }
    from storage import seaweedfs
    from storage.s3 import ObjectStore

    with tempfile.TemporaryDirectory(prefix="arshif-bench-storage-") as tmp:
        home = Path(tmp)
        endpoint = seaweedfs.start(home / "s3").endpoint_url
        try:
            run_days(home, endpoint, args.days)
            say("reading the bucket")
            run["measured"] = measure(ObjectStore(endpoint, BUCKET))
        finally:
            seaweedfs.stop(home / "s3", timeout=1)
    run["runtime_s"] = time.perf_counter() - started
    text = render(run)
    write_section(args.out, SECTION, text)
    if args.json:
        args.json.write_text(json.dumps(run, indent=1), "utf-8")
    print(text)
    return run


if __name__ == "__main__":
    main()

"""What an ``arshif`` call imports: ``--help`` and the retrieval commands (``history``, ``get``,
``diff``, ``search``) must not load Airflow, Scrapy, trafilatura or boto3 — each costs more
than the whole command (issue 17: an archivist pastes dozens of these). The retrieval commands
must not load Pydantic either (arshif/cli/plain_params.py: typer's own conversion of values
would). Each command runs for real in a subprocess, on a small archive whose texts are in S3,
so that its whole path (catalog, search index, ranged reads) is imported; then its
``sys.modules`` is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arshif.catalog import Catalog
from arshif.search import index_for
from arshif.search.sqlite_index import Doc
from storage.s3 import ObjectStore

HEAVY = ("airflow", "scrapy", "trafilatura", "boto3", "botocore")
ARTICLE = "https://example.com/news/1"
TEXTS = ("الحكومة تعلن الموازنة الجديدة.\n\nالفقرة الثانية.", "الحكومة تعلن الموازنة المعدلة.\n\nالفقرة الثانية.")
RUNNER = """
import json, os, sys
from arshif.cli import main
sys.argv = ["arshif", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
with open(os.environ["MODULES_OUT"], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def _row(n: int, captures_key: str, offset: int, length: int) -> dict:
    stamp = f"2026-11-2{n + 1}T08:00:00.000000Z"
    return {"record_id": f"<urn:test:{n}>", "url": ARTICLE, "canonical_url": ARTICLE, "url_key": ARTICLE,
            "site": "s", "run_key": f"2026/11/2{n + 1}", "role": "article", "timestamp": stamp, "status": 200,
            "kind": "response", "version": n + 1, "change": "new" if n == 0 else "changed",
            "digest": f"sha1:{n}", "content_type": "text/html; charset=utf-8", "warc_file": "warc/x.warc.gz",
            "warc_offset": 0, "warc_length": 100, "payload_record_id": f"<urn:test:{n}>",
            "payload_warc_file": "warc/x.warc.gz", "payload_warc_offset": 0, "payload_warc_length": 100,
            "captures_object": captures_key, "captures_offset": offset, "captures_length": length,
            "title": "الموازنة", "page_kind": "article"}


@pytest.fixture(scope="module")
def archive_env(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str, _test_bucket: str) -> dict:
    """Two versions of one article: catalog rows, their lines in a captures object, the index."""
    home = tmp_path_factory.mktemp("cli-imports")
    store = ObjectStore(s3_endpoint, _test_bucket, prefix=f"tests/cli-imports-{os.getpid()}")
    key = store.full_key("captures/s.jsonl")
    lines, rows = [], []
    for n, text in enumerate(TEXTS):
        line = (json.dumps({"article": {"title": "الموازنة", "text": text}}, ensure_ascii=False) + "\n").encode()
        rows.append(_row(n, key, sum(map(len, lines)), len(line)))
        lines.append(line)
    store.put_once("captures/s.jsonl", b"".join(lines), content_type="application/x-ndjson")
    catalog = Catalog(home / "catalog.sqlite")
    try:
        for row in rows:
            catalog.apply_manifest(f"m{row['version']}", row["run_key"], "s", [row])
        index_for(catalog).add([Doc(r["record_id"], ARTICLE, ARTICLE, "s", r["version"], r["timestamp"],
                                    r["timestamp"], None, r["title"], text) for r, text in zip(rows, TEXTS, strict=True)])
    finally:
        catalog.close()
    return {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_S3_ENDPOINT": s3_endpoint,
            "ARSHIF_BUCKET": _test_bucket, "ARSHIF_INDEX_URL": f"sqlite:///{home / 'catalog.sqlite'}"}


def imported(env: dict, tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages ``arshif ARGS`` imported (it must succeed)."""
    out = tmp_path / "modules.json"
    result = subprocess.run([sys.executable, "-c", RUNNER, *args], env={**env, "MODULES_OUT": str(out)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and out.exists(), result.stderr[-3000:]
    found = json.loads(out.read_text())
    assert found["code"] == 0, f"arshif {' '.join(args)} exited {found['code']}: {result.stderr[-3000:]}"
    return {name.split(".")[0] for name in found["modules"]}


@pytest.mark.parametrize("args", [("--help",), ("history", "--help"), ("get", "--help")], ids=" ".join)
def test_help_imports_nothing_heavy(archive_env: dict, tmp_path: Path, args: tuple[str, ...]) -> None:
    assert imported(archive_env, tmp_path, *args) & set(HEAVY) == set()


@pytest.mark.parametrize("args", [
    ("history", ARTICLE), ("history", ARTICLE, "--json"),
    ("get", ARTICLE, "--at", "2026-11-21"), ("get", ARTICLE, "--format", "json"),
    ("diff", ARTICLE), ("search", "الموازنة"),
], ids=" ".join)
def test_retrieval_commands_import_nothing_heavy(archive_env: dict, tmp_path: Path, args: tuple[str, ...]) -> None:
    assert imported(archive_env, tmp_path, *args) & {*HEAVY, "pydantic"} == set()


def test_get_and_diff_read_the_texts(archive_env: dict) -> None:
    """The ranged reads without boto3 (storage/reader.py) return the archived texts."""
    def arshif(*args: str) -> str:
        result = subprocess.run([str(Path(sys.executable).parent / "arshif"), *args], env=archive_env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    first, newest = arshif("get", ARTICLE, "--at", "2026-11-21"), arshif("get", ARTICLE)
    assert TEXTS[0] in first and TEXTS[1] not in first
    assert TEXTS[1] in newest and TEXTS[0] not in newest
    changes = arshif("diff", ARTICLE, "--no-colour")
    assert "[-الجديدة.-]" in changes and "{+المعدلة.+}" in changes

"""``arshif replay``: browse the archive in pywb, read straight from the bucket."""

from __future__ import annotations

import json
import signal
import sys
from enum import StrEnum
from typing import Annotated

import typer

from arshif.cli import app


class ArchiveAccess(StrEnum):
    auto = "auto"
    http = "http"
    s3 = "s3"


@app.command("replay")
def replay_command(
    port: Annotated[int, typer.Option(help="Port to serve on (0: any free port).")] = 8090,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    access: Annotated[ArchiveAccess, typer.Option(
        help="How pywb reads WARCs: http (anonymous ranged GETs), s3 (signed, AWS_* credentials), "
             "or auto (http when the store allows anonymous reads).")] = ArchiveAccess.auto,
    index_only: Annotated[bool, typer.Option(
        "--index-only", help="Update the merged index and pywb's config, then exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the setup as JSON.")] = False,
) -> None:
    """Serve the archive with pywb (Wayback URLs: /<bucket>/<timestamp>/<url>) until Ctrl-C.

    The merged CDXJ index (ARSHIF_HOME/replay/<bucket>/indexes/merged.cdxj) is first brought up to date with the bucket's committed runs. Replay never fetches from the live web. pywb runs from its own venv: `make pywb`.
    """
    from arshif.home import arshif_home
    from arshif.pywb import ReplayError, iter_captures, prepare, replay_dir, start
    from storage.errors import StorageError
    from storage.s3 import open_store

    try:
        store = open_store(start_if_needed=True)
        setup = prepare(store, replay_dir(arshif_home(), store.bucket), access.value)
        server = None if index_only else start(setup, host=host, port=port)
    except (StorageError, ReplayError, OSError) as exc:
        typer.echo(f"arshif replay: {exc}", err=True)
        raise typer.Exit(1) from exc
    base = server.url if server else f"http://{host}:{port}"
    example = next((c for c in iter_captures(setup.index.path)
                    if c.get("mime") == "text/html" and str(c.get("status")) == "200"), None)
    info = {
        "collection": setup.collection, "config": str(setup.directory / "config.yaml"),
        "index": str(setup.index.path), "captures": setup.index.lines,
        "run_parts": setup.index.manifests, "archive_paths": setup.archive, "access": setup.access,
        "url": f"{base}/{setup.collection}/", "pid": server.process.pid if server else None,
        "example": f"{base}/{setup.collection}/{example['timestamp']}/{example['url']}" if example else None,
    }
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"index: {info['index']} ({info['captures']} captures from {info['run_parts']} run parts)")
        typer.echo(f"WARCs: {info['archive_paths']} ({info['access']})")
        if server:
            typer.echo(f"pywb serves {info['url']}  (Ctrl-C stops it; log: {setup.directory / 'wayback.log'})")
        if info["example"]:
            typer.echo(f"e.g. {info['example']}")
    if server is None:
        return
    # A service manager stops us with SIGTERM: stop pywb too (it runs in its own session).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    if server.process.returncode not in (0, -2, -15):
        typer.echo(f"arshif replay: pywb exited {server.process.returncode}; "
                   f"see {setup.directory / 'wayback.log'}", err=True)
        raise typer.Exit(1)

"""``arshif serve``: the JSON API and, on a second port (a separate origin), safe replay."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from arshif.cli import app


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the API (and UI) origin (0: any free port).")] = 8080,
    replay_port: Annotated[int, typer.Option(
        help="Port of the replay origin, which must differ from --port (0: any free port).")] = 8081,
    public: Annotated[bool, typer.Option(
        "--public", help="Allow a --host that is not loopback (the archive becomes reachable "
                         "from the network, without authentication).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print where both servers answer as JSON "
                                                         "once they do.")] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level.")] = "warning",
    origin: Annotated[str | None, typer.Option(
        help="The API's address as browsers reach it, when not http://HOST:PORT (behind a proxy or "
             "a container's port mapping), e.g. http://archive.example.org:8080.")] = None,
    replay_origin: Annotated[str | None, typer.Option(
        help="The replay origin's address as browsers reach it (with --origin).")] = None,
) -> None:
    """Serve the archive over HTTP until Ctrl-C: the JSON API (/api/…, spec at /openapi.json) on
    --port; Wayback-style replay (/web/<timestamp>/<url>), Memento TimeGate (/timegate/<url>) and
    TimeMap (/timemap/link/<url>) on --replay-port, a separate origin whose pages cannot run
    script. Reads the catalog under ARSHIF_HOME and the bucket; never the live web."""
    _check_addresses(host, port, replay_port, public)
    public_origins = _public_origins(origin, replay_origin)

    from arshif.serve.server import bind, serve_both
    from storage.errors import StorageError
    from storage.s3 import open_store

    try:
        store = open_store(start_if_needed=True)
        sockets = (bind(host, port), bind(host, replay_port))
    except (StorageError, OSError) as exc:
        typer.echo(f"arshif serve: {exc}", err=True)
        raise typer.Exit(1) from exc

    def ready(origins) -> None:
        if as_json:
            typer.echo(json.dumps({"api": origins.api, "replay": origins.replay,
                                   "openapi": f"{origins.api}/openapi.json"}))
        else:
            typer.echo(f"API  {origins.api}/api/…  (spec: {origins.api}/openapi.json)\n"
                       f"replay  {origins.replay}/web/<timestamp>/<url>\nCtrl-C stops.")

    serve_both(store, host, sockets, log_level=log_level, ready=ready, public_origins=public_origins)


def _refuse(message: str) -> typer.Exit:
    typer.echo(f"arshif serve: {message}", err=True)
    return typer.Exit(2)


def _check_addresses(host: str, port: int, replay_port: int, public: bool) -> None:
    """Refuse (exit 2) a --host off loopback without --public, and one port for both origins."""
    import ipaddress

    from arshif.serve import LOOPBACK_HOSTS

    try:
        loopback = host in LOOPBACK_HOSTS or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not public:
        raise _refuse(f"--host {host} is not a loopback address; the archive would be open to the network "
                      "without authentication. Add --public if that is meant.")
    if port == replay_port and port != 0:
        raise _refuse("--port and --replay-port must differ: replayed pages need an origin of their own")
    if not loopback:
        typer.echo(f"warning: serving on {host}, reachable from the network; there is no "
                   "authentication", err=True)


def _public_origins(origin: str | None, replay_origin: str | None):
    """--origin and --replay-origin as ``arshif.serve.Origins`` (None without them); exit 2 unless
    both are given, each scheme://host:port, and they differ."""
    if (origin is None) != (replay_origin is None):
        raise _refuse("give both --origin and --replay-origin, or neither")
    if not (origin and replay_origin):
        return None
    from urllib.parse import urlsplit

    from arshif.serve import Origins

    parts = [urlsplit(u) for u in (origin, replay_origin)]
    if any(p.scheme not in ("http", "https") or not p.netloc or p.path not in ("", "/") for p in parts):
        raise _refuse("--origin and --replay-origin are scheme://host:port, nothing more")
    if parts[0].netloc == parts[1].netloc:
        raise _refuse("--origin and --replay-origin must differ: replayed pages need an origin of their own")
    return Origins(api=origin.rstrip("/"), replay=replay_origin.rstrip("/"))

"""The HTTP server of a scaled demo network: one listener per site address, plus control.

    python -m arshif.demo_scale.server --sites N --articles M [--port P]

Sites answer on 127.1.x.y:P (see sites.py) as the default demo's do (gzip where the design
compresses, an ETag, 304 to a matching If-None-Match); CONTROL_HOST:P answers GET /status →
{"server": "arshif-demo-scaled", "sites": N, "articles": M, "requests": served so far, ...}.
Every article is written before the listeners open, so /status answering means ready.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import signal
import sys
import threading
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from arshif.demo.server import _COMPRESSIBLE, _Handler
from arshif.demo_scale.pages import ScaledNetwork
from arshif.demo_scale.sites import CONTROL_HOST, DEFAULT_PORT, ScaledSite

SERVER_NAME = "arshif-demo-scaled"


class ScaledState:
    def __init__(self, network: ScaledNetwork) -> None:
        self.network = network
        self.lock = threading.Lock()
        self.requests = 0

    def count(self) -> None:
        with self.lock:
            self.requests += 1

    def status(self) -> dict[str, Any]:
        return {
            "server": SERVER_NAME,
            "sites": self.network.sites_count,
            "articles": self.network.articles,
            "port": self.network.port,
            "addresses": {s.name: s.base_url for s in self.network.sites},
            "requests": self.requests,
            "pid": os.getpid(),
        }


class ScaledSiteHandler(_Handler):
    state: ScaledState
    site: ScaledSite

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        status, headers, body = self.state.network.render(self.site.name, self.path)
        if status == 200:
            headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if status == 200 and self.headers.get("If-None-Match") == headers["ETag"]:
            status, body = 304, b""
            headers = {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}
        elif (self.site.gzip and "gzip" in self.headers.get("Accept-Encoding", "")
              and headers.get("Content-Type", "").startswith(_COMPRESSIBLE)):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        self._send(status, headers, body, head)
        self.state.count()


class ScaledControlHandler(_Handler):
    state: ScaledState

    def do_GET(self) -> None:  # noqa: N802
        if urlsplit(self.path).path == "/status":
            self._json(self.state.status())
        else:
            self._json({"error": "not found"}, 404)


def build_servers(state: ScaledState) -> list[ThreadingHTTPServer]:
    """Bind every address, or none."""
    port = state.network.port
    servers: list[ThreadingHTTPServer] = []
    try:
        for site in state.network.sites:
            handler = type(f"Scaled_{site.name}", (ScaledSiteHandler,), {"state": state, "site": site})
            servers.append(ThreadingHTTPServer((site.host, port), handler))
        # control last: once it answers, every site does
        control = type("ScaledControl", (ScaledControlHandler,), {"state": state})
        servers.append(ThreadingHTTPServer((CONTROL_HOST, port), control))
    except OSError:
        for server in servers:
            server.server_close()
        raise
    for server in servers:
        server.daemon_threads = True
    return servers


def serve(sites: int, articles: int, port: int) -> None:
    network = ScaledNetwork(sites, articles, port)
    network.write_all()
    state = ScaledState(network)
    try:
        servers = build_servers(state)
    except OSError as error:
        sys.exit(f"{SERVER_NAME}: cannot listen on port {port}: {error}")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"{SERVER_NAME}: {sites} sites × {articles} articles on port {port} "
          f"(control http://{CONTROL_HOST}:{port}/status)", flush=True)
    stop.wait()
    for server in servers:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m arshif.demo_scale.server", description=__doc__)
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--articles", type=int, default=100, help="articles per site (day 1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    serve(args.sites, args.articles, args.port)


if __name__ == "__main__":
    main()

"""The demo network's HTTP server: one listener per site address, plus the control address.

    python -m arshif.demo.server [--day N] [--log FILE]
    python -m arshif.demo.server --sites N [--articles M] [--port P] [--log FILE]

The first serves the default network (network.DefaultNetwork), the second a scaled one
(scale/pages.py: N sites × M articles of day 1 on 127.1.x.y:P, control on 127.1.0.1:P); the
same handlers serve either. Sites answer on 127.0.0.21–23:8765 with `network.render`;
127.0.0.20:8765 is the control API:
    GET  /status                → {"server": "arshif-demo", "day": N, "sites": [...], ...}
    POST /day (body "1" or "2"), GET /day?set=N → switch the day every site serves
    GET  /requests              → [{"host", "path", "time", ...}] received by the sites
    POST /requests/clear        → forget them
    POST /faults (JSON list), GET /faults → the sites misbehave, for the reliability tests:
         each rule {"match": regex on the path (default: every path), "status": 503 (answer this
         instead of the page), "slow_ms": 2000 (wait first), "times": 3 (the first N requests
         that match; default: every one)}; the first rule that matches a request applies;
         429 and 503 carry "Retry-After: 1". POST [] turns every fault off.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from arshif.demo.model import DemoSite
from arshif.demo.network import DefaultNetwork, Response

REQUEST_LOG_CAP = 200_000  # entries kept for GET /requests; a long-running server stays bounded
_COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml")


class Network(Protocol):
    """What the server serves: network.DefaultNetwork or scale.pages.ScaledNetwork."""

    server_name: str
    control_host: str
    port: int
    days: tuple[int, ...]

    @property
    def sites(self) -> Sequence[DemoSite]: ...

    def prepare(self) -> None: ...  # builds what it can before the listeners open

    def render(self, site: str, path: str, day: int) -> Response: ...

    def status(self, day: int, requests: int) -> dict[str, Any]: ...

    def banner(self, day: int) -> str: ...


class ServerState:
    """What the listeners share: the network, its current day, the request log and the access
    log file."""

    def __init__(self, network: Network, day: int, access_log: Path | None) -> None:
        self.network = network
        self.day = self.checked_day(day)
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.served = 0  # site requests answered, the log's trimmed ones included
        self.faults: list[dict[str, Any]] = []  # POST /faults rules, each with its "left" count
        self.access_log = access_log.open("a", encoding="utf-8") if access_log else None

    def checked_day(self, day: int) -> int:
        if day not in self.network.days:
            raise ValueError(f"the demo has days {', '.join(map(str, self.network.days))}, not {day!r}")
        return day

    def record(self, entry: dict[str, Any], line: str) -> None:
        with self.lock:
            self.served += 1
            if len(self.requests) >= REQUEST_LOG_CAP:
                del self.requests[: REQUEST_LOG_CAP // 10]
            self.requests.append(entry)
            if self.access_log:
                self.access_log.write(line + "\n")
                self.access_log.flush()

    def set_faults(self, rules: list[dict[str, Any]]) -> None:
        checked = []
        for rule in rules:
            unknown = set(rule) - {"match", "status", "slow_ms", "times"}
            if unknown:
                raise ValueError(f"unknown fault keys {sorted(unknown)}")
            checked.append({"match": re.compile(str(rule.get("match") or "")),
                            "status": int(rule["status"]) if rule.get("status") else None,
                            "slow_ms": max(0, int(rule.get("slow_ms") or 0)),
                            "left": int(rule["times"]) if rule.get("times") is not None else None})
        with self.lock:
            self.faults = checked

    def fault_for(self, path: str) -> dict[str, Any] | None:
        """The fault rule this request meets (its count taken), or None."""
        with self.lock:
            for rule in self.faults:
                if rule["left"] != 0 and rule["match"].search(path):
                    if rule["left"] is not None:
                        rule["left"] -= 1
                    return rule
        return None

    def faults_json(self) -> list[dict[str, Any]]:
        with self.lock:
            return [{"match": r["match"].pattern, "status": r["status"], "slow_ms": r["slow_ms"],
                     "left": r["left"]} for r in self.faults]

    def status(self) -> dict[str, Any]:
        return self.network.status(self.day, self.served)


def _escape_non_ascii(line: bytes) -> bytes:
    return re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m[0][0], line)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: ServerState  # set on the subclass made for each server

    raw_target = ""  # the request target as sent, raw UTF-8 (Arabic) decoded

    def parse_request(self) -> bool:
        # http.server reads the request line as ISO-8859-1 and splits it on any whitespace,
        # which includes bytes of raw UTF-8 Arabic (\x85, \xa0): escape them first, as a
        # browser would, and keep what was sent for the log.
        parts = self.raw_requestline.split(b" ")
        target = parts[1] if len(parts) > 2 else b""
        self.raw_target = target.decode("utf-8", "replace")
        self.raw_requestline = _escape_non_ascii(self.raw_requestline)
        return super().parse_request()

    def version_string(self) -> str:
        return "nginx"  # what the sites would say; the control API names itself in /status

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # every request is logged once, by `_send`, to the access log

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self._send(status, {"Content-Type": "application/json"}, body, self.command == "HEAD")


class SiteHandler(_Handler):
    """Serves one demo site; which one is told by the address the request arrived on."""

    site: DemoSite

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        status, headers, body = self.state.network.render(self.site.name, self.path, self.state.day)
        path = self.raw_target or self.path
        fault = self.state.fault_for(self.path)
        if fault and fault["slow_ms"]:
            time.sleep(fault["slow_ms"] / 1000)
        if fault and fault["status"]:
            status, body = fault["status"], f"fault {fault['status']}\n".encode()
            headers = {"Content-Type": "text/plain; charset=utf-8"}
            if status in (429, 503):
                headers["Retry-After"] = "1"
        if status == 200 and "ETag" not in headers:
            # Feeds, sitemaps, sections, robots.txt: like most sites' servers, an ETag of the
            # bytes, so that a crawl can read them conditionally.
            headers = {**headers, "ETag": '"' + hashlib.sha1(body).hexdigest()[:20] + '"'}
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
            headers = {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}
        elif self._compress(headers):
            # mtime=0 keeps the compressed bytes the same from one day to the next
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers = {**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self._send(status, headers, body, head)
        now = datetime.now(UTC)
        self.state.record(
            {
                "host": self.site.host,
                "site": self.site.name,
                "method": self.command,
                "path": path,
                "status": status,
                "user_agent": self.headers.get("User-Agent", ""),
                "time": now.isoformat(timespec="microseconds").replace("+00:00", "Z"),
            },
            f"{now:%Y-%m-%dT%H:%M:%S.%fZ} {self.site.host} {self.command} {path} {status} "
            f'{len(body)} "{self.headers.get("User-Agent", "")}"',
        )

    def _compress(self, headers: dict[str, str]) -> bool:
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        kind = headers.get("Content-Type", "")
        return self.site.gzip and accepted and kind.startswith(_COMPRESSIBLE)


class ControlHandler(_Handler):
    """The control API on CONTROL_HOST: status, day switch, request log."""

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/status":
            self._json(self.state.status())
        elif url.path == "/day":
            wanted = parse_qs(url.query).get("set")
            if wanted:
                self._set_day(wanted[0])
            else:
                self._json({"day": self.state.day})
        elif url.path == "/faults":
            self._json(self.state.faults_json())
        elif url.path == "/requests":
            with self.state.lock:
                self._json(list(self.state.requests))
        else:
            self._json({"error": "not found"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length).decode("utf-8", "replace").strip()
        path = urlsplit(self.path).path
        if path == "/day":
            self._set_day(data)
        elif path == "/faults":
            try:
                rules = json.loads(data or "[]")
                self.state.set_faults(rules if isinstance(rules, list) else [rules])
            except (ValueError, TypeError, KeyError, re.error) as exc:
                self._json({"error": f"bad fault rules: {exc}"}, 400)
                return
            self._json(self.state.faults_json())
        elif path == "/requests/clear":
            with self.state.lock:
                cleared = len(self.state.requests)
                self.state.requests.clear()
            self._json({"cleared": cleared})
        else:
            self._json({"error": "not found"}, 404)

    def _set_day(self, value: str) -> None:
        try:
            self.state.day = self.state.checked_day(int(value))
        except ValueError:
            self._json({"error": f"day must be one of {list(self.state.network.days)}, not {value!r}"}, 400)
            return
        self._json({"day": self.state.day})


def build_servers(state: ServerState) -> list[ThreadingHTTPServer]:
    """Bind every address, or none: a partial network would confuse whoever uses it. The
    control address last: once it answers, every site does."""
    network = state.network
    servers: list[ThreadingHTTPServer] = []
    try:
        for site in network.sites:
            handler = type(f"Site_{site.name}", (SiteHandler,), {"state": state, "site": site})
            servers.append(ThreadingHTTPServer((site.host, network.port), handler))
        control = type("Control", (ControlHandler,), {"state": state})
        servers.append(ThreadingHTTPServer((network.control_host, network.port), control))
    except OSError:
        for server in servers:
            server.server_close()
        raise
    for server in servers:
        server.daemon_threads = True
    return servers


def serve(network: Network, day: int, access_log: Path | None) -> None:
    state = ServerState(network, day, access_log)
    network.prepare()
    try:
        servers = build_servers(state)
    except OSError as error:
        sys.exit(f"{network.server_name}: cannot listen on {network.control_host} and the sites' "
                 f"addresses, port {network.port}: {error}")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    print(network.banner(state.day), flush=True)
    stop.wait()
    for server in servers:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m arshif.demo.server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", type=int, default=1, help="the day to serve first (a scaled network: 1)")
    parser.add_argument("--log", type=Path, help="append one line per site request to this file")
    scaled = parser.add_argument_group("a scaled network (arshif/demo/scale/) instead of the default")
    scaled.add_argument("--sites", type=int, help="this many sites, cycling the three designs")
    scaled.add_argument("--articles", type=int, default=100, help="articles per site (day 1)")
    scaled.add_argument("--port", type=int, help="the port of its sites and control address")
    args = parser.parse_args(argv)
    network: Network
    if args.sites is None:
        if args.port is not None:
            parser.error("--port goes with --sites (the default network answers on 8765)")
        network = DefaultNetwork()
    else:
        from arshif.demo.scale.pages import ScaledNetwork
        from arshif.demo.scale.sites import DEFAULT_PORT, scaled_sites

        try:
            scaled_sites(args.sites)  # the scale's bounds, said before the articles are written
        except ValueError as error:
            parser.error(str(error))
        network = ScaledNetwork(args.sites, args.articles, args.port or DEFAULT_PORT)
    if args.day not in network.days:
        parser.error(f"--day: the network has days {', '.join(map(str, network.days))}, not {args.day}")
    serve(network, args.day, args.log)


if __name__ == "__main__":
    main()

"""``arshif serve``: the archive over HTTP — a JSON API (with its OpenAPI spec) on one origin,
Wayback-style replay and Memento (TimeGate, TimeMap) on another.

Two origins because a replayed page is somebody else's HTML: served from its own port, under a
CSP that forbids script, it can never run code in the origin of the API and the web UI, nor
read their responses. Both servers run in one process (arshif/serve/server.py).
"""

from __future__ import annotations

from dataclasses import dataclass

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Origins:
    """Where the two servers answer, as browsers name them (scheme://host:port)."""

    api: str
    replay: str

    @classmethod
    def of(cls, host: str, api_port: int, replay_port: int) -> Origins:
        name = f"[{host}]" if ":" in host else host
        return cls(api=f"http://{name}:{api_port}", replay=f"http://{name}:{replay_port}")

    def frame_ancestors(self) -> list[str]:
        """The origins allowed to frame a replayed page: the UI's, under each loopback name."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.api)
        names = {self.api}
        if parts.hostname in ("127.0.0.1", "localhost"):
            port = f":{parts.port}" if parts.port else ""
            names |= {f"{parts.scheme}://127.0.0.1{port}", f"{parts.scheme}://localhost{port}"}
        return sorted(names)

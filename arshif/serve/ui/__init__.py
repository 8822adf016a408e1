"""The web UI (issue 6, item 2): static HTML, CSS and JavaScript modules served from the API's
origin, beside the JSON API they call. Arabic first: right to left, Arabic-Indic or Latin digits,
an English toggle.

Nothing is fetched from elsewhere (no CDN, no web font): the files are this folder's ``static/``,
read once, served by name from a fixed list (a request names a key, never a path on disk). Every
response of the UI carries a strict CSP: script only from this origin, frames only from the
replay origin (where archived pages live, under their own no-script CSP), no plugins, no
``<base>``, and no framing of the UI by anyone. The JavaScript inserts archived strings with
``textContent`` only, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from arshif.serve import Origins

STATIC = Path(__file__).parent / "static"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def loopback_aliases(origin: str) -> list[str]:
    """``origin`` and, on loopback, the same port under 127.0.0.1 and localhost (a public
    origin given with --replay-origin may have no port: it stands alone)."""
    parts = urlsplit(origin)
    names = {origin}
    if parts.hostname in ("127.0.0.1", "localhost") and parts.port:
        names |= {f"{parts.scheme}://127.0.0.1:{parts.port}", f"{parts.scheme}://localhost:{parts.port}"}
    return sorted(names)


def policy(origins: Origins) -> str:
    frames = " ".join(loopback_aliases(origins.replay))
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'; frame-src {frames}; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def ui_headers(origins: Origins) -> dict[str, str]:
    return {"Content-Security-Policy": policy(origins), "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-cache"}


def load_files() -> dict[str, tuple[bytes, str]]:
    """Every file of ``static/`` by name, with its media type (read once: a handful of KiB)."""
    return {path.name: (path.read_bytes(), TYPES[path.suffix])
            for path in sorted(STATIC.iterdir()) if path.is_file() and path.suffix in TYPES}


def mount_ui(app: FastAPI, origins: Origins) -> None:
    """The UI at ``/`` and its files at ``/ui/<name>`` on the API app."""
    files = load_files()
    headers = ui_headers(origins)

    def answer(name: str) -> Response:
        body, media_type = files[name]
        return Response(body, media_type=media_type, headers=headers)

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return answer("index.html")

    @app.get("/ui/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in files:
            return JSONResponse({"error": f"no UI file {name[:80]!r}", "status": 404,
                                 "hint": "the UI is at /"}, status_code=404, headers=headers)
        return answer(name)

"""The static files the demo pages reference: a stylesheet per site and placeholder images."""

from __future__ import annotations

import struct
import zlib
from functools import cache

STYLESHEETS = {
    "masr-today": (
        "/static/masr.css",
        "body{font-family:Cairo,Tahoma,sans-serif;margin:0;background:#f4f4f4}"
        ".top-bar{background:#111;color:#fff}.breaking-news{background:#c00;color:#fff}"
        ".news-details h1{font-size:2em}.sidebar{width:300px}",
    ),
    "levant-post": (
        "/css/style.css",
        "body{font-family:Tahoma,Arial;font-size:13px}#wrapper{width:980px;margin:auto}"
        "#urgent{background:#900;color:#fff}.post-title{color:#036}",
    ),
    "gulf-wire": (
        "/assets/gw.css",
        ":root{--gw-accent:#0b6e4f}body{font-family:'Noto Naskh Arabic',serif;margin:0}"
        ".gw-layout{display:grid;grid-template-columns:1fr 320px;gap:24px}"
        ".gw-breaking{background:var(--gw-accent);color:#fff}",
    ),
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@cache
def placeholder_png(seed: int, width: int = 16, height: int = 9) -> bytes:
    """A small solid-colour PNG whose colour depends on `seed` (same seed, same bytes)."""
    colour = bytes(((seed * 37) % 200 + 30, (seed * 61) % 200 + 30, (seed * 97) % 200 + 30))
    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )

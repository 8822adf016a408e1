"""CDXJ index lines (the pywb / OpenWayback format): ``SURT 14-digit-timestamp {json}``."""

from __future__ import annotations

import json

from surt import surt


def wayback_timestamp(iso: str) -> str:
    """``2026-11-29T08:15:02.123456Z`` → ``20261129081502``."""
    digits = "".join(ch for ch in iso[:19] if ch.isdigit())
    return digits.ljust(14, "0")


def cdxj_line(*, url: str, timestamp: str, mime: str, status: int | None, digest: str | None,
              length: int, offset: int, filename: str) -> str:
    fields = {"url": url, "mime": mime, "status": str(status) if status is not None else "-",
              "digest": (digest or "-").removeprefix("sha1:"), "length": str(length),
              "offset": str(offset), "filename": filename}
    return f"{surt(url)} {wayback_timestamp(timestamp)} {json.dumps(fields, ensure_ascii=False)}"


def sorted_index(lines: list[str]) -> bytes:
    return ("".join(line + "\n" for line in sorted(lines))).encode("utf-8")

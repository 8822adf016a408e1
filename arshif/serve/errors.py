"""Errors as clear JSON (or plain text on the replay origin), and the guard against huge requests."""

from __future__ import annotations

import json
from typing import Any

MAX_REQUEST_TARGET = 8 * 1024  # bytes of path + query; no archived URL comes near it


class ApiError(Exception):
    """A request the server answers with ``status`` and a message saying what to do."""

    def __init__(self, status: int, error: str, hint: str | None = None, **extra: Any) -> None:
        super().__init__(error)
        self.status, self.error, self.hint, self.extra = status, error, hint, extra

    def body(self) -> dict:
        out: dict[str, Any] = {"error": self.error, "status": self.status}
        if self.hint:
            out["hint"] = self.hint
        return {**out, **self.extra}


class SizeGuard:
    """ASGI middleware: a request target over MAX_REQUEST_TARGET bytes is refused with 414
    before routing, so that nothing downstream parses it; every response says nosniff."""

    def __init__(self, app, as_json: bool = True) -> None:
        self.app, self.as_json = app, as_json

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
            if size > MAX_REQUEST_TARGET:
                error = ApiError(414, f"request target of {size} bytes is too long",
                                 f"URLs and queries up to {MAX_REQUEST_TARGET} bytes are accepted")
                await send_error(send, error, self.as_json)
                return
        async def send_nosniff(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                if not any(name.lower() == b"x-content-type-options" for name, _ in headers):
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_nosniff if scope["type"] == "http" else send)


async def send_error(send, error: ApiError, as_json: bool) -> None:
    if as_json:
        body = json.dumps(error.body(), ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        body = (error.error + ("\n" + error.hint if error.hint else "") + "\n").encode()
        kind = b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": error.status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})

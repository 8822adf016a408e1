"""Replay and Memento on their own origin: ``/web/<timestamp>/<url>`` (Wayback style; ``/web/<url>``
is the newest), ``/timegate/<url>`` and ``/timemap/link/<url>`` (RFC 7089).

Every response of this origin carries a CSP that forbids script, objects, framing by anyone but
the UI, ``<base>`` and form posts, plus ``nosniff``; no cookie is ever set. Nothing is fetched
from the live web: a link to a page the archive does not hold answers 404.

``/web/<timestamp>id_/<url>`` gives the archived body byte for byte (original charset, under
the same CSP); without ``id_`` an HTML page is rewritten for replay (arshif/serve/rewrite.py).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from arshif.serve import Origins
from arshif.serve.errors import ApiError, SizeGuard
from arshif.serve.lookup import Catalogs, checked_url, refusals
from arshif.serve.memento import Links, http_date, parse_http_date, stamp

WEB = re.compile(r"^(\d{1,14})(id_)?/(.*)$", re.S)
TEMPLATE = "19700101000000"  # a short timestamp (2026, 202611…) is padded from this
COLLAPSED_SCHEME = re.compile(r"^(https?):/+", re.I)


def policy(origins: Origins) -> str:
    ancestors = " ".join(origins.frame_ancestors())
    return ("default-src 'self' data:; script-src 'none'; object-src 'none'; "
            "style-src 'self' 'unsafe-inline' data:; "
            f"frame-ancestors {ancestors}; base-uri 'none'; form-action 'none'")


def security_headers(origins: Origins) -> dict[str, str]:
    return {"Content-Security-Policy": policy(origins), "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "private, max-age=0"}


def target(request: Request, prefix: str) -> str:
    """What follows ``prefix`` in the request, as sent (percent-escapes kept) with its query."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("utf-8", "replace")
    rest = path[len(prefix):] if path.startswith(prefix) else request.url.path[len(prefix):]
    query = request.scope.get("query_string") or b""
    if query:
        rest += "?" + query.decode("utf-8", "replace")
    return COLLAPSED_SCHEME.sub(lambda m: m.group(1) + "://", rest)


def wayback_time(value: str) -> datetime:
    padded = value + TEMPLATE[len(value):]
    try:
        return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise ApiError(400, f"{value!r} is not a Wayback timestamp",
                       "use /web/YYYYMMDDhhmmss/<url> (14 digits, or fewer: 2026, 202611…)") from None


class Wayback:
    """The replay origin's handlers: each takes the request and answers, or raises ApiError
    (made plain text under this origin's CSP by ``answering``). Which capture answers is
    ``arshif.retrieve``'s choice (``nearest_memento``), under its takedown guard."""

    def __init__(self, store, origins: Origins, catalogs: Catalogs) -> None:
        self.store, self.origins, self.catalogs = store, origins, catalogs
        self.secure = security_headers(origins)

    def history(self, url: str) -> list[dict]:
        from arshif.retrieve import history

        with refusals():
            return history(self.catalogs.get(), url)

    def web(self, request: Request) -> Response:
        from arshif.retrieve import guard_payload, nearest_memento

        rest = target(request, "/web/")
        found = WEB.match(rest)
        when, raw, url = (found.group(1), bool(found.group(2)), found.group(3)) if found else (None, False, rest)
        if found is None and re.match(r"^[^/:]*\d[^/:]*/", rest):
            raise ApiError(400, f"cannot read the timestamp in /web/{rest[:80]}",
                           "use /web/YYYYMMDDhhmmss/<url>, or /web/<url> for the newest capture")
        url = checked_url(url, "the archived URL")
        rows = self.history(url)
        row = nearest_memento(rows, url, wayback_time(when) if when else None, when)
        links = Links(self.origins.replay, row["url"])
        if when != stamp(row) or row["url"] != url and not _same_page(url, row["url"]):
            modifier = "id_" if raw else ""
            return RedirectResponse(f"/web/{stamp(row)}{modifier}/{row['url']}", status_code=302,
                                    headers={**self.secure, "Link": links.header(rows)})
        with refusals():
            guard_payload(self.catalogs.get(), row)
        return self.memento(row, rows, links, raw)

    def memento(self, row: dict, rows: list[dict], links: Links, raw: bool) -> Response:
        """The archived response of ``row`` as it was: its status, its content type, its body
        (an HTML page rewritten for replay unless ``raw``), a redirect into the archive."""
        from warcio.archiveiterator import ArchiveIterator

        from arshif.warc.payload import PayloadError, record_payload

        data = self.store.get_range(row["payload_warc_file"], row["payload_warc_offset"],
                                    row["payload_warc_length"])
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        try:
            # Inflated within a limit (a compression bomb is refused) and brotli-safe.
            body, _ = record_payload(record)
        except PayloadError as exc:
            return Response(f"the archived body cannot be served: {exc}\n".encode(), status_code=500,
                            headers=self.secure, media_type="text/plain; charset=utf-8")
        http = record.http_headers
        status = int(http.get_statuscode()) if http else 200
        content_type = (http.get_header("Content-Type") if http else None) or "application/octet-stream"
        headers = {**self.secure, "Memento-Datetime": http_date(row), "Link": links.header(rows, row)}
        location = http.get_header("Location") if http else None
        if 300 <= status < 400 and location:
            from arshif.serve.rewrite import archive_link

            headers["Location"] = archive_link(location, row["url"], stamp(row))
            return Response(b"", status_code=302, headers=headers)
        status = 200 if status < 300 or status == 304 else status
        if not raw and content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
            from arshif.extract import decode_html
            from arshif.serve.rewrite import rewrite_page

            text, _charset = decode_html(body, content_type)
            page = rewrite_page(text, row["url"], stamp(row))
            return Response(page.encode("utf-8"), status_code=status, headers=headers,
                            media_type="text/html; charset=utf-8")
        return Response(body, status_code=status, headers=headers, media_type=content_type)

    def timegate(self, request: Request) -> Response:
        from arshif.retrieve import nearest_memento

        url = checked_url(target(request, "/timegate/"), "the original URL")
        wanted = request.headers.get("accept-datetime")
        at = None
        if wanted:
            at = parse_http_date(wanted)
            if at is None:
                raise ApiError(400, f"Accept-Datetime {wanted[:80]!r} is not an HTTP date",
                               "use RFC 1123, e.g. Sun, 29 Nov 2026 08:15:02 GMT")
        rows = self.history(url)
        row = nearest_memento(rows, url, at)
        links = Links(self.origins.replay, url)
        return Response(b"", status_code=302, headers={
            **self.secure, "Location": links.memento(row), "Vary": "accept-datetime",
            "Link": links.header(rows, row)})

    def timemap(self, request: Request) -> Response:
        url = checked_url(target(request, "/timemap/link/"), "the original URL")
        rows = self.history(url)
        return Response(Links(self.origins.replay, url).timemap_body(rows).encode("utf-8"),
                        headers=self.secure, media_type="application/link-format")

    def index(self, request: Request) -> Response:
        return PlainTextResponse(
            "arshif replay: /web/<YYYYMMDDhhmmss>/<url> (a capture), /web/<url> (the newest), "
            "/timegate/<url> (Accept-Datetime), /timemap/link/<url>\n"
            f"API and UI: {self.origins.api}\n", headers=self.secure)

    def not_here(self, request: Request) -> Response:
        raise ApiError(404, "nothing here", "replay URLs are /web/<timestamp>/<url>")

    def fail(self, error: ApiError) -> Response:
        text = error.error + ("\n" + error.hint if error.hint else "")
        if error.extra.get("takedown"):
            takedown = error.extra["takedown"]
            text += f"\ntakedown {takedown['id']} of {takedown['decided_at']}"
        return PlainTextResponse(text + "\n", status_code=error.status, headers=self.secure)

    def answering(self, handler):
        """``handler`` as a Starlette endpoint: run in the thread pool (the catalog and the
        bucket block), its errors answered as plain text."""
        from storage.errors import StorageError

        async def endpoint(request: Request) -> Response:
            from starlette.concurrency import run_in_threadpool

            try:
                return await run_in_threadpool(handler, request)
            except ApiError as error:
                return self.fail(error)
            except StorageError as exc:
                return self.fail(ApiError(502, f"cannot read the archive: {exc}"))
        return endpoint


def create_replay(store, origins: Origins, catalogs: Catalogs | None = None):
    """The replay app (behind the request-size guard); ``store`` is the bucket's ObjectStore."""
    wayback = Wayback(store, origins, catalogs or Catalogs())
    methods = ["GET", "HEAD"]
    routes = [Route("/", wayback.answering(wayback.index), methods=methods),
              Route("/web/{rest:path}", wayback.answering(wayback.web), methods=methods),
              Route("/timegate/{rest:path}", wayback.answering(wayback.timegate), methods=methods),
              Route("/timemap/link/{rest:path}", wayback.answering(wayback.timemap), methods=methods),
              Route("/{rest:path}", wayback.answering(wayback.not_here), methods=methods)]
    return SizeGuard(Starlette(routes=routes), as_json=False)


def _same_page(asked: str, archived: str) -> bool:
    """Whether ``asked`` names the archived URL itself (another spelling of it), so that no
    redirect is needed."""
    from arshif.urls import request_url

    return request_url(asked) == request_url(archived)

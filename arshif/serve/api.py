"""The JSON API (one origin; the web UI is served beside it): history, capture, text, diff,
cluster, sites and search, each answering bad input with a 4xx JSON error that says what to do.

Endpoints are plain functions (FastAPI runs them in its thread pool): the catalog is SQLite and
the bucket is read by blocking ranged GETs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

from arshif.serve import Origins
from arshif.serve.errors import ApiError, SizeGuard
from arshif.serve.lookup import (
    Catalogs,
    captures,
    checked_time,
    checked_url,
    guard_payload,
    nearest_capture,
)
from arshif.serve.memento import Links
from arshif.serve.models import (
    CaptureDetail,
    Cluster,
    Diff,
    ErrorBody,
    Health,
    History,
    Sites,
)

URL_HELP = "The article's URL (any alias: AMP, tracking parameters, encoded or raw Arabic path)."
EXTRACTION_HELP = "archived: the text made at capture time; latest: the newest re-extraction."
TIME_HELP = "A time: 2026-11-29, 2026-11-29T08:15:02Z, 2026-11-29T10:15+02:00 or 20261129081502."
ERRORS = {code: {"model": ErrorBody} for code in (400, 404, 410, 414)}
Url = Annotated[str, Query(description=URL_HELP)]
At = Annotated[str | None, Query(description=TIME_HELP)]
From = Annotated[str | None, Query(alias="from", description="The older end (or: at or after). " + TIME_HELP)]
To = Annotated[str | None, Query(alias="to", description="The newer end (or: at or before).")]


class Extraction(StrEnum):
    archived = "archived"
    latest = "latest"


def create_api(store, origins: Origins, catalogs: Catalogs | None = None) -> FastAPI:
    """The API app; ``store`` is the bucket's ObjectStore, ``origins`` where both servers answer."""
    from arshif.retrieve import (
        NoCapture,
        capture_article_text,
        capture_json,
        capture_text,
        diff_pair,
        newest_text_source,
        public_fields,
        removal_note,
        text_source,
    )
    from storage.errors import StorageError

    catalogs = catalogs or Catalogs()
    app = FastAPI(
        title="arshif", version="1", docs_url=None, redoc_url=None,  # no third-party script (CDN)
        description="An Arabic news web archive: every capture of an article, its text as it was, "
                    "what changed, its story cluster, the sites' runs, and search. Replay and "
                    f"Memento (TimeGate, TimeMap) are on the replay origin, {origins.replay}.",
    )
    app.state.origins = origins

    def fields(row: dict) -> dict:
        return {**public_fields(row), "replay": Links(origins.replay, row["url"]).memento(row)}

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        error = ApiError(400, "bad request: " + "; ".join(problems), "see /openapi.json for the parameters")
        return JSONResponse(error.body(), status_code=400)

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, exc: StorageError) -> JSONResponse:
        error = ApiError(502, f"cannot read the archive: {exc}", "is the object store running? see `arshif s3`")
        return JSONResponse(error.body(), status_code=502)

    @app.get("/api", include_in_schema=False)
    def root() -> dict:
        return {"name": "arshif", "openapi": "/openapi.json", "replay": origins.replay,
                "endpoints": sorted(r.path for r in app.routes if r.path.startswith("/api/"))}

    @app.get("/api/health", response_model=Health, summary="The server answers; how many captures")
    def health() -> dict:
        return {"ok": True, "captures": catalogs.get().count(), "replay": origins.replay}

    @app.get("/api/history", response_model=History, responses=ERRORS,
             summary="Every capture of an article, oldest first (its timemap as JSON)")
    def history(url: Url) -> dict:
        url = checked_url(url)
        rows = captures(catalogs.get(), url)
        return {"url": url, "article": rows[0]["canonical_url"],
                "timemap": Links(origins.replay, url).timemap, "captures": [fields(r) for r in rows]}

    def chosen(url: str, at: str | None, extraction: Extraction = Extraction.archived) -> tuple[dict, dict]:
        url, moment = checked_url(url), checked_time(at)
        catalog = catalogs.get()
        row = nearest_capture(catalog, url, moment)
        guard_payload(catalog, row)
        source = text_source(catalog, row)
        if extraction is Extraction.latest:
            source = newest_text_source(catalog, source)
        return row, source

    @app.get("/api/capture", response_model=CaptureDetail, responses=ERRORS,
             summary="The capture nearest a time (the earlier on a tie; the newest without one), "
                     "with its extracted article")
    def capture(url: Url, at: At = None,
                extraction: Annotated[Extraction, Query(description=EXTRACTION_HELP)] = Extraction.archived) -> dict:
        row, source = chosen(url, at, extraction)
        detail = capture_json(store, row, source)
        return {**detail, "replay": fields(row)["replay"], "note": removal_note(row)}

    @app.get("/api/text", response_class=PlainTextResponse, responses=ERRORS,
             summary="The article's text as it was at a time (text/plain, UTF-8)")
    def text(url: Url, at: At = None) -> PlainTextResponse:
        row, source = chosen(url, at)
        note = removal_note(row)
        if note:
            raise ApiError(404, note, "ask for an earlier time (at=…) to read the last text archived",
                           removed=True)
        return PlainTextResponse(capture_text(store, source), media_type="text/plain; charset=utf-8")

    @app.get("/api/diff", response_model=Diff, responses=ERRORS,
             summary="What changed between two captures (default: the last two versions), word by "
                     "word, paragraph by paragraph")
    def diff(url: Url, since: From = None, until: To = None) -> dict:
        from arshif.textdiff import diff_texts, to_json

        url, start, end = checked_url(url), checked_time(since, "from"), checked_time(until, "to")
        catalog = catalogs.get()
        try:
            old, new = diff_pair(captures(catalog, url), start, end)
        except NoCapture as exc:
            raise ApiError(404, str(exc), "see /api/history for the captures and their versions") from None
        old_text, new_text = text_source(catalog, old), text_source(catalog, new)
        changes = diff_texts(capture_article_text(store, old_text), capture_article_text(store, new_text))
        return {"from": fields(old), "to": fields(new), "changes": to_json(changes)}

    @app.get("/api/cluster", response_model=Cluster, responses=ERRORS,
             summary="The other articles of the same story, on this site and others")
    def cluster(url: Url) -> dict:
        url = checked_url(url)
        catalog = catalogs.get()
        key = captures(catalog, url)[0]["canonical_url"]
        name = catalog.cluster_of(key)
        if name is None:
            raise ApiError(404, f"no article text archived for {url}, so no story cluster",
                           "see /api/history")
        withdrawn = catalog.withdrawn()
        others = [m for m in catalog.cluster_members(name)
                  if m["canonical_url"] != key and m["canonical_url"] not in withdrawn]
        return {"cluster": name, "url": url, "others": others}

    @app.get("/api/sites", response_model=Sites,
             summary="Each site seen in the archive, its runs' report figures and a per-day series")
    def sites() -> dict:
        from arshif.serve.sites import sites_summary

        return {"sites": sites_summary(catalogs.get())}

    @app.get("/api/search", responses={**ERRORS, 501: {"model": ErrorBody}, 503: {"model": ErrorBody}},
             summary="Articles whose text matches a query (Arabic normalised on both sides), ranked")
    def search(q: Annotated[str, Query(description="Words to find (diacritics optional).")],
               site: Annotated[str | None, Query(description="Only this site.")] = None,
               since: From = None, until: To = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 20,
               offset: Annotated[int, Query(ge=0, le=2000)] = 0,
               every: Annotated[bool, Query(alias="all", description="true: one result per article "
                                            "(every copy of a story); else one per story, with its versions, "
                                            "copies, sites and members (arshif/search/stories.py).")] = False) -> dict:
        if not q.strip() or "\x00" in q:
            raise ApiError(400, "empty query" if "\x00" not in q else "query contains a NUL byte",
                           "give words to find: ?q=…")
        if len(q) > 1000:
            raise ApiError(414, f"query of {len(q)} characters", "queries up to 1000 characters are accepted")
        start, end = checked_time(since, "from"), checked_time(until, "to")
        try:
            from arshif.search import IndexMissing, QueryError
            from arshif.search import search as run_search
        except ImportError:
            raise ApiError(501, "search is not available in this build of arshif yet",
                           "history, capture, text, diff and cluster work by URL meanwhile") from None
        try:
            from arshif.search.stories import search_stories

            hits = (run_search(catalogs.get(), q, site=site, since=start, until=end, limit=limit, offset=offset)
                    if every else search_stories(catalogs.get(), q, site=site, since=start, until=end, limit=limit,
                                                 offset=offset).stories)
        except QueryError as exc:
            raise ApiError(400, str(exc), "give words to find; see /openapi.json for the filters") from None
        except IndexMissing as exc:
            raise ApiError(503, str(exc), "run `arshif reindex`") from None
        results = []
        for hit in hits:
            item = hit.to_dict() if hasattr(hit, "to_dict") else dict(hit)
            when = item.get("captured_at")
            if when and item.get("url"):
                item["replay"] = f"{origins.replay}/web/{re.sub(r'[^0-9]', '', when)[:14]}/{item['url']}"
            results.append(item)
        return {"query": q, "site": site, "limit": limit, "offset": offset, "grouped": not every, "results": results}

    from arshif.serve.feeds import add_change_routes
    from arshif.serve.ui import mount_ui

    add_change_routes(app, catalogs, origins)  # /api/changes and the Atom feeds (feeds.py)
    mount_ui(app, origins)  # the web UI at / (arshif/serve/ui/)
    return app


def with_guard(app: FastAPI):
    return SizeGuard(app, as_json=True)


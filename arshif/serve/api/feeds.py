"""What changed, over HTTP: ``/api/changes`` (JSON, for the web UI's Changes page) and Atom
feeds of the whole archive and of each site (arshif/changes.py):

- ``/feeds/changes.atom``: articles edited, removed or new;
- ``/feeds/removed.atom``: articles removed;
- ``/feeds/sites/{site}/changes.atom`` and ``/feeds/sites/{site}/removed.atom``: one site's.

A feed holds the newest FEED_ENTRIES changes; each entry links to the article's page in the web
UI (its diff) or, for a removal, to the last version before it in replay.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from arshif.serve.api.common import Context
from arshif.serve.errors import ApiError

FEED_ENTRIES = 200
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_SITE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def router(context: Context) -> APIRouter:
    from arshif.changes import KINDS, atom, changes, since_value

    routes = APIRouter()
    catalogs, origins = context.catalogs, context.origins

    def feed(site: str | None, kind: str | None, path: str) -> Response:
        if site is not None and not _SITE.match(site):
            raise ApiError(400, f"bad site name {site[:80]!r}", "see /api/sites for the sites")
        found = changes(catalogs.get(), site=site, kind=kind, limit=FEED_ENTRIES)
        what = "removed articles" if kind == "removed" else "changes"
        title = f"arshif: {what}" + (f" on {site}" if site else "")
        body = atom(found, title, f"{origins.api}{path}", origins.api, origins.replay)
        return Response(body, media_type=ATOM_TYPE)

    @routes.get("/feeds/changes.atom", include_in_schema=False)
    def changes_feed() -> Response:
        return feed(None, None, "/feeds/changes.atom")

    @routes.get("/feeds/removed.atom", include_in_schema=False)
    def removed_feed() -> Response:
        return feed(None, "removed", "/feeds/removed.atom")

    @routes.get("/feeds/sites/{site}/changes.atom", include_in_schema=False)
    def site_changes_feed(site: str) -> Response:
        return feed(site, None, f"/feeds/sites/{site}/changes.atom")

    @routes.get("/feeds/sites/{site}/removed.atom", include_in_schema=False)
    def site_removed_feed(site: str) -> Response:
        return feed(site, "removed", f"/feeds/sites/{site}/removed.atom")

    @routes.get("/api/changes", summary="Articles edited (with the words changed), removed or new, oldest first")
    def changes_list(site: Annotated[str | None, Query(description="Only this site.")] = None,
                     since: Annotated[str | None, Query(description="A date (2026-11-30): the changes found by the runs of that logical day and later; a time (2026-11-30T08:15Z): those captured at or after it.")] = None,
                     kind: Annotated[str | None, Query(description="edited, removed or new.")] = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict:
        if kind is not None and kind not in KINDS:
            raise ApiError(400, f"unknown kind {kind!r}", f"use one of {', '.join(KINDS)}")
        try:
            start = since_value(since)
        except ValueError as exc:
            raise ApiError(400, str(exc), "give a time such as 2026-11-29") from None
        found = changes(catalogs.get(), site=site, since=start, kind=kind, limit=limit)
        return {"site": site, "since": start, "kind": kind,
                "changes": [{**c.to_dict(), "replay_before": (f"{origins.replay}/web/"
                             f"{re.sub(r'[^0-9]', '', c.previous_at)[:14]}/{c.url}" if c.kind == "removed"
                             and c.previous_at else None)} for c in found]}

    return routes

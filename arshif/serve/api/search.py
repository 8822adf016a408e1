"""``/api/search``: articles whose text matches a query (Arabic normalised on both sides), ranked."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query

from arshif.serve.api.common import ERRORS, Context, From, To
from arshif.serve.errors import ApiError
from arshif.serve.lookup import checked_time
from arshif.serve.models import ErrorBody


def router(context: Context) -> APIRouter:
    routes = APIRouter()
    catalogs, origins = context.catalogs, context.origins

    @routes.get("/api/search", responses={**ERRORS, 501: {"model": ErrorBody}, 503: {"model": ErrorBody}},
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

    return routes

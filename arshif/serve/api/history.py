"""``/api/history``: every capture of an article, oldest first (its timemap as JSON)."""

from __future__ import annotations

from fastapi import APIRouter

from arshif.serve.api.common import ERRORS, Context, Url
from arshif.serve.lookup import checked_url, refusals
from arshif.serve.memento import Links
from arshif.serve.models import History


def router(context: Context) -> APIRouter:
    from arshif.retrieve import history as article_history

    routes = APIRouter()

    @routes.get("/api/history", response_model=History, responses=ERRORS,
                summary="Every capture of an article, oldest first (its timemap as JSON)")
    def history(url: Url) -> dict:
        url = checked_url(url)
        with refusals():
            rows = article_history(context.catalogs.get(), url)
        return {"url": url, "article": rows[0]["canonical_url"],
                "timemap": Links(context.origins.replay, url).timemap,
                "captures": [context.fields(r) for r in rows]}

    return routes

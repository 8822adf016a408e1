"""``/api/diff``: what changed between two captures (``arshif.retrieve.choose_diff``, as for
``arshif diff``), word by word, paragraph by paragraph."""

from __future__ import annotations

from fastapi import APIRouter

from arshif.serve.api.common import ERRORS, Context, From, To, Url
from arshif.serve.errors import ApiError
from arshif.serve.lookup import checked_time, checked_url, refusals
from arshif.serve.models import Diff


def router(context: Context) -> APIRouter:
    from arshif.retrieve import NothingToCompare, capture_article_text, choose_diff

    routes = APIRouter()

    @routes.get("/api/diff", response_model=Diff, responses=ERRORS,
                summary="What changed between two captures (default: the last two versions), word by "
                        "word, paragraph by paragraph")
    def diff(url: Url, since: From = None, until: To = None) -> dict:
        from arshif.textdiff import diff_texts, to_json

        url, start, end = checked_url(url), checked_time(since, "from"), checked_time(until, "to")
        with refusals():
            try:
                old, new, old_text, new_text = choose_diff(context.catalogs.get(), url, start, end)
            except NothingToCompare as exc:
                raise ApiError(404, str(exc), "see /api/history for the captures and their versions") from None
        store = context.store
        changes = diff_texts(capture_article_text(store, old_text), capture_article_text(store, new_text))
        return {"from": context.fields(old), "to": context.fields(new), "changes": to_json(changes)}

    return routes

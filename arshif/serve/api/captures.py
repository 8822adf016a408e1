"""``/api/capture`` (a capture with its extracted article, as JSON) and ``/api/text`` (its text,
text/plain): the capture nearest a time, chosen by ``arshif.retrieve.choose_capture`` as for
``arshif get``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from arshif.serve.api.common import ERRORS, EXTRACTION_HELP, At, Context, Extraction, Url
from arshif.serve.errors import ApiError
from arshif.serve.lookup import checked_time, checked_url, refusals
from arshif.serve.models import CaptureDetail


def chosen(context: Context, url: str, at: str | None, extraction: Extraction = Extraction.archived):
    """``retrieve.choose_capture`` for a request: checked input, refusals as HTTP errors."""
    from arshif.retrieve import choose_capture

    url, moment = checked_url(url), checked_time(at)
    with refusals():
        return choose_capture(context.catalogs.get(), url, moment, extraction is Extraction.latest)


def router(context: Context) -> APIRouter:
    from arshif.retrieve import capture_json, capture_text, removal_note

    routes = APIRouter()

    @routes.get("/api/capture", response_model=CaptureDetail, responses=ERRORS,
                summary="The capture nearest a time (the earlier on a tie; the newest without one), "
                        "with its extracted article")
    def capture(url: Url, at: At = None,
                extraction: Annotated[Extraction, Query(description=EXTRACTION_HELP)] = Extraction.archived) -> dict:
        row, source = chosen(context, url, at, extraction)
        detail = capture_json(context.store, row, source)
        return {**detail, "replay": context.fields(row)["replay"], "note": removal_note(row)}

    @routes.get("/api/text", response_class=PlainTextResponse, responses=ERRORS,
                summary="The article's text as it was at a time (text/plain, UTF-8)")
    def text(url: Url, at: At = None) -> PlainTextResponse:
        row, source = chosen(context, url, at)
        note = removal_note(row)
        if note:
            raise ApiError(404, note, "ask for an earlier time (at=…) to read the last text archived",
                           removed=True)
        return PlainTextResponse(capture_text(context.store, source), media_type="text/plain; charset=utf-8")

    return routes

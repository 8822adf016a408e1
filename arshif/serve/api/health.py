"""``/api`` (what the API offers) and ``/api/health`` (the server answers; how many captures)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from arshif.serve.api.common import Context
from arshif.serve.models import Health


def router(context: Context) -> APIRouter:
    routes = APIRouter()
    origins, catalogs = context.origins, context.catalogs

    @routes.get("/api", include_in_schema=False)
    def root(request: Request) -> dict:
        return {"name": "arshif", "openapi": "/openapi.json", "replay": origins.replay,
                "endpoints": sorted(r.path for r in request.app.routes if r.path.startswith("/api/"))}

    @routes.get("/api/health", response_model=Health, summary="The server answers; how many captures")
    def health() -> dict:
        return {"ok": True, "captures": catalogs.get().count(), "replay": origins.replay}

    return routes

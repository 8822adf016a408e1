"""``/api/sites``: each site seen in the archive, its runs' report figures and a per-day series."""

from __future__ import annotations

from fastapi import APIRouter

from arshif.serve.api.common import Context
from arshif.serve.models import Sites


def router(context: Context) -> APIRouter:
    routes = APIRouter()

    @routes.get("/api/sites", response_model=Sites,
                summary="Each site seen in the archive, its runs' report figures and a per-day series")
    def sites() -> dict:
        from arshif.serve.sites import sites_summary

        return {"sites": sites_summary(context.catalogs.get())}

    return routes

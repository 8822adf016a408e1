"""``/api/cluster``: the other articles of the same story (``arshif.retrieve.story_cluster``, as
for ``arshif cluster``)."""

from __future__ import annotations

from fastapi import APIRouter

from arshif.serve.api.common import ERRORS, Context, Url
from arshif.serve.errors import ApiError
from arshif.serve.lookup import checked_url, refusals
from arshif.serve.models import Cluster


def router(context: Context) -> APIRouter:
    from arshif.retrieve import NoCluster, story_cluster

    routes = APIRouter()

    @routes.get("/api/cluster", response_model=Cluster, responses=ERRORS,
                summary="The other articles of the same story, on this site and others")
    def cluster(url: Url) -> dict:
        url = checked_url(url)
        with refusals():
            try:
                name, others = story_cluster(context.catalogs.get(), url)
            except NoCluster as exc:
                raise ApiError(404, str(exc), "see /api/history") from None
        return {"cluster": name, "url": url, "others": others}

    return routes

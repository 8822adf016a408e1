"""The JSON API (one origin; the web UI is served beside it), one module per resource: history,
captures (capture, text), diff, clusters, sites, search, and the changes and their Atom feeds.
Each answers bad input with a 4xx JSON error that says what to do.

Which capture answers is chosen in ``arshif.retrieve`` (as for ``arshif get``); these modules
check the request, call it, and shape the answer. Endpoints are plain functions (FastAPI runs
them in its thread pool): the catalog is SQLite and the bucket is read by blocking ranged GETs.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from arshif.serve import Origins
from arshif.serve.api import captures, clusters, diff, feeds, health, history, search, sites
from arshif.serve.api.common import Context
from arshif.serve.errors import ApiError, SizeGuard
from arshif.serve.lookup import Catalogs

RESOURCES = (health, history, captures, diff, clusters, sites, search, feeds)  # in the spec's order


def create_api(store, origins: Origins, catalogs: Catalogs | None = None) -> FastAPI:
    """The API app; ``store`` is the bucket's ObjectStore, ``origins`` where both servers answer."""
    from arshif.serve.ui import mount_ui

    app = FastAPI(
        title="arshif", version="1", docs_url=None, redoc_url=None,  # no third-party script (CDN)
        description="An Arabic news web archive: every capture of an article, its text as it was, "
                    "what changed, its story cluster, the sites' runs, and search. Replay and "
                    f"Memento (TimeGate, TimeMap) are on the replay origin, {origins.replay}.",
    )
    app.state.origins = origins
    add_error_handlers(app)
    context = Context(store, origins, catalogs or Catalogs())
    for resource in RESOURCES:
        app.include_router(resource.router(context))
    mount_ui(app, origins)  # the web UI at / (arshif/serve/ui/)
    return app


def add_error_handlers(app: FastAPI) -> None:
    """Every error as JSON saying what to do: ours (ApiError), bad parameters (400) and an
    archive that cannot be read (502)."""
    from storage.errors import StorageError

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


def with_guard(app: FastAPI):
    return SizeGuard(app, as_json=True)

"""What the API's resources share: the context they answer from (bucket, origins, catalogs), the
documented query parameters, and a capture's public fields with its replay link."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Query

from arshif.serve import Origins
from arshif.serve.lookup import Catalogs
from arshif.serve.memento import Links
from arshif.serve.models import ErrorBody

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


@dataclass(frozen=True)
class Context:
    """What every resource answers from: the bucket's ObjectStore, where both servers answer,
    and the catalog of each worker thread."""

    store: object
    origins: Origins
    catalogs: Catalogs

    def fields(self, row: dict) -> dict:
        """A capture as ``history --json`` shows it, with its replay link."""
        from arshif.retrieve import public_fields

        return {**public_fields(row), "replay": Links(self.origins.replay, row["url"]).memento(row)}

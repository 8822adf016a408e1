"""The API's response shapes, for the OpenAPI spec (extra fields are allowed through)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(Open):
    error: str = Field(description="What went wrong.")
    status: int
    hint: str | None = Field(None, description="What to do about it.")
    accepted: list[str] | None = Field(None, description="Accepted time formats (bad timestamp).")
    takedown: dict[str, Any] | None = Field(None, description="id and decided_at (withdrawn article).")


class WarcPosition(BaseModel):
    file: str
    offset: int
    length: int


class Capture(Open):
    timestamp: str = Field(description="ISO 8601 UTC.")
    url: str
    status: int
    kind: str = Field(description="response, revisit, unchanged or removed.")
    version: int | None
    change: str | None
    cluster: str | None
    digest: str | None
    title: str | None
    site: str
    warc: WarcPosition
    replay: str = Field(description="The capture on the replay origin (/web/<timestamp>/<url>).")


class History(Open):
    url: str
    article: str = Field(description="The article's identity (canonical URL).")
    timemap: str = Field(description="The Memento TimeMap (application/link-format).")
    captures: list[Capture]


class CaptureDetail(Capture):
    article: dict[str, Any] = Field(description="The extracted article: title, text, date, author…")
    extraction_error: str | None = None
    note: str | None = Field(None, description="Set when the capture records the page's removal.")


class Piece(BaseModel):
    op: str
    text: str


class ParagraphChange(BaseModel):
    op: str = Field(description="changed, added or removed.")
    old_index: int | None
    new_index: int | None
    pieces: list[Piece]


class Diff(BaseModel):
    from_: Capture = Field(alias="from")
    to: Capture
    changes: list[ParagraphChange]

    model_config = ConfigDict(populate_by_name=True)


class ClusterMember(Open):
    canonical_url: str
    url: str
    site: str
    first_seen: str
    last_seen: str
    versions: int | None
    title: str | None


class Cluster(BaseModel):
    cluster: str
    url: str
    others: list[ClusterMember]


class SiteRun(Open):
    run_key: str
    day: str = Field(description="YYYY-MM-DD of the run's logical date.")
    status: str | None = None


class Site(Open):
    site: str
    articles: int
    captures: int
    first_capture: str | None
    last_capture: str | None
    last_run: SiteRun | None
    runs: list[SiteRun]
    daily: list[dict[str, Any]] = Field(description="Per day: new, changed, unchanged, identical, "
                                        "removed, failures (summed over the day's runs).")


class Sites(BaseModel):
    sites: list[Site]


class Health(BaseModel):
    ok: bool
    captures: int
    replay: str

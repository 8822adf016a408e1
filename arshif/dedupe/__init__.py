"""Dedupe: what each capture is, compared with the last capture of the same URL.

- the same payload bytes as the URL's last capture → ``revisit`` (a WARC revisit record,
  identical-payload-digest, pointing at the record that holds the bytes);
- different bytes but the same normalised text → ``unchanged`` (a re-render: new ads, a new
  timestamp); the response is archived whole, the article keeps its version. Both texts are
  compared without the lines of the same (the newer) site chrome model, so that a model that
  learned one more line of chrome does not pass for an edit;
- different text → a ``response`` that starts a new version of the article;
- a re-check answered 304 Not Modified → a ``revisit`` too, with the server-not-modified
  profile, pointing at the capture whose validators were sent;
- a re-check that found the article gone (404/410, or sent to the home or a section page; the
  spider notes which) → ``removed``: the record is archived as it came, and the article's
  history shows when it disappeared.

Near-copies are never revisits: replay would serve the other page's bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass

from arshif.catalog import Catalog
from arshif.extract.site_chrome import SiteChrome, fingerprint_lines
from arshif.textnorm import text_fingerprint
from arshif.urls import article_identity, canonical_url


@dataclass
class Verdict:
    record_id: str
    canonical_url: str
    kind: str  # response | revisit | unchanged | removed
    change: str | None  # new | changed | unchanged | identical, for articles; None otherwise
    version: int | None
    text_fingerprint: str | None
    payload_record_id: str | None = None  # for revisits: the record that holds the payload
    payload_warc_file: str | None = None
    payload_warc_offset: int | None = None
    payload_warc_length: int | None = None
    refers_to_url: str | None = None
    refers_to_date: str | None = None
    cluster: str | None = None  # the story cluster: near-copies across URLs and sites share it
    profile: str | None = None  # for revisits: identical-payload-digest | server-not-modified
    refers_to_digest: str | None = None  # for revisits: the payload digest of the referred capture
    removed: str | None = None  # for removed: what the re-check found (HTTP 404, redirected to …)

    def to_dict(self) -> dict:
        return asdict(self)


def article_text(capture: dict) -> str | None:
    """The text dedupe compares: an article page's only (a section or stub page has none)."""
    article = capture.get("article")
    if not article or article.get("page_kind", "article") != "article":
        return None
    return article.get("text") or None


def _payload_of(capture: dict) -> dict:
    """Where the bytes of ``capture`` are: its own record, or for a revisit the one it refers to."""
    if capture.get("payload_record_id"):
        return {"payload_record_id": capture["payload_record_id"],
                "payload_warc_file": capture.get("payload_warc_file"),
                "payload_warc_offset": capture.get("payload_warc_offset"),
                "payload_warc_length": capture.get("payload_warc_length")}
    return {"payload_record_id": capture["record_id"], "payload_warc_file": capture.get("warc_file"),
            "payload_warc_offset": capture.get("warc_offset"),
            "payload_warc_length": capture.get("warc_length")}


def _revisit(record_id: str, url: str, last: dict, version: int | None, profile: str,
             is_article: bool) -> Verdict:
    """A revisit of ``last`` (the article's or URL's previous capture): its payload still stands."""
    return Verdict(
        record_id=record_id, canonical_url=url, kind="revisit",
        change="identical" if is_article else None, version=version,
        text_fingerprint=last.get("text_fingerprint"), profile=profile, refers_to_digest=last.get("digest"),
        refers_to_url=last["url"], refers_to_date=last["timestamp"], **_payload_of(last),
    )


class Deduper:
    """Decides captures in fetch order; captures decided earlier in the run count as previous."""

    def __init__(self, catalog: Catalog, load_model: Callable[[str], SiteChrome] | None = None,
                 site: str = "") -> None:
        from arshif.dedupe.nearcopy import NearCopyIndex

        self.catalog = catalog
        self.load_model = load_model
        self.site = site
        self.near_copies = NearCopyIndex(catalog.db)
        self._models: dict[str, SiteChrome] = {}
        self._in_run: dict[str, dict] = {}  # canonical URL → latest verdict-row in this run
        self._aliases: dict[str, str] = {}  # a fetched URL's canonical_url → its article, this run

    def _model(self, key: str | None) -> SiteChrome | None:
        if key is None or self.load_model is None:
            return None
        if key not in self._models:
            self._models[key] = self.load_model(key)
        return self._models[key]

    @staticmethod
    def _fingerprint(text: str, lines: list[str] | None, model: SiteChrome | None) -> str:
        return fingerprint_lines(lines, model) if lines is not None else text_fingerprint(text)

    def _same_text(self, previous: dict, fingerprint: str, model: SiteChrome | None) -> bool:
        lines = previous.get("text_lines")
        if lines is not None and fingerprint.startswith("lines:"):
            return fingerprint_lines(json.loads(lines) if isinstance(lines, str) else lines, model) == fingerprint
        return previous.get("text_fingerprint") == fingerprint

    def _previous(self, url: str, with_text: bool) -> dict | None:
        in_run = self._in_run.get(url)
        if in_run and (not with_text or in_run.get("text_fingerprint")):
            return in_run
        return self.catalog.latest(url, with_text=with_text)

    def _cluster(self, url: str, verdict: Verdict, text: str | None, last_text: dict | None) -> str | None:
        """An article keeps its story cluster across versions; a new article joins the cluster of
        its nearest copy (MinHash LSH, confirmed by exact Jaccard) or starts one."""
        if not verdict.text_fingerprint:
            return None
        known = (last_text or {}).get("cluster")
        if verdict.change not in ("new", "changed") or text is None:
            return known
        doc_id = f"{url}#v{verdict.version}"
        if known:
            self.near_copies.add(doc_id, text, self.site, known)
            return known
        cluster, _matches = self.near_copies.assign(doc_id, text, self.site)
        return cluster

    def _identity(self, capture: dict) -> str:
        """The article a capture belongs to: what its page declares (a same-site rel=canonical),
        or for a page with no article (a 304, a 404) what its URL was last known as."""
        declared = (capture.get("article") or {}).get("canonical_url")
        identity = article_identity(capture["url"], declared)
        own = canonical_url(capture["url"])
        if declared:
            self._aliases[own] = identity
            return identity
        return self._aliases.get(own) or self.catalog.identity_of(own) or own

    def decide(self, capture: dict) -> Verdict:
        # The article's identity: its same-site rel=canonical, so that every alias shares one
        # history; the fetched URL's own form is kept in the catalog too (url_key) for lookups.
        url = self._identity(capture)
        text = article_text(capture)
        lines = capture.get("text_lines")
        model = self._model(capture.get("chrome_model"))
        fingerprint = self._fingerprint(text, lines, model) if text else None
        last = self._previous(url, with_text=False)
        last_text = self._previous(url, with_text=True)
        version = last_text["version"] if last_text else None

        record_id = capture["response"]["record_id"]
        if last and capture["status"] == 304:
            verdict = _revisit(record_id, url, last, version, "server-not-modified", bool(last_text))
        elif last and capture.get("removed"):
            verdict = Verdict(record_id, url, "removed", "removed", version, None,
                              removed=capture["removed"])
        elif last and last.get("digest") == capture["payload_digest"] and last["status"] == capture["status"]:
            verdict = _revisit(record_id, url, last, version, "identical-payload-digest", bool(fingerprint))
        elif fingerprint and last_text and self._same_text(last_text, fingerprint, model):
            verdict = Verdict(record_id, url, "unchanged", "unchanged", version, fingerprint)
        elif fingerprint:
            change = "changed" if last_text else "new"
            verdict = Verdict(record_id, url, "response", change, (version or 0) + 1, fingerprint)
        else:
            verdict = Verdict(record_id, url, "response", None, None, None)

        verdict.cluster = self._cluster(url, verdict, text, last_text)
        if verdict.kind == "removed":
            verdict.cluster = (last_text or {}).get("cluster")
        self._in_run[url] = {
            "record_id": verdict.record_id, "url": capture["url"], "timestamp": capture["fetched_at"],
            "status": capture["status"],
            # A 304 holds no payload: the digest that still stands is the one it points to.
            "digest": verdict.refers_to_digest if verdict.profile == "server-not-modified"
            else capture["payload_digest"],
            "text_fingerprint": verdict.text_fingerprint, "version": verdict.version,
            "text_lines": lines if verdict.text_fingerprint else None, "cluster": verdict.cluster,
            # Within a run the payload still sits in the staged WARC: a revisit of it is resolved
            # to the archived position when the run's WARC is written.
            "payload_record_id": verdict.payload_record_id or verdict.record_id,
            "payload_warc_file": verdict.payload_warc_file, "payload_warc_offset": verdict.payload_warc_offset,
            "payload_warc_length": verdict.payload_warc_length,
        }
        return verdict

"""Extract: every article page of one site's crawl, in the crawl subprocess.

The site's chrome is learned from all of today's pages before any text is kept: first each page
is extracted (mostly during the crawl, by worker processes: ``arshif.crawl.extract_pool``),
then the site's chrome model (the previous version plus today's articles) becomes the next
version, then every text is filtered with it. Each capture records the model version its text
was made with.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from arshif import layout
from arshif.config import Site
from arshif.crawl import extract_pool
from arshif.crawl.extract_page import extract_page
from arshif.extract.article import refilter
from arshif.extract.site_chrome import ChromeLearner, SiteChrome, text_line_keys
from arshif.urls import article_identity

log = logging.getLogger(__name__)


def load_site_chrome(store, site: str) -> tuple[SiteChrome, str | None]:
    """The newest saved model of a site (an empty one before the first crawl) and its key."""
    keys = sorted(info.key for info in store.list(layout.site_chrome_prefix(site))
                  if info.key.endswith(".json"))
    if not keys:
        return SiteChrome(site=site), None
    return SiteChrome.from_json(store.get_json(keys[-1])), keys[-1]


def save_site_chrome(store, model: SiteChrome) -> str:
    key = layout.site_chrome_key(model.site, model.version)
    store.put_json_once(key, model.to_json())
    return key


def challenge_failures(extracted: list) -> list[dict]:
    """An anti-bot challenge answered 200 in place of a page is a failed fetch: it stays in the
    WARC as it came, but it is no article, and the run's failures name it."""
    failures = []
    for item, article in extracted:
        if getattr(article, "page_kind", None) == "challenge":
            failures.append({"type": "failure", "url": item["url"], "role": item.get("role", "article"),
                             "error": f"AntiBotChallenge: {article.page_kind_reason} (HTTP 200)",
                             "failed_at": item.get("fetched_at")})
    return failures


def extract_crawl(store, site: Site, run_key: str, items_path: Path, warc_path: Path) -> dict:
    """Adds the extracted article to every article capture in ``items_path`` (rewritten)."""
    items = [json.loads(line) for line in items_path.read_text(encoding="utf-8").splitlines()]
    pool = extract_pool.active()  # pages it took during the crawl are extracted already
    extracted = []
    for item in items:
        if item.get("type") == "capture" and item.get("role") == "article":
            # Kept so that a later re-extraction reads dates the same way.
            item.setdefault("hints", {})["timezone"] = site.timezone
            early = pool.take(item["response"]["record_id"]) if pool else None
            article, error = early if early is not None else extract_page(item, warc_path, site)
            item["extraction_error"] = error
            if article is not None:
                extracted.append((item, article))

    previous, _ = load_site_chrome(store, site.name)
    learner = ChromeLearner(previous, run_key)
    for item, article in extracted:
        if getattr(article, "page_kind", "article") == "article":
            # The article a page declares itself (a same-site rel=canonical) or its URL: aliases
            # without one are told apart by their texts (near-copies count once).
            learner.observe(article_identity(item["url"], article.canonical_url), article.text)
    model = learner.model()
    model_key = save_site_chrome(store, model)

    skipped = 0
    for item, article in extracted:
        # Dedupe compares texts by their lines under one model: keep the lines before filtering.
        item["text_lines"] = text_line_keys(article.text)
        filtered = refilter(article, model)
        item["article"] = filtered.to_dict()
        item["chrome_model"] = model_key
        if filtered.chrome_skipped:
            skipped += 1
            log.warning("%s: %s", item["url"], filtered.chrome_skipped)
    items += challenge_failures(extracted)
    items_path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    summary = {"articles": len(extracted), "chrome_model": model_key,
               "chrome_lines": len(model.chrome_keys()), "chrome_skipped": skipped}
    log.info("extracted %s: %s", site.name, summary)
    return summary

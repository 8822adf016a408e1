"""``arshif sites check``: is each site of a sites file reachable, fresh, listing articles, and
do its articles extract?

Every request goes through the crawl's own address guard (spiders/middlewares/address_guard.py
``AddressPolicy``) before a connection is made, and again for each redirect; robots.txt is read
first and obeyed. Each request has a short timeout and each site a time budget, so a site that
does not answer costs seconds, not minutes.
"""

from __future__ import annotations

import http.client
import re
import ssl
import time
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from arshif.config import Site, SitesConfig
from spiders.discovery import Lead, parse_feed, parse_sitemap
from spiders.middlewares.address_guard import AddressPolicy, BlockedAddress

MAX_BODY = 5 * 1024 * 1024  # a feed, sitemap or article page bigger than this is cut
MAX_REDIRECTS = 5
MAX_CHILD_SITEMAPS = 3  # of a sitemap index, the first few are read (newest first, usually)
DISALLOWED = "disallowed by robots.txt"
ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass
class Fetched:
    url: str
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    error: str | None = None
    refused: bool = False  # by the address guard: no connection was made

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass
class Probe:
    url: str
    kind: str  # robots, feed, sitemap, start, article
    status: int | None = None
    error: str | None = None
    items: int = 0
    newest: str | None = None


@dataclass
class SiteReport:
    name: str
    status: str = "ok"  # ok, degraded, broken
    reasons: list[str] = field(default_factory=list)
    # Worth knowing, not a fault: an entry point robots.txt disallows (the crawl skips it too).
    notes: list[str] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    articles_listed: int = 0
    newest_item: str | None = None
    sample: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class Fetcher:
    """GET with a timeout, a size cap and redirects, each hop checked by the address guard."""

    def __init__(self, policy: AddressPolicy, user_agent: str, timeout: float) -> None:
        self.policy = policy
        self.user_agent = user_agent
        self.timeout = timeout

    def get(self, url: str) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                self.policy.check(url)
            except BlockedAddress as exc:
                return Fetched(url, error=f"refused before connecting: {exc}", refused=True)
            result, location = self._once(url)
            if location is None:
                return result
            url = urljoin(url, location)
        return Fetched(url, error=f"more than {MAX_REDIRECTS} redirects")

    def _once(self, url: str) -> tuple[Fetched, str | None]:
        parts = urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout, **kwargs)
        try:
            # Non-ASCII paths (Arabic section names) are sent percent-encoded, as browsers do.
            connection.putrequest("GET", _ascii_path(path), skip_accept_encoding=True)
            connection.putheader("User-Agent", self.user_agent)
            connection.putheader("Accept", "*/*")
            connection.endheaders()
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                return Fetched(url, status=response.status), response.getheader("Location")
            body = response.read(MAX_BODY)
            return Fetched(url, response.status, body, response.getheader("Content-Type") or ""), None
        except ConnectionRefusedError:
            return Fetched(url, error=f"connection refused by {parts.hostname}:{parts.port or _port(parts.scheme)}"), None
        except TimeoutError:
            return Fetched(url, error=f"no answer within {self.timeout:g}s"), None
        except ssl.SSLError as exc:
            return Fetched(url, error=f"TLS error: {exc.reason or exc}"), None
        except OSError as exc:
            return Fetched(url, error=f"cannot connect: {exc.strerror or exc}"), None
        except http.client.HTTPException as exc:
            return Fetched(url, error=f"bad HTTP answer: {exc.__class__.__name__} {exc}"), None
        finally:
            connection.close()


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _ascii_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/?&=%:@!$'()*+,;~-._")


def _when(text: str | None) -> datetime | None:
    from arshif.extract.dates import parse_timestamp

    if not text:
        return None
    value = parse_timestamp(text)
    if value is None:
        return None
    if not isinstance(value, datetime):
        assert isinstance(value, date)
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SiteChecker:
    def __init__(self, config: SitesConfig, site: Site, policy: AddressPolicy, timeout: float,
                 budget: float, stale_after: timedelta, now: datetime) -> None:
        self.site = site
        self.fetcher = Fetcher(policy, config.user_agent, timeout)
        self.deadline = time.monotonic() + budget
        self.stale_after = stale_after
        self.now = now
        self.report = SiteReport(site.name)
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self.robots_error: str | None = None

    def _get(self, url: str, kind: str) -> tuple[Probe, Fetched | None]:
        probe = Probe(url, kind)
        self.report.probes.append(probe)
        if time.monotonic() > self.deadline:
            probe.error = "skipped: the site's time budget is spent"
            return probe, None
        if kind != "robots" and self.robots is not None and not self.robots.can_fetch(
                self.fetcher.user_agent, url):
            probe.error = DISALLOWED
            return probe, None
        fetched = self.fetcher.get(url)
        probe.status, probe.error = fetched.status, fetched.error
        if fetched.error is None and not fetched.ok:
            probe.error = f"HTTP {fetched.status}"
        return probe, fetched

    def run(self) -> SiteReport:
        self._robots()
        leads: dict[str, Lead] = {}
        entry_points = ([(u, "feed") for u in self.site.feeds] + [(u, "sitemap") for u in self.site.sitemaps]
                        + [(u, "start") for u in self.site.start_urls])
        for url, kind in entry_points:
            for lead in self._entry_point(url, kind):
                if self.site.is_article_url(lead.url):
                    leads.setdefault(lead.url, lead)
        self.report.articles_listed = len(leads)
        dated = [(when, lead) for lead in leads.values() if (when := _when(lead.published or lead.modified))]
        if dated:
            newest = max(when for when, _ in dated)
            self.report.newest_item = newest.isoformat()
        self._sample(leads, dated)
        self._verdict(entry_points)
        return self.report

    def _robots(self) -> None:
        first = ([*self.site.feeds, *self.site.sitemaps, *self.site.start_urls] or [""])[0]
        parts = urlsplit(first)
        url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        probe, fetched = self._get(url, "robots")
        if fetched is None or fetched.error:
            self.robots_error = probe.error
            return
        parser = urllib.robotparser.RobotFileParser(url)
        if fetched.status in (401, 403):
            parser.disallow_all = True
        elif fetched.ok:
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        else:  # 404 and the like: no rules, everything allowed
            parser.parse([])
        probe.error = None if fetched.status and fetched.status < 500 else probe.error
        self.robots = parser

    def _entry_point(self, url: str, kind: str) -> list[Lead]:
        probe, fetched = self._get(url, kind)
        if fetched is None or not fetched.ok:
            return []
        if kind == "feed":
            leads = parse_feed(fetched.body)
        elif kind == "sitemap":
            leads = self._sitemap(fetched.body, url)
        else:
            leads = _links(fetched.body, url)
        leads = [Lead(urljoin(url, lead.url), lead.published, lead.title, lead.modified) for lead in leads]
        probe.items = sum(1 for lead in leads if self.site.is_article_url(lead.url))
        dates = [d for lead in leads if (d := _when(lead.published or lead.modified))]
        probe.newest = max(dates).isoformat() if dates else None
        if kind in ("feed", "sitemap") and not leads:
            probe.error = "no items (not a feed or sitemap, or empty)"
        return leads

    def _sitemap(self, body: bytes, url: str) -> list[Lead]:
        listing = parse_sitemap(body)
        leads = list(listing.leads)
        for child in listing.child_sitemaps[:MAX_CHILD_SITEMAPS]:
            child_url = urljoin(url, child)
            if not self.site.owns_host(urlsplit(child_url).hostname or ""):
                continue
            probe, fetched = self._get(child_url, "sitemap")
            if fetched is not None and fetched.ok:
                child_leads = parse_sitemap(fetched.body).leads
                probe.items = len(child_leads)
                leads += child_leads
        return leads

    def _sample(self, leads: dict[str, Lead], dated: list) -> None:
        if not leads:
            return
        newest_first = [lead for _, lead in sorted(dated, key=lambda pair: pair[0], reverse=True)]
        lead = (newest_first or list(leads.values()))[0]
        probe, fetched = self._get(lead.url, "article")
        if fetched is None or not fetched.ok:
            self.report.sample = {"url": lead.url, "error": probe.error}
            return
        from arshif.extract import extract_article

        article = extract_article(fetched.body, url=fetched.url, content_type=fetched.content_type,
                                  timezone=self.site.timezone, published_hint=lead.published)
        text = article.text or ""
        self.report.sample = {
            "url": lead.url,
            "title": article.title,
            "date": article.date,
            "text_chars": len(text),
            "arabic": bool(ARABIC.search(text)),
            "text_start": text[:160],
        }

    def _verdict(self, entry_points: list[tuple[str, str]]) -> None:
        report = self.report
        reasons = report.reasons
        checked = [p for p in report.probes if p.kind in ("feed", "sitemap", "start")
                   and any(p.url == url for url, _ in entry_points)]
        disallowed = [p for p in checked if p.error == DISALLOWED]
        for probe in disallowed:
            report.notes.append(f"{probe.kind} {probe.url}: {DISALLOWED} (the crawl skips it too)")
        checked = [p for p in checked if p not in disallowed]
        failed = [p for p in checked if p.error]
        if self.robots_error:
            reasons.append(f"robots.txt: {self.robots_error}")
        for probe in failed:
            reasons.append(f"{probe.kind} {probe.url}: {probe.error}")
        if checked and len(failed) == len(checked):
            report.status = "broken"
            if not any(p.kind != "robots" and not p.error for p in report.probes):
                reasons.insert(0, "unreachable: no feed, sitemap or section page answered")
            return
        if report.articles_listed == 0:
            reasons.append("no article URLs listed (check feeds, sitemaps and article_pattern)")
        if report.newest_item:
            age = self.now - datetime.fromisoformat(report.newest_item)
            if age > self.stale_after:
                reasons.append(f"stale: newest item is {_age(age)} old")
        elif report.articles_listed:
            reasons.append("no dates in the listings: freshness unknown")
        sample = report.sample
        if sample is not None:
            if sample.get("error"):
                reasons.append(f"sample article {sample['url']}: {sample['error']}")
            elif sample["text_chars"] == 0:
                reasons.append(f"sample article {sample['url']}: no text extracted")
            elif not sample["arabic"]:
                reasons.append(f"sample article {sample['url']}: the text has no Arabic")
        if reasons:
            report.status = "degraded"


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f}h" if hours < 48 else f"{hours / 24:.0f}d"


def _links(body: bytes, base: str) -> list[Lead]:
    """Links of a section page (as the crawl's parse_section reads them)."""
    from lxml import html

    try:
        root = html.fromstring(body)
    except (ValueError, html.etree.ParserError):
        return []
    leads: list[Lead] = []
    for href in root.xpath("//a/@href"):
        url = urljoin(base, str(href).strip()).split("#", 1)[0]
        if urlsplit(url).scheme in ("http", "https"):
            leads.append(Lead(url))
    return leads


def policy_for(config: SitesConfig) -> AddressPolicy:
    """The crawl's address decision for this sites file (arshif's own services always refused)."""
    import os

    from spiders.middlewares.address_guard import PROTECTED_ENV

    protected = [e for e in os.environ.get(PROTECTED_ENV, "").split(",") if e.strip()]
    return AddressPolicy(config.allow_private_addresses, protected)


def check_sites(config: SitesConfig, names: list[str] | None = None, *, timeout: float = 10.0,
                budget: float | None = None, stale_after: timedelta = timedelta(hours=48),
                workers: int = 4, progress=None, now: datetime | None = None) -> list[SiteReport]:
    """Check each enabled site (or the ones named) and return one report per site, in file order.

    ``budget`` bounds the time spent on one site (default: six request timeouts); ``progress``
    is called with each finished report. ``now`` is the reference time freshness is judged
    against (default: the current time): a check of archived or fixture sites passes their day.
    """
    sites = [config.site(name) for name in names] if names else [s for s in config.sites if s.enabled]
    policy = policy_for(config)
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    per_site = budget if budget is not None else timeout * 6

    def one(site: Site) -> SiteReport:
        report = SiteChecker(config, site, policy, timeout, per_site, stale_after, now).run()
        if progress:
            progress(report)
        return report

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sites) or 1))) as pool:
        return list(pool.map(one, sites))

"""The sites file: which sites to crawl and how, validated with errors a person can act on."""

from __future__ import annotations

import copy
import functools
import ipaddress
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from arshif.frontier import DEFAULT_RECHECK, parse_duration

SITE_NAME = re.compile(r"^[a-z0-9-]+$")
DEFAULT_USER_AGENT = "arshif/0.1 (+https://github.com/arshif/arshif; web archive of Arabic news)"
# The User-Agent built from the file's ``contact`` when it gives no ``user_agent`` of its own.
CONTACT_USER_AGENT = "arshif/0.1 (+{contact}; web archive of Arabic news)"
_EMAIL = re.compile(r"^[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+$")
_CONTACT_IN_UA = re.compile(r"(mailto:|https?://)\S+|[^@\s(;+]+@[^@\s);]+\.[^@\s);]+")


class ConfigError(ValueError):
    """The sites file cannot be used; the message says where and why."""


class Politeness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delay: float = Field(1.0, ge=0, description="seconds between requests to one host")
    concurrency: int = Field(2, ge=1, le=32, description="parallel requests per host")
    timeout: float = Field(30.0, gt=0, description="seconds before a request is abandoned")
    max_page_bytes: int = Field(20 * 1024 * 1024, gt=0, description="bigger responses are cut")
    retries: int = Field(2, ge=0, le=10)


class AlertThresholds(BaseModel):
    """When a site's run raises an alert (arshif/ops/health.py); 0 turns a rule off."""

    model_config = ConfigDict(extra="forbid")

    no_new_runs: int = Field(3, ge=0, description="alert after this many runs in a row without a new article")
    drift: float = Field(0.3, ge=0, le=1, description="alert when the share of articles with empty text, "
                         "or with no date, rises by this much over the site's usual share")
    error_rate: float = Field(0.2, ge=0, le=1, description="alert when failures exceed this share of fetches")
    min_articles: int = Field(5, ge=1, description="drift is judged only on runs with this many articles")


class Site(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    domains: list[str]
    feeds: list[str] = []
    sitemaps: list[str] = []
    start_urls: list[str] = []
    article_pattern: str = r"."
    timezone: str = "UTC"
    enabled: bool = True
    politeness: Politeness = Politeness()
    # When a known article is fetched again, counted from its first capture (see arshif/frontier.py).
    recheck: list[str] = Field(default_factory=lambda: list(DEFAULT_RECHECK))
    # How often the site's listings are read: the DAG runs hourly and crawls the site when this
    # much has passed since its last run, or when re-checks of its known articles fall due.
    every: str = "1d"
    alerts: AlertThresholds = AlertThresholds()
    # Also capture each article page's images, stylesheets, scripts and icons, so that replay
    # looks like the page (spiders/requisites.py). Off by default: it multiplies the requests.
    requisites: bool = False
    # Other hosts (a CDN) the requisites may come from; the site's own domains always may.
    requisite_domains: list[str] = []
    # Documentation only: where each URL above came from (robots.txt, the site's feed page, a
    # public project's publisher list...). Not read by the crawl.
    sources: list[str] = []

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not SITE_NAME.match(value):
            raise ValueError(f"{value!r} must use only a-z, 0-9 and '-'")
        return value

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one domain is required")
        for entry in value:
            if "/" in entry or ":" in entry:
                raise ValueError(f"{entry!r} is not a host name; give the host only (e.g. example.com)")
        return [d.strip().lower().rstrip(".") for d in value]

    @field_validator("requisite_domains")
    @classmethod
    def _requisite_domains(cls, value: list[str]) -> list[str]:
        return [d.strip().lower().rstrip(".") for d in value if d.strip()]

    @field_validator("article_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("recheck")
    @classmethod
    def _recheck(cls, value: list[str]) -> list[str]:
        for text in value:
            parse_duration(text)  # its ValueError names the bad entry
        return value

    @field_validator("every")
    @classmethod
    def _every(cls, value: str) -> str:
        parse_duration(value)  # its ValueError names the bad value
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Africa/Cairo)") from exc
        return value

    @model_validator(mode="after")
    def _entry_points(self) -> Site:
        if not (self.feeds or self.sitemaps or self.start_urls):
            raise ValueError("a site needs at least one of feeds, sitemaps, start_urls")
        for url in [*self.feeds, *self.sitemaps, *self.start_urls]:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{url!r} is not an http(s) URL")
            if not self.owns_host(parts.hostname):
                raise ValueError(f"{url!r} is outside the site's domains {self.domains}")
        return self

    def owns_host(self, host: str) -> bool:
        """True for the site's domains and their subdomains."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def may_serve_requisites(self, host: str) -> bool:
        """The site's own hosts and the CDNs its config names."""
        host = host.lower().rstrip(".")
        return self.owns_host(host) or any(host == d or host.endswith("." + d) for d in self.requisite_domains)

    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return bool(parts.hostname and self.owns_host(parts.hostname)) and bool(
            re.search(self.article_pattern, parts.path)
        )


class SitesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allow_private_addresses: bool | list[str] = False
    # Who runs this crawl: an e-mail address or a URL, sent in the User-Agent so that a site's
    # operator can reach a person. Without it the User-Agent names only the project.
    contact: str | None = None
    user_agent: str = DEFAULT_USER_AGENT
    sites: list[Site]

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().removeprefix("mailto:")
        if _EMAIL.match(value):
            return f"mailto:{value}"
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.hostname:
            return value
        raise ValueError(f"{value!r} is neither an e-mail address nor an http(s) URL")

    @model_validator(mode="after")
    def _user_agent(self) -> SitesConfig:
        if "user_agent" not in self.model_fields_set:
            if self.contact:
                self.user_agent = CONTACT_USER_AGENT.format(contact=self.contact)
        elif not _CONTACT_IN_UA.search(self.user_agent):
            raise ValueError(
                f"user_agent {self.user_agent!r} has no contact address; add an e-mail address or "
                "URL to it, or drop user_agent and set contact"
            )
        return self

    @model_validator(mode="after")
    def _unique_domains(self) -> SitesConfig:
        owner: dict[str, str] = {}
        for site in self.sites:
            for domain in dict.fromkeys(site.domains):
                if domain in owner and owner[domain] != site.name:
                    raise ValueError(f"domain {domain!r} belongs to both {owner[domain]!r} and "
                                     f"{site.name!r}; a host must belong to one site")
                owner[domain] = site.name
        return self

    def warnings(self) -> list[str]:
        """What is allowed but probably not meant; ``arshif sites check`` prints these."""
        notes: list[str] = []
        if self.contact is None and self.user_agent == DEFAULT_USER_AGENT:
            notes.append("no contact: the User-Agent names the project, not who runs this crawl; "
                         "set contact (an e-mail address or URL)")
        for site in self.sites:
            for other in self.sites:
                for domain in site.domains:
                    if other is not site and any(domain.endswith("." + d) for d in other.domains):
                        notes.append(f"{site.name}: {domain} is also a subdomain of {other.name}'s "
                                     "domains; both sites will take its URLs")
            urls = [*site.feeds, *site.sitemaps, *site.start_urls]
            for url in dict.fromkeys(u for u in urls if urls.count(u) > 1):
                notes.append(f"{site.name}: {url} is listed twice")
        return notes

    @field_validator("allow_private_addresses")
    @classmethod
    def _allowed(cls, value: bool | list[str]) -> bool | list[str]:
        if isinstance(value, list):
            for entry in value:
                _check_allow_entry(entry)
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> SitesConfig:
        seen: set[str] = set()
        for site in self.sites:
            if site.name in seen:
                raise ValueError(f"site name {site.name!r} is used twice")
            seen.add(site.name)
        return self

    def site(self, name: str) -> Site:
        for site in self.sites:
            if site.name == name:
                return site
        raise ConfigError(f"no site named {name!r} (known: {', '.join(s.name for s in self.sites)})")


def _check_allow_entry(entry: str) -> None:
    """An allow-list entry is a host, host:port or CIDR."""
    try:
        ipaddress.ip_network(entry, strict=False)
        return
    except ValueError:
        pass
    host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
    if port and not port.isdigit():
        raise ValueError(f"{entry!r}: the port must be a number")
    if not (host or entry):
        raise ValueError(f"{entry!r} is not a host, host:port or CIDR")


def load_sites(path: str | Path) -> SitesConfig:
    """Read and validate a sites file; raise ``ConfigError`` naming the file and the field."""
    path = Path(path)
    try:
        raw: Any = copy.deepcopy(_parsed_yaml(path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such sites file") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_sites(raw, source=str(path))


@functools.lru_cache(maxsize=4)
def _parsed_yaml(text: str) -> Any:
    """The YAML parse of a sites file's text, kept: a crawl process reads its sites file three
    times, and parsing hundreds of sites takes longer than validating them (callers get a copy)."""
    return yaml.safe_load(text)


def parse_sites(raw: Any, source: str = "sites file") -> SitesConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping with a 'sites' list at the top")
    try:
        return SitesConfig.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = _describe_location(raw, err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key (check its spelling against docs/sites.md)"
            lines.append(f"  {where}: {message}")
        raise ConfigError(f"{source}: {len(lines)} problem(s):\n" + "\n".join(lines)) from None


def _describe_location(raw: dict, loc: tuple) -> str:
    """``sites[2].feeds[0]`` plus the site's name when known, so the user finds the line."""
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                if isinstance(node, dict) and "name" in node and parts[-1].startswith("sites["):
                    parts[-1] += f" ({node['name']})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"

"""One identity per article URL.

``request_url`` is the form a crawl fetches (tracking parameters and fragments gone, one
percent-encoding of the path); ``canonical_url`` is the article's identity, which every lookup
and dedupe decision uses: AMP and mobile variants, a trailing slash and the encoding of an Arabic
path (UTF-8 or windows-1256 escapes, or raw) all lead to the same one. ``article_identity`` adds
what the page itself declares (``rel=canonical``), when it names the same site.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"})
AMP_PARAMS = {"amp": {"1", "true", ""}, "outputtype": {"amp"}}
VARIANT_HOST_PREFIXES = ("amp.", "m.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path: RFC 3986 sub-delims, ':' and '@', plus '/'.
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _decoded_path(path: str) -> str:
    """The path as text: percent-escapes read as UTF-8, or as windows-1256 (common on older Arabic
    sites) when they are not UTF-8."""
    raw = unquote_to_bytes(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1256", errors="replace")


def request_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, and
    one percent-encoding of the path (UTF-8), whether the URL came encoded or raw."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    path = quote(_decoded_path(parts.path), safe=PATH_SAFE) or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, quote_via=quote), ""))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def canonical_url(url: str) -> str:
    """The article's identity: ``request_url`` without AMP or mobile variants and without a
    trailing slash (the root keeps its one)."""
    parts = urlsplit(request_url(url))
    host, _, port = parts.netloc.partition(":") if not parts.netloc.startswith("[") else (parts.netloc, "", "")
    if not _is_ip(host):
        for prefix in VARIANT_HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix):]
                break
    netloc = f"{host}:{port}" if port else host
    path = parts.path
    for suffix in ("/amp/", "/amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)] or "/"
            break
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if v.lower() not in AMP_PARAMS.get(k.lower(), ())]
    return urlunsplit((parts.scheme, netloc, path, urlencode(query, quote_via=quote), ""))


def _site_host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.")


def article_identity(fetched_url: str, declared_canonical: str | None) -> str:
    """The article a page is: its ``rel=canonical`` when that names a page (not the home page)
    of the same site (host, with or without ``www.``, AMP and mobile hosts folded), else the
    fetched URL's ``canonical_url``.

    A page cannot claim another site's URL: a cross-site canonical (syndicated copy pointing at
    the wire, or a hostile page) is ignored, so one site's capture never joins another's history.
    """
    own = canonical_url(fetched_url)
    if not declared_canonical:
        return own
    try:
        declared = canonical_url(declared_canonical)
    except ValueError:  # a malformed href (bad port, bad IPv6 literal)
        return own
    parts = urlsplit(declared)
    if parts.scheme not in ("http", "https") or parts.path == "/":
        return own  # a CMS that names the home page as every page's canonical folds nothing
    return declared if _site_host(declared) == _site_host(own) else own

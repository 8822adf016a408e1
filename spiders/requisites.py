"""Page requisites: what an article page needs to look like itself in replay (images,
stylesheets, scripts, icons), found in its HTML. Only for sites whose config asks
(``requisites: true``); each URL is fetched once per run (Scrapy's duplicate filter) and a
requisite that did not change since the last run is archived as a revisit."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.http import Response

# A page with more than this many is not read further: the rest are most likely a gallery or
# a feed of thumbnails, not what the page needs to render.
MAX_REQUISITES_PER_PAGE = 40

_SELECTORS = (
    "img::attr(src)",
    "link[rel~=stylesheet]::attr(href)",
    "link[rel~=icon]::attr(href)",
    "script::attr(src)",
    "source::attr(src)",
)


def page_requisites(response: Response, limit: int = MAX_REQUISITES_PER_PAGE) -> list[str]:
    """The absolute http(s) URLs of the page's requisites, in page order, without repeats."""
    if not hasattr(response, "css"):
        return []
    found: list[str] = []
    for selector in _SELECTORS:
        for value in response.css(selector).getall():
            url = urljoin(response.url, value.strip()).split("#", 1)[0]
            if urlsplit(url).scheme in ("http", "https") and url not in found:
                found.append(url)
                if len(found) >= limit:
                    return found
    return found

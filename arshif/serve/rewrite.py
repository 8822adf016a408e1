"""An archived HTML page made fit for replay: every link leads back into the archive, and
nothing in it can run.

Links (a/href, img/src and srcset, link/href, CSS url(), frames, forms, a meta refresh) become
``/web/<timestamp>/<absolute URL>`` on the replay origin, resolved against the page's URL and
its ``<base href>`` (which is then dropped); lxml's rewrite_links does all but srcset. Script elements, ``on*`` handler attributes and
``javascript:`` URLs are removed as well: the replay origin's CSP forbids script anyway, this is
the second lock on the same door. The page is re-serialised as UTF-8 and says so in its meta.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html

KEPT_SCHEMES = ("data", "mailto", "tel", "about")


def archive_link(link: str, base: str, stamp: str) -> str:
    """Where ``link`` (as written in a page at ``base``) leads in the archive."""
    link = link.strip()
    if not link or link.startswith("#"):
        return link
    absolute = urljoin(base, link)
    scheme = urlsplit(absolute).scheme.lower()
    if scheme in ("http", "https"):
        return f"/web/{stamp}/{absolute}"
    if scheme in KEPT_SCHEMES:
        return link
    return "#"  # javascript:, file:, and anything else that is not a page of the archive


def rewrite_srcset(value: str, base: str, stamp: str) -> str:
    out = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            out.append(" ".join([archive_link(words[0], base, stamp), *words[1:]]))
    return ", ".join(out)


def rewrite_page(html: str, page_url: str, stamp: str) -> str:
    """The page ``html`` (archived at ``page_url``, timestamp ``stamp``) for replay."""
    if not html.strip():
        return html
    doc = lxml.html.document_fromstring(html)
    base = page_url
    for element in list(doc.iter("base")):
        if element.get("href") and base is page_url:
            base = urljoin(page_url, element.get("href"))
        element.drop_tree()
    for element in list(doc.iter("script")):
        element.drop_tree()
    for element in list(doc.iter()):
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]
        if element.get("srcset"):
            element.set("srcset", rewrite_srcset(element.get("srcset"), base, stamp))
        if element.tag == "meta":
            _rewrite_meta(element)
    doc.rewrite_links(lambda link: archive_link(link, base, stamp), resolve_base_href=False)
    doctype = doc.getroottree().docinfo.doctype
    body = lxml.html.tostring(doc, encoding="unicode", method="html", include_meta_content_type=True)
    return (doctype + "\n" if doctype else "") + body


def _rewrite_meta(element) -> None:
    equiv = (element.get("http-equiv") or "").lower()
    if element.get("charset") is not None:
        element.set("charset", "utf-8")
    elif equiv == "content-type":
        element.set("content", "text/html; charset=utf-8")
    elif equiv in ("set-cookie", "content-security-policy"):
        element.drop_tree()  # no cookies on the replay origin; the server's CSP is the policy

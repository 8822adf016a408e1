"""Article extraction: trafilatura for the main text, plus Arabic-aware metadata.

``extract_article(body, url, content_type, timezone, published_hint, *, site_chrome, status)``
→ ``Article``; ``refilter(article, site_chrome)`` applies a per-site chrome model to an
extracted article; ``decode_html(body, content_type)`` → ``(text, charset)``.

Modules, one job each: ``charset`` (decoding), ``chrome`` (in-article boilerplate, before
trafilatura), ``maintext`` (trafilatura, once), ``marks`` (bidi marks through trafilatura),
``body`` (text blocks and headings), ``chrome_lines`` (chrome left as whole lines after it),
``lone_paragraph`` (a one-paragraph article trafilatura reached past), ``title``, ``byline``
(author), ``dates`` (timestamp and Arabic/Hijri date parsing), ``pagedates`` (which date to
trust), ``meta`` (meta tags and JSON-LD, indexed once per page), ``describe`` (section, tags,
lead image, canonical URL, with sources), ``pagekind`` (article, section, media or stub),
``record`` (the ``Article`` and ``refilter``), ``article`` (the pipeline). ``site_chrome``
learns each site's own chrome.
"""

from arshif.extract.article import EXTRACTOR, Article, extract_article, refilter
from arshif.extract.charset import decode_html

__all__ = ["EXTRACTOR", "Article", "decode_html", "extract_article", "refilter"]

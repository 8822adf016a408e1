"""Article extraction: trafilatura for the main text, plus Arabic-aware metadata.

``extract_article(body, url, content_type, timezone, published_hint)`` → ``Article``;
``decode_html(body, content_type)`` → ``(text, charset)``. Modules, one job each:
``charset`` (decoding), ``chrome`` (in-article boilerplate, before trafilatura),
``chrome_lines`` (chrome left as whole lines after it), ``marks`` (bidi marks through
trafilatura), ``body`` (text blocks and headings), ``title``, ``byline`` (author),
``dates`` (timestamp and Arabic/Hijri date parsing), ``pagedates`` (which date to trust),
``meta`` (meta tags and JSON-LD), ``article`` (the pipeline).
"""

from arshif.extract.article import EXTRACTOR, Article, extract_article
from arshif.extract.charset import decode_html

__all__ = ["EXTRACTOR", "Article", "decode_html", "extract_article"]

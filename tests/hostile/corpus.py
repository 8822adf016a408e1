"""A hostile-input corpus: one loopback news site whose pages, feeds, sitemaps and redirects
attack the crawler, beside a few normal Arabic articles that must come through intact.

Each case is a named route with what arshif must do with it (``Expect``). Bodies that are
big are generated while they are sent (never held whole in memory), and every sending loop is
bounded: a case stops when the crawler hangs up, or at its own ceiling.

Hosts (all loopback; nothing here sends a packet elsewhere):

- ``SITE``  127.0.0.31 the site, on the sites file's allow-list;
- ``SIDE``  127.0.0.32 not on the allow-list: a redirect there must never reach it;
- ``OFF``   127.0.0.33 on the allow-list but outside the site's domains: never reached either;
- ``AIRFLOW`` 127.0.0.34 stands in for the Airflow API, one of arshif's own services:
  protected, so never reached even though the allow-list names it.
"""

from __future__ import annotations

import gzip
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SITE_HOST, SIDE_HOST, OFF_HOST, AIRFLOW_HOST = "127.0.0.31", "127.0.0.32", "127.0.0.33", "127.0.0.34"
MAX_PAGE_BYTES = 4 * 1024 * 1024  # the site's politeness.max_page_bytes in the corpus sites file
BOMB_BYTES = 1024 * 1024 * 1024  # what each compression bomb inflates to: 1 GiB of zeros
SEND_CEILING = 256 * 1024 * 1024  # no endless body sends more than this, whoever listens
CHUNK = 64 * 1024

# ---------------------------------------------------------------------------------------------
# Normal Arabic articles (they must be archived intact whatever else the site serves)

PARAGRAPHS = [
    "أعلنت وزارة الموارد المائية اليوم عن خطة جديدة لتطوير شبكات الري في المحافظات الجنوبية، "
    "تشمل تبطين القنوات الرئيسية وتركيب عدادات ذكية لقياس استهلاك المياه في الحقول الزراعية.",
    "وقال المتحدث باسم الوزارة في مؤتمر صحفي إن المرحلة الأولى من الخطة ستبدأ مطلع العام المقبل، "
    "وإن كلفتها تقدر بنحو مليار دينار تمولها الحكومة بالشراكة مع صناديق التنمية العربية.",
    "وأضاف أن الخطة تهدف إلى خفض الهدر في مياه الري بنسبة الثلث خلال خمس سنوات، وإلى زيادة "
    "المساحات المزروعة بالقمح والشعير في المناطق التي عانت من الجفاف في المواسم الماضية.",
    "ورحب اتحاد المزارعين بالخطة، داعيا إلى إشراك الجمعيات التعاونية في تنفيذها ومراقبة "
    "جودة الأعمال، وإلى تعويض المزارعين الذين تضررت محاصيلهم من انقطاع المياه هذا الصيف.",
]

ARTICLES = {
    "/news/1001-water-plan": "خطة جديدة لتطوير شبكات الري في المحافظات الجنوبية",
    "/news/1002-wheat-season": "المزارعون يستعدون لموسم القمح بعد أمطار غزيرة",
    "/news/1003-port-trade": "ارتفاع حركة التجارة في الميناء الشمالي خلال الربع الثالث",
    "/news/1004-book-fair": "افتتاح معرض الكتاب بمشاركة ثلاثين دار نشر عربية",
}
SITEMAP_ARTICLE = "/news/1005-vaccination"  # listed by the sitemap index's child only
ARTICLES[SITEMAP_ARTICLE] = "وزارة الصحة تطلق حملة تطعيم في المدارس الابتدائية"
PRIVATE_ARTICLE = "/h/private/1011-members"  # robots.txt keeps it out


def article_html(title: str, extra_head: str = "", extra_body: str = "", lead: str = "") -> str:
    # Each page's paragraphs carry its title: lines repeated on every page would be learned as
    # the site's chrome and dropped from the texts.
    paragraphs = "".join(f"<p>{p}</p>" for p in ([lead] if lead else [])
                         + [f"{text} ({title}، الفقرة {n})" for n, text in enumerate(PARAGRAPHS, 1)])
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{extra_head}<title>{title}</title>'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2026-11-28T09:00:00+03:00"></head>'
            f"<body><header><a href=\"/\">الرئيسية</a></header><article><h1>{title}</h1>"
            f"{paragraphs}{extra_body}</article><footer>جميع الحقوق محفوظة</footer></body></html>")


# ---------------------------------------------------------------------------------------------
# What arshif must do with a case


@dataclass(frozen=True)
class Expect:
    """``outcome``:

    - ``article``: archived as an article whose text holds ``text``;
    - ``not-article``: captured as it came, but no article text (``reason`` in its page kind
      reason or extraction error), and a failure recorded when ``failure`` is set;
    - ``failure``: a failure recorded for the URL whose error matches ``reason``;
    - ``refused``: never requested; a failure recorded whose error matches ``reason``.
    """

    outcome: str
    reason: str = ""
    text: str = ""
    failure: bool = False


@dataclass
class Case:
    name: str
    path: str  # the URL path the site lists (feed, sitemap or section), as linked
    what: str  # the hostile input, for the table in docs/reliability.md
    expect: Expect
    serve: Callable | None = None  # (handler) -> None; None: the path is never served
    listed_in: str = "feed"  # feed | section | sitemap | entry (a site entry point)
    url: str = ""  # the URL the failure or capture carries, when it is not the listed one
    extra: dict = field(default_factory=dict)


class Responder:
    """Raw HTTP/1.1 answers: status line, headers and body as given (no framing added)."""

    def __init__(self, handler: BaseHTTPRequestHandler) -> None:
        self.h = handler

    def head(self, status: str, headers: list[tuple[str, str]]) -> None:
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers), "Connection: close", "", ""]
        self.h.wfile.write("\r\n".join(lines).encode("latin-1"))

    def whole(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
              headers: list[tuple[str, str]] | None = None) -> None:
        self.head(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                           *(headers or [])])
        self.h.wfile.write(body)

    def stream(self, chunks: Iterator[bytes]) -> None:
        """Sends until the crawler hangs up or the generator (bounded) ends."""
        try:
            for chunk in chunks:
                self.h.wfile.write(chunk)
        except (TimeoutError, BrokenPipeError, ConnectionResetError, OSError):
            pass

    def redirect(self, location: str, status: str = "302 Found") -> None:
        self.whole(b"", headers=[("Location", location)], status=status)


def _filler(total: int, unit: bytes) -> Iterator[bytes]:
    block = unit * max(1, CHUNK // len(unit))  # whole units: a chunked frame stays a frame
    sent = 0
    while sent < min(total, SEND_CEILING):
        yield block
        sent += len(block)


# Compression bombs: 1 GiB of zeros, compressed once per process (about 1 MB each, a few
# seconds of CPU), in a stream so that the gigabyte never exists in memory.
@cache
def bomb(encoding: str) -> bytes:
    zeros = bytes(CHUNK * 16)
    if encoding == "br":
        import brotli

        compressor = brotli.Compressor(quality=1)
        parts = [compressor.process(zeros) for _ in range(BOMB_BYTES // len(zeros))]
        parts.append(compressor.finish())
        return b"".join(parts)
    if encoding == "zstd":
        from backports import zstd

        compressor = zstd.ZstdCompressor(level=3)
        parts = [compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
        parts.append(compressor.flush())
        return b"".join(parts)
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


def _bomb(encoding: str) -> Callable:
    def serve(r: Responder) -> None:
        body = bomb(encoding)
        r.whole(body, headers=[("Content-Encoding", encoding)])
    return serve


def _endless_chunked(r: Responder) -> None:
    r.head("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")])
    piece = "<p>نص لا ينتهي</p>".encode() * 200
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    r.stream(_filler(SEND_CEILING, frame))


def _huge_page(declared: bool) -> Callable:
    def serve(r: Responder) -> None:
        size = 200 * 1024 * 1024
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if declared:
            headers.append(("Content-Length", str(size)))
        r.head("200 OK", headers)
        r.stream(_filler(size, "<p>فقرة طويلة جدا</p>\n".encode()))
    return serve


def _binary_as_html(r: Responder) -> None:
    r.whole(os.urandom(256 * 1024), "text/html")


def _invalid_utf8(r: Responder) -> None:
    html = article_html("بيان وزارة الري بشأن الخطة الجديدة").encode()
    # Stray continuation bytes and a truncated sequence inside the Arabic text.
    html = html.replace("وقال المتحدث".encode(), b"\x80\xbf\xc3" + "وقال المتحدث".encode() + b"\xe2\x82", 1)
    r.whole(html, "text/html; charset=utf-8")


def _cp1256(title: str, content_type: str, meta: str = "") -> Callable:
    def serve(r: Responder) -> None:
        html = article_html(title, extra_head=meta)
        r.whole(html.encode("cp1256"), content_type)
    return serve


def _deep_nesting(r: Responder) -> None:
    depth = 100_000
    html = (article_html("صفحة متداخلة العناصر").replace(
        "<footer>", "<div>" * depth + "عمق" + "</div>" * depth + "<footer>")).encode()
    r.whole(html)


def _huge_attribute(r: Responder) -> None:
    attribute = "x" * (3 * 1024 * 1024)
    html = article_html("صفحة بسمة عملاقة", extra_body=f'<div data-blob="{attribute}" class="{attribute[:500000]}"></div>')
    r.whole(html.encode())


def _redirect(location: Callable[[], str] | str, status: str = "302 Found") -> Callable:
    def serve(r: Responder) -> None:
        r.redirect(location() if callable(location) else location, status)
    return serve


def _challenge(r: Responder) -> None:
    html = ("<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
            "<meta name=\"robots\" content=\"noindex,nofollow\"></head><body>"
            "<div class=\"main-wrapper\"><h1>127.0.0.31</h1><h2>Checking if the site connection is secure</h2>"
            "<p>127.0.0.31 needs to review the security of your connection before proceeding.</p>"
            "<div id=\"challenge-stage\"></div><noscript>Enable JavaScript and cookies to continue</noscript>"
            "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1\"></script></div></body></html>")
    r.whole(html.encode(), headers=[("Server", "cloudflare"), ("cf-mitigated", "challenge")])


def _captcha_ar(r: Responder) -> None:
    html = ("<html lang=\"ar\"><head><title>التحقق من متصفحك</title></head><body>"
            "<p>يرجى التأكد من أنك لست روبوت قبل المتابعة</p><div class=\"g-recaptcha\"></div></body></html>")
    r.whole(html.encode())


def _conflicting_length(r: Responder) -> None:
    body = article_html("طول متعارض").encode()
    r.head("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                      ("Content-Length", str(len(body) + 1000))])
    r.h.wfile.write(body)


def _short_body(r: Responder) -> None:
    body = article_html("جسم أقصر من طوله المعلن").encode()
    r.head("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body) * 3))])
    r.h.wfile.write(body)


def _huge_headers(r: Responder) -> None:
    r.head("200 OK", [("Content-Type", "text/html"), *((f"X-Filler-{i}", "y" * 8000) for i in range(2000))])
    r.h.wfile.write(b"<html></html>")


def _not_http(r: Responder) -> None:
    r.stream(_filler(8 * 1024 * 1024, b"\x00\xff garbage that is not HTTP \r\n"))


def _broken_gzip(r: Responder) -> None:
    body = gzip.compress(article_html("مضغوط تالف").encode())[:200] + os.urandom(500)
    r.whole(body, headers=[("Content-Encoding", "gzip")])


def _bidi_title(r: Responder) -> None:
    title = "عنوان \u202eمقلوب\u202c مع \x07 جرس و\x1b[31m هروب"
    r.whole(article_html(title, lead="نص المقال المقلوب العنوان يبقى كما هو").encode())


def _nul_bytes(r: Responder) -> None:
    html = article_html("صفحة فيها بايتات صفرية").replace("<p>", "<p>\x00", 3).encode()
    r.whole(html)


def _plain_article(path: str) -> Callable:
    def serve(r: Responder) -> None:
        r.whole(article_html(ARTICLES[path]).encode())
    return serve


# ---------------------------------------------------------------------------------------------
# Feeds, sitemaps, section, robots.txt


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
"""


def rss(base: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>خبر</title><link>{link}</link>"
                    "<pubDate>Sat, 28 Nov 2026 09:00:00 +0300</pubDate></item>" for link in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>الموقع</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def _feed_bomb(base: str) -> Callable:
    def serve(r: Responder) -> None:
        body = BILLION_LAUGHS + (
            '<rss version="2.0"><channel><title>&lol9;</title>'
            f"<item><title>&lol9;</title><link>{base}/news/1009-never-read</link></item>"
            "<item><title>&xxe;</title><link>&lol9;</link></item></channel></rss>")
        r.whole(body.encode(), "application/rss+xml")
    return serve


def _sitemap_bomb(base: str) -> Callable:
    def serve(r: Responder) -> None:
        body = BILLION_LAUGHS.replace("lolz", "urlset") + (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/news/1010-never-read</loc></url>"
            "<url><loc>&lol9;</loc></url><url><loc>&xxe;</loc></url></urlset>")
        r.whole(body.encode(), "application/xml")
    return serve


def sitemap_index(children: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>').encode()


def _recursive_index(base: str, me: str, other: str) -> Callable:
    def serve(r: Responder) -> None:
        r.whole(sitemap_index([f"{base}{me}", f"{base}{other}", f"{base}/sitemap-child.xml"]), "application/xml")
    return serve


def _enormous_sitemap(r: Responder) -> None:
    r.head("200 OK", [("Content-Type", "application/xml")])
    head = b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'

    def urls() -> Iterator[bytes]:
        yield head
        n = 0
        while n < 3_000_000:  # ~200 MB if nobody hangs up
            yield b"".join(b"<url><loc>http://127.0.0.31/tag/%d</loc></url>" % (n + i) for i in range(1000))
            n += 1000
    r.stream(urls())


def _sitemap_child(base: str) -> Callable:
    def serve(r: Responder) -> None:
        body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}{SITEMAP_ARTICLE}</loc></url>"
                "<url><loc>javascript:alert(document.domain)</loc></url></urlset>")
        r.whole(body.encode(), "application/xml")
    return serve


def _huge_robots(r: Responder) -> None:
    # Malformed (binary, unknown directives, endless lines) and big, but under the page limit;
    # its one meaningful rule keeps /h/private/ out.
    junk = b"".join(b"Disallow /no-colon-%d\x00\xff\xfe\nFoo: " % i + b"z" * 2000 + b"\n" for i in range(1200))
    body = b"User-agent: *\nDisallow: /h/private/\n" + junk + b"Allow: /\n"
    r.whole(body, "text/plain")


# ---------------------------------------------------------------------------------------------
# The corpus


def build_cases(base: str, side: str, off: str, airflow: str, s3: str) -> list[Case]:
    """Every case of the corpus; ``base`` is the site's origin, the others the loopback hosts
    that must never be reached (``s3`` is arshif's own S3 endpoint)."""
    e = Expect
    too_big = r"max_page_bytes|max size|DOWNLOAD_MAXSIZE"
    body = "أعلنت وزارة الموارد المائية"
    return [
        Case("gzip-bomb", "/h/gzip-bomb", "gzip bomb: 1 MB that inflates to 1 GiB",
             e("failure", too_big), _bomb("gzip")),
        Case("deflate-bomb", "/h/deflate-bomb", "deflate bomb (1 GiB inflated)", e("failure", too_big),
             _bomb("deflate")),
        Case("brotli-bomb", "/h/brotli-bomb", "brotli bomb (1 GiB inflated)", e("failure", too_big), _bomb("br")),
        Case("zstd-bomb", "/h/zstd-bomb", "zstd bomb (1 GiB inflated)", e("failure", too_big), _bomb("zstd")),
        Case("gzip-as-html", "/h/gzip-as-html", "a gzip bomb sent as text/html, no Content-Encoding",
             e("not-article", r"no HTML|near-empty"), lambda r: r.whole(bomb("gzip"), "text/html")),
        Case("broken-gzip", "/h/broken-gzip", "Content-Encoding: gzip over a corrupt stream",
             e("failure", r"decompress|gzip|invalid"), _broken_gzip),
        Case("endless-chunked", "/h/endless-chunked", "an endless chunked body", e("failure", too_big),
             _endless_chunked),
        Case("huge-page-declared", "/h/huge-page-declared", "a 200 MB page, Content-Length given",
             e("failure", too_big), _huge_page(True)),
        Case("huge-page-streamed", "/h/huge-page-streamed", "a 200 MB page, no Content-Length",
             e("failure", too_big), _huge_page(False)),
        Case("binary-as-html", "/h/binary-as-html", "256 KB of random bytes sent as text/html",
             e("not-article", r"no HTML|near-empty"), _binary_as_html),
        Case("nul-bytes", "/h/nul-bytes", "NUL bytes inside an article's HTML", e("article", text=body),
             _nul_bytes),
        Case("invalid-utf8", "/h/invalid-utf8", "invalid UTF-8 sequences in a page declared UTF-8",
             e("article", text=body), _invalid_utf8),
        Case("cp1256-undeclared", "/h/cp1256-undeclared", "windows-1256 page, no charset anywhere",
             e("article", text=body), _cp1256("الحكومة تعلن خطة الري بترميز ويندوز", "text/html")),
        Case("cp1256-declared-utf8", "/h/cp1256-declared-utf8", "windows-1256 page declared UTF-8 (header, meta)",
             e("article", text=body), _cp1256("وزارة الزراعة توزع البذور على المزارعين", "text/html; charset=utf-8",
                                              '<meta charset="utf-8">')),
        Case("cp1256-declared-latin1", "/h/cp1256-declared-latin1", "windows-1256 page declared ISO-8859-1",
             e("article", text=body), _cp1256("افتتاح جسر جديد فوق النهر", "text/html; charset=iso-8859-1")),
        Case("deep-nesting", "/h/deep-nesting", "100 000 nested <div> elements", e("article", text=body),
             _deep_nesting),
        Case("huge-attribute", "/h/huge-attribute", "a 3 MB attribute value", e("article", text=body),
             _huge_attribute),
        Case("huge-headers", "/h/huge-headers", "16 MB of response headers (2 000 lines of 8 KB)",
             e("not-article", r"near-empty"), _huge_headers),
        Case("conflicting-content-length", "/h/conflicting-length", "two different Content-Length headers",
             e("failure", r"conflicting Content-Length"), _conflicting_length),
        Case("short-body", "/h/short-body", "a body shorter than its Content-Length",
             e("failure", r"ResponseDataLossError: the connection closed before the body was complete"),
             _short_body),
        Case("not-http", "/h/not-http", "an answer that is not HTTP at all", e("failure", r"ParseError"),
             _not_http),
        Case("redirect-loop", "/h/loop-a", "a redirect loop (a → b → a)",
             e("failure", r"RefusedRedirect: .* a redirect loop"), _redirect(f"{base}/h/loop-b")),
        Case("redirect-self", "/h/loop-self", "a page that redirects to itself (via a variant)",
             e("failure", r"RefusedRedirect: .* a redirect loop"),
             _redirect(f"{base}/h/loop-self?x=1", "301 Moved Permanently")),
        Case("redirect-offsite", "/h/to-offsite", "a redirect off the site's domains (to an allowed address)",
             e("failure", r"RefusedRedirect: .* outside the site's domains"), _redirect(f"{off}/stolen")),
        Case("redirect-private", "/h/to-private", "a redirect to a private address (10.0.0.1)",
             e("failure", r"RefusedRedirect: .* private or special address"), _redirect("http://10.0.0.1/admin")),
        Case("redirect-metadata", "/h/to-metadata", "a redirect to 169.254.169.254 (cloud metadata)",
             e("failure", r"RefusedRedirect: .*169\.254\.169\.254, a private or special address"),
             _redirect("http://169.254.169.254/latest/meta-data/")),
        Case("redirect-ipv6-loopback", "/h/to-ipv6-loopback", "a redirect to [::1]",
             e("failure", r"RefusedRedirect: .*::1, a private or special address"), _redirect("http://[::1]:8080/")),
        Case("redirect-loopback-not-allowed", "/h/to-side", "a redirect to a loopback host not on the allow-list",
             e("failure", r"RefusedRedirect: .*127\.0\.0\.32, a private or special address"),
             _redirect(f"{side}/secret")),
        Case("redirect-s3", "/h/to-s3", "a redirect to arshif's own S3 endpoint (allow-listed)",
             e("failure", r"RefusedRedirect: .*one of arshif's own services"), _redirect(f"{s3}/arshif/")),
        Case("redirect-airflow", "/h/to-airflow", "a redirect to the Airflow API (allow-listed)",
             e("failure", r"RefusedRedirect: .*one of arshif's own services"), _redirect(f"{airflow}/api/v2/dags")),
        Case("meta-refresh-airflow", "/h/meta-refresh-airflow", "a <meta refresh> to the Airflow API",
             e("failure", r"RefusedRedirect: .*one of arshif's own services"),
             lambda r: r.whole(f'<html><head><meta http-equiv="refresh" content="0;url={airflow}/api/v2/dags">'
                               "</head><body></body></html>".encode())),
        Case("link-airflow", f"{airflow}/api/v2/dags/daily_crawl/dagRuns", "a section link to the Airflow API",
             e("ignored"), listed_in="section"),
        Case("link-s3", f"{s3}/arshif/manifests/", "a feed item linking arshif's S3 endpoint", e("ignored")),
        Case("javascript-link", "javascript:fetch('http://169.254.169.254/')", "a javascript: link in a feed",
             e("refused", r"NotWebLink: feed .* not an http\(s\) address")),
        Case("data-link", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "a data: link in a feed",
             e("refused", r"NotWebLink: feed .* not an http\(s\) address")),
        Case("sitemap-javascript-link", "javascript:alert(document.domain)", "a javascript: <loc> in a sitemap",
             e("refused", r"NotWebLink: sitemap .* not an http\(s\) address"), listed_in="none"),
        Case("feed-entity-bomb", "/feed-bomb.xml", "an RSS feed with a billion-laughs entity bomb and XXE",
             e("failure", r"UnsafeXML: the document declares 11 XML entities"), _feed_bomb(base), listed_in="entry"),
        Case("sitemap-entity-bomb", "/sitemap-bomb.xml", "a sitemap with a billion-laughs entity bomb and XXE",
             e("failure", r"UnsafeXML: the document declares 11 XML entities"), _sitemap_bomb(base),
             listed_in="entry"),
        Case("sitemap-index-loop", "/sitemap-index-a.xml", "sitemap indexes naming themselves and each other",
             e("failure", r"SitemapLoop: names .*sitemap-index-a\.xml"),
             _recursive_index(base, "/sitemap-index-a.xml", "/sitemap-index-b.xml"), listed_in="entry"),
        Case("enormous-sitemap", "/sitemap-enormous.xml", "an endless sitemap (200 MB if read to the end)",
             e("failure", too_big), _enormous_sitemap, listed_in="entry"),
        Case("robots-huge-malformed", "/robots.txt", "a malformed 2.4 MB robots.txt (binary, lines without colons)",
             e("robots"), _huge_robots, listed_in="none"),
        Case("s3-prefix-climb", "/news/..%2f..%2f..%2f..%2fmanifests%2fevil", "a URL whose path climbs out of a prefix (%2f-encoded ../)",
             e("article", text=body), lambda r: r.whole(article_html("مسار يتسلق خارج البادئة").encode()),
             listed_in="section"),
        Case("dot-segments", "/news/../../../../etc/passwd-1007", "raw ../ segments in a link", e("ignored"),
             listed_in="section"),
        Case("bidi-control-url", "/news/1008-\u202egnp.exe\u202c-%0d%0aX-Injected:%20yes\x07",
             "bidi override, CR LF and BEL in a URL", e("article", text=body),
             lambda r: r.whole(article_html("رابط فيه محارف تحكم").encode()), listed_in="section"),
        Case("bidi-control-title", "/h/bidi-title", "bidi override, BEL and ESC in a title",
             e("article", text="نص المقال المقلوب العنوان"), _bidi_title),
        Case("challenge-200", "/h/challenge", "a Cloudflare-style challenge page answered 200",
             e("not-article", r"anti-bot challenge", failure=True), _challenge),
        Case("captcha-ar-200", "/h/captcha-ar", "an Arabic captcha page answered 200",
             e("not-article", r"anti-bot challenge", failure=True), _captcha_ar),
    ]


# Requests whose path arshif sends otherwise than linked are answered by the case's route.
PREFIX_ROUTES = {"/news/1008-": "/news/1008-\u202egnp.exe\u202c-%0d%0aX-Injected:%20yes\x07",
                 "/news/../": "/news/..%2f..%2f..%2f..%2fmanifests%2fevil"}


class Recorder:
    """A loopback host that must never be reached: every connection it accepts is noted."""

    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.paths: list[str] = []


def _handler(routes: dict[str, Callable], recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 60  # a stuck client frees its thread

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            recorder.paths.append(self.path)
            self.close_connection = True
            serve = routes.get(self.path) or routes.get(self.path.split("?")[0])
            for prefix, route in PREFIX_ROUTES.items():  # URLs the crawler may re-encode
                if serve is None and unquote(self.path).startswith(prefix):
                    serve = routes.get(route)
            r = Responder(self)
            try:
                if serve is None:
                    r.whole("<html><body>غير موجود</body></html>".encode(), status="404 Not Found")
                else:
                    serve(r)
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, handler, recorder: Recorder) -> None:
        self.recorder = recorder
        super().__init__(address, handler)

    def verify_request(self, request, client_address) -> bool:
        self.recorder.connections.append(client_address)
        return True


class Host:
    def __init__(self, host: str, routes: dict[str, Callable] | None = None) -> None:
        self.recorder = Recorder()
        self.routes = routes if routes is not None else {}
        self.server = _Server((host, 0), _handler(self.routes, self.recorder), self.recorder)
        self.url = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                       daemon=True)

    def start(self) -> Host:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@dataclass
class Network:
    site: Host
    side: Host
    off: Host
    airflow: Host
    cases: list[Case]

    def stop(self) -> None:
        for host in (self.site, self.side, self.off, self.airflow):
            host.stop()


def start_network(s3_endpoint: str) -> Network:
    """The four loopback hosts, the site's routes filled with the corpus."""
    site, side, off, airflow = Host(SITE_HOST), Host(SIDE_HOST), Host(OFF_HOST), Host(AIRFLOW_HOST)
    base = site.url
    cases = build_cases(base, side.url, off.url, airflow.url, s3_endpoint.rstrip("/"))
    routes = site.routes
    for path in ARTICLES:
        routes[path] = _plain_article(path)
    for case in cases:
        if case.serve is not None:
            routes[case.path] = case.serve
    routes["/h/loop-b"] = _redirect(f"{base}/h/loop-a")
    routes["/h/loop-self?x=1"] = _redirect(f"{base}/h/loop-self", "301 Moved Permanently")
    routes["/sitemap-index-b.xml"] = _recursive_index(base, "/sitemap-index-b.xml", "/sitemap-index-a.xml")
    routes["/sitemap-child.xml"] = _sitemap_child(base)
    feed_links = [f"{base}{p}" for p in ARTICLES if p != SITEMAP_ARTICLE]
    feed_links += [c.path if ":" in c.path else f"{base}{c.path}" for c in cases if c.listed_in == "feed"]
    routes["/feed.xml"] = lambda r: r.whole(rss(base, feed_links), "application/rss+xml")
    section_links = "".join(f'<li><a href="{c.path}">رابط {c.name}</a></li>' for c in cases
                            if c.listed_in == "section")
    section_links += f'<li><a href="{PRIVATE_ARTICLE}">رابط خاص</a></li>'  # robots.txt disallows it
    routes["/section/"] = lambda r: r.whole(
        f'<html lang="ar"><body><h1>أخبار</h1><ul>{section_links}</ul></body></html>'.encode())
    for host in (site, side, off, airflow):
        host.start()
    # Warm the bombs before the crawl: their compression must not count against its timeouts.
    for encoding in ("gzip", "deflate", "br", "zstd"):
        bomb(encoding)
    return Network(site, side, off, airflow, cases)


def sites_yaml(network: Network, s3_endpoint: str) -> dict:
    """The sites file of the corpus: the site's host and the protected hosts on the allow-list,
    127.0.0.32 not (the wiring case), 127.0.0.33 allowed but no domain of the site."""
    base = network.site.url
    s3_netloc = s3_endpoint.split("//", 1)[-1].rstrip("/")
    entry = [c for c in network.cases if c.listed_in == "entry"]
    return {
        "allow_private_addresses": [SITE_HOST, OFF_HOST, network.airflow.url.split("//")[1], s3_netloc],
        "contact": "archive@example.org",
        "sites": [{
            "name": "hostile",
            "domains": [SITE_HOST],
            "feeds": [f"{base}/feed.xml", *(f"{base}{c.path}" for c in entry if "feed" in c.path)],
            "sitemaps": [f"{base}{c.path}" for c in entry if "sitemap" in c.path],
            "start_urls": [f"{base}/section/"],
            "article_pattern": r"^/(?:news|h)/",
            "timezone": "Asia/Baghdad",
            "politeness": {"delay": 0, "concurrency": 8, "timeout": 20, "max_page_bytes": MAX_PAGE_BYTES,
                           "retries": 1},
        }],
    }


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()

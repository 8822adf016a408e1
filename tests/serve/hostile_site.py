"""A tiny news site on loopback whose article carries script in its body and a title that tries
to close <title> and open <script>: archived through `arshif run --sites`, then replayed.

Imported as a plain module by tests/serve (pytest puts the test's folder on sys.path).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TITLE = "عاجل: انهيار الجسر القديم</title><script>parent.pwned = 1</script>"
PARAGRAPHS = [
    "انهار الجسر الحجري القديم فوق الوادي صباح اليوم بعد أمطار غزيرة استمرت ثلاثة أيام متتالية، "
    "ولم تسجل إصابات بين المارة بحسب ما أعلنته فرق الدفاع المدني في بيان مقتضب.",
    "وقال رئيس البلدية إن الجسر كان مغلقا أمام السيارات منذ أشهر، وإن لجنة هندسية ستدرس أسباب "
    "الانهيار وتقترح خطة لإعادة بنائه خلال العام المقبل بتمويل من الحكومة المركزية.",
    "وطالب سكان الحي بفتح طريق بديل سريعا لأن الجسر كان المعبر الوحيد بين ضفتي الوادي، "
    "مؤكدين أن أطفالهم باتوا يقطعون مسافة طويلة للوصول إلى المدرسة.",
]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def article_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    # The <title> holds the payload as text (escaped, so a parser keeps it all as the title: the
    # catalog and the API carry it verbatim); a raw copy follows, which does open a <script>.
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(TITLE)}</title>
<meta property="og:title" content="{escape(TITLE)}">
<base href="/section/">
<script>parent.pwned = 2</script>
</head><body onload="parent.pwned = 3">
<h1>{escape(TITLE)}</h1>
<article>{body}</article>
<script src="http://127.0.0.1:9/evil.js"></script>
<img src="/img/bridge.jpg" srcset="/img/bridge-2x.jpg 2x" onerror="parent.pwned = 4">
<a href="javascript:parent.pwned = 5">اضغط</a>
<a href="../article/2.html">خبر آخر</a>
<a href="http://other.example/page">موقع آخر</a>
<meta http-equiv="refresh" content="30; url=http://other.example/">
</body></html>"""


def home_page() -> str:
    return ('<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>الأخبار</title></head>'
            '<body><a href="/article/1.html">الجسر</a></body></html>')


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        pages = {"/": home_page(), "/article/1.html": article_page()}
        page = pages.get(self.path)
        if page is None:
            self.send_error(404)
            return
        data = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class HostileSite:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def article(self) -> str:
        return f"{self.origin}/article/1.html"

    def sites_yaml(self) -> str:
        return (f'allow_private_addresses: ["127.0.0.1:{self.port}"]\n'
                "sites:\n"
                "  - name: hostile-news\n"
                '    domains: ["127.0.0.1"]\n'
                f"    start_urls: [{self.origin}/]\n"
                "    article_pattern: '/article/\\d+\\.html'\n"
                "    politeness: {delay: 0.0, concurrency: 2}\n")

    def __enter__(self) -> HostileSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

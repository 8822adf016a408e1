"""A redirect chain is archived hop by hop: every response the server sent (301, 302, then
the page) is a capture of its own, with its Location header, beside the request that got it.

Runs the project's own spider (``arshif.crawl.run.crawl``) in a subprocess against a small server on
loopback.
"""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from warcio.archiveiterator import ArchiveIterator

ARTICLE = ("<html lang='ar' dir='rtl'><head><title>خبر</title></head><body><article><h1>خبر عاجل</h1>"
           + "<p>" + "نص الخبر كما نشر في الموقع. " * 30 + "</p></article></body></html>").encode()
HOPS = {"/old/1": (301, "/moved/1"), "/moved/1": (302, "/news/1")}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://{self.headers['Host']}"
        if self.path in HOPS:
            status, target = HOPS[self.path]
            self.send_response(status)
            self.send_header("Location", base + target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/feed.xml":
            body = (f"<rss><channel><item><link>{base}/old/1</link><title>خبر</title></item>"
                    "</channel></rss>").encode()
            kind = "application/rss+xml"
        elif self.path == "/news/1":
            body, kind = ARTICLE, "text/html; charset=utf-8"
        else:
            body, kind = b"not found", "text/plain"
        self.send_response(200 if kind != "text/plain" or self.path == "/robots.txt" else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


CRAWL = """
import json, sys
from pathlib import Path
from arshif.crawl.run import crawl
stats = crawl(sys.argv[1], "hops", "20261128T000000Z", Path(sys.argv[2]))
print(json.dumps({"finish_reason": stats.get("finish_reason")}))
"""


def test_each_hop_of_a_redirect_chain_is_its_own_capture(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    try:
        sites = tmp_path / "sites.yaml"
        sites.write_text(
            f"allow_private_addresses: ['{host}']\n"
            "sites:\n"
            "  - name: hops\n"
            "    domains: ['127.0.0.1']\n"
            f"    feeds: ['http://{host}/feed.xml']\n"
            "    article_pattern: '^/(old|moved|news)/'\n"
            "    politeness: {delay: 0, concurrency: 2}\n", encoding="utf-8")
        out = tmp_path / "out"
        result = subprocess.run([sys.executable, "-c", CRAWL, str(sites), str(out)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        assert json.loads(result.stdout.splitlines()[-1])["finish_reason"] == "finished"
    finally:
        server.shutdown()
        server.server_close()

    responses, requests = [], {}
    with (out / "capture-00000.warc.gz").open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                responses.append(record)
            elif record.rec_type == "request":
                requests[record.rec_headers.get_header("WARC-Concurrent-To")] = record
    chain = [(r.rec_headers.get_header("WARC-Target-URI").split(host, 1)[1], r.http_headers.get_statuscode(),
              (r.http_headers.get_header("Location") or "").split(host, 1)[-1])
             for r in responses if "/robots.txt" not in r.rec_headers.get_header("WARC-Target-URI")
             and "/feed.xml" not in r.rec_headers.get_header("WARC-Target-URI")]
    assert chain == [("/old/1", "301", "/moved/1"), ("/moved/1", "302", "/news/1"), ("/news/1", "200", "")]
    # every hop's response has the request that got it
    assert all(r.rec_headers.get_header("WARC-Record-ID") in requests for r in responses)
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    hops = [(i["url"].split(host, 1)[1], i["status"], i.get("location", "").split(host, 1)[-1])
            for i in items if i.get("type") == "capture" and i.get("role") == "article"]
    assert hops == [(p, int(s), loc) for p, s, loc in chain]

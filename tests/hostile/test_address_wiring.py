"""The address guard, wired into the real crawl, and its decisions.

End to end on loopback: the sites file's allow-list admits one host and port (127.0.0.31:P);
a second server on 127.0.0.32 is one of the site's domains (so nothing but the address policy
stands in its way), is linked from the site, redirected to, and is even a feed of the site.
It must never receive a connection, and each refusal is a failure of the run.

Decisions alone, for targets that must not be touched at all (non-loopback private ranges,
link-local, the cloud metadata address in its disguises): resolve, decide, assert; nothing is
sent anywhere.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys

import pytest
import yaml

from spiders.middlewares.address_guard import AddressPolicy, BlockedAddress, resolve
from tests.hostile import corpus

pytestmark = pytest.mark.timeout(300)

CRAWL = """
import sys
from pathlib import Path
from arshif.crawl.run import crawl
stats = crawl(sys.argv[1], "wiring", "20261128T000000Z", Path(sys.argv[2]))
print(stats.get("finish_reason"))
"""


def test_a_loopback_host_off_the_allow_list_never_receives_a_request(tmp_path):
    site = corpus.Host(corpus.SITE_HOST)
    side = corpus.Host(corpus.SIDE_HOST)
    page = corpus.article_html("خبر الاختبار عن حارس العناوين").encode()
    site.routes.update({
        "/section/": lambda r: r.whole(
            f'<html><body><a href="/news/1-guarded">أول</a><a href="{side.url}/news/2-side">ثان</a>'
            "</body></html>".encode()),
        "/news/1-guarded": lambda r: r.whole(page),
        "/news/3-moved": lambda r: r.redirect(f"{side.url}/news/3-moved"),
        "/feed.xml": lambda r: r.whole(corpus.rss(site.url, [f"{site.url}/news/3-moved"]), "application/rss+xml"),
    })
    side.routes["/news/2-side"] = lambda r: r.whole(page)
    site.start(), side.start()
    try:
        config = {
            "allow_private_addresses": [site.url.split("//")[1]],  # 127.0.0.31:P and nothing else
            "contact": "archive@example.org",
            "sites": [{"name": "wiring", "domains": [corpus.SITE_HOST, corpus.SIDE_HOST],
                       "feeds": [f"{site.url}/feed.xml", f"{side.url}/feed.xml"],
                       "start_urls": [f"{site.url}/section/"], "article_pattern": r"^/news/",
                       "politeness": {"delay": 0, "retries": 0, "timeout": 20}}],
        }
        sites_file = tmp_path / "sites.yaml"
        sites_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        out = tmp_path / "out"
        result = subprocess.run([sys.executable, "-c", CRAWL, str(sites_file), str(out)], capture_output=True,
                                text=True, timeout=240)
        assert result.stdout.strip().splitlines()[-1] == "finished", result.stderr[-4000:]
        lines = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    finally:
        site.stop(), side.stop()

    assert side.recorder.connections == []
    fetched = {line["url"] for line in lines if line["type"] == "capture"}
    assert f"{site.url}/news/1-guarded" in fetched
    failures = {line["url"]: line["error"] for line in lines if line["type"] == "failure"}
    refused = "127.0.0.32 resolves to 127.0.0.32, a private or special address"
    assert refused in failures[f"{side.url}/feed.xml"]  # an entry point: the downloader's guard
    assert refused in failures[f"{side.url}/news/2-side"]  # a link
    assert failures[f"{site.url}/news/3-moved"].startswith("RefusedRedirect")  # a redirect
    assert refused in failures[f"{site.url}/news/3-moved"]


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/admin",
    "http://172.31.255.254/",
    "http://192.168.0.1:8080/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",  # the ECS task credentials endpoint
    "http://[fe80::1]/",
    "http://[fd00:ec2::254]/",  # the metadata service over IPv6
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/",
    "http://2852039166/",  # 169.254.169.254 as one number
    "http://0xA9FEA9FE/",  # in hex
    "http://0251.0376.0251.0376/",  # in octal
    "http://0/",
    "http://[::]/",
])
def test_private_and_link_local_targets_are_refused_without_connecting(url):
    policy = AddressPolicy(["127.0.0.31"], [])
    with pytest.raises(BlockedAddress, match="private or special address"):
        policy.check(url)


def test_numeric_disguises_resolve_to_the_address_they_hide():
    for host in ("2852039166", "0xA9FEA9FE", "0251.0376.0251.0376", "[::ffff:169.254.169.254]"):
        (address,) = (ipaddress.ip_address(a) for a in resolve(host))
        assert (getattr(address, "ipv4_mapped", None) or address) == ipaddress.ip_address("169.254.169.254"), host


def test_allowing_a_private_range_does_not_allow_the_metadata_address():
    policy = AddressPolicy(["10.0.0.0/8", "127.0.0.31:8765"], [])
    policy.check("http://10.2.3.4/")
    policy.check("http://127.0.0.31:8765/")
    for url in ("http://169.254.169.254/", "http://127.0.0.31:8766/", "http://127.0.0.32:8765/",
                "http://192.168.1.1/"):
        with pytest.raises(BlockedAddress):
            policy.check(url)


def test_own_services_stay_refused_when_the_allow_list_names_them():
    policy = AddressPolicy(["127.0.0.1:18333", "10.0.0.5"], ["http://127.0.0.1:18333", "10.0.0.5:8080"])
    with pytest.raises(BlockedAddress, match="arshif's own services"):
        policy.check("http://127.0.0.1:18333/arshif/")
    with pytest.raises(BlockedAddress, match="arshif's own services"):
        policy.check("http://10.0.0.5:8080/api/v2/dags")
    policy.check("http://10.0.0.5:80/")

"""The scaled demo network (arshif/demo/scale/): the default network is left exactly as it was,
and a scaled one lists what its scale says."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from arshif.config import load_sites
from arshif.demo import DEMO_SITES, render, sites_yaml
from arshif.demo.scale import pages
from arshif.demo.scale.pages import ScaledNetwork
from arshif.demo.scale.sites import scaled_sites
from arshif.demo.scale.sites import sites_yaml as scaled_yaml
from arshif.demo.sites import network_version
from spiders.discovery import parse_feed, parse_sitemap

# The default demo network as the tests and the machine-wide server (127.0.0.20-23:8765) know
# it. A deliberate change to arshif/demo/ changes it (and replaces that server on its next
# use): update it then, never for the sake of arshif/demo/scale/ (left out of the digest).
DEFAULT_NETWORK_VERSION = "b37b9d493fb22371"


def _default_pages_digest() -> str:
    digest = hashlib.sha256()
    for site in DEMO_SITES:
        for path in ("/", "/robots.txt", site.feed_path, site.sitemap_path):
            digest.update(render(site.name, path, 1)[2])
    return digest.hexdigest()


def test_the_default_network_is_unchanged_by_a_scaled_one() -> None:
    before = (network_version(), sites_yaml(), [s.name for s in DEMO_SITES], _default_pages_digest())
    network = ScaledNetwork(4, 10, port=8799)
    network.write_all()
    for site in network.sites:
        network.render(site.name, "/")
    assert network_version() == DEFAULT_NETWORK_VERSION
    assert (network_version(), sites_yaml(), [s.name for s in DEMO_SITES], _default_pages_digest()) == before
    checked_in = Path(__file__).resolve().parents[2] / "arshif" / "demo" / "sites.yaml"
    assert sites_yaml() == checked_in.read_text("utf-8")


def _body(network: ScaledNetwork, url: str) -> bytes:
    site = next(s for s in network.sites if url.startswith(s.origin))
    status, _, body = network.render(site.name, url[len(site.origin):])
    assert status == 200, url
    return body


def _sitemap_urls(network: ScaledNetwork, url: str) -> list[str]:
    listing = parse_sitemap(_body(network, url))
    urls = [lead.url for lead in listing.leads]
    for child in listing.child_sitemaps:
        urls += _sitemap_urls(network, child)
    return urls


def test_a_scaled_network_lists_every_article_of_every_site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pages, "SITEMAP_URLS", 12)  # 30 articles: an index over three sitemaps
    network = ScaledNetwork(5, 30, port=8799)
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(scaled_yaml(network.sites), "utf-8")
    config = load_sites(sites_file)
    assert [s.name for s in config.sites] == [s.name for s in network.sites]
    assert len({s.host for s in network.sites}) == 5
    assert {s.design for s in network.sites} == {s.name for s in DEMO_SITES}
    seen: set[str] = set()
    for site, configured in zip(network.sites, config.sites, strict=True):
        (sitemap,) = configured.sitemaps
        assert b"<sitemapindex" in _body(network, sitemap)
        urls = _sitemap_urls(network, sitemap)
        assert len(urls) == len(set(urls)) == 30
        assert all(configured.is_article_url(u) and urlsplit(u).hostname == site.host for u in urls)
        assert not any(site.members_prefix + "/" in u for u in urls)  # robots.txt disallows them
        feed = parse_feed(_body(network, configured.feeds[0]))
        assert 0 < len(feed) <= 30
        story = network.edition(site.name).by_path[unquote(urlsplit(urls[-1]).path)]
        assert html.escape(story.headline) in _body(network, urls[-1]).decode(site.encoding)
        seen.update(urls)
    assert len(seen) == 5 * 30


def test_scaled_sites_cycle_the_designs_on_their_own_addresses() -> None:
    sites = scaled_sites(7, port=8799)
    assert [s.name for s in sites][:4] == ["masr-today-01", "levant-post-02", "gulf-wire-03", "masr-today-04"]
    assert all(s.base_url.endswith(":8799/") and s.host.startswith("127.1.") for s in sites)
    assert not {s.host for s in sites} & {s.host for s in DEMO_SITES}


def test_the_demo_server_serves_a_scaled_network_as_it_serves_the_default() -> None:
    """One server for either network: the scaled sites answer with their pages, an ETag, 304
    and gzip as the default sites do, and its control API says so."""
    import gzip
    import http.client
    import socket
    import threading

    from arshif.demo.scale import launcher
    from arshif.demo.server import ServerState, build_servers

    with socket.socket() as probe:  # a free port on the scaled network's control address
        probe.bind(("127.1.0.1", 0))
        port = probe.getsockname()[1]
    network = ScaledNetwork(2, 8, port=port)
    network.prepare()
    servers = build_servers(ServerState(network, 1, None))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def fetch(host: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    try:
        masr = network.sites[0]
        story = network.edition(masr.name).edition.stories[0]
        status, headers, body = fetch(masr.host, masr.url(story.path)[len(masr.origin):], {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == network.render(masr.name, story.path)[2]
        assert fetch(masr.host, "/", {"If-None-Match": fetch(masr.host, "/", {})[1]["ETag"]})[0] == 304
        assert fetch(masr.host, "/missing", {})[0] == 404
        answer = launcher.status(port)
        assert answer is not None and (answer["sites"], answer["articles"], answer["requests"]) == (2, 8, 4)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_a_scaled_server_is_started_reused_and_stopped_by_its_home(tmp_path: Path) -> None:
    """`python -m arshif.demo.server --sites`, through the launcher core the default one uses."""
    import socket

    from arshif.demo.scale import launcher

    with socket.socket() as probe:
        probe.bind(("127.1.0.1", 0))
        port = probe.getsockname()[1]
    pid, sites_file = launcher.start(tmp_path, 2, 8, port)
    try:
        assert launcher.start(tmp_path, 2, 8, port)[0] == pid  # the same scale: reused
        assert load_sites(sites_file).sites[0].name == "masr-today-01"
        assert launcher.stop(tmp_path / "another-home", port) is False  # not that home's to stop
    finally:
        assert launcher.stop(tmp_path, port) is True
    assert launcher.status(port) is None

from hypothesis import given
from hypothesis import strategies as st

from arshif.urls import canonical_url, request_url


def test_encoded_and_raw_arabic_paths_are_one_url():
    raw = "http://127.0.0.23:8765/story/2026/11/روسيا-تعلن-12345"
    encoded = "http://127.0.0.23:8765/story/2026/11/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7-%D8%AA%D8%B9%D9%84%D9%86-12345"
    assert canonical_url(raw) == canonical_url(encoded) == encoded


def test_tracking_parameters_fragments_case_and_default_ports():
    assert (
        canonical_url("HTTPS://Example.COM:443/a?utm_source=x&id=3&fbclid=y#top")
        == "https://example.com/a?id=3"
    )
    assert canonical_url("http://example.com") == "http://example.com/"


def test_amp_mobile_and_trailing_slash_variants_are_one_article():
    canonical = "https://example.com/news/900424"
    for alias in ("https://example.com/news/900424/", "https://amp.example.com/news/900424/",
                  "https://m.example.com/news/900424", "https://example.com/news/900424/amp/",
                  "https://example.com/news/900424?amp=1", "https://www.example.com/news/900424".replace("www.", ""),
                  "https://example.com/news/900424?outputType=amp&utm_source=tw"):
        assert canonical_url(alias) == canonical, alias
    # an IP address is never shortened; the root keeps its slash
    assert canonical_url("http://127.0.0.21:8765/") == "http://127.0.0.21:8765/"


def test_windows_1256_escapes_and_utf8_escapes_agree():
    word = "روسيا"
    cp1256 = "".join(f"%{b:02X}" for b in word.encode("cp1256"))
    utf8 = "".join(f"%{b:02X}" for b in word.encode("utf-8"))
    assert canonical_url(f"http://example.com/{cp1256}-1") == canonical_url(f"http://example.com/{utf8}-1") \
        == canonical_url(f"http://example.com/{word}-1")


def test_request_url_keeps_what_the_server_needs():
    assert request_url("http://127.0.0.21:8765/news/1/?utm_medium=atom#x") == "http://127.0.0.21:8765/news/1/"


@given(st.text(alphabet="abc/:?&=#%.-_~روسيا ًٌٍ١٢3", max_size=40))
def test_canonicalisation_is_idempotent(tail):
    url = "http://example.com/" + tail
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert request_url(request_url(url)) == request_url(url)


def test_a_page_declares_its_identity_only_on_its_own_site():
    from arshif.urls import article_identity

    alias = "http://127.0.0.22:8765/article/58170.html?ref=home"
    assert article_identity(alias, "http://127.0.0.22:8765/article/58170.html") == \
        "http://127.0.0.22:8765/article/58170.html"
    # www. and AMP hosts are the same site
    assert article_identity("https://amp.example.com/news/1?ref=x", "https://www.example.com/news/1/") == \
        "https://www.example.com/news/1"
    # another site's URL, the home page, a non-http or malformed href: not trusted
    for declared in ("https://wire.example.org/story/1", "http://127.0.0.22:8765/", "javascript:alert(1)",
                     "http://127.0.0.22:99999/x", None, ""):
        assert article_identity(alias, declared) == "http://127.0.0.22:8765/article/58170.html?ref=home", declared

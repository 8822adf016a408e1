from arshif.urls import canonical_url


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

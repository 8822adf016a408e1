"""Property-based tests (hypothesis), each a bounded run: URL canonicalisation, charset decoding,
Arabic date parsing, WARC write → read, and the purge's same-length tombstones. None may crash
on any input; the round trips must give back what went in."""

from __future__ import annotations

import gzip
import io
import zlib
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from arshif.extract import decode_html
from arshif.extract.dates import first_date, parse_arabic_date
from arshif.takedown.tombstone import TombstoneError, gzip_member_of_length
from arshif.urls import canonical_url, request_url
from arshif.warc.writer import WarcFileWriter

BOUNDED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TEXTISH = st.text(alphabet=st.one_of(ARABIC, st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                                     st.sampled_from("\u200f\u202e\u064b\u0640\u00a0 /?#%&=.")), max_size=80)
HOSTS = st.sampled_from(["example.com", "www.example.com", "m.youm7.com", "127.0.0.21:8765", "xn--mgbh0fb.example",
                         "EXAMPLE.com.", "[::1]:8080"])


@st.composite
def urls(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "javascript", "data", "ftp", ""]))
    path = draw(TEXTISH)
    query = draw(st.one_of(st.just(""), TEXTISH.map(lambda q: "?" + q)))
    return f"{scheme}://{draw(HOSTS)}/{path}{query}" if scheme else draw(TEXTISH)


# -- URLs ----------------------------------------------------------------------------------------
@BOUNDED
@given(urls())
def test_canonical_url_is_total_and_idempotent(url):
    try:
        once = canonical_url(url)
    except ValueError:
        return  # a clear refusal is an answer
    assert canonical_url(once) == once
    assert once == once.strip() and "\n" not in once


@BOUNDED
@given(urls())
def test_request_url_never_crashes_and_is_ascii(url):
    try:
        fetched = request_url(url)
    except ValueError:
        return
    assert fetched.isascii(), fetched


# -- charsets --------------------------------------------------------------------------------
CONTENT_TYPES = st.one_of(st.none(), st.sampled_from([
    "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1256", "text/html; charset=cp1256",
    "text/html; charset=iso-8859-6", "text/html; charset=bogus", "text/html; charset=", "application/xhtml+xml",
    'text/html; charset="utf-8"', "text/html;charset=UTF-16"]))


@BOUNDED
@given(st.binary(max_size=2000), CONTENT_TYPES)
def test_decode_html_never_crashes_on_any_bytes(body, content_type):
    text, charset = decode_html(body, content_type)
    assert isinstance(text, str) and charset
    text.encode("utf-8")  # no lone surrogates


# Words of news prose (all in windows-1256 too): detection needs text, not letter soup.
VOCABULARY = ("قال وزير الخارجية إن الحكومة ستعقد اجتماعا طارئا في القاهرة يوم الأحد لبحث الأزمة "
              "الاقتصادية وأكد مصدر مسؤول أن المفاوضات مستمرة بين الطرفين وسط توقعات بالتوصل إلى اتفاق "
              "قريبا فيما أعلنت وزارة الصحة عن إصابة عشرة أشخاص في حادث تصادم على الطريق الصحراوي").split()
WORDS = st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=60).map(" ".join)


@BOUNDED
@given(WORDS, st.sampled_from(["windows-1256", "utf-8"]),
       st.sampled_from([None, "text/html", "text/html; charset=iso-8859-1"]))
def test_arabic_comes_back_whatever_the_declared_charset(words, codec, content_type):
    """The declared charset may be missing or wrong (iso-8859-1 for windows-1256 bytes): the
    Arabic must still come back, never mojibake."""
    body = f"<html><head><title>t</title></head><body><p>{words}</p></body></html>".encode(codec)
    text, _ = decode_html(body, content_type)
    assert words in text


# -- dates -------------------------------------------------------------------------------------
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
            "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@BOUNDED
@given(st.text(max_size=200))
def test_date_finding_never_crashes(text):
    first_date(text, today=date(2026, 11, 29))
    parse_arabic_date(text, today=date(2026, 11, 29))


@BOUNDED
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 11, 29)), st.sampled_from([EGYPTIAN, LEVANTINE]),
       st.booleans(), st.sampled_from(["", "الأحد ", "نشر في ", "القاهرة - "]))
def test_an_arabic_date_written_out_reads_back(day, months, indic, prefix):
    written = f"{prefix}{day.day} {months[day.month - 1]} {day.year}"
    if indic:
        written = written.translate(ARABIC_DIGITS)
    assert parse_arabic_date(written, today=date(2026, 11, 29)) == day


# -- WARC ------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=5000), urls(), st.sampled_from([200, 301, 304, 404, 503]),
       st.lists(st.tuples(st.sampled_from(["Content-Type", "ETag", "X-Arabic", "Set-Cookie"]),
                          st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)),
                max_size=5))
def test_a_fetch_written_to_warc_reads_back_the_same(tmp_path_factory, body, url, status, headers):
    assume(url.startswith(("http://", "https://", "HTTP://")))
    try:
        url = request_url(url)
    except ValueError:
        return
    path = tmp_path_factory.mktemp("warc") / "f.warc.gz"
    writer = WarcFileWriter(path, {"software": "arshif-test"})
    fetched = writer.write_fetch(url=url, method="GET", request_headers=[("User-Agent", "arshif")], request_body=b"",
                                 status=status, reason="", response_headers=headers, body=body,
                                 fetched_at=datetime(2026, 11, 29, 8, 0, tzinfo=UTC), ip_address="127.0.0.1")
    writer.close()
    records = []
    for record in ArchiveIterator(io.BytesIO(path.read_bytes()), check_digests=True):
        records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                        record.content_stream().read()))
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    assert records[1][1] == url and records[1][2] == body
    assert fetched.response.record_id


# -- tombstones (purge) ----------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.integers(min_value=0, max_value=70000))
def test_a_tombstone_member_has_exactly_the_length_asked(data, extra):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    minimum = 10 + 1 + len(compressor.compress(data) + compressor.flush()) + 8
    try:
        member = gzip_member_of_length(data, minimum + extra)
    except TombstoneError:
        raise AssertionError("a long enough span must fit") from None
    assert len(member) == minimum + extra
    assert gzip.decompress(member) == data


# -- object keys ----------------------------------------------------------------------------------
@BOUNDED
@given(st.text(max_size=40))
def test_an_object_key_never_holds_an_unsafe_part(site):
    """Whatever string reaches the layout as a site name, the key is refused or stays in its prefix."""
    from arshif import layout

    try:
        key = layout.warc_key("20261128T000000Z", site)
    except ValueError:
        return
    assert key.startswith("warc/2026/11/28/") and ".." not in key and key.count("/") == 5

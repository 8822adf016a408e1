"""Stored and displayed text is never normalised: what the page said is what is kept."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.extract import extract_article
from arshif.textnorm import normalize_for_matching

WORDS = ["أَكَّدَ", "الوزيرُ", "إلى", "مُستشفى", "١٢٣", "ـــالخبر", "القاهرة", "يوم", "الخميس", "\u200fالعاصمة"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=25, max_size=60))
def test_extracted_text_keeps_diacritics_digits_tatweel_and_marks(words):
    paragraph = " ".join(words)
    page = (f"<html lang='ar' dir='rtl'><head><title>خبر</title></head><body><article><h1>خبر</h1>"
            f"<p>{paragraph}</p><p>{paragraph} والمزيد من التفاصيل في هذا الخبر المهم.</p></article></body></html>")
    text = extract_article(page.encode("utf-8"), url="https://example.com/news/1").text
    assert paragraph in text
    assert normalize_for_matching(normalize_for_matching(paragraph)) == normalize_for_matching(paragraph)

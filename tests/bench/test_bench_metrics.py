"""The scores the extraction benchmark reports, on hand-made strings."""

from __future__ import annotations

import pytest

from bench import metrics


def test_identical_text_scores_one() -> None:
    text = "أكدت جهات سورية معارضة أن فصائل مسلحة تمكنت من السيطرة على مستودعات للأسلحة"
    counts = metrics.shingle_counts(text, text)
    assert counts == (1.0, 0.0, 0.0)
    assert metrics.prf([counts]) == (1.0, 1.0, 1.0)


def test_disjoint_text_scores_zero() -> None:
    counts = metrics.shingle_counts("one two three four five", "six seven eight nine ten")
    assert counts[0] == 0.0
    assert metrics.prf([counts]) == (0.0, 0.0, 0.0)


def test_known_partial_overlap() -> None:
    # truth shingles: (a b c d), (b c d e); prediction: (a b c d), (b c d x)
    counts = metrics.shingle_counts("a b c d e", "a b c d x")
    assert counts == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert metrics.prf([counts]) == pytest.approx((0.5, 0.5, 0.5))
    # Extra text lowers precision only: 2 of 4 predicted shingles are right.
    p, r, f1 = metrics.prf([metrics.shingle_counts("a b c d e", "a b c d e f g")])
    assert (p, r) == pytest.approx((0.5, 1.0))
    assert f1 == pytest.approx(2 / 3)


def test_shingles_are_a_multiset_of_word_tokens() -> None:
    # Punctuation and line breaks do not matter; a repeated passage counts twice.
    assert metrics.shingles("a, b\nc. d") == metrics.shingles("a b c d")
    assert metrics.shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    # Fewer than four tokens make one short shingle, as in the benchmark.
    assert list(metrics.shingles("قال الوزير")) == [("قال", "الوزير")]


def test_pages_are_averaged_like_the_benchmark() -> None:
    # An empty prediction counts against recall but is left out of precision.
    pages = [
        metrics.shingle_counts("a b c d e", "a b c d e"),
        metrics.shingle_counts("a b c d", ""),
    ]
    p, r, f1 = metrics.prf(pages)
    assert (p, r) == (1.0, 0.5)
    assert f1 == pytest.approx(2 / 3)


def test_snippet_scorer_counts_found_and_leaked() -> None:
    text = "رئيس التحرير: فلان\n\nقال الوزير   إن المشروع\nسيبدأ غدا.\n\nاقرأ أيضا"
    score = metrics.score_snippets(
        text,
        with_=["قال الوزير إن المشروع سيبدأ", "جملة غائبة"],
        without=["اقرأ أيضا", "تابعونا على", "رئيس التحرير"],
    )
    assert (score.found, score.missed, score.leaked, score.kept_out) == (1, 1, 2, 1)
    assert score.prf() == pytest.approx((1 / 3, 1 / 2, 0.4))
    total = score + metrics.SnippetScore(found=1)
    assert (total.found, total.leaked) == (2, 2)


def test_snippets_ignore_bidi_marks_and_empty_output() -> None:
    assert metrics.score_snippets("قال\u200f الوزير", ["قال الوزير"], []).found == 1
    assert metrics.score_snippets(None, ["قال"], ["عاجل"]) == metrics.SnippetScore(0, 1, 0, 1)


def test_title_and_date_comparison() -> None:
    assert metrics.same_title("إطلاق  المشروع الجديد", "اطلاق المشروع الجديد")
    assert metrics.same_title("مُسلسل «الحشاشين»", "مسلسل الحشاشين")
    assert not metrics.same_title("إطلاق المشروع", "إطلاق المشروع - اليوم السابع")
    assert not metrics.same_title("إطلاق المشروع", None)
    assert metrics.same_date("2024-03-05", "2024-03-05")
    assert not metrics.same_date("2024-03-05", "2024-03-04")
    assert not metrics.same_date("2024-03-05", None)


def test_headings_kept_must_stand_on_their_own_line() -> None:
    text = "مقدمة الخبر.\n\n## خلفية الأزمة\n\nنص. ردود الفعل الدولية في سطر"
    assert metrics.headings_kept(text, ["خلفية الأزمة", "ردود الفعل الدولية"]) == 1

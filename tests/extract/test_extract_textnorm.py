"""Arabic normalisation for hashing: which spellings must meet, which must not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.textnorm import (
    NORMALIZER_VERSION,
    fold_arabic,
    is_update_stamp,
    normalize_for_matching,
    text_fingerprint,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tashkeel and the dagger alef go
        ("مُحَمَّدٌ رَسُولُ", "محمد رسول"),
        ("هٰذا", "هذا"),
        # tatweel goes
        ("العـــربية", "العربية"),
        # alef variants fold to bare alef
        ("أحمد إبراهيم آمن ٱلله", "احمد ابراهيم امن الله"),
        # alef maksura becomes yeh, never alef: "إلى" is not "الا"
        ("إلى", "الي"),
        ("على مستوى", "علي مستوي"),
        # digits: Arabic-Indic and Persian to ASCII, Arabic decimal and thousands separators
        ("٢٠٢٤ و۱۴۰۳", "2024 و1403"),
        ("٣٫٥ مليون و١٬٠٠٠", "3.5 مليون و1,000"),
        # bidi controls and joiners vanish
        ("\u200fمرحبا\u200e \u202bبك\u202c \u2067هنا\u2069 \u061cنعم\u200c", "مرحبا بك هنا نعم"),
        # punctuation (Arabic too) becomes space, whitespace collapses, Latin lowercases
        ("قال: نعم، لا؛ ماذا؟  «هنا»", "قال نعم لا ماذا هنا"),
        ("CNN  بالعربية", "cnn بالعربية"),
        # presentation forms (NFKC)
        ("ﻻ ﷲ", "لا الله"),
    ],
)
def test_normalize_for_matching(text: str, expected: str) -> None:
    assert normalize_for_matching(text) == expected


def test_alef_maksura_is_folded_before_alef() -> None:
    # PyArabic's normalize_alef turns ى into ا; ours must keep إلى and إلي together and
    # apart from الا.
    assert normalize_for_matching("إلى") == normalize_for_matching("إلي")
    assert normalize_for_matching("إلى") != normalize_for_matching("الا")


def test_fold_keeps_punctuation_for_parsers() -> None:
    assert fold_arabic("٥/٣/٢٠٢٤ – آذار") == "5/3/2024 – اذار"


def test_normalisation_is_idempotent() -> None:
    text = "أَكَّدَتْ روسيا، اليوم ٥ مارس\u200f: «إلى اللقاء»"
    once = normalize_for_matching(text)
    assert normalize_for_matching(once) == once


@pytest.mark.parametrize(
    "line",
    [
        "آخر تحديث: 12:30",
        "اخر تحديث ٥ مارس ٢٠٢٤",
        "تم التحديث منذ ساعة",
        "مُحدَّث في 5 مارس",
        "Updated: 3pm",
    ],
)
def test_update_stamps(line: str) -> None:
    assert is_update_stamp(line)


@pytest.mark.parametrize("line", ["محدثة الطراز", "Updated guidance was issued", "تحديث البرنامج"])
def test_not_update_stamps(line: str) -> None:
    assert not is_update_stamp(line)


def test_fingerprint_ignores_stamps_marks_and_diacritics() -> None:
    first = "روسيا تعلن استعدادها\nآخر تحديث: 10:15\nقال لافروف إلى اللقاء"
    second = "روسيا تُعلن استعدادها\u200f\nتم التحديث 11:40\n\nقال لافروف الى اللقاء"
    assert text_fingerprint(first) == text_fingerprint(second)
    assert text_fingerprint(first).startswith("sha256:")
    assert len(text_fingerprint(first)) == len("sha256:") + 64


def test_fingerprint_sees_real_edits() -> None:
    assert text_fingerprint("قتل 5 أشخاص") != text_fingerprint("قتل 6 أشخاص")


def test_version_is_declared() -> None:
    assert NORMALIZER_VERSION == 1


_ARABICISH = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىأإآٱؤئءة")
        + ["\u064b", "\u064e", "\u0651", "\u0670", "\u0640", "\u200f", "\u202b", "\u2066"]
        + list("٠١٢٣٤٥٦٧٨٩۰۱۲٫٬،؛؟.,:!- \nABCabc0123")
    ),
    max_size=80,
)


@given(_ARABICISH)
def test_normalisation_properties(text: str) -> None:
    key = normalize_for_matching(text)
    assert normalize_for_matching(key) == key
    assert not set(key) & set("\u064b\u064e\u0651\u0670\u0640\u200f\u202b\u2066ىأإآٱ٠١٢۰،؛؟")
    assert key == key.strip() and "  " not in key and "\n" not in key

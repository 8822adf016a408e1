"""Near-copy detection: shingles, MinHash, and the LSH index persisted in a real SQLite catalog."""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.catalog import Catalog
from arshif.dedupe.minhash import (
    DEFAULT_PARAMS,
    MERSENNE_61,
    MinHashParams,
    _permutations,
    jaccard,
    shingles,
    signature,
)
from arshif.dedupe.nearcopy import DEFAULT_CONFIRM_THRESHOLD, IndexParamsError, NearCopyIndex
from arshif.textnorm import NORMALIZER_VERSION, normalize_for_matching

# A ~320-word news story: long enough that a "read also" block and one extra paragraph leave
# the 5-gram Jaccard above 0.8, as they do in real articles.
STORY = """\
قرر البنك المركزي المصري في ختام اجتماع لجنة السياسة النقدية مساء الخميس الإبقاء على أسعار الفائدة الأساسية دون تغيير للمرة الثالثة على التوالي، في خطوة جاءت متوافقة مع توقعات معظم المحللين الذين استطلعت آراءهم وكالات الأنباء خلال الأسبوع الماضي.

وأوضح البنك في بيان نشره على موقعه الرسمي أن اللجنة قررت تثبيت سعري عائد الإيداع والإقراض لليلة واحدة عند مستوى ٢٧٫٢٥ في المئة و٢٨٫٢٥ في المئة على الترتيب، كما أبقت على سعر العملية الرئيسية وسعر الائتمان والخصم عند ٢٧٫٧٥ في المئة.

وأشار البيان إلى أن معدل التضخم السنوي العام في المدن واصل تراجعه للشهر الرابع على التوالي ليسجل ٢٤ في المئة في أكتوبر الماضي مقارنة بنحو ٢٦ في المئة في سبتمبر، مدعوما بانحسار الضغوط على أسعار المواد الغذائية وتحسن المعروض من النقد الأجنبي في السوق الرسمية.

وقالت اللجنة إنها ترى أن الإبقاء على السياسة النقدية التقييدية في الوقت الحالي ضروري لضمان استمرار المسار النزولي للتضخم، مؤكدة أنها ستواصل متابعة التطورات الاقتصادية المحلية والعالمية عن كثب ولن تتردد في استخدام جميع الأدوات المتاحة لتحقيق هدف استقرار الأسعار على المدى المتوسط.

من جانبه، قال الخبير الاقتصادي محمد عبد العزيز في تصريحات خاصة إن قرار التثبيت كان متوقعا في ظل حالة عدم اليقين التي تسيطر على الأسواق العالمية، لافتا إلى أن البنك يفضل الانتظار حتى تتضح صورة أسعار الفائدة في الولايات المتحدة قبل البدء في دورة تيسير نقدي قد تمتد حتى نهاية العام المقبل.

وأضاف عبد العزيز أن استمرار تدفقات الاستثمار الأجنبي في أدوات الدين الحكومية وارتفاع إيرادات السياحة وتحويلات العاملين في الخارج خلال الأشهر الأخيرة منحا البنك المركزي هامشا أوسع للمناورة، غير أن المخاطر المرتبطة بالتوترات الإقليمية وتراجع إيرادات قناة السويس لا تزال قائمة.

وكان البنك المركزي قد رفع أسعار الفائدة بواقع ست مئة نقطة أساس دفعة واحدة في مارس الماضي بالتزامن مع تحرير سعر صرف الجنيه، ضمن حزمة إصلاحات اتفقت عليها الحكومة مع صندوق النقد الدولي في إطار برنامج تمويل موسع بقيمة ثمانية مليارات دولار.

ومن المقرر أن تعقد لجنة السياسة النقدية اجتماعها المقبل والأخير في العام الجاري يوم الخميس الموافق السادس والعشرين من ديسمبر، وسط ترقب من المستثمرين لأي إشارات بشأن توقيت أول خفض لأسعار الفائدة منذ أكثر من أربع سنوات.
"""

READ_ALSO = """
اقرأ أيضا:
أسعار الذهب اليوم في مصر تسجل تراجعا جديدا
سعر الدولار أمام الجنيه في البنوك بختام التعاملات
"""

EXTRA_PARAGRAPH = """
وفي سياق متصل، أعلنت وزارة المالية أن عجز الموازنة العامة تراجع إلى ٣٫٦ في المئة من الناتج المحلي الإجمالي خلال الربع الأول من العام المالي الحالي، مقابل ٤٫١ في المئة في الفترة نفسها من العام السابق، بحسب تقرير الأداء المالي الشهري.
"""


def syndicated_copy() -> str:
    """STORY as another site runs it: a "read also" block mid-article and one paragraph more."""
    paragraphs = STORY.strip().split("\n\n")
    return "\n\n".join(paragraphs[:4] + [READ_ALSO.strip()] + paragraphs[4:] + [EXTRA_PARAGRAPH.strip()])


# The same bank, the same week, the same vocabulary ("البنك المركزي المصري", "صندوق النقد
# الدولي", "في المئة"): a different story, which must not be clustered with STORY.
OTHER_STORY = """\
أعلن البنك المركزي المصري اليوم الأحد ارتفاع صافي الاحتياطيات الدولية من النقد الأجنبي إلى ٤٦٫٩ مليار دولار بنهاية أكتوبر الماضي، مقابل ٤٦٫٧ مليار دولار في نهاية سبتمبر، وهو أعلى مستوى تبلغه الاحتياطيات في تاريخها وفق البيانات الرسمية.

وأرجع مصرفيون الزيادة إلى استمرار تدفق الحصيلة الدولارية من صفقة تطوير مدينة رأس الحكمة على الساحل الشمالي، إضافة إلى الشرائح التي صرفها صندوق النقد الدولي خلال الأشهر الماضية ضمن برنامج التمويل الموسع.

وقال مسؤول في البنك، طلب عدم نشر اسمه، إن الاحتياطيات تغطي واردات البلاد السلعية لأكثر من ثمانية أشهر، وهي نسبة تفوق المعايير الدولية المتعارف عليها، مشيرا إلى أن تحسن الموارد الدولارية ساعد على القضاء على السوق الموازية للعملة.

ويتوقع محللون أن تواصل الاحتياطيات الصعود خلال الربع الأخير من العام مع عودة الاستثمارات الأجنبية المباشرة وانتعاش حركة السياحة الوافدة رغم التوترات الإقليمية.
"""


@pytest.fixture
def catalog(tmp_path):
    # The real catalog: the index lives on its connection (autocommit, sqlite3.Row rows).
    catalog = Catalog(tmp_path / "catalog.sqlite")
    yield catalog
    catalog.close()


# -- shingles and normalisation ------------------------------------------------------------
def test_spelling_variants_give_the_same_shingles():
    plain = "قرر البنك المركزي الابقاء علي اسعار الفائدة عند 27.25 في المئة للمرة 3 الي حين"
    variants = [
        # tashkeel and tatweel
        "قَرَّرَ البَنْكُ المـــركزي الابقاء علي اسعار الفائدة عند 27.25 في المئة للمرة 3 الي حين",
        # hamza/madda alef forms and alef maqsura
        "قرر البنك المركزي الإبقاء على أسعار الفائدة عند 27.25 في المئة للمرة 3 إلى حين",
        # Arabic-Indic digits with the Arabic decimal separator, Persian digits, bidi marks
        "قرر البنك المركزي الابقاء علي اسعار الفائدة عند ٢٧٫٢٥ في المئة للمرة ۳ الي\u200f حين",
        # punctuation and layout
        "قرر البنك المركزي، «الابقاء» علي اسعار الفائدة\nعند 27.25 في المئة للمرة 3 الي حين.",
    ]
    for variant in variants:
        assert shingles(variant) == shingles(plain), variant
    assert len(shingles(plain)) == len(plain.split()) - 5 + 1


def test_shingles_are_stable_word_grams():
    # A stable hash (blake2b), not Python's salted hash(): the values are stored.
    words = "واحد اثنان ثلاثة اربعة خمسة ستة".split()
    expected = {
        int.from_bytes(hashlib.blake2b(" ".join(words[i:i + 5]).encode(), digest_size=8).digest(),
                       "little")
        for i in range(2)
    }
    assert shingles(" ".join(words)) == expected
    # Shorter than k words: the whole word sequence is the one shingle.
    assert shingles("واحد اثنان") == {
        int.from_bytes(hashlib.blake2b("واحد اثنان".encode(), digest_size=8).digest(), "little")
    }
    assert shingles("") == shingles(" ، . ") == set()


def test_signature_estimates_jaccard():
    a, b = shingles(STORY), shingles(syndicated_copy())
    exact = jaccard(a, b)
    estimate = float(np.mean(signature(a) == signature(b)))
    # 126 permutations: standard error ≈ sqrt(J(1-J)/126) ≈ 0.035.
    assert abs(estimate - exact) < 0.15
    assert signature(a).dtype == np.uint64 and signature(a).shape == (DEFAULT_PARAMS.num_perm,)
    assert (signature(a) == signature(set(a))).all()


def test_banding_finds_what_the_confirm_threshold_accepts():
    # The bands only propose candidates: above the confirm threshold they must miss (almost)
    # nothing, and leave room to calibrate that threshold down to 0.7 without a reindex.
    assert DEFAULT_PARAMS.bands * DEFAULT_PARAMS.rows == DEFAULT_PARAMS.num_perm
    assert 0.55 < DEFAULT_PARAMS.threshold < 0.65
    assert DEFAULT_PARAMS.candidate_probability(DEFAULT_CONFIRM_THRESHOLD) > 0.99
    assert DEFAULT_PARAMS.candidate_probability(0.7) > 0.9
    assert DEFAULT_PARAMS.candidate_probability(0.2) < 0.01


def test_signature_is_exact_universal_hashing():
    # numpy has no 122-bit products: the limb arithmetic must equal Python's big integers,
    # including shingle values at the 64-bit edges (reduced mod p first).
    values = [0, 1, 2**32 - 1, 2**32, MERSENNE_61 - 1, MERSENNE_61, 2**63, 2**64 - 1]
    rnd = random.Random(7)
    values += [rnd.getrandbits(64) for _ in range(200)]
    a, b = _permutations(DEFAULT_PARAMS)
    expected = [min((int(ai) * (x % MERSENNE_61) + int(bi)) % MERSENNE_61 for x in values)
                for ai, bi in zip(a, b, strict=True)]
    assert signature(set(values)).tolist() == expected


ARABICISH = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0621, 0x064B)]  # letters
        + [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"]  # tashkeel, tatweel
        + [chr(c) for c in range(0x0660, 0x066E)] + [chr(c) for c in range(0x06F0, 0x06FA)]
        + list("0123456789 .,!?-():«»\n\t") + ["،", "؛", "؟", "٪"]
        + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202b", "\u2067", "\ufeff"]
        + ["\ufefb", "\ufef5", "\ufdf2", "\ufe8d", "\ufe70", "\ufc5e"]  # presentation forms
        + list("abcXYZ")
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(ARABICISH)
def test_shingles_of_normalised_text_are_the_same(text):
    assert shingles(normalize_for_matching(text)) == shingles(text)


# -- the index -----------------------------------------------------------------------------
def test_near_copy_found_and_clustered_different_story_not(catalog):
    index = NearCopyIndex(catalog.db)
    cluster, matches = index.assign("https://a.example/news/1#v1", STORY, "a.example")
    assert matches == []
    assert re.fullmatch(r"c-[0-9a-f]{8}", cluster)
    digest = hashlib.blake2b(b"https://a.example/news/1#v1", digest_size=4).hexdigest()
    assert cluster == "c-" + digest  # derived from doc_id, so a rebuild gives the same ids

    copy_cluster, matches = index.assign("https://b.example/x/9#v1", syndicated_copy(), "b.example")
    assert [m.doc_id for m in matches] == ["https://a.example/news/1#v1"]
    assert matches[0].jaccard >= 0.8 and matches[0].site == "a.example"
    assert matches[0].jaccard == pytest.approx(jaccard(shingles(STORY), shingles(syndicated_copy())))
    assert copy_cluster == cluster

    other_cluster, matches = index.assign("https://b.example/x/10#v1", OTHER_STORY, "b.example")
    assert matches == [] and other_cluster != cluster
    assert jaccard(shingles(STORY), shingles(OTHER_STORY)) < 0.1
    assert index.query(OTHER_STORY, exclude="https://b.example/x/10#v1") == []

    assert index.cluster_members(cluster) == ["https://a.example/news/1#v1", "https://b.example/x/9#v1"]
    assert index.cluster_members(other_cluster) == ["https://b.example/x/10#v1"]
    # A spelling variant of the story (tashkeel, Arabic-Indic digits) is a perfect match.
    variant = STORY.replace("قرر البنك", "قَرَّرَ البَنْكُ").replace("٢٧٫٢٥", "27.25")
    assert [(m.doc_id, m.jaccard) for m in index.query(variant)][0] == ("https://a.example/news/1#v1", 1.0)


def test_add_and_assign_are_idempotent(catalog):
    index = NearCopyIndex(catalog.db)
    index.add("d1", STORY, "a", cluster="c-00000001")
    bands = catalog.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0]
    index.add("d1", STORY, "a", cluster="c-00000001")
    index.add("d1", OTHER_STORY, "a")  # the same doc_id is the same document: nothing changes
    assert index.count() == 1
    assert catalog.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == bands == 21

    first = index.assign("d2", syndicated_copy(), "b")
    assert first[0] == "c-00000001"
    assert index.assign("d2", syndicated_copy(), "b") == first
    assert index.count() == 2

    # Reopening the same catalog finds the same index (params stored, tables kept).
    reopened = NearCopyIndex(catalog.db)
    assert reopened.count() == 2 and reopened.query(STORY)[0].doc_id == "d1"


def test_match_without_cluster_and_cluster_id_collision(catalog):
    index = NearCopyIndex(catalog.db)
    index.add("plain", STORY, "a")  # indexed without a cluster: has none to give
    taken = "c-" + hashlib.blake2b(b"copy", digest_size=4).hexdigest()
    index.add("unrelated", OTHER_STORY, "a", cluster=taken)
    cluster, matches = index.assign("copy", syndicated_copy(), "b")
    assert [m.doc_id for m in matches] == ["plain"]
    # The id "copy" hashes to is taken by an unrelated story: a re-salted one, not a merge.
    assert re.fullmatch(r"c-[0-9a-f]{8}", cluster) and cluster != taken
    assert index.cluster_members(taken) == ["unrelated"]


def test_params_mismatch_asks_for_a_reindex(catalog):
    NearCopyIndex(catalog.db).add("d1", STORY, "a")
    for params in (MinHashParams(seed=1), MinHashParams(num_perm=128, bands=16, rows=8),
                   MinHashParams(normalizer_version=NORMALIZER_VERSION + 1)):
        with pytest.raises(IndexParamsError, match="arshif reindex"):
            NearCopyIndex(catalog.db, params=params)
    assert NearCopyIndex(catalog.db).count() == 1


def test_one_transaction_unless_the_caller_holds_one(catalog):
    index = NearCopyIndex(catalog.db)
    with pytest.raises(RuntimeError), catalog.transaction():
        index.add("d1", STORY, "a")
        assert catalog.db.in_transaction  # add did not commit the caller's transaction
        raise RuntimeError("the caller's work failed")
    assert index.count() == 0  # rolled back with the caller's transaction
    index.add("d1", STORY, "a")
    assert not catalog.db.in_transaction and index.count() == 1


def test_empty_text_is_never_a_near_copy(catalog):
    index = NearCopyIndex(catalog.db)
    index.add("e1", "", "a")
    index.add("e2", " . ", "a")
    assert index.query("") == [] and index.query("…") == []
    assert catalog.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == 0


# -- no scan -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """20 000 random 20-word documents, the story, and its near-copy, in one SQLite file."""
    db = sqlite3.connect(tmp_path_factory.mktemp("lsh") / "big.sqlite", isolation_level=None)
    index = NearCopyIndex(db)
    rnd = random.Random(4)
    letters = [chr(c) for c in range(0x0627, 0x064B) if chr(c).isalpha()]
    vocabulary = ["".join(rnd.choices(letters, k=rnd.randint(3, 7))) for _ in range(3000)]
    docs = ((f"rand-{n}", " ".join(rnd.choices(vocabulary, k=20)), f"s{n % 7}", None)
            for n in range(20_000))
    assert index.add_many(docs) == 20_000
    index.add("story", STORY, "a")
    index.add("copy", syndicated_copy(), "b")
    yield db, index
    db.close()


def test_query_reads_only_candidate_rows(big_index):
    db, index = big_index
    assert index.count() == 20_002
    matches = index.query(STORY)
    assert [m.doc_id for m in matches] == ["story", "copy"]
    # Only documents sharing a band key are read back: the two copies, not 20 000 rows.
    assert index.last_candidates == 2
    assert index.query(OTHER_STORY) == [] and index.last_candidates == 0
    sample = db.execute("SELECT doc_id FROM lsh_docs WHERE doc_id = 'rand-123'").fetchone()
    assert sample is not None

    # And the plan looks rows up by index: no SCAN of either table, for every band.
    plan = [row[3] for row in db.execute(
        "EXPLAIN QUERY PLAN " + NearCopyIndex.candidates_sql(DEFAULT_PARAMS.bands, exclude=True),
        [v for band in range(DEFAULT_PARAMS.bands) for v in (band, b"\0" * 8)] + ["x"],
    )]
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert sum("SEARCH lsh_bands USING COVERING INDEX" in step and "(band=? AND key=?)" in step
               for step in plan) == DEFAULT_PARAMS.bands
    assert any(step.startswith("SEARCH lsh_docs USING INDEX") for step in plan)

"""Near-copy detection: shingles, MinHash, and the LSH index persisted in a real SQLite catalog."""

from __future__ import annotations

import hashlib
import json
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
    band_keys,
    jaccard,
    shingles,
    signature,
)
from arshif.dedupe.nearcopy import (
    DEFAULT_CONFIRM_THRESHOLD,
    IndexParamsError,
    NearCopyIndex,
    drop_index,
)
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
    # A stable hash (blake2b, 32 bits), not Python's salted hash(): the values are stored.
    words = "واحد اثنان ثلاثة اربعة خمسة ستة".split()
    expected = {
        int.from_bytes(hashlib.blake2b(" ".join(words[i:i + 5]).encode(), digest_size=4).digest(),
                       "little")
        for i in range(2)
    }
    assert shingles(" ".join(words)) == expected
    # Shorter than k words: the whole word sequence is the one shingle.
    assert shingles("واحد اثنان") == {
        int.from_bytes(hashlib.blake2b("واحد اثنان".encode(), digest_size=4).digest(), "little")
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
    # The bands only propose candidates: at and above the confirm threshold they must miss
    # (almost) nothing, and leave room to calibrate that threshold down to 0.5 without a reindex.
    assert DEFAULT_PARAMS.bands * DEFAULT_PARAMS.rows == DEFAULT_PARAMS.num_perm
    assert DEFAULT_PARAMS.candidate_probability(DEFAULT_CONFIRM_THRESHOLD) > 0.99
    assert DEFAULT_PARAMS.candidate_probability(0.5) > 0.99
    # The most similar hard negatives of bench/pairs have Jaccard ≤ 0.062: rarely proposed.
    assert DEFAULT_PARAMS.candidate_probability(0.07) < 0.02
    # No banding of the same permutations with fewer bands (fewer rows per document) would
    # find what the threshold accepts.
    fewer = [MinHashParams(bands=b, rows=DEFAULT_PARAMS.num_perm // b)
             for b in range(1, DEFAULT_PARAMS.bands) if DEFAULT_PARAMS.num_perm % b == 0]
    assert fewer and all(p.candidate_probability(DEFAULT_CONFIRM_THRESHOLD) < 0.99 for p in fewer)


def test_band_keys_are_signed_64_bit_and_differ_between_bands():
    sig = signature(shingles(STORY))
    keys = band_keys(sig)
    assert len(keys) == DEFAULT_PARAMS.bands
    assert all(-(2**63) <= k < 2**63 for k in keys) and any(k < 0 for k in keys)
    assert keys == band_keys(sig.copy())  # a pure function of the signature
    # The same rows in every band: still one key per band (the band index is hashed in).
    same = np.full(DEFAULT_PARAMS.num_perm, 12345, dtype=np.uint64)
    assert len(set(band_keys(same))) == DEFAULT_PARAMS.bands
    rows = DEFAULT_PARAMS.rows
    expected = int.from_bytes(
        hashlib.blake2b((1).to_bytes(2, "little") + sig[rows:2 * rows].astype("<u8").tobytes(),
                        digest_size=8).digest(), "little", signed=True)
    assert keys[1] == expected


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
    assert catalog.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == bands
    assert bands == DEFAULT_PARAMS.bands

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
    for params in (MinHashParams(seed=1), MinHashParams(num_perm=126, bands=21, rows=6),
                   MinHashParams(normalizer_version=NORMALIZER_VERSION + 1)):
        with pytest.raises(IndexParamsError, match="arshif reindex"):
            NearCopyIndex(catalog.db, params=params)
    assert NearCopyIndex(catalog.db).count() == 1


# The layout and params of the first index (algorithm 1: 21 × 6 bands, 8-byte BLOB keys,
# text doc ids in lsh_bands), as a catalog made before the change holds them.
OLD_LAYOUT = (
    "CREATE TABLE lsh_params (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE lsh_docs (doc_id TEXT PRIMARY KEY, site TEXT, shingles BLOB NOT NULL, "
    "cluster TEXT, added TEXT)",
    "CREATE INDEX lsh_docs_by_cluster ON lsh_docs (cluster)",
    "CREATE TABLE lsh_bands (band INTEGER NOT NULL, key BLOB NOT NULL, doc_id TEXT NOT NULL, "
    "PRIMARY KEY (band, key, doc_id))",
)
OLD_PARAMS = {"algorithm": 1, "bands": 21, "normalizer_version": NORMALIZER_VERSION,
              "num_perm": 126, "rows": 6, "seed": 0x61727368, "shingle": 5}


def test_an_index_of_the_old_layout_asks_for_a_reindex(catalog):
    for statement in OLD_LAYOUT:
        catalog.db.execute(statement)
    catalog.db.execute("INSERT INTO lsh_params VALUES ('minhash', ?)",
                       (json.dumps(OLD_PARAMS, sort_keys=True),))
    catalog.db.execute("INSERT INTO lsh_docs VALUES ('d1', 'a', x'00', 'c-00000001', NULL)")
    catalog.db.execute("INSERT INTO lsh_bands VALUES (0, x'0000000000000000', 'd1')")
    with pytest.raises(IndexParamsError, match=r"rebuild it with `arshif reindex`") as raised:
        NearCopyIndex(catalog.db)
    for change in ("algorithm: 1 → 2", "bands: 21 → 42", "rows: 6 → 3"):
        assert change in str(raised.value)
    # Nothing of the old index was touched (no half-made new tables beside it).
    columns = [row[1] for row in catalog.db.execute("PRAGMA table_info(lsh_bands)")]
    assert columns == ["band", "key", "doc_id"] and not catalog.db.in_transaction
    # The reindex drops the tables; the index then starts afresh in the new layout.
    drop_index(catalog.db)
    index = NearCopyIndex(catalog.db)
    index.add("d1", STORY, "a")
    assert index.query(STORY)[0].doc_id == "d1"
    assert [row[1] for row in catalog.db.execute("PRAGMA table_info(lsh_bands)")] == ["key", "doc"]


def test_stored_rows_are_integers(catalog):
    index = NearCopyIndex(catalog.db)
    index.add_many([("d1", STORY, "a", None), ("d2", OTHER_STORY, "b", None)])
    docs = dict(catalog.db.execute("SELECT doc_id, doc FROM lsh_docs").fetchall())
    assert sorted(docs.values()) == [1, 2]
    rows = catalog.db.execute("SELECT key, doc, typeof(key), typeof(doc) FROM lsh_bands").fetchall()
    assert len(rows) == 2 * DEFAULT_PARAMS.bands
    assert {(row[2], row[3]) for row in rows} == {("integer", "integer")}
    assert sorted(row[0] for row in rows if row[1] == docs["d1"]) == sorted(
        band_keys(signature(shingles(STORY))))
    # The shingle set as stored: sorted little-endian uint32, 4 bytes each.
    blob = catalog.db.execute("SELECT shingles FROM lsh_docs WHERE doc_id = 'd1'").fetchone()[0]
    stored = np.frombuffer(blob, dtype="<u4")
    assert stored.tolist() == sorted(shingles(STORY)) and len(blob) == 4 * len(shingles(STORY))


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

    # And the plan looks rows up by key: no SCAN of either table, whatever the number of bands.
    plan = [row[3] for row in db.execute(
        "EXPLAIN QUERY PLAN " + NearCopyIndex.candidates_sql(DEFAULT_PARAMS.bands, exclude=True),
        [-(2**63) + band for band in range(DEFAULT_PARAMS.bands)] + ["x"],
    )]
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert any(step.startswith("SEARCH lsh_bands USING PRIMARY KEY (key=?)") for step in plan), plan
    assert any(step.startswith("SEARCH lsh_docs USING INTEGER PRIMARY KEY (rowid=?)")
               for step in plan), plan

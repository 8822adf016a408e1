"""Generate the labelled Arabic near-copy pair set (bench/pairs).

The base stories and their rewrites are hand-written in ``stories/*.txt``. This script
renders every text (base stories, edited copies, other sites' versions, rewrites), writes
them to ``texts/<id>.txt`` and the labelled pairs to ``pairs.jsonl``. It is deterministic:
the same inputs give the same bytes on every run.

    python bench/pairs/make_pairs.py            # rewrite texts/ and pairs.jsonl
    python bench/pairs/make_pairs.py --check    # verify the files on disk and the labels
    python bench/pairs/make_pairs.py --stats    # counts and distributions

Standard library only. It does not import arshif: the set must not depend on the detector
it measures.
"""

from __future__ import annotations

import argparse
import difflib
import html
import itertools
import json
import random
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20250214
HERE = Path(__file__).resolve().parent
STORIES_DIR = HERE / "stories"
TEXTS_DIR = HERE / "texts"
PAIRS_FILE = HERE / "pairs.jsonl"
REPO = HERE.parent.parent
FOREIGN_SOURCES = [REPO / "arshif" / "demo" / "data", REPO / "bench" / "gold"]

MIN_WORDS, MAX_WORDS = 150, 700
NEAR_MIN = 0.50  # near-copies: share of the shorter text's word 5-grams found in the other
OTHER_MAX = 0.15  # different / rewrite: must stay below this

# ---------------------------------------------------------------------------
# stories


@dataclass
class Story:
    sid: str
    source: str
    cluster: str
    topic: str
    region: str
    date: str
    byline: str
    agency: str
    city: str
    headline: str
    headline2: str
    body: list[str]
    extra: str | None = None
    local: str | None = None
    rewrite: list[str] | None = None
    meta: dict = field(default_factory=dict)


def _paras(lines: list[str]) -> list[str]:
    text = "\n".join(lines).strip()
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def load_stories() -> list[Story]:
    stories = []
    for path in sorted(STORIES_DIR.glob("*.txt")):
        chunks = re.split(r"^## story ", path.read_text(encoding="utf-8"), flags=re.M)
        for chunk in chunks[1:]:
            lines = chunk.splitlines()
            sid = lines[0].strip()
            meta: dict[str, str] = {}
            sections: dict[str, list[str]] = {}
            current = None
            for line in lines[1:]:
                if line.startswith("### "):
                    current = line[4:].strip()
                    sections[current] = []
                elif current is None:
                    if line.strip():
                        key, _, value = line.partition(":")
                        meta[key.strip()] = value.strip()
                else:
                    sections[current].append(line)
            extra = _paras(sections.get("extra", []))
            local = _paras(sections.get("local", []))
            stories.append(
                Story(
                    sid=sid,
                    source=path.name,
                    cluster=meta["cluster"],
                    topic=meta["topic"],
                    region=meta["region"],
                    date=meta["date"],
                    byline=meta.get("byline", ""),
                    agency=meta.get("agency", ""),
                    city=meta.get("city", ""),
                    headline=meta["headline"],
                    headline2=meta["headline2"],
                    body=_paras(sections["body"]),
                    extra=extra[0] if extra else None,
                    local=local[0] if local else None,
                    rewrite=_paras(sections["rewrite"]) if "rewrite" in sections else None,
                    meta=meta,
                )
            )
    return stories


# ---------------------------------------------------------------------------
# other sites' chrome (invented sites; names, people and ads are made up)


@dataclass
class Site:
    name: str
    region: str
    masthead: list[str]
    ticker: list[str]
    share: list[str]
    footer: list[str]
    follow: str
    read_also: str
    ad: list[str]
    months: str
    staff: str


SITES = [
    Site(
        "بوابة النيل",
        "EG",
        ["رئيس مجلس الإدارة: سامح عبد الرؤوف", "رئيس التحرير: هشام الدسوقي"],
        [
            "عاجل | وزير التموين: لا زيادة في سعر رغيف الخبز المدعم حتى نهاية العام",
            "عاجل | عودة حركة القطارات على خط الصعيد بعد إصلاح عطل الإشارات",
            "عاجل | الأرصاد: شبورة مائية كثيفة على الطرق السريعة صباح الغد",
        ],
        ["شارك الخبر", "فيسبوك | تويتر | واتساب | نسخ الرابط"],
        ["الكلمات المفتاحية", "جميع الحقوق محفوظة لبوابة النيل © 2025"],
        "تابعوا بوابة النيل على قناتها في واتساب وصفحتها على فيسبوك لمعرفة آخر الأخبار لحظة بلحظة.",
        "اقرأ أيضا:",
        ["إعلان", "احجز وحدتك السكنية الآن في أحدث مشروعات الساحل بمقدم 5% وتقسيط حتى 8 سنوات."],
        "eg",
        "كتب: محرر بوابة النيل",
    ),
    Site(
        "الميدان نيوز",
        "EG",
        ["رئيس مجلس الإدارة والتحرير: ولاء شعبان", "المدير التنفيذي: رامي بركات"],
        [
            "عاجل.. محافظ الجيزة يقرر غلق محلات مخالفة في الهرم",
            "عاجل.. ارتفاع جديد في سعر الذهب عيار 21 بالأسواق المحلية",
        ],
        ["مشاركة", "طباعة", "حجم الخط"],
        ["أخبار متعلقة", "الميدان نيوز - موقع إخباري مصري شامل"],
        "لمتابعة آخر الأخبار تابعونا على صفحة الميدان نيوز على فيسبوك وتويتر وإنستجرام.",
        "اقرأ أيضاً..",
        ["مساحة إعلانية", "عروض نهاية الموسم على الأجهزة المنزلية بخصم يصل إلى 30% لفترة محدودة."],
        "eg",
        "الميدان نيوز - خاص",
    ),
    Site(
        "صحيفة الواحة",
        "SA",
        ["رئيس التحرير: فيصل بن سعد المطيري", "صحيفة الواحة الإلكترونية - الرياض"],
        [
            "عاجل: الأرصاد تنبه من رياح نشطة مثيرة للأتربة على منطقة القصيم",
            "عاجل: تمديد التسجيل في برنامج الابتعاث حتى نهاية الشهر",
        ],
        ["شارك", "X", "واتساب", "تيليجرام", "رابط مختصر"],
        ["الأكثر قراءة", "© صحيفة الواحة 2025 - جميع الحقوق محفوظة"],
        "تابعوا حساب صحيفة الواحة على منصة إكس ليصلكم كل جديد.",
        "اقرأ أيضا",
        [
            "إعلان ممول",
            "اكتشف عروض التقسيط المريحة على السيارات الجديدة بدون دفعة أولى ولمدة 60 شهرا.",
        ],
        "eg",
        "الرياض - صحيفة الواحة",
    ),
    Site(
        "منصة الساحل",
        "AE",
        ["منصة الساحل الإخبارية", "المدير العام: خالد راشد النعيمي"],
        ["عاجل | تحويلات مرورية مؤقتة على شارع الشيخ زايد بسبب أعمال صيانة"],
        ["مشاركة عبر", "فيسبوك", "إكس", "لينكد إن", "البريد الإلكتروني"],
        ["مواضيع ذات صلة", "منصة الساحل © 2025"],
        "تابعونا على قناة منصة الساحل في واتساب لتصلكم الأخبار العاجلة أولا بأول.",
        "اقرأ كذلك:",
        ["إعلان", "افتتاح فرع جديد لمعرض الأثاث الكبير في دبي، خصومات الافتتاح حتى 40%."],
        "eg",
        "أبوظبي - منصة الساحل",
    ),
    Site(
        "نبض الشام",
        "LV",
        ["نبض الشام - صحيفة إلكترونية مستقلة", "رئيسة التحرير: لينا الخوري"],
        [
            "عاجل | انقطاع الكهرباء عن أحياء في العاصمة لساعات بسبب أعمال صيانة",
            "عاجل | ارتفاع أسعار المحروقات مطلع الشهر المقبل",
        ],
        ["شارك المقال", "فيسبوك تويتر واتساب"],
        ["كلمات دالة", "جميع الحقوق محفوظة لنبض الشام 2025"],
        "تابعوا آخر الأخبار عبر قناة نبض الشام على تيليغرام.",
        "إقرأ أيضاً:",
        ["- إعلان -", "مدرسة اللغات الدولية تعلن بدء التسجيل للفصل الصيفي، المقاعد محدودة."],
        "lv",
        "عمان - نبض الشام",
    ),
    Site(
        "أطلس 24",
        "MA",
        ["أطلس 24 | جريدة إلكترونية مغربية", "مدير النشر: عبد الإله الصنهاجي"],
        [
            "عاجل.. نشرة إنذارية: زخات رعدية قوية بعدد من أقاليم المملكة",
            "عاجل.. إطلاق الشطر الثاني من الدعم المباشر للسكن",
        ],
        ["شارك", "فيسبوك", "واتساب", "تويتر"],
        ["مقالات ذات صلة", "أطلس 24 © جميع الحقوق محفوظة"],
        "تابعوا أطلس 24 على فيسبوك ويوتيوب لمتابعة مستجدات الأخبار الوطنية والدولية.",
        "اقرأ أيضا:",
        ["إشهار", "قروض السكن بنسب تفضيلية للأجراء والموظفين، اطلب دراستك المجانية الآن."],
        "ma",
        "أطلس 24 - الرباط",
    ),
    Site(
        "الزيتونة نيوز",
        "TN",
        ["الزيتونة نيوز - أخبار تونس والعالم", "المدير المسؤول: منير بن صالح"],
        ["عاجل: اضطراب في توزيع الماء الصالح للشرب بعدد من معتمديات الوطن القبلي"],
        ["شارك الخبر", "فايسبوك", "تويتر"],
        ["الأكثر مشاهدة", "الزيتونة نيوز 2025 ©"],
        "تابعونا على صفحة الزيتونة نيوز على فايسبوك.",
        "إقرأ أيضا:",
        ["إشهار", "تخفيضات كبرى في الفضاءات التجارية بمناسبة العودة المدرسية."],
        "tn",
        "تونس - الزيتونة نيوز",
    ),
    Site(
        "الرافدين برس",
        "IQ",
        ["الرافدين برس - وكالة أنباء مستقلة", "رئيس التحرير: حيدر عبد الكريم الساعدي"],
        ["عاجل | المرور العامة تعلن قطع طرق مؤقتا وسط بغداد"],
        ["مشاركة الخبر", "فيسبوك", "تويتر", "تلغرام"],
        ["أخبار ذات صلة", "جميع الحقوق محفوظة © الرافدين برس"],
        "تابعوا قناة الرافدين برس على تلغرام.",
        "اقرأ أيضاً:",
        ["إعلان", "شركة الاتصالات تطلق باقات الإنترنت الجديدة بأسعار مخفضة لجميع المحافظات."],
        "lv",
        "بغداد - الرافدين برس",
    ),
]

REGION_SITES = {
    "EG": [0, 1],
    "SA": [2, 3],
    "AE": [3, 2],
    "KW": [2, 3],
    "QA": [3, 2],
    "OM": [3, 2],
    "JO": [4, 7],
    "LB": [4, 7],
    "IQ": [7, 4],
    "SY": [4, 7],
    "MA": [5, 6],
    "TN": [6, 5],
    "DZ": [6, 5],
    "INT": [0, 2, 4, 5, 3, 6, 1, 7],
}

AGENCIES = {
    # code: (short form in parentheses, alternative form, name written out)
    "afp": ("أ ف ب", "فرانس برس", "وكالة الصحافة الفرنسية"),
    "reuters": ("رويترز", "رويترز", "وكالة رويترز"),
    "ap": ("أ ب", "أسوشيتد برس", "وكالة أسوشيتد برس"),
    "mena": ("أ ش أ", "أ.ش.أ", "وكالة أنباء الشرق الأوسط"),
    "spa": ("واس", "واس", "وكالة الأنباء السعودية"),
    "wam": ("وام", "وام", "وكالة أنباء الإمارات"),
    "map": ("و م ع", "و.م.ع", "وكالة المغرب العربي للأنباء"),
    "tap": ("وات", "وات", "وكالة تونس أفريقيا للأنباء"),
    "petra": ("بترا", "بترا", "وكالة الأنباء الأردنية"),
    "qna": ("قنا", "قنا", "وكالة الأنباء القطرية"),
    "kuna": ("كونا", "كونا", "وكالة الأنباء الكويتية"),
    "ina": ("واع", "واع", "وكالة الأنباء العراقية"),
    "aps": ("واج", "واج", "وكالة الأنباء الجزائرية"),
    "nna": ("الوطنية", "الوكالة الوطنية", "الوكالة الوطنية للإعلام"),
    "ona": ("العمانية", "العمانية", "وكالة الأنباء العمانية"),
}

REGION_AGENCY = {
    "EG": "mena", "SA": "spa", "AE": "wam", "MA": "map", "TN": "tap", "JO": "petra",
    "QA": "qna", "KW": "kuna", "IQ": "ina", "DZ": "aps", "LB": "nna", "OM": "ona",
}  # fmt: skip

MONTHS = {
    "eg": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "lv": "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول",
    "ma": "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر",
    "tn": "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


def month_names(style: str) -> list[str]:
    raw = MONTHS[style]
    return raw.split("|") if "|" in raw else raw.split()


def date_line(story: Story, site: Site, rng: random.Random, label: str) -> str:
    import datetime

    d = datetime.date.fromisoformat(story.date)
    month = month_names(site.months)[d.month - 1]
    hour, minute = rng.randint(1, 11), rng.randint(0, 59)
    half = rng.choice(["ص", "م"])
    return (
        f"{label} {WEEKDAYS[d.weekday()]} {d.day} {month} {d.year} - {hour:02d}:{minute:02d} {half}"
    )


# ---------------------------------------------------------------------------
# character-level edits


TASHKEEL = {
    "قال": "قَالَ", "وقال": "وَقَالَ", "أكد": "أَكَّدَ", "وأكد": "وَأَكَّدَ",
    "أضاف": "أَضَافَ", "وأضاف": "وَأَضَافَ", "أعلن": "أَعْلَنَ", "أعلنت": "أَعْلَنَتْ",
    "وأشار": "وَأَشَارَ", "الذي": "الَّذِي", "التي": "الَّتِي", "الذين": "الَّذِينَ",
    "خلال": "خِلَالَ", "حيث": "حَيْثُ", "منذ": "مُنْذُ", "حتى": "حَتَّى", "أيضا": "أَيْضًا",
    "وفقا": "وَفْقًا", "نحو": "نَحْوَ", "بين": "بَيْنَ", "عبر": "عَبْرَ", "مصر": "مِصْر",
    "المغرب": "المَغْرِب", "الأردن": "الأُرْدُن", "السعودية": "السُّعُودِيَّة",
    "الحكومة": "الحُكُومَة", "الوزارة": "الوِزَارَة", "وزارة": "وِزَارَة",
    "المحكمة": "المَحْكَمَة", "الشرطة": "الشُّرْطَة", "المباراة": "المُبَارَاة",
    "الدوري": "الدَّوْرِيّ", "الفريق": "الفَرِيق", "المدرب": "المُدَرِّب", "البنك": "البَنْك",
    "المركزي": "المَرْكَزِيّ", "الفائدة": "الفَائِدَة", "التضخم": "التَّضَخُّم",
    "الأسعار": "الأَسْعَار", "الرئيس": "الرَّئِيس", "المتحدث": "المُتَحَدِّث",
    "الصحة": "الصِّحَّة", "الطقس": "الطَّقْس", "درجات": "دَرَجَات", "الحرارة": "الحَرَارَة",
    "الأمطار": "الأَمْطَار", "العام": "العَام", "الماضي": "المَاضِي", "الجاري": "الجَارِي",
    "المقبل": "المُقْبِل", "مليون": "مِلْيُون", "مليار": "مِلْيَار", "الدولار": "الدُّولَار",
    "الشركة": "الشَّرِكَة", "المواطنين": "المُوَاطِنِين", "الثلاثاء": "الثُّلَاثَاء",
    "الأربعاء": "الأَرْبِعَاء", "الخميس": "الخَمِيس", "الجمعة": "الجُمُعَة",
    "السبت": "السَّبْت", "الأحد": "الأَحَد", "الاثنين": "الاثْنَيْن", "مساء": "مَسَاء",
    "صباح": "صَبَاح", "يوم": "يَوْم", "كما": "كَمَا", "العالم": "العَالَم",
    "المدينة": "المَدِينَة", "القاهرة": "القَاهِرَة", "الرياض": "الرِّيَاض", "عدد": "عَدَد",
    "أكثر": "أَكْثَر", "أمام": "أَمَام", "بعد": "بَعْدَ", "قبل": "قَبْلَ", "عن": "عَنْ",
    "إلى": "إِلَى", "على": "عَلَى", "في": "فِي",
}  # fmt: skip

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORD_RE = re.compile(r"[^\s،؛:.!؟,\"«»()\[\]\-|]+")
NON_JOINING = set("اأإآدذرزوؤةى")
LAM_ALEF = {"لا", "لأ", "لإ", "لآ"}


def add_tashkeel(text: str, rng: random.Random, share: float) -> str:
    def sub(m: re.Match) -> str:
        w = m.group(0)
        if w in TASHKEEL and rng.random() < share:
            return TASHKEEL[w]
        return w

    return WORD_RE.sub(sub, text)


def indic_digits(text: str) -> str:
    text = re.sub(r"(?<=\d)\.(?=\d)", "٫", text)
    text = text.replace("%", "٪")
    return text.translate(ARABIC_DIGITS)


def ya_to_alef_maqsura(text: str) -> str:
    """Egyptian house style: a final ي is written ى (في → فى, الذي → الذى)."""
    return re.sub(r"(?<=[\u0621-\u064a])ي(?=$|[\s،؛:.!؟,\"»)])", "ى", text, flags=re.M)


def drop_hamza_alef(text: str, rng: random.Random, share: float) -> str:
    def sub(m: re.Match) -> str:
        w = m.group(0)
        if ("أ" in w or "إ" in w or "آ" in w) and rng.random() < share:
            return w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
        return w

    return WORD_RE.sub(sub, text)


def latin_punctuation(text: str) -> str:
    return text.replace("،", ",").replace("؟", "?").replace("؛", ";")


def add_tatweel(text: str, rng: random.Random, count: int) -> str:
    words = list(WORD_RE.finditer(text))
    candidates = [
        m for m in words if len(m.group(0)) >= 5 and re.fullmatch(r"[\u0621-\u064a]+", m.group(0))
    ]
    chosen = sorted(rng.sample(candidates, min(count, len(candidates))), key=lambda m: m.start())
    out, last = [], 0
    for m in chosen:
        w = m.group(0)
        for i in range(1, len(w) - 2):
            if (
                w[i] not in NON_JOINING
                and w[i - 1] not in NON_JOINING
                and w[i : i + 2] not in LAM_ALEF
            ):
                w = w[: i + 1] + "ــ" + w[i + 1 :]
                break
        out.append(text[last : m.start()])
        out.append(w)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


SPELLING = {
    "الأمريكي": "الأميركي", "الأمريكية": "الأميركية", "الأمريكيين": "الأميركيين",
    "أمريكا": "أميركا", "الفيدرالي": "الفدرالي", "الأوروبي": "الأوربي",
    "الأوروبية": "الأوربية", "أوروبا": "أوربا", "في المئة": "بالمئة", "بالمئة": "في المائة",
    "الإنترنت": "الانترنت", "كيلومترا": "كلم", "البرلمان": "مجلس النواب",
}  # fmt: skip


def respell(text: str) -> str:
    keys = sorted(SPELLING, key=len, reverse=True)
    pattern = re.compile("(?<!\\S)(" + "|".join(map(re.escape, keys)) + ")(?=$|[\\s،.])", re.M)
    return pattern.sub(lambda m: SPELLING[m.group(1)], text)


# sentence rewording: one pass over a sentence, swapping house phrases for synonyms
REWORD = {
    "وقال": "وأوضح", "وأضاف": "وتابع", "وأكد أن": "وشدد على أن",
    "وأشار إلى أن": "ولفت إلى أن", "مشيرا إلى أن": "لافتا إلى أن", "مضيفا أن": "معتبرا أن",
    "مؤكدا أن": "مشددا على أن", "أعلنت عن": "كشفت عن", "أعلن عن": "كشف عن", "بسبب": "جراء",
    "أيضا": "كذلك", "حيث": "إذ", "من جهته": "من ناحيته", "من جهتها": "من ناحيتها",
    "من جهة أخرى": "على صعيد آخر", "في حين": "بينما", "بينما": "في حين",
    "المقبل": "القادم", "المقبلة": "القادمة", "عقب": "بعد",
    "وفقا لل": "بحسب ال", "وفقا ل": "بحسب ", "إلى جانب": "فضلا عن",
    "يذكر أن": "تجدر الإشارة إلى أن", "الأمر الذي": "وهو ما", "تم": "جرى",
    "اعتبارا من": "بدءا من", "لا سيما": "خاصة", "غير أن": "لكن", "إلا أن": "غير أن",
    "وأوضح": "وبين", "الماضي": "المنصرم", "الماضية": "المنصرمة",
    "بشكل أساسي": "بصورة أساسية", "بشكل رئيسي": "بصورة رئيسية", "بشكل عام": "بصورة عامة",
    "بشكل كبير": "بصورة كبيرة", "بشكل واضح": "بصورة واضحة", "بشكل ملحوظ": "بصورة ملحوظة",
    "بشكل تدريجي": "تدريجيا", "بشكل مفاجئ": "فجأة", "بشكل فوري": "فورا",
    "بشكل عاجل": "على وجه السرعة",
    # only before a number: نحو also means "towards", أكثر من also "more than one (occasion)"
    "نحو #": "حوالي", "حوالي #": "نحو", "أكثر من #": "ما يزيد على",
}  # fmt: skip
_REWORD_KEYS = sorted(REWORD, key=len, reverse=True)
_NUMBER = r"(?=\s(?:[\d٠-٩]|مليون|مليار|ألف|آلاف|مائة|مئة|عشر|ثلاث|أربع|خمس|ست|سبع|ثمان|تسع))"


def _reword_alt(key: str) -> str:
    if key.endswith(" #"):
        return re.escape(key[:-2]) + _NUMBER
    if key.startswith("وفقا ل"):
        return re.escape(key)
    return re.escape(key) + "(?=$|[\\s،.])"


REWORD_RE = re.compile("(?<!\\S)(" + "|".join(_reword_alt(k) for k in _REWORD_KEYS) + ")")
REWORD_LOOKUP = {k[:-2] if k.endswith(" #") else k: v for k, v in REWORD.items()}
SENT_RE = re.compile(r"(?<=[.؟!])\s+")


def reword_sentence(sentence: str) -> tuple[str, int]:
    count = 0

    def sub(m: re.Match) -> str:
        nonlocal count
        count += 1
        return REWORD_LOOKUP[m.group(1)]

    new = REWORD_RE.sub(sub, sentence)
    if re.search(r"(?<!\S)وقال(?!\S)", sentence):
        # only قال takes إنّ; the verb that replaces it takes أنّ
        new = re.sub(r"(وأوضح\s(?:\S+\s){0,10}?)إن(?!\S)", r"\1أن", new, count=1)
    return new, count


# ---------------------------------------------------------------------------
# documents and edits


@dataclass
class Doc:
    head: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    post: list = field(default_factory=list)

    def render(self) -> str:
        text = "\n\n".join(self.head + self.body + self.tail)
        for f in self.post:
            text = f(text)
        return text + "\n"

    def copy(self) -> Doc:
        return Doc(self.head[:], self.body[:], self.tail[:], self.post[:])


def words(text: str) -> list[str]:
    return text.split()


class Ctx:
    """What an edit needs besides the two documents: the story, the RNG and the pool."""

    def __init__(self, story: Story, rng: random.Random, pool: list[Story], k: int):
        self.story = story
        self.rng = rng
        self.pool = pool
        self.notes: list[str] = []
        sites = REGION_SITES.get(story.region, REGION_SITES["INT"])
        self.site = SITES[sites[k % len(sites)]]
        self.site2 = SITES[sites[(k + 1) % len(sites)]]

    def other_headlines(self, n: int) -> list[str]:
        s = self.story
        same = [o for o in self.pool if o.topic == s.topic and o.cluster != s.cluster]
        others = same or [o for o in self.pool if o.sid != s.sid]
        return [o.headline for o in self.rng.sample(others, min(n, len(others)))]


def mid_index(body: list[str], rng: random.Random) -> int:
    lo, hi = 1, max(1, len(body) - 1)
    return rng.randint(lo, hi)


def op_para_added_end(a: Doc, b: Doc, c: Ctx):
    if not c.story.extra:
        return None
    b.body.append(c.story.extra)
    return ["para_added_end"]


def op_para_removed_end(a: Doc, b: Doc, c: Ctx):
    if len(b.body) < 5:
        return None
    removed = b.body.pop()
    c.notes.append(f"last paragraph ({len(words(removed))} words) dropped")
    return ["para_removed_end"]


def _reword(b: Doc, c: Ctx, n: int):
    cands = []
    for pi, para in enumerate(b.body):
        for si, sent in enumerate(SENT_RE.split(para)):
            new, count = reword_sentence(sent)
            if count:
                cands.append((min(count, 3), pi, si, new))
    if not cands:
        return None
    best = max(x[0] for x in cands)
    pick = [x for x in cands if x[0] >= min(best, 2)]
    chosen = c.rng.sample(pick, min(n, len(pick)))
    for _, pi, si, new in sorted(chosen, key=lambda x: (x[1], -x[2])):
        sents = SENT_RE.split(b.body[pi])
        sents[si] = new
        b.body[pi] = " ".join(sents)
    c.notes.append(f"{len(chosen)} sentence(s) reworded")
    return ["sentence_reworded"]


def op_sentence_reworded(a: Doc, b: Doc, c: Ctx):
    return _reword(b, c, 1)


def op_sentences_reworded(a: Doc, b: Doc, c: Ctx):
    return _reword(b, c, 3)


def op_truncated(a: Doc, b: Doc, c: Ctx):
    total = sum(len(words(p)) for p in b.body)
    cut = int(total * c.rng.uniform(0.10, 0.20))
    body = b.body[:]
    while cut > 0 and body:
        w = words(body[-1])
        if len(w) <= cut:
            cut -= len(w)
            body.pop()
        else:
            body[-1] = " ".join(w[: len(w) - cut]).rstrip("،,") + "..."
            cut = 0
    b.body = body
    c.notes.append(f"last {100 - round(100 * sum(len(words(p)) for p in body) / total)}% cut")
    return ["truncated"]


def op_read_also(a: Doc, b: Doc, c: Ctx):
    label = c.site.read_also
    if c.rng.random() < 0.5:
        block = f"{label} {c.other_headlines(1)[0]}"
    else:
        block = "\n".join([label.rstrip(":") or label, *c.other_headlines(c.rng.choice([2, 3]))])
    b.body.insert(mid_index(b.body, c.rng), block)
    return ["read_also_block"]


def op_follow_us(a: Doc, b: Doc, c: Ctx):
    if c.rng.random() < 0.5:
        b.body.insert(mid_index(b.body, c.rng), c.site.follow)
    else:
        b.body.append(c.site.follow)
    return ["follow_us_line"]


def op_ad(a: Doc, b: Doc, c: Ctx):
    b.body.insert(mid_index(b.body, c.rng), "\n".join(c.site.ad))
    return ["ad_paragraph"]


def op_caption(a: Doc, b: Doc, c: Ctx):
    cap = c.rng.choice(["صورة أرشيفية", "(صورة من الأرشيف)", "أرشيفية", "الصورة: أرشيف الموقع"])
    b.body.insert(1, cap)
    return ["caption_line"]


def _chrome_head(site: Site, rng: random.Random) -> list[str]:
    """Masthead lines, then one or two breaking-news ticker items (one line each)."""
    return ["\n".join(site.masthead), "\n".join(rng.sample(site.ticker, min(2, len(site.ticker))))]


def _chrome_tail(site: Site) -> list[str]:
    """Share labels, then the footer (one line each)."""
    return ["\n".join(site.share), "\n".join(site.footer)]


def op_chrome_prepended(a: Doc, b: Doc, c: Ctx):
    b.head[:0] = _chrome_head(c.site, c.rng)
    return ["chrome_prepended"]


def op_chrome_appended(a: Doc, b: Doc, c: Ctx):
    b.tail.extend(_chrome_tail(c.site))
    return ["chrome_appended"]


def op_two_site_chrome(a: Doc, b: Doc, c: Ctx):
    a.head[:0] = _chrome_head(c.site, c.rng)
    a.tail.extend(_chrome_tail(c.site))
    b.head[:0] = _chrome_head(c.site2, c.rng)
    b.tail.extend(_chrome_tail(c.site2))
    c.notes.append(f"a as on {c.site.name}, b as on {c.site2.name}")
    return ["two_site_chrome"]


def op_timestamp(a: Doc, b: Doc, c: Ctx):
    b.head.append(date_line(c.story, c.site, c.rng, c.rng.choice(["آخر تحديث:", "نشر في:"])))
    return ["timestamp_line"]


def op_headline_changed(a: Doc, b: Doc, c: Ctx):
    a.head.insert(0, c.story.headline)
    b.head.insert(0, c.story.headline2)
    return ["headline_changed"]


def op_headline_added(a: Doc, b: Doc, c: Ctx):
    b.head.insert(0, c.story.headline)
    return ["headline_added"]


def op_byline_changed(a: Doc, b: Doc, c: Ctx):
    s = c.story
    if s.agency:
        other = f"({AGENCIES[s.agency][0]})"
    else:
        local = REGION_AGENCY.get(s.region)
        local_form = f"({AGENCIES[local][0]})" if local else "(أ ف ب)"
        other = c.rng.choice([local_form, "وكالات", c.site.staff])
    a.head.append(s.byline or c.site2.staff)
    if other.startswith("(") and c.rng.random() < 0.5:
        b.tail.insert(0, other)
    else:
        b.head.append(other)
    return ["byline_changed"]


def op_paragraphs_merged(a: Doc, b: Doc, c: Ctx):
    if len(b.body) < 4:
        return None
    merged = []
    body = b.body[:]
    while body:
        if len(body) >= 2:
            merged.append(body.pop(0) + " " + body.pop(0))
        else:
            merged.append(body.pop(0))
    b.body = merged
    return ["paragraphs_merged"]


def op_tashkeel(a: Doc, b: Doc, c: Ctx):
    rng = random.Random(c.rng.random())
    share = c.rng.choice([0.3, 0.5, 1.0])
    b.post.append(lambda t: add_tashkeel(t, rng, share))
    c.notes.append(f"tashkeel on ~{round(share * 100)}% of common words")
    return ["tashkeel"]


def op_digits(a: Doc, b: Doc, c: Ctx):
    if not re.search(r"\d", "\n".join(b.body)):
        return None
    b.post.append(indic_digits)
    return ["arabic_indic_digits"]


def op_ya(a: Doc, b: Doc, c: Ctx):
    b.post.append(ya_to_alef_maqsura)
    return ["ya_variant"]


def op_alef(a: Doc, b: Doc, c: Ctx):
    rng = random.Random(c.rng.random())
    b.post.append(lambda t: drop_hamza_alef(t, rng, 0.7))
    return ["alef_variant"]


def op_punctuation(a: Doc, b: Doc, c: Ctx):
    b.post.append(latin_punctuation)
    return ["punctuation"]


def op_tatweel(a: Doc, b: Doc, c: Ctx):
    rng = random.Random(c.rng.random())
    b.post.append(lambda t: add_tatweel(t, rng, 6))
    return ["tatweel"]


def op_wire_republish(a: Doc, b: Doc, c: Ctx):
    s = c.story
    if not s.agency:
        return None
    short, alt, full = AGENCIES[s.agency]
    city = s.city or "القاهرة"
    a.body[0] = f"{city} ({short}) - {a.body[0]}"
    b.body[0] = f"{city} - {alt}: {b.body[0]}"
    tags = ["wire_republish", "dateline_changed"]
    if c.rng.random() < 0.5:
        a.tail.append(f"المصدر: {full}")
    if s.local:
        b.body.insert(min(len(b.body), c.rng.randint(2, 4)), s.local)
        tags.append("local_para_added")
    if c.rng.random() < 0.4 and len(b.body) >= 6:
        b.body.pop()
        tags.append("para_removed_end")
    if respell("\n".join(b.body)) != "\n".join(b.body):
        b.post.append(respell)
        tags.append("spelling_variant")
    c.notes.append(f"{full} copy as run by two sites")
    return tags


OPS = {
    "para_added_end": (1, op_para_added_end),
    "para_removed_end": (0, op_para_removed_end),
    "truncated": (0, op_truncated),
    "sentence_reworded": (1, op_sentence_reworded),
    "sentences_reworded": (1, op_sentences_reworded),
    "wire_republish": (1, op_wire_republish),
    "paragraphs_merged": (2, op_paragraphs_merged),
    "read_also_block": (3, op_read_also),
    "follow_us_line": (3, op_follow_us),
    "ad_paragraph": (3, op_ad),
    "caption_line": (3, op_caption),
    "timestamp_line": (4, op_timestamp),
    "byline_changed": (4, op_byline_changed),
    "headline_changed": (5, op_headline_changed),
    "headline_added": (5, op_headline_added),
    "chrome_prepended": (6, op_chrome_prepended),
    "chrome_appended": (6, op_chrome_appended),
    "two_site_chrome": (6, op_two_site_chrome),
    "tashkeel": (7, op_tashkeel),
    "arabic_indic_digits": (7, op_digits),
    "ya_variant": (7, op_ya),
    "alef_variant": (7, op_alef),
    "punctuation": (7, op_punctuation),
    "tatweel": (7, op_tatweel),
}

RECIPES = [
    ("para_added_end",),
    ("para_removed_end",),
    ("sentence_reworded",),
    ("read_also_block",),
    ("follow_us_line", "chrome_appended"),
    ("ad_paragraph",),
    ("two_site_chrome",),
    ("tashkeel",),
    ("arabic_indic_digits", "ya_variant"),
    ("alef_variant", "ya_variant"),
    ("headline_changed",),
    ("byline_changed",),
    ("truncated",),
    ("read_also_block", "ad_paragraph", "chrome_prepended"),
    ("sentence_reworded", "para_added_end", "timestamp_line"),
    ("truncated", "follow_us_line", "chrome_appended"),
    ("tashkeel", "arabic_indic_digits", "caption_line"),
    ("headline_changed", "byline_changed", "para_removed_end"),
    ("paragraphs_merged", "punctuation"),
    ("tatweel", "headline_added"),
    ("read_also_block", "sentence_reworded", "alef_variant"),
    ("two_site_chrome", "para_removed_end", "ya_variant"),
    ("truncated", "read_also_block"),
    ("timestamp_line", "caption_line", "byline_changed"),
    ("sentences_reworded", "para_removed_end", "read_also_block", "chrome_prepended"),
    ("two_site_chrome", "truncated", "tashkeel", "arabic_indic_digits"),
    ("sentences_reworded", "truncated", "caption_line", "read_also_block", "two_site_chrome"),
    ("headline_changed", "ad_paragraph", "follow_us_line", "ya_variant", "alef_variant"),
]


def apply_recipe(story: Story, recipe: tuple[str, ...], ctx: Ctx):
    a = Doc(body=story.body[:])
    b = Doc(body=story.body[:])
    tags: list[str] = []
    for name in sorted(recipe, key=lambda n: OPS[n][0]):
        got = OPS[name][1](a, b, ctx)
        if got is None:
            return None
        tags.extend(t for t in got if t not in tags)
    return a, b, tags


# ---------------------------------------------------------------------------
# measures used by --check and --stats (deliberately simple and independent of arshif)

FOLD = str.maketrans(
    {
        **{chr(c): None for c in range(0x064B, 0x0653)},
        "\u0670": None,
        "\u0640": None,
        "ى": "ي",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "٫": ".",
        "٪": "%",
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
PUNCT = "،؛:.!؟,;?\"'«»()[]-|…"


def tokens(text: str, fold: bool = True) -> list[str]:
    if fold:
        text = text.translate(FOLD)
    out = []
    for tok in text.split():
        tok = tok.strip(PUNCT)
        if tok:
            out.append(tok)
    return out


def shingles(toks: list[str], k: int = 5) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def containment(a: str, b: str, fold: bool = True) -> float:
    sa, sb = shingles(tokens(a, fold)), shingles(tokens(b, fold))
    small = min(len(sa), len(sb))
    return len(sa & sb) / small if small else 0.0


def change_amount(a: str, b: str) -> float:
    ta, tb = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    return round(1 - sm.ratio(), 3)


# ---------------------------------------------------------------------------
# building the set

# groups of clusters whose stories are on the same topic and day (besides each cluster itself)
CROSS_GROUPS = [
    ("eg-league-r12", "sa-league-r15", "ma-botola-r9"),
    ("courts-0304", "security-0305"),
    ("weather-0317", "water-0318"),
    ("central-banks-0306", "macro-0310"),
    ("politics-0323", "gulf-diplomacy-0324"),
]


class Registry:
    def __init__(self):
        self.by_text: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def add(self, text: str) -> str:
        if text in self.by_text:
            return self.by_text[text]
        tid = f"t{len(self.texts) + 1:04d}"
        self.by_text[text] = tid
        self.texts[tid] = text
        return tid


def build():
    rng = random.Random(SEED)
    stories = load_stories()
    reg = Registry()
    pairs: list[dict] = []
    seen: set[frozenset] = set()

    def add_pair(ta: str, tb: str, label: str, edits: list[str], note: str, topic: str):
        a, b = reg.add(ta), reg.add(tb)
        key = frozenset((a, b))
        if a == b or key in seen:
            return False
        seen.add(key)
        pairs.append(
            {
                "a": a,
                "b": b,
                "label": label,
                "edits": edits,
                "note": note,
                "topic": topic,
                "change": change_amount(ta, tb),
            }
        )
        return True

    base = {s.sid: Doc(body=s.body[:]).render() for s in stories}
    for s in stories:
        reg.add(base[s.sid])

    # near-copies
    k = 0
    for i, s in enumerate(stories):
        wanted = 3 if i % 3 == 0 else 2
        made = 0
        tried = 0
        if s.agency and (s.region == "INT" or i % 2 == 0):
            ctx = Ctx(s, rng, stories, i)
            got = apply_recipe(s, ("wire_republish",), ctx)
            if got:
                a, b, tags = got
                ta, tb = a.render(), b.render()
                note = f"{s.sid}: " + "; ".join(ctx.notes)
                if all(MIN_WORDS <= len(words(t)) <= MAX_WORDS for t in (ta, tb)) and add_pair(
                    ta, tb, "near_copy", tags, note, s.topic
                ):
                    made += 1
        while made < wanted and tried < len(RECIPES):
            recipe = RECIPES[k % len(RECIPES)]
            k += 1
            tried += 1
            ctx = Ctx(s, rng, stories, k)
            got = apply_recipe(s, recipe, ctx)
            if not got:
                continue
            a, b, tags = got
            ta, tb = a.render(), b.render()
            if not all(MIN_WORDS <= len(words(t)) <= MAX_WORDS for t in (ta, tb)):
                continue
            note = f"{s.sid}: " + "; ".join(ctx.notes) if ctx.notes else s.sid
            if add_pair(ta, tb, "near_copy", tags, note, s.topic):
                made += 1

    # hard negatives: stories of the same cluster, then across clusters of one group
    by_cluster: dict[str, list[Story]] = {}
    for s in stories:
        by_cluster.setdefault(s.cluster, []).append(s)
    for cluster, members in by_cluster.items():
        for x, y in itertools.combinations(members, 2):
            add_pair(
                base[x.sid],
                base[y.sid],
                "different",
                [],
                f"same cluster {cluster}: {x.sid} / {y.sid}",
                x.topic,
            )
    for group in CROSS_GROUPS:
        for c1, c2 in itertools.combinations(group, 2):
            for x, y in itertools.product(by_cluster.get(c1, []), by_cluster.get(c2, [])):
                add_pair(
                    base[x.sid],
                    base[y.sid],
                    "different",
                    [],
                    f"same topic and day: {x.sid} / {y.sid}",
                    x.topic,
                )
    # the same site's chrome around two different stories of one cluster
    for ci, (cluster, members) in enumerate(sorted(by_cluster.items())):
        if len(members) < 2:
            continue
        x, y = members[0], members[-1]
        sites = REGION_SITES.get(x.region, REGION_SITES["INT"])
        site = SITES[sites[ci % len(sites)]]
        r = random.Random(f"{SEED}-{cluster}")
        head = ["\n".join(site.masthead), r.choice(site.ticker)]
        tail = ["\n".join(site.share)]
        da = Doc(head=head[:], body=x.body[:], tail=tail[:]).render()
        db = Doc(head=head[:], body=y.body[:], tail=tail[:]).render()
        add_pair(
            da,
            db,
            "different",
            [],
            f"same site chrome ({site.name}) around {x.sid} / {y.sid}",
            x.topic,
        )

    # rewrites: the same facts in other words, as another site would run them
    for i, s in enumerate(stories):
        if not s.rewrite:
            continue
        doc = Doc(body=s.rewrite[:])
        if i % 2:
            doc.head.append(s.headline2)
        add_pair(
            base[s.sid], doc.render(), "rewrite", [], f"{s.sid}: rewritten by another site", s.topic
        )

    return stories, reg, pairs


def serialise(pairs: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)


def write(reg: Registry, pairs: list[dict]) -> None:
    TEXTS_DIR.mkdir(exist_ok=True)
    for old in TEXTS_DIR.glob("*.txt"):
        if old.stem not in reg.texts:
            old.unlink()
    for tid, text in reg.texts.items():
        (TEXTS_DIR / f"{tid}.txt").write_text(text, encoding="utf-8")
    PAIRS_FILE.write_text(serialise(pairs), encoding="utf-8")


# ---------------------------------------------------------------------------
# --check


def foreign_text() -> str:
    chunks = []
    for root in FOREIGN_SOURCES:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix not in {
                ".txt",
                ".yaml",
                ".html",
                ".json",
                ".py",
                ".md",
            }:
                continue
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1256", errors="replace")
            if path.suffix == ".html":
                text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", text)
                text = html.unescape(re.sub(r"<[^>]+>", " ", text))
            elif path.suffix == ".json":
                text = json.dumps(json.loads(text), ensure_ascii=False)
            chunks.append(text)
    return "\n".join(chunks)


def check(stories: list[Story], reg: Registry, pairs: list[dict]) -> list[str]:
    problems = []
    # files on disk equal the generator's output
    on_disk = {p.stem for p in TEXTS_DIR.glob("*.txt")} if TEXTS_DIR.exists() else set()
    if on_disk != set(reg.texts):
        problems.append(f"texts/ differs from the generator: {len(on_disk ^ set(reg.texts))} ids")
    for tid, text in reg.texts.items():
        path = TEXTS_DIR / f"{tid}.txt"
        if path.exists() and path.read_text(encoding="utf-8") != text:
            problems.append(f"{tid}: file differs from the generator")
    if not PAIRS_FILE.exists() or PAIRS_FILE.read_text(encoding="utf-8") != serialise(pairs):
        problems.append("pairs.jsonl differs from the generator")
        disk_pairs = pairs
    else:
        disk_pairs = [json.loads(x) for x in PAIRS_FILE.read_text(encoding="utf-8").splitlines()]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt")}

    # story pool
    ids = [s.sid for s in stories]
    if len(set(ids)) != len(ids):
        problems.append("duplicate story ids")
    if len(stories) < 60:
        problems.append(f"only {len(stories)} base stories (< 60)")
    for s in stories:
        for label, paras in (("body", s.body), ("rewrite", s.rewrite)):
            if paras is not None and not MIN_WORDS <= len(words("\n".join(paras))) <= MAX_WORDS:
                problems.append(f"{s.sid}: {label} has {len(words(' '.join(paras)))} words")

    # pairs
    seen = set()
    counts = Counter(p["label"] for p in disk_pairs)
    for i, p in enumerate(disk_pairs, 1):
        a, b = p["a"], p["b"]
        for t in (a, b):
            if t not in texts:
                problems.append(f"pair {i}: text {t} missing")
        if a == b:
            problems.append(f"pair {i}: a == b")
        key = frozenset((a, b))
        if key in seen:
            problems.append(f"pair {i}: repeated ({a}, {b})")
        seen.add(key)
        if a not in texts or b not in texts:
            continue
        c = containment(texts[a], texts[b])
        if p["label"] == "near_copy":
            if c < NEAR_MIN:
                problems.append(f"pair {i} ({a},{b}) near_copy shares only {c:.2f}")
            if not p["edits"]:
                problems.append(f"pair {i}: near_copy without edit tags")
        elif p["label"] in ("different", "rewrite"):
            if c >= OTHER_MAX:
                problems.append(f"pair {i} ({a},{b}) {p['label']} shares {c:.2f}")
        else:
            problems.append(f"pair {i}: unknown label {p['label']}")
    for label, need in (("near_copy", 120), ("different", 80), ("rewrite", 40)):
        if counts[label] < need:
            problems.append(f"{label}: {counts[label]} pairs (< {need})")
    if len(disk_pairs) < 240:
        problems.append(f"only {len(disk_pairs)} pairs (< 240)")
    for tid, text in texts.items():
        n = len(words(text))
        if not MIN_WORDS <= n <= MAX_WORDS:
            problems.append(f"{tid}: {n} words")

    # no 8-word run shared with the demo data or the extraction gold set
    foreign = shingles(tokens(foreign_text()), 8)
    for s in stories:
        own = shingles(
            tokens("\n".join(s.body + (s.rewrite or []) + [s.extra or "", s.local or ""])), 8
        )
        hit = own & foreign
        if hit:
            problems.append(
                f"{s.sid}: {len(hit)} 8-word runs also in demo data or gold, e.g. {' '.join(next(iter(hit)))}"
            )
    return problems


# ---------------------------------------------------------------------------
# --stats


def quantiles(xs: list[float]) -> str:
    xs = sorted(xs)
    if not xs:
        return "-"
    q = statistics.quantiles(xs, n=10) if len(xs) > 1 else [xs[0]] * 9
    fmt = (lambda v: f"{v:.2f}") if isinstance(xs[0], float) else str
    return f"n={len(xs)} min={fmt(xs[0])} p10={fmt(q[0])} median={fmt(statistics.median(xs))} p90={fmt(q[8])} max={fmt(xs[-1])}"


def stats(stories: list[Story], reg: Registry, pairs: list[dict]) -> str:
    out = []
    out.append(
        f"base stories: {len(stories)} in {len({s.cluster for s in stories})} clusters; "
        f"rewrites written: {sum(1 for s in stories if s.rewrite)}"
    )
    out.append(
        "stories per topic: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(s.topic for s in stories).items()))
    )
    out.append(
        "stories per region: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(s.region for s in stories).items()))
    )
    out.append(f"texts: {len(reg.texts)}")
    lens = [len(words(t)) for t in reg.texts.values()]
    out.append("text length (words): " + quantiles(lens))
    hist = Counter(min(n // 100, 6) for n in lens)
    out.append(
        "  histogram: "
        + ", ".join(f"{b * 100}-{b * 100 + 99}: {hist[b]}" for b in range(1, 7) if hist[b])
    )
    out.append(f"pairs: {len(pairs)}")
    for label, n in sorted(Counter(p["label"] for p in pairs).items()):
        out.append(f"  {label}: {n}")
    out.append("edit tags (near_copy pairs):")
    for tag, n in sorted(
        Counter(t for p in pairs for t in p["edits"]).items(), key=lambda x: (-x[1], x[0])
    ):
        out.append(f"  {tag}: {n}")
    out.append(
        "edits per near_copy pair: "
        + ", ".join(
            f"{k}: {v}"
            for k, v in sorted(
                Counter(len(p["edits"]) for p in pairs if p["label"] == "near_copy").items()
            )
        )
    )
    for label in ("near_copy", "different", "rewrite"):
        sel = [p for p in pairs if p["label"] == label]
        c5 = [containment(reg.texts[p["a"]], reg.texts[p["b"]]) for p in sel]
        raw = [containment(reg.texts[p["a"]], reg.texts[p["b"]], fold=False) for p in sel]
        out.append(f"{label}: shared 5-grams of the shorter text (folded) {quantiles(c5)}")
        out.append(f"{label}: same, raw tokens {quantiles(raw)}")
        out.append(f"{label}: change (1 - word diff ratio) {quantiles([p['change'] for p in sel])}")
    out.append(
        "pairs per topic: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(p["topic"] for p in pairs).items()))
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify files on disk and labels")
    ap.add_argument("--stats", action="store_true", help="print counts and distributions")
    args = ap.parse_args(argv)
    stories, reg, pairs = build()
    if args.stats:
        print(stats(stories, reg, pairs))
    if args.check:
        problems = check(stories, reg, pairs)
        for p in problems:
            print("FAIL", p)
        n = Counter(p["label"] for p in pairs)
        print(
            f"{'FAILED' if problems else 'OK'}: {len(reg.texts)} texts, {len(pairs)} pairs "
            f"(near_copy {n['near_copy']}, different {n['different']}, rewrite {n['rewrite']}), "
            f"{len(problems)} problem(s)"
        )
        return 1 if problems else 0
    if not args.stats:
        write(reg, pairs)
        print(f"wrote {len(reg.texts)} texts and {len(pairs)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

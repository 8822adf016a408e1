"""One article under several URLs is not chrome (issue 15, class 1).

Before: each URL counted as an article, so every line of a body served under three URLs was
"on 3 articles" and learned as chrome, and the article was archived with empty text. Evidence
is now counted by distinct texts, long lines need far more of it, and a chrome line must have
been seen in two contexts; the site's real chrome is still learned.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arshif.extract.chrome_evidence import evidence_needed
from arshif.extract.site_chrome import MIN_ARTICLES, ChromeLearner, SiteChrome

BODY = [
    "افتتح محافظ البحر الأحمر صباح اليوم محطة جديدة لتحلية مياه البحر بطاقة ثمانين ألف متر مكعب "
    "يوميا، بعد عامين من بدء أعمال الإنشاء على الشريط الساحلي جنوب المدينة.",
    "تفاصيل المشروع",  # a short subheading of the article: short lines are body too
    "وأوضح المحافظ أن المحطة تخدم نحو مئتي ألف نسمة في ثلاث مدن ساحلية، وأن تكلفتها بلغت مليار "
    "جنيه جرى تمويلها بالشراكة بين الحكومة وعدد من المستثمرين المحليين.",
    "وقال رئيس الشركة القابضة إن المحطة تعمل بتقنية التناضح العكسي وتستهلك طاقة أقل بنحو الثلث "
    "من المحطات القديمة.",
]
MASTHEAD = "الوادي نيوز.. صوت الناس من الصعيد إلى البحر"
PROMPT = "لمتابعة آخر الأخبار أرسل كلمة «وادي» في رسالة نصية إلى الرقم 9090"
SHARE = ["شارك الخبر", "فيسبوك", "إكس"]  # a fixed block of three lines, always together
# Words of the site's other stories: each is written from its own draw, so no two share prose.
VOCABULARY = ("الحكومة الوزارة المحافظة المجلس البرلمان الشركة الجامعة المستشفى السوق الأسعار "
              "المياه الكهرباء الطريق المدارس الطلاب العمال المزارعين الموسم الحصاد القمح الميناء "
              "المطار الرحلات السياحة الفنادق المعرض الكتاب المسرح المباراة الفريق المدرب الملعب "
              "أعلن أكد قال أوضح أشار طالب قرر بدأ انتهى ارتفع انخفض تراجع زاد افتتح أغلق ناقش "
              "اليوم أمس غدا صباحا مساء الأسبوع الشهر العام المقبل الماضي الجاري الجديد القديم "
              "الأولى الثانية كبيرة صغيرة سريعة طويلة").split()


def other_article(n: int) -> list[str]:
    """Another story of the site, two sentences of its own (the same for the same ``n``)."""
    draw = random.Random(n)
    return [" ".join(draw.choices(VOCABULARY, k=draw.randint(14, 20))) for _ in range(2)]


def with_chrome(paragraphs: list[str]) -> str:
    return "\n\n".join([MASTHEAD, *paragraphs, PROMPT, "\n".join(SHARE)])


def damaged(text: str) -> str:
    """A copy with a few broken bytes: three letters decoded as U+FFFD pairs."""
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if "\u0621" <= c <= "\u064a"]
    for index in (letters[10], letters[70], letters[130]):
        chars[index] = "\ufffd\ufffd"
    return "".join(chars)


def learn(texts: dict[str, str], previous: SiteChrome | None = None, run: str = "r1") -> SiteChrome:
    learner = ChromeLearner(previous or SiteChrome(site="wadi-news"), run)
    for url, text in texts.items():
        learner.observe(url, text)
    return learner.model()


def copies(count: int, body: str) -> dict[str, str]:
    """``count`` URLs of one body: the same text, its windows-1256 copy (decoded: the same
    text) and, from the third on, one with broken bytes; aliases, print and AMP addresses."""
    forms = ["http://wadi.example/article/{n}.html", "http://wadi.example/print/{n}",
             "http://amp.wadi.example/article/{n}.html"]
    texts = {}
    for n in range(count):
        text = damaged(body) if n == 2 else body
        texts[forms[n % 3].format(n=n)] = text
    return texts


def kept(model: SiteChrome, text: str) -> str:
    return "\n\n".join(model.filter_blocks(text.split("\n\n")))


@pytest.mark.parametrize("urls", [3, 5, 10])
def test_one_body_under_many_urls_is_not_chrome(urls):
    body = "\n\n".join(BODY)
    model = learn(copies(urls, body))
    assert not model.chrome_keys()
    assert kept(model, body) == body


@pytest.mark.parametrize("urls", [3, 5, 10])
def test_one_body_under_many_urls_with_real_chrome_around(urls):
    texts = copies(urls, with_chrome(BODY))
    texts |= {f"http://wadi.example/news/{n}": with_chrome(other_article(n)) for n in range(3)}
    model = learn(texts)
    for line in (MASTHEAD, PROMPT, *SHARE):
        assert model.is_chrome(line), line
    for paragraph in BODY:
        assert not model.is_chrome(paragraph), paragraph
    for text in texts.values():
        left = kept(model, text)
        assert MASTHEAD not in left and PROMPT not in left and "فيسبوك" not in left
    assert kept(model, with_chrome(BODY)) == "\n\n".join(BODY)


def test_copies_count_as_one_text_so_two_articles_are_not_enough():
    # The body's copies and two other articles: three distinct texts carry the chrome, which is
    # learned; the copies alone would have been "ten articles" before.
    texts = copies(10, with_chrome(BODY)) | {
        f"http://wadi.example/news/{n}": with_chrome(other_article(n)) for n in range(1)}
    assert not learn(texts).is_chrome(MASTHEAD)  # two distinct texts only
    texts["http://wadi.example/news/9"] = with_chrome(other_article(9))
    assert learn(texts).is_chrome(MASTHEAD)


def test_the_same_body_under_a_new_url_in_every_run_is_not_chrome():
    # Counting across runs cannot tell the copies apart; their lines always sit beside the
    # same lines (one context), so they never become chrome.
    body = "\n\n".join(BODY)
    model = None
    for run in range(1, 8):
        model = learn({f"http://wadi.example/article/{run}.html": body}, model, f"r{run}")
    assert model.lines and all(s.count == 7 for s in model.lines.values())
    assert not model.chrome_keys()
    assert kept(model, body) == body


def test_a_quoted_paragraph_shared_by_two_articles_stays_in_both():
    quote = ("وقال الوزير في بيانه إن الحكومة ماضية في خطتها لإصلاح منظومة الدعم رغم الصعوبات، "
             "وإن المرحلة المقبلة ستشهد توسيع شبكة الحماية الاجتماعية لتشمل مليون أسرة إضافية.")
    first = with_chrome([other_article(1)[0], quote, other_article(1)[1]])
    second = with_chrome([other_article(2)[0], quote, other_article(2)[1]])
    texts = {"http://wadi.example/news/1": first, "http://wadi.example/news/2": second}
    texts |= {f"http://wadi.example/news/{n}": with_chrome(other_article(n)) for n in range(3, 6)}
    model = learn(texts)
    assert model.is_chrome(MASTHEAD) and not model.is_chrome(quote)
    assert quote in kept(model, first) and quote in kept(model, second)


def test_a_long_paragraph_needs_far_more_texts_than_a_short_line():
    assert evidence_needed(PROMPT, MIN_ARTICLES) == MIN_ARTICLES
    forty_words = " ".join(["كلمة"] * 40)
    assert evidence_needed(forty_words, MIN_ARTICLES) >= 8 * MIN_ARTICLES
    long_line = BODY[0]  # 28 words, printed on ten different articles in different places
    texts = {f"http://wadi.example/news/{n}": with_chrome([*other_article(n), long_line])
             for n in range(10)}
    model = learn(texts)
    assert model.is_chrome(PROMPT) and not model.is_chrome(long_line)
    texts |= {f"http://wadi.example/more/{n}": with_chrome([long_line, *other_article(n + 10)])
              for n in range(evidence_needed(long_line, MIN_ARTICLES))}
    assert learn(texts).is_chrome(long_line)  # a site that does print it everywhere


def test_a_fixed_block_of_chrome_lines_is_learned_whole():
    texts = {f"http://wadi.example/news/{n}": with_chrome(other_article(n)) for n in range(4)}
    model = learn(texts)
    assert all(model.is_chrome(line) for line in SHARE)
    assert SiteChrome.from_json(model.to_json()).chrome_keys() == model.chrome_keys()


def test_a_format_1_model_is_read_without_contexts_and_relearns():
    # A model saved before contexts were kept (the one that erased the article): its body
    # lines were "chrome" by count alone; read now, nothing is chrome until seen in contexts.
    old = learn(copies(3, "\n\n".join(BODY))).to_json()
    old["format"] = "arshif-site-chrome/1"
    old["lines"] = {key: [*stats[:2], 3, stats[3]] for key, stats in old["lines"].items()}
    model = SiteChrome.from_json(old)
    assert model.lines and not model.chrome_keys()
    texts = {f"http://wadi.example/news/{n}": with_chrome(other_article(n)) for n in range(3)}
    assert learn(texts, model, "r2").is_chrome(MASTHEAD)


@settings(max_examples=40, deadline=None)
@given(urls=st.integers(2, 12), others=st.integers(0, 5), chrome=st.booleans(),
       damage=st.booleans(), order=st.randoms(use_true_random=False))
def test_no_crawl_of_copies_learns_the_body(urls, others, chrome, damage, order):
    wrap = with_chrome if chrome else "\n\n".join
    body = wrap(BODY)
    texts = [(f"http://wadi.example/a/{n}", damaged(body) if damage and n == 1 else body)
             for n in range(urls)]
    texts += [(f"http://wadi.example/news/{n}", wrap(other_article(n))) for n in range(others)]
    order.shuffle(texts)
    model = learn(dict(texts))
    for paragraph in BODY:
        assert not model.is_chrome(paragraph)
    assert kept(model, body).count("\n\n") >= len(BODY) - 1
    # Real chrome: learned exactly when three distinct texts carry it (the copies are one).
    assert model.is_chrome(PROMPT) == (chrome and others + 1 >= MIN_ARTICLES)


def test_short_stories_in_a_heavy_template_are_not_taken_for_copies():
    # A dozen short chrome lines around a one-sentence story: most of each text is the
    # template (two stories' whole texts have Jaccard 0.67), yet the stories are different texts, and the
    # template is learned.
    ticker = [f"عاجل: {' '.join(random.Random(100 + i).choices(VOCABULARY, k=8))}" for i in range(8)]
    texts = {f"http://wadi.example/news/{n}": with_chrome([*ticker, other_article(n)[0]])
             for n in range(3)}
    model = learn(texts)
    assert all(model.is_chrome(line) for line in (MASTHEAD, PROMPT, *ticker))

"""The hook for per-site chrome models: ``extract_article(..., site_chrome=)`` and ``refilter``."""

from __future__ import annotations

from extract_pages import CHROME_LINES, PARAGRAPHS, SUBHEADINGS, seed_page

from arshif.extract import Article, extract_article
from arshif.extract.article import refilter

URL = "https://mwatan.news/900419"
# A line the site prints in every article body (say, a copyright footer inside the column),
# which no generic rule knows.
SITE_LINE = "جميع المواد المنشورة بموقع موطن نيوز تعبر عن رأي أصحابها فقط."


class BlockModel:
    """A per-site model in its simplest form: drops the blocks it was told about."""

    name = "mwatan/chrome-v3"

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = set(blocks)
        self.seen: list[list[str]] = []

    def filter_blocks(self, blocks: list[str]) -> list[str]:
        self.seen.append(list(blocks))
        return [block for block in blocks if block not in self.blocks]


class Unnamed:
    def filter_blocks(self, blocks: list[str]) -> list[str]:
        return blocks


def _page() -> str:
    body_end = f"<p>{PARAGRAPHS[-1]}</p>"
    return seed_page(nested=True).replace(body_end, f"{body_end}<p>{SITE_LINE}</p>")


def _extract(**kwargs: object) -> Article:
    return extract_article(_page(), url=URL, timezone="Africa/Cairo", **kwargs)  # type: ignore[arg-type]


def test_without_a_model_the_site_line_stays() -> None:
    article = _extract()
    assert SITE_LINE in article.text and article.chrome_model is None


def test_model_removes_its_blocks_and_text_fields_follow() -> None:
    model = BlockModel([SITE_LINE, SUBHEADINGS[3]])
    plain, filtered = _extract(), _extract(site_chrome=model)
    assert SITE_LINE not in filtered.text
    assert filtered.headings == SUBHEADINGS[:3]
    assert filtered.word_count == plain.word_count - len(SITE_LINE.split()) - len(
        SUBHEADINGS[3].split()
    )
    assert filtered.chrome_model == "mwatan/chrome-v3"
    assert all(p in filtered.text for p in PARAGRAPHS)
    # Everything else is the page's, not the model's.
    assert (filtered.title, filtered.date, filtered.page_kind) == (
        plain.title,
        plain.date,
        plain.page_kind,
    )


def test_model_sees_blocks_after_generic_chrome_removal() -> None:
    model = BlockModel([])
    _extract(site_chrome=model)
    (blocks,) = model.seen
    assert blocks[0] == PARAGRAPHS[0] and SITE_LINE in blocks
    for line in CHROME_LINES:
        assert line not in blocks


def test_refilter_equals_extracting_with_the_model() -> None:
    learned = BlockModel([SITE_LINE, SUBHEADINGS[0]])
    assert refilter(_extract(), learned).to_dict() == _extract(site_chrome=learned).to_dict()


def test_refilter_splits_the_text_back_into_blocks() -> None:
    article = _extract()
    model = BlockModel([])
    refilter(article, model)
    assert model.seen == [article.text.split("\n\n")]


def test_refilter_without_model_changes_nothing_but_the_model_name() -> None:
    article = _extract(site_chrome=BlockModel([]))
    again = refilter(article, None)
    assert again.text == article.text and again.chrome_model is None


def test_model_without_a_name() -> None:
    assert _extract(site_chrome=Unnamed()).chrome_model is None


# -- a model never takes most of an article (issue 15, class 1) ---------------------------------
def test_a_model_that_would_take_most_of_the_article_is_not_applied() -> None:
    plain = _extract()
    most = BlockModel(PARAGRAPHS[:-1])  # every paragraph but the last: the article's own text
    article = refilter(plain, most)
    assert article.text == plain.text and article.word_count == plain.word_count
    assert article.chrome_model == "mwatan/chrome-v3"  # the model was consulted…
    assert "more than 50%" in article.chrome_skipped  # …and why its filtering was not applied
    assert _extract(site_chrome=most).chrome_skipped == article.chrome_skipped


def test_a_model_that_would_leave_less_than_a_brief_is_not_applied() -> None:
    from arshif.extract.record import BRIEF_CHARS

    story = ["أعلنت الوزارة اليوم فتح باب التقديم لمسابقة المعلمين الجديدة في جميع المحافظات، على أن "
             "يستمر التقديم عبر البوابة الإلكترونية حتى نهاية الشهر.",
             "وقال المتحدث باسم الوزارة إن المسابقة تضم عشرين ألف وظيفة، وإن نتائجها تعلن خلال شهرين "
             "من غلق باب التقديم.",
             "وأضاف أن الأولوية ستكون لخريجي كليات التربية الحاصلين على تقديرات مرتفعة.",
             "وأشار إلى أن الوزارة ستعلن مواعيد الاختبارات التحريرية والمقابلات الشخصية على موقعها."]
    brief = Article(url=URL, title="مسابقة المعلمين", text="\n\n".join(story), date=None)
    # Two of its four paragraphs (42% of 350 characters): what is left is no brief any more.
    article = refilter(brief, BlockModel(story[1:3]))
    assert article.text == brief.text and "less than a brief" in article.chrome_skipped
    # A slogan-sized line (a fifth of it) may go, even if less than a brief is left.
    slogan = refilter(brief, BlockModel([story[2]]))
    assert slogan.chrome_skipped is None and story[2] not in slogan.text
    longer = Article(url=URL, title="t", text="\n\n".join([*story, story[0]]), date=None)
    kept = refilter(longer, BlockModel(story[1:3]))
    assert kept.chrome_skipped is None and len(kept.text) >= BRIEF_CHARS  # under a third: applied


def test_a_short_story_loses_its_slogan_and_prompt() -> None:
    story = "أعلنت الوزارة اليوم فتح باب التقديم لمسابقة المعلمين الجديدة في جميع المحافظات والمدن الكبرى"
    lines = ["الوادي نيوز.. صوت الناس", story, "تابعوا آخر الأخبار عبر خدمة الرسائل"]
    article = refilter(Article(url=URL, title="t", text="\n\n".join(lines), date=None),
                       BlockModel([lines[0], lines[2]]))
    assert article.text == story and article.chrome_skipped is None


def test_pages_that_are_not_articles_are_filtered_freely() -> None:
    from dataclasses import replace

    section = replace(_extract(), page_kind="section")
    article = refilter(section, BlockModel(PARAGRAPHS))
    assert article.chrome_skipped is None and not any(p in article.text for p in PARAGRAPHS)


def test_refilter_without_model_forgets_why_it_was_skipped() -> None:
    skipped = refilter(_extract(), BlockModel(PARAGRAPHS))
    assert skipped.chrome_skipped
    assert refilter(skipped, None).chrome_skipped is None

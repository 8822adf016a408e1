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

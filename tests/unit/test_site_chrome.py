"""Site chrome learned from a site's own articles: recurring lines go, one-page sentences stay."""

from arshif.extract.site_chrome import MIN_ARTICLES, ChromeLearner, SiteChrome

MASTHEAD = "رئيس التحرير: أحمد ناصف"
READ_ALSO = "اقرأ أيضا: الحكومة تعلن موعد صرف المعاشات"


def article(n: int, extra: str = "") -> str:
    return "\n\n".join([
        MASTHEAD,
        f"أعلنت الوزارة اليوم عن خطة جديدة رقم {n} لتطوير الخدمات في المحافظات",
        READ_ALSO,
        f"وقال المتحدث باسم الوزارة إن المرحلة {n} تبدأ الشهر المقبل" + extra,
    ])


def learn(texts: dict[str, str], previous: SiteChrome | None = None, run: str = "r1") -> SiteChrome:
    learner = ChromeLearner(previous or SiteChrome(site="masr-today"), run)
    for url, text in texts.items():
        learner.observe(url, text)
    return learner.model()


def test_lines_on_many_articles_are_learned_and_removed_anywhere():
    model = learn({f"http://x/news/{n}/": article(n) for n in range(5)})
    assert model.version == 1 and model.name == "masr-today/v1"
    assert model.is_chrome(MASTHEAD) and model.is_chrome(READ_ALSO)
    # normalised matching: tashkeel and alef forms do not hide a chrome line
    assert model.is_chrome("رئيس التحرير: أَحمد ناصف")
    blocks = model.filter_blocks(article(9).split("\n\n") + [f"{MASTHEAD}\nسطر خاص بهذه الصفحة"])
    assert MASTHEAD not in "\n".join(blocks) and READ_ALSO not in "\n".join(blocks)
    assert "سطر خاص بهذه الصفحة" in blocks[-1]
    assert len(blocks) == 3


def test_a_sentence_on_one_page_is_never_chrome_even_when_rechecked():
    one_page = "وأكد الشاهد أنه رأى الحادث بعينه من شرفة منزله"
    texts = {f"http://x/news/{n}/": article(n) for n in range(4)}
    texts["http://x/news/1/"] = article(1) + "\n\n" + one_page
    model = learn(texts)
    # the same article re-checked on later runs counts once
    for run in ("r2", "r3", "r4", "r5"):
        model = learn({"http://x/news/1/": article(1) + "\n\n" + one_page}, model, run)
    assert not model.is_chrome(one_page)
    assert one_page in "\n".join(model.filter_blocks((article(1) + "\n\n" + one_page).split("\n\n")))


def test_a_line_shared_by_fewer_articles_than_the_threshold_stays():
    shared = "وكانت الوزارة قد أعلنت في وقت سابق عن تفاصيل المرحلة الأولى"
    texts = {f"http://x/news/{n}/": article(n) + ("\n\n" + shared if n < MIN_ARTICLES - 1 else "")
             for n in range(6)}
    assert not learn(texts).is_chrome(shared)


def test_models_round_trip_and_forget_old_singletons():
    model = learn({f"http://x/news/{n}/": article(n) for n in range(5)})
    again = SiteChrome.from_json(model.to_json())
    assert again.chrome_keys() == model.chrome_keys() and again.version == 1
    assert MASTHEAD in model.to_json()["chrome"]
    later = model
    for run in ("r2", "r3", "r4"):
        later = learn({f"http://x/other/{run}/": "سطر واحد فقط"}, later, run)
    singles = [s for s in later.lines.values() if s.count == 1]
    assert all(s.last_run in ("r3", "r4") for s in singles)
    assert later.is_chrome(MASTHEAD) and later.version == 4

"""Word-level diffs of article versions, in the published text (never normalised)."""

from arshif.textdiff import diff_texts, render

OLD = "أعلنت الحكومة اليوم عن خطة جديدة.\n\nوقال الوزير إن التنفيذ يبدأ غدا.\n\nفقرة ثالثة لا تتغير."
NEW = ("أعلنت الحكومة اليوم عن خطة جديدة.\n\nوقال الوزير إن التنفيذ يبدأ الأسبوع المقبل.\n\n"
       "فقرة ثالثة لا تتغير.\n\nوأضاف أن الخطة تشمل كل المحافظات.")


def test_changed_and_added_paragraphs_with_word_pieces():
    changes = diff_texts(OLD, NEW)
    assert [c.op for c in changes] == ["changed", "added"]
    changed = changes[0]
    assert (changed.old_index, changed.new_index) == (2, 2)
    assert [(p.op, p.text) for p in changed.pieces] == [
        ("equal", "وقال الوزير إن التنفيذ يبدأ"), ("delete", "غدا."), ("insert", "الأسبوع المقبل.")]
    text = render(changes)
    assert "[-غدا.-] {+الأسبوع المقبل.+}" in text and "+ ¶4" in text
    assert "\x1b[" in render(changes, colour=True)


def test_no_change_and_removed_paragraphs_and_tashkeel_shown_as_is():
    assert diff_texts(OLD, OLD) == []
    removed = diff_texts(NEW, OLD)
    assert removed[-1].op == "removed"
    # stored text is compared as published: a diacritic is a visible change
    marked = diff_texts("كتب الوزير", "كَتَبَ الوزير")
    assert marked[0].pieces[0].op == "delete"

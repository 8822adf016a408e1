"""The web UI of ``arshif serve`` in headless Chromium (issue 6, item 2, and its browser tests).

A real archive (the demo network's days 1 and 2 through the DAG into SeaweedFS, plus one run of
tests/serve/hostile_site.py) is served by `arshif serve` as a subprocess; Debian's Chromium
(`make chromium`), driven by playwright without a browser download of its own, loads the UI.

What an archivist relies on: the UI is Arabic and right to left; a word typed without its
diacritics finds the article whose text has them; an article shows every capture, its text, a
diff between two versions and its replay; the text is never mojibake; the digits and language
toggles hold. And a replayed page that carries script and a title made to break out of <title>
cannot run anything in the UI's origin: the title is shown as text, the UI is left untouched.

Screenshots of each step are saved under $ARSHIF_TEST_ARTIFACTS/ui (default: test-artifacts/ui
in the repository) and their paths printed at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from arshif_cli import serving

from arshif.demo import scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "serve"))
from hostile_site import TITLE  # noqa: E402

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "arshif-ui"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 30_000  # every wait in the browser is bounded by this
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")
ARABIC = re.compile("[\u0600-\u06ff]")


def artifacts_dir() -> Path:
    base = os.environ.get("ARSHIF_TEST_ARTIFACTS")
    return (Path(base) if base else ROOT / "test-artifacts") / "ui"


# -- the archive, the server, the browser --------------------------------------------------------

@pytest.fixture(scope="module")
def archive(demo_days12_hostile, copy_demo_archive):
    """Days 1 and 2 and the hostile site's run (the session's, tests/demo_archive.py), copied."""
    env, home = copy_demo_archive(demo_days12_hostile, BUCKET)
    return {"env": env, "home": home, "hostile": demo_days12_hostile.extra["hostile"]}


@pytest.fixture(scope="module")
def server(archive):
    with serving(archive["env"]) as info:
        yield info


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make chromium` (Debian's package)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                                          timeout=WAIT_MS * 2)
        try:
            yield chromium
        finally:
            chromium.close()


class Shots:
    """Screenshots of each step, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.taken = folder, []

    def take(self, page, name: str, what: str, element: str | None = None) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        if element:
            page.locator(element).screenshot(path=str(path), timeout=WAIT_MS)
        else:
            # The whole page in one viewport, not full_page=True: Chromium leaves a frame from
            # another origin (the replay) blank in a full-page capture.
            size = page.viewport_size
            height = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height, 8000))})
            try:
                page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
                page.screenshot(path=str(path), timeout=WAIT_MS)
            finally:
                page.set_viewport_size(size)
        self.taken.append((path, what))
        return path


@pytest.fixture(scope="module")
def shots(request):
    folder = artifacts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = Shots(folder)
    yield taken
    lines = [f"{path}  {what}" for path, what in taken.taken]
    (folder / "screenshots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture and lines:  # past pytest's output capture: the paths are the artifacts' index
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nUI screenshots ({folder}):")
            for line in lines:
                reporter.write_line("  " + line)


@pytest.fixture
def page(browser, server):
    """A fresh page (its own storage) that records the console and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    tab.console_lines, tab.requests = [], []
    tab.on("console", lambda message: tab.console_lines.append(message.text))
    tab.on("pageerror", lambda error: tab.console_lines.append(f"pageerror: {error}"))
    tab.on("request", lambda req: tab.requests.append(req.url))
    try:
        yield tab
    finally:
        context.close()


def open_ui(page, server, route: str = "") -> None:
    page.goto(server["api"] + "/" + route, timeout=WAIT_MS)
    ready(page, route.split("?")[0].strip("#/") or "search")


def ready(page, name: str) -> None:
    """Until the page ``name`` is drawn for the current address (not a page drawn before it)."""
    page.wait_for_function("name => document.body.dataset.ready === name && "
                           "document.body.dataset.route === location.hash", arg=name, timeout=WAIT_MS)


def assert_readable_arabic(page) -> str:
    text = page.inner_text("body")
    assert ARABIC.search(text), text[:300]
    assert not any(mark in text for mark in MOJIBAKE), [m for m in MOJIBAKE if m in text]
    return text


def search(page, words: str) -> list:
    page.fill("#q", words)
    page.click("form.search button[type=submit]")
    ready(page, "search")
    page.wait_for_selector("#result-count", timeout=WAIT_MS)
    return page.locator("#results > li.result").all()


def story_of(results: list, url: str):
    """The result whose story holds ``url`` (shown, or among its copies), or None."""
    return next((r for r in results if url == linked_url(r.locator("a.title"))
                 or url in {linked_url(a) for a in r.locator(".members a").all()}), None)


def linked_url(link) -> str:
    """The article URL a result's link (#/article?url=…&at=…) opens."""
    return parse_qs(link.get_attribute("href").split("?", 1)[1])["url"][0]


def history(server, url: str) -> list[dict]:
    response = server["client"].get(server["api"] + "/api/history", params={"url": url})
    assert response.status_code == 200, response.text[:300]
    return response.json()["captures"]


# -- the tests ----------------------------------------------------------------------------------

def test_the_ui_is_served_under_a_strict_policy(server):
    """Slow when run without tests/serve: its setup then builds the session's demo archive with
    the hostile site's run (tests/demo_archive.py), a DAG run per day."""
    client, api = server["client"], server["api"]
    for path, kind in (("/", "text/html"), ("/ui/app.js", "text/javascript"), ("/ui/style.css", "text/css")):
        response = client.get(api + path)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind), path
        policy = {d.split()[0]: d.split()[1:] for d in response.headers["content-security-policy"].split("; ")}
        assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert server["replay"] in policy["frame-src"] and "*" not in policy["frame-src"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert response.headers["x-content-type-options"] == "nosniff"
    html = client.get(api + "/").text
    assert '<html lang="ar" dir="rtl">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from elsewhere
    for probe in ("/ui/../../etc/passwd", "/ui/..%2f..%2fetc%2fpasswd", "/ui/nothing.js"):
        assert client.get(api + probe).status_code == 404
    assert client.get(api + "/api").json()["openapi"] == "/openapi.json"


def test_search_without_diacritics_opens_the_article_that_has_them(page, server, shots):
    open_ui(page, server)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    shots.take(page, "home", "the search page, Arabic, right to left, Arabic-Indic digits")

    seed, wire = scenario().wire_pair  # masr-today's story, whose text says عددًا (with tanwin)
    results = search(page, "عددا")
    assert results
    # One result per story: masr-today's story and gulf-wire's rewrite of it are one result,
    # its best-matching copy shown, then "N versions · M copies on K sites" with every copy.
    hit = story_of(results, seed)
    assert [story_of([r], seed) for r in results].count(None) == len(results) - 1
    assert not any(linked_url(r.locator("a.title")) in (seed, wire) for r in results if r != hit)
    shown = linked_url(hit.locator("a.title"))
    assert shown in (seed, wire)
    marks = hit.locator(".snippet mark").all_inner_texts()
    assert "عددًا" in marks, marks  # the original word, diacritics and all, highlighted
    assert hit.locator(".meta .site").inner_text() == ("masr-today" if shown == seed else "gulf-wire")
    flat = server["client"].get(server["api"] + "/api/search", params={"q": "عددا"}).json()["results"]
    (story,) = [r for r in flat if r["url"] == shown]
    members = hit.locator(".members a").all()
    assert {seed, wire} <= {linked_url(a) for a in members} and len(members) == story["copies"] >= 2
    hit.locator(".story summary").click()  # the copies, opened
    assert hit.locator(".members").is_visible()
    assert_readable_arabic(page)
    shots.take(page, "search-results", "results for عددا (typed without tanwin): عددًا highlighted in the snippets; "
               "one result per story, its copies on other sites opened under it")

    # The site filter: only gulf-wire's articles (its rewrite of the story among them).
    page.select_option("#site", "gulf-wire")
    page.click("form.search button[type=submit]")
    page.wait_for_function("() => location.hash.includes('site=gulf-wire')", timeout=WAIT_MS)
    ready(page, "search")
    filtered = page.locator("#results .meta .site").all_inner_texts()
    assert filtered and set(filtered) == {"gulf-wire"}
    assert wire in {linked_url(link) for link in page.locator("#results a.title").all()}
    page.go_back()
    ready(page, "search")
    hit = story_of(page.locator("#results > li.result").all(), seed)

    # masr-today's copy, from the result (its title, or its line among the story's copies).
    if linked_url(hit.locator("a.title")) != seed:
        hit.locator(".story summary").click()
        hit = next(a for a in hit.locator(".members a").all() if linked_url(a) == seed)
    else:
        hit = hit.locator("a.title")
    hit.click()
    ready(page, "article")
    captures = history(server, seed)
    assert page.locator("#article-heading").inner_text() == (captures[-1]["title"] or seed)
    buttons = page.locator("#timeline button")
    assert buttons.count() == len(captures) >= 2
    kinds = buttons.evaluate_all("bs => bs.map(b => b.dataset.kind)")
    assert kinds[0] == "new" and set(kinds) <= {"new", "changed", "unchanged", "revisit", "removed"}
    text = page.locator("#article-text").inner_text()
    assert "عددًا" in text
    assert_readable_arabic(page)
    shots.take(page, "article", "the article: capture timeline (kind of each capture), the text as it was")

    # Another capture on the timeline: its text and its replay follow.
    buttons.first.click()
    page.wait_for_function("() => document.querySelector('#timeline button').getAttribute('aria-pressed') == 'true'",
                           timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelector('#article-text') !== null", timeout=WAIT_MS)
    assert page.locator("#replay").get_attribute("src") == captures[0]["replay"]


def test_results_come_in_pages(page, server):
    open_ui(page, server)
    first = {linked_url(r.locator("a.title")) for r in search(page, "في")}  # nearly every article
    assert len(first) == 50 and page.locator("nav.pages a[rel=prev]").count() == 0
    page.click("nav.pages a[rel=next]")
    page.wait_for_function("() => location.hash.includes('offset=50')", timeout=WAIT_MS)
    ready(page, "search")
    assert page.locator("#results").get_attribute("start") == "51"
    second = page.locator("#results a.title").all()
    assert second and {linked_url(a) for a in second}.isdisjoint(first)
    assert page.locator("nav.pages a[rel=prev]").count() == 1


def test_a_diff_between_two_versions_inline_and_side_by_side(page, server, archive, shots):
    catalog = sqlite3.connect(Path(archive["home"]) / "catalog.sqlite")
    try:
        edited = {row[0] for row in catalog.execute(
            "SELECT canonical_url FROM captures GROUP BY canonical_url HAVING MAX(version) >= 2")}
    finally:
        catalog.close()
    url = scenario().edited
    assert url.rstrip("/") in {u.rstrip("/") for u in edited}

    open_ui(page, server)
    (hit,) = search(page, "\"الاربعه عشر\"")  # only in version 2: "الأربعة عشر"
    hit.locator("a.title").click()
    ready(page, "article")
    page.wait_for_selector("#diff .change", timeout=WAIT_MS)
    assert page.locator("#diff").get_attribute("data-mode") == "inline"
    inserted = page.locator("#diff ins").all_inner_texts()
    deleted = page.locator("#diff del").all_inner_texts()
    assert any(ARABIC.search(t) for t in inserted) and any(ARABIC.search(t) for t in deleted)
    assert "الأربعة عشر" in " ".join(page.locator("#diff .change").all_inner_texts())
    page.locator("#diff-section").scroll_into_view_if_needed()
    shots.take(page, "diff-inline", "diff of the edited accident story, version 1 → 2, inline", element="#diff-section")

    page.click("#diff-side")
    assert page.locator("#diff").get_attribute("data-mode") == "side"
    assert page.locator("#diff .columns .old del").count() > 0
    assert page.locator("#diff .columns .new ins").count() > 0
    assert page.locator("#diff .columns .old ins").count() == 0
    shots.take(page, "diff-side-by-side", "the same diff side by side (before | after)", element="#diff-section")

    # Any two captures: the first and the last, chosen in the form.
    captures = history(server, url)
    page.select_option("#diff-from", captures[0]["timestamp"])
    page.select_option("#diff-to", captures[-1]["timestamp"])
    page.click("#diff-compare")
    page.wait_for_selector("#diff .columns .new ins", timeout=WAIT_MS)
    assert_readable_arabic(page)


def test_the_replay_frame_shows_the_archived_page_from_the_replay_origin(page, server, shots):
    url = scenario().edited
    open_ui(page, server, "#/article?url=" + quote(url, safe=""))
    frame_element = page.locator("#replay")
    assert frame_element.get_attribute("sandbox") == ""  # no scripts, no same origin, no top navigation
    assert frame_element.get_attribute("referrerpolicy") == "no-referrer"
    heading = page.frame_locator("#replay").locator("h1")
    title = history(server, url)[-1]["title"]
    assert " ".join(heading.inner_text(timeout=WAIT_MS).split()) == " ".join(title.split())
    (frame,) = [f for f in page.frames if f != page.main_frame]
    assert frame.url.startswith(server["replay"] + "/web/")
    assert urlsplit(frame.url).netloc != urlsplit(server["api"]).netloc
    # The UI cannot read into the frame either: another origin.
    assert page.evaluate("document.getElementById('replay').contentDocument") is None
    body = page.frame_locator("#replay").locator("body").inner_text(timeout=WAIT_MS)
    assert ARABIC.search(body) and not any(mark in body for mark in MOJIBAKE)
    frame_element.scroll_into_view_if_needed()
    shots.take(page, "replay", "the archived page replayed in the sandboxed frame (replay origin)",
               element="#replay-section")
    origins = (server["api"], server["replay"])
    assert all(u.startswith(origins) or u.startswith("data:") for u in page.requests), page.requests


def test_digits_and_english_toggles(page, server, shots):
    open_ui(page, server, "#/sites")
    table = page.locator("#sites-table tbody")
    assert re.search("[٠-٩]", table.inner_text()) and not re.search("[0-9]", table.locator("td.n").first.inner_text())
    assert page.locator("svg.chart rect.bar").count() > 0
    assert page.locator("#sites-table tbody tr").count() == 4
    shots.take(page, "sites", "sites: last-run figures and each site's daily new/changed/unchanged/failed chart")

    page.click("#digits-toggle")
    ready(page, "sites")
    assert re.search("[0-9]", table.locator("td.n").first.inner_text())
    assert not re.search("[٠-٩]", table.inner_text())
    assert page.evaluate("localStorage.getItem('arshif.digits')") == "latn"
    page.reload()
    ready(page, "sites")
    assert not re.search("[٠-٩]", page.locator("#sites-table tbody").inner_text())  # remembered
    shots.take(page, "sites-latin-digits", "the sites page with Latin digits (kept across a reload)")

    page.click("#lang-toggle")
    ready(page, "sites")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    assert page.locator("nav a[data-route=search]").inner_text() == "Search"
    assert page.locator("h1").inner_text() == "Sites"
    shots.take(page, "sites-english", "the sites page in English, left to right")

    page.goto(server["api"] + "/#/search?q=" + quote("الجسر"))
    ready(page, "search")
    title = page.locator("#results a.title").first
    assert title.get_attribute("dir") == "auto"  # Arabic text keeps its own direction in English
    assert page.evaluate("getComputedStyle(document.querySelector('#results a.title')).direction") == "rtl"
    shots.take(page, "search-english", "an Arabic search in the English UI: Arabic results stay right to left")
    page.click("#lang-toggle")
    ready(page, "search")
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_a_hostile_page_cannot_script_the_ui(page, server, archive, shots):
    url = archive["hostile"]
    open_ui(page, server)
    ui_title = page.title()
    results = search(page, "الجسر الحجري")
    first = results[0].locator("a.title")
    assert first.inner_text() == TITLE  # "</title><script>…" shown as the characters it is
    assert page.locator("#view script").count() == 0
    shots.take(page, "hostile-search", "a hostile title in the results, shown as text")

    first.click()
    ready(page, "article")
    assert page.locator("#article-heading").inner_text() == TITLE
    frame_heading = page.frame_locator("#replay").locator("h1")
    assert frame_heading.inner_text(timeout=WAIT_MS) == TITLE
    (frame,) = [f for f in page.frames if f != page.main_frame]
    assert frame.url.startswith(server["replay"] + "/web/") and frame.url.endswith(url)

    # Even code forced into the frame (through the browser's debugging protocol, past its CSP and
    # its sandbox) cannot reach the UI: the frame's origin is opaque, the UI's is another.
    attempts = frame.evaluate("""() => {
        const out = {};
        const attempt = (name, act) => { try { act(); out[name] = "done"; } catch (e) { out[name] = e.name; } };
        attempt("title", () => { parent.document.title = "pwned"; });
        attempt("storage", () => { top.localStorage.setItem("pwned", "1"); });
        attempt("global", () => { parent.pwned = 1; });
        attempt("cookie", () => { parent.document.cookie = "pwned=1"; });
        return out;
    }""")
    assert attempts == dict.fromkeys(("title", "storage", "global", "cookie"), "SecurityError"), attempts
    assert page.title() == ui_title
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('pwned'))") == []
    assert "pwned" not in page.evaluate("document.cookie")
    assert not [line for line in page.console_lines if "pwned" in line], page.console_lines
    assert page.locator("#view script").count() == 0
    assert_readable_arabic(page)
    shots.take(page, "hostile-article", "the hostile page's article: title as text, its replay inert")


def test_the_changes_page_shows_the_days_edits_with_their_diffs(page, server, shots):
    # Day 2 of the demo edits masr-today's accident story: the archive's last day of changes.
    url = scenario().edited.rstrip("/")
    open_ui(page, server, "#/changes")
    page.wait_for_selector("#changes-list li.change-entry", timeout=WAIT_MS)
    edited = [e for e in page.locator("#changes-list li.kind-edited").all()
              if e.get_attribute("data-url").rstrip("/") == url]
    assert edited, page.inner_text("#changes-list")[:500]
    entry = edited[0]
    entry.locator(".diff .change").first.wait_for(timeout=WAIT_MS)
    assert entry.locator(".diff ins").count() > 0 and entry.locator(".diff del").count() > 0
    assert "الأربعة عشر" in entry.inner_text()
    assert linked_url(entry.locator("a").first).rstrip("/") == url
    assert_readable_arabic(page)
    shots.take(page, "changes", "the Changes page: the last day's edits, each with its inline diff")

    page.select_option("#changes-site", "levant-post")
    ready(page, "changes")
    assert "site=levant-post" in page.evaluate("location.hash")
    assert all(e.get_attribute("data-url").rstrip("/") != url for e in page.locator("#changes-list li").all())

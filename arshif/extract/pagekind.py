"""What kind of page a capture is: an article, a section (index) page, a video or gallery
page, an anti-bot challenge, or a stub (error page, soft 404, paywall, next to nothing).

Every page is archived; only articles go into article text. A challenge (a "checking your
browser" or captcha page answered 200 in place of the article) is a failed fetch: the
extract step records a failure for it. The rules are few and each gives its reason, in the
order below (the first that fits wins):

1. stub: an HTTP error status; challenge: an anti-bot challenge (its words or its markup:
   Cloudflare's challenge platform, reCAPTCHA, hCaptcha, Turnstile) on a page with little
   text; stub: an error/"not found" page, a paywall
2. media: the page declares a video/gallery (og:type video.*, JSON-LD VideoObject…) or a
   player/gallery dominates, and there is little prose
3. section: many headline-like links and hardly any prose that is not one of them; or, at
   an index address ("/", "/economy", "/category/…") of a page that does not declare itself
   an article, a section name for a title or no more prose than a featured teaser; or a
   JSON-LD CollectionPage/ItemList
4. stub: near-empty (a few words)
5. article otherwise
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.textnorm import normalize_for_matching

# A link whose text has at least four words reads as a headline ("البنك المركزي يبقي أسعار
# الفائدة"); menus ("الرئيسية", "اقتصاد") and pagers are shorter.
_MIN_HEADLINE_WORDS = 4
_MIN_HEADLINE_CHARS = 15  # four short words and their spaces; shorter links are not split
_MAX_HEADLINE_WORDS = 30
_VIDEO_HOSTS = re.compile(
    r"youtube\.com|youtu\.be|youtube-nocookie|vimeo\.com|dailymotion\.com|dai\.ly|"
    r"facebook\.com/plugins/video|jwplayer|jwplatform|brightcove|kaltura|streamable|twitch\.tv"
)
# Images in a gallery or slideshow container ("gallery", "galleria", "slider", "slideshow").
_GALLERY_IMAGES = XPath(
    "//body//img[ancestor::*[contains(@class, 'galler') or contains(@class, 'slide')]]"
)
_GALLERY_MIN_IMAGES = 4
_MEDIA_TYPES = {"videoobject", "mediagallery", "imagegallery", "photograph"}
_LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
_MEDIA_PATH = re.compile(r"/(?:videos?|فيديو|gallery|galleries|photos?|albums?|صور|مصور)(?:/|$)")

# Thresholds, in characters of extracted prose (text outside headline links).
_MEDIA_DECLARED_PROSE = 1500  # a video page's description is short; an article with a clip is not
_MEDIA_PLAYER_PROSE = 300  # a page with a player and less than a 300-character brief
_SECTION_LINKS = 10  # a section page lists at least this many headlines…
_SECTION_PROSE = 200  # …and has less prose than the shortest brief (300 characters)
_SECTION_LINK_SHARE = 0.6  # …or its "text" is mostly those headlines
# …or, at an index address ("/", "/economy", "/category/…"), its title is a section's name
# ("اقتصاد") where an article's is a headline (4+ words), or its prose a featured teaser
_LISTING_PROSE = 1000
_DECLARED_SECTION_PROSE = 1500
_NEAR_EMPTY_WORDS = 8  # a one-line breaking-news item ("عاجل.. …") has more


@dataclass(frozen=True)
class Signals:
    """What the untouched page shows (read before chrome removal changes it)."""

    headlines: frozenset[str]  # texts of headline-like links, spaces collapsed
    headline_links: int
    players: int
    og_type: str
    jsonld_types: frozenset[str]
    head_title: str
    h1: str
    challenge_markup: str = ""  # what in the markup is an anti-bot challenge's, if anything


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _headlines(tree: HtmlElement) -> list[str]:
    # tree.iter() filters by tag in C; cheaper than an XPath that counts words per link.
    found = []
    for link in tree.iter("a"):
        text = link.text_content()
        if len(text) >= _MIN_HEADLINE_CHARS:
            words = text.split()
            if _MIN_HEADLINE_WORDS <= len(words) <= _MAX_HEADLINE_WORDS:
                found.append(" ".join(words))
    return found


def signals(tree: HtmlElement) -> Signals:
    links = _headlines(tree)
    players = sum(
        1
        for elem in tree.iter("video", "iframe")
        if elem.tag == "video" or _VIDEO_HOSTS.search(elem.get("src") or "")
    )
    h1 = next(iter(tree.iter("h1")), None)
    types: set[str] = set()
    for obj in meta.jsonld_objects(tree):
        types |= meta.types(obj)
    return Signals(
        headlines=frozenset(links),
        headline_links=len(links),
        players=players,
        og_type=(meta.meta_content(tree, "og:type") or "").strip().lower(),
        jsonld_types=frozenset(types),
        head_title=" ".join((tree.findtext(".//title") or "").split()),
        h1=" ".join(h1.text_content().split()) if h1 is not None else "",
        challenge_markup=_challenge_markup(tree),
    )


# Markup only challenge pages carry: Cloudflare's challenge scripts and forms, captcha widgets.
_CHALLENGE_MARKUP = re.compile(
    r"/cdn-cgi/challenge-platform|challenges\.cloudflare\.com|\bcf-(?:challenge|turnstile|chl)|"
    r"challenge-(?:form|stage|running)|\bg-recaptcha\b|\bh-captcha\b|hcaptcha\.com|"
    r"google\.com/recaptcha|_incapsula_resource|perimeterx|px-captcha|ddos-guard",
    re.IGNORECASE,
)
_CHALLENGE_ATTRS = XPath("//script/@src | //iframe/@src | //form/@action | //@id | //@class",
                         smart_strings=False)


# Every pattern above contains one of these: a page with none of them is not searched (the
# search cost 5% of a page's extraction: bench/extraction.py's profile).
_CHALLENGE_HINTS = ("challenge", "cf-", "captcha", "incapsula", "perimeterx", "ddos-guard")


def _challenge_markup(tree: HtmlElement) -> str:
    values = "\n".join(_CHALLENGE_ATTRS(tree)[:2000])  # no pattern spans a line break
    lowered = values.lower()
    if not any(hint in lowered for hint in _CHALLENGE_HINTS):
        return ""
    match = _CHALLENGE_MARKUP.search(values)
    return match.group(0) if match else ""


_CHALLENGE = re.compile(
    r"just a moment|checking your browser|checking if the site connection is secure|"
    r"attention required|verify you are human|are you a robot|captcha|ddos protection|"
    r"enable javascript and cookies to continue|access denied|request unsuccessful|"
    r"جار[يى] التحقق|تحقق من انك لست|لست روبوت|التحقق من متصفحك",
    re.IGNORECASE,
)
_ERROR = re.compile(
    r"^(?:error\s*)?404\b|\b404\s*(?:error|not found)|page not found|page (?:does not|doesn't) "
    r"exist|page introuvable|^not found$|"
    r"الصفحة (?:المطلوبة |التي تبحث عنها )?غير (?:موجودة|متوفرة|متاحة)|"
    r"لم يتم العثور على (?:الصفحة|المحتوى)|خطا 404|^عذرا الصفحة",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"للمشتركين فقط|حصري للمشتركين|اشترك (?:الان )?(?:للاستمرار|لمتابعة|لقراءة)|"
    r"subscribers only|subscribe to (?:continue|read)|to continue reading,? (?:please )?subscribe|"
    r"already a subscriber",
    re.IGNORECASE,
)
# Error and challenge pages are short; a long article that mentions "captcha" is an article.
_STUB_MAX_PROSE = 1000


def _key(text: str) -> str:
    return normalize_for_matching(text)


def _prose(blocks: list[str], headlines: frozenset[str]) -> tuple[int, int]:
    """Characters of text outside headline links, and inside them."""
    prose = linked = 0
    for block in blocks:
        for line in block.splitlines():
            line = _collapsed(line)
            if line in headlines:
                linked += len(line)
            else:
                prose += len(line)
    return prose, linked


def _stub_reason(sig: Signals, title: str, blocks: list[str], prose: int) -> str | None:
    if prose > _STUB_MAX_PROSE:
        return None
    # The page's own words for itself, normalised: its <title>, headline, <h1>, first lines.
    said = [_key(text) for text in (sig.head_title, title, sig.h1, " ".join(blocks[:2])[:300])]
    for key in said:
        if match := _CHALLENGE.search(key):
            return f"anti-bot challenge: {match.group(0)!r}"
    if sig.challenge_markup:
        return f"anti-bot challenge: markup {sig.challenge_markup!r}"
    for key in said:
        if match := _ERROR.search(key):
            return f"error page: {match.group(0)!r}"
    if match := _PAYWALL.search(_key(" ".join(blocks))):
        return f"paywall: {match.group(0)!r}"
    return None


def _declared_media(sig: Signals, url: str | None) -> str | None:
    if sig.og_type.startswith("video"):
        return f"og:type {sig.og_type}"
    media = sig.jsonld_types & _MEDIA_TYPES
    if media and not sig.jsonld_types & meta.ARTICLE_TYPES - {"webpage"}:
        return f"JSON-LD {sorted(media)[0]}"
    path = unquote(urlsplit(url or "").path).lower()
    if _MEDIA_PATH.search(path):
        return f"URL path {path!r}"
    return None


# Article addresses carry an id or a date (4+ digits) or a long slug ("the-minister-said-…").
_ARTICLE_URL = re.compile(r"\d{4,}|[^/=&]*[-_][^/=&]*[-_][^/=&]*[-_]")
_LISTING_PATH = re.compile(
    r"/(?:category|categories|section|sections|tag|tags|topics?|archives?|authors?|"
    r"قسم|اقسام|أقسام|تصنيف|وسم)(?:/|$)",
    re.IGNORECASE,
)
_MAX_LISTING_DEPTH = 2


def _listing_url(url: str | None) -> bool:
    """True for the address of an index page: "/economy", "/section/3", "/category/…", "/"."""
    if not url:
        return False
    parts = urlsplit(url)
    path = unquote(parts.path)
    if _LISTING_PATH.search(path):
        return True
    segments = [s for s in path.split("/") if s]
    return len(segments) <= _MAX_LISTING_DEPTH and not _ARTICLE_URL.search(
        f"{path}?{unquote(parts.query)}"
    )


def classify(
    sig: Signals,
    blocks: list[str],
    tree: HtmlElement,
    title: str | None = None,
    url: str | None = None,
    status: int | None = None,
) -> tuple[str, str]:
    """``(page_kind, reason)`` for a page, from its signals and its extracted blocks.

    ``tree`` is the page, read for galleries only when the prose is short (chrome removal
    leaves galleries alone, so it may have run)."""
    if status is not None and status >= 400:
        return "stub", f"HTTP status {status}"
    prose, linked = _prose(blocks, sig.headlines)
    if reason := _stub_reason(sig, title or "", blocks, prose):
        return ("challenge" if reason.startswith("anti-bot") else "stub"), reason
    declared = _declared_media(sig, url)
    if declared and prose < _MEDIA_DECLARED_PROSE:
        return "media", f"{declared}, {prose} characters of prose"
    if prose < _MEDIA_PLAYER_PROSE:
        images = 0 if sig.players else len(_GALLERY_IMAGES(tree))
        if sig.players or images >= _GALLERY_MIN_IMAGES:
            what = f"{sig.players} video player(s)" if sig.players else f"gallery of {images}"
            return "media", f"{what}, {prose} characters of prose"
    links = sig.headline_links
    listing_types = sig.jsonld_types & _LISTING_TYPES
    declared_article = sig.og_type == "article" or bool(
        sig.jsonld_types & meta.ARTICLE_TYPES - {"webpage"}
    )
    if links >= _SECTION_LINKS:
        share = linked / (linked + prose) if linked + prose else 0.0
        if share >= _SECTION_LINK_SHARE:
            return "section", f"{links} headline links; {share:.0%} of the text is headlines"
        if not declared_article and prose < _SECTION_PROSE:
            return "section", f"{links} headline links, {prose} characters of prose"
        # An article's title (and <h1>) is a headline; a section page's is the section's name,
        # at an address without an article id, and whatever trafilatura took for its text
        # (teasers) is no article however long.
        named = [t for t in (title or "", sig.h1) if t]
        short = named and all(len(t.split()) < _MIN_HEADLINE_WORDS for t in named)
        listing = not declared_article and _listing_url(url)
        if listing and short:
            return "section", f"{links} headline links under the title {named[0]!r} at {url}"
        # A home or section page with a featured story: its teaser is no article either.
        if listing and prose < _LISTING_PROSE:
            return "section", f"{links} headline links at {url}, {prose} characters of prose"
    if listing_types and links >= _SECTION_LINKS // 2 and prose < _DECLARED_SECTION_PROSE:
        return "section", f"JSON-LD {sorted(listing_types)[0]}, {links} headline links"
    words = sum(len(block.split()) for block in blocks)
    if words < _NEAR_EMPTY_WORDS:
        return "stub", f"near-empty: {words} words of text"
    return "article", f"{prose} characters of prose"

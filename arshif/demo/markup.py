"""HTML pieces the three site templates share: escaping, article metadata, JSON-LD, share links."""

from __future__ import annotations

import html
import json
from datetime import datetime
from urllib.parse import quote

from arshif.demo.model import DemoSite, Story


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def description(story: Story, limit: int = 160) -> str:
    lead = story.lead
    return lead if len(lead) <= limit else lead[:limit].rsplit(" ", 1)[0] + "…"


def article_meta(site: DemoSite, story: Story, section_label: str) -> str:
    """The <head> metadata of an article page: OpenGraph, article:*, Twitter, author."""
    canonical = site.url(story.path)
    lines = [
        f'<meta name="description" content="{esc(description(story))}">',
        f'<meta name="author" content="{esc(story.author)}">',
        f'<link rel="canonical" href="{esc(canonical)}">',
        f'<meta property="og:site_name" content="{esc(site.title)}">',
        '<meta property="og:locale" content="ar_AR">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(story.headline)}">',
        f'<meta property="og:description" content="{esc(description(story))}">',
        f'<meta property="og:url" content="{esc(canonical)}">',
        f'<meta property="og:image" content="{esc(site.url(story.image_path))}">',
        f'<meta property="article:section" content="{esc(section_label)}">',
        f'<meta property="article:published_time" content="{iso(story.published)}">',
    ]
    if story.modified:
        lines.append(f'<meta property="article:modified_time" content="{iso(story.modified)}">')
    lines += [
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{esc(story.headline)}">',
    ]
    return "\n".join(lines)


def json_ld(site: DemoSite, story: Story, section_label: str) -> str:
    """A schema.org NewsArticle in a <script> element."""
    canonical = site.url(story.path)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": story.headline,
        "description": description(story),
        "image": [site.url(story.image_path)],
        "datePublished": iso(story.published),
        "dateModified": iso(story.modified or story.published),
        "author": {"@type": "Person", "name": story.author},
        "publisher": {
            "@type": "Organization",
            "name": site.title,
            "logo": {"@type": "ImageObject", "url": site.url("/logo.png")},
        },
        "articleSection": section_label,
        "inLanguage": "ar",
    }
    if story.members:
        data["isAccessibleForFree"] = False
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def share_links(site: DemoSite, story: Story) -> list[tuple[str, str]]:
    """(label, href) of the share buttons: فيسبوك, تويتر, واتساب."""
    url = quote(site.url(story.path), safe="")
    return [
        ("فيسبوك", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("تويتر", f"https://twitter.com/intent/tweet?url={url}"),
        ("واتساب", f"https://api.whatsapp.com/send?text={url}"),
    ]


def body_html(story: Story, indent: str = "") -> str:
    """The article body: <p> paragraphs and <h2> subheadings in order."""
    return "\n".join(f"{indent}<{b.kind}>{esc(b.text)}</{b.kind}>" for b in story.blocks)

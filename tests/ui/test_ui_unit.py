"""The web UI's files and headers, without a browser: every file served by name with its type
and the strict CSP; nothing in them that inserts markup or fetches from elsewhere."""

from __future__ import annotations

import asyncio
import re

import httpx
from fastapi import FastAPI

from arshif.serve import Origins
from arshif.serve.ui import STATIC, load_files, loopback_aliases, mount_ui, policy

ORIGINS = Origins.of("127.0.0.1", 8080, 8081)


class Client:
    """GETs against the app in process (httpx over ASGI)."""

    def __init__(self, app) -> None:
        self.app = app

    def get(self, path: str) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080") as http:
                return await http.get(path)
        return asyncio.run(fetch())


def client() -> Client:
    app = FastAPI()
    mount_ui(app, ORIGINS)
    return Client(app)


def directives(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in header.split("; ")}


def test_every_file_is_served_with_its_type_and_the_policy():
    ui = client()
    files = load_files()
    assert {"index.html", "app.js", "dom.js", "i18n.js", "search.js", "article.js", "sites.js", "style.css"} <= set(files)
    for name, (body, media_type) in files.items():
        response = ui.get(f"/ui/{name}")
        assert response.status_code == 200 and response.content == body
        assert response.headers["content-type"] == media_type
        assert response.headers["x-content-type-options"] == "nosniff"
        policy_of = directives(response.headers["content-security-policy"])
        assert policy_of["script-src"] == ["'self'"] and policy_of["frame-ancestors"] == ["'none'"]
    index = ui.get("/")
    assert index.content == files["index.html"][0]
    assert directives(index.headers["content-security-policy"])["frame-src"] == [
        "http://127.0.0.1:8081", "http://localhost:8081"]


def test_a_name_outside_the_list_is_404():
    ui = client()
    for name in ("nothing.js", "..%2f__init__.py", "%2e%2e%2f%2e%2e%2fpyproject.toml", "__init__.py"):
        assert ui.get(f"/ui/{name}").status_code == 404, name


def test_frame_sources_for_loopback_and_public_origins():
    assert loopback_aliases("http://localhost:9001") == ["http://127.0.0.1:9001", "http://localhost:9001"]
    assert loopback_aliases("https://replay.example.org") == ["https://replay.example.org"]
    public = directives(policy(Origins("https://archive.example.org", "https://replay.example.org")))
    assert public["frame-src"] == ["https://replay.example.org"]
    assert public["default-src"] == ["'self'"] and public["object-src"] == ["'none'"]
    assert public["base-uri"] == ["'none'"]


def test_no_markup_insertion_nor_anything_from_elsewhere():
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".js":
            code = re.sub(r"(?m)(^|\s)//\s.*$", "", text)  # the comments may name what the code avoids
            # Archived strings go in as text: none of the APIs that parse a string as markup or code.
            for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                         "new Function", "setTimeout(\"", "javascript:"):
                assert sink not in code, (path.name, sink)
        urls = set(re.findall(r"https?://[^\s\"'`)]+", text)) - {"http://www.w3.org/2000/svg"}
        assert not urls, (path.name, urls)
        assert "@import" not in text and "@font-face" not in text, path.name

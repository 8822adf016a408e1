"""The docs follow the tree (issue 18): every file or folder the README and docs/ name exists,
the README's layout table and docs/architecture.md's opening table each name every package of
the tree, and no package is left out of either."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A path in backticks that starts at one of the project's top folders.
_PATH = re.compile(r"`((?:arshif|spiders|storage|dags|tests|bench|docs|sites|constraints)/[^`\s:*<>{}]*)`")
# Named in the docs on purpose although absent from a checkout: made by the tests or by runs.
_MADE_AT_RUN_TIME = {"tests/artifacts/", "bench/gold/gold.json"}


def packages() -> set[str]:
    """Every package under arshif/ (a folder with __init__.py, one level down), as
    ``arshif/<name>/``, and the top folders of the path."""
    found = {
        f"arshif/{p.parent.name}/"
        for p in (ROOT / "arshif").glob("*/__init__.py")
        if p.parent.name not in {"__pycache__"}
    }
    return found | {"spiders/", "storage/", "dags/"}


def named_paths(text: str) -> set[str]:
    return {m.group(1) for m in _PATH.finditer(text)}


def first_column(table_heading: str, text: str) -> str:
    """The text of the first column of the table that follows ``table_heading``."""
    after = text.split(table_heading, 1)[1]
    rows = []
    for line in after.splitlines():
        if line.startswith("|"):
            rows.append(line.split("|")[1])
        elif rows:
            break
    return "\n".join(rows)


def test_every_path_the_docs_name_exists() -> None:
    missing = []
    for doc in DOCS:
        for path in sorted(named_paths(doc.read_text(encoding="utf-8"))):
            if path in _MADE_AT_RUN_TIME or (ROOT / path).exists():
                continue
            missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not missing, "named in the docs but not in the tree:\n" + "\n".join(missing)


def test_the_readme_layout_table_names_every_package() -> None:
    column = first_column("## Layout", (ROOT / "README.md").read_text(encoding="utf-8"))
    left_out = sorted(p for p in packages() if f"`{p}`" not in column)
    assert not left_out, f"packages missing from README's layout table: {left_out}"


def test_architecture_opens_with_every_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    opening = text.split("## The tree as the path of a page", 1)[1].split("\n## ", 1)[0]
    left_out = sorted(p for p in packages() if f"`{p}`" not in opening)
    assert not left_out, f"packages missing from docs/architecture.md's opening: {left_out}"

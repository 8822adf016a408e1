"""Imports flow one way: from the CLI and the DAG down to the steps, and from the steps down to
the formats and storage; and no two packages import each other, even through others.

Every module of ``arshif/``, ``spiders/``, ``storage/`` and ``dags/`` is parsed (imports inside
functions count too: they run all the same). Each subpackage or top-level module of ``arshif``
is one node (``arshif.archive``, ``arshif.urls``), and ``spiders``, ``storage`` and ``dags`` are
one node each. ``LAYERS`` says where each node sits; a node may import nodes of its own layer or
of any layer below it. ``ALLOWED`` lists today's exceptions, each with why and who removes it; an
entry that no longer matches an import, or that excuses nothing, fails too: the list only shrinks.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("arshif", "spiders", "storage", "dags")

# Top to bottom.
LAYERS: dict[str, set[str]] = {
    "entry": {"arshif.cli", "dags"},
    # What the entries drive: the DAG's task bodies and how `arshif run` drives them, the web
    # servers, the demo networks.
    "tasks": {"arshif.orchestrate", "arshif.pipeline", "arshif.serve", "arshif.demo"},
    # The steps of a page's path, and the tools over what they leave.
    "steps": {"arshif.crawl", "spiders", "arshif.frontier", "arshif.extract", "arshif.dedupe",
              "arshif.archive", "arshif.catalog", "arshif.search", "arshif.retrieve", "arshif.export",
              "arshif.pywb", "arshif.integrity", "arshif.takedown", "arshif.ledger", "arshif.changes",
              "arshif.ops", "arshif.report", "arshif.sites_check"},
    # Formats and storage: what the steps read and write, knowing nothing of the steps.
    "formats": {"arshif", "arshif.warc", "storage", "arshif.layout", "arshif.home", "arshif.urls",
                "arshif.textnorm", "arshif.textdiff", "arshif.config", "arshif.signing", "arshif.faults"},
}

# (importing module, imported node): why it is allowed today, and who removes it. An entry
# excuses that one module only (a package's own __init__ by the package's name).
ALLOWED: dict[tuple[str, str], str] = {
    # sync_catalog brings the bucket's takedowns into the catalog too (a crawl must not re-check a
    # withdrawn article); sync_takedowns forgets purged articles with takedown/purge.py, which
    # reaches the near-copy index in dedupe, which reads the catalog: a cycle through a deferred
    # import. Open: the catalog's side of a takedown (its rows, forgetting a purge) in catalog/.
    ("arshif.catalog.sync", "arshif.takedown"): "open (takedown's catalog side into catalog/)",
    # The sites file's defaults are parsed with the frontier's duration parser: parse_duration and
    # DEFAULT_RECHECK belong in config (not moved here: frontier is the crawl helper's neighbour).
    ("arshif.config", "arshif.frontier"): "open (parse_duration, DEFAULT_RECHECK down to config)",
    # extract's chrome evidence reuses dedupe's MinHash and its threshold while dedupe imports
    # extract: the MinHash code belongs below both (e.g. a shingles module in formats).
    ("arshif.extract.chrome_evidence", "arshif.dedupe"): "open (MinHash below extract and dedupe)",
    # The ledger tells purge records apart by takedown's key rule while takedown writes to the
    # ledger: is_purge_key belongs in arshif/layout.py with the other keys.
    ("arshif.ledger", "arshif.takedown"): "open (is_purge_key to arshif/layout.py)",
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def node_of(module: str) -> str:
    """The package an import counts for: ``arshif.archive.run_part`` → ``arshif.archive``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "arshif" else parts[0]


def imports_of(path: Path, module: str, known: set[str]) -> list[tuple[str, int]]:
    """The scanned modules ``path`` imports anywhere in it (functions included), with lines."""
    found = []
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upward
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            for alias in node.names:  # `from arshif import layout` imports the module arshif.layout
                child = f"{base}.{alias.name}"
                found.append((child if child in known else base, node.lineno))
    return [(name, line) for name, line in found if name.split(".")[0] in SCANNED]


def import_graph(root: Path) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(importing node, imported node) → the importing modules and lines, for every import
    between two different nodes."""
    files = {module_name(p, root): p for top in SCANNED if (root / top).is_dir()
             for p in sorted((root / top).rglob("*.py")) if "__pycache__" not in p.parts}
    edges: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for module, path in files.items():
        for imported, line in imports_of(path, module, set(files)):
            if node_of(imported) != node_of(module):
                places = edges[node_of(module), node_of(imported)]
                if (module, line) not in places:
                    places.append((module, line))
    return dict(edges)


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    graph: dict[str, list[str]] = defaultdict(list)
    for source, target in sorted(edges):
        graph[source].append(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(set(graph) | {t for _, t in edges}):
        if node not in index:
            visit(node)
    return sorted(groups)


def check(graph: dict[tuple[str, str], list[tuple[str, int]]], layers: dict[str, set[str]],
          allowed: dict[tuple[str, str], str]) -> list[str]:
    """What in ``graph`` breaks the rules, one line each (empty when all is well)."""
    rank = {node: number for number, nodes in enumerate(layers.values()) for node in nodes}
    problems = [f"{node} is in no layer: add it to LAYERS"
                for node in sorted({n for edge in graph for n in edge} - set(rank))]
    kept: set[tuple[str, str]] = set()
    for (source, target), where in sorted(graph.items()):
        unexcused = [(m, line) for m, line in where if (m, target) not in allowed]
        if not unexcused:
            continue
        kept.add((source, target))
        if source in rank and target in rank and rank[target] < rank[source]:
            places = ", ".join(f"{m}:{line}" for m, line in unexcused)
            problems.append(f"upward import {source} -> {target} ({places})")
    for group in cycles(kept):
        links = ", ".join(f"{s} -> {t} ({graph[s, t][0][0]}:{graph[s, t][0][1]})"
                          for s, t in sorted(kept) if s in group and t in group)
        problems.append(f"import cycle between {', '.join(group)}: {links}")
    return problems


def violations(root: Path, layers: dict[str, set[str]], allowed: dict[tuple[str, str], str]) -> list[str]:
    """The rules' breaches under ``root``, and the entries of ``allowed`` that excuse nothing
    (the import is gone, or it would break no rule without the entry)."""
    graph = import_graph(root)
    breaches = check(graph, layers, allowed)
    problems = list(breaches)
    happening = {(m, target) for (_, target), where in graph.items() for m, _ in where}
    for entry in sorted(allowed):
        if entry not in happening:
            problems.append(f"allowed import {entry[0]} -> {entry[1]} no longer happens: "
                            "remove it from ALLOWED")
        elif check(graph, layers, {e: why for e, why in allowed.items() if e != entry}) == breaches:
            problems.append(f"allowed import {entry[0]} -> {entry[1]} breaks no rule: remove it from ALLOWED")
    return problems


def test_imports_flow_one_way_without_cycles() -> None:
    assert len(import_graph(ROOT)) > 50  # the tree was found and read
    problems = violations(ROOT, LAYERS, ALLOWED)
    assert not problems, "\n".join(problems)


def test_layers_name_each_package_once() -> None:
    named = [node for nodes in LAYERS.values() for node in nodes]
    assert len(named) == len(set(named))


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SMALL_LAYERS = {"entry": {"arshif.cli"}, "steps": {"arshif.archive", "arshif.catalog"},
                "formats": {"arshif.urls", "arshif"}}


def test_the_checker_finds_a_cycle_an_upward_import_and_an_unplaced_package(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "arshif/__init__.py": "",
        "arshif/cli/__init__.py": "from arshif.archive import build\n",
        "arshif/archive/__init__.py": "from . import build\n",
        "arshif/archive/build.py": "from arshif import catalog\n",
        # A cycle through a function-level import, and an upward import by a relative one.
        "arshif/catalog/__init__.py": "def rebuild():\n    from arshif.archive.build import x\n",
        "arshif/urls.py": "def canonical():\n    from .cli import main\n",
        "arshif/search.py": "import arshif.urls\n",
        "spiders/__init__.py": "",
    })
    assert violations(root, SMALL_LAYERS, {}) == [
        "arshif.search is in no layer: add it to LAYERS",
        "upward import arshif.urls -> arshif.cli (arshif.urls:2)",
        "import cycle between arshif.archive, arshif.catalog: "
        "arshif.archive -> arshif.catalog (arshif.archive.build:1), "
        "arshif.catalog -> arshif.archive (arshif.catalog:2)",
    ]


def test_the_allow_list_excuses_only_what_it_names_and_must_stay_true(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "arshif/__init__.py": "",
        "arshif/cli/__init__.py": "from arshif import urls\n",
        "arshif/urls.py": "",
        "arshif/archive/__init__.py": "",
        "arshif/archive/old.py": "from arshif.cli import main\n",
        "arshif/archive/new.py": "from arshif.cli import main\n",
    })
    allowed = {("arshif.archive.old", "arshif.cli"): "being moved",
               ("arshif.catalog.gone", "arshif.archive"): "already moved",
               ("arshif.cli", "arshif.urls"): "downward: needs no excuse"}
    assert violations(root, SMALL_LAYERS, allowed) == [
        "upward import arshif.archive -> arshif.cli (arshif.archive.new:1)",
        "allowed import arshif.catalog.gone -> arshif.archive no longer happens: remove it from ALLOWED",
        "allowed import arshif.cli -> arshif.urls breaks no rule: remove it from ALLOWED",
    ]

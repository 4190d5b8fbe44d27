"""The package's shape (issue 22): no import circle in atlas/, no private name taken from another module.

Read from the source with `ast`, function-level imports included (a lazy import that closes a
circle is still a circle); imports for type checkers only (`if TYPE_CHECKING:`) are not run and
do not count.
"""

from __future__ import annotations

import ast

import networkx as nx

from tests.conftest import REPO

PACKAGE = REPO / "atlas"


def runtime_imports(tree: ast.AST):
    """(module, names) of every `from atlas.x import …` / `import atlas.x` outside TYPE_CHECKING blocks."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "atlas":
            if node.module == "atlas":
                for alias in node.names:
                    yield alias.name, []
            else:
                yield node.module.split(".")[1], [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("atlas."):
                    yield alias.name.split(".")[1], []


def graph() -> tuple[nx.DiGraph, list[str]]:
    g, private = nx.DiGraph(), []
    for path in sorted(PACKAGE.glob("*.py")):
        g.add_node(path.stem)
        for target, names in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            g.add_edge(path.stem, target)
            private += [f"atlas/{path.name} imports {n} from atlas.{target}" for n in names if n.startswith("_")]
    return g, private


def test_no_import_circle_in_the_package():
    g, _ = graph()
    cycles = list(nx.simple_cycles(g))
    assert cycles == [], f"import circles: {cycles}"


def test_no_private_name_is_imported_from_another_module():
    _, private = graph()
    assert private == []


def test_load_catalog_sits_on_top_of_the_loading_modules():
    g, _ = graph()
    for low in ("data", "loading", "geometry_check", "crosscheck"):
        assert not nx.has_path(g, low, "catalog"), f"atlas/{low}.py reaches back into atlas/catalog.py"

"""book/ stays a house a newcomer can find their way in: layers that import only the
layers below them, no import cycle, no import hidden inside a function, and no
module or function too long to read at once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
# Lowest first: each layer may import only itself and the layers before it.
LAYERS = ["data", "vocab", "render", "chapters", "site"]
ENTRY_POINTS = {"book", "book.__main__"}  # the package's front door and its command line sit on top
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BOOK.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(BOOK.rglob("*.py"))}


def layer(module: str) -> int:
    if module in ENTRY_POINTS:
        return len(LAYERS)
    return LAYERS.index(module.split(".")[1])


def book_imports(module: str, tree: ast.AST) -> list[tuple[ast.stmt, str]]:
    """(statement, imported book module) for every import of this package in ``tree``."""
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                base = ".".join(parent[: len(parent) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "book":
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((node, target if target in MODULES else base))
        elif isinstance(node, ast.Import):
            found += [(node, a.name) for a in node.names if a.name.split(".")[0] == "book"]
    return found


def parsed(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def test_every_module_belongs_to_a_layer():
    assert [m for m in MODULES if m not in ENTRY_POINTS and m.split(".")[1] not in LAYERS] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_run_downwards(module):
    upward = [
        f"line {node.lineno}: {target}"
        for node, target in book_imports(module, parsed(module))
        if target in MODULES and layer(target) > layer(module)
    ]
    assert upward == [], (
        f"{module} ({LAYERS[layer(module)] if layer(module) < len(LAYERS) else 'top'}) imports a higher layer"
    )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_book_import_inside_a_function(module):
    tree = parsed(module)
    nested = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested += [f"line {node.lineno}: {target}" for node, target in book_imports(module, func)]
    assert nested == [], f"{module} imports part of book inside a function"


def test_no_import_cycle():
    graph = {m: {t for _, t in book_imports(m, parsed(m)) if t in MODULES and t != m} for m in MODULES}
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_a_cycle_would_be_caught():
    """The cycle check above runs on real imports; make sure it reads relative imports."""
    graph_edges = {t for _, t in book_imports("book.chapters.history", parsed("book.chapters.history"))}
    assert "book.chapters.samples" in graph_edges and "book.data.evidence" in graph_edges


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_are_short(module):
    source = MODULES[module].read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{module} has more than {MAX_MODULE_LINES} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


NOQA = re.compile(r"#\s*noqa\b")


def test_every_noqa_says_why():
    """A silenced lint rule carries its reason after the rule code, as in "noqa: E402 - why"."""
    files = sorted(BOOK.rglob("*.py")) + sorted((BOOK.parent / "tests").glob("*.py"))
    files += sorted((BOOK.parent / "benchmarks").glob("*.py"))
    bare = [
        f"{path.name}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NOQA.search(line) and not re.search(NOQA.pattern + r": [A-Z]+\d+(, [A-Z]+\d+)* - \S", line)
    ]
    assert bare == []

"""The shape of the code, checked: no import cycles, layers kept, no private names across packages.

import-linter (run by ``.ci/run`` and ``make lint``) states the layers as
contracts; these tests check what it does not: cycles *inside* a layer, imports
written inside functions (which a reader of the top of a file never sees),
private names borrowed across packages, Textual staying out of the headless
core at run time, and the size of modules. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "planner"
MAX_LINES = 400
"""A module longer than this says at its top why it is one module (a line starting ``Why one module:``)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str) -> list[tuple[str, str, int]]:
    """Every ``planner`` import that runs in module ``name``: (module imported, name imported or "", line).

    Imports anywhere in the file count, inside functions too; imports under
    ``if TYPE_CHECKING:`` never run, so they cannot make a cycle and are left out.
    """
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for inner in node.body:
                skipped.update(id(n) for n in ast.walk(inner))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.extend((a.name, "", node.lineno) for a in node.names if a.name.split(".")[0] == "planner")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] == "planner":
                out.extend((target, a.name, node.lineno) for a in node.names)
    return out


def graph() -> dict[str, set[str]]:
    """Module -> the planner modules it imports (a ``from pkg import submodule`` counts as the submodule)."""
    edges: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for target, imported, _line in imports_of(name):
            full = f"{target}.{imported}" if imported else target
            if full in MODULES:
                targets.add(full)
            elif target in MODULES:
                targets.add(target)
        targets.discard(name)
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
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
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_cycles():
    # The check itself can fail: a two-module and a three-module loop are found, a chain is not.
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": set()}) == [["a", "b"]]
    assert cycles({"x": {"y"}, "y": {"z"}, "z": {"x"}}) == [["x", "y", "z"]]
    assert cycles({"x": {"y"}, "y": {"z"}, "z": set()}) == []


def test_imports_inside_functions_are_in_the_graph():
    edges = graph()
    # planner.cli.trips imports the views only when the command runs.
    assert "planner.views.listing" in edges["planner.cli.trips"]


def test_no_import_cycles_in_planner():
    found = cycles(graph())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_private_names_imported_across_packages():
    """``from planner.storage.workspace import _read_stat`` in the cache was one; a public name says "use me"."""
    offences = []
    for name, path in MODULES.items():
        own = name.split(".")[:2]
        for target, imported, line in imports_of(name):
            if target.split(".")[:2] == own:
                continue
            private_module = any(part.startswith("_") and part != "__init__" for part in target.split("."))
            if private_module or (imported.startswith("_") and imported != "__version__"):
                offences.append(f"{path.relative_to(ROOT)}:{line}: {target} {imported}".rstrip())
    assert offences == []


def test_modules_stay_small_or_say_why():
    long = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if lines > MAX_LINES and "Why one module:" not in doc:
            long.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert long == []


def test_the_headless_core_never_loads_textual():
    """Every module outside planner.tui imported together, in a fresh interpreter: no Textual."""
    core = [n for n in MODULES if not n.startswith("planner.tui") and n not in ("planner.__main__", "planner.cli.tui")]
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("name", ["planner.model", "planner.storage", "planner.ical", "planner.text"])
def test_lower_layers_never_load_rich(name: str):
    modules = [n for n in MODULES if n == name or n.startswith(name + ".")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout

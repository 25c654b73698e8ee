"""The checks package's shape: the registry's order, its imports, and what it refuses."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from planner.checks import CHECKS, Check, register, registered

PACKAGE = Path(__file__).resolve().parent.parent / "planner" / "checks"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_checks_are_registered_in_the_documented_order():
    assert list(CHECKS) == [
        "overlap",
        "travel",
        "odd-hour",
        "outside-trip",
        "weekday",
        "no-place",
        "zone",
        "look-alike",
        "unscheduled-soon",
    ]
    assert [c.name for c in registered()] == list(CHECKS)
    assert all(CHECKS[c.name] == c.description for c in registered())


def test_a_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        register(Check("overlap", "again", lambda given: []))
    assert len(registered()) == len(CHECKS) == 9


@pytest.mark.parametrize("module", MODULES)
def test_modules_import_neither_the_package_nor_a_front_end(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            assert node.module != "planner.checks", f"{module} imports from planner.checks itself"
            assert not any(a.name.startswith("_") for a in node.names), f"{module} imports a private name"
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in ("textual", "rich"), f"{module} imports {name}"


def test_each_module_imports_on_its_own():
    """No import cycle: every module of the package can be the first one imported."""
    for module in MODULES:
        code = f"import planner.checks.{module}; import planner.checks; assert len(planner.checks.CHECKS) == 9"
        subprocess.run([sys.executable, "-c", code], check=True)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, planner.checks; print(sorted({m.split('.')[0] for m in sys.modules}))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "'textual'" not in loaded and "'rich'" not in loaded

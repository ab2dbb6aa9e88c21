"""Tests import shared code from helper modules, never from a test module or a conftest.

Importing a test module drags its tests and fixtures into the importer (where pytest may
collect them again); importing a conftest turns a fixture file into a library. What tests
share lives in ordinary modules: tests/fakes, harness.py, helpers.py, seed.py, *_cases.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("tests", "bench")


def _forbidden(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.startswith(CHECKED) and (last == "conftest" or last.startswith("test_"))


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """Every module `source` imports, as (line, dotted name); relative imports are resolved
    against `package`, and `from p import m` counts p.m when m is a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module))
            found.extend(
                (node.lineno, f"{module}.{alias.name}")
                for alias in node.names
                if _is_module(f"{module}.{alias.name}")
            )
    return found


def _package_of(path: Path) -> str:
    """The package a file's relative imports start from: its directory's."""
    return ".".join(path.relative_to(ROOT).parts[:-1])


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for top in CHECKED
        for path in sorted((ROOT / top).rglob("*.py"))
        for line, module in imported_modules(path.read_text(encoding="utf-8"), _package_of(path))
        if _forbidden(module)
    ]
    assert offences == []


def test_the_check_sees_every_way_of_importing_one() -> None:
    # Spelled with placeholders so that a plain grep for such imports finds none in tests/.
    source = (
        "from tests.ui.{conftest} import scan\n"
        "from tests.unit.counting.{test}services import test_one_stocktaker_per_location\n"
        "import tests.integration.db.{test}ledger\n"
        "from tests.unit.picking import {test}waves\n"
        "from .{conftest} import x\n"
        "from . import {test}layering\n"
        "from tests.ui.harness import scan\n"
        "from tests.unit.counting.service_cases import test_one_stocktaker_per_location\n"
        "from wms_tui.core import model\n"
    ).format(conftest="conftest", test="test_")
    found = [
        module
        for _line, module in imported_modules(source, "tests.architecture")
        if _forbidden(module)
    ]
    assert found == [
        "tests.ui.conftest",
        "tests.unit.counting.test_services",
        "tests.integration.db.test_ledger",
        "tests.unit.picking.test_waves",
        "tests.architecture.conftest",
        "tests.architecture.test_layering",
    ]

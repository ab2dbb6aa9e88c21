"""The layering of DESIGN.md section 2, checked three ways."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import wms_tui.core

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_importing_core_loads_no_ui_db_or_device_library() -> None:
    modules = sorted(
        info.name for info in pkgutil.walk_packages(wms_tui.core.__path__, prefix="wms_tui.core.")
    )
    assert "wms_tui.core.pipeline.scanning" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    forbidden = {
        "textual",
        "rich",
        "sqlalchemy",
        "serial",
        "barcode",
        "alembic",
        "psycopg",
        "openpyxl",
        "reportlab",
        "argon2",
        "db",
        "devices",
        "wms_tui.ui",
        "wms_tui.bootstrap.station",
    }
    assert not {m.split(".")[0] for m in loaded} & forbidden
    assert not {m for m in loaded if m.startswith(("wms_tui.ui", "wms_tui.bootstrap.station"))}


def test_every_wiring_module_is_forbidden_to_core_db_and_ui() -> None:
    # import-linter forbids a module and its children: `wms_tui.bootstrap.station` does not cover
    # its siblings `wms_tui.bootstrap.picking` and the like, so each must be listed.
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    wiring = {"wms_tui.cli.command"} | {
        f"wms_tui.{path.stem}" for path in (ROOT / "wms_tui").glob("bootstrap*.py")
    }
    assert "wms_tui.bootstrap.picking" in wiring
    layers = ("wms_tui.core", "db", "wms_tui.ui")
    for contract in contracts:
        if set(contract["source_modules"]) & set(layers):
            assert wiring - set(contract["forbidden_modules"]) == set(), contract["name"]

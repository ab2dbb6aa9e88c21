"""The layering of DESIGN.md section 2, checked three ways."""

from __future__ import annotations

import json
import pkgutil
import re
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
    }
    assert not {m.split(".")[0] for m in loaded} & forbidden
    wiring = ("wms_tui.ui", "wms_tui.bootstrap", "wms_tui.cli", "wms_tui.config")
    assert not {m for m in loaded if m.startswith(wiring)}


def test_the_wiring_is_forbidden_to_core_db_and_ui() -> None:
    """Only bootstrap/ and cli/ wire the layers: every layer contract forbids both whole
    packages (import-linter forbids a module and its children), so a new wiring module
    is covered the day it is added."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    assert (ROOT / "wms_tui" / "bootstrap" / "__init__.py").exists()
    assert not list((ROOT / "wms_tui").glob("bootstrap*.py"))
    wiring = {"wms_tui.bootstrap", "wms_tui.cli"}
    layers = {"wms_tui.core", "db", "wms_tui.ui"}
    checked = set()
    for contract in contracts:
        if contract["type"] == "forbidden" and set(contract["source_modules"]) & layers:
            assert wiring <= set(contract["forbidden_modules"]), contract["name"]
            checked |= set(contract["source_modules"])
    assert checked == layers


def test_features_are_independent_in_every_layer() -> None:
    """A feature imports the shared modules and, of another feature, only its records."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    independent = {tuple(sorted(c["modules"])) for c in contracts if c["type"] == "independence"}
    features = ("counting", "inspection", "picking")
    for layer in ("wms_tui.core", "wms_tui.ui", "db"):
        assert any(
            {f"{layer}.{feature}" for feature in features} <= set(modules)
            for modules in independent
        ), layer


def test_architecture_names_modules_that_exist() -> None:
    """ARCHITECTURE.md's tree and scan path name real files and folders."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:wms_tui|db|devices)/[\w/]+\.py)`", text))
    assert len(paths) >= 12
    assert sorted(p for p in paths if not (ROOT / p).is_file()) == []
    path_section = text.split("## One scan", 1)[1]
    for module in ("serial_scanner.py", "pipeline/scanning.py", "banner.py"):
        assert module in path_section
    folders = re.findall(r"^  (?:  )?([a-z_]+/)", text.split("## The tree", 1)[1], re.M)
    assert {"core/", "ui/", "bootstrap/", "cli/", "pipeline/", "inspection/"} <= set(folders)

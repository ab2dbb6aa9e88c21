"""Every message id the import and demo code uses exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wms_tui.i18n import load_catalog

ROOT = Path(__file__).resolve().parents[3] / "wms_tui"
SOURCES = [
    *(ROOT / "core" / "imports").glob("*.py"),
    ROOT / "bootstrap" / "imports.py",
    ROOT / "bootstrap" / "readers.py",
    *(ROOT / "bootstrap" / "demo").glob("*.py"),
]
_MSGID = re.compile(r'"((?:import|demo)\.[a-z_.]+)"')


def _used() -> set[str]:
    found = {m for path in SOURCES for m in _MSGID.findall(path.read_text(encoding="utf-8"))}
    kinds = {"import.kind." + k for k in ("skus", "locations", "stock", "orders")}
    audit_actions = {"demo_built"}
    return {m for m in found if not m.endswith(".")} - audit_actions | kinds


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_used_msgid_is_translated(language: str) -> None:
    catalog = load_catalog(language)
    missing = sorted(m for m in _used() if not catalog.get(m))
    assert missing == []
    assert len(_used()) > 40

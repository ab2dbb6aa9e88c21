"""Every message id used in the code exists in both catalogs, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from wms_tui.i18n import LANGUAGES, load_catalog

ROOT = Path(__file__).resolve().parents[2]
_MSGID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
# File names look like message ids ("config.toml"); they are not.
_FILE_ENDINGS = (".toml", ".py", ".csv", ".pdf", ".xlsx", ".po", ".tcss", ".sqlite3", ".txt")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _catalogs() -> dict[str, dict[str, str]]:
    return {language: load_catalog(language) for language in LANGUAGES}


def _used_msgids(namespaces: set[str]) -> dict[str, str]:
    """String literals in the project's code that look like message ids of a known area."""
    found: dict[str, str] = {}
    for package in ("wms_tui", "devices", "db"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and _MSGID.fullmatch(node.value)
                    and node.value.split(".")[0] in namespaces
                    and not node.value.endswith(_FILE_ENDINGS)
                ):
                    found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_both_catalogs_have_the_same_ids() -> None:
    catalogs = _catalogs()
    en, zh = catalogs["en"], catalogs["zh_CN"]
    assert set(en) - set(zh) == set()
    assert set(zh) - set(en) == set()
    assert len(en) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_used_id_is_translated(language: str) -> None:
    catalog = _catalogs()[language]
    namespaces = {key.split(".")[0] for key in catalog}
    missing = {
        msgid: where for msgid, where in _used_msgids(namespaces).items() if msgid not in catalog
    }
    assert missing == {}


def test_placeholders_match_and_nothing_is_empty() -> None:
    catalogs = _catalogs()
    for msgid, english in catalogs["en"].items():
        chinese = catalogs["zh_CN"][msgid]
        assert english.strip() and chinese.strip(), msgid
        assert _placeholders(english) == _placeholders(chinese), msgid


def test_chinese_catalog_is_chinese() -> None:
    zh = _catalogs()["zh_CN"]
    cjk = [k for k, v in zh.items() if re.search(r"[\u4e00-\u9fff]", v)]
    assert len(cjk) >= 0.8 * len(zh)

"""`wms count plan` refuses negative numbers in words, before the database's CHECK would."""

from __future__ import annotations

from pathlib import Path

import pytest

from wms_tui.cli.command import main
from wms_tui.i18n import set_language


@pytest.mark.parametrize(
    ("option", "value", "scope"),
    [("--days", "-3", []), ("--threshold", "-1", ["--zone", "A"])],
)
def test_negative_days_or_threshold_print_a_translated_error(
    option: str,
    value: str,
    scope: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    set_language("en")
    args = ["count", "plan", "--by", "OP-SUP-1", "--name", "n", *scope, option, value]
    # No database is touched: the config does not even exist.
    assert main([*args, "--config", str(tmp_path / "none.toml")]) == 2
    err = capsys.readouterr().err
    assert f"{option} must be 0 or more, not {value}." in err and "E877" in err
    assert "IntegrityError" not in err

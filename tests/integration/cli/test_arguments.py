"""The command line as typed: --config on either side of the subcommand, argparse speaking the
configured language, and an unlock that needs a supervisor's badge and PIN."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import make_engine
from db.pin_hasher import Argon2PinHasher
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from wms_tui.cli import command as cli
from wms_tui.cli import words as cli_words
from wms_tui.core import operators
from wms_tui.core.errors import OperatorLocked, WrongPin

pytestmark = pytest.mark.usefixtures("_restore_language")

# What argparse prints in English when nobody translates it.
ENGLISH = re.compile(
    r"usage|error|invalid|expected|required|argument|options|positional|show this help"
    r"|unrecognized|choose from",
    re.IGNORECASE,
)


def _config(tmp_path: Path, url: str = "", language: str = "en") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[station]\nid = "PACK-01"\nlanguage = "{language}"\n[database]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return config


def test_config_may_come_before_or_after_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = _config(elsewhere)
    parser = cli.build_parser()
    assert parser.parse_args(["run", "--config", str(config)]).config == config
    assert parser.parse_args(["--config", str(config), "run"]).config == config
    assert parser.parse_args(["run"]).config == cli.DEFAULT_CONFIG
    args = parser.parse_args(["operators", "list", "--config", str(config)])
    assert args.config == config
    assert parser.parse_args(["db", "upgrade", f"--config={config}"]).config == config
    # And the command really uses it: the database appears beside that config.
    assert cli.main(["check", "--config", str(config)]) == 2  # never made by a check
    assert cli.main(["db", "init", "--config", str(config)]) == 0
    assert cli.main(["check", "--config", str(config)]) == 0
    assert (elsewhere / "wms.sqlite3").exists()


def test_every_user_facing_argparse_phrase_is_in_the_table() -> None:
    found: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        func = getattr(node, "func", None)
        if (
            isinstance(node, ast.Call)
            and isinstance(func, ast.Name)
            and func.id in ("_", "ngettext")
        ):
            found |= {
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            }
    plural = {text for pair in cli_words.PLURALS for text in pair}
    known = set(cli_words.WORDS) | plural | cli_words.PROGRAMMER_ERRORS
    assert found - known == set()


@pytest.mark.parametrize(
    "argv",
    [
        ["waves", "build", "--by", "X", "--max-orders", "many"],  # invalid int value
        ["run", "--config"],  # expected one argument
        ["operators", "add"],  # the following arguments are required
        ["import", "goods", "f.csv"],  # invalid choice
        ["check", "--bogus"],  # unrecognized arguments
        ["count", "plan", "--by", "X", "--name", "N"],  # one of the arguments ... is required
        ["operators", "unlock", "OP-PIC-1"],  # --by is required
    ],
    ids=lambda argv: "-".join(argv[:2]),
)
def test_argparse_errors_speak_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    config = _config(tmp_path, language="zh_CN")
    with pytest.raises(SystemExit) as info:
        cli.main(["--config", str(config), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "错误" in err and "用法" in err
    assert ENGLISH.findall(err) == [], err


@pytest.mark.parametrize(
    "argv",
    [[], ["operators"], ["operators", "add"], ["operators", "unlock"], ["import"],
     ["waves", "cancel"], ["picklist"], ["run"]],
    ids=lambda argv: "-".join(argv) or "wms",
)  # fmt: skip
def test_help_is_wholly_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    config = _config(tmp_path, language="zh_CN")
    with pytest.raises(SystemExit):
        cli.main(["--config", str(config), *argv, "--help"])
    out = capsys.readouterr().out
    # Every argument and every action says what it is; only names and metavars are Latin.
    for line in out.splitlines()[1:]:
        words = line.split()
        if len(words) >= 2 and not line.startswith(" " * 20):
            assert re.search(r"[\u4e00-\u9fff]", line) or line.startswith(" " * 10), line
    assert ENGLISH.findall(out.replace("--config", "")) == [], out


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("wms",)
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _parsers(child, (*path, name))
    return found


def test_every_subcommand_and_argument_says_what_it_is() -> None:
    missing = []
    for path, parser in _parsers(cli.build_parser()):
        if path[:2] == ("wms", "count"):
            continue  # built by bootstrap_counting, checked by its owners
        if not parser.description:
            missing.append(" ".join(path))
        missing += [
            f"{' '.join(path)} {action.dest}"
            for action in parser._actions
            if action.help is None and not isinstance(action, argparse._SubParsersAction)
        ]
    assert missing == []


def _locked_picker(url: str) -> None:
    factory = make_uow_factory(url)
    clock, hasher = FixedClock(), Argon2PinHasher()
    picker = operators.parse_roles("picker")
    operators.enrol(
        factory, hasher, clock, badge="OP-PIC-9", name="配货", roles=picker, pin="1111", by="t",
        station_id="T",
    )  # fmt: skip
    for badge, role, pin in (
        ("OP-SUP-9", "supervisor", "24680000"),
        ("OP-INS-9", "inspector", "3579"),
    ):
        operators.enrol(
            factory, hasher, clock, badge=badge, name=badge, roles=operators.parse_roles(role),
            pin=pin, by="t", station_id="T",
        )  # fmt: skip
    for _attempt in range(5):
        with pytest.raises((WrongPin, OperatorLocked)):
            operators.login(factory, hasher, clock, badge="OP-PIC-9", pin="0000", station_id="T")
    factory.dispose()


def test_unlock_needs_a_supervisor_badge_and_pin(
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _config(tmp_path, migrated_url)

    def wms(*args: str) -> int:
        return cli.main(["--config", str(config), *args])

    _locked_picker(migrated_url)
    with pytest.raises(SystemExit):  # nobody named: refused before anything happens
        wms("operators", "unlock", "OP-PIC-9")
    capsys.readouterr()
    monkeypatch.setenv("WMS_PIN", "3579")
    assert wms("operators", "unlock", "OP-PIC-9", "--by", "OP-INS-9") == 2
    assert "E504" in capsys.readouterr().err
    monkeypatch.setenv("WMS_PIN", "1")
    assert wms("operators", "unlock", "OP-PIC-9", "--by", "cli") == 2
    monkeypatch.setenv("WMS_PIN", "0000")
    assert wms("operators", "unlock", "OP-PIC-9", "--by", "OP-SUP-9") == 2
    assert "E501" in capsys.readouterr().err
    monkeypatch.delenv("WMS_PIN")
    # No terminal, no file, no variable: refused, never taken as "no PIN".
    assert wms("operators", "unlock", "OP-PIC-9", "--by", "OP-SUP-9") == 2
    assert "E508" in capsys.readouterr().err
    asked: list[str] = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return "24680000"

    monkeypatch.setattr("getpass.getpass", getpass)
    monkeypatch.setattr("wms_tui.cli.identity.on_terminal", lambda: True)
    assert wms("operators", "unlock", "OP-PIC-9", "--by", "OP-SUP-9") == 0
    assert asked and "OP-SUP-9" in asked[0]
    engine = make_engine(migrated_url)
    with engine.connect() as connection:
        locked = connection.scalar(text("SELECT locked FROM operators WHERE badge = 'OP-PIC-9'"))
        unlocks = connection.execute(
            text("SELECT operator, subject FROM audit_log WHERE action = 'operator_unlock'")
        ).all()
        wrong = connection.scalar(
            text("SELECT failed_pins FROM operators WHERE badge = 'OP-SUP-9'")
        )
    engine.dispose()
    assert not locked
    assert [tuple(row) for row in unlocks] == [("OP-SUP-9", "OP-PIC-9")]
    assert wrong == 0  # the right PIN cleared the supervisor's one wrong try


def test_the_demo_lists_roles_in_the_configured_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, "sqlite:///wms.sqlite3", language="zh_CN")
    assert cli.main(["--config", str(config), "demo", "--no-start"]) == 0
    out = capsys.readouterr().out
    assert "主管" in out and "配货员" in out
    assert not re.search(r"\b(picker|inspector|stocktaker|receiver|supervisor|admin)\b", out)

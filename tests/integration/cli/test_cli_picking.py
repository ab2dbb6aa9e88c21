"""`wms waves` and `wms picklist` on a real database of each engine, as a supervisor uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditRow
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import give_pin, run_as, run_wms, write_config
from tests.integration.picking.seed import TEE_EAN, seed
from wms_tui.core.picking.records import WaveScan
from wms_tui.core.picking.service import apply_event, open_session

pytestmark = pytest.mark.usefixtures("_restore_language")


@pytest.fixture
def config(migrated_url: str, tmp_path: Path) -> Path:
    factory = make_uow_factory(migrated_url)
    seed(factory, FixedClock())
    factory.dispose()
    give_pin(migrated_url, "SUP")
    return write_config(tmp_path, migrated_url)


def _built(config: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert run_as(config, "SUP", "waves", "build") == 0
    out = capsys.readouterr().out
    assert "Released 1 wave with 2 orders." in out
    assert "stays confirmed: M3" in out  # 9 TEE wanted, 5 on hand
    (wave_no,) = [line.split()[0] for line in out.splitlines() if line.startswith("  W")]
    return wave_no


def test_waves_lists_builds_and_cancels(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_wms(config, "waves") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 waves"
    wave_no = _built(config, capsys)
    assert run_wms(config, "waves") == 0
    listed = capsys.readouterr().out
    assert listed.startswith("wave ") and "\n1 wave\n" in listed
    (row,) = [line for line in listed.splitlines() if line.startswith(wave_no)]
    assert "released" in row and row.split()[-1] == "-"  # nobody picks it yet
    assert run_as(config, "SUP", "waves", "cancel", wave_no) == 0
    assert f"Wave {wave_no} cancelled" in capsys.readouterr().out
    assert run_wms(config, "waves") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 waves"
    assert run_wms(config, "waves", "--all") == 0
    assert wave_no in capsys.readouterr().out


def test_a_picker_may_not_build_waves(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_as(config, "P1", "waves", "build", pin="1111") == 2
    assert capsys.readouterr().err.startswith("Error E")


def test_picklist_as_text_and_as_pdf(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wave_no = _built(config, capsys)
    assert run_wms(config, "picklist", wave_no) == 0
    text = capsys.readouterr().out
    assert wave_no in text and "A-01" in text and TEE_EAN in text
    assert text.index("A-01") < text.index("B-01")  # walk order
    out = tmp_path / "list.pdf"
    assert run_wms(config, "picklist", wave_no, "--out", str(out)) == 0
    assert f"Pick list written to {out} (2 stops)." in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Error E901: Unknown wave: W999999-999"),
        ("zh_CN", "错误 E901：未知波次：W999999-999"),
    ],
)
def test_an_unknown_wave_is_a_translated_error_and_exit_2(
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    language: str,
    said: str,
) -> None:
    factory = make_uow_factory(migrated_url)
    seed(factory, FixedClock())
    factory.dispose()
    give_pin(migrated_url, "SUP")
    config = write_config(tmp_path, migrated_url, language)
    for args in (
        ("picklist", "W999999-999"),
        ("picklist", "W999999-999", "--out", str(tmp_path / "x.pdf")),
        ("waves", "cancel", "W999999-999"),
        ("waves", "takeover", "W999999-999"),
    ):
        code = run_as(config, "SUP", *args) if args[0] == "waves" else run_wms(config, *args)
        assert code == 2, args
        assert capsys.readouterr().err.strip() == said, args
    assert not (tmp_path / "x.pdf").exists()


def test_takeover_hands_the_wave_on_and_audits(
    config: Path, migrated_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wave_no = _built(config, capsys)
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        open_session(uow, "ST1", "P1")
        apply_event(uow, FixedClock(), "ST1", WaveScan(wave_no), "cli-1")
        uow.commit()
    assert run_wms(config, "waves") == 0
    assert capsys.readouterr().out.splitlines()[1].rstrip().endswith("ST1")
    assert run_as(config, "SUP", "waves", "takeover", wave_no, "--to-station", "ST2") == 2
    assert "E923" in capsys.readouterr().err
    args = ("waves", "takeover", wave_no, "--to-station", "ST2")
    assert run_as(config, "SUP", *args, "--to-operator", "P2") == 0
    assert capsys.readouterr().out.strip() == (
        f"Wave {wave_no} (held by ST1 Li) now goes to station ST2, picker P2."
    )
    assert run_as(config, "SUP", "waves", "takeover", wave_no) == 0
    assert "is free" in capsys.readouterr().out
    with factory() as uow:
        details = uow.session.scalars(
            select(AuditRow.detail).where(AuditRow.action == "wave.takeover")
        ).all()
        wave = uow.waves.get(wave_no)
    factory.dispose()
    assert details == ["from ST1/P1 to ST2/P2 by SUP", "from ST2/P2 to -/- by SUP"]
    assert wave is not None and wave.lease_station == ""

"""`wms report daily` and `wms report workers` on both engines: text, a workbook with one
sheet per table (numbers as numbers, formula-like text neutralised) and CSV files, for a
verified supervisor only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.cli.helpers import SUPERVISOR, run_as, write_config
from tests.integration.handover.dock import AT, Dock, seed_dock, waybill
from tests.integration.orders.helpers import PICKER, enrol
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.reports.daily import TABLE_KEYS, window_of

DAY = AT.astimezone().date().isoformat()  # the test machine's own day of the seed


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed_dock(made)
    with made() as uow:
        uow.orders.add(
            Order("X1", "jd", "=HYPERLINK(1)", OrderStatus.VERIFIED, [OrderLine(1, "TEE", 1)])
        )
        uow.inspections.mark_verified("X1", AT, "INS-1", "PACK-01")
        uow.commit()
    dock = Dock(made)
    dock.key("COURIER", "顺丰")
    for n in (1, 3):
        dock.scan(waybill(n, "SF"))
    dock.key("CLOSE", "张师傅")
    try:
        yield made
    finally:
        made.dispose()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_daily_report_as_text_and_as_a_workbook(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], language: str,
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url, language)
    capsys.readouterr()
    assert run_as(config, SUPERVISOR, "report", "daily", "--date", DAY) == 0
    text = capsys.readouterr().out
    shops = "Shops" if language == "en" else "店铺"
    assert f"== {shops} ==" in text
    (row,) = [line for line in text.splitlines() if line.startswith(DAY) and " 店 " in line]
    # imported, confirmed, shipped (verified), handed over
    assert row.split()[:6] == [DAY, "店", "0", "0", "6", "2"]
    assert any(line.split()[1:2] == ["DOCK-1"] for line in text.splitlines()), text
    book_path = tmp_path / "day.xlsx"
    assert (
        run_as(config, SUPERVISOR, "report", "daily", "--date", DAY, "--xlsx", str(book_path)) == 0
    )
    book = load_workbook(book_path)
    assert len(book.sheetnames) == len(TABLE_KEYS)  # a sheet per table
    sheet = book[book.sheetnames[0]]
    cells = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [DAY, "店", 0, 0, 6, 2] in [r[:6] for r in cells]  # numbers stay numbers
    assert [DAY, "'=HYPERLINK(1)", 0, 0, 1] in [r[:5] for r in cells]
    dock = book[book.sheetnames[4]]
    assert [c.value for c in dock[2]][1:2] == ["DOCK-1"]


def test_the_workers_report_as_csv_files(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    out = tmp_path / "month.csv"
    args = ("report", "workers", "--from", DAY, "--to", DAY, "--csv", str(out))
    assert run_as(config, SUPERVISOR, *args) == 0
    written = sorted(p.name for p in tmp_path.glob("month-*.csv"))
    assert written == [
        f"month-{k}.csv"
        for k in ("dock", "inspectors", "pickers", "receiving", "returns", "stocktakers")
    ]
    dock = (tmp_path / "month-dock.csv").read_text(encoding="utf-8-sig").splitlines()
    assert dock[0].startswith("Day,Badge,Name,Stations,Parcels")
    assert dock[1].startswith(f"{DAY},DOCK-1,")
    # The day is over: its tallies of the journal are kept for the next report.
    day, zone = date.fromisoformat(DAY), datetime.now().astimezone().tzinfo
    assert zone is not None
    with factory.for_reading()() as uow:
        (kept,) = uow.reports.kept_tallies(window_of(day, day, zone))
        assert kept.mark == uow.reports.journal_mark(kept.window)
    assert kept.day == day and kept.mark.scans > 0
    assert {hour.operator for hour in kept.hours} >= {"DOCK-1"}
    assert run_as(config, SUPERVISOR, *args) == 0  # read from what was kept: the same
    assert (tmp_path / "month-dock.csv").read_text(encoding="utf-8-sig").splitlines() == dock


def test_figures_about_people_are_for_a_verified_supervisor(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, PICKER, "report", "daily", "--date", DAY) != 0
    assert run_as(config, SUPERVISOR, "report", "daily", "--date", DAY, pin="0000") != 0
    assert "DOCK-1" not in capsys.readouterr().out
    args = ("report", "workers", "--from", "2026-12-07", "--to", "2026-12-01")
    assert run_as(config, SUPERVISOR, *args) != 0
    assert "2026-12-07 to 2026-12-01" in capsys.readouterr().err
    assert run_as(config, SUPERVISOR, "report", "daily", "--date", "07/12/2026") != 0
    assert "07/12/2026 is not a date" in capsys.readouterr().err

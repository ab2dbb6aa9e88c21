"""The variance report as CSV and XLSX: same columns, neutralised text, numbers as numbers."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import write_config
from tests.unit.counting.helpers import ANN, BOB, DONE, EMPTY, SUE, CountDb, count_location
from wms_tui.cli.counting import add_count_parser, create_plan, variance_xlsx, write_variance_report
from wms_tui.config import load_settings
from wms_tui.core.counting.records import CountScope, ThresholdKind, UnknownPlan
from wms_tui.core.counting.reports import VarianceLine
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed
from wms_tui.i18n import set_language


@pytest.mark.parametrize("db_backend", ["sqlite"])
def test_plan_and_report_files(db: CountDb, factory: SqlUnitOfWorkFactory, tmp_path: Path) -> None:
    set_language("en")
    first = (QuantityKeyed(9), ItemScan("SKU-1"), QuantityKeyed(4), ItemScan("SKU-2"), DONE)
    count_location(db, ANN, "A-01", *first)
    count_location(db, ANN, "A-02", EMPTY)
    count_location(db, BOB, "A-02", ItemScan("SKU-1", 3), DONE)
    csv_path, xlsx_path = tmp_path / "v.csv", tmp_path / "v.xlsx"
    lines = write_variance_report(factory, "P1", csv_path=csv_path, xlsx_path=xlsx_path)
    assert len(lines) == 3

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Plan", "Location", "SKU", "System qty"]
    assert rows[1][1:9] == ["A-01", "SKU-1", "10", "9", "9", "-1", "25.00", "-25.00"]
    assert rows[3][1:9] == ["A-02", "SKU-1", "2", "0/3", "3", "1", "25.00", "25.00"]

    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0]
    assert values[1][1:9] == ["A-01", "SKU-1", 10, "9", 9, -1, 25, -25]
    assert isinstance(values[1][8], (int, float)) and sheet.cell(2, 9).data_type == "n"

    with pytest.raises(UnknownPlan):
        write_variance_report(factory, "nope")


def test_formula_text_is_neutralised_in_the_workbook() -> None:
    line = VarianceLine("=cmd|'/c calc'!A1", "@A-01", "+SKU", 1, (2,), ("-x",), 150)
    sheet = load_workbook(io.BytesIO(variance_xlsx([line]))).active
    assert sheet is not None
    row = [cell for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert [c.value for c in row[:3]] == ["'=cmd|'/c calc'!A1", "'@A-01", "'+SKU"]
    assert all(c.data_type == "s" for c in row[:3])
    assert [c.value for c in row[3:9]] == [1, "2", 2, 1, 1.5, 1.5]
    assert [c.data_type for c in row[3:9]] == ["n", "s", "n", "n", "n", "n"]


@pytest.mark.parametrize("db_backend", ["sqlite"])
def test_plan_from_the_command_line(
    db: CountDb,
    factory: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with factory() as uow:  # the supervisor acts with their PIN, from WMS_PIN as a script would
        uow.operators.save(replace(SUE, pin_hash=Argon2PinHasher().hash("24681357")))
        uow.commit()
    monkeypatch.setenv("WMS_PIN", "24681357")
    settings = load_settings(write_config(tmp_path, migrated_url))
    parser = argparse.ArgumentParser()
    add_count_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["count", "plan", "--by", "SV", "--name", "B weekly", "--zone", "B", "--threshold", "5",
         "--percent", "--open"]
    )  # fmt: skip
    plan_id, locations = create_plan(settings, factory, args)
    assert locations == 1
    with db.uow() as uow:
        plan = uow.counts.get_plan(plan_id)
    assert plan is not None and plan.criteria.scope is CountScope.ZONE and not plan.blind
    assert (plan.threshold.kind, plan.threshold.value) == (ThresholdKind.PERCENT, 5)


@pytest.mark.parametrize("db_backend", ["sqlite"])
def test_accuracy_command_reports_locations_and_stocktakers(
    db: CountDb,
    factory: SqlUnitOfWorkFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import wms_tui.cli.counting as commands
    from tests.unit.counting.helpers import CLOCK, SUE
    from wms_tui.core.counting import approval as appr

    set_language("en")
    count_location(
        db,
        ANN,
        "A-01",
        QuantityKeyed(9),
        ItemScan("SKU-1"),
        QuantityKeyed(4),
        ItemScan("SKU-2"),
        DONE,
    )
    with factory() as uow:
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="ST0")
        uow.commit()
    monkeypatch.setattr(commands, "open_database", lambda _settings: factory)
    monkeypatch.setattr(commands, "load", lambda _config: None)
    monkeypatch.setattr(factory, "dispose", lambda: None)
    assert commands.cmd_count_accuracy(argparse.Namespace(config=None, plans=["P1"])) == 0
    out = capsys.readouterr().out
    # SKU-1 was 10 on the books and 9 on the shelf, SKU-2 matched: 1 of 2 right.
    assert "A-01" in out and "1/2" in out and "50.0%" in out
    assert ANN.badge in out and "2/2" in out and "100.0%" in out


@pytest.mark.parametrize("db_backend", ["sqlite"])
def test_count_plans_lists_ids_and_report_takes_the_name(
    db: CountDb,
    factory: SqlUnitOfWorkFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`wms count report PLAN` needed an id the app never shows and no command listed:
    `wms count plans` lists them, and report and accuracy take the plan's name too."""
    import wms_tui.cli.counting as commands

    set_language("en")
    count_location(db, ANN, "A-01", QuantityKeyed(9), ItemScan("SKU-1"), DONE)
    monkeypatch.setattr(commands, "open_database", lambda _settings: factory)
    monkeypatch.setattr(commands, "load", lambda _config: None)
    monkeypatch.setattr(factory, "dispose", lambda: None)
    with factory() as uow:
        (plan,) = uow.counts.plans()
    assert commands.cmd_count_plans(argparse.Namespace(config=None)) == 0
    listed = capsys.readouterr().out
    assert plan.plan_id in listed and plan.name in listed and "1 plan" in listed
    out = tmp_path / "report.csv"
    by_name = argparse.Namespace(config=None, plan=plan.name, csv=out, xlsx=None)
    assert commands.cmd_count_report(by_name) == 0
    assert "A-01" in out.read_text(encoding="utf-8-sig")
    with pytest.raises(UnknownPlan):
        commands.cmd_count_report(argparse.Namespace(config=None, plan="nope", csv=None, xlsx=None))

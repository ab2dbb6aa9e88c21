"""`wms returns` on both engines: customer service lists and exports the day's returns and
reships from one; a supervisor matches an unidentified return or scraps one; each for a
verified badge, never a typed name, and what cannot be undone asks once more."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import SUPERVISOR, run_as, write_config
from tests.integration.orders.helpers import PICKER, SERVICE, enrol
from tests.integration.returns.desk import CAP, TEE, ReturnsStation
from wms_tui.core.model import OrderStatus

DAY = "2026-11-23"  # the fixed clock's day, in any time zone the tests run in


def _book(factory: SqlUnitOfWorkFactory) -> tuple[str, str]:
    """A return of R0001 (a tee fit to sell, a damaged cap) and an unidentified one."""
    station = ReturnsStation(factory)
    station.scan("R0001")
    station.scan(TEE)
    station.scan(CAP)
    station.key("CONDITION", "damaged", "帽檐压坏")
    closed = station.key("CLOSE")
    station.key("UNIDENTIFIED", "SF777", "no label")
    station.scan(TEE)
    waiting = station.key("CLOSE")
    return str(closed.params["ret"]), str(waiting.params["ret"])


def test_customer_service_lists_exports_and_reships(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    ret, waiting = _book(factory)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, SERVICE, "returns", "list", "--date", DAY) == 0
    listed = capsys.readouterr().out
    assert ret in listed and "R0001" in listed and "damaged 1" in listed
    assert waiting in listed and "unidentified" in listed
    assert run_as(config, PICKER, "returns", "list", "--date", DAY) != 0  # not a picker's
    out = tmp_path / "returns.csv"
    assert run_as(config, SERVICE, "returns", "export", "--date", DAY, "--csv", str(out)) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:7] == ["Return", "Order", "Platform order number", "Shop", "SKU",
                           "Quantity", "Condition"]  # fmt: skip
    assert [r[1:7] for r in rows[1:3]] == [
        ["R0001", "P000001", "店", "TEE", "1", "resaleable"],
        ["R0001", "P000001", "店", "CAP", "1", "damaged"],
    ]
    assert rows[2][7] == "帽檐压坏"
    xlsx = tmp_path / "returns.xlsx"
    assert run_as(config, SERVICE, "returns", "export", "--date", DAY, "--xlsx", str(xlsx)) == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    capsys.readouterr()
    # A reship sends again what came back unfit to sell, as a manual order for R0001.
    assert run_as(config, SERVICE, "returns", "reship", ret, "--yes") == 0
    said = capsys.readouterr().out
    assert "R0001" in said and "CAP ×1" in said
    with factory() as uow:
        reship = uow.orders.get(said.split()[1])  # "Reship MO261123-001 made for ..."
        assert reship is not None and reship.platform == "manual"
        assert reship is not None and reship.status is OrderStatus.PENDING
        assert [(line.sku_code, line.qty) for line in reship.lines] == [("CAP", 1)]
        assert "补发 R0001" in reship.seller_remark and ret in reship.seller_remark


def test_a_supervisor_matches_or_scraps_what_nobody_claimed(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    enrol(migrated_url)
    _ret, waiting = _book(factory)
    config = write_config(tmp_path, migrated_url, "zh_CN")
    capsys.readouterr()
    assert run_as(config, SUPERVISOR, "returns", "unidentified") == 0
    assert waiting in capsys.readouterr().out
    assert run_as(config, SERVICE, "returns", "match", waiting, "R0002", "--yes") != 0
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run_as(config, SUPERVISOR, "returns", "match", waiting, "R0002") == 1
    assert "订单将变为已退货" in capsys.readouterr().err  # said what it does, then asked
    with factory() as uow:
        order = uow.orders.get("R0002")
        assert order is not None and order.status is OrderStatus.HANDED_OVER
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run_as(config, SUPERVISOR, "returns", "match", waiting, "YT0000000002") == 0
    with factory() as uow:
        order = uow.orders.get("R0002")
        assert order is not None and order.status is OrderStatus.RETURNED
        assert uow.returns.unidentified() == []
    assert run_as(config, SUPERVISOR, "returns", "scrap", waiting, "--yes") != 0  # matched
    assert "E942" in capsys.readouterr().err

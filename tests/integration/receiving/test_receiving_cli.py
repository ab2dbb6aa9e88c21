"""`wms receiving` and `wms import purchase-orders` on both engines: a supervisor imports a
supplier's file (GB18030, its own headings), the receiver lists what is in transit, a
supervisor closes a PO received in part and books failed goods back to their supplier; each
for a verified badge, and what cannot be undone asks once more."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import (
    PINS,
    SUPERVISOR,
    give_pin,
    run_as,
    seed_people,
    write_config,
)
from tests.integration.receiving.desk import CAP, TEE, ReceivingStation
from wms_tui.core.model import VIRTUAL_SUPPLIER
from wms_tui.core.receiving.records import PoStatus


def test_a_supplier_file_is_imported_whole_or_not_at_all(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    seed_people(migrated_url)
    config = write_config(tmp_path, migrated_url)
    good = tmp_path / "采购单.csv"
    good.write_bytes(
        "采购单号,供应商,送货单号,预计到货日期,商品条码,采购数量,单价\n"
        f"PO-77,义乌百货,DN-77,2026/12/9,{TEE},12,3.5\n"
        f"PO-77,,,,{CAP},6,2\n".encode("gb18030")
    )
    assert run_as(config, SUPERVISOR, "import", "purchase-orders", str(good)) == 0
    assert "1 created" in capsys.readouterr().out
    with factory() as uow:
        lines = uow.receiving.lines("PO-77")
        assert [(x.sku_code, x.ordered) for x in lines] == [("TEE", 12), ("CAP", 6)]
        assert uow.receiving.in_transit(["TEE"]) == {"TEE": 12 + 30}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "po_no,supplier,sku,qty,expiry\nPO-78,厂家,TEE,5,2027-02-30\nPO-78,厂家,GHOST,1,\n",
        encoding="utf-8",
    )
    assert run_as(config, SUPERVISOR, "import", "purchase-orders", str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2 expiry 2027-02-30" in err and "bad.csv:3 sku GHOST" in err
    with factory() as uow:
        assert uow.receiving.po("PO-78") is None  # nothing of a rejected file is written


def test_lists_closes_and_sends_back_for_verified_badges(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    seed_people(migrated_url)
    PINS["RCV-1"] = "1357"  # the command line asks every badge for its PIN
    give_pin(migrated_url, "RCV-1")
    config = write_config(tmp_path, migrated_url)
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(TEE)
    station.scan(TEE)
    station.key("FAIL", "damaged", "外箱破")
    station.key("CLOSE")
    capsys.readouterr()
    assert run_as(config, "RCV-1", "receiving", "list") == 0
    listed = capsys.readouterr().out
    assert "PO0001" in listed and "received 2" in listed and "in transit 17" in listed
    assert "3 open purchase orders" in listed
    # Closing asks once more; "n" changes nothing.
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run_as(config, SUPERVISOR, "receiving", "close-po", "PO0001") == 1
    assert run_as(config, "RCV-1", "receiving", "close-po", "PO0001", "--yes") != 0
    assert run_as(config, SUPERVISOR, "receiving", "close-po", "PO0001", "--yes") == 0
    with factory() as uow:
        po = uow.receiving.po("PO0001")
        assert po is not None and po.status is PoStatus.CLOSED and po.closed_by == SUPERVISOR
    capsys.readouterr()
    pdf = tmp_path / "rtv.pdf"
    assert run_as(config, "RCV-1", "receiving", "to-vendor", "--pdf", str(pdf)) == 0
    assert "TEE ×1" in capsys.readouterr().out and pdf.read_bytes()[:4] == b"%PDF"
    assert run_as(config, SUPERVISOR, "receiving", "send-to-vendor", "义乌百货", "--yes") == 0
    assert "1 unit back to 义乌百货" in capsys.readouterr().out
    assert station.level("TEE", "QUA-01") == 0
    assert station.level("TEE", VIRTUAL_SUPPLIER) == -1  # one kept, one went back
    assert run_as(config, SUPERVISOR, "receiving", "send-to-vendor", "义乌百货", "--yes") != 0

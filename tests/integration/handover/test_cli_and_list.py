"""`wms handover` on both engines, and the handover list: every barcode decodes at print
resolution to its waybill, and the Chinese text is in the PDF."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from openpyxl import load_workbook

from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import run_wms, write_config
from tests.integration.handover.dock import Dock, waybill
from wms_tui.bootstrap.handover import render_handover_list
from wms_tui.core.handover.sheet import load_sheet
from wms_tui.core.stock import cancel_order
from wms_tui.i18n import set_language


def _closed(factory: SqlUnitOfWorkFactory) -> str:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    for n in (1, 3):
        dock.scan(waybill(n))
    return str(dock.key("CLOSE", "张师傅").params["manifest"])


def _pdf(pdf: bytes) -> tuple[list[str], str]:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=300 / 72).to_pil()
        codes = sorted(bytes(b.bytes).decode("ascii") for b in zxingcpp.read_barcodes(image))
        return codes, str(page.get_textpage().get_text_range())
    finally:
        document.close()


def test_the_handover_list_prints_every_waybill_as_a_barcode(
    factory: SqlUnitOfWorkFactory,
) -> None:
    manifest = _closed(factory)
    set_language("zh_CN")
    with factory() as uow:
        pdf = render_handover_list(load_sheet(uow, manifest))
    codes, text = _pdf(pdf)
    assert codes == [waybill(1), waybill(3)]
    assert f"交接单 {manifest}" in text and "张师傅" in text and "快递员签字" in text
    assert "H0001" in text and "P000001" in text


def test_wms_handover_print_pending_and_export(
    factory: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    manifest = _closed(factory)
    with factory() as uow:
        cancel_order(uow, "H0005", "buyer cancelled")
        uow.commit()
    config = write_config(tmp_path, migrated_url)
    out = tmp_path / "list.pdf"
    assert run_wms(config, "handover", "print", manifest, "--out", str(out)) == 0
    assert _pdf(out.read_bytes())[0] == [waybill(1), waybill(3)]
    capsys.readouterr()
    assert run_wms(config, "handover", "pending") == 0
    said = capsys.readouterr().out
    assert "Waiting at the dock: 3 parcels" in said  # H0002, H0004, H0006
    assert "H0005" in said.split("returns shelf")[1]  # cancelled after it passed
    today = _today(factory, manifest)
    csv_path, xlsx_path = tmp_path / "shipped.csv", tmp_path / "shipped.xlsx"
    args = ["handover", "export", "--date", today, "--csv", str(csv_path), "--xlsx", str(xlsx_path)]
    assert run_wms(config, *args) == 0
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Order number", "Platform order number"]
    assert [row[0] for row in rows[1:]] == ["H0001", "H0003"]
    assert rows[1][4] == waybill(1)
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None and sheet["A2"].value == "H0001"
    assert run_wms(config, "handover", "export", "--date", "07/12/2026") == 2  # E965, in words


def _today(factory: SqlUnitOfWorkFactory, manifest: str) -> str:
    with factory() as uow:
        found = uow.handovers.get(manifest)
        assert found is not None and found.closed_at is not None
        return found.closed_at.astimezone().date().isoformat()

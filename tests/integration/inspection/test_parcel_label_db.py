"""`wms labels parcel` and the label's content on both engines: every barcode reads back,
the words are the order's, gifts are marked, and an order that may not ship gets none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from devices.parcel_label import MAX_LINES
from tests.fakes import FixedClock
from tests.integration.cli.helpers import run_wms, write_config
from tests.integration.devices.pdf_pages import read_page
from tests.integration.handover.dock import seed_dock, waybill
from wms_tui.bootstrap.inspection import parcel_label
from wms_tui.core.inspection.label import NoLabelForStatus, parcel_label_view
from wms_tui.core.model import Order, OrderLine, OrderStatus, Sku
from wms_tui.core.stock import cancel_order
from wms_tui.i18n import set_language


@pytest.fixture
def docked(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    """Verified parcels at the dock (the handover tests' seed), not inspection's own."""
    made = make_uow_factory(migrated_url)
    seed_dock(made, parcels=2)
    try:
        yield made
    finally:
        made.dispose()


def test_wms_labels_parcel_writes_a_label_that_reads_back(
    docked: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, migrated_url)
    out = tmp_path / "labels"
    # By order number and by waybill: what the desk takes.
    assert run_wms(config, "labels", "parcel", "H0001", waybill(2, "YT"), "--out", str(out)) == 0
    codes, text = read_page((out / "label-H0001.pdf").read_bytes())
    assert codes == sorted(["H0001", "P000001", waybill(1)])
    assert "SF Express" in text and "White tee XL" in text and "TEE ×2" in text
    assert (out / "label-H0002.pdf").exists()
    assert run_wms(config, "labels", "parcel", "H0001", "--format", "zpl", "--dpi", "300",
                   "--out", str(out)) == 0  # fmt: skip
    zpl = (out / "label-H0001.zpl").read_bytes()
    assert zpl.startswith(b"^XA") and b"^FDH0001^FS" in zpl and b"^PW1181" in zpl
    assert "label-H0001.zpl" in capsys.readouterr().out


def test_an_order_stopped_after_it_passed_gets_no_label(
    docked: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with docked() as uow:
        cancel_order(uow, "H0002", "buyer cancelled")
        uow.commit()
    config = write_config(tmp_path, migrated_url)
    out = tmp_path / "labels"
    capsys.readouterr()
    assert run_wms(config, "labels", "parcel", "H0002", "NO-SUCH", "H0001", "--out", str(out)) == 2
    said = capsys.readouterr()
    text = said.out + said.err
    assert "E844" in text and "H0002" in text and "cancelled" in text
    assert "E403" in text  # the unknown one
    # The others still print: one refusal does not stop the batch.
    assert sorted(p.name for p in out.iterdir()) == ["label-H0001.pdf"]


def test_gifts_are_marked_and_long_orders_say_how_many_lines_more(
    docked: SqlUnitOfWorkFactory,
) -> None:
    set_language("zh_CN")
    with docked() as uow:
        for n in range(12):
            uow.skus.add(Sku(f"S{n}", f"商品{n}", f"Item {n}"))
        lines = [OrderLine(n + 1, f"S{n}", 1, is_gift=(n == 0)) for n in range(12)]
        uow.orders.add(
            Order(
                "L1", "tmall", "蓝鲸旗舰店", OrderStatus.VERIFIED, lines,
                buyer="王芳", courier="顺丰", waybill="SF000000000001",
                buyer_remark="送小样", seller_remark="加急",
            )
        )  # fmt: skip
        uow.orders.add(Order("L2", "tmall", "店", OrderStatus.PICKED, lines[:1]))
        uow.commit()
    with docked.for_reading()() as uow:
        label = parcel_label(parcel_label_view(uow, "L1", "zh_CN"), "PACK-01", FixedClock().now())
    assert label.courier == "顺丰速运" and label.shop == "天猫 · 蓝鲸旗舰店"
    assert label.lines[0] == "[赠品] S0 ×1 商品0"
    assert len(label.lines) == MAX_LINES
    assert label.lines[-1] == f"… 还有 {12 - (MAX_LINES - 1)} 行"
    assert label.remark == "买家留言：送小样  卖家备注：加急"
    with docked.for_reading()() as uow, pytest.raises(NoLabelForStatus):
        parcel_label_view(uow, "L2", "zh_CN")  # picked, not yet passed

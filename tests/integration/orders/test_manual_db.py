"""Manual orders (手动下订单) on both engines: an offline sale and a reship (补发), by SKU
code or barcode; refused in words before anything is written; pending, then confirmed like
any order; the desk finds them."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import run_as, write_config
from tests.integration.orders.helpers import CLERK, SERVICE, enrol
from wms_tui.core.errors import InvalidQuantity, UnknownOrder, UnknownSku
from wms_tui.core.model import Barcode, OrderStatus
from wms_tui.core.orders.desk import OrderQuery, checked
from wms_tui.core.orders.manual import ManualOrder, NoLines, add_manual_order


def test_an_offline_sale_and_a_reship(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        uow.skus.add_barcode(Barcode("6900000000017", "TEE"))
        sale = add_manual_order(
            uow,
            FixedClock(),
            ManualOrder((("TEE", "2"), ("6900000000017", "1")), shop="门店", buyer="王先生"),
            CLERK,
            "DESK-1",
        )
        reship = add_manual_order(
            uow,
            FixedClock(),
            ManualOrder((("TEE", "1"),), remark="上次少发一件", reship_of="P000002"),
            CLERK,
            "DESK-1",
        )
        uow.commit()  # fmt: skip
    assert sale.order_no.startswith("MO") and reship.order_no != sale.order_no
    assert [(ln.sku_code, ln.qty) for ln in sale.lines] == [("TEE", 2), ("TEE", 1)]
    assert sale.status is OrderStatus.PENDING and sale.platform == "manual"
    # The reship keeps the original's courier and shop, and says what it replaces.
    assert reship.courier == "圆通" and reship.seller_remark == "补发 H0002 P000002; 上次少发一件"
    with factory.for_reading()() as uow:
        found = uow.order_desk.find(checked(OrderQuery("王先生")))
    assert [hit.order_no for hit in found] == [sale.order_no]


@pytest.mark.parametrize(
    ("wanted", "error"),
    [
        (ManualOrder(()), NoLines),
        (ManualOrder((("NOPE", "1"),)), UnknownSku),
        (ManualOrder((("TEE", "0"),)), InvalidQuantity),
        (ManualOrder((("TEE", "１"),)), InvalidQuantity),  # a full-width digit
        (ManualOrder((("TEE", "1"),), reship_of="NOPE"), UnknownOrder),
    ],
)
def test_what_cannot_be_an_order_is_refused(
    factory: SqlUnitOfWorkFactory, wanted: ManualOrder, error: type[Exception]
) -> None:
    with factory() as uow, pytest.raises(error):
        add_manual_order(uow, FixedClock(), wanted, CLERK, "DESK-1")


def test_wms_orders_add_then_confirm(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "add", "--line", "TEE:1", "--buyer", "李女士") == 0
    said = capsys.readouterr().out
    number = said.split()[2]
    assert said.startswith("Manual order MO") and "with 1 line" in said
    with factory.for_reading()() as uow:
        order = uow.orders.get(number)
        assert order is not None and order.buyer == "李女士"
    with pytest.raises(SystemExit):
        run_as(config, SERVICE, "orders", "add", "--line", "TEE")  # no quantity
    assert "SKU:QTY" in capsys.readouterr().err

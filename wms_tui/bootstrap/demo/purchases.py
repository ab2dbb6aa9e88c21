"""The demo's purchase orders: goods on their way from three suppliers, the out-of-stock
SKUs among them, so receiving has something to receive and the look-up something in
transit. Fixed numbers and no random draws: a second build finds them and adds nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from wms_tui.bootstrap.demo.plan import OUT_OF_STOCK
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.records import PoLine, PurchaseOrder

FIRST_PO = "PO100001"
# (PO, supplier, delivery note, days until expected, [(index into the sellable SKUs, qty)])
_PLAN = (
    (FIRST_PO, "义乌百货供应链", "DN8800001", 0, [(-1, 24), (-2, 24), (-3, 12), (1, 12)]),
    ("PO100002", "广州白云服饰厂", "DN8800002", 1, [(2, 36), (3, 20), (4, 12)]),
    ("PO100003", "宁波家居用品有限公司", "", 3, [(6, 48)]),
)


def add_purchase_orders(uow: UnitOfWork, sellable: list[str], now: datetime) -> bool:
    """The three POs, unless the first is there already; True when they were added."""
    if uow.receiving.po(FIRST_PO) is not None:
        return False
    assert len(sellable) > OUT_OF_STOCK + 6
    heads, lines = [], []
    for po_no, supplier, note, days, wanted in _PLAN:
        expected = (now + timedelta(days=days)).astimezone().date()
        heads.append(PurchaseOrder(po_no, supplier, note, expected, imported_at=now))
        lines += [
            PoLine(po_no, n, sellable[index], qty) for n, (index, qty) in enumerate(wanted, start=1)
        ]
    uow.receiving.add_pos(heads, lines)
    return True

"""Building the demo warehouse through the services, in a handful of units of work."""

from __future__ import annotations

import uuid
from datetime import datetime

from wms_tui.bootstrap.demo.catalog import NAMES
from wms_tui.bootstrap.demo.plan import (
    DEMO_NS,
    PINS,
    ROLE_TAGS,
    DemoInfo,
    DemoOperator,
    _Plan,
    _PlannedOrder,
    plan,
)
from wms_tui.bootstrap.demo.purchases import FIRST_PO, add_purchase_orders
from wms_tui.core import operators, stock
from wms_tui.core.imports.service import ensure_virtual_locations
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    AuditEvent,
    BarcodeKind,
    LocationKind,
    MoveReason,
    OrderStatus,
    Role,
    StockMove,
)
from wms_tui.core.ports import Clock, PinHasher, UnitOfWork, UnitOfWorkFactory
from wms_tui.i18n import _

BY, STATION = "demo", "DEMO"
DOCK, RETURNS = "DOCK-01", "RET-01"
_CHUNK = 100  # orders per unit of work: short transactions, still only a few of them


def demo_operators() -> list[DemoOperator]:
    people = iter(NAMES)
    return [
        DemoOperator(f"OP-{tag}-{n}", next(people), role, PINS.get(role))
        for role, tag in ROLE_TAGS.items()
        for n in (1, 2, 3)
    ]


def _move_id(*parts: object) -> str:
    return str(uuid.uuid5(DEMO_NS, ":".join(map(str, parts))))


def build_demo(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    hasher: PinHasher,
    station_ids: tuple[str, ...] = ("PACK-01", "PACK-02"),
) -> DemoInfo:
    """Deterministic and idempotent: a second run finds everything in place and adds nothing."""
    the_plan = plan(clock.now(), station_ids)
    with uow_factory() as uow:
        created = _master_data(uow, the_plan)
        uow.commit()
    for person in demo_operators():
        with uow_factory() as uow:
            exists = uow.operators.get(person.badge) is not None
        if not exists:
            operators.enrol(
                uow_factory, hasher, clock, badge=person.badge, name=person.name,
                roles=frozenset({person.role}), pin=person.pin, by=BY, station_id=STATION,
            )  # fmt: skip
            created = True
    with uow_factory() as uow:
        for sku, location, qty in the_plan.stock:
            created |= stock.receive(
                uow, clock, sku_code=sku, qty=qty, location=location, operator=BY,
                station_id=STATION, reference="demo", move_id=_move_id("open", sku, location),
            )  # fmt: skip
        sellable = [r.sku.code for r in the_plan.skus if not r.sku.is_kit]
        created |= add_purchase_orders(uow, sellable, clock.now())
        uow.commit()
    orders = the_plan.orders
    for start in range(0, len(orders), _CHUNK):
        with uow_factory() as uow:
            for planned in orders[start : start + _CHUNK]:
                if uow.orders.get(planned.order.order_no) is None:
                    _place(uow, clock, the_plan, planned)
                    created = True
            if created and start + _CHUNK >= len(orders):
                event = AuditEvent("demo_built", BY, STATION, subject="demo", at=clock.now())
                uow.audit.record(event)
            uow.commit()
    return _info(the_plan, created)


def _master_data(uow: UnitOfWork, the_plan: _Plan) -> bool:
    created = False
    ensure_virtual_locations(uow)
    for location in the_plan.locations:
        if uow.locations.get(location.code) is None:
            uow.locations.add(location)
            created = True
    for record in the_plan.skus:
        if uow.skus.get(record.sku.code) is not None:
            continue
        uow.skus.add(record.sku)
        for barcode in record.barcodes:
            uow.skus.add_barcode(barcode)
        for component in record.components:
            uow.skus.add_component(component)
        created = True
    return created


def _post(
    uow: UnitOfWork,
    clock: Clock,
    planned: _PlannedOrder,
    step: str,
    moves: list[tuple[str, str, str, int]],
    reason: MoveReason,
) -> None:
    for sku, source, target, qty in moves:
        move = StockMove(
            _move_id(step, planned.order.order_no, sku, source), sku, qty, source, target,
            reason, reference=planned.order.order_no, operator=BY, station_id=planned.station,
        )  # fmt: skip
        stock.post_move(uow, move, clock)


def _place(uow: UnitOfWork, clock: Clock, the_plan: _Plan, planned: _PlannedOrder) -> None:
    """Walks the order along the real edges, posting the moves each step makes."""
    order, target = planned.order, planned.target
    uow.orders.add(order)
    if target is OrderStatus.PENDING:
        return
    if target is OrderStatus.ON_HOLD:
        uow.orders.set_status(order, OrderStatus.ON_HOLD, planned.hold_reason)
        return
    stock.confirm_order(uow, order.order_no)
    if target is OrderStatus.CONFIRMED:
        return
    # confirm_order changed the stored order (status, version): carry on from that one.
    reloaded = uow.orders.get(order.order_no)
    assert reloaded is not None
    order = planned.order = reloaded
    if target is OrderStatus.CANCELLED:
        stock.cancel_order(uow, order.order_no, "买家取消 / cancelled by buyer")
        return
    uow.orders.set_status(order, OrderStatus.RELEASED)
    if target is OrderStatus.RELEASED:
        return
    totals = sorted(order.quantities().items())
    picks = [(sku, the_plan.home[sku], planned.station, qty) for sku, qty in totals]
    _post(uow, clock, planned, "pick", picks, MoveReason.PICK)
    uow.ledger.release_reservations(order.order_no)  # the stock has left the bins
    uow.orders.set_status(order, OrderStatus.PICKED)
    if target is OrderStatus.PICKED:
        return
    _post(
        uow,
        clock,
        planned,
        "ship",
        [(s, planned.station, DOCK, q) for s, q in totals],
        MoveReason.SHIP,
    )
    uow.orders.set_status(order, OrderStatus.VERIFIED)
    # The ship date (verified), so the dashboard and `wms report` have a day to show.
    uow.inspections.mark_verified(order.order_no, clock.now(), "OP-INS-1", planned.station)
    if target is OrderStatus.VERIFIED:
        return
    _post(
        uow,
        clock,
        planned,
        "handover",
        [(s, DOCK, VIRTUAL_CUSTOMER, q) for s, q in totals],
        MoveReason.HANDOVER,
    )
    uow.orders.set_status(order, OrderStatus.HANDED_OVER)
    if target is OrderStatus.ARCHIVED:
        uow.orders.set_status(order, OrderStatus.ARCHIVED)
    elif target is OrderStatus.RETURNED:
        _post(
            uow,
            clock,
            planned,
            "return",
            [(s, VIRTUAL_CUSTOMER, RETURNS, q) for s, q in totals],
            MoveReason.RETURN,
        )
        uow.orders.set_status(order, OrderStatus.RETURNED)


def _first(the_plan: _Plan, status: OrderStatus) -> _PlannedOrder:
    return next(p for p in the_plan.orders if p.target is status)


def _info(the_plan: _Plan, created: bool) -> DemoInfo:
    barcodes = [b for r in the_plan.skus for b in r.barcodes]
    kit = next(b for b in barcodes if b.sku_code.startswith("KIT"))
    return DemoInfo(
        created=created,
        operators=demo_operators(),
        inspect_waybill=_first(the_plan, OrderStatus.PICKED).order.waybill,
        released_order=_first(the_plan, OrderStatus.RELEASED).order.order_no,
        count_location=the_plan.stock[0][1],
        sku_barcode=barcodes[0].code,
        packaging_barcode=next(b.code for b in barcodes if b.kind is BarcodeKind.PACKAGING),
        kit_barcode=kit.code,
        purchase_order=FIRST_PO,
    )


def demo_barcode_items(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str]]:
    """(caption, value) for a printable sheet: badges, locations, waybills to inspect, SKUs."""
    items: list[tuple[str, str]] = []
    the_plan = plan(datetime(2026, 1, 1), ("PACK-01",))  # only codes are used: the date is moot
    with uow_factory() as uow:
        for op in uow.operators.all():
            roles = ", ".join(sorted(_("demo.role." + r.value) for r in op.roles))
            items.append((_("demo.caption.badge", name=op.name, roles=roles), op.badge))
        for loc in uow.locations.all():
            if loc.kind is not LocationKind.VIRTUAL:
                kind = _("location.kind." + loc.kind.value)
                items.append((_("demo.caption.location", kind=kind), loc.code))
        for po in uow.receiving.open_pos():
            items.append((_("demo.caption.po", supplier=po.supplier), po.po_no))
        for planned in the_plan.orders:
            order = uow.orders.get(planned.order.order_no)
            if order is not None and order.status is OrderStatus.PICKED and order.waybill:
                items.append(
                    (
                        _("demo.caption.waybill", order=order.order_no, courier=order.courier),
                        order.waybill,
                    )
                )
        for code in sorted(uow.skus.codes()):
            sku = uow.skus.get(code)
            found = [b for b in uow.skus.barcodes_of(code) if b.kind is not BarcodeKind.PACKAGING]
            if sku is not None and found:
                items.append((f"{code} {sku.name_zh} {sku.spec}".strip(), found[0].code))
    return items


__all__ = ["Role", "build_demo", "demo_barcode_items", "demo_operators"]

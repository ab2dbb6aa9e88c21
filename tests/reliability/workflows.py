"""The workflows' world for the reliability tests: a small warehouse where orders are waved,
picked, inspected and shipped while bins are counted, and one `check_workflows()` that reads
the workflows' own rows and names what must never happen (an order verified twice, a location
counted by two at once, a counted location unfrozen before approval)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import select

from db.handover.models import ManifestRow, ParcelRow
from db.models import ScanJournalRow, StockMoveRow
from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from tests.reliability.harness import CLOCK, Verdict, ean, verify
from wms_tui.core import stock
from wms_tui.core.counting import handler as counting_svc
from wms_tui.core.counting.records import TaskStatus
from wms_tui.core.counting.rules import CountEvent
from wms_tui.core.handover.handler import CONTEXT as HANDOVER
from wms_tui.core.handover.handler import HandoverDesk
from wms_tui.core.inspection.handler import CONTEXT as INSPECT
from wms_tui.core.inspection.handler import InspectionDesk, scan_resolver
from wms_tui.core.inspection.records import SessionResult
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.model import (
    ORDER_TRANSITIONS,
    Barcode,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.service import make_pick_handler
from wms_tui.core.picking.step import CONTEXT as PICK
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.handler import CONTEXT as RECEIVING_CONTEXT
from wms_tui.core.receiving.handler import ReceivingDesk
from wms_tui.core.receiving.rules import Places as ReceivingPlaces
from wms_tui.core.receiving.rules import Rules as ReceivingRules
from wms_tui.core.returns.handler import CONTEXT as RETURN_CONTEXT
from wms_tui.core.returns.handler import ReturnsDesk
from wms_tui.core.returns.rules import Places
from wms_tui.core.scans import Scan

SKU_EAN = {"TEE": ean(11), "CAP": ean(12)}
BINS = {"A-01": "TEE", "A-02": "CAP"}  # bin -> the SKU it holds
DOCK, QUAR, SPARE, RETURNS = "DOCK", "QUAR", "SPARE-1", "RET"
RECEIVING_AREA = "RCV"
TOTE = "TOTE-1"  # received or returned goods loaded at a desk, put away later
ZONE = "Z"
SUPERVISOR = Operator("SUP", "Wang", frozenset({Role.SUPERVISOR}))
PICKER = Operator("P1", "Li", frozenset({Role.PICKER}))
MAX_STATIONS = 8


def packing(n: int) -> str:
    return f"PACK-{n}"


def stocktaker(n: int) -> Operator:
    return Operator(f"C{n}", f"Counter {n}", frozenset({Role.STOCKTAKER}))


GIFT = "CAP"  # on every station's gift list; gifts come from SPARE, as replacements do


def rules(n: int) -> StationRules:
    return StationRules(
        f"S{n}", packing(n), DOCK, QUAR, replacement_location=SPARE, gift_skus=frozenset({GIFT})
    )


def seed_world(
    factory: SqlUnitOfWorkFactory, *, in_bins: int, in_packing: int = 0, stations: int = 1
) -> None:
    """Two SKUs with a home bin each (zone Z), a packing location per station, the dock,
    quarantine and a spare bin; everything arrives as receipts, so the ledger sums to zero."""
    with factory() as uow:
        for n, (sku, code) in enumerate(SKU_EAN.items()):
            uow.skus.add(Sku(sku, f"流程{n}", f"Workflow {n}"))
            uow.skus.add_barcode(Barcode(code, sku))
        for walk, code in enumerate(BINS, start=1):
            uow.locations.add(Location(code, LocationKind.BIN, walk, zone=ZONE))
        uow.locations.add(Location(SPARE, LocationKind.BIN, 50, zone="R"))
        uow.locations.add(Location(DOCK, LocationKind.DOCK))
        uow.locations.add(Location(QUAR, LocationKind.QUARANTINE))
        uow.locations.add(Location(RETURNS, LocationKind.RETURNS))
        uow.locations.add(Location(RECEIVING_AREA, LocationKind.RECEIVING))
        uow.locations.add(Location(TOTE, LocationKind.TOTE))
        for n in range(1, stations + 1):
            uow.locations.add(Location(packing(n), LocationKind.PACKING, station_id=f"S{n}"))
        for operator in (SUPERVISOR, PICKER, *(stocktaker(n) for n in range(1, 9))):
            uow.operators.add(operator)
        for code, sku in BINS.items():
            _receive(uow, sku, in_bins, code)
        for n in range(1, stations + 1):
            for sku in SKU_EAN:
                _receive(uow, sku, in_packing, packing(n))
        for sku in SKU_EAN:  # replacements for quarantined units come from here
            _receive(uow, sku, in_packing, SPARE)
        uow.commit()


def _receive(uow: UnitOfWork, sku: str, qty: int, location: str) -> None:
    if qty:
        stock.receive(
            uow, CLOCK, sku_code=sku, qty=qty, location=location, operator="seed",
            station_id="S0", move_id=f"opening-{sku}-{location}",
        )  # fmt: skip


def add_order(
    uow: UnitOfWork, order_no: str, lines: Mapping[str, int], status: OrderStatus
) -> None:
    """An order with a waybill `YT<order_no>`; a PENDING one is confirmed (reserved)."""
    order_lines = [OrderLine(n, sku, qty) for n, (sku, qty) in enumerate(lines.items(), 1)]
    uow.orders.add(
        Order(
            order_no, "taobao", "店", OrderStatus.PENDING if status is OrderStatus.CONFIRMED
            else status, order_lines, waybill=f"YT{order_no}",
            paid_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
        )
    )  # fmt: skip
    if status is OrderStatus.CONFIRMED:
        stock.confirm_order(uow, order_no)


class Station:
    """One station: the real inspection desk and the real pick handler behind the real
    pipeline (journal, apply once, commit, then the outcome)."""

    def __init__(self, factory: SqlUnitOfWorkFactory, n: int = 1) -> None:
        self.station = f"S{n}"
        self.inspector = f"I{n}"  # whose inspection scans these are
        self.desk = InspectionDesk(rules(n), CLOCK, resolver=scan_resolver())
        self.pipeline = ScanPipeline(factory.for_scans(), CLOCK, self.station, retry_max_s=0.2)
        self.pipeline.register(INSPECT, self.desk.handle_scan)
        self.pipeline.register(PICK, make_pick_handler(CLOCK, self.station))
        self.pipeline.register(HANDOVER, HandoverDesk(self.station, DOCK, CLOCK).handle_scan)
        returns = ReturnsDesk(self.station, Places(RETURNS, QUAR), CLOCK)
        self.pipeline.register(RETURN_CONTEXT, returns.handle_scan)
        receiving = ReceivingDesk(
            self.station, ReceivingRules(ReceivingPlaces(RECEIVING_AREA, QUAR)), CLOCK
        )
        self.pipeline.register(RECEIVING_CONTEXT, receiving.handle_scan)
        self.acked: list[str] = []

    def scan(self, text: str, context: str = INSPECT) -> Outcome:
        scan_id = f"{self.station}-{uuid.uuid4().hex}"
        outcome = self.pipeline.process(
            Scan(
                scan_id,
                self.station,
                text,
                received_at=datetime.now(UTC),
                operator=self.inspector if context == INSPECT else "",
            ),
            context,
        )
        self.acked.append(scan_id)
        return outcome


def count_scan(
    uow: UnitOfWork, who: Operator, event: CountEvent | str, station: str = ""
) -> Outcome:
    """One count step inside the caller's transaction (a location code or an event)."""
    if isinstance(event, str):
        event = counting_svc.location_event(uow, event)
    return counting_svc.apply_event(
        uow, CLOCK, station_id=station or f"ST-{who.badge}", operator=who, event=event,
        scan_id=uuid.uuid4().hex, text="x",
    )  # fmt: skip


def verify_workflows(factory: SqlUnitOfWorkFactory, acknowledged: Iterable[str]) -> Verdict:
    """harness.verify for workflow scans: an accepted workflow scan moves as many units as
    the step calls for (none for a location scan, a whole order at a pass), so only refused
    scans are held to "no move"; every move's scan id must still be journaled."""
    with factory() as uow:
        accepted = list(
            uow.session.scalars(
                select(ScanJournalRow.scan_id).where(ScanJournalRow.status == "accepted")
            )
        )
    return verify(factory, acknowledged, unlinked=accepted)


def _shipped(uow: SqlUnitOfWork, order_no: str) -> dict[str, int]:
    rows = uow.session.execute(
        select(StockMoveRow.sku_code, StockMoveRow.qty).where(
            StockMoveRow.reason == MoveReason.SHIP.value,
            StockMoveRow.reference.startswith(f"{order_no}/"),
        )
    )
    shipped: dict[str, int] = {}
    for sku, qty in rows:
        shipped[sku] = shipped.get(sku, 0) + qty
    return shipped


def _handover_promises(uow: SqlUnitOfWork, order_no: str, status: OrderStatus) -> list[str]:
    """An order is on one manifest at most, and handed over (or returned since) exactly when
    that manifest is closed; a handed-over order's units are all with the customer."""
    rows = uow.session.execute(
        select(ParcelRow.manifest_id, ManifestRow.status)
        .join(ManifestRow, ManifestRow.manifest_id == ParcelRow.manifest_id)
        .where(ParcelRow.order_no == order_no, ParcelRow.removed.is_(False))
    ).all()
    found = [f"order {order_no} is on {len(rows)} manifests"] if len(rows) > 1 else []
    closed = any(state == "closed" for _m, state in rows)
    # Archived: handed over (on a closed manifest) or cancelled / returned (on none).
    shipped = status in (OrderStatus.HANDED_OVER, OrderStatus.RETURNED)
    if status is not OrderStatus.ARCHIVED and closed != shipped:
        found.append(f"order {order_no} is {status} on manifests {rows}")
    return found


def _lines_of(order: Order) -> dict[str, int]:
    lines: dict[str, int] = {}
    for line in order.lines:
        lines[line.sku_code] = lines.get(line.sku_code, 0) + line.qty
    return lines


def check_handover_promises(factory: SqlUnitOfWorkFactory, order_nos: Iterable[str]) -> list[str]:
    """The handover's own promises for orders that reached the dock without an inspection
    here (seeded verified): one manifest at most, handed over exactly when it closed."""
    found: list[str] = []
    with factory() as uow:
        for order_no in order_nos:
            order = uow.orders.get(order_no)
            if order is None:
                found.append(f"order {order_no} is gone")
                continue
            found += _handover_promises(uow, order_no, order.status)
    return found


def check_workflows(
    factory: SqlUnitOfWorkFactory,
    order_nos: Iterable[str],
    plan_ids: Iterable[str],
    last_status: dict[str, OrderStatus] | None = None,
) -> list[str]:
    """What the workflows promise, read from the database.

    Inspection: at most one passed session per order, at most one open one, none open once
    it is verified, and an order is verified (or later) only with exactly one pass. Orders:
    every status change since `last_status` (updated in place) is a legal transition.
    Counting: at most one task per location is being counted; a location is frozen exactly
    while a task on it is counting or counted and not yet approved."""
    found: list[str] = []
    with factory() as uow:
        for order_no in order_nos:
            order = uow.orders.get(order_no)
            if order is None:
                found.append(f"order {order_no} is gone")
                continue
            history = uow.inspections.history(order_no)
            results = [s.result for s in history]
            passed = results.count(SessionResult.PASSED)
            if passed > 1 or results.count(SessionResult.OPEN) > 1:
                found.append(f"order {order_no} inspected as {results}")
            verified = order.status in (
                OrderStatus.VERIFIED, OrderStatus.HANDED_OVER, OrderStatus.RETURNED,
            )  # fmt: skip
            # Once passed, an order may still be cancelled or held at the dock (intercepted).
            after_pass = order.status in (
                OrderStatus.CANCELLED, OrderStatus.ON_HOLD, OrderStatus.ARCHIVED,
            )  # fmt: skip
            if verified != (passed == 1) and not (after_pass and passed == 1):
                found.append(f"order {order_no} is {order.status} after {passed} passes")
            if verified and SessionResult.OPEN in results:
                found.append(f"order {order_no} is {order.status} with a session still open")
            found += _handover_promises(uow, order.order_no, order.status)
            if verified and (shipped := _shipped(uow, order_no)) != _lines_of(order):
                # Gift lines added at the desk included: the parcel holds what the order says.
                found.append(f"order {order_no} shipped {shipped}, its lines say {order.lines}")
            if last_status is not None:
                before = last_status.get(order_no)
                if before not in (None, order.status) and (
                    order.status not in ORDER_TRANSITIONS[before]
                ):
                    found.append(f"order {order_no} went {before} -> {order.status}")
                last_status[order_no] = order.status
        repo = uow.counts
        tasks = [t for plan in plan_ids for t in repo.tasks(plan)]
        held = {TaskStatus.COUNTING, TaskStatus.COUNTED}
        for code in {t.location for t in tasks}:
            mine = [t for t in tasks if t.location == code]
            counting = [t for t in mine if t.status is TaskStatus.COUNTING]
            if len(counting) > 1:
                found.append(f"{code} counted at once by {[t.counter for t in counting]}")
            location = uow.locations.get(code)
            should = any(t.status in held for t in mine)
            if location is None or location.frozen != should:
                found.append(f"{code} frozen={location and location.frozen}, tasks {mine}")
    return found

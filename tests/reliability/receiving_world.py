"""Receiving in the reliability tests: open purchase orders, what a receiver scans after a
restart, and `check_receiving()`, which reads receiving's own rows and names what must never
happen: a line whose received count is not the units of its receipts (received = passed +
failed), more received than ordered with nobody allowing it, in transit that is not ordered
less received, two receipts open at a station, a receipt booked twice, a receiving area that
holds other than what closed receipts brought less what was put away, a carry of more than
waits."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.models import StockMoveRow
from db.receiving.models import PoLineRow, PurchaseOrderRow, ReceiptRow, ReceiptUnitRow
from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.harness import CLOCK
from tests.reliability.workflows import (
    BINS,
    QUAR,
    RECEIVING_AREA,
    SKU_EAN,
    TOTE,
    Station,
    seed_world,
)
from wms_tui.core.model import MoveReason
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.handler import CONTEXT as RECEIVING
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.core.receiving.rules import Places, Rules
from wms_tui.core.shelving import carried

RECEIVING_STATION = "RCV-A"
AREA = RECEIVING_AREA
PER_PO = {"TEE": 4, "CAP": 2}  # what every seeded purchase order asks for
RULES = Rules(Places(AREA, QUAR), over_percent=0, min_shelf_days=0)
UNKNOWN = "2999999999999"


def po_number(n: int) -> str:
    return f"PO{n:05d}"


def add_po(uow: UnitOfWork, po_no: str, lines: Mapping[str, int]) -> None:
    uow.receiving.add_pos(
        [PurchaseOrder(po_no, "义乌百货", f"DN{po_no}", imported_at=CLOCK.now())],
        [PoLine(po_no, n, sku, qty) for n, (sku, qty) in enumerate(lines.items(), start=1)],
    )


def seed_receiving_world(
    factory: SqlUnitOfWorkFactory, pos: int, lines: Mapping[str, int] = PER_PO
) -> list[str]:
    """`pos` open purchase orders, each `lines`, and the receiving area; nothing in stock."""
    seed_world(factory, in_bins=0)
    made = [po_number(n) for n in range(pos)]
    with factory() as uow:
        for po_no in made:
            add_po(uow, po_no, lines)
        uow.commit()
    return made


def receiving_stream(factory: SqlUnitOfWorkFactory, rng: random.Random) -> Iterator[str]:
    """What a receiver does after a restart: finish the receipt the station has open (what
    its PO still expects, then close), then each open PO: its number, every unit (now and
    then a failed one with its reason, an undo and the unit again, an unknown code, one too
    many: refused), close; now and then put away what waits (the item, all of it, a bin; or
    into the tote, then the tote and a bin per SKU). Read once, after recovery, before any
    new scan."""
    with factory() as uow:
        receipt = uow.receiving.open_at(RECEIVING_STATION)
        waiting = [p.po_no for p in uow.receiving.open_pos()]
        missing: list[str] = []
        if receipt is not None and receipt.po_no:
            for line in uow.receiving.lines(receipt.po_no):
                missing += [SKU_EAN[line.sku_code]] * line.in_transit
            waiting = [p for p in waiting if p != receipt.po_no]
    if receipt is not None:
        yield from missing
        yield "CMD:CLOSE"
    for po_no in waiting:
        yield po_no
        for sku, qty in PER_PO.items():
            for _ in range(qty):
                if rng.random() < 0.05:
                    yield UNKNOWN
                yield SKU_EAN[sku]
                if rng.random() < 0.1:
                    yield "CMD:FAIL:damaged:外箱破损"
                if rng.random() < 0.05:
                    yield "CMD:UNDO"
                    yield SKU_EAN[sku]
        if rng.random() < 0.2:
            yield SKU_EAN["TEE"]  # one too many: refused, never counted
        yield "CMD:CLOSE"
        if rng.random() < 0.3:
            yield SKU_EAN[rng.choice(sorted(SKU_EAN))]
            yield "CMD:ALL"
            # Into a bin, or into the tote, put away at once SKU by SKU (a bin each).
            if rng.random() < 0.5:
                yield rng.choice(sorted(BINS))
            else:
                yield from (TOTE, TOTE, *rng.sample(sorted(BINS), len(BINS)))


def check_receiving(
    factory: SqlUnitOfWorkFactory, carriers: tuple[str, ...] = (RECEIVING_STATION,)
) -> list[str]:
    """What receiving promises, read from the database (every PO, receipt and unit).
    `carriers`: the stations whose carry is at most what waits (one receiver alone; racing
    receivers may carry the same units until one shelves them and the other is told)."""
    found: list[str] = []
    with factory() as uow:
        session = uow.session
        counted = {
            (str(po), int(line)): int(qty)
            for po, line, qty in session.execute(
                select(ReceiptRow.po_no, ReceiptUnitRow.line_no, func.sum(ReceiptUnitRow.qty))
                .join(ReceiptRow, ReceiptRow.receipt_id == ReceiptUnitRow.receipt_id)
                .where(ReceiptUnitRow.removed.is_(False), ReceiptRow.status != "abandoned",
                       ReceiptUnitRow.line_no > 0)
                .group_by(ReceiptRow.po_no, ReceiptUnitRow.line_no)
            )
        }  # fmt: skip
        allowed = set(session.scalars(select(ReceiptRow.po_no).where(ReceiptRow.allowed_by != "")))
        transit: dict[str, int] = {}
        for line, status in session.execute(
            select(PoLineRow, PurchaseOrderRow.status).join(
                PurchaseOrderRow, PurchaseOrderRow.po_no == PoLineRow.po_no
            )
        ):
            key = (line.po_no, line.line_no)
            if line.received != counted.get(key, 0):
                found.append(f"{key}: received {line.received}, units {counted.get(key, 0)}")
            if line.received > line.ordered and line.po_no not in allowed:
                found.append(f"{key}: {line.received} received of {line.ordered}, unallowed")
            if status == "open" and line.received < line.ordered:
                left = line.ordered - line.received
                transit[line.sku_code] = transit.get(line.sku_code, 0) + left
        if (said := uow.receiving.in_transit(sorted(SKU_EAN))) != transit:
            found.append(f"in transit {said}, ordered less received {transit}")
        for station, n in session.execute(
            select(ReceiptRow.station_id, func.count())
            .where(ReceiptRow.status == "open")
            .group_by(ReceiptRow.station_id)
        ):
            if n > 1:
                found.append(f"{station} has {n} receipts open")
        found += _booked_once(uow)
        for station in carriers:
            carry = carried(uow, station, AREA)  # a returns desk's carry is returns'
            where = carry.area if carry is not None else AREA  # the area, or a tote
            if carry is not None and carry.qty > uow.ledger.level(carry.sku_code, where):
                waits = uow.ledger.level(carry.sku_code, where)
                found.append(f"{station} carries {carry.qty} {carry.sku_code} of {waits} "
                             f"in {where}")  # fmt: skip
    return found


def _booked_once(uow: SqlUnitOfWork) -> list[str]:
    """Every closed receipt's moves carry exactly its passed and failed units; the
    receiving area holds what they brought less what was put away."""
    session = uow.session
    found: list[str] = []
    units: dict[tuple[str, bool], int] = {}
    for rid, reason, qty in session.execute(
        select(ReceiptUnitRow.receipt_id, ReceiptUnitRow.reason, func.sum(ReceiptUnitRow.qty))
        .join(ReceiptRow, ReceiptRow.receipt_id == ReceiptUnitRow.receipt_id)
        .where(ReceiptUnitRow.removed.is_(False), ReceiptRow.status == "closed")
        .group_by(ReceiptUnitRow.receipt_id, ReceiptUnitRow.reason)
    ):
        key = (str(rid), reason == "")
        units[key] = units.get(key, 0) + int(qty)
    moved: dict[tuple[str, bool], int] = {}
    for reference, reason, qty in session.execute(
        select(StockMoveRow.reference, StockMoveRow.reason, func.sum(StockMoveRow.qty))
        .where(StockMoveRow.from_location == "@supplier")
        .group_by(StockMoveRow.reference, StockMoveRow.reason)
    ):
        if reason not in (MoveReason.RECEIPT.value, MoveReason.QUARANTINE.value):
            continue
        rid = str(reference).split("/")[0]
        if not rid.startswith("RC"):
            continue  # the seed's own receipts
        key = (rid, reason == MoveReason.RECEIPT.value)
        moved[key] = moved.get(key, 0) + int(qty)
    if units != moved:
        found.append(f"closed receipts' units {units}, booked {moved}")
    put_away = dict(
        session.execute(
            select(StockMoveRow.sku_code, func.sum(StockMoveRow.qty))
            .where(StockMoveRow.from_location == AREA)
            .group_by(StockMoveRow.sku_code)
        ).all()
    )
    brought: dict[str, int] = {}
    for sku, qty in session.execute(
        select(ReceiptUnitRow.sku_code, func.sum(ReceiptUnitRow.qty))
        .join(ReceiptRow, ReceiptRow.receipt_id == ReceiptUnitRow.receipt_id)
        .where(ReceiptUnitRow.removed.is_(False), ReceiptRow.status == "closed",
               ReceiptUnitRow.reason == "")
        .group_by(ReceiptUnitRow.sku_code)
    ):  # fmt: skip
        brought[str(sku)] = int(qty)
    for sku in SKU_EAN:
        here = uow.ledger.level(sku, AREA)
        if here != brought.get(sku, 0) - int(put_away.get(sku, 0)):
            found.append(f"{here} {sku} in {AREA}: {brought} brought, {put_away} put away")
    return found


@dataclass
class ReceivingResult:
    station: str
    passed: int = 0  # units counted on receipts this station closed
    refused_over: int = 0  # units refused: the PO had all it ordered
    put_away: int = 0
    acked: list[str] = field(default_factory=list)
    storage_messages: int = 0
    latencies_ms: list[float] = field(default_factory=list)


def run_receiving_station(url: str, worker: int, po_no: str, seed: int) -> ReceivingResult:
    """One receiver of the race, in its own process, all on the same PO: its number, then
    tees until the PO refuses one more (E886), close; then put away all that waits."""
    factory = make_uow_factory(url)
    station = Station(factory, worker + 1)
    result = ReceivingResult(station.station)
    rng = random.Random(seed * 1000 + worker)

    def listen(outcome: object) -> None:
        if getattr(outcome, "error_code", "").startswith("E70"):
            result.storage_messages += 1

    station.pipeline.add_listener(listen)
    try:
        opened = station.scan(po_no, RECEIVING)
        if opened.error_code == "E882":
            return result  # came late: the others received it in full and closed it
        assert opened.msgid == "receiving.opened", opened
        counted = 0
        while True:
            began = time.perf_counter()
            unit = station.scan(SKU_EAN["TEE"], RECEIVING)
            result.latencies_ms.append((time.perf_counter() - began) * 1000)
            if unit.error_code == "E886":
                result.refused_over += 1
                break
            assert unit.msgid == "receiving.unit", unit
            counted += 1
            if rng.random() < 0.1:
                time.sleep(0.001)
        closing = station.scan("CMD:CLOSE" if counted else "CMD:ABANDON", RECEIVING)
        assert closing.ok, closing
        result.passed = counted
        # Another receiver may shelve them first, at any of these steps: what waits is
        # then none (E891), or the ledger refuses the shortfall as the bin is scanned.
        carried = station.scan(SKU_EAN["TEE"], RECEIVING)
        every = station.scan("CMD:ALL", RECEIVING) if carried.ok else carried
        if every.ok:
            shelved = station.scan(rng.choice(sorted(BINS)), RECEIVING)
            if shelved.ok:
                result.put_away += int(str(shelved.params["qty"]))
            else:
                assert shelved.error_code in ("E891", "E302"), shelved
        else:
            assert every.error_code == "E891", every
    finally:
        result.acked = station.acked
        factory.dispose()
    return result

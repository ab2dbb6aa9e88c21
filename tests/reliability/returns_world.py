"""Returns in the reliability tests: handed-over orders whose units are with the customer,
what a returns clerk scans after a restart, and `check_returns()`, which reads the returns'
own rows and names what must never happen (a line taken back more than it shipped, a return
booked twice, an order returned with no return closed, units in the returns area and
quarantine that no closed return brought)."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.models import OrderRow, PutawayCarryRow, StockMoveRow
from db.returns.models import ReturnRow, ReturnUnitRow
from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.harness import CLOCK
from tests.reliability.workflows import (
    DOCK,
    QUAR,
    RETURNS,
    SKU_EAN,
    Station,
    add_order,
    seed_world,
)
from wms_tui.core import stock
from wms_tui.core.effects import Actor, Move, apply_effects
from wms_tui.core.model import VIRTUAL_CUSTOMER, MoveReason, OrderStatus
from wms_tui.core.returns.handler import CONTEXT as RETURN_CONTEXT
from wms_tui.core.returns.records import ReturnStatus

RETURN_STATION = "RET-A"
LINES = {"TEE": 2, "CAP": 1}  # what every seeded order shipped
UNKNOWN = "2999999999999"


def returned_order(n: int) -> str:
    return f"RO{n:05d}"


def seed_returns_world(factory: SqlUnitOfWorkFactory, orders: int) -> list[str]:
    """`orders` handed-over orders, each with LINES, their units with the customer."""
    seed_world(factory, in_bins=0)
    made = [returned_order(n) for n in range(orders)]
    with factory() as uow:
        for sku, qty in LINES.items():
            stock.receive(
                uow, CLOCK, sku_code=sku, qty=qty * orders, location=DOCK, operator="seed",
                station_id="S0", move_id=f"opening-{sku}-dock",
            )  # fmt: skip
        for order_no in made:
            add_order(uow, order_no, LINES, OrderStatus.HANDED_OVER)
        moves = [
            Move(uuid.uuid4().hex, sku, qty * orders, DOCK, VIRTUAL_CUSTOMER,
                 MoveReason.HANDOVER, "seed")
            for sku, qty in LINES.items()
        ]  # fmt: skip
        apply_effects(uow, CLOCK, moves, Actor("seed", "S0", CLOCK.now()))
        uow.commit()
    return made


def returns_stream(factory: SqlUnitOfWorkFactory, rng: random.Random) -> Iterator[str]:
    """What a returns clerk does after a restart: finish the return the station has open
    (its missing units, then close) or put away what it carries, then each handed-over
    parcel: its waybill, every unit (now and then one too many, an unknown code, a damaged
    unit with its reason, an undo and the unit again), close, and now and then an item fit
    to sell carried (one, or all that waits) to a bin. Read once, after recovery, before
    any new scan."""
    with factory() as uow:
        record = uow.returns.open_at(RETURN_STATION)
        carrying = uow.locations.carried(RETURN_STATION) is not None
        waiting = [o for o in _handed_over(uow) if record is None or o != record.order_no]
        missing: list[str] = []
        if record is not None:
            order = uow.orders.get(record.order_no)
            assert order is not None
            back = uow.returns.returned_lines(order.order_no)
            now: dict[int, int] = {}
            for unit in uow.returns.units(record.return_id):
                now[unit.line_no] = now.get(unit.line_no, 0) + 1
            for line in order.lines:
                left = line.qty - back.get(line.line_no, 0) - now.get(line.line_no, 0)
                missing += [SKU_EAN[line.sku_code]] * left
    if record is not None:
        yield from missing
        yield "CMD:CLOSE"
    elif carrying:
        yield rng.choice(("A-01", "A-02"))  # killed on the way to the bin: it goes there now
    for order_no in waiting:
        yield f"YT{order_no}"
        for sku, qty in LINES.items():
            for _ in range(qty):
                if rng.random() < 0.05:
                    yield UNKNOWN
                yield SKU_EAN[sku]
                if rng.random() < 0.1:
                    yield "CMD:CONDITION:damaged:外壳破损"
                if rng.random() < 0.05:
                    yield "CMD:UNDO"
                    yield SKU_EAN[sku]
        if rng.random() < 0.2:
            yield SKU_EAN["TEE"]  # one too many: refused, never counted
        yield "CMD:CLOSE"
        if rng.random() < 0.3:  # what is fit to sell goes to the shelf: the item, its bin
            yield SKU_EAN[rng.choice(tuple(LINES))]
            if rng.random() < 0.5:
                yield "CMD:ALL"
            yield rng.choice(("A-01", "A-02"))


def _handed_over(uow: SqlUnitOfWork) -> list[str]:
    return list(
        uow.session.scalars(
            select(OrderRow.order_no)
            .where(OrderRow.status == OrderStatus.HANDED_OVER.value)
            .order_by(OrderRow.order_no)
        )
    )


def check_returns(
    factory: SqlUnitOfWorkFactory, order_nos: Iterable[str], *, quarantine_is_ours: bool = True
) -> list[str]:
    """What returns promise, read from the database. The returns area holds exactly the
    resaleable units of closed returns not yet put away; quarantine the others, where
    nothing else (an inspection's problem goods) shares it (`quarantine_is_ours`)."""
    found: list[str] = []
    with factory() as uow:
        for order_no in order_nos:
            order = uow.orders.get(order_no)
            if order is None:
                found.append(f"order {order_no} is gone")
                continue
            back = uow.returns.returned_lines(order_no)
            for line in order.lines:
                if back.get(line.line_no, 0) > line.qty:
                    found.append(f"{order_no}/{line.line_no}: {back[line.line_no]} back of "
                                 f"{line.qty} shipped")  # fmt: skip
            records = uow.returns.of_order(order_no)
            closed = [r for r in records if r.status is ReturnStatus.CLOSED]
            if len([r for r in records if r.status is ReturnStatus.OPEN]) > 1:
                found.append(f"{order_no} has two returns open")
            if (order.status is OrderStatus.RETURNED) != bool(closed) and (
                order.status is not OrderStatus.ARCHIVED
            ):
                found.append(f"{order_no} is {order.status} with {len(closed)} returns closed")
        # Every closed return is booked once: its moves carry exactly its units.
        units = dict(
            uow.session.execute(
                select(ReturnUnitRow.return_id, func.count())
                .join(ReturnRow, ReturnRow.return_id == ReturnUnitRow.return_id)
                .where(ReturnUnitRow.removed.is_(False), ReturnRow.status == "closed")
                .group_by(ReturnUnitRow.return_id)
            ).all()
        )
        stored = dict(
            uow.session.execute(
                select(ReturnRow.return_id, ReturnRow.units).where(ReturnRow.status == "closed")
            ).all()
        )
        for return_id, count in stored.items():
            moved = uow.session.scalar(
                select(func.coalesce(func.sum(StockMoveRow.qty), 0)).where(
                    StockMoveRow.reason == MoveReason.RETURN.value,
                    StockMoveRow.reference.startswith(f"{return_id}/"),
                )
            )
            if not (int(moved or 0) == count == units.get(return_id, 0)):
                found.append(f"{return_id}: {count} units, {units.get(return_id)} rows, "
                             f"{moved} moved")  # fmt: skip
        open_ = uow.session.scalar(
            select(func.count()).select_from(ReturnRow).where(ReturnRow.status == "open")
        )
        if int(open_ or 0) > 1:
            found.append(f"{open_} returns open at one station")
        by_condition: dict[bool, int] = {}  # resaleable and not yet put away: True
        for condition, shelved, count in uow.session.execute(
            select(ReturnUnitRow.condition, ReturnUnitRow.put_away_to, func.count())
            .join(ReturnRow, ReturnRow.return_id == ReturnUnitRow.return_id)
            .where(ReturnUnitRow.removed.is_(False), ReturnRow.status == "closed")
            .group_by(ReturnUnitRow.condition, ReturnUnitRow.put_away_to)
        ):
            if condition == "resaleable" and shelved:
                continue  # on a shelf now
            fit_ = condition == "resaleable"
            by_condition[fit_] = by_condition.get(fit_, 0) + int(count)
        fit = sum(uow.ledger.level(sku, RETURNS) for sku in SKU_EAN)
        if fit != by_condition.get(True, 0):
            found.append(f"{fit} units in the returns area, {by_condition} returned")
        # A clerk carries at most what waits for their station: the one put-away never
        # takes more than that from the area (core/shelving.py).
        for carry in uow.session.scalars(
            select(PutawayCarryRow).where(PutawayCarryRow.area == RETURNS)
        ):
            waits = len(uow.returns.waiting_put_away(carry.station_id, carry.sku_code))
            if carry.qty > waits:
                found.append(f"{carry.station_id} carries {carry.qty} {carry.sku_code} of {waits}")
        unfit = sum(uow.ledger.level(sku, QUAR) for sku in SKU_EAN)
        if quarantine_is_ours and unfit != by_condition.get(False, 0):
            found.append(f"{unfit} units in quarantine, {by_condition} returned")
    return found


@dataclass
class ReturnsResult:
    station: str
    closed: list[str] = field(default_factory=list)  # orders this station booked
    held: int = 0  # refused: another station had the parcel open
    abandoned: int = 0  # opened after another station had taken everything back
    acked: list[str] = field(default_factory=list)
    storage_messages: int = 0
    latencies_ms: list[float] = field(default_factory=list)


def run_returns_station(url: str, worker: int, orders: int, seed: int) -> ReturnsResult:
    """One returns station of the race, in its own process: every parcel in its own random
    order; a parcel another station holds is refused (E933), one whose units are all back
    refuses the first unit (E935) and is given up."""
    factory = make_uow_factory(url)
    station = Station(factory, worker + 1)
    result = ReturnsResult(station.station)

    def listen(outcome: object) -> None:
        if getattr(outcome, "error_code", "").startswith("E70"):
            result.storage_messages += 1

    station.pipeline.add_listener(listen)
    jobs = [returned_order(n) for n in range(orders)]
    random.Random(seed * 1000 + worker).shuffle(jobs)
    try:
        for order_no in jobs:
            began = time.perf_counter()
            opened = station.scan(f"YT{order_no}", RETURN_CONTEXT)
            if opened.error_code == "E933":
                result.held += 1
                continue
            assert opened.msgid == "returns.opened", opened
            units = [SKU_EAN[sku] for sku, qty in LINES.items() for _ in range(qty)]
            first = station.scan(units[0], RETURN_CONTEXT)
            if first.error_code == "E935":
                assert station.scan("CMD:ABANDON", RETURN_CONTEXT).msgid == "returns.abandoned"
                result.abandoned += 1
                continue
            assert first.msgid == "returns.unit", first
            for code in units[1:]:
                counted = station.scan(code, RETURN_CONTEXT)
                assert counted.msgid == "returns.unit", counted
            closed = station.scan("CMD:CLOSE", RETURN_CONTEXT)
            assert closed.msgid == "returns.closed_full", closed
            result.closed.append(order_no)
            result.latencies_ms.append((time.perf_counter() - began) * 1000)
    finally:
        result.acked = station.acked
        factory.dispose()
    return result

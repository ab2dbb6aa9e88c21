"""One station of the concurrent workflows test, run in its own process (not a test module).

Every station races every other for the same waybills (inspection: the real desk behind the
station's own pipeline) and the same bins (counting: the real count service), in its own
random order; it reports which orders it passed and which bins it froze and counted.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.workflows import GIFT, SKU_EAN, Station, count_scan, stocktaker
from wms_tui.core.counting.rules import CommandScan, CountCommand, ItemScan
from wms_tui.core.errors import WmsError
from wms_tui.core.inspection.handler import load_state

COUNT_SKU = "TEE"
COUNT_QTY = 3  # what each count bin holds, and what its stocktaker finds


def order_no(n: int) -> str:
    return f"W{n:04d}"


def count_bin(n: int) -> str:
    return f"CNT-{n:03d}"


@dataclass
class WorkflowResult:
    station: str
    passed: list[str] = field(default_factory=list)  # order numbers
    inspect_refused: int = 0
    late_refusals: int = 0  # opened in the same instant another station passed it
    counted: list[str] = field(default_factory=list)  # locations
    count_refused: int = 0
    acked: list[str] = field(default_factory=list)
    storage_messages: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


def _inspect(
    station: Station, factory: SqlUnitOfWorkFactory, order: str, result: WorkflowResult
) -> bool:
    """Scan the waybill; if this station got the order, scan its units until it passes.

    A station that opened an order another one was passing at that very moment would have
    its first unit refused as already verified (E803): counted as `late_refusals`, which
    the test holds to zero (opening re-reads the order under its row lock)."""
    if station.scan(f"YT{order}").msgid != "inspect.opened":
        return False
    if int(order[-1]) % 4 == 0:  # a remark asked for a sample: F1, then the gift
        assert station.scan("CMD:GIFT").msgid == "inspect.gift.armed"
        added = station.scan(SKU_EAN[GIFT])
        assert added.msgid == "inspect.gift.added", added
    for _ in range(10):
        with factory() as uow:
            todo = [
                lp.line.sku_code
                for lp in load_state(uow, station.station).progress.lines
                if lp.remaining > 0
            ]
        outcome = station.scan(SKU_EAN[todo[0]])
        if outcome.error_code == "E803":
            result.late_refusals += 1
            return False
        assert outcome.ok, outcome
        if outcome.msgid == "inspect.passed":
            return True
    raise AssertionError(f"{order} did not pass at {station.station}")


def _count(factory: SqlUnitOfWorkFactory, worker: int, location: str) -> bool:
    """Scan the bin; if this stocktaker froze it, count what is there and close."""
    who = stocktaker(worker + 1)
    try:
        with factory() as uow:
            started = count_scan(uow, who, location)
            uow.commit()
    except WmsError:  # another stocktaker has it, or has counted it
        return False
    assert started.msgid == "count.started", started
    for event in (ItemScan(COUNT_SKU, COUNT_QTY), CommandScan(CountCommand.DONE)):
        with factory() as uow:
            count_scan(uow, who, event)
            uow.commit()
    return True


def run_workflow_station(
    url: str, worker: int, orders: int, bins: int, seed: int
) -> WorkflowResult:
    factory = make_uow_factory(url)
    station = Station(factory, worker + 1)
    result = WorkflowResult(station.station)

    def listen(outcome: object) -> None:
        if getattr(outcome, "error_code", "").startswith("E70"):
            result.storage_messages += 1

    station.pipeline.add_listener(listen)
    jobs = [("inspect", order_no(n)) for n in range(orders)]
    jobs += [("count", count_bin(n)) for n in range(bins)]
    random.Random(seed * 1000 + worker).shuffle(jobs)
    result.started = time.time()
    try:
        for kind, key in jobs:
            began = time.perf_counter()
            if kind == "inspect":
                if _inspect(station, factory, key, result):
                    result.passed.append(key)
                else:
                    result.inspect_refused += 1
            elif _count(factory, worker, key):
                result.counted.append(key)
            else:
                result.count_refused += 1
            result.latencies_ms.append((time.perf_counter() - began) * 1000)
    finally:
        result.acked = station.acked
        factory.dispose()
    result.finished = time.time()
    return result


@dataclass
class DeskResult:
    searches: int = 0
    failures: list[str] = field(default_factory=list)


def run_desk(url: str, orders: int, rounds: int) -> DeskResult:
    """The order desk in the middle of the race, in its own process: searches each order
    by number (read-only units of work) while the stations pass them. It must never fail
    (a busy database is waited for, never raised) and must find exactly that order, in a
    status the order can have during the race."""
    from wms_tui.core.model import OrderStatus
    from wms_tui.core.orders.desk import OrderQuery, checked, order_detail

    factory = make_uow_factory(url)
    result, rng = DeskResult(), random.Random(7)
    allowed = {OrderStatus.PICKED, OrderStatus.VERIFIED}
    try:
        for _round in range(rounds):
            number = order_no(rng.randrange(orders))
            try:
                with factory.for_reading()() as uow:
                    hits = uow.order_desk.find(checked(OrderQuery(number)))
                    detail = order_detail(uow, number)
            except WmsError as error:
                result.failures.append(f"desk: {number}: {error.code} {error.params}")
                continue
            result.searches += 1
            if [h.order_no for h in hits] != [number] or hits[0].status not in allowed:
                result.failures.append(f"desk: {number} found as {hits}")
            if detail.order.order_no != number:
                result.failures.append(f"desk: {number} showed {detail.order.order_no}")
    finally:
        factory.dispose()
    return result


@dataclass
class BoardResult:
    reads: int = 0
    failures: list[str] = field(default_factory=list)


def run_dashboard(url: str, orders: int, rounds: int) -> BoardResult:
    """The supervisor's dashboard in the middle of the race, in its own process: today's
    figures read again and again, as its worker reads them (units of work that only read).
    It must never fail, and what it counts only grows: orders shipped and passed never go
    back between two reads, and never number more than the orders."""
    from wms_tui.core.reports.daily import figures
    from wms_tui.core.reports.shops import Rules

    factory = make_uow_factory(url)
    result, seen = BoardResult(), (0, 0)
    try:
        for _round in range(rounds):
            today = datetime.now(UTC).date()
            try:
                with factory.for_reading()() as uow:
                    found = figures(uow, today, today, Rules(), UTC)
            except WmsError as error:
                result.failures.append(f"dashboard: {error.code} {error.params}")
                continue
            result.reads += 1
            now = (sum(s.shipped for s in found.shops), sum(r.passed for r in found.inspectors))
            if now[0] < seen[0] or now[1] < seen[1] or max(now) > orders:
                result.failures.append(f"dashboard: shipped, passed {seen} then {now}")
            seen = (max(seen[0], now[0]), max(seen[1], now[1]))
    finally:
        factory.dispose()
    return result

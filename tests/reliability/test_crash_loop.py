"""SIGKILL the station again and again, at random and at the worst moments; after every kill
the database is checked, and every acknowledged scan must be applied exactly once.

The stations that take the kills: a pick-like one (every scan moves one unit); the real
inspection desk (验货), whose orders must also pass exactly once and whose open order must
come back after each kill with counts no higher than the order asks for; the dock; and the
returns desk (退货), whose returns are booked once and never take back more than shipped."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.handover.models import ParcelRow
from db.inspection.models import InspectionSessionRow
from db.models import OrderLineRow, OrderRow
from db.receiving.models import ReceiptRow
from db.returns.models import ReturnRow
from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.harness import CLOCK, Report, Verdict, seed, verify
from tests.reliability.receiving_world import check_receiving, seed_receiving_world
from tests.reliability.returns_world import check_returns, seed_returns_world
from tests.reliability.workflows import (
    DOCK,
    add_order,
    check_handover_promises,
    check_workflows,
    rules,
    seed_world,
    verify_workflows,
)
from wms_tui.core import stock
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.model import OrderStatus

ROOT = Path(__file__).resolve().parents[2]
MODES = ("random", "after-journal", "in-apply", "after-commit", "after-ack")


@dataclass
class Acks:
    acked: set[str] = field(default_factory=set)
    kept: int = 0
    recovered: dict[str, int] = field(default_factory=dict)


def read_acks(path: Path) -> Acks:
    acks = Acks()
    if not path.exists():
        return acks
    for line in path.read_text().splitlines():
        kind, *rest = line.split()
        if kind == "A":
            acks.acked.add(rest[0])
        elif kind == "K":
            acks.kept += 1
        elif kind == "R":
            acks.recovered[rest[0]] = int(rest[1])
    return acks


ORDERS_PER_KILL = 60  # more than a killed inspection station ever gets through


def inspection_orders(kills: int) -> list[str]:
    return [f"CR{n:05d}" for n in range(ORDERS_PER_KILL * kills + 300)]


def seed_inspection(factory: SqlUnitOfWorkFactory, kills: int) -> None:
    orders = inspection_orders(kills)
    seed_world(factory, in_bins=0, in_packing=len(orders))
    with factory() as uow:
        for order_no in orders:
            add_order(uow, order_no, {"TEE": 1, "CAP": 1}, OrderStatus.PICKED)
        uow.commit()


def orders_in(uow: SqlUnitOfWork, status: OrderStatus) -> int:
    counted = select(func.count()).select_from(OrderRow).where(OrderRow.status == status.value)
    return int(uow.session.scalar(counted) or 0)


def seed_handover(factory: SqlUnitOfWorkFactory, kills: int) -> None:
    """Verified parcels for one courier, their units at the dock."""
    orders = [f"HO{n:05d}" for n in range(ORDERS_PER_KILL * kills + 300)]
    seed_world(factory, in_bins=0)
    with factory() as uow:
        for sku in ("TEE", "CAP"):
            stock.receive(
                uow, CLOCK, sku_code=sku, qty=len(orders), location=DOCK, operator="seed",
                station_id="S0", move_id=f"opening-{sku}-dock",
            )  # fmt: skip
        for order_no in orders:
            add_order(uow, order_no, {"TEE": 1, "CAP": 1}, OrderStatus.VERIFIED)
        uow.commit()


def check_handover(factory: SqlUnitOfWorkFactory) -> tuple[int, list[str]]:
    """After a kill: every order on one manifest at most, handed over exactly when its
    manifest closed (check_workflows), and the customer holds one unit of each line of
    every handed-over order, the dock the rest."""
    with factory() as uow:
        touched = sorted(set(uow.session.scalars(select(ParcelRow.order_no))))
        handed = orders_in(uow, OrderStatus.HANDED_OVER)
        found = []
        for sku in ("TEE", "CAP"):
            if (gone := uow.ledger.level(sku, "@customer")) != handed:
                found.append(f"{gone} {sku} with the customer for {handed} handed over")
    found += check_handover_promises(factory, touched)
    return handed, found


def check_returns_loop(factory: SqlUnitOfWorkFactory) -> tuple[int, list[str]]:
    """After a kill: no line took back more than it shipped, every closed return booked
    once, an order returned exactly when a return of it closed, and the returns area and
    quarantine hold exactly what the closed returns brought."""
    with factory() as uow:
        touched = sorted(set(uow.session.scalars(select(ReturnRow.order_no))))
        returned = orders_in(uow, OrderStatus.RETURNED)
    return returned, check_returns(factory, touched)


def check_receiving_loop(factory: SqlUnitOfWorkFactory) -> tuple[int, list[str]]:
    """After a kill: every line received exactly its receipts' units and never more than
    ordered, in transit is ordered less received, every closed receipt booked once, and the
    receiving area holds what they brought less what was put away."""
    with factory() as uow:
        closed = uow.session.scalar(
            select(func.count()).select_from(ReceiptRow).where(ReceiptRow.status == "closed")
        )
    return int(closed or 0), check_receiving(factory)


def touched_orders(factory: SqlUnitOfWorkFactory) -> list[str]:
    """Orders an inspection has reached (a session, or no longer picked): the thousands the
    station has not come to yet are untouched by construction, and checking each of them
    after every kill would cost more than the kills."""
    with factory() as uow:
        sessions = select(InspectionSessionRow.order_no)
        moved = select(OrderRow.order_no).where(OrderRow.status != OrderStatus.PICKED.value)
        return sorted(set(uow.session.scalars(sessions.union(moved))))


def check_inspection(factory: SqlUnitOfWorkFactory) -> tuple[int, list[str]]:
    """The workflow's promises after a kill: no order passed twice, verified exactly when
    passed once, no session left open on a verified order, the dock holds one unit of each
    line of every verified order (gift lines added at the desk too), and the reopened order
    counts no more than it asks."""
    orders = touched_orders(factory)
    found = check_workflows(factory, orders, [])
    with factory() as uow:
        verified = orders_in(uow, OrderStatus.VERIFIED)
        # Every line of every verified order, gifts added at the desk included.
        shipped = uow.session.execute(
            select(OrderLineRow.sku_code, func.sum(OrderLineRow.qty))
            .join(OrderRow, OrderRow.order_no == OrderLineRow.order_no)
            .where(OrderRow.status == OrderStatus.VERIFIED.value)
            .group_by(OrderLineRow.sku_code)
        )
        wanted = {sku: int(qty) for sku, qty in shipped}
        for sku in ("TEE", "CAP"):
            if (docked := uow.ledger.level(sku, DOCK)) != wanted.get(sku, 0):
                found.append(f"{docked} {sku} at the dock for {wanted} in verified orders")
        for lp in load_state(uow, rules(1).station_id).progress.lines:
            if not 0 <= lp.counted <= lp.line.expected:
                found.append(f"reopened line {lp.line.line_no} counts {lp.counted}")
    return verified, found


def _station(
    url: str, ack: Path, tag: str, mode: str, k: int, count: int, seed_: int, workflow: str
) -> list[str]:
    return [
        sys.executable, "-m", "tests.reliability.station", url, str(ack), tag, mode,
        str(k), str(count), str(seed_), workflow,
    ]  # fmt: skip


def crash_loop(url: str, tmp_path: Path, kills: int, workflow: str = "pick") -> dict[str, int]:
    factory = make_uow_factory(url)
    if workflow == "inspect":
        seed_inspection(factory, kills)
    elif workflow == "handover":
        seed_handover(factory, kills)
    elif workflow == "returns":
        seed_returns_world(factory, ORDERS_PER_KILL * kills + 300)
    elif workflow == "receiving":
        seed_receiving_world(factory, ORDERS_PER_KILL * kills + 300)
    else:
        seed(factory)

    def check(acked: set[str]) -> tuple[Verdict, list[str], int]:
        """(the scans' fate, violations, orders verified or handed over so far)"""
        if workflow == "pick":
            verdict = verify(factory, acked)
            return verdict, verdict.violations, 0
        verdict = verify_workflows(factory, acked)
        inspected = {
            "inspect": check_inspection, "returns": check_returns_loop,
            "receiving": check_receiving_loop,
        }.get(workflow, check_handover)  # fmt: skip
        done, found = inspected(factory)
        return verdict, verdict.violations + found, done

    ack = tmp_path / "acks.txt"
    rng = random.Random(kills)
    violations: list[str] = []
    pending = 0
    by_mode = dict.fromkeys(MODES, 0)
    try:
        for cycle in range(kills):
            mode = MODES[cycle % len(MODES)]
            tag = f"c{cycle}"
            if mode == "random":
                child = subprocess.Popen(
                    _station(url, ack, tag, mode, 0, 10**6, cycle, workflow), cwd=ROOT
                )
                time.sleep(rng.uniform(0.1, 1.6))  # import, recovery or mid-stream
                child.kill()
                returncode = child.wait(60)
            else:
                k = rng.randint(1, 40)
                done = subprocess.run(
                    _station(url, ack, tag, mode, k, 400, cycle, workflow), cwd=ROOT, timeout=120
                )
                returncode = done.returncode
            if returncode != -signal.SIGKILL:
                violations.append(f"{tag} {mode}: exit code {returncode}, not killed")
            by_mode[mode] += 1
            acks = read_acks(ack)
            if tag in acks.recovered and acks.recovered[tag] != pending:
                violations.append(f"{tag}: recovered {acks.recovered[tag]} of {pending} pending")
            verdict, found, _verified = check(acks.acked)
            violations += [f"{tag} {mode}: {v}" for v in found]
            pending = verdict.pending
        final = subprocess.run(
            _station(url, ack, "final", "none", 0, 0, 0, workflow), cwd=ROOT, timeout=120
        )
        if final.returncode != 0:
            violations.append(f"final recovery: exit code {final.returncode}")
        acks = read_acks(ack)
        if acks.recovered.get("final") != pending:
            violations.append(f"final: recovered {acks.recovered.get('final')} of {pending}")
        verdict, found, verified = check(acks.acked)
        violations += [f"final: {v}" for v in found]
        if verdict.pending:
            violations.append(f"final: {verdict.pending} scans still pending")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    return {
        "kills": kills,
        **{f"kills_{mode.replace('-', '_')}": n for mode, n in by_mode.items()},
        "scans": verdict.journaled,
        "acked": len(acks.acked),
        "applied_once": verdict.accepted,
        "rejected_once": verdict.rejected,
        "recovered": sum(acks.recovered.values()),
        "kept_messages": acks.kept,
        **({"orders_verified": verified} if workflow == "inspect" else {}),
        **({"orders_handed_over": verified} if workflow == "handover" else {}),
        **({"orders_returned": verified} if workflow == "returns" else {}),
        **({"receipts_closed": verified} if workflow == "receiving" else {}),
        "violations": len(violations),
    }


def _backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    assert not report(
        f"crash_loop_short_{_backend(migrated_url)}", **crash_loop(migrated_url, tmp_path, 5)
    )


@pytest.mark.slow
def test_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    assert not report(
        f"crash_loop_{_backend(migrated_url)}", **crash_loop(migrated_url, tmp_path, 200)
    )


def test_inspection_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"inspection_crash_loop_short_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 5, "inspect"))


@pytest.mark.slow
def test_inspection_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"inspection_crash_loop_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 200, "inspect"))


def test_handover_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"handover_crash_loop_short_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 5, "handover"))


@pytest.mark.slow
def test_handover_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"handover_crash_loop_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 200, "handover"))


def test_returns_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"returns_crash_loop_short_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 5, "returns"))


@pytest.mark.slow
def test_returns_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"returns_crash_loop_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 200, "returns"))


def test_receiving_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"receiving_crash_loop_short_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 5, "receiving"))


@pytest.mark.slow
def test_receiving_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"receiving_crash_loop_{_backend(migrated_url)}"
    assert not report(name, **crash_loop(migrated_url, tmp_path, 200, "receiving"))

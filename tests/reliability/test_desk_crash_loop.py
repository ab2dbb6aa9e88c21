"""SIGKILL the order desk while it holds and releases orders: after every kill each order
is either as confirmed or on hold, its audit lines say exactly that (one more hold than
releases while held, as many otherwise: an act and its audit line commit together), every
act acknowledged is in the database, and the reservations are still the orders' lines."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditRow, ReservationRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.desk_child import ORDERS
from tests.reliability.harness import Report
from tests.reliability.workflows import add_order, seed_world
from wms_tui.core.model import OrderStatus

ROOT = Path(__file__).resolve().parents[2]


def _check(factory: SqlUnitOfWorkFactory, ack: Path) -> tuple[int, list[str]]:
    lines = ack.read_text(encoding="utf-8").splitlines() if ack.exists() else []
    acked = Counter(line.split()[0] + " " + line.split()[1] for line in lines)
    found: list[str] = []
    with factory() as uow:
        audit = Counter(
            (str(action), str(subject))
            for action, subject in uow.session.execute(
                select(AuditRow.action, AuditRow.subject).where(
                    AuditRow.action.in_(["order_hold", "order_release"])
                )
            ).all()
        )
        for order_no in ORDERS:
            order = uow.orders.get(order_no)
            assert order is not None
            holds, releases = audit[("order_hold", order_no)], audit[("order_release", order_no)]
            if order.status not in (OrderStatus.CONFIRMED, OrderStatus.ON_HOLD):
                found.append(f"{order_no} is {order.status}")
            if holds - releases != (order.status is OrderStatus.ON_HOLD):
                found.append(f"{order_no} {order.status}: {holds} holds, {releases} releases")
            if acked[f"H {order_no}"] > holds or acked[f"R {order_no}"] > releases:
                found.append(f"{order_no}: an acknowledged act is not in the database")
            reserved = uow.session.scalar(
                select(func.sum(ReservationRow.qty)).where(ReservationRow.order_no == order_no)
            )
            if int(reserved or 0) != 2:
                found.append(f"{order_no} reserves {reserved}, its lines 2")
    return sum(acked.values()), found


def desk_crash_loop(url: str, tmp_path: Path, kills: int) -> dict[str, int]:
    factory = make_uow_factory(url)
    seed_world(factory, in_bins=len(ORDERS) * 2)
    with factory() as uow:
        for order_no in ORDERS:
            add_order(uow, order_no, {"TEE": 1, "CAP": 1}, OrderStatus.CONFIRMED)
        uow.commit()
    ack, rng = tmp_path / "desk-acks.txt", random.Random(kills)
    violations: list[str] = []
    acked = 0
    try:
        for cycle in range(kills):
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.desk_child", url, str(ack),
                 str(cycle)], cwd=ROOT,
            )  # fmt: skip
            time.sleep(rng.uniform(0.8, 2.5))  # start-up, then mid-stream
            child.kill()
            if child.wait(60) >= 0:
                violations.append(f"cycle {cycle}: the desk stopped by itself")
            acked, found = _check(factory, ack)
            violations += [f"cycle {cycle}: {v}" for v in found]
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    return {"kills": kills, "acts_acked": acked, "violations": 0}


def _backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_desk_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"desk_crash_loop_short_{_backend(migrated_url)}"
    assert not report(name, **desk_crash_loop(migrated_url, tmp_path, 4))


@pytest.mark.slow
def test_desk_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    name = f"desk_crash_loop_{_backend(migrated_url)}"
    assert not report(name, **desk_crash_loop(migrated_url, tmp_path, 60))

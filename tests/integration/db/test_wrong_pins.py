"""Wrong PINs typed at the same moment at several stations are all counted, and the lock they
reach is set once: the count goes up in the database, never read and written back."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock, PlainPinHasher
from wms_tui.core import operators
from wms_tui.core.errors import OperatorLocked, PinDelayed, WrongPin
from wms_tui.core.model import Operator, Role

THREADS = 8
BADGE = "OP-PCK-1"  # a picker with a PIN: supervisors and admins wait instead of locking


class SlowHasher(PlainPinHasher):
    """Argon2 takes tens of milliseconds: the window in which another station counts too."""

    def verify(self, pin_hash: str, pin: str) -> bool:
        time.sleep(0.05)
        return super().verify(pin_hash, pin)


def _guess_at_once(
    factory: SqlUnitOfWorkFactory, max_attempts: int, badge: str = BADGE
) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    results: list[BaseException] = []
    lock = threading.Lock()

    def guess() -> None:
        barrier.wait()
        try:
            operators.login(
                factory, SlowHasher(), FixedClock(), badge=badge, pin="0000",
                station_id="S1", max_attempts=max_attempts,
            )  # fmt: skip
        except (WrongPin, OperatorLocked, PinDelayed) as error:
            with lock:
                results.append(error)

    threads = [threading.Thread(target=guess) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def supervisor(uow_factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    with uow_factory() as uow:
        uow.operators.add(
            Operator(BADGE, "张拣货", frozenset({Role.PICKER}), pin_hash="plain$2468")
        )
        uow.commit()
    return uow_factory


def _row(factory: SqlUnitOfWorkFactory) -> tuple[int, bool, int]:
    with factory.engine.connect() as connection:
        failed, locked = connection.execute(
            text("SELECT failed_pins, locked FROM operators WHERE badge = :badge"), {"badge": BADGE}
        ).one()
        locks = connection.scalar(
            text("SELECT count(*) FROM audit_log WHERE action = 'operator_locked'")
        )
    return int(failed), bool(locked), int(locks or 0)


def test_simultaneous_wrong_pins_are_all_counted(supervisor: SqlUnitOfWorkFactory) -> None:
    results = _guess_at_once(supervisor, max_attempts=100)
    assert len(results) == THREADS and all(isinstance(r, WrongPin) for r in results)
    assert _row(supervisor) == (THREADS, False, 0)
    remaining = sorted(int(str(r.params["remaining"])) for r in results if isinstance(r, WrongPin))
    assert remaining == list(range(100 - THREADS, 100))  # each saw its own count


def test_simultaneous_wrong_pins_lock_once(supervisor: SqlUnitOfWorkFactory) -> None:
    results = _guess_at_once(supervisor, max_attempts=3)
    assert len(results) == THREADS
    assert sum(isinstance(r, WrongPin) for r in results) == 2
    assert _row(supervisor) == (3, True, 1)


def test_simultaneous_wrong_pins_never_lock_a_supervisor(supervisor: SqlUnitOfWorkFactory) -> None:
    with supervisor() as uow:
        uow.operators.add(
            Operator("OP-SUP-1", "王主管", frozenset({Role.SUPERVISOR}), pin_hash="plain$246813")
        )
        uow.commit()
    results = _guess_at_once(supervisor, max_attempts=3, badge="OP-SUP-1")
    assert len(results) == THREADS
    assert sum(isinstance(r, WrongPin) for r in results) == 2
    assert all(isinstance(r, (WrongPin, PinDelayed)) for r in results)
    with supervisor() as uow:
        boss = uow.operators.get("OP-SUP-1")
    # One guess at a time under the row's lock: after the third, every other one waits and
    # is not even checked, however many stations try at the same moment.
    assert boss is not None and not boss.locked and boss.failed_pins == 3
    assert sum(isinstance(r, PinDelayed) for r in results) == THREADS - 2

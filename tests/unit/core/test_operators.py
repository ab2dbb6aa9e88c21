from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FixedClock, PlainPinHasher
from wms_tui.core.errors import (
    BadPinFormat,
    DuplicateEntry,
    InvalidValue,
    OperatorDisabled,
    OperatorLocked,
    UnknownOperator,
    WrongPin,
)
from wms_tui.core.model import Role
from wms_tui.core.services import operators

CLOCK = FixedClock()
HASHER = PlainPinHasher()


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    operators.add_operator(
        db.uow,
        HASHER,
        CLOCK,
        badge="OP-SUP-1",
        name="王主管",
        roles=frozenset({Role.SUPERVISOR}),
        pin="2468",
        by="setup",
        station_id="S1",
    )
    operators.add_operator(
        db.uow,
        HASHER,
        CLOCK,
        badge="OP-INS-1",
        name="李验货",
        roles=frozenset({Role.INSPECTOR}),
        pin=None,
        by="setup",
        station_id="S1",
    )
    return db


def test_badge_without_pin_logs_in_and_is_audited(db: FakeDatabase) -> None:
    operator = operators.login(db.uow, HASHER, CLOCK, badge="OP-INS-1", pin=None, station_id="S1")
    assert operator.name == "李验货"
    assert [e.action for e in db.store.audit][-1] == "login"


def test_unknown_badge(db: FakeDatabase) -> None:
    with pytest.raises(UnknownOperator):
        operators.identify(db.uow, "NOPE")


def test_wrong_pins_count_down_then_lock_until_unlocked(db: FakeDatabase) -> None:
    for remaining in (2, 1):
        with pytest.raises(WrongPin) as info:
            operators.login(
                db.uow,
                HASHER,
                CLOCK,
                badge="OP-SUP-1",
                pin="0000",
                station_id="S1",
                max_attempts=3,
            )
        assert info.value.params["remaining"] == remaining
    with pytest.raises(OperatorLocked):
        operators.login(
            db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="0000", station_id="S1", max_attempts=3
        )
    # Even the right PIN is refused while locked.
    with pytest.raises(OperatorLocked):
        operators.login(
            db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="2468", station_id="S1", max_attempts=3
        )
    with pytest.raises(OperatorLocked):
        operators.identify(db.uow, "OP-SUP-1")
    operators.unlock(db.uow, CLOCK, "OP-SUP-1", by="OP-ADM-1", station_id="S1")
    operator = operators.login(
        db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="2468", station_id="S1", max_attempts=3
    )
    assert operator.failed_pins == 0
    actions = [e.action for e in db.store.audit]
    assert "operator_locked" in actions and "operator_unlock" in actions


def test_right_pin_resets_the_failure_count(db: FakeDatabase) -> None:
    with pytest.raises(WrongPin):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="1111", station_id="S1")
    operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="2468", station_id="S1")
    operator = db.store.operators["OP-SUP-1"]
    assert operator.failed_pins == 0


def test_missing_pin_counts_as_wrong(db: FakeDatabase) -> None:
    with pytest.raises(WrongPin):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin=None, station_id="S1")


def test_disabled_operator_cannot_log_in(db: FakeDatabase) -> None:
    operators.disable(db.uow, CLOCK, "OP-INS-1", by="OP-SUP-1", station_id="S1")
    with pytest.raises(OperatorDisabled):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-INS-1", pin=None, station_id="S1")


@pytest.mark.parametrize("pin", ["12", "１２３４", "12a4", "123456789", " 1234"])
def test_pin_format_is_ascii_digits(db: FakeDatabase, pin: str) -> None:
    with pytest.raises(BadPinFormat):
        operators.set_pin(db.uow, HASHER, CLOCK, "OP-INS-1", pin, by="x", station_id="S1")


def test_duplicate_badge_and_bad_roles(db: FakeDatabase) -> None:
    with pytest.raises(DuplicateEntry):
        operators.add_operator(
            db.uow,
            HASHER,
            CLOCK,
            badge="OP-INS-1",
            name="x",
            roles=frozenset(),
            pin=None,
            by="x",
            station_id="S1",
        )
    with pytest.raises(InvalidValue):
        operators.parse_roles("picker, boss")
    assert operators.parse_roles("picker,INSPECTOR") == {Role.PICKER, Role.INSPECTOR}

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from tests.fakes import FakeDatabase, FixedClock, PlainPinHasher
from wms_tui.core import operators
from wms_tui.core.errors import (
    AdminExists,
    BadPinFormat,
    DuplicateEntry,
    InvalidValue,
    NotAllowed,
    OperatorDisabled,
    OperatorLocked,
    PinDelayed,
    PinNotGiven,
    PinRequired,
    UnknownOperator,
    WeakPin,
    WrongPin,
)
from wms_tui.core.model import Operator, Role

CLOCK = FixedClock()
HASHER = PlainPinHasher()


def _admin(db: FakeDatabase) -> Operator:
    return operators.verify(
        db.uow, HASHER, CLOCK, badge="OP-ADM-1", pin="135724", role=Role.ADMIN, station_id="S1"
    )


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    operators.enrol(
        db.uow,
        HASHER,
        CLOCK,
        badge="OP-SUP-1",
        name="王主管",
        roles=frozenset({Role.SUPERVISOR}),
        pin="246813",
        by="setup",
        station_id="S1",
    )
    operators.enrol(
        db.uow,
        HASHER,
        CLOCK,
        badge="OP-ADM-1",
        name="赵管理",
        roles=frozenset({Role.ADMIN}),
        pin="135724",
        by="setup",
        station_id="S1",
    )
    operators.enrol(
        db.uow, HASHER, CLOCK, badge="OP-PCK-1", name="张拣货", roles=frozenset({Role.PICKER}),
        pin="4321", by="setup", station_id="S1",
    )  # fmt: skip
    operators.enrol(
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
                badge="OP-PCK-1",
                pin="0000",
                station_id="S1",
                max_attempts=3,
            )
        assert info.value.params["remaining"] == remaining
    with pytest.raises(OperatorLocked):
        operators.login(
            db.uow, HASHER, CLOCK, badge="OP-PCK-1", pin="0000", station_id="S1", max_attempts=3
        )
    # Even the right PIN is refused while locked.
    with pytest.raises(OperatorLocked):
        operators.login(
            db.uow, HASHER, CLOCK, badge="OP-PCK-1", pin="4321", station_id="S1", max_attempts=3
        )
    with pytest.raises(OperatorLocked):
        operators.identify(db.uow, "OP-PCK-1")
    operators.unlock(
        db.uow, HASHER, CLOCK, "OP-PCK-1", by="OP-ADM-1", pin="135724", station_id="S1"
    )
    operator = operators.login(
        db.uow, HASHER, CLOCK, badge="OP-PCK-1", pin="4321", station_id="S1", max_attempts=3
    )
    assert operator.failed_pins == 0
    actions = [e.action for e in db.store.audit]
    assert "operator_locked" in actions and "operator_unlock" in actions


def test_right_pin_resets_the_failure_count(db: FakeDatabase) -> None:
    with pytest.raises(WrongPin):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="1111", station_id="S1")
    operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="246813", station_id="S1")
    operator = db.store.operators["OP-SUP-1"]
    assert operator.failed_pins == 0


def test_missing_pin_counts_as_wrong(db: FakeDatabase) -> None:
    with pytest.raises(WrongPin):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin=None, station_id="S1")


def test_disabled_operator_cannot_log_in(db: FakeDatabase) -> None:
    operators.disable(db.uow, CLOCK, "OP-INS-1", actor=_admin(db), station_id="S1")
    with pytest.raises(OperatorDisabled):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-INS-1", pin=None, station_id="S1")


@pytest.mark.parametrize("pin", ["12", "１２３４", "12a4", "123456789", " 1234"])
def test_pin_format_is_ascii_digits(db: FakeDatabase, pin: str) -> None:
    with pytest.raises(BadPinFormat):
        operators.set_pin(db.uow, HASHER, CLOCK, "OP-INS-1", pin, actor=_admin(db), station_id="S1")


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
            actor=_admin(db),
            station_id="S1",
        )
    with pytest.raises(InvalidValue):
        operators.parse_roles("picker, boss")
    assert operators.parse_roles("picker,INSPECTOR") == {Role.PICKER, Role.INSPECTOR}


def _lock(db: FakeDatabase, badge: str) -> None:
    for _attempt in range(3):
        with pytest.raises((WrongPin, OperatorLocked)):
            operators.login(
                db.uow, HASHER, CLOCK, badge=badge, pin="0000", station_id="S1", max_attempts=3
            )
    assert db.store.operators[badge].locked


def test_only_a_supervisor_with_the_right_pin_unlocks(db: FakeDatabase) -> None:
    _lock(db, "OP-PCK-1")
    with pytest.raises(NotAllowed):  # an inspector is no supervisor
        operators.unlock(
            db.uow, HASHER, CLOCK, "OP-PCK-1", by="OP-INS-1", pin=None, station_id="S1"
        )
    with pytest.raises(WrongPin):
        operators.unlock(
            db.uow, HASHER, CLOCK, "OP-PCK-1", by="OP-ADM-1", pin="9999", station_id="S1"
        )
    assert db.store.operators["OP-ADM-1"].failed_pins == 1  # counts toward the admin's lock
    with pytest.raises(UnknownOperator):
        operators.unlock(db.uow, HASHER, CLOCK, "OP-PCK-1", by="cli", pin="135724", station_id="S1")
    assert db.store.operators["OP-PCK-1"].locked
    operators.unlock(
        db.uow, HASHER, CLOCK, "OP-PCK-1", by="OP-ADM-1", pin="135724", station_id="S1"
    )
    assert not db.store.operators["OP-PCK-1"].locked
    unlocks = [e for e in db.store.audit if e.action == "operator_unlock"]
    assert [(e.operator, e.subject) for e in unlocks] == [("OP-ADM-1", "OP-PCK-1")]


def test_a_supervisor_without_a_pin_cannot_unlock(db: FakeDatabase) -> None:
    # A supervisor account from before PINs were required for them.
    admin = db.store.operators["OP-ADM-1"]
    db.store.operators["OP-ADM-1"] = replace(admin, pin_hash=None)
    _lock(db, "OP-PCK-1")
    with pytest.raises(PinRequired):
        operators.unlock(db.uow, HASHER, CLOCK, "OP-PCK-1", by="OP-ADM-1", pin="", station_id="S1")


@pytest.mark.parametrize(
    "name", ["张\x1b[2J三", "张三\x1b]0;title\x07", "\u202e三张", "", "张" * 101]
)
def test_an_operator_name_that_could_drive_the_terminal_is_refused(name: str) -> None:
    db = FakeDatabase()
    with pytest.raises(InvalidValue) as caught:
        operators.enrol(
            db.uow, HASHER, CLOCK, badge="OP-X-1", name=name,
            roles=frozenset({Role.PICKER}), pin=None, by="setup", station_id="S1",
        )  # fmt: skip
    assert caught.value.params["field"] == "name"
    assert not any(ch in str(caught.value.params["value"]) for ch in "\x1b\x07\u202e")
    with db.uow() as uow:
        assert uow.operators.get("OP-X-1") is None


# --- acting for a person: verified badge and PIN, the role checked in the core ----------
def test_verify_needs_the_pin_and_counts_a_wrong_one(db: FakeDatabase) -> None:
    with pytest.raises(PinNotGiven):
        operators.verify(
            db.uow, HASHER, CLOCK, badge="OP-ADM-1", pin=None, role=Role.ADMIN, station_id="S1"
        )
    with pytest.raises(WrongPin):
        operators.verify(
            db.uow, HASHER, CLOCK, badge="OP-ADM-1", pin="000000", role=Role.ADMIN, station_id="S1"
        )
    assert db.store.operators["OP-ADM-1"].failed_pins == 1
    assert _admin(db).badge == "OP-ADM-1"
    assert db.store.operators["OP-ADM-1"].failed_pins == 0


def test_a_typed_name_or_a_badge_without_pin_acts_for_nobody(db: FakeDatabase) -> None:
    with pytest.raises(UnknownOperator):
        operators.verify(
            db.uow, HASHER, CLOCK, badge="cli", pin="1", role=Role.SUPERVISOR, station_id="S1"
        )
    with pytest.raises(PinRequired):  # an inspector has no PIN: a badge alone proves nothing
        operators.verify(
            db.uow, HASHER, CLOCK, badge="OP-INS-1", pin="", role=Role.INSPECTOR, station_id="S1"
        )


def test_the_role_is_checked_in_the_core(db: FakeDatabase) -> None:
    supervisor = operators.verify(
        db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="246813", role=Role.SUPERVISOR,
        station_id="S1",
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        operators.verify(
            db.uow, HASHER, CLOCK, badge="OP-SUP-1", pin="246813", role=Role.ADMIN,
            station_id="S1",
        )  # fmt: skip
    changes: list[Callable[[], object]] = [
        lambda: operators.disable(db.uow, CLOCK, "OP-INS-1", actor=supervisor, station_id="S1"),
        lambda: operators.set_pin(
            db.uow, HASHER, CLOCK, "OP-INS-1", "4321", actor=supervisor, station_id="S1"
        ),
        lambda: operators.add_operator(
            db.uow,
            HASHER,
            CLOCK,
            badge="OP-ADM-9",
            name="x",
            roles=frozenset({Role.ADMIN}),
            pin="97531864",
            actor=supervisor,
            station_id="S1",
        ),
    ]
    for change in changes:
        with pytest.raises(NotAllowed):
            change()
    assert db.store.operators["OP-INS-1"].active and "OP-ADM-9" not in db.store.operators


def test_supervisors_and_admins_have_a_pin_of_six_digits(db: FakeDatabase) -> None:
    admin = _admin(db)
    with pytest.raises(WeakPin):
        operators.set_pin(db.uow, HASHER, CLOCK, "OP-SUP-1", "1234", actor=admin, station_id="S1")
    with pytest.raises(PinRequired):  # removing a supervisor's PIN is refused
        operators.set_pin(db.uow, HASHER, CLOCK, "OP-SUP-1", None, actor=admin, station_id="S1")
    with pytest.raises(PinRequired):
        operators.add_operator(
            db.uow, HASHER, CLOCK, badge="OP-SUP-9", name="x",
            roles=frozenset({Role.SUPERVISOR}), pin=None, actor=admin, station_id="S1",
        )  # fmt: skip
    operators.set_pin(db.uow, HASHER, CLOCK, "OP-INS-1", "4321", actor=admin, station_id="S1")
    operators.set_pin(db.uow, HASHER, CLOCK, "OP-INS-1", None, actor=admin, station_id="S1")
    assert db.store.operators["OP-INS-1"].pin_hash is None
    removed = [e for e in db.store.audit if e.action == "operator_remove_pin"]
    assert [(e.operator, e.subject) for e in removed] == [("OP-ADM-1", "OP-INS-1")]


def test_bootstrap_makes_the_first_admin_only() -> None:
    db = FakeDatabase()
    operators.bootstrap_admin(
        db.uow, HASHER, CLOCK, badge="OP-ADM-1", name="管理员", pin="13572468", station_id="S1"
    )
    assert db.store.operators["OP-ADM-1"].roles == {Role.ADMIN}
    with pytest.raises(AdminExists):
        operators.bootstrap_admin(
            db.uow, HASHER, CLOCK, badge="OP-ADM-2", name="又一个", pin="13572468", station_id="S1"
        )
    with pytest.raises(WeakPin):
        operators.bootstrap_admin(
            FakeDatabase().uow, HASHER, CLOCK, badge="OP-ADM-1", name="x", pin="1234",
            station_id="S1",
        )  # fmt: skip


def test_supervisors_wait_longer_after_each_wrong_pin_and_are_never_locked(
    db: FakeDatabase,
) -> None:
    """Thirty wrong PINs at any station used to lock every supervisor and admin."""
    clock = FixedClock()
    db.store.lockout_attempts = 3

    def try_pin(pin: str) -> None:
        operators.login(db.uow, HASHER, clock, badge="OP-SUP-1", pin=pin, station_id="S1")

    for _attempt in range(2):
        with pytest.raises(WrongPin):
            try_pin("000000")
    with pytest.raises(PinDelayed) as delayed:
        try_pin("000000")  # the third: a wait, not a lock
    assert delayed.value.params["seconds"] == 30
    assert not db.store.operators["OP-SUP-1"].locked
    clock.advance(10)
    with pytest.raises(PinDelayed):  # while waiting even the right PIN is not checked
        try_pin("246813")
    assert db.store.operators["OP-SUP-1"].failed_pins == 3  # and nothing was counted
    clock.advance(21)
    with pytest.raises(PinDelayed) as longer:
        try_pin("111111")
    assert longer.value.params["seconds"] == 60  # doubling
    for _attempt in range(20):
        clock.advance(15 * 60 + 1)
        with pytest.raises(PinDelayed) as capped:
            try_pin("111111")
    assert capped.value.params["seconds"] == 15 * 60  # at most a quarter of an hour
    assert not db.store.operators["OP-SUP-1"].locked
    clock.advance(15 * 60 + 1)
    try_pin("246813")  # the wait is over: the right PIN logs in
    assert db.store.operators["OP-SUP-1"].failed_pins == 0


def test_the_lockout_number_is_the_databases_and_set_by_an_admin(db: FakeDatabase) -> None:
    admin = _admin(db)
    operators.set_lockout(db.uow, CLOCK, 4, actor=admin, station_id="S1")
    assert db.store.lockout_attempts == 4
    with pytest.raises(InvalidValue):
        operators.set_lockout(db.uow, CLOCK, 1000, actor=admin, station_id="S1")
    supervisor = db.store.operators["OP-SUP-1"]
    with pytest.raises(NotAllowed):
        operators.set_lockout(db.uow, CLOCK, 3, actor=supervisor, station_id="S1")
    for remaining in (3, 2, 1):
        with pytest.raises(WrongPin) as info:
            operators.login(db.uow, HASHER, CLOCK, badge="OP-PCK-1", pin="0000", station_id="S1")
        assert info.value.params["remaining"] == remaining
    with pytest.raises(OperatorLocked):
        operators.login(db.uow, HASHER, CLOCK, badge="OP-PCK-1", pin="0000", station_id="S1")

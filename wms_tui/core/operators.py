"""Operators: badges, roles, PINs and the lock after repeated wrong PINs."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import timedelta

from wms_tui.core.errors import (
    AdminExists,
    BadPinFormat,
    CourierBadge,
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
from wms_tui.core.model import AuditEvent, Operator, Role, is_valid_code
from wms_tui.core.ports import Clock, PinHasher, UnitOfWork, UnitOfWorkFactory
from wms_tui.core.text import printable, unsafe_chars

DEFAULT_PIN_ATTEMPTS = 5  # until an admin sets the database's own (`wms operators lockout`)
FIRST_DELAY_S, LONGEST_DELAY_S = 30, 15 * 60
_PIN = re.compile(r"[0-9]{4,8}")
# Roles that may act for others: they always have a PIN, of at least STRONG_PIN digits.
SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
STRONG_PIN = 6


def _require(uow: UnitOfWork, badge: str) -> Operator:
    operator = uow.operators.get(badge)
    if operator is None:
        raise UnknownOperator(badge=badge)
    return operator


def _audit(uow: UnitOfWork, clock: Clock, action: str, by: str, station: str, subject: str) -> None:
    uow.audit.record(AuditEvent(action, by, station, subject=subject, at=clock.now()))


def identify(uow_factory: UnitOfWorkFactory, badge: str) -> Operator:
    """First half of a log-in: the badge. Says at once if the operator cannot log in."""
    with uow_factory() as uow:
        operator = _require(uow, badge)
    if not operator.active:
        raise OperatorDisabled(name=operator.name)
    if operator.locked:
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    return operator


def needs_pin(operator: Operator) -> bool:
    return operator.pin_hash is not None


def pin_delay(failed: int, limit: int) -> timedelta | None:
    """How long a supervisor's or admin's next try waits after their last wrong PIN: from the
    `limit`-th wrong PIN in a row, 30 s, doubling each time, at most 15 minutes. They are
    never locked out: thirty wrong PINs at any station would otherwise lock every person
    who can unlock, and only a shell could get them back."""
    over = failed - limit
    if over < 0:
        return None
    return timedelta(seconds=min(FIRST_DELAY_S * 2 ** min(over, 10), LONGEST_DELAY_S))


def _check_pin(
    uow: UnitOfWork,
    hasher: PinHasher,
    clock: Clock,
    operator: Operator,
    pin: str | None,
    station_id: str,
    max_attempts: int | None,
) -> None:
    """A wrong PIN is counted (and committed) before it is refused. Others lock after the
    database's number of wrong PINs in a row; supervisors and admins wait instead."""
    if operator.pin_hash is None:
        return
    # Read again under the row's lock: the wait and the count below see every try before.
    operator = uow.operators.lock(operator.badge) or operator
    if operator.pin_hash is None:  # removed meanwhile: nothing to check
        return
    if not operator.active:
        raise OperatorDisabled(name=operator.name)
    if operator.locked:
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    limit = max_attempts or uow.operators.lockout_attempts()
    supervising = bool(operator.roles & SUPERVISING)
    now = clock.now()
    wait = pin_delay(operator.failed_pins, limit) if supervising else None
    if wait is not None and operator.last_wrong_pin_at is not None:
        left = operator.last_wrong_pin_at + wait - now
        if left.total_seconds() > 0:  # not even checked: no guess is taken while waiting
            raise PinDelayed(seconds=math.ceil(left.total_seconds()))
    if pin is not None and hasher.verify(operator.pin_hash, pin):
        return
    badge = operator.badge
    counted = uow.operators.record_wrong_pin(badge, limit, lock=not supervising, at=now)
    if counted is None:
        # Locked (or disabled) by another station between our read and this count.
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    _audit(uow, clock, "login_wrong_pin", badge, station_id, badge)
    if counted.locked:
        _audit(uow, clock, "operator_locked", badge, station_id, badge)
    uow.commit()
    if counted.locked:
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    wait = pin_delay(counted.failed_pins, limit) if supervising else None
    if wait is not None:
        raise PinDelayed(seconds=int(wait.total_seconds()))
    raise WrongPin(remaining=max(limit - counted.failed_pins, 0))


def _usable(uow: UnitOfWork, badge: str) -> Operator:
    operator = _require(uow, badge)
    if not operator.active:
        raise OperatorDisabled(name=operator.name)
    if operator.locked:
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    return operator


def login(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    *,
    badge: str,
    pin: str | None,
    station_id: str,
    max_attempts: int | None = None,
) -> Operator:
    with uow_factory() as uow:
        operator = _usable(uow, badge)
        if operator.roles == {Role.COURIER}:
            raise CourierBadge(name=operator.name)
        _check_pin(uow, hasher, clock, operator, pin, station_id, max_attempts)
        # Guarded too: a lock another station set meanwhile is not undone by this log-in.
        if not uow.operators.clear_wrong_pins(badge):
            raise OperatorLocked(name=operator.name, badge=operator.badge)
        _audit(uow, clock, "login", badge, station_id, badge)
        uow.commit()
        return replace(operator, failed_pins=0)


def logout(uow_factory: UnitOfWorkFactory, clock: Clock, operator: Operator, station: str) -> None:
    with uow_factory() as uow:
        _audit(uow, clock, "logout", operator.badge, station, operator.badge)
        uow.commit()


def parse_roles(text: str) -> frozenset[Role]:
    roles: set[Role] = set()
    for part in re.split(r"[,\s;|]+", text.strip()):
        if not part:
            continue
        try:
            roles.add(Role(part.lower()))
        except ValueError:
            raise InvalidValue(field="role", value=part) from None
    return frozenset(roles)


def check_pin_format(pin: str, roles: frozenset[Role] = frozenset()) -> None:
    if not _PIN.fullmatch(pin):
        raise BadPinFormat()
    if roles & SUPERVISING and len(pin) < STRONG_PIN:
        raise WeakPin(digits=STRONG_PIN)


def _check_new_pin(pin: str | None, roles: frozenset[Role], name: str) -> None:
    if pin is not None:
        check_pin_format(pin, roles)
    elif roles & SUPERVISING:
        raise PinRequired(name=name)


def _require_admin(actor: Operator) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(name=actor.name, role=Role.ADMIN.value)


def add_operator(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    *,
    badge: str,
    name: str,
    roles: frozenset[Role],
    pin: str | None,
    actor: Operator,
    station_id: str,
) -> Operator:
    """An admin, verified (`verify`), enrols someone."""
    _require_admin(actor)
    return enrol(
        uow_factory, hasher, clock, badge=badge, name=name, roles=roles, pin=pin,
        by=actor.badge, station_id=station_id,
    )  # fmt: skip


def enrol(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    *,
    badge: str,
    name: str,
    roles: frozenset[Role],
    pin: str | None,
    by: str,
    station_id: str,
    first_admin: bool = False,
) -> Operator:
    """Writes one operator. Called for a verified admin (`add_operator`), for the first admin
    of an empty database (`bootstrap_admin`) and by the demo building its own database."""
    if not is_valid_code(badge):
        raise InvalidValue(field="badge", value=printable(badge))
    # The name is shown on every screen the operator works at: nothing that could
    # drive the terminal, and no more than the database keeps.
    if not name.strip() or unsafe_chars(name) or len(name) > 100:
        raise InvalidValue(field="name", value=printable(name))
    _check_new_pin(pin, roles, name)
    with uow_factory() as uow:
        if first_admin and any(op.active and Role.ADMIN in op.roles for op in uow.operators.all()):
            raise AdminExists()
        if uow.operators.get(badge) is not None:
            raise DuplicateEntry(what="operator", value=badge)
        operator = Operator(
            badge=badge,
            name=name,
            roles=roles,
            pin_hash=hasher.hash(pin) if pin is not None else None,
        )
        uow.operators.add(operator)
        _audit(uow, clock, "operator_add", by, station_id, badge)
        uow.commit()
        return operator


def bootstrap_admin(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    *,
    badge: str,
    name: str,
    pin: str,
    station_id: str,
) -> Operator:
    """The first admin of a database with none: nobody can vouch for them, so this works only
    while no active admin exists; every later account is added by an admin."""
    return enrol(
        uow_factory, hasher, clock, badge=badge, name=name, roles=frozenset({Role.ADMIN}),
        pin=pin, by=badge, station_id=station_id, first_admin=True,
    )  # fmt: skip


def verify(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    *,
    badge: str,
    pin: str | None,
    role: Role,
    station_id: str,
    max_attempts: int | None = None,
) -> Operator:
    """The person a command acts for: a usable badge with `role` and its PIN, checked the way
    the log-in screen checks it (a wrong PIN counts toward the lock). Only roles that always
    carry a PIN can act from a command, so a typed badge alone never gets anything done."""
    with uow_factory() as uow:
        operator = _usable(uow, badge)
        if not operator.has_role(role):
            raise NotAllowed(name=operator.name, role=role.value)
        if operator.pin_hash is None:
            raise PinRequired(name=operator.name)
        if pin is None:
            raise PinNotGiven(badge=badge)
        _check_pin(uow, hasher, clock, operator, pin, station_id, max_attempts)
        if not uow.operators.clear_wrong_pins(badge):
            raise OperatorLocked(name=operator.name, badge=operator.badge)
        uow.commit()
        return replace(operator, failed_pins=0)


def _update(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    badge: str,
    action: str,
    by: str,
    station_id: str,
    **changes: object,
) -> Operator:
    with uow_factory() as uow:
        operator = replace(_require(uow, badge), **changes)  # type: ignore[arg-type]
        uow.operators.save(operator)
        _audit(uow, clock, action, by, station_id, badge)
        uow.commit()
        return operator


def disable(
    uow_factory: UnitOfWorkFactory, clock: Clock, badge: str, *, actor: Operator, station_id: str
) -> Operator:
    _require_admin(actor)
    return _update(
        uow_factory, clock, badge, "operator_disable", actor.badge, station_id, active=False
    )


def unlock(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    badge: str,
    *,
    by: str,
    pin: str | None,
    station_id: str,
    max_attempts: int | None = None,
) -> Operator:
    """Only a supervisor or admin, with their own PIN, frees a locked badge; a wrong PIN counts
    toward locking the supervisor, exactly as at the log-in screen."""
    with uow_factory() as uow:
        supervisor = _usable(uow, by)
        if not supervisor.roles & SUPERVISING:
            raise NotAllowed(name=supervisor.name, role=Role.SUPERVISOR.value)
        if supervisor.pin_hash is None:
            raise PinRequired(name=supervisor.name)
        _check_pin(uow, hasher, clock, supervisor, pin, station_id, max_attempts)
        if not uow.operators.clear_wrong_pins(by):  # "in a row": the right PIN ends the run
            raise OperatorLocked(name=supervisor.name, badge=supervisor.badge)
        return _unlock(uow, clock, badge, by, station_id)


def unlock_by(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    badge: str,
    *,
    supervisor: Operator,
    station_id: str,
) -> Operator:
    """At a station: the supervisor's badge and PIN were just verified there (a log-in)."""
    if not supervisor.roles & SUPERVISING:
        raise NotAllowed(name=supervisor.name, role=Role.SUPERVISOR.value)
    if supervisor.pin_hash is None:
        raise PinRequired(name=supervisor.name)
    with uow_factory() as uow:
        return _unlock(uow, clock, badge, supervisor.badge, station_id)


def _unlock(uow: UnitOfWork, clock: Clock, badge: str, by: str, station_id: str) -> Operator:
    operator = replace(_require(uow, badge), locked=False, failed_pins=0)
    uow.operators.save(operator)
    _audit(uow, clock, "operator_unlock", by, station_id, badge)
    uow.commit()
    return operator


def set_pin(
    uow_factory: UnitOfWorkFactory,
    hasher: PinHasher,
    clock: Clock,
    badge: str,
    pin: str | None,
    *,
    actor: Operator,
    station_id: str,
) -> Operator:
    """`pin=None` removes the PIN: an explicit choice of an admin (`--no-pin`), refused for a
    supervisor or admin, who must always have one."""
    _require_admin(actor)
    with uow_factory() as uow:
        target = _require(uow, badge)
    _check_new_pin(pin, target.roles, target.name)
    return _update(
        uow_factory,
        clock,
        badge,
        "operator_set_pin" if pin is not None else "operator_remove_pin",
        actor.badge,
        station_id,
        pin_hash=hasher.hash(pin) if pin is not None else None,
        failed_pins=0,
    )


def record_exit(
    uow_factory: UnitOfWorkFactory, clock: Clock, admin: Operator, station: str
) -> None:
    """A kiosk station closed for a verified admin: the audit log says who let it close."""
    _require_admin(admin)
    with uow_factory() as uow:
        _audit(uow, clock, "station_exit", admin.badge, station, station)
        uow.commit()


def set_lockout(
    uow_factory: UnitOfWorkFactory, clock: Clock, attempts: int, *, actor: Operator, station_id: str
) -> None:
    """The database's one rule for wrong PINs in a row, set by a verified admin."""
    _require_admin(actor)
    if not 3 <= attempts <= 20:
        raise InvalidValue(field="pin_attempts", value=attempts)
    with uow_factory() as uow:
        uow.operators.set_lockout_attempts(attempts)
        _audit(uow, clock, "lockout_set", actor.badge, station_id, str(attempts))
        uow.commit()

"""Who a command acts for: `--by BADGE` and that person's PIN, verified by the core.

A typed name proves nothing, so every command that acts for a person takes the badge and
its PIN and asks the core (`operators.verify`) who that is and whether they may. The PIN
never goes on the command line, where the shell history and `ps` would keep it: it is asked
on the terminal without echo, or read from `--pin-file` or the WMS_PIN variable in scripts.
A new PIN (for `operators add` and `set-pin`) comes the same ways: asked twice, or from
`--new-pin-file` or WMS_NEW_PIN; `--no-pin` says on purpose that there is none.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import file_errors, retried
from wms_tui.config import Settings
from wms_tui.core import operators
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import NewPinNotGiven, PinNotGiven, PinsDiffer
from wms_tui.core.model import Operator, Role
from wms_tui.core.ports import UnitOfWork
from wms_tui.i18n import _

T = TypeVar("T")

PIN_VARIABLE = "WMS_PIN"
NEW_PIN_VARIABLE = "WMS_NEW_PIN"


def add_acting_options(parser: argparse.ArgumentParser, by_help: str = "cli.opt.by") -> None:
    parser.add_argument("--by", required=True, metavar="BADGE", help=_(by_help))
    parser.add_argument("--pin-file", type=Path, metavar="FILE", help=_("cli.opt.pin_file"))


def add_new_pin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--new-pin-file", type=Path, metavar="FILE", help=_("cli.opt.new_pin_file"))
    group.add_argument("--no-pin", action="store_true", help=_("cli.opt.no_pin"))


def _read_pin_file(path: Path) -> str:
    with file_errors(path):
        lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].strip() if lines else ""


def on_terminal() -> bool:
    return sys.stdin.isatty()


def _asked(prompt: str) -> str | None:
    """None without a terminal: a script must say the PIN on purpose, never get "none"."""
    if not on_terminal():
        return None
    import getpass

    return getpass.getpass(prompt)


def acting_pin(args: argparse.Namespace) -> str:
    """The acting person's PIN: the file, the variable, or asked; never silently none."""
    if getattr(args, "pin_file", None) is not None:
        from_file = _read_pin_file(args.pin_file)
        if not from_file:  # an empty file is a script's mistake, not a wrong guess to count
            raise PinNotGiven(badge=args.by)
        return from_file
    if PIN_VARIABLE in os.environ:
        return os.environ[PIN_VARIABLE]
    pin = _asked(_("boot.ask_pin", badge=args.by))
    if pin is None:
        raise PinNotGiven(badge=args.by)
    return pin


def new_pin(args: argparse.Namespace, badge: str, *, optional: bool) -> str | None:
    """The PIN to set for `badge`. None only when `--no-pin` was given, or (`optional`, for a
    new operator whose roles need none) when Enter was pressed at the question."""
    if args.no_pin:
        return None
    if args.new_pin_file is not None:
        return _read_pin_file(args.new_pin_file)
    if NEW_PIN_VARIABLE in os.environ:
        return os.environ[NEW_PIN_VARIABLE]
    key = "boot.ask_new_pin_optional" if optional else "boot.ask_new_pin"
    first = _asked(_(key, badge=badge))
    if first is None:
        if optional:  # a picker added by a script: no PIN, as at the question's Enter
            return None
        raise NewPinNotGiven(badge=badge)
    if not first and optional:
        return None
    if _asked(_("boot.ask_new_pin_again", badge=badge)) != first:
        raise PinsDiffer()
    return first


def verified(
    settings: Settings, uow_factory: SqlUnitOfWorkFactory, args: argparse.Namespace, role: Role
) -> Operator:
    """The person behind `--by`, checked with their PIN; a wrong PIN counts toward the lock."""
    pin = acting_pin(args)
    return retried(
        lambda: operators.verify(
            uow_factory,
            Argon2PinHasher(),
            SystemClock(),
            badge=args.by,
            pin=pin,
            role=role,
            station_id=settings.station_id,
        )
    )


def read_verified(
    args: argparse.Namespace,
    role: Role,
    read: Callable[[Settings, UnitOfWork], T],
    then: Callable[[T, SqlUnitOfWorkFactory], object] | None = None,
) -> T:
    """`read` in a unit of work that only reads, for the verified badge of `--by` in
    `role`: what a command shows about buyers or workers is for them only. `then` is given
    what was read and the database, before it is closed."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        verified(settings, uow_factory, args, role)
        with uow_factory.for_reading()() as uow:
            found = read(settings, uow)
        if then is not None:
            then(found, uow_factory)
        return found
    finally:
        uow_factory.dispose()


def asked_once_more(question: str) -> bool:
    """Before anything irreversible: says what will happen (on standard error, so a report
    piped elsewhere stays clean) and reads the answer; yes only for y, yes or 是."""
    sys.stderr.write(question + " ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes", "是")

"""`wms operators ...`: the operators' badges, roles and PINs from the command line."""

from __future__ import annotations

import argparse

from db.pin_hasher import Argon2PinHasher
from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import retried, say
from wms_tui.core import operators
from wms_tui.core.clock import SystemClock
from wms_tui.core.text import printable
from wms_tui.i18n import _


def cmd_operators(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    clock, hasher, station = SystemClock(), Argon2PinHasher(), settings.station_id
    try:
        if args.op_command == "list":
            with uow_factory() as uow:
                everyone = uow.operators.all()
            for op in everyone:
                flags = []
                if op.pin_hash:
                    flags.append("PIN")
                if not op.active:
                    flags.append(_("boot.flag_disabled"))
                if op.locked:
                    flags.append(_("boot.flag_locked"))
                roles = ",".join(sorted(r.value for r in op.roles))
                # Stored names may predate the check on entry: shown made harmless.
                name = printable(op.name, 100)
                say(f"{op.badge:<12} {roles:<30} {' '.join(flags):<12} {name}")
            return 0
        if args.op_command == "add":
            new_roles = operators.parse_roles(args.roles)
            retried(
                lambda: operators.add_operator(
                    uow_factory,
                    hasher,
                    clock,
                    badge=args.badge,
                    name=args.name,
                    roles=new_roles,
                    pin=args.pin,
                    by=args.by,
                    station_id=station,
                )
            )
        elif args.op_command == "disable":
            retried(
                lambda: operators.disable(
                    uow_factory, clock, args.badge, by=args.by, station_id=station
                )
            )
        elif args.op_command == "unlock":
            pin = args.pin if args.pin is not None else _ask_pin(args.by)
            retried(
                lambda: operators.unlock(
                    uow_factory,
                    hasher,
                    clock,
                    args.badge,
                    by=args.by,
                    pin=pin,
                    station_id=station,
                    max_attempts=settings.pin_attempts,
                )
            )
        elif args.op_command == "set-pin":
            retried(
                lambda: operators.set_pin(
                    uow_factory, hasher, clock, args.badge, args.pin, by=args.by, station_id=station
                )
            )
        say(_("boot.done"))
        return 0
    finally:
        uow_factory.dispose()


def _ask_pin(badge: str) -> str:
    """Asked for, not typed on the command line, so it stays out of the shell history."""
    import getpass

    return getpass.getpass(_("boot.ask_pin", badge=badge))

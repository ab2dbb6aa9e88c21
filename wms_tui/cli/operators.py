"""`wms operators ...`: the operators' badges, roles and PINs from the command line.

Every change is made by an admin whose badge and PIN were just verified (`identity`);
`bootstrap` makes the first admin of a database that has none.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import retried, say
from wms_tui.cli.identity import acting_pin, add_acting_options, add_new_pin_options, new_pin
from wms_tui.cli.identity import verified as verified_actor
from wms_tui.config import Settings
from wms_tui.core import operators
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Role
from wms_tui.core.text import printable
from wms_tui.i18n import _


def add_operators_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ops = sub.add_parser("operators", help=_("cli.operators"), description=_("cli.operators"))
    ops_sub = ops.add_subparsers(dest="op_command", required=True, metavar="ACTION")
    ops_sub.add_parser("list", help=_("cli.operators.list"))
    add = ops_sub.add_parser("add", help=_("cli.operators.add"))
    add.add_argument("badge", help=_("cli.operators.badge"))
    add.add_argument("name", help=_("cli.operators.name"))
    add.add_argument("--roles", required=True, help=_("cli.operators.roles"))
    add_new_pin_options(add)
    add_acting_options(add, "cli.opt.by_admin")
    disable = ops_sub.add_parser("disable", help=_("cli.operators.disable"))
    disable.add_argument("badge", help=_("cli.operators.badge"))
    add_acting_options(disable, "cli.opt.by_admin")
    unlock = ops_sub.add_parser("unlock", help=_("cli.operators.unlock"))
    unlock.add_argument("badge", help=_("cli.operators.badge"))
    add_acting_options(unlock, "cli.operators.by_sup")
    set_pin = ops_sub.add_parser("set-pin", help=_("cli.operators.set_pin"))
    set_pin.add_argument("badge", help=_("cli.operators.badge"))
    add_new_pin_options(set_pin)
    add_acting_options(set_pin, "cli.opt.by_admin")
    lockout = ops_sub.add_parser("lockout", help=_("cli.operators.lockout"))
    lockout.add_argument("attempts", type=int, help=_("cli.operators.lockout.attempts"))
    add_acting_options(lockout, "cli.opt.by_admin")
    boot = ops_sub.add_parser("bootstrap", help=_("cli.operators.bootstrap"))
    boot.add_argument("badge", help=_("cli.operators.badge"))
    boot.add_argument("name", help=_("cli.operators.name"))
    boot.add_argument("--new-pin-file", type=Path, metavar="FILE", help=_("cli.opt.new_pin_file"))
    boot.set_defaults(no_pin=False)


def cmd_operators(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        if args.op_command == "list":
            _list(uow_factory)
            return 0
        _change(settings, uow_factory, args)
        say(_("boot.done"))
        return 0
    finally:
        uow_factory.dispose()


def _list(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory.for_reading()() as uow:
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
        say(f"{op.badge:<12} {roles:<30} {' '.join(flags):<12} {printable(op.name, 100)}")


def _change(
    settings: Settings, uow_factory: SqlUnitOfWorkFactory, args: argparse.Namespace
) -> None:
    clock, hasher, station = SystemClock(), Argon2PinHasher(), settings.station_id
    command = args.op_command
    if command == "bootstrap":
        first_pin = new_pin(args, args.badge, optional=False) or ""
        retried(
            lambda: operators.bootstrap_admin(
                uow_factory, hasher, clock, badge=args.badge, name=args.name, pin=first_pin,
                station_id=station,
            )
        )  # fmt: skip
        return
    if command == "unlock":
        # Checked in the same unit as the unlock, so a wrong PIN here counts as at a station.
        pin = acting_pin(args)
        retried(
            lambda: operators.unlock(
                uow_factory, hasher, clock, args.badge, by=args.by, pin=pin, station_id=station,
            )
        )  # fmt: skip
        return
    if command == "add":
        roles = operators.parse_roles(args.roles)
        admin = verified_actor(settings, uow_factory, args, Role.ADMIN)
        new = new_pin(args, args.badge, optional=not roles & operators.SUPERVISING)
        retried(
            lambda: operators.add_operator(
                uow_factory, hasher, clock, badge=args.badge, name=args.name, roles=roles,
                pin=new, actor=admin, station_id=station,
            )
        )  # fmt: skip
    elif command == "disable":
        admin = verified_actor(settings, uow_factory, args, Role.ADMIN)
        retried(lambda: operators.disable(uow_factory, clock, args.badge, actor=admin,
                                          station_id=station))  # fmt: skip
    elif command == "lockout":
        admin = verified_actor(settings, uow_factory, args, Role.ADMIN)
        retried(lambda: operators.set_lockout(uow_factory, clock, args.attempts, actor=admin,
                                              station_id=station))  # fmt: skip
    elif command == "set-pin":
        admin = verified_actor(settings, uow_factory, args, Role.ADMIN)
        changed = new_pin(args, args.badge, optional=False)
        retried(
            lambda: operators.set_pin(
                uow_factory, hasher, clock, args.badge, changed, actor=admin, station_id=station
            )
        )

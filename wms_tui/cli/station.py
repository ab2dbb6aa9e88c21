"""`wms run`, `wms db`, `wms demo`, `wms import`, `wms check` and `wms scanners`."""

from __future__ import annotations

import argparse

from sqlalchemy import Engine

from db import chain, migrate
from db import check as db_check
from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from devices.evdev_source import available as evdev_available
from devices.evdev_source import unavailable_reason as evdev_unavailable_reason
from devices.labels import LabelItem, barcode_sheet_pdf
from wms_tui.bootstrap.backup import chain_key
from wms_tui.bootstrap.database import (
    load,
    open_database,
    open_for_demo,
    require_database,
)
from wms_tui.bootstrap.guard import file_errors, retried, say, write_file
from wms_tui.cli.identity import verified
from wms_tui.config import Settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.codes import is_valid_gtin
from wms_tui.core.errors import GrantRefused
from wms_tui.core.imports import ImportKind
from wms_tui.core.model import Role
from wms_tui.core.scans import COMMANDS
from wms_tui.core.text import printable
from wms_tui.i18n import _


def cmd_demo(args: argparse.Namespace) -> int:
    from wms_tui.bootstrap.demo import build_demo, demo_barcode_items, demo_files

    settings = load(args.config)
    uow_factory = open_for_demo(settings)
    # Safe to repeat: the demo is idempotent, so a retried build adds nothing twice.
    info = retried(lambda: build_demo(uow_factory, SystemClock(), Argon2PinHasher()))
    retried(lambda: _demo_count_plan(uow_factory, settings.station_id))
    say(_("boot.demo_built") if info.created else _("boot.demo_exists"))
    for operator in info.operators:
        pin = operator.pin or "-"
        role = _("demo.role." + operator.role.value)
        say(f"  {role:<11} {operator.badge:<10} PIN {pin:<6} {operator.name}")
    say(_("boot.demo_try", waybill=info.inspect_waybill, sku=info.sku_barcode))
    say(_("boot.demo_try_receiving", po=info.purchase_order))
    if args.sheet is not None:
        items = [
            # A waybill may be 13 digits without being an EAN: print it as Code 128.
            LabelItem(caption, value, "ean13" if _is_ean13(value) else "code128")
            for caption, value in demo_barcode_items(uow_factory)
        ]
        items += [
            LabelItem(_("boot.command_caption", command=command), prefix + command, "code128")
            for command in sorted(COMMANDS)
            for prefix in (settings.command_prefix,)
        ]
        write_file(args.sheet, barcode_sheet_pdf(_("boot.sheet_title"), items))
        say(_("boot.sheet_written", path=str(args.sheet), count=len(items)))
    if args.files is not None:
        with file_errors(args.files):
            written = demo_files(args.files)
        for path in written:
            say(_("boot.file_written", path=str(path)))
    uow_factory.dispose()
    if args.no_start:
        return 0
    return _run(settings)


def _is_ean13(value: str) -> bool:
    """A GTIN-13 by the core's check digit; devices/labels.py only guards what it prints."""
    return len(value) == 13 and is_valid_gtin(value)


DEMO_COUNT_LOCATIONS = ("E-01-1", "E-01-2", "E-02-1", "E-02-2")


def _demo_count_plan(uow_factory: SqlUnitOfWorkFactory, station_id: str) -> None:
    """A blind count of a few bins in aisle E, so a stocktaker has work on day one."""
    from wms_tui.core.counting import handler as counting
    from wms_tui.core.counting.records import CountScope, PlanCriteria

    with uow_factory() as uow:
        supervisor = uow.operators.get("OP-SUP-1")
        if uow.counts.plans() or supervisor is None:
            return
        counting.create_plan(
            uow,
            SystemClock(),
            supervisor=supervisor,
            station_id=station_id,
            name=_("boot.demo_count_plan"),
            criteria=PlanCriteria(CountScope.LOCATIONS, locations=DEMO_COUNT_LOCATIONS),
        )
        uow.commit()


def cmd_import(args: argparse.Namespace) -> int:
    from wms_tui.bootstrap.imports import import_file

    settings = load(args.config)
    uow_factory = open_database(settings)
    # Commas of either width: a Chinese keyboard types `，` between column names.
    ignore = frozenset(
        n.strip() for n in args.ignore_columns.replace("，", ",").split(",") if n.strip()
    )
    importer = verified(settings, uow_factory, args, Role.SUPERVISOR)
    report = retried(
        lambda: import_file(
            uow_factory,
            SystemClock(),
            ImportKind(args.kind.replace("-", "_")),
            args.file,
            operator=importer.badge,
            station_id=settings.station_id,
            encoding=args.encoding,
            sheet=args.sheet,
            ignore=ignore,
        )
    )
    say(report.message())
    uow_factory.dispose()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from wms_tui.bootstrap.database import record_station

    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        record_station(uow_factory, settings)
        return _check(settings, uow_factory.engine)
    finally:
        uow_factory.dispose()


def _check(settings: Settings, engine: Engine) -> int:
    problems = db_check.integrity_check(engine)
    for problem in problems:
        say(_("boot.integrity_problem", problem=problem))
    # Whatever is new is sealed first, then the whole chain is walked (db/chain.py).
    key = chain_key(settings)
    try:
        sealed = retried(lambda: chain.seal(engine, key))
    except chain.SealRefused:
        sealed = 0
        say(_("boot.seal_refused"))
    breaks = chain.verify(engine, key)
    for broken in breaks:
        say(_("boot.chain_broken." + broken.why, table=broken.chain, row=broken.row_id))
    say(_("boot.chain_checked", sealed=sealed, broken=len(breaks)))
    drifts = retried(lambda: db_check.rebuild_stock_cache(engine))
    for drift in drifts:
        say(
            _(
                "boot.drift",
                sku=drift.sku,
                location=drift.location,
                cached=drift.cached,
                ledger=drift.ledger,
            )
        )
    say(_("boot.check_summary", problems=len(problems), drifts=len(drifts)))
    return 1 if problems or drifts or breaks else 0


def cmd_scanners(args: argparse.Namespace) -> int:
    from devices.discovery import list_input_devices, list_serial_ports

    settings = load(args.config)
    if args.test:
        return _run(settings, start="scanner_test")
    ports = list_serial_ports()
    say(_("boot.serial_ports", count=len(ports)))
    for port in ports:
        vid_pid = port.usb_spec or "-"
        say(f"  {port.device:<16} {vid_pid:<28} {port.by_id or ''} {port.description}")
    if evdev_available():
        devices = list_input_devices()
        say(_("boot.input_devices", count=len(devices)))
        for device in devices:
            say(f"  {device.path:<20} {device.name}")
    else:
        say(_("boot.no_evdev", why=evdev_unavailable_reason()))
    for scanner in settings.scanners:
        say(
            _(
                "boot.configured_scanner",
                name=scanner.name,
                kind=scanner.kind,
                port=scanner.port or scanner.device,
            )
        )
    return 0


# --- commands ------------------------------------------------------------------------
def _run(settings: Settings, start: str = "login") -> int:
    # Only a running station needs the UI: the other commands start without loading Textual.
    from wms_tui.bootstrap.station import run_station

    return run_station(settings, start)


def cmd_run(args: argparse.Namespace) -> int:
    return _run(load(args.config))


def _grant(settings: Settings, role: str) -> int:
    """Run with the owner's URL; the stations' config then names `role`."""
    from db.engine import make_engine
    from db.grants import ROLE_NAME, UnknownRole, grant_station_role

    if settings.database_url.startswith("sqlite") or not ROLE_NAME.fullmatch(role):
        raise GrantRefused(role=printable(role))
    require_database(settings)
    engine = make_engine(settings.database_url)
    try:
        for statement in grant_station_role(engine, role):
            say("  " + statement)
    except UnknownRole:
        raise GrantRefused(role=role) from None
    finally:
        engine.dispose()
    say(_("boot.granted", role=role))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    settings = load(args.config)
    if args.db_command == "init":
        open_database(settings, create="init").dispose()
    elif args.db_command == "grant":
        return _grant(settings, args.role)
    else:
        require_database(settings)  # an upgrade never makes a database either
        retried(lambda: migrate.upgrade(settings.database_url))
    say(_("boot.db_upgraded", revision=migrate.current(settings.database_url) or "-"))
    return 0

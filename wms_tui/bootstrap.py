"""The only place that wires config, database, devices and UI together."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import uuid4

from db import check as db_check
from db import migrate
from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from devices import DeviceError
from devices.evdev_source import EvdevScanner
from devices.evdev_source import available as evdev_available
from devices.evdev_source import unavailable_reason as evdev_unavailable_reason
from devices.framing import FramerOptions, RawScan
from devices.labels import (
    CupsPrinter,
    DirectoryPrinter,
    LabelItem,
    RawNetworkPrinter,
    barcode_sheet_pdf,
    validate_ean13,
)
from devices.serial_scanner import SerialScanner
from devices.sound import CommandSound
from devices.wedge import WedgeDetector, WedgeResult, WedgeStatus
from wms_tui.bootstrap_guard import file_errors, retried, write_file
from wms_tui.config import Settings, load_settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import StorageError
from wms_tui.core.imports import ImportKind
from wms_tui.core.picklist import PickList
from wms_tui.core.ports import Feedback, LabelPrinter, SoundClass
from wms_tui.core.scans import COMMANDS, ResolverConfig, Scan
from wms_tui.core.services.scanning import ScanPipeline
from wms_tui.core.station import StationContext, WedgeDecoder, WedgeVerdict
from wms_tui.core.workflows.inspection_ports import Scale
from wms_tui.core.workflows.inspection_state import StationRules, WeightRule
from wms_tui.i18n import _, set_language

if TYPE_CHECKING:
    from wms_tui.ui.app import StationApp

log = logging.getLogger("wms_tui")


# --- adapters ------------------------------------------------------------------------
class WedgeAdapter:
    """devices.wedge's detector behind the core's WedgeDecoder port."""

    def __init__(self, detector: WedgeDetector) -> None:
        self._detector = detector

    @staticmethod
    def _verdict(result: WedgeResult, char: str | None) -> WedgeVerdict:
        typed = result.release
        if result.status is WedgeStatus.PASS and char is not None:
            typed += char
        scans = (result.scan,) if result.scan is not None else ()
        return WedgeVerdict(scans=scans, typed=typed)

    def feed(self, char: str, at: float) -> WedgeVerdict:
        return self._verdict(self._detector.feed(char, at), char)

    def expire(self, now: float) -> WedgeVerdict:
        return self._verdict(self._detector.expire(now), None)

    @property
    def pending(self) -> bool:
        return bool(self._detector.pending)


class CommandFeedback:
    def __init__(self, command: str) -> None:
        self._sound = CommandSound(command)

    def sound(self, kind: SoundClass) -> None:
        self._sound.play(kind.value)


class SilentFeedback:
    def sound(self, kind: SoundClass) -> None:
        return None


def scan_from_raw(raw: RawScan) -> Scan:
    """A driver's bytes become the core's scan, with the station-made id it is journaled by."""
    return Scan(
        scan_id=str(uuid4()),
        source=raw.source,
        text=raw.text(),
        symbology=raw.symbology_id,
        received_at=datetime.fromtimestamp(raw.received_wall, UTC),
        raw=raw.data,
    )


# --- set-up --------------------------------------------------------------------------
def load(config: Path) -> Settings:
    settings = load_settings(config)
    set_language(settings.language)
    return settings


def _setup_logging(settings: Settings) -> None:
    # The terminal belongs to the UI: log to a file beside the config.
    logging.basicConfig(
        filename=settings.path.with_name("wms.log"),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


def open_database(settings: Settings) -> SqlUnitOfWorkFactory:
    """The embedded SQLite database is migrated on start; a shared PostgreSQL one must
    be upgraded on purpose (`wms db upgrade`), so one station cannot surprise the others."""
    url = settings.database_url
    if url.startswith("sqlite"):
        folder = Path(url.split("///", 1)[1]).parent
        with file_errors(folder):
            folder.mkdir(parents=True, exist_ok=True)
        retried(lambda: migrate.upgrade(url))
    elif migrate.current(url) != migrate.head():
        raise StorageError(why=_("boot.schema_outdated"))
    return make_uow_factory(url)


def make_feedback(settings: Settings) -> Feedback:
    if settings.feedback.sound == "command":
        return CommandFeedback(settings.feedback.command)
    if settings.feedback.sound == "off":
        return SilentFeedback()
    from wms_tui.ui.bell_feedback import BellFeedback

    return BellFeedback()


def make_printer(settings: Settings) -> LabelPrinter | None:
    printer = settings.printer
    if printer.kind == "file":
        return DirectoryPrinter(printer.directory)
    if printer.kind == "cups":
        return CupsPrinter(printer.queue)
    if printer.kind == "raw":
        return RawNetworkPrinter(printer.host, printer.port)
    return None


def make_wedge_factory(settings: Settings) -> Callable[[], WedgeDecoder] | None:
    wedge = settings.wedge
    if not wedge.enabled:
        return None

    def factory() -> WedgeDecoder:
        return WedgeAdapter(
            WedgeDetector(
                max_gap_s=wedge.max_gap_ms / 1000.0,
                min_length=wedge.min_length,
                terminators=("\r", "\n", "\t") if wedge.tab_terminates else ("\r", "\n"),
                prefix=wedge.prefix,
            )
        )

    return factory


def build_context(
    settings: Settings, uow_factory: SqlUnitOfWorkFactory, scale: Scale | None = None
) -> StationContext:
    clock = SystemClock()
    return StationContext(
        station_id=settings.station_id,
        station_name=settings.station_name,
        language=settings.language,
        database_label=settings.database_label,
        uow_factory=uow_factory,
        clock=clock,
        pin_hasher=Argon2PinHasher(),
        feedback=make_feedback(settings),
        pipeline=ScanPipeline(uow_factory, clock, settings.station_id),
        resolver_config=ResolverConfig(
            gs_standin=settings.gs_standin, command_prefix=settings.command_prefix
        ),
        wedge_factory=make_wedge_factory(settings),
        printer=make_printer(settings),
        pin_attempts=settings.pin_attempts,
        scanner_names=[s.name for s in settings.scanners],
        scanner_states=wedge_states(settings),
        muted=settings.feedback.mute,
        inspection_rules=inspection_rules(settings),
        render_pick_list=_render_pick_list,
        scale=scale,
    )


def wedge_states(settings: Settings) -> dict[str, str]:
    """A keyboard-wedge scanner is the keyboard: nothing ever reports it connected."""
    state = "ready" if settings.wedge.enabled else "stopped"
    return {s.name: state for s in settings.scanners if s.kind == "wedge"}


def _render_pick_list(pick_list: PickList) -> bytes:
    from wms_tui.bootstrap_picking import render_pick_list_pdf

    return render_pick_list_pdf(pick_list)


def inspection_rules(settings: Settings) -> StationRules:
    ins = settings.inspection
    return StationRules(
        station_id=settings.station_id,
        packing_location=ins.packing_location or settings.station_id,
        dock_location=ins.dock_location,
        quarantine_location=ins.quarantine_location,
        auto_pass=ins.auto_pass,
        pick_at_pack=ins.pick_at_pack,
        pick_location=ins.pick_location,
        replacement_location=ins.replacement_location,
        weight=(
            WeightRule(ins.packaging_g, ins.tolerance_g, ins.tolerance_pct)
            if ins.packaging_g
            else None
        ),
    )


@dataclass
class _Readers:
    stoppers: list[Callable[[], None]]

    def stop(self) -> None:
        for stop in self.stoppers:
            stop()


def start_scanners(
    settings: Settings,
    on_scan: Callable[[Scan], object],
    on_state: Callable[[str, str], None],
) -> _Readers:
    readers = _Readers([])

    def deliver(raw: RawScan) -> None:
        on_scan(scan_from_raw(raw))

    for scanner in settings.scanners:
        options = FramerOptions(
            prefix=scanner.prefix.encode(),
            suffix=scanner.suffix.encode(),
            aim=scanner.aim,
            tab_terminates=scanner.tab_terminates,
        )
        if scanner.kind == "serial":
            serial_reader = SerialScanner(
                scanner.name,
                scanner.port,
                scanner.baudrate,
                on_scan=deliver,
                on_state=on_state,
                framer_options=options,
            )
            serial_reader.start()
            readers.stoppers.append(serial_reader.stop)
        elif scanner.kind == "evdev":
            if not evdev_available():
                log.warning("evdev scanner %s: %s", scanner.name, evdev_unavailable_reason())
                on_state(scanner.name, "unavailable")
                continue
            evdev_reader = EvdevScanner(
                scanner.name,
                scanner.device,
                on_scan=deliver,
                on_state=on_state,
                framer_options=options,
            )
            evdev_reader.start()
            readers.stoppers.append(evdev_reader.stop)
    return readers


def start_pipeline(app: StationApp, context: StationContext) -> None:
    """Scans journaled before a crash are applied before anything new, in their order;
    the app shows what they came to once its first screen is up."""
    recovered = context.pipeline.recover()
    if recovered:
        log.info("applied %d scans journaled before the last stop", len(recovered))
    app.show_on_start(recovered)
    context.pipeline.start()


def run_station(settings: Settings, start: str = "login") -> int:
    from wms_tui.bootstrap_station import build_station
    from wms_tui.ui.messages import ScanArrived

    _setup_logging(settings)
    station = build_station(settings, start)
    app, context = station.app, station.context
    start_pipeline(app, context)
    readers = start_scanners(
        settings, lambda scan: app.post_message(ScanArrived(scan)), app.scanner_state
    )
    try:
        app.run()
    finally:
        readers.stop()
        context.pipeline.drain(5.0)
        context.pipeline.stop()
        station.close()
    return 0


# --- commands ------------------------------------------------------------------------
def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_run(args: argparse.Namespace) -> int:
    return run_station(load(args.config))


def cmd_db(args: argparse.Namespace) -> int:
    settings = load(args.config)
    retried(lambda: migrate.upgrade(settings.database_url))
    _say(_("boot.db_upgraded", revision=migrate.current(settings.database_url) or "-"))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from wms_tui.demo import build_demo, demo_barcode_items, demo_files

    settings = load(args.config)
    uow_factory = open_database(settings)
    # Safe to repeat: the demo is idempotent, so a retried build adds nothing twice.
    info = retried(lambda: build_demo(uow_factory, SystemClock(), Argon2PinHasher()))
    retried(lambda: _demo_count_plan(uow_factory, settings.station_id))
    _say(_("boot.demo_built") if info.created else _("boot.demo_exists"))
    for operator in info.operators:
        pin = operator.pin or "-"
        role = _("demo.role." + operator.role.value)
        _say(f"  {role:<11} {operator.badge:<10} PIN {pin:<5} {operator.name}")
    _say(_("boot.demo_try", waybill=info.inspect_waybill, sku=info.sku_barcode))
    if args.sheet is not None:
        items = [
            # A waybill may be 13 digits without being an EAN: print it as Code 128.
            LabelItem(caption, value, "auto" if validate_ean13(value) else "code128")
            for caption, value in demo_barcode_items(uow_factory)
        ]
        items += [
            LabelItem(_("boot.command_caption", command=command), prefix + command, "code128")
            for command in sorted(COMMANDS)
            for prefix in (settings.command_prefix,)
        ]
        write_file(args.sheet, barcode_sheet_pdf(_("boot.sheet_title"), items))
        _say(_("boot.sheet_written", path=str(args.sheet), count=len(items)))
    if args.files is not None:
        with file_errors(args.files):
            written = demo_files(args.files)
        for path in written:
            _say(_("boot.file_written", path=str(path)))
    uow_factory.dispose()
    if args.no_start:
        return 0
    return run_station(settings)


DEMO_COUNT_LOCATIONS = ("E-01-1", "E-01-2", "E-02-1", "E-02-2")


def _demo_count_plan(uow_factory: SqlUnitOfWorkFactory, station_id: str) -> None:
    """A blind count of a few bins in aisle E, so a stocktaker has work on day one."""
    from wms_tui.core.workflows import counting
    from wms_tui.core.workflows.counting_ports import CountScope, PlanCriteria

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
    from wms_tui.importing import import_file

    settings = load(args.config)
    uow_factory = open_database(settings)
    report = retried(
        lambda: import_file(
            uow_factory,
            SystemClock(),
            ImportKind(args.kind),
            args.file,
            operator=args.by,
            station_id=settings.station_id,
        )
    )
    _say(report.message())
    uow_factory.dispose()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from wms_tui.bootstrap_station import record_station

    settings = load(args.config)
    uow_factory = open_database(settings)
    record_station(uow_factory, settings)
    engine = uow_factory.engine
    problems = db_check.integrity_check(engine)
    for problem in problems:
        _say(_("boot.integrity_problem", problem=problem))
    drifts = retried(lambda: db_check.rebuild_stock_cache(engine))
    for drift in drifts:
        _say(
            _(
                "boot.drift",
                sku=drift.sku,
                location=drift.location,
                cached=drift.cached,
                ledger=drift.ledger,
            )
        )
    _say(_("boot.check_summary", problems=len(problems), drifts=len(drifts)))
    uow_factory.dispose()
    return 1 if problems or drifts else 0


def cmd_scanners(args: argparse.Namespace) -> int:
    from devices.discovery import list_input_devices, list_serial_ports

    settings = load(args.config)
    if args.test:
        return run_station(settings, start="scanner_test")
    ports = list_serial_ports()
    _say(_("boot.serial_ports", count=len(ports)))
    for port in ports:
        vid_pid = port.usb_spec or "-"
        _say(f"  {port.device:<16} {vid_pid:<28} {port.by_id or ''} {port.description}")
    if evdev_available():
        devices = list_input_devices()
        _say(_("boot.input_devices", count=len(devices)))
        for device in devices:
            _say(f"  {device.path:<20} {device.name}")
    else:
        _say(_("boot.no_evdev", why=evdev_unavailable_reason()))
    for scanner in settings.scanners:
        _say(
            _(
                "boot.configured_scanner",
                name=scanner.name,
                kind=scanner.kind,
                port=scanner.port or scanner.device,
            )
        )
    return 0


def describe_device_error(error: DeviceError) -> str:
    return _("boot.device_error", code=error.code, detail=error.detail)

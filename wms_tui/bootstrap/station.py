"""The only place that wires config, database, devices and UI together."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import uuid4

from db import migrate
from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from devices.evdev_source import EvdevScanner
from devices.evdev_source import available as evdev_available
from devices.evdev_source import unavailable_reason as evdev_unavailable_reason
from devices.framing import FramerOptions, RawScan
from devices.labels import (
    CupsPrinter,
    DirectoryPrinter,
    RawNetworkPrinter,
)
from devices.serial_scanner import SerialScanner
from devices.sound import CommandSound
from devices.wedge import WedgeDetector, WedgeResult, WedgeStatus
from wms_tui.bootstrap.guard import file_errors, retried, say
from wms_tui.config import Settings, load_settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import StorageError
from wms_tui.core.inspection.records import Scale
from wms_tui.core.inspection.state import StationRules, WeightRule
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.picklist import PickList
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import Feedback, LabelPrinter, SoundClass
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.core.station import StationContext, WedgeDecoder, WedgeVerdict
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

    @property
    def prefix(self) -> str:
        return self._detector.prefix


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
    from wms_tui.ui.common.bell import BellFeedback

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
        # Refused scans are rolled back whole: no savepoint per stock move (SqlLedger).
        pipeline=ScanPipeline(uow_factory.for_scans(), clock, settings.station_id),
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
    from wms_tui.bootstrap.picking import render_pick_list_pdf

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
    the app shows what they came to once its first screen is up, and which screens have
    scans waiting for them (ScanPipeline.waiting says why)."""
    from wms_tui.ui.menu import title_of

    recovered = context.pipeline.recover()
    if recovered:
        log.info("applied %d scans journaled before the last stop", len(recovered))
    waiting: dict[str, int] = {}  # by screen: a screen's contexts say it once
    for name, count in context.pipeline.waiting().items():
        title = title_of(name)
        waiting[title] = waiting.get(title, 0) + count
    notices = [
        Outcome.accepted(
            "scan.waiting_for_screen", SoundClass.WARNING, count=count, screen=_(title)
        )
        for title, count in waiting.items()
    ]
    app.show_on_start([*recovered, *notices])
    context.pipeline.start()


def run_station(settings: Settings, start: str = "login") -> int:
    from wms_tui.bootstrap.app import build_station
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
    return app.return_code or 0  # 1 when the terminal went away under it


# --- commands ------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    return run_station(load(args.config))


def cmd_db(args: argparse.Namespace) -> int:
    settings = load(args.config)
    retried(lambda: migrate.upgrade(settings.database_url))
    say(_("boot.db_upgraded", revision=migrate.current(settings.database_url) or "-"))
    return 0

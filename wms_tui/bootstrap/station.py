"""The station from its real wiring: the context its screens are given, the app, the scan
pipeline and the scanners. `run_station` runs what `build_station` returns; a test drives
the same object with `App.run_test`, so the wiring a user gets is the wiring that is tested.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from devices.scale import SerialScale
from wms_tui.bootstrap.backup import BackupSchedule
from wms_tui.bootstrap.database import (
    open_database,
    record_station,
    setup_logging,
    watch_identity,
)
from wms_tui.bootstrap.devices import (
    make_feedback,
    make_printer,
    make_scale,
    make_wedge_factory,
    start_scanners,
    wedge_states,
)
from wms_tui.bootstrap.features import wire
from wms_tui.bootstrap.guard import retried
from wms_tui.bootstrap.inspection import parcel_labeller
from wms_tui.bootstrap.picking import render_pick_list_pdf
from wms_tui.bootstrap.receiving import sku_labeller
from wms_tui.config import Settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.inspection.records import Scale
from wms_tui.core.inspection.state import StationRules, WeightRule
from wms_tui.core.model import Operator
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import SoundClass
from wms_tui.core.reports.shops import Rules
from wms_tui.core.scans import ResolverConfig
from wms_tui.core.station import StationContext
from wms_tui.i18n import _
from wms_tui.ui import app as ui_app

log = logging.getLogger("wms_tui")


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
        reads=uow_factory.for_reading(),
        clock=clock,
        pin_hasher=Argon2PinHasher(),
        feedback=make_feedback(settings),
        # Refused scans are rolled back whole: no savepoint per stock move (SqlLedger).
        pipeline=ScanPipeline(uow_factory.for_scans(), clock, settings.station_id),
        resolver_config=ResolverConfig(
            gs_standin=settings.gs_standin,
            command_prefix=settings.command_prefix,
            max_length=settings.scan_max_length,
        ),
        wedge_factory=make_wedge_factory(settings),
        printer=make_printer(settings),
        kiosk=settings.kiosk,
        idle_logout_min=settings.idle_logout_min,
        scanner_names=[s.name for s in settings.scanners],
        scanner_states=wedge_states(settings),
        muted=settings.feedback.mute,
        inspection_rules=inspection_rules(settings),
        report_rules=Rules(settings.reports.cutoff, settings.reports.working_days),
        returns_location=settings.returns.location,
        receiving_location=settings.receiving.location,
        over_receipt_percent=settings.receiving.over_receipt_percent,
        min_shelf_days=settings.receiving.min_shelf_days,
        render_pick_list=render_pick_list_pdf,
        parcel_label=parcel_labeller(settings, settings.station_id, clock),
        sku_labels=sku_labeller(settings, settings.station_id, clock),
        scale=scale,
    )


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
        gift_skus=frozenset(ins.gift_skus),
        gift_location=ins.gift_location,
        waybill_patterns=ins.waybill_patterns,
        bind_first=ins.bind_waybill == "at_open",
        weight=(
            WeightRule(ins.packaging_g, ins.tolerance_g, ins.tolerance_pct)
            if ins.packaging_g
            else None
        ),
    )


class StationApp(ui_app.StationApp):
    """The UI's app, with log-in (a write outside the scan pipeline: the audit line, the
    wrong-PIN count) retried on a serialization failure, a deadlock or a locked file.
    Same name as its base, so nothing the user sees changes."""

    def authenticate(self, badge: str, pin: str | None) -> Operator:
        check = super().authenticate
        return retried(lambda: check(badge, pin))

    def on_ready(self) -> None:
        # Everything built so far (Textual, SQLAlchemy, the first screen) lives as long as
        # the station does. Left to the collector, each full collection walks all of it, a
        # 5–10 ms pause that lands in the middle of a scan; frozen, it walks only what
        # came after.
        gc.collect()
        gc.freeze()


@dataclass
class Station:
    app: StationApp
    context: StationContext
    uow_factory: SqlUnitOfWorkFactory
    scale: SerialScale | None

    def close(self) -> None:
        """After the pipeline has stopped: the scale and the database connections."""
        if self.scale is not None:
            self.scale.stop()
        self.uow_factory.dispose()


def build_station(settings: Settings, start: str = "login") -> Station:
    uow_factory = open_database(settings)
    record_station(uow_factory, settings)
    watch_identity(uow_factory, settings)
    scale = make_scale(settings.scale)
    context = build_context(settings, uow_factory, scale)
    menu = wire(context)
    return Station(StationApp(context, menu=menu, start=start), context, uow_factory, scale)


def start_pipeline(app: StationApp, context: StationContext) -> None:
    """Scans journaled before a crash are applied before anything new, in their order, in
    the name of who scanned them (every workflow's handlers are registered by then); the
    app shows what they came to once its first screen is up. A scan for a context nothing
    handles (a workflow this station does not run) waits, and the app says so."""
    recovered = context.pipeline.recover()
    if recovered:
        log.info("applied %d scans journaled before the last stop", len(recovered))
    waiting: dict[str, int] = {}  # by screen: a screen's contexts say it once
    for name, count in context.pipeline.waiting().items():
        title = app.menu.title_of(name)
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
    setup_logging(settings)
    station = build_station(settings, start)
    app, context = station.app, station.context
    start_pipeline(app, context)
    # One hop: a reader thread hands its scans straight to the pipeline, which knows who
    # is logged in; the UI hears of them only as outcomes.
    readers = start_scanners(settings, context.pipeline.submit, app.scanner_state)
    backups = BackupSchedule(settings)  # [backup] every_hours: on its own thread
    backups.start()
    try:
        app.run()
    finally:
        backups.stop()
        readers.stop()
        context.pipeline.drain(5.0)
        context.pipeline.stop()
        station.close()
    return app.return_code or 0  # 1 when the terminal went away under it

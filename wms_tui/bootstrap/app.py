"""The station app from its real wiring: the database, the context, the app itself.

`run_station` runs what `build_station` returns; a test drives the same object with
`App.run_test`, so the wiring a user gets is the wiring that is tested.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from db.stations import touch_station
from db.uow import SqlUnitOfWorkFactory
from devices.scale import SerialScale
from wms_tui.bootstrap.guard import retried
from wms_tui.config import Settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Operator
from wms_tui.core.station import StationContext
from wms_tui.ui import app as ui_app


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


def record_station(uow_factory: SqlUnitOfWorkFactory, settings: Settings) -> None:
    """The stations table says which stations exist and when each was last started."""

    def touch() -> None:
        with uow_factory() as uow:
            touch_station(
                uow.session, settings.station_id, settings.station_name, SystemClock().now()
            )
            uow.commit()

    retried(touch)


def build_station(settings: Settings, start: str = "login") -> Station:
    from wms_tui.bootstrap.scale import make_scale
    from wms_tui.bootstrap.station import build_context, open_database

    uow_factory = open_database(settings)
    record_station(uow_factory, settings)
    scale = make_scale(settings.scale)
    context = build_context(settings, uow_factory, scale)
    return Station(StationApp(context, start=start), context, uow_factory, scale)

"""Settings and the database, for the station and every command: nothing here loads the UI."""

from __future__ import annotations

import logging
from pathlib import Path

from db import migrate
from db.stations import touch_station
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.guard import file_errors, retried
from wms_tui.config import Settings, load_settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import StorageError
from wms_tui.i18n import _, set_language


# --- set-up --------------------------------------------------------------------------
def load(config: Path) -> Settings:
    settings = load_settings(config)
    set_language(settings.language)
    return settings


def setup_logging(settings: Settings) -> None:
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


def record_station(uow_factory: SqlUnitOfWorkFactory, settings: Settings) -> None:
    """The stations table says which stations exist and when each was last started."""

    def touch() -> None:
        with uow_factory() as uow:
            touch_station(
                uow.session, settings.station_id, settings.station_name, SystemClock().now()
            )
            uow.commit()

    retried(touch)

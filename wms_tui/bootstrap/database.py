"""Settings and the database, for the station and every command: nothing here loads the UI."""

from __future__ import annotations

import logging
from pathlib import Path

from db import migrate
from db.backup import private_file
from db.engine import storage_errors
from db.identity import (
    DATABASE_ID,
    ORIGIN,
    FileIdentity,
    demo_made,
    holds_work,
    read_info,
    set_info,
    watch_database_id,
    watch_file,
)
from db.stations import touch_station
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.guard import file_errors, retried
from wms_tui.config import Settings, load_settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import DatabaseMissing, DemoRefused, StorageError
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


def sqlite_file(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def _no_file(path: Path) -> bool:
    """No database there: no file, or an empty one (a truncated file holds nothing)."""
    return not path.exists() or path.stat().st_size == 0


def open_database(settings: Settings, *, create: str = "") -> SqlUnitOfWorkFactory:
    """The database the config names, which must exist: a lost database is never quietly
    replaced by an empty one. `create` ("init", "demo", "restore") makes it if it is not
    there and records that origin. The embedded SQLite database is migrated on start; a
    shared PostgreSQL one must be upgraded on purpose (`wms db upgrade`), so one station
    cannot surprise the others."""
    url = settings.database_url
    made = False
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if _no_file(path):
            if not create:
                raise DatabaseMissing(where=str(path))
            with file_errors(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                private_file(path)
            made = True
        retried(lambda: migrate.upgrade(url))
    else:
        revision = migrate.current(url)
        if revision is None and not create:
            raise DatabaseMissing(where=settings.database_label)
        if revision is None:
            retried(lambda: migrate.upgrade(url))
            made = True
        elif revision != migrate.head():
            raise StorageError(why=_("boot.schema_outdated"))
    factory = make_uow_factory(url)
    if made:
        with storage_errors(), factory.engine.begin() as connection:
            set_info(connection, ORIGIN, create)
    return factory


def require_database(settings: Settings) -> None:
    url = settings.database_url
    if url.startswith("sqlite"):
        if _no_file(sqlite_file(url)):
            raise DatabaseMissing(where=str(sqlite_file(url)))
    elif migrate.current(url) is None:
        raise DatabaseMissing(where=settings.database_label)


def open_for_demo(settings: Settings) -> SqlUnitOfWorkFactory:
    """The demo's database: a new or empty one, or one the demo made before; never one that
    holds anybody's work."""
    factory = open_database(settings, create="demo")
    with storage_errors(), factory.engine.begin() as connection:
        if holds_work(connection) and not demo_made(connection):
            factory.dispose()
            raise DemoRefused(where=settings.database_label)
        set_info(connection, ORIGIN, "demo")
    return factory


def watch_identity(factory: SqlUnitOfWorkFactory, settings: Settings) -> None:
    """From now on every scan batch first checks that the database is the one opened."""
    url = settings.database_url
    if url.startswith("sqlite"):
        watch_file(factory.engine, FileIdentity.of(sqlite_file(url)))
        return
    with storage_errors(), factory.engine.connect() as connection:
        database_id = read_info(connection).get(DATABASE_ID, "")
    watch_database_id(factory.engine, database_id, settings.database_label)


def record_station(uow_factory: SqlUnitOfWorkFactory, settings: Settings) -> None:
    """The stations table says which stations exist and when each was last started."""

    def touch() -> None:
        with uow_factory() as uow:
            touch_station(
                uow.session, settings.station_id, settings.station_name, SystemClock().now()
            )
            uow.commit()

    retried(touch)

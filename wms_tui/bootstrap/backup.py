"""`wms backup`, `wms restore` and the station's scheduled backups.

A backup is taken online (stations keep scanning, see db/backup.py), checked on the copy
(integrity and the stock ledger, as `wms check` does), kept under `[backup] directory`,
readable by its owner only, and the oldest beyond `[backup] keep` are removed. A station
with `[backup] every_hours` set takes one at its first start of the day and every so many
hours after, on its own thread, so nothing it does waits on a backup.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from db import backup as db_backup
from db import chain as db_chain
from db import migrate
from db.engine import make_engine, storage_errors
from db.identity import ORIGIN, holds_work, set_info
from wms_tui.bootstrap.database import open_database, sqlite_file
from wms_tui.bootstrap.guard import file_errors, retried
from wms_tui.config import Settings
from wms_tui.core.errors import BackupProblem, RestoreRefused, WmsError
from wms_tui.i18n import _

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupDone:
    path: Path
    seconds: float
    size: int
    check: db_backup.BackupCheck
    removed: tuple[Path, ...]


def _is_sqlite(settings: Settings) -> bool:
    return settings.database_url.startswith("sqlite")


def take_backup(settings: Settings, to: Path | None = None) -> BackupDone:
    """One checked backup of the configured database; a copy that fails its check is kept
    under its own name beside the good ones (`.bad`) and reported, never counted as one."""
    directory = to or settings.backup.directory
    with file_errors(directory):
        directory.mkdir(parents=True, exist_ok=True)
    open_database(settings).dispose()  # it must exist, and be at the current schema
    started = time.monotonic()
    seal(settings)  # the copy carries the seal of everything committed so far
    name = db_backup.backup_name(settings.station_id, datetime.now(), not _is_sqlite(settings))
    target = directory / name
    # Written and checked under a temporary name: only a checked copy is ever called a
    # backup, and nothing half-written is left behind when anything fails.
    partial = target.with_name(target.name + ".partial")
    try:
        with storage_errors(), file_errors(target):
            if _is_sqlite(settings):
                db_backup.backup_sqlite(sqlite_file(settings.database_url), partial)
                check = db_backup.check_sqlite(partial)
            else:
                db_backup.backup_postgresql(settings.database_url, partial)
                check = db_backup.check_postgresql(partial, settings.database_url)
            if check.problems:
                partial.replace(target.with_name(target.name + db_backup.BAD))
            else:
                db_backup.finish(partial, target)
    except db_backup.BackupFailed as exc:
        raise BackupProblem(why=str(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)
    removed = tuple(db_backup.prune(directory, settings.station_id, settings.backup.keep))
    if check.problems:
        raise BackupProblem(why="; ".join(check.problems[:5]))
    return BackupDone(target, time.monotonic() - started, target.stat().st_size, check, removed)


def restore(settings: Settings, backup: Path) -> db_backup.Holdings:
    """Into the configured database, which must not exist yet or hold nothing."""
    with file_errors(backup):
        if not backup.is_file():
            raise FileNotFoundError(2, "No such file", str(backup))
    try:
        if _is_sqlite(settings):
            _restore_sqlite(settings, backup)
        else:
            _restore_postgresql(settings, backup)
            # A dump from before the last migrations: brought up to now here, where the
            # restore is done on purpose (SQLite is migrated by open_database below).
            retried(lambda: migrate.upgrade(settings.database_url))
    except db_backup.BackupFailed as exc:
        raise BackupProblem(why=str(exc)) from exc
    factory = open_database(settings)  # brings an older backup to the current schema
    try:
        with storage_errors(), factory.engine.begin() as connection:
            set_info(connection, ORIGIN, "restore")
            return db_backup.holdings_of(connection)
    finally:
        factory.dispose()


def _restore_sqlite(settings: Settings, backup: Path) -> None:
    database = sqlite_file(settings.database_url)
    if database.exists() and database.stat().st_size > 0:
        _refuse_unless_empty(settings)
        # Empty of work but made: start from nothing, so the backup's schema is the one kept.
        for extra in ("", "-wal", "-shm"):
            Path(f"{database}{extra}").unlink(missing_ok=True)
    with file_errors(database):
        db_backup.restore_sqlite(backup, database)


def _restore_postgresql(settings: Settings, backup: Path) -> None:
    engine = make_engine(settings.database_url)
    try:
        with storage_errors(), engine.connect() as connection:
            from sqlalchemy import inspect

            if inspect(connection).get_table_names():
                raise RestoreRefused(where=settings.database_label)
    finally:
        engine.dispose()
    db_backup.restore_postgresql(backup, settings.database_url)


def _refuse_unless_empty(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        with storage_errors(), engine.connect() as connection:
            if holds_work(connection):
                raise RestoreRefused(where=settings.database_label)
    finally:
        engine.dispose()


def describe(holdings: db_backup.Holdings) -> str:
    return _(
        "boot.backup.holds",
        orders=holdings.orders,
        moves=holdings.moves,
        scans=holdings.scans,
        last=holdings.last_scan or "-",
    )


def chain_key(settings: Settings) -> bytes:
    """The seal's key, from `[security] chain_key_file` (b"": an unkeyed chain)."""
    with file_errors(settings.security.chain_key_file or settings.path):
        return settings.security.chain_key()


def seal(settings: Settings) -> int:
    """Seals the ledger and audit rows committed since the last seal (db/chain.py)."""
    engine = make_engine(settings.database_url)
    try:
        return db_chain.seal(engine, chain_key(settings))
    except db_chain.SealRefused:
        # The stations' own role (`wms db grant`): the owner's check or backup seals.
        log.info("this database role cannot seal; the owner's wms check or backup does")
        return 0
    finally:
        engine.dispose()


def archive_due_orders(settings: Settings, days: int) -> int:
    """Archives what was done with `days` ago, in one unit of work; how many."""
    from db.uow import make_uow_factory
    from wms_tui.core.clock import SystemClock
    from wms_tui.core.orders.archive import archive_due

    factory = make_uow_factory(settings.database_url)
    try:
        with factory() as uow:
            done = archive_due(uow, SystemClock(), days=days, station_id=settings.station_id)
            uow.commit()
    finally:
        factory.dispose()
    if done.archived:
        log.info("archived %d orders done with %d days ago", len(done.archived), days)
    return len(done.archived)


class BackupSchedule:
    """The station's upkeep, on its own thread: the ledger's seal every minute, and its own
    backups at its first start of the day, then every N hours."""

    CHECK_S = 60.0

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backups", daemon=True)
        self._archived_on: date | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def due(self, now: datetime) -> bool:
        last = db_backup.newest(
            self._settings.backup.directory, self._settings.station_id, tried=True
        )
        if last is None:
            return True
        taken = datetime.fromtimestamp(last.stat().st_mtime)
        every = self._settings.backup.every_hours * 3600
        return taken.date() != now.date() or (now - taken).total_seconds() >= every

    def _archive(self) -> None:
        """Once a day (and at start): `[backup] archive_after_days`."""
        today = datetime.now().date()
        days = self._settings.orders.archive_after_days
        if days <= 0 or self._archived_on == today:
            return
        archive_due_orders(self._settings, days)
        self._archived_on = today

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._archive()
                seal(self._settings)
                if self._settings.backup.every_hours > 0 and self.due(datetime.now()):
                    done = take_backup(self._settings)
                    log.info("backup %s in %.1f s", done.path, done.seconds)
            except (WmsError, OSError) as error:
                log.warning("seal or scheduled backup failed: %s", error)
            self._stop.wait(self.CHECK_S)

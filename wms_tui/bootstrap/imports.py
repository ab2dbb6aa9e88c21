"""Importing shop exports from files: read a CSV/XLSX, then check and apply it in the core."""

from __future__ import annotations

from pathlib import Path

from db.uow import SqlUnitOfWorkFactory
from wms_tui.bootstrap.readers import read_table
from wms_tui.core.imports import ImportKind
from wms_tui.core.imports.service import ImportReport, check_table, import_table
from wms_tui.core.ports import Clock, UnitOfWorkFactory


def _reading(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """Read-only units of work where the database has them: checking a file then takes
    no write lock, and stations go on scanning while it is checked."""
    return (
        uow_factory.for_reading() if isinstance(uow_factory, SqlUnitOfWorkFactory) else uow_factory
    )


def import_file(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    kind: ImportKind,
    path: Path,
    *,
    operator: str,
    station_id: str,
    encoding: str | None = None,
    sheet: str | None = None,
    ignore: frozenset[str] = frozenset(),
) -> ImportReport:
    """Raises ImportRejected (every problem listed) before anything is written."""
    table = read_table(path, encoding=encoding, sheet=sheet)
    return import_table(
        uow_factory,
        clock,
        kind,
        table,
        operator,
        station_id,
        ignore=ignore,
        read=_reading(uow_factory),
    )


def check_file(
    uow_factory: UnitOfWorkFactory,
    kind: ImportKind,
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    ignore: frozenset[str] = frozenset(),
) -> int:
    """A dry run: the same checks as an import; returns how many records it would apply."""
    table = read_table(path, encoding=encoding, sheet=sheet)
    return check_table(_reading(uow_factory), kind, table, ignore)


__all__ = ["ImportKind", "ImportReport", "check_file", "import_file", "read_table"]

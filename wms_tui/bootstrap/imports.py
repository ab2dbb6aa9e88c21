"""Importing shop exports from files: read a CSV/XLSX, then check and apply it in the core."""

from __future__ import annotations

from pathlib import Path

from wms_tui.bootstrap.readers import read_table
from wms_tui.core.imports import ImportKind
from wms_tui.core.imports.service import ImportReport, check_table, import_table
from wms_tui.core.ports import Clock, UnitOfWorkFactory


def import_file(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    kind: ImportKind,
    path: Path,
    *,
    operator: str,
    station_id: str,
) -> ImportReport:
    """Raises ImportRejected (every problem listed) before anything is written."""
    return import_table(uow_factory, clock, kind, read_table(path), operator, station_id)


def check_file(uow_factory: UnitOfWorkFactory, kind: ImportKind, path: Path) -> int:
    """A dry run: the same checks as an import; returns how many records it would apply."""
    return check_table(uow_factory, kind, read_table(path))


__all__ = ["ImportKind", "ImportReport", "check_file", "import_file", "read_table"]

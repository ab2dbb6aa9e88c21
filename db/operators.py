"""Operators, with the wrong-PIN counter kept by the database itself.

Two stations (or two threads) checking wrong PINs at once must both be counted: the count
goes up in one guarded UPDATE, never read in Python and written back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, false, select, update

from db.converters import operator_from_row
from db.models import DatabaseInfoRow, OperatorRow
from db.repositories import SqlOperatorRepository
from wms_tui.core.model import Operator

LOCKOUT_KEY = "pin_attempts"
DEFAULT_LOCKOUT = 5


class SqlOperators(SqlOperatorRepository):
    @staticmethod
    def _usable(badge: str) -> ColumnElement[bool]:
        return and_(
            OperatorRow.badge == badge,
            OperatorRow.active.is_(True),
            OperatorRow.locked.is_(False),
        )

    def record_wrong_pin(
        self, badge: str, max_attempts: int, *, lock: bool = True, at: datetime | None = None
    ) -> Operator | None:
        # SET reads the row as it was before this UPDATE, on both engines.
        locked = OperatorRow.failed_pins + 1 >= max_attempts if lock else false()
        result = self._session.execute(
            update(OperatorRow)
            .where(self._usable(badge))
            .values(failed_pins=OperatorRow.failed_pins + 1, locked=locked, last_wrong_pin_at=at)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            return None
        return self.get(badge)

    def clear_wrong_pins(self, badge: str) -> bool:
        result = self._session.execute(
            update(OperatorRow)
            .where(self._usable(badge))
            .values(failed_pins=0, last_wrong_pin_at=None)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def lock(self, badge: str) -> Operator | None:
        # FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the whole file.
        row = self._session.execute(
            select(OperatorRow)
            .where(OperatorRow.badge == badge)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()
        return None if row is None else operator_from_row(row)

    def lockout_attempts(self) -> int:
        value = self._session.scalar(
            select(DatabaseInfoRow.value).where(DatabaseInfoRow.key == LOCKOUT_KEY)
        )
        return int(value) if value and value.isdigit() else DEFAULT_LOCKOUT

    def set_lockout_attempts(self, attempts: int) -> None:
        self._session.execute(delete(DatabaseInfoRow).where(DatabaseInfoRow.key == LOCKOUT_KEY))
        self._session.add(DatabaseInfoRow(key=LOCKOUT_KEY, value=str(attempts)))

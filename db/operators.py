"""Operators, with the wrong-PIN counter kept by the database itself.

Two stations (or two threads) checking wrong PINs at once must both be counted: the count
goes up in one guarded UPDATE, never read in Python and written back.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, update

from db.models import OperatorRow
from db.repositories import SqlOperatorRepository
from wms_tui.core.model import Operator


class SqlOperators(SqlOperatorRepository):
    @staticmethod
    def _usable(badge: str) -> ColumnElement[bool]:
        return and_(
            OperatorRow.badge == badge,
            OperatorRow.active.is_(True),
            OperatorRow.locked.is_(False),
        )

    def record_wrong_pin(self, badge: str, max_attempts: int) -> Operator | None:
        # SET reads the row as it was before this UPDATE, on both engines.
        result = self._session.execute(
            update(OperatorRow)
            .where(self._usable(badge))
            .values(
                failed_pins=OperatorRow.failed_pins + 1,
                locked=OperatorRow.failed_pins + 1 >= max_attempts,
            )
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            return None
        return self.get(badge)

    def clear_wrong_pins(self, badge: str) -> bool:
        result = self._session.execute(
            update(OperatorRow).where(self._usable(badge)).values(failed_pins=0)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

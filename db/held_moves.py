"""What the ledger does at a location frozen for a cycle count.

Stock may not leave it (the count compares against the freeze), and the refusal names the
count and its stocktaker so the picker knows whom to ask. Stock arriving is not refused: a
receipt or a put-away cannot be undone at the dock, so the move is kept in
`held_stock_move` and posted through the ledger, under its own move_id, when the count is
decided. Nothing touches stock_move or stock_level while it waits, so the ledger still sums
to zero per SKU and the cache still equals the ledger.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.converters import move_values
from db.counting.models import CountPlanRow, CountTaskRow, HeldStockMoveRow
from db.models import OperatorRow, StockMoveRow
from db.statements import table
from wms_tui.core.counting.records import TaskStatus
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import StockMove

HELD = table(HeldStockMoveRow)
_UNDECIDED = (TaskStatus.OPEN.value, TaskStatus.COUNTING.value, TaskStatus.COUNTED.value)


def hold(session: Session, dialect_insert: Any, move: StockMove) -> bool:
    """Keeps the move for later; False when this move id was held or posted before."""
    if session.get(StockMoveRow, move.move_id) is not None:
        return False
    values = move_values(move)
    statement = (
        dialect_insert(HELD)
        .values(**values, held_at=values["at"] or datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=["move_id"])
        .returning(HELD.c.seq)
    )
    return session.execute(statement).first() is not None


def frozen_error(session: Session, location: str) -> LocationFrozen:
    """Names the count that froze the location; a bare LocationFrozen if none did."""
    task = table(CountTaskRow)
    row = session.execute(
        select(CountPlanRow.name, CountTaskRow.counter, OperatorRow.name.label("who"))
        .join(CountPlanRow, CountPlanRow.plan_id == CountTaskRow.plan_id)
        .outerjoin(OperatorRow, OperatorRow.badge == CountTaskRow.counter)
        .where(CountTaskRow.location == location, task.c.status.in_(_UNDECIDED))
        .order_by(CountTaskRow.round.desc())
        .limit(1)
    ).first()
    if row is None:
        return LocationFrozen(location=location)
    return LocationFrozen(location=location, plan=row.name, operator=row.who or row.counter or "-")

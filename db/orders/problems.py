"""Problem goods read from the ledger: the levels at quarantine locations, and the moves
that brought each there, with the inspector's reason where an inspection sent them (its
audit line, found by the order it names: that column is indexed, the inspection events'
move ids are not)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import statements as sql
from db.models import AuditRow
from db.statements import run, table
from wms_tui.core.model import LocationKind
from wms_tui.core.orders.problems import Arrival, ProblemLot

AUDIT = table(AuditRow)
LEVELS, LOCATIONS, MOVES = sql.LEVELS, sql.LOCATIONS, sql.MOVES
ARRIVALS_SHOWN = 5

_LOTS = (
    select(LEVELS.c.sku_code, LEVELS.c.location, LEVELS.c.qty)
    .join(LOCATIONS, LOCATIONS.c.code == LEVELS.c.location)
    .where(LOCATIONS.c.kind == LocationKind.QUARANTINE.value, LEVELS.c.qty > 0)
    .order_by(LEVELS.c.location, LEVELS.c.sku_code)
)


def problem_lots(session: Session) -> list[ProblemLot]:
    lots = []
    for lot in run(session, _LOTS):
        arrivals = (
            select(MOVES)
            .where(MOVES.c.to_location == lot.location, MOVES.c.sku_code == lot.sku_code)
            .order_by(MOVES.c.at.desc())
            .limit(ARRIVALS_SHOWN)
        )
        found = tuple(
            Arrival(
                m.at,
                m.qty,
                m.operator,
                m.station_id,
                m.reference,
                _why(session, m.reference, m.sku_code),
            )
            for m in run(session, arrivals)
        )
        lots.append(ProblemLot(lot.sku_code, "", lot.location, int(lot.qty), found))
    return lots


def _why(session: Session, reference: str, sku_code: str) -> str:
    """The inspector's reason for a unit sent from order line `reference` (ORDER/LINE)."""
    order_no, slash, _line = reference.partition("/")
    if not slash:
        return ""
    said = select(AUDIT.c.detail).where(
        AUDIT.c.subject == order_no, AUDIT.c.action == "inspection_problem"
    )
    for (detail,) in run(session, said):
        parts = str(detail).split(" ")
        if len(parts) == 3 and parts[1] == reference and parts[2] == sku_code:
            return parts[0]
    return ""

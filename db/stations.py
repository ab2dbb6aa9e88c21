"""The stations table: which stations exist and when each was last started or checked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db.ledger import dialect_insert
from db.models import StationRow


def touch_station(session: Session, station_id: str, name: str, at: datetime) -> None:
    insert = dialect_insert(session)
    statement = insert(StationRow).values(station_id=station_id, name=name, last_seen=at)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["station_id"], set_={"name": name, "last_seen": at}
        )
    )

"""The station's picking session row: saved after every step, guarded by its version."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.picking.models import PickSessionRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.picking.records import PickSession


class SqlPickSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, station_id: str) -> PickSession | None:
        row = self._session.get(PickSessionRow, station_id, populate_existing=True)
        if row is None:
            return None
        return PickSession(
            station_id=row.station_id,
            operator=row.operator,
            wave_no=row.wave_no,
            at_location=row.at_location,
            in_hand=row.in_hand,
            pending_qty=row.pending_qty,
            awaiting_short_qty=row.awaiting_short_qty,
            version=row.version,
            in_hand_sku=row.in_hand_sku,
        )

    def save(self, session: PickSession) -> None:
        values = {
            "operator": session.operator,
            "wave_no": session.wave_no,
            "at_location": session.at_location,
            "in_hand": session.in_hand,
            "in_hand_sku": session.in_hand_sku if session.in_hand else "",
            "pending_qty": session.pending_qty,
            "awaiting_short_qty": session.awaiting_short_qty,
            "version": session.version + 1,
        }
        if session.version == 0:
            try:
                with self._session.begin_nested():
                    self._session.execute(
                        insert(PickSessionRow).values(station_id=session.station_id, **values)
                    )
            except IntegrityError as exc:
                raise ConcurrentChange(subject=session.station_id) from exc
            return
        result = self._session.execute(
            update(PickSessionRow)
            .where(
                PickSessionRow.station_id == session.station_id,
                PickSessionRow.version == session.version,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=session.station_id)

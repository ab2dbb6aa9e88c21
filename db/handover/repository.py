"""Manifests and parcels (core/handover/records.py's HandoverRepository) on SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.handover.models import ManifestRow, ParcelRow
from db.models import OrderRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.handover.records import DockParcel, Manifest, ManifestStatus, Parcel
from wms_tui.core.model import OrderStatus

# Passed inspection and not yet gone: what stands at the dock.
_AT_DOCK = (OrderStatus.VERIFIED.value, OrderStatus.ON_HOLD.value, OrderStatus.CANCELLED.value)


def _manifest(row: ManifestRow) -> Manifest:
    return Manifest(
        manifest_id=row.manifest_id,
        courier=row.courier,
        dock=row.dock,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        status=ManifestStatus(row.status),
        selected_at=row.selected_at,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
        collected_by=row.collected_by,
        parcels=row.parcels,
        version=row.version,
    )


def _parcel(row: ParcelRow) -> Parcel:
    return Parcel(
        manifest_id=row.manifest_id,
        order_no=row.order_no,
        waybill=row.waybill,
        scanned_by=row.scanned_by,
        station_id=row.station_id,
        scanned_at=row.scanned_at,
        seq=row.seq,
        removed=row.removed,
        removed_reason=row.removed_reason,
        removed_by=row.removed_by,
        removed_at=row.removed_at,
    )


# What a dock parcel shows of its order, first in every read of DockParcels.
_ORDER_COLUMNS = (
    OrderRow.order_no,
    OrderRow.platform_order_no,
    OrderRow.shop,
    OrderRow.courier,
    OrderRow.waybill,
    OrderRow.status,
)


def _dock_parcel(row: Any, manifest_id: str, handed_over_at: datetime | None = None) -> DockParcel:
    return DockParcel(
        order_no=row[0],
        platform_order_no=row[1] or "",
        shop=row[2] or "",
        courier=row[3] or "",
        waybill=row[4] or "",
        status=OrderStatus(row[5]),
        handed_over_at=handed_over_at,
        manifest_id=manifest_id or "",
    )


class SqlHandoverRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, manifest_id: str) -> Manifest | None:
        row = self._session.get(ManifestRow, manifest_id)
        return None if row is None else _manifest(row)

    def open_at_dock(self, dock: str) -> list[Manifest]:
        rows = self._session.scalars(
            select(ManifestRow)
            .where(ManifestRow.dock == dock, ManifestRow.status == ManifestStatus.OPEN.value)
            .order_by(ManifestRow.selected_at.desc(), ManifestRow.opened_at.desc())
        )
        return [_manifest(row) for row in rows]

    def add(self, manifest: Manifest) -> None:
        row = ManifestRow(
            manifest_id=manifest.manifest_id,
            courier=manifest.courier,
            dock=manifest.dock,
            status=manifest.status.value,
            opened_by=manifest.opened_by,
            opened_at=manifest.opened_at,
            selected_at=manifest.selected_at,
            closed_by="",
            collected_by="",
            parcels=0,
            version=1,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError as exc:
            raise ConcurrentChange(subject=manifest.courier) from exc

    def count_with_prefix(self, prefix: str) -> int:
        found = self._session.scalar(
            select(func.count())
            .select_from(ManifestRow)
            .where(ManifestRow.manifest_id.startswith(prefix, autoescape=True))
        )
        return int(found or 0)

    def select(self, manifest_id: str, at: datetime) -> None:
        self._session.execute(
            update(ManifestRow).where(ManifestRow.manifest_id == manifest_id).values(selected_at=at)
        )

    def close(self, manifest: Manifest) -> None:
        done = self._session.execute(
            update(ManifestRow)
            .where(
                ManifestRow.manifest_id == manifest.manifest_id,
                ManifestRow.version == manifest.version,
                ManifestRow.status == ManifestStatus.OPEN.value,
            )
            .values(
                status=ManifestStatus.CLOSED.value,
                closed_by=manifest.closed_by,
                closed_at=manifest.closed_at,
                collected_by=manifest.collected_by,
                parcels=manifest.parcels,
                version=manifest.version + 1,
            )
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=manifest.manifest_id)

    def parcels(self, manifest_id: str) -> list[Parcel]:
        rows = self._session.scalars(
            select(ParcelRow).where(ParcelRow.manifest_id == manifest_id).order_by(ParcelRow.seq)
        )
        return [_parcel(row) for row in rows]

    def recent(self, manifest_id: str, limit: int) -> list[Parcel]:
        rows = self._session.scalars(
            select(ParcelRow)
            .where(ParcelRow.manifest_id == manifest_id, ParcelRow.removed.is_(False))
            .order_by(ParcelRow.seq.desc())
            .limit(limit)
        )
        return [_parcel(row) for row in rows]

    def live_count(self, manifest_id: str) -> int:
        found = self._session.scalar(
            select(func.count())
            .select_from(ParcelRow)
            .where(ParcelRow.manifest_id == manifest_id, ParcelRow.removed.is_(False))
        )
        return int(found or 0)

    def next_seq(self, manifest_id: str) -> int:
        found = self._session.scalar(
            select(func.max(ParcelRow.seq)).where(ParcelRow.manifest_id == manifest_id)
        )
        return int(found or 0) + 1

    def parcel_of(self, order_no: str) -> Parcel | None:
        row = self._session.scalar(
            select(ParcelRow).where(ParcelRow.order_no == order_no, ParcelRow.removed.is_(False))
        )
        return None if row is None else _parcel(row)

    def add_parcel(self, parcel: Parcel) -> None:
        row = ParcelRow(
            manifest_id=parcel.manifest_id,
            seq=parcel.seq,
            order_no=parcel.order_no,
            waybill=parcel.waybill,
            scanned_by=parcel.scanned_by,
            station_id=parcel.station_id,
            scanned_at=parcel.scanned_at,
            removed=False,
            removed_reason="",
            removed_by="",
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError as exc:
            raise ConcurrentChange(subject=parcel.order_no) from exc

    def remove_parcel(
        self, manifest_id: str, order_no: str, reason: str, by: str, at: datetime
    ) -> None:
        done = self._session.execute(
            update(ParcelRow)
            .where(
                ParcelRow.manifest_id == manifest_id,
                ParcelRow.order_no == order_no,
                ParcelRow.removed.is_(False),
            )
            .values(removed=True, removed_reason=reason, removed_by=by, removed_at=at)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=order_no)

    def at_dock(self) -> list[DockParcel]:
        closed = ManifestRow.status == ManifestStatus.CLOSED.value
        live = and_(ParcelRow.order_no == OrderRow.order_no, ParcelRow.removed.is_(False))
        rows = self._session.execute(
            select(*_ORDER_COLUMNS, ParcelRow.manifest_id, closed)
            .outerjoin(ParcelRow, live)
            .outerjoin(ManifestRow, ManifestRow.manifest_id == ParcelRow.manifest_id)
            .where(
                # Verified: at the dock by definition; held or cancelled: only once it passed.
                or_(
                    OrderRow.status == OrderStatus.VERIFIED.value,
                    and_(OrderRow.status.in_(_AT_DOCK), OrderRow.verified_at.is_not(None)),
                )
            )
            .order_by(OrderRow.courier, OrderRow.order_no)
        )
        return [_dock_parcel(row, row[6]) for row in rows if not row[7]]

    def waiting_by_courier(self) -> list[tuple[str, int]]:
        live = and_(ParcelRow.order_no == OrderRow.order_no, ParcelRow.removed.is_(False))
        rows = self._session.execute(
            select(OrderRow.courier, func.count())
            .outerjoin(ParcelRow, live)
            .where(OrderRow.status == OrderStatus.VERIFIED.value, ParcelRow.order_no.is_(None))
            .group_by(OrderRow.courier)
            .order_by(OrderRow.courier)
        )
        return [(courier or "", int(count)) for courier, count in rows]

    def handed_over(self, start: datetime, end: datetime) -> list[DockParcel]:
        rows = self._session.execute(
            select(*_ORDER_COLUMNS, ManifestRow.closed_at, ManifestRow.manifest_id)
            .join(ParcelRow, ParcelRow.order_no == OrderRow.order_no)
            .join(ManifestRow, ManifestRow.manifest_id == ParcelRow.manifest_id)
            .where(
                ParcelRow.removed.is_(False),
                ManifestRow.status == ManifestStatus.CLOSED.value,
                ManifestRow.closed_at >= start,
                ManifestRow.closed_at < end,
            )
            .order_by(ManifestRow.closed_at, OrderRow.order_no)
        )
        return [_dock_parcel(row, row[7], row[6]) for row in rows]

"""Picking rows to the core's records: the converters of db/picking/repository.py."""

from __future__ import annotations

from collections.abc import Sequence

from db.picking.models import PickAllocationRow, PickRecordRow, PickShortRow, PickWaveRow
from wms_tui.core.leases import Lease
from wms_tui.core.picking.records import (
    Allocation,
    PickRecord,
    ShortRecord,
    Wave,
    WaveKind,
    WaveStatus,
)


def wave(
    row: PickWaveRow,
    orders: Sequence[str],
    allocations: Sequence[Allocation],
    lease: Lease | None,
) -> Wave:
    return Wave(
        wave_no=row.wave_no,
        kind=WaveKind(row.kind),
        status=WaveStatus(row.status),
        orders=tuple(orders),
        allocations=tuple(allocations),
        priority=row.priority,
        oldest_paid_at=row.oldest_paid_at,
        group=row.grp,
        created_at=row.created_at,
        created_by=row.created_by,
        lease_station=lease.station_id if lease else "",
        lease_operator=lease.operator if lease else "",
        lease_since=lease.since if lease else None,
        version=row.version,
    )


def allocation(row: PickAllocationRow) -> Allocation:
    return Allocation(
        row.idx,
        row.order_no,
        row.line_no,
        row.sku_code,
        row.location,
        row.walk_order,
        row.qty,
        row.slot,
    )


def pick(row: PickRecordRow) -> PickRecord:
    return PickRecord(
        row.wave_no,
        row.allocation,
        row.qty,
        row.move_id,
        row.operator,
        row.station_id,
        row.scan_id,
        row.at,
    )


def short(row: PickShortRow) -> ShortRecord:
    return ShortRecord(
        row.wave_no,
        row.allocation,
        row.order_no,
        row.sku_code,
        row.location,
        row.qty,
        row.operator,
        row.station_id,
        row.scan_id,
        row.at,
    )

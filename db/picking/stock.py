"""What waves may still take from each bin: on hand minus open waves' unpicked allocations.

The earliest receipt into each bin ranks the oldest stock first. SQLite gets one query per
500 SKUs; PostgreSQL one for all of them, the SKUs as one array parameter (`= ANY`): an IN
list of thousands of parameters costs the driver and the server more to parse than to run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, any_, func, literal, select, union_all
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from db.models import LocationRow, StockLevelRow
from db.picking.models import PickAllocationRow, PickRecordRow, PickShortRow, PickWaveRow
from wms_tui.core.model import LocationKind
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES, BinStock

CHUNK = 500  # SQLite allows 32766 variables, but long IN lists plan badly anyway
_OPEN = tuple(s.value for s in OPEN_WAVE_STATUSES)


def chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _batches(session: Session, values: Iterable[str]) -> Iterable[list[str]]:
    if session.get_bind().dialect.name != "postgresql":
        yield from chunks(values)
        return
    everything = sorted(set(values))
    if everything:
        yield everything


def _among(column: Any, codes: list[str], session: Session) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(codes, postgresql.ARRAY(String())))  # type: ignore[no-any-return]
    return column.in_(codes)  # type: ignore[no-any-return]


def aware(value: object) -> datetime | None:
    """MIN() comes back untyped on SQLite (a string): make it the aware UTC time it is."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _held(session: Session, chunk: list[str]) -> Select[Any]:
    """Per (sku, bin): open waves' allocations not yet picked or shorted."""
    a, w = PickAllocationRow, PickWaveRow
    open_wave = and_(w.wave_no == a.wave_no, w.status.in_(_OPEN))
    done = []
    for r in (PickRecordRow, PickShortRow):
        done.append(
            select(a.sku_code, a.location, (-r.qty).label("q"))
            .select_from(r)
            .join(a, and_(a.wave_no == r.wave_no, a.idx == r.allocation))
            .join(w, open_wave)
            .where(_among(a.sku_code, chunk, session))
        )
    allocated = (
        select(a.sku_code, a.location, a.qty.label("q"))
        .join(w, open_wave)
        .where(_among(a.sku_code, chunk, session))
    )
    rows = union_all(allocated, *done).subquery()
    return select(rows.c.sku_code, rows.c.location, func.sum(rows.c.q).label("held")).group_by(
        rows.c.sku_code, rows.c.location
    )


def bin_stock(session: Session, sku_codes: Collection[str]) -> list[BinStock]:
    found: list[BinStock] = []
    sl, loc = StockLevelRow, LocationRow
    for chunk in _batches(session, sku_codes):
        held = _held(session, chunk).subquery()
        available = sl.qty - func.coalesce(held.c.held, literal(0))
        rows = session.execute(
            select(sl.sku_code, sl.location, loc.walk_order, available, sl.since)
            .join(loc, loc.code == sl.location)
            .outerjoin(held, and_(held.c.sku_code == sl.sku_code,
                                  held.c.location == sl.location))
            .where(
                _among(sl.sku_code, chunk, session),
                loc.kind == LocationKind.BIN.value,
                loc.frozen.is_(False),
                available > 0,
            )
        ).all()  # fmt: skip
        for sku, location, walk, qty, since in rows:
            found.append(BinStock(sku, location, walk, int(qty), since))
    return found

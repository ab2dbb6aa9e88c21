"""The order desk's reads: one query per kind of key, each on its own index, merged.

A box that takes any key could be one query with an OR of every column, which no index
serves: every search would read the whole table (a million orders). Instead each kind of
key is its own query on its own index (the number, the waybill, the platform's number,
the buyer, an order line's SKU), with the filters, newest paid first, at most one page
past the offset each; the pages are merged here and cut to the page asked for.

A buyer is matched whole or by its beginning. `LIKE 'x%'` is served by an index only on
PostgreSQL, with the pattern operator class (migration 0021); SQLite's LIKE ignores
case and so skips a binary index, where its GLOB keeps case and uses it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, or_, select
from sqlalchemy.orm import Session

from db import statements as sql
from db.handover.models import ManifestRow, ParcelRow
from db.inspection.models import InspectionSessionRow
from db.models import AuditRow
from db.orders.problems import problem_lots
from db.picking.models import PickWaveOrderRow, PickWaveRow
from db.returns.models import ReturnRow, ReturnUnitRow
from db.statements import run, table
from wms_tui.core.model import OrderStatus
from wms_tui.core.orders.desk import MatchedBy, OrderHit, OrderQuery, TimelineEntry
from wms_tui.core.orders.problems import ProblemLot

ORDERS, LINES, MOVES = sql.ORDERS, sql.ORDER_LINES, sql.MOVES
AUDIT = table(AuditRow)
SESSIONS = table(InspectionSessionRow)
WAVE_ORDERS, WAVES = table(PickWaveOrderRow), table(PickWaveRow)
PARCELS, MANIFESTS = table(ParcelRow), table(ManifestRow)

_HEAD = (
    ORDERS.c.order_no,
    ORDERS.c.platform,
    ORDERS.c.platform_order_no,
    ORDERS.c.shop,
    ORDERS.c.buyer,
    ORDERS.c.courier,
    ORDERS.c.waybill,
    ORDERS.c.status,
    ORDERS.c.paid_at,
    ORDERS.c.hold_reason,
)
_NEWEST = (ORDERS.c.paid_at.desc().nulls_last(), ORDERS.c.order_no.desc())
# Characters GLOB reads as patterns: each escaped as a one-character class.
_GLOB = str.maketrans({"*": "[*]", "?": "[?]", "[": "[[]"})


def _starts_with(session: Session, column: Any, prefix: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        # Told how rare a match is: with a date range as well, SQLite guessed otherwise and
        # walked the week's orders testing each one's buyer (2 ms in 100,000 orders).
        glob = column.op("GLOB")(prefix.translate(_GLOB) + "*")
        return func.likelihood(glob, literal_column("0.001"))
    return column.startswith(prefix, autoescape=True)  # type: ignore[no-any-return]


class SqlOrderDesk:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, query: OrderQuery) -> list[OrderHit]:
        text = query.text
        keys: list[tuple[MatchedBy, Select[Any]]] = [
            (MatchedBy.ORDER_NO, select(*_HEAD).where(ORDERS.c.order_no == text)),
            (MatchedBy.WAYBILL, select(*_HEAD).where(ORDERS.c.waybill == text)),
            (
                MatchedBy.PLATFORM_ORDER_NO,
                select(*_HEAD).where(ORDERS.c.platform_order_no == text),
            ),
            (
                MatchedBy.BUYER,
                select(*_HEAD).where(_starts_with(self._session, ORDERS.c.buyer, text)),
            ),
            (
                MatchedBy.RECEIVER,
                select(*_HEAD).where(_starts_with(self._session, ORDERS.c.receiver, text)),
            ),
            (
                MatchedBy.SKU,
                # From the SKU's lines to their orders: a SKU has hundreds of lines where a
                # week has tens of thousands of orders, whichever index the dates offer.
                select(*_HEAD)
                .select_from(LINES.join(ORDERS, ORDERS.c.order_no == LINES.c.order_no))
                .where(LINES.c.sku_code == text)
                .distinct(),
            ),
        ]
        if len(text) == 4 and text.isascii() and text.isdigit():
            keys.append((MatchedBy.PHONE, select(*_HEAD).where(ORDERS.c.phone_tail == text)))
        found: dict[str, OrderHit] = {}
        for matched, statement in keys:
            # A SKU's orders are few; a week's are tens of thousands: its dates are kept off
            # the dates' index, or PostgreSQL reads the week and joins it to the lines.
            filters = self._filters(query, by_index=matched is not MatchedBy.SKU)
            page = statement.where(*filters).order_by(*_NEWEST)
            for row in run(self._session, page.limit(query.offset + query.limit)):
                found.setdefault(row.order_no, _hit(row, matched))
        merged = _newest_first(list(found.values()))
        return merged[query.offset : query.offset + query.limit]

    @staticmethod
    def _filters(query: OrderQuery, *, by_index: bool = True) -> list[ColumnElement[bool]]:
        filters: list[ColumnElement[bool]] = []
        if query.statuses:
            filters.append(ORDERS.c.status.in_([s.value for s in query.statuses]))
        if query.shop:
            filters.append(ORDERS.c.shop == query.shop)
        paid: Any = ORDERS.c.paid_at
        if not by_index and (query.paid_from is not None or query.paid_to is not None):
            # The same test, on an expression no index holds.
            filters.append(ORDERS.c.paid_at.is_not(None))
            paid = func.coalesce(ORDERS.c.paid_at, ORDERS.c.paid_at)
        if query.paid_from is not None:
            filters.append(paid >= query.paid_from)
        if query.paid_to is not None:
            filters.append(paid < query.paid_to)
        return filters

    def problem_goods(self) -> list[ProblemLot]:
        return problem_lots(self._session)

    def timeline(self, order_no: str) -> list[TimelineEntry]:
        events: list[TimelineEntry] = []
        head = run(self._session, select(ORDERS).where(ORDERS.c.order_no == order_no)).first()
        if head is None:
            return events
        if head.verified_at is not None:
            events.append(TimelineEntry(head.verified_at, "verified", head.verified_by or "",
                                        head.verified_station or ""))  # fmt: skip
        for s in run(self._session, select(SESSIONS).where(SESSIONS.c.order_no == order_no)):
            detail = str(s.wrong_scans) if s.wrong_scans else ""
            events.append(TimelineEntry(s.started_at, "inspection_" + s.result, s.operator,
                                        s.station_id, detail))  # fmt: skip
        waves = (
            select(WAVES.c.wave_no, WAVES.c.created_at, WAVES.c.created_by)
            .join(WAVE_ORDERS, WAVE_ORDERS.c.wave_no == WAVES.c.wave_no)
            .where(WAVE_ORDERS.c.order_no == order_no)
        )
        for w in run(self._session, waves):
            events.append(TimelineEntry(w.created_at, "wave", w.created_by, "", w.wave_no))
        for a in run(self._session, select(AUDIT).where(AUDIT.c.subject == order_no)):
            events.append(TimelineEntry(a.at, "audit_" + a.action, a.operator, a.station_id,
                                        a.detail))  # fmt: skip
        parcels = (
            select(PARCELS, MANIFESTS.c.courier, MANIFESTS.c.closed_at)
            .join(MANIFESTS, MANIFESTS.c.manifest_id == PARCELS.c.manifest_id)
            .where(PARCELS.c.order_no == order_no)
        )
        for p in run(self._session, parcels):
            events.append(TimelineEntry(p.scanned_at, "handover_scanned", p.scanned_by,
                                        p.station_id, p.manifest_id))  # fmt: skip
            if p.removed and p.removed_at is not None:
                events.append(TimelineEntry(p.removed_at, "handover_removed", p.removed_by,
                                            "", p.removed_reason))  # fmt: skip
        events += self._returns(order_no)
        moves = select(MOVES).where(
            or_(
                MOVES.c.reference == order_no,
                _starts_with(self._session, MOVES.c.reference, order_no + "/"),
            )
        )
        for m in run(self._session, moves.order_by(MOVES.c.at)):
            events.append(TimelineEntry(m.at, "move_" + m.reason, m.operator, m.station_id,
                                        f"{m.sku_code} ×{m.qty} {m.from_location} → "
                                        f"{m.to_location}"))  # fmt: skip
        return events

    def _returns(self, order_no: str) -> list[TimelineEntry]:
        """Each return of the order: opened, closed with its units' conditions (and why,
        for those unfit to sell), matched when it came in unidentified."""
        events: list[TimelineEntry] = []
        records = self._session.scalars(select(ReturnRow).where(ReturnRow.order_no == order_no))
        for r in records:
            events.append(TimelineEntry(r.opened_at, "return_opened", r.opened_by,
                                        r.station_id, r.return_id))  # fmt: skip
            if r.status == "closed" and r.closed_at is not None:
                units = self._session.execute(
                    select(ReturnUnitRow.sku_code, ReturnUnitRow.condition, ReturnUnitRow.reason)
                    .where(ReturnUnitRow.return_id == r.return_id, ReturnUnitRow.removed.is_(False))
                    .order_by(ReturnUnitRow.seq)
                ).all()
                said = ", ".join(
                    f"{sku} {condition}" + (f" ({reason})" if reason else "")
                    for sku, condition, reason in units
                )
                events.append(TimelineEntry(r.closed_at, "return_closed", r.closed_by,
                                            r.station_id, f"{r.return_id}: {said}"))  # fmt: skip
            if r.matched_at is not None:
                events.append(TimelineEntry(r.matched_at, "return_matched", r.matched_by, "",
                                            r.return_id))  # fmt: skip
        return events


def _hit(row: Any, matched: MatchedBy) -> OrderHit:
    return OrderHit(
        order_no=row.order_no,
        platform=row.platform,
        platform_order_no=row.platform_order_no,
        shop=row.shop,
        buyer=row.buyer,
        courier=row.courier,
        waybill=row.waybill,
        status=OrderStatus(row.status),
        paid_at=row.paid_at,
        hold_reason=row.hold_reason,
        matched=matched,
    )


def _newest_first(hits: list[OrderHit]) -> list[OrderHit]:
    """Newest paid first, unpaid last, then by number, highest first (as the queries)."""
    by_number = sorted(hits, key=lambda hit: hit.order_no, reverse=True)
    return sorted(
        by_number,
        key=lambda hit: (hit.paid_at is None, -hit.paid_at.timestamp() if hit.paid_at else 0.0),
    )

"""Repositories for master data, operators, the scan journal and the audit log.

Orders live in `db.orders.repository`, the ledger in `db.ledger`. Adds run in a savepoint so a
duplicate becomes DuplicateEntry and the unit of work stays usable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, literal, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import statements as sql
from db.converters import (
    audit_to_row,
    barcode_from_row,
    barcode_to_row,
    component_from_row,
    component_to_row,
    journal_from_row,
    journal_values,
    location_from_row,
    location_to_row,
    operator_from_row,
    operator_values,
    sku_from_row,
    sku_to_row,
)
from db.errors import is_foreign_key_violation
from db.models import (
    BarcodeRow,
    Base,
    KitComponentRow,
    LocationRow,
    OperatorRow,
    PutawayCarryRow,
    ScanJournalRow,
    SkuRow,
    StockLevelRow,
)
from db.statements import rowcount, run
from wms_tui.core.errors import (
    DuplicateEntry,
    UnknownLocation,
    UnknownOperator,
    UnknownSku,
)
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import (
    AuditEvent,
    Barcode,
    KitComponent,
    Location,
    LocationKind,
    Operator,
    Sku,
)
from wms_tui.core.shelving import Carry

_CHUNK = 500  # bind parameters per IN list: well inside both engines' limits


def add_row(session: Session, row: Base, what: str, value: str, sku: str = "") -> None:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        if is_foreign_key_violation(exc):
            raise UnknownSku(sku=sku or value) from exc
        raise DuplicateEntry(what=what, value=value) from exc


class SqlSkuRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, code: str) -> Sku | None:
        row = run(self._session, sql.SKU_BY_CODE, {"code": code}).first()
        return None if row is None else sku_from_row(row)

    def get_many(self, codes: Iterable[str]) -> dict[str, Sku]:
        wanted = sorted(set(codes))
        found: dict[str, Sku] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in run(self._session, sql.SKUS_BY_CODES, {"codes": chunk}):
                found[row.code] = sku_from_row(row)
        return found

    def add(self, sku: Sku) -> None:
        add_row(self._session, sku_to_row(sku), "sku", sku.code)

    def save(self, sku: Sku) -> None:
        self._session.merge(sku_to_row(sku))
        self._session.flush()

    def barcode(self, code: str) -> Barcode | None:
        row = run(self._session, sql.BARCODE_BY_CODE, {"code": code}).first()
        return None if row is None else barcode_from_row(row)

    def add_barcode(self, barcode: Barcode) -> None:
        add_row(self._session, barcode_to_row(barcode), "barcode", barcode.code, barcode.sku_code)

    def save_barcode(self, barcode: Barcode) -> None:
        try:
            with self._session.begin_nested():
                self._session.merge(barcode_to_row(barcode))
                self._session.flush()
        except IntegrityError as exc:
            raise UnknownSku(sku=barcode.sku_code) from exc

    def barcodes_of(self, sku_code: str) -> list[Barcode]:
        rows = self._session.scalars(
            select(BarcodeRow).where(BarcodeRow.sku_code == sku_code).order_by(BarcodeRow.code)
        )
        return [barcode_from_row(row) for row in rows]

    def components(self, kit_code: str) -> list[KitComponent]:
        rows = self._session.scalars(
            select(KitComponentRow)
            .where(KitComponentRow.kit_code == kit_code)
            .order_by(KitComponentRow.component_code)
        )
        return [component_from_row(row) for row in rows]

    def add_component(self, component: KitComponent) -> None:
        add_row(
            self._session,
            component_to_row(component),
            "kit",
            f"{component.kit_code}/{component.component_code}",
            component.component_code,
        )

    def codes(self) -> set[str]:
        return set(self._session.scalars(select(SkuRow.code)))

    def search(self, text: str, limit: int) -> list[Sku]:
        lower = text.lower()
        found = select(SkuRow).where(
            SkuRow.active.is_(True),
            or_(
                SkuRow.code.startswith(text, autoescape=True),
                SkuRow.code.startswith(text.upper(), autoescape=True),
                # lower() on both sides: PostgreSQL's LIKE tells cases apart.
                *(
                    func.lower(column).contains(lower, autoescape=True)
                    for column in (SkuRow.name_zh, SkuRow.name_en, SkuRow.spec, SkuRow.spec_en)
                ),
            ),
        )
        rows = self._session.scalars(found.order_by(SkuRow.code).limit(limit))
        return [sku_from_row(row) for row in rows]


class SqlLocationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, code: str) -> Location | None:
        row = run(self._session, sql.LOCATION_BY_CODE, {"code": code}).first()
        return None if row is None else location_from_row(row)

    def add(self, location: Location) -> None:
        add_row(self._session, location_to_row(location), "location", location.code)

    def save(self, location: Location) -> None:
        self._session.merge(location_to_row(location))
        self._session.flush()

    def all(self) -> list[Location]:
        rows = self._session.scalars(
            select(LocationRow).order_by(LocationRow.walk_order, LocationRow.code)
        )
        return [location_from_row(row) for row in rows]

    def set_frozen(self, code: str, frozen: bool) -> None:
        result = self._session.execute(
            update(LocationRow).where(LocationRow.code == code).values(frozen=frozen)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise UnknownLocation(location=code)

    def carried(self, station_id: str) -> Carry | None:
        row = self._session.get(PutawayCarryRow, station_id)
        if row is None:
            return None
        return Carry(row.station_id, row.sku_code, row.qty, row.suggested, row.area, row.tote)

    def set_carried(self, station_id: str, carry: Carry | None) -> None:
        gone = delete(PutawayCarryRow).where(PutawayCarryRow.station_id == station_id)
        self._session.execute(gone)
        if carry is not None:
            values = {
                "station_id": station_id, "sku_code": carry.sku_code, "qty": carry.qty,
                "suggested": carry.suggested, "area": carry.area, "tote": carry.tote,
            }  # fmt: skip
            self._session.execute(insert(PutawayCarryRow).values(**values))

    def shelves(self, sku_codes: list[str]) -> tuple[dict[str, str], str | None]:
        held = select(StockLevelRow.location).where(StockLevelRow.qty != 0)
        empty = (
            select(literal("").label("sku"), LocationRow.code, LocationRow.walk_order)
            .where(
                LocationRow.kind == LocationKind.BIN.value,
                LocationRow.frozen.is_(False),
                LocationRow.code.not_in(held),
            )
            .order_by(LocationRow.walk_order, LocationRow.code)
            .limit(1)
            .subquery()
        )
        homes = (
            select(StockLevelRow.sku_code.label("sku"), LocationRow.code, LocationRow.walk_order)
            .join(LocationRow, LocationRow.code == StockLevelRow.location)
            .where(
                StockLevelRow.sku_code.in_(sku_codes or [""]),
                StockLevelRow.qty > 0,
                LocationRow.kind == LocationKind.BIN.value,
                LocationRow.frozen.is_(False),
            )
        )
        both = union_all(homes, select(empty.c.sku, empty.c.code, empty.c.walk_order)).subquery()
        rows = self._session.execute(
            select(both.c.sku, both.c.code).order_by(both.c.sku, both.c.walk_order, both.c.code)
        )
        found: dict[str, str] = {}
        first_empty: str | None = None
        for sku, code in rows:
            if sku == "":
                first_empty = str(code)
            else:
                found.setdefault(str(sku), str(code))
        return found, first_empty


class SqlOperatorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, badge: str) -> Operator | None:
        row = run(self._session, sql.OPERATOR_BY_BADGE, {"badge": badge}).first()
        return None if row is None else operator_from_row(row)

    def add(self, operator: Operator) -> None:
        add_row(self._session, OperatorRow(**operator_values(operator)), "badge", operator.badge)

    def save(self, operator: Operator) -> None:
        values = operator_values(operator)
        del values["badge"]
        result = self._session.execute(
            update(OperatorRow).where(OperatorRow.badge == operator.badge).values(**values)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise UnknownOperator(badge=operator.badge)

    def all(self) -> list[Operator]:
        rows = self._session.scalars(select(OperatorRow).order_by(OperatorRow.badge))
        return [operator_from_row(row) for row in rows]


class SqlScanJournal:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, entry: JournalEntry) -> bool:
        # The UNIQUE scan_id decides: a replayed scan is journaled (and applied) once.
        # A line written finished (the step in the same transaction) is dated applied too.
        values = journal_values(entry)
        values["applied_at"] = datetime.now(UTC) if entry.status != "pending" else None
        statement = sql.JOURNAL_RECORD(self._session)
        return run(self._session, statement, values).first() is not None

    def finish(self, scan_id: str, status: str, error_code: str = "", outcome: str = "") -> bool:
        return self.finish_all([(scan_id, status, error_code, outcome)]) == 1

    # A burst is journaled and closed in batches: one statement each way instead of one per
    # scan, which is most of what a PostgreSQL round trip costs.
    def record_all(self, entries: Sequence[JournalEntry]) -> None:
        if not entries:
            return
        sql.JOURNAL_RECORD_ALL(self._session, [journal_values(entry) for entry in entries])

    def claim(self, scan_ids: Sequence[str]) -> dict[str, JournalEntry]:
        # Locked in one order (DESIGN.md section 6); SQLite's BEGIN IMMEDIATE already holds
        # the whole file, so FOR UPDATE compiling to nothing there loses nothing.
        rows = run(self._session, sql.JOURNAL_CLAIM, {"scan_ids": sorted(set(scan_ids))})
        return {row.scan_id: journal_from_row(row) for row in rows}

    def finish_all(self, results: Sequence[tuple[str, str, str, str]]) -> int:
        if not results:
            return 0
        now = datetime.now(UTC)
        params = [
            {"b_scan_id": i, "b_status": s, "b_error_code": e, "b_outcome": o, "b_applied_at": now}
            for i, s, e, o in results
        ]
        return rowcount(self._session, sql.JOURNAL_FINISH, params)

    def pending(self, station_id: str) -> list[JournalEntry]:
        rows = self._session.scalars(
            select(ScanJournalRow)
            .where(ScanJournalRow.station_id == station_id, ScanJournalRow.status == "pending")
            .order_by(ScanJournalRow.seq)
            .execution_options(populate_existing=True)
        )
        return [journal_from_row(row) for row in rows]

    def get(self, scan_id: str) -> JournalEntry | None:
        row = run(self._session, sql.JOURNAL_BY_SCAN, {"scan_id": scan_id}).first()
        return None if row is None else journal_from_row(row)


class SqlAuditLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event: AuditEvent) -> None:
        self._session.add(audit_to_row(event, datetime.now(UTC)))

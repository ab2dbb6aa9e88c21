"""Typed table rows. The schema itself comes only from the Alembic migrations in `migrations/`.

Timestamps are UTC: `UtcDateTime` hands back aware datetimes on both engines (SQLite keeps none).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 64


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the database keeps UTC only")
        value = value.astimezone(UTC)
        # SQLite has no time zones; store naive UTC so text ordering is time ordering.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """On SQLite the stored text straight to an aware UTC datetime, in C: a month's
        report reads near a million times (the generic path, SQLAlchemy's parse, then
        `process_result_value`, was 1.9 s of a 30-day report)."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        slow = super().result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                # Stored naive UTC (process_bind_param): said so, it parses aware at once.
                return datetime.fromisoformat(value + "+00:00")
            except (TypeError, ValueError):
                found = slow(value) if slow is not None else value
                return self.process_result_value(found, dialect)  # SQLAlchemy's own way

        return process


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SkuRow(Base):
    __tablename__ = "skus"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    spec: Mapped[str] = mapped_column(String(200), default="")
    spec_en: Mapped[str] = mapped_column(String(200), default="")
    unit_weight_g: Mapped[int] = mapped_column(Integer, default=0)
    is_kit: Mapped[bool] = mapped_column(Boolean, default=False)
    kit_mode: Mapped[str] = mapped_column(String(20), default="kit_barcode")
    requires_lot: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_serial: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_price_cents: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    min_shelf_days: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)


class BarcodeRow(Base):
    __tablename__ = "barcodes"
    __table_args__ = (CheckConstraint("multiplier > 0", name="multiplier_positive"),)

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    multiplier: Mapped[int] = mapped_column(Integer, default=1)


class KitComponentRow(Base):
    __tablename__ = "kit_components"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    kit_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), primary_key=True)
    component_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)


class LocationRow(Base):
    __tablename__ = "locations"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    walk_order: Mapped[int] = mapped_column(Integer, default=0)
    zone: Mapped[str] = mapped_column(String(CODE), default="")
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    station_id: Mapped[str | None] = mapped_column(String(CODE))


class StockMoveRow(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "stock_move"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("from_location <> to_location", name="two_locations"),
        # An order's moves (`ORDER/LINE`) for the order desk (migration 0021).
        Index(
            "ix_stock_move_reference",
            "reference",
            postgresql_ops={"reference": "varchar_pattern_ops"},
        ),
        # A count's adjustments by their reference, for the day's figures (migration 0027).
        Index(
            "ix_stock_move_adjustment",
            "reference",
            sqlite_where=text("reason = 'count_adjustment'"),
            postgresql_where=text("reason = 'count_adjustment'"),
        ),
    )

    move_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    from_location: Mapped[str] = mapped_column(ForeignKey("locations.code"))
    to_location: Mapped[str] = mapped_column(ForeignKey("locations.code"))
    reason: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(200), default="")
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    station_id: Mapped[str] = mapped_column(String(CODE), default="")
    scan_id: Mapped[str | None] = mapped_column(String(CODE), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # UNIQUE: a move is reversed at most once, decided by the database.
    reverses: Mapped[str | None] = mapped_column(ForeignKey("stock_move.move_id"), unique=True)
    # The order moves were committed in, for the seal (db/chain.py): a sequence on
    # PostgreSQL; NULL on SQLite, whose rowid already is that order.
    seq: Mapped[int | None] = mapped_column(BigInteger)


class StockLevelRow(Base):
    """A cache of the ledger, written only by the ledger's guarded statements."""

    __tablename__ = "stock_level"
    # What a location holds (a count's freeze, a tote scanned): migration 0028.
    __table_args__ = (Index("ix_stock_level_location", "location"),)

    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), primary_key=True)
    location: Mapped[str] = mapped_column(ForeignKey("locations.code"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer, default=0)
    # When the level last went from nothing to something: the age of the oldest units there,
    # as far as a bin is emptied before the next goods go in. Set by the same guarded
    # statement that adds the units (db/statements.py).
    since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (
        # The order desk: a buyer by the beginning of their ID, newest paid first (0021).
        Index("ix_orders_buyer", "buyer", postgresql_ops={"buyer": "varchar_pattern_ops"}),
        Index("ix_orders_paid_at", "paid_at"),
        Index("ix_orders_imported_at", "imported_at"),  # the day in figures (0023)
        Index("ix_orders_verified_at", "verified_at"),
        # The phone's last four digits and the receiver's name, for the order desk (0022).
        Index("ix_orders_phone_tail", "phone_tail"),
        Index("ix_orders_receiver", "receiver", postgresql_ops={"receiver": "varchar_pattern_ops"}),
    )

    order_no: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    platform: Mapped[str] = mapped_column(String(30))
    platform_order_no: Mapped[str] = mapped_column(String(CODE), default="", index=True)
    shop: Mapped[str] = mapped_column(String(100), default="")
    buyer: Mapped[str] = mapped_column(String(200), default="")
    courier: Mapped[str] = mapped_column(String(50), default="")
    waybill: Mapped[str] = mapped_column(String(CODE), default="", index=True)
    # Server defaults only: the tests of older migrations insert rows through this model
    # into tables that do not have these columns yet.
    receiver: Mapped[str] = mapped_column(String(100), server_default="")
    phone: Mapped[str] = mapped_column(String(40), server_default="")
    phone_tail: Mapped[str] = mapped_column(String(4), server_default="")
    address: Mapped[str] = mapped_column(String(500), server_default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    buyer_remark: Mapped[str] = mapped_column(Text, default="")
    seller_remark: Mapped[str] = mapped_column(Text, default="")
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    merged_from: Mapped[str] = mapped_column(String(500), default="")
    hold_reason: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(CODE))
    verified_station: Mapped[str | None] = mapped_column(String(CODE))
    # Set when the order is archived; from then on the database refuses any change to it
    # and its lines (triggers, migration 0019).
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the order came in (imported or typed in); empty for orders older than 0023.
    imported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the shop refunded the buyer (core/orders/refunds.py, 0030).
    refunded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        # A SKU's orders without reading its lines (the order desk, migration 0021).
        Index("ix_order_lines_sku_code_order_no", "sku_code", "order_no"),
    )

    order_no: Mapped[str] = mapped_column(ForeignKey("orders.order_no"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"))
    qty: Mapped[int] = mapped_column(Integer)
    is_gift: Mapped[bool] = mapped_column(Boolean, default=False)
    kit_code: Mapped[str | None] = mapped_column(String(CODE))


class ReservationRow(Base):
    __tablename__ = "reservation"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    order_no: Mapped[str] = mapped_column(ForeignKey("orders.order_no"), primary_key=True)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), primary_key=True, index=True)
    qty: Mapped[int] = mapped_column(Integer)


class WorkSessionRow(Base):
    __tablename__ = "work_session"
    __table_args__ = (
        # One open session per subject; partial unique indexes exist on both engines.
        Index(
            "uq_work_session_open",
            "kind",
            "subject",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(CODE))
    status: Mapped[str] = mapped_column(String(20))
    station_id: Mapped[str] = mapped_column(String(CODE))
    operator: Mapped[str] = mapped_column(String(CODE))
    # Unused since every lease is held until released or taken over (core/leases.py);
    # kept nullable for rows written before.
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ScanJournalRow(Base):
    """`seq` is the integer key because SQLite autoincrements only its INTEGER PRIMARY KEY;
    `scan_id` is UNIQUE, which is what makes a scan apply once."""

    __tablename__ = "scan_journal"
    # Reports read the journal by time; with the seq a day's mark is read from the index
    # alone (0023, 0029).
    __table_args__ = (Index("ix_scan_journal_received_at_seq", "received_at", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[str] = mapped_column(String(CODE), unique=True)
    station_id: Mapped[str] = mapped_column(String(CODE), index=True)
    source: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[str] = mapped_column(Text)
    symbology: Mapped[str] = mapped_column(String(10), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    context: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error_code: Mapped[str] = mapped_column(String(10), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    applied_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(CODE), server_default="")


class OperatorRow(Base):
    __tablename__ = "operators"

    badge: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    roles: Mapped[str] = mapped_column(String(200), default="")  # comma separated, sorted
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_wrong_pin_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class StationRow(Base):
    __tablename__ = "stations"

    station_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    last_seen: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DatabaseInfoRow(Base):
    """Facts about the database itself: its id (`database_id`, made by the migration that
    added this table) and who made it (`origin`: init, demo or restore)."""

    __tablename__ = "database_info"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class LedgerChainRow(Base):
    """One sealed row of stock_move or audit_log: its hash over the row and the hash before."""

    __tablename__ = "ledger_chain"

    chain: Mapped[str] = mapped_column(String(20), primary_key=True)
    row_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    row_id: Mapped[str] = mapped_column(String(CODE))
    hash: Mapped[str] = mapped_column(String(64))


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    action: Mapped[str] = mapped_column(String(50))
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    station_id: Mapped[str] = mapped_column(String(CODE), default="")
    subject: Mapped[str] = mapped_column(String(200), default="", index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class PutawayCarryRow(Base):
    """What a station carries to put away (core/shelving.py): one row per station, so a
    crash between the item and the bin loses nothing."""

    __tablename__ = "putaway_carry"

    station_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku_code: Mapped[str] = mapped_column(String(CODE))
    qty: Mapped[int] = mapped_column(Integer)
    suggested: Mapped[str] = mapped_column(String(CODE), default="")
    # Where the units wait (migration 0028): a carry from before it names none and is
    # nobody's, so the person scans the item again; the units never left the area.
    area: Mapped[str] = mapped_column(String(CODE), default="", server_default="")
    # From a tote (`area` is the tote): any desk's, as a tote is.
    tote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

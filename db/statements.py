"""Statements built once, for the reads and writes every scan makes.

An ORM `select(Row)` or `update(Row)` built per call costs 0.15–0.4 ms of Python on a
station PC before the database sees it; the same Core statement, built once with bind
parameters and run on the session's connection, costs about 0.04 ms. A scan makes a dozen
of them, which was most of a scan's time, so the scan's path runs these and everything
else keeps the ORM.

Core statements skip the ORM's autoflush, so `run` flushes first: a row added with
`session.add` earlier in the unit of work is then visible to them, as it is to ORM queries.
They also skip the identity map: what they read is what the database holds now.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CursorResult,
    Executable,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from db.models import (
    BarcodeRow,
    LocationRow,
    OperatorRow,
    OrderLineRow,
    OrderRow,
    ScanJournalRow,
    SkuRow,
    StockLevelRow,
    StockMoveRow,
)


def table(row_class: type[Any]) -> Table:
    found = row_class.__table__
    assert isinstance(found, Table)
    return found


SKUS = table(SkuRow)
BARCODES = table(BarcodeRow)
LOCATIONS = table(LocationRow)
OPERATORS = table(OperatorRow)
ORDERS = table(OrderRow)
ORDER_LINES = table(OrderLineRow)
JOURNAL = table(ScanJournalRow)
LEVELS = table(StockLevelRow)
MOVES = table(StockMoveRow)

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]]


def run(session: Session, statement: Executable, params: Params | None = None) -> CursorResult[Any]:
    session.flush()
    return session.connection().execute(statement, params)


def rowcount(session: Session, statement: Executable, params: Sequence[Mapping[str, Any]]) -> int:
    """Rows changed by one statement run once per parameter set, as one executemany where
    the driver counts an executemany's rows, one by one where it does not."""
    if len(params) > 1 and not session.connection().dialect.supports_sane_multi_rowcount:
        return sum(int(run(session, statement, one).rowcount) for one in params)
    return int(run(session, statement, params[0] if len(params) == 1 else params).rowcount)


class PerDialect:
    """A statement whose text differs per engine (INSERT … ON CONFLICT), built on first use."""

    def __init__(self, build: Callable[[Any], Executable]) -> None:
        self._build = build
        self._built: dict[str, Executable] = {}

    def __call__(self, session: Session) -> Executable:
        name = session.get_bind().dialect.name
        statement = self._built.get(name)
        if statement is None:
            insert = postgresql.insert if name == "postgresql" else sqlite.insert
            statement = self._built[name] = self._build(insert)
        return statement


def _array_of(column_type: TypeEngine[Any]) -> postgresql.ARRAY[Any]:
    # No length on the array's strings: the driver casts the parameter explicitly, and an
    # explicit cast to VARCHAR(64) would cut a longer value short where the column's own
    # (assignment) cast refuses it.
    return postgresql.ARRAY(String() if isinstance(column_type, String) else column_type)


@dataclass(frozen=True)
class Shaped:
    """Rows made ready for one statement (InsertMany.shape): `count` rows, as `params`."""

    count: int
    params: Any


def sqlite_executemany(session: Session, statement: str, params: list[tuple[Any, ...]]) -> int:
    """The driver's own executemany of plain tuples, for the largest writes (an import's
    100,000 rows); returns the rows changed, as SQLite counts them."""
    session.flush()
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(statement, params)
        return int(cursor.rowcount)
    except sqlite3.Error as error:
        # As SQLAlchemy would raise it: callers and units of work handle those.
        raise DBAPIError.instance(statement, None, error, sqlite3.Error) from error
    finally:
        cursor.close()


class InsertMany:
    """One INSERT for many rows, with the same text whatever their number.

    On PostgreSQL the rows go as one array per column, `unnest`ed into rows: a dozen
    parameters, so psycopg keeps the statement converted (it converts afresh every
    statement of more than 50 parameters, about 5 ms for 50 moves) and the server keeps it
    prepared. The rows are inserted in the order given, so rows locked by the INSERT are
    locked in that order. Elsewhere it is the plain INSERT run as an executemany.
    `finish` adds ON CONFLICT and RETURNING to a dialect's INSERT of `columns`.
    """

    def __init__(
        self,
        target: Table,
        columns: Sequence[str],
        finish: Callable[[Any], Any],
        returning: Any = None,
    ) -> None:
        self._table = target
        self._columns = tuple(columns)
        self._finish = finish
        self._returning = returning

        def build(insert: Any) -> Executable:
            statement = finish(self._insert(insert))
            return statement if returning is None else statement.returning(returning)  # type: ignore[no-any-return]

        self._statement = PerDialect(build)
        self._sqlite: tuple[str, list[str], list[Any]] | None = None
        self._constants: list[Any] = []

    def _insert(self, insert: Any) -> Any:
        if insert is not postgresql.insert:
            return insert(self._table)
        arrays = [
            bindparam(column, type_=_array_of(self._table.c[column].type))
            for column in self._columns
        ]
        rows = func.unnest(*arrays).table_valued(*self._columns).render_derived()
        return insert(self._table).from_select(self._columns, select(*rows.c))

    def count(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> int:
        """Runs the INSERT and says how many rows it inserted (or updated): counted by
        RETURNING where one is given, else taken to be all of them on PostgreSQL."""
        return self.run_shaped(session, self.shape(session, rows))

    def shape(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> Shaped:
        """The rows as the driver takes them, built without touching the database: a
        writer that holds a lock (a stock file's write) shapes its rows before it takes
        it. On SQLite the rows go to the driver's executemany as tuples, each value
        through its column's own bind processor: SQLAlchemy's per-row handling of an
        executemany was most of the time a 100,000-row import held the write lock. On
        PostgreSQL they go as one array per column."""
        if session.get_bind().dialect.name != "sqlite":
            return Shaped(len(rows), {c: [row[c] for row in rows] for c in self._columns})
        _text, order, processors = self._plain_sqlite(session)
        params = [
            tuple(
                p(row.get(k, c)) if p else row.get(k, c)
                for k, p, c in zip(order, processors, self._constants, strict=True)
            )
            for row in rows
        ]
        return Shaped(len(rows), params)

    def run_shaped(self, session: Session, shaped: Shaped) -> int:
        if not shaped.count:
            return 0
        if session.get_bind().dialect.name != "sqlite":
            statement = self._statement(session)
            if self._returning is not None:
                return len(run(session, statement, shaped.params).all())
            # psycopg reports no count for an INSERT … SELECT unnest: the rows given.
            run(session, statement, shaped.params)
            return shaped.count
        assert isinstance(shaped.params, list)
        return sqlite_executemany(session, self._plain_sqlite(session)[0], shaped.params)

    def _plain_sqlite(self, session: Session) -> tuple[str, list[str], list[Any]]:
        if self._sqlite is None:
            dialect = session.get_bind().dialect
            statement = self._finish(sqlite.insert(self._table))
            compiled = statement.compile(dialect=dialect, column_keys=list(self._columns))
            order = list(compiled.positiontup or ())
            # Literals in the statement (`qty <= 0` in an ON CONFLICT clause) are parameters
            # too: their values come from the statement, the rows' from the rows.
            self._constants = [
                None if k in self._columns else compiled.binds[k].effective_value for k in order
            ]
            types = [
                self._table.c[k].type if k in self._columns else compiled.binds[k].type
                for k in order
            ]
            processors = [t._cached_bind_processor(dialect) for t in types]
            self._sqlite = (compiled.string, order, processors)
        return self._sqlite

    def __call__(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> CursorResult[Any]:
        statement = self._statement(session)
        if session.get_bind().dialect.name == "postgresql":
            columns = {column: [row[column] for row in rows] for column in self._columns}
            return run(session, statement, columns)
        return run(session, statement, list(rows))


# --- master data, as the resolver reads it ---------------------------------------------
SKU_BY_CODE = select(SKUS).where(SKUS.c.code == bindparam("code"))
SKUS_BY_CODES = select(SKUS).where(SKUS.c.code.in_(bindparam("codes", expanding=True)))
BARCODE_BY_CODE = select(BARCODES).where(BARCODES.c.code == bindparam("code"))
LOCATION_BY_CODE = select(LOCATIONS).where(LOCATIONS.c.code == bindparam("code"))
OPERATOR_BY_BADGE = select(OPERATORS).where(OPERATORS.c.badge == bindparam("badge"))
ORDERS_BY_NUMBER = (
    select(ORDERS)
    .where(
        (ORDERS.c.order_no == bindparam("code"))
        | (ORDERS.c.waybill == bindparam("code"))
        | (ORDERS.c.platform_order_no == bindparam("code"))
    )
    .order_by(ORDERS.c.order_no)
    .limit(10)
)
ORDER_VERSION = select(ORDERS.c.version).where(ORDERS.c.order_no == bindparam("order_no"))
# Guarded by the status and version the caller read: a change committed since then, or a
# writer that changed the status without moving the version, matches no row.
ORDER_SET_STATUS = (
    ORDERS.update()
    .where(
        ORDERS.c.order_no == bindparam("b_order_no"),
        ORDERS.c.version == bindparam("b_version"),
        ORDERS.c.status == bindparam("b_seen"),
    )
    .values(
        status=bindparam("b_status"),
        hold_reason=bindparam("b_hold_reason"),
        version=ORDERS.c.version + 1,
    )
)
ORDER_LINES_OF = (
    select(ORDER_LINES)
    .where(ORDER_LINES.c.order_no == bindparam("order_no"))
    .order_by(ORDER_LINES.c.line_no)
)
# An order and its lines in one round trip (a line's columns prefixed `l_`; an order with no
# lines comes back as one row whose `l_` columns are NULL).
ORDER_WITH_LINES = (
    select(ORDERS, *(column.label(f"l_{column.name}") for column in ORDER_LINES.c))
    .select_from(ORDERS.outerjoin(ORDER_LINES, ORDER_LINES.c.order_no == ORDERS.c.order_no))
    .where(ORDERS.c.order_no == bindparam("order_no"))
    .order_by(ORDER_LINES.c.line_no)
)

# --- the scan journal -----------------------------------------------------------------
JOURNAL_BY_SCAN = select(JOURNAL).where(JOURNAL.c.scan_id == bindparam("scan_id"))
JOURNAL_CLAIM = (
    select(JOURNAL)
    .where(JOURNAL.c.scan_id.in_(bindparam("scan_ids", expanding=True)))
    .order_by(JOURNAL.c.scan_id)
    .with_for_update()
)
JOURNAL_RECORD = PerDialect(
    lambda insert: (
        insert(JOURNAL).on_conflict_do_nothing(index_elements=["scan_id"]).returning(JOURNAL.c.seq)
    )
)
JOURNAL_RECORD_ALL = InsertMany(
    JOURNAL,
    [column.name for column in JOURNAL.columns if column.name not in ("seq", "applied_at")],
    lambda insert: insert.on_conflict_do_nothing(index_elements=["scan_id"]),
)
# Guarded like a stock level: of two workers applying the same journaled scan, the second
# one's UPDATE waits for the first to commit and then matches no row.
JOURNAL_FINISH = (
    JOURNAL.update()
    .where(JOURNAL.c.scan_id == bindparam("b_scan_id"), JOURNAL.c.status == "pending")
    .values(
        status=bindparam("b_status"),
        error_code=bindparam("b_error_code"),
        outcome=bindparam("b_outcome"),
        applied_at=bindparam("b_applied_at"),
    )
)

# --- the ledger -----------------------------------------------------------------------
# FOR SHARE: see SqlLedger._check_locations.
LOCATIONS_FOR_MOVE = (
    select(LOCATIONS.c.code, LOCATIONS.c.kind, LOCATIONS.c.frozen)
    .where(LOCATIONS.c.code.in_(bindparam("codes", expanding=True)))
    .order_by(LOCATIONS.c.code)
    .with_for_update(read=True)
)
MOVE_INSERT = PerDialect(
    lambda insert: (
        insert(MOVES).on_conflict_do_nothing(index_elements=["move_id"]).returning(MOVES.c.move_id)
    )
)
MOVE_INSERT_MANY = InsertMany(
    MOVES,
    # seq comes from the database (its sequence on PostgreSQL): never sent
    [column.name for column in MOVES.columns if column.name != "seq"],
    lambda insert: insert.on_conflict_do_nothing(index_elements=["move_id"]),
    returning=MOVES.c.move_id,
)
LEVEL_TAKE = (
    LEVELS.update()
    .where(
        LEVELS.c.sku_code == bindparam("b_sku"),
        LEVELS.c.location == bindparam("b_location"),
        LEVELS.c.qty >= bindparam("b_qty"),
    )
    .values(qty=LEVELS.c.qty - bindparam("b_qty"))
)

# On PostgreSQL many takes are one statement, arrays unnested: an executemany of 50 guarded
# UPDATEs costs psycopg 50 statements to send. The levels are locked first, in (location,
# sku) order as `post` locks them, by a sorted SELECT … FOR UPDATE that the UPDATE joins:
# a row is updated only once that SELECT has emitted (and locked) it, so two transactions
# still take their locks in one order. The batch never names a level twice.
_LEVEL_TAKE_UNNESTED = text(
    """
    WITH wanted AS (
        SELECT * FROM unnest(
            CAST(:skus AS VARCHAR[]), CAST(:locations AS VARCHAR[]), CAST(:qtys AS INTEGER[])
        ) AS w(sku_code, location, qty)
    ), locked AS MATERIALIZED (
        SELECT l.sku_code, l.location FROM stock_level AS l
        JOIN wanted AS w ON l.sku_code = w.sku_code AND l.location = w.location
        ORDER BY l.location, l.sku_code
        FOR UPDATE OF l
    )
    UPDATE stock_level AS l SET qty = l.qty - w.qty
    FROM wanted AS w JOIN locked AS k ON k.sku_code = w.sku_code AND k.location = w.location
    WHERE l.sku_code = w.sku_code AND l.location = w.location AND l.qty >= w.qty
    """
)


def take_levels(session: Session, params: Sequence[Mapping[str, Any]]) -> int:
    """LEVEL_TAKE for every parameter set; how many levels had enough and were taken from."""
    if session.get_bind().dialect.name != "postgresql" or len(params) == 1:
        return rowcount(session, LEVEL_TAKE, params)
    arrays = {
        "skus": [p["b_sku"] for p in params],
        "locations": [p["b_location"] for p in params],
        "qtys": [p["b_qty"] for p in params],
    }
    return int(run(session, _LEVEL_TAKE_UNNESTED, arrays).rowcount)


def _added(excluded: Any) -> dict[str, Any]:
    # Both SET expressions read the row as it was: `since` moves only when units arrive at
    # a level that had none, so it dates the oldest units there.
    return {
        "qty": LEVELS.c.qty + excluded.qty,
        "since": case(
            (and_(LEVELS.c.qty <= 0, excluded.qty > 0), excluded.since), else_=LEVELS.c.since
        ),
    }


def _level_add(insert: Any) -> Executable:
    statement = insert(LEVELS).values(
        sku_code=bindparam("b_sku"),
        location=bindparam("b_location"),
        qty=bindparam("b_qty"),
        since=bindparam("b_at", type_=LEVELS.c.since.type),
    )
    return statement.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=["sku_code", "location"], set_=_added(statement.excluded)
    )


LEVEL_ADD = PerDialect(_level_add)
# Rows keyed sku_code / location / qty / since; the batch never names one level twice, which
# an INSERT … ON CONFLICT DO UPDATE could not do.
LEVEL_ADD_MANY = InsertMany(
    LEVELS,
    ["sku_code", "location", "qty", "since"],
    lambda insert: insert.on_conflict_do_update(
        index_elements=["sku_code", "location"], set_=_added(insert.excluded)
    ),
)
LEVEL_OF = select(LEVELS.c.qty).where(
    LEVELS.c.sku_code == bindparam("sku"), LEVELS.c.location == bindparam("location")
)
LEVELS_OF_SKU = (
    select(LEVELS)
    .where(LEVELS.c.sku_code == bindparam("sku"))
    .order_by(LEVELS.c.sku_code, LEVELS.c.location)
)
LEVELS_ALL = select(LEVELS).order_by(LEVELS.c.sku_code, LEVELS.c.location)

"""The few statements a wave release sends, whatever the number of orders: a release of 10,000
orders used to spend most of its time in round trips, not in the database.

PostgreSQL gets COPY for the wave rows and one array-driven UPDATE for the orders (after
locking them in order_no order: one lock order, no deadlocks); SQLite, local and without a
network hop, keeps executemany and chunked IN lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, TypeDecorator, insert, text, tuple_, update
from sqlalchemy.orm import Session

from db.models import Base, OrderRow
from wms_tui.core.model import OrderStatus

CHUNK = 500


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    table: Table = model.__table__  # type: ignore[assignment]
    connection = session.connection()
    if not _postgres(session):
        # One executemany: multi-row VALUES compiles too slowly.
        connection.execute(insert(table), rows)
        return
    names = list(rows[0])
    dialect = connection.dialect
    binders = []
    for name in names:
        kind = table.c[name].type
        binders.append(kind.process_bind_param if isinstance(kind, TypeDecorator) else None)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(f'"{name}"' for name in names)
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    bind(row[name], dialect) if bind is not None else row[name]
                    for name, bind in zip(names, binders, strict=True)
                ]
            )


def release_orders(session: Session, pairs: Sequence[tuple[str, int]]) -> int:
    """confirmed -> released for every (order_no, version); returns how many changed."""
    table = OrderRow.__table__.c
    pairs = sorted(pairs)  # sorted: one lock order
    connection = session.connection()
    released = {"status": OrderStatus.RELEASED.value, "confirmed": OrderStatus.CONFIRMED.value}
    if _postgres(session):
        numbers = [n for n, _ in pairs]
        connection.execute(
            text(
                "SELECT order_no FROM orders WHERE order_no = ANY(:numbers) "
                "ORDER BY order_no FOR UPDATE"
            ),
            {"numbers": numbers},
        )
        result = connection.execute(
            text(
                "UPDATE orders SET status = :status, version = orders.version + 1 "
                "FROM unnest(CAST(:numbers AS text[]), CAST(:versions AS integer[])) "
                "AS v(order_no, version) "
                "WHERE orders.order_no = v.order_no AND orders.version = v.version "
                "AND orders.status = :confirmed"
            ),
            {**released, "numbers": numbers, "versions": [v for _, v in pairs]},
        )
        return int(result.rowcount)
    changed = 0
    for start in range(0, len(pairs), CHUNK):
        result = connection.execute(
            update(OrderRow.__table__)  # type: ignore[arg-type]
            .where(
                table.status == OrderStatus.CONFIRMED.value,
                tuple_(table.order_no, table.version).in_(pairs[start : start + CHUNK]),
            )
            .values(status=OrderStatus.RELEASED.value, version=table.version + 1)
        )
        changed += result.rowcount
    return changed

"""A scan's "what is this code?" stays on the indexes where most orders have no waybill
yet (bound at inspection): SQLite's statistics then say a waybill matches every order,
and one query with an OR of the three order columns scanned every order for every scan."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, text

from db.catalog import CODE_KINDS
from db.models import OrderRow
from db.uow import SqlUnitOfWorkFactory


def test_a_code_is_looked_up_on_the_order_indexes_when_waybills_are_empty(
    sqlite_planner: SqlUnitOfWorkFactory,
) -> None:
    factory = sqlite_planner
    paid = datetime(2026, 12, 7, tzinfo=UTC)
    rows = [
        {"order_no": f"SO{n:06d}", "platform": "taobao", "status": "pending", "paid_at": paid,
         "waybill": "", "platform_order_no": ""}
        for n in range(2000)
    ]  # fmt: skip
    with factory.engine.begin() as connection:
        connection.execute(insert(OrderRow), rows)
    raw = factory.engine.raw_connection()
    try:
        raw.driver_connection.execute("ANALYZE")  # type: ignore[union-attr]
    finally:
        raw.close()
    with factory() as uow:
        compiled = CODE_KINDS.params(code="SF123456789012").compile(
            dialect=uow.session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        plan = uow.session.execute(text("EXPLAIN QUERY PLAN " + str(compiled))).all()
    details = [str(row[-1]) for row in plan]
    assert not [d for d in details if d.startswith("SCAN orders")], details
    assert any("ix_orders_waybill" in d for d in details), details

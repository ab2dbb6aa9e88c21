"""On both engines: a stock file sets levels (never posts twice), lengths are checked in
validation (never a database error), and a check reads without the write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from db import check as db_check
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.sql_log import statements
from tests.unit.imports.helpers import ORDER_HEADER, order_row, table
from wms_tui.bootstrap.imports import check_file, import_file
from wms_tui.core import stock
from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import ImportKind, Table
from wms_tui.core.imports.service import ImportReport, import_table
from wms_tui.core.model import VIRTUAL_ADJUSTMENT
from wms_tui.core.ports import UnitOfWork

STOCK = ["sku", "location", "qty"]


def _stock(factory: SqlUnitOfWorkFactory, data: Table) -> ImportReport:
    return import_table(factory, FixedClock(), ImportKind.STOCK, data, "OP-ADM-1", "PACK-01")


def _levels(factory: SqlUnitOfWorkFactory) -> dict[tuple[str, str], int]:
    with factory() as uow:
        return {(lv.sku_code, lv.location): lv.on_hand for lv in uow.ledger.levels() if lv.on_hand}


ROWS = [["MUG-1", "A-01-1", "100"], ["MUG-1", "A-01-2", "21"], ["TEE-W-XL", "A-01-1", "7"]]


def test_a_stock_file_again_plus_one_row_or_reordered_ends_at_its_quantities(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _stock(factory, table(STOCK, *ROWS[:2], file="stock.csv"))  # 121 MUG-1
    _stock(factory, table(STOCK, *ROWS, file="stock-2.csv"))  # the same plus one row
    report = _stock(factory, table(STOCK, *reversed(ROWS), file="stock-3.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    levels = _levels(factory)
    assert levels[("MUG-1", "A-01-1")] + levels[("MUG-1", "A-01-2")] == 121
    assert levels[("TEE-W-XL", "A-01-1")] == 7
    assert levels[("MUG-1", VIRTUAL_ADJUSTMENT)] == -121  # double entry holds
    assert db_check.rebuild_stock_cache(factory.engine) == []


def test_a_lower_quantity_takes_the_difference_back_to_adjustment(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _stock(factory, table(STOCK, *ROWS, file="monday.csv"))
    report = _stock(factory, table(STOCK, ["MUG-1", "A-01-1", "90"], ["MUG-1", "A-01-2", "0"],
                                   file="tuesday.csv"))  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    levels = _levels(factory)
    assert levels[("MUG-1", "A-01-1")] == 90 and ("MUG-1", "A-01-2") not in levels
    with factory() as uow:
        moves = [m for m in uow.ledger.levels("MUG-1")]
    assert sum(level.on_hand for level in moves) == 0
    with factory.engine.connect() as connection:
        references = {r for (r,) in connection.exec_driver_sql("SELECT reference FROM stock_move")}
    assert references == {"monday.csv", "tuesday.csv"}  # the file's name is the reference


def test_lengths_are_refused_in_validation_naming_the_cell(factory: SqlUnitOfWorkFactory) -> None:
    data = table(ORDER_HEADER, order_row(order_no="SO-5"), order_row(order_no="SO-6",
                 buyer_remark="x" * 2001, shop="店" * 101))  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        import_table(factory, FixedClock(), ImportKind.ORDERS, data, "OP-ADM-1", "PACK-01")
    problems = caught.value.params["problems"]
    assert [(p.file, p.row, p.column, p.msgid) for p in problems] == [  # type: ignore[attr-defined]
        ("test.csv", 3, "shop", "import.too_long"),
        ("test.csv", 3, "buyer_remark", "import.too_long"),
    ]
    with factory() as uow:
        assert uow.orders.get("SO-5") is None


def test_a_check_takes_no_write_lock(factory: SqlUnitOfWorkFactory, tmp_path: Path) -> None:
    path = tmp_path / "stock.csv"
    path.write_text("sku,location,qty\nMUG-1,A-01-1,5\n", encoding="utf-8")
    url = factory.engine.url
    if url.get_backend_name() != "sqlite":
        assert check_file(factory, ImportKind.STOCK, path) == 1
        return
    # Another connection holds the write lock throughout: a check still reads through.
    holder = sqlite3.connect(str(make_url(url).database), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert check_file(factory, ImportKind.STOCK, path) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    report = import_file(
        factory, FixedClock(), ImportKind.STOCK, path, operator="t", station_id="S"
    )
    assert report.created == 1


class _WriteUnits:
    """Write units of work that record the statements sent while one is open."""

    def __init__(self, factory: SqlUnitOfWorkFactory) -> None:
        self._factory = factory
        self.sent: list[str] = []

    @contextmanager
    def __call__(self) -> Iterator[UnitOfWork]:
        with statements(self._factory.engine) as sent, self._factory() as uow:
            yield uow
        self.sent.extend(sent)


def test_the_write_reads_no_level_it_sets_them_where_they_are_still_as_read(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """The rows are built from the levels read with the check, before the write lock: the
    write unit only checks the locations and sets the levels in guarded statements."""
    _stock(factory, table(STOCK, *ROWS, file="monday.csv"))
    writes = _WriteUnits(factory)
    data = table(STOCK, ["MUG-1", "A-01-1", "90"], ["MUG-1", "A-01-2", "0"], file="tue.csv")
    import_table(writes, FixedClock(), ImportKind.STOCK, data, "OP-ADM-1",  # type: ignore[arg-type]
                 "PACK-01", read=factory.for_reading())  # fmt: skip
    reads = [s for s in writes.sent if s.startswith("SELECT") and "FROM stock_level" in s]
    assert reads == []
    assert _levels(factory)[("MUG-1", "A-01-1")] == 90


def test_a_level_moved_between_the_check_and_the_write_is_read_again(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """A receipt lands between the check and the write: the guarded write refuses, the
    file is checked again, and the levels end at the file's quantities with the receipt
    in the ledger."""
    _stock(factory, table(STOCK, *ROWS, file="monday.csv"))
    reads = 0

    @contextmanager
    def reading() -> Iterator[UnitOfWork]:
        nonlocal reads
        with factory.for_reading()() as uow:
            yield uow
        reads += 1
        if reads == 1:
            with factory() as other:
                stock.receive(other, FixedClock(), sku_code="MUG-1", qty=5, location="A-01-1",
                              operator="OP-REC-1", station_id="RECV-01")  # fmt: skip
                other.commit()

    data = table(STOCK, ["MUG-1", "A-01-1", "90"], ["MUG-1", "A-01-2", "30"], file="tue.csv")
    report = import_table(factory, FixedClock(), ImportKind.STOCK, data, "OP-ADM-1",
                          "PACK-01", read=reading)  # type: ignore[arg-type]  # fmt: skip
    assert reads == 2
    assert (report.created, report.updated) == (0, 2)
    levels = _levels(factory)
    assert (levels[("MUG-1", "A-01-1")], levels[("MUG-1", "A-01-2")]) == (90, 30)
    assert db_check.rebuild_stock_cache(factory.engine) == []
    with factory.engine.connect() as connection:
        taken = connection.exec_driver_sql(
            "SELECT qty FROM stock_move WHERE reference = 'tue.csv' AND from_location = 'A-01-1'"
        ).scalar_one()
    assert taken == 15  # 100 + the 5 received, down to 90

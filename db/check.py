"""Health checks: the database file itself, and the stock cache against the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from db.engine import storage_errors
from db.models import StockLevelRow, StockMoveRow
from wms_tui.i18n import _


@dataclass(frozen=True)
class Drift:
    sku: str
    location: str
    cached: int
    ledger: int


def integrity_check(engine: Engine) -> list[str]:
    """Problems found, in the configured language; an empty list means healthy."""
    problems: list[str] = []
    with storage_errors(), engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            for (line,) in connection.exec_driver_sql("PRAGMA integrity_check"):
                if line != "ok":
                    problems.append(str(line))
            for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(_("boot.check.foreign_key", row=str(tuple(row))))
        else:
            connection.execute(text("SELECT 1"))
            if connection.scalar(text("SELECT pg_is_in_recovery()")):
                problems.append(_("boot.check.standby"))
        bad = connection.scalar(
            select(func.count()).select_from(StockMoveRow).where(StockMoveRow.qty <= 0)
        )
        if bad:
            problems.append(_("boot.check.bad_moves", count=bad))
    return problems


def _since(connection: Connection, sku_code: str, location: str) -> datetime | None:
    """The level's moves replayed in time order: when it last went from nothing to
    something, as the posting function records it (StockLevelRow.since)."""
    m = StockMoveRow
    rows = connection.execute(
        select(m.at, m.qty, m.to_location)
        .where(m.sku_code == sku_code, or_(m.to_location == location, m.from_location == location))
        .order_by(m.at, m.move_id)
    )
    qty, since = 0, None
    for at, moved, to_location in rows:
        if to_location == location:
            since = at if qty <= 0 else since
            qty += moved
        else:
            qty -= moved
    return since if qty > 0 else None


def rebuild_stock_cache(engine: Engine) -> list[Drift]:
    """Recompute stock_level from stock_move, fix the cache and report every difference.

    Runs in one write transaction, so no move is posted between reading and fixing.
    """
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    drifts: list[Drift] = []
    with storage_errors(), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE stock_move, stock_level IN EXCLUSIVE MODE"))
        ledger: dict[tuple[str, str], int] = defaultdict(int)
        for column, sign in ((StockMoveRow.to_location, 1), (StockMoveRow.from_location, -1)):
            rows = connection.execute(
                select(StockMoveRow.sku_code, column, func.sum(StockMoveRow.qty)).group_by(
                    StockMoveRow.sku_code, column
                )
            )
            for sku, location, qty in rows:
                ledger[(sku, location)] += sign * int(qty)
        cached = {
            (sku, location): int(qty)
            for sku, location, qty in connection.execute(
                select(StockLevelRow.sku_code, StockLevelRow.location, StockLevelRow.qty)
            )
        }
        for key in sorted(set(ledger) | set(cached)):
            want, have = ledger.get(key, 0), cached.get(key)
            if have == want or (have is None and want == 0):
                continue
            drifts.append(Drift(key[0], key[1], have or 0, want))
            since = _since(connection, *key)
            if have is None:
                connection.execute(
                    insert(StockLevelRow).values(
                        sku_code=key[0], location=key[1], qty=want, since=since
                    )
                )
            elif key in ledger:
                connection.execute(
                    update(StockLevelRow)
                    .where(StockLevelRow.sku_code == key[0], StockLevelRow.location == key[1])
                    .values(qty=want, since=since)
                )
            else:
                connection.execute(
                    delete(StockLevelRow).where(
                        StockLevelRow.sku_code == key[0], StockLevelRow.location == key[1]
                    )
                )
    return drifts

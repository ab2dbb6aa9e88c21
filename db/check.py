"""Health checks: the database file itself, and the stock cache against the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, literal, select, text, union_all, update
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


def replay_levels(connection: Connection) -> dict[tuple[str, str], tuple[int, datetime | None]]:
    """Every level as the ledger makes it: its quantity, and when it last went from nothing
    to something (StockLevelRow.since; None unless it holds stock). Moves in time order; at
    one time, stock leaving before stock arriving."""
    m = StockMoveRow
    legs = union_all(
        select(m.sku_code, m.from_location.label("location"), (-m.qty).label("delta"),
               m.at, literal(0).label("arriving"), m.move_id),
        select(m.sku_code, m.to_location.label("location"), m.qty.label("delta"),
               m.at, literal(1).label("arriving"), m.move_id),
    ).subquery()  # fmt: skip
    ordered = select(legs.c.sku_code, legs.c.location, legs.c.delta, legs.c.at).order_by(
        legs.c.at, legs.c.arriving, legs.c.move_id
    )
    qty: dict[tuple[str, str], int] = defaultdict(int)
    since: dict[tuple[str, str], datetime | None] = {}
    # Streamed: a ledger of years need not sit in memory at once.
    for sku, location, delta, at in connection.execute(
        ordered.execution_options(stream_results=True)
    ):
        key = (sku, location)
        if delta > 0 and qty[key] <= 0:
            since[key] = at
        qty[key] += int(delta)
    return {key: (n, since.get(key) if n > 0 else None) for key, n in qty.items()}


def rebuild_stock_cache(engine: Engine) -> list[Drift]:
    """Recompute stock_level from stock_move, fix the cache and report every difference.

    Runs in one write transaction, so no move is posted between reading and fixing.
    """
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    drifts: list[Drift] = []
    with storage_errors(), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE stock_move, stock_level IN EXCLUSIVE MODE"))
        ledger = replay_levels(connection)
        cached = {
            (sku, location): (int(qty), since)
            for sku, location, qty, since in connection.execute(
                select(
                    StockLevelRow.sku_code,
                    StockLevelRow.location,
                    StockLevelRow.qty,
                    StockLevelRow.since,
                )
            )
        }
        for key in sorted(set(ledger) | set(cached)):
            want, since = ledger.get(key, (0, None))
            have, had_since = cached.get(key, (None, None))
            where = (StockLevelRow.sku_code == key[0], StockLevelRow.location == key[1])
            if have == want or (have is None and want == 0):
                if want > 0 and had_since is None and since is not None:
                    # Posting keeps `since` exactly; the replay only fills one that is missing
                    # (moves at one time have no order the ledger can tell again).
                    connection.execute(update(StockLevelRow).where(*where).values(since=since))
                continue
            drifts.append(Drift(key[0], key[1], have or 0, want))
            if have is None:
                connection.execute(
                    insert(StockLevelRow).values(
                        sku_code=key[0], location=key[1], qty=want, since=since
                    )
                )
            elif key in ledger:
                connection.execute(
                    update(StockLevelRow).where(*where).values(qty=want, since=since)
                )
            else:
                connection.execute(delete(StockLevelRow).where(*where))
    return drifts

"""Tamper evidence: the ledger and the audit log sealed by a keyed hash chain.

Triggers make both tables append-only, but whoever owns the database can drop a trigger,
edit a move and its cache together, and `wms check` would find the ledger agreeing with
itself. So every committed row is sealed: its hash is HMAC(key, previous hash + the row),
kept in `ledger_chain`, in the order rows were committed. Changing, removing or slipping in
a sealed row breaks the chain at that row, and `verify` names it. The key comes from a file
outside the database (`[security] chain_key_file`); without one the chain is plain SHA-256,
which still shows an edit made by anyone who does not also rebuild the chain.

Sealing follows the commits: stations seal what is new every minute (and `wms check` and
`wms backup` first), so a row is open to a quiet edit only until then. Commit order is
SQLite's rowid (one writer at a time) and, on PostgreSQL, `stock_move.seq` / `audit_log.id`
from sequences: there the sealer first takes a brief SHARE lock, which waits for the
transactions still inserting, so every row numbered up to the maximum it reads is committed.
"""

from __future__ import annotations

import hashlib
import hmac
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Engine, func, literal_column, select, text
from sqlalchemy.exc import DBAPIError

from db.engine import sqlstate, storage_errors
from db.models import AuditRow, LedgerChainRow, StockMoveRow

BATCH = 2000


@dataclass(frozen=True)
class Chain:
    name: str
    table: Any
    key_sqlite: str
    key_postgresql: str
    row_id: str
    columns: tuple[str, ...]

    def key(self, postgresql: bool) -> Column[Any]:
        name = self.key_postgresql if postgresql else self.key_sqlite
        return self.table.c[name] if name in self.table.c else literal_column(name)  # type: ignore[no-any-return]


CHAINS = (
    Chain(
        "stock_move", StockMoveRow.__table__, "rowid", "seq", "move_id",
        ("move_id", "sku_code", "qty", "from_location", "to_location", "reason", "reference",
         "operator", "station_id", "scan_id", "at", "reverses"),
    ),
    Chain(
        "audit_log", AuditRow.__table__, "id", "id", "id",
        ("id", "at", "action", "operator", "station_id", "subject", "detail"),
    ),
)  # fmt: skip


def _canonical(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return "" if value is None else str(value)


def row_hash(key: bytes, previous: str, values: Sequence[object]) -> str:
    body = "\x1f".join(_canonical(value) for value in values).encode("utf-8")
    return hmac.new(key, previous.encode("ascii") + b"\x1e" + body, hashlib.sha256).hexdigest()


def _postgresql(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


class SealRefused(Exception):
    """This database role may not take the seal's lock (the stations' role of `wms db grant`):
    the owner's `wms check` or `wms backup` seals."""


def _committed_upto(engine: Engine, chain: Chain) -> int | None:
    """PostgreSQL: the highest key whose row (and every row below it) is committed; None when
    the lock is not to be had at once (an import writing): the next round seals."""
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '200ms'"))
        try:
            connection.execute(text(f"LOCK TABLE {chain.name} IN SHARE MODE"))
        except DBAPIError as exc:
            if sqlstate(exc) == "42501":  # insufficient privilege: not a busy moment
                raise SealRefused(chain.name) from exc
            return None
        upto = connection.scalar(select(func.max(chain.key(True))))
    return int(upto or 0)


def _last_sealed(connection: Connection, chain: Chain) -> tuple[int, str]:
    last = connection.execute(
        select(LedgerChainRow.row_key, LedgerChainRow.hash)
        .where(LedgerChainRow.chain == chain.name)
        .order_by(LedgerChainRow.row_key.desc())
        .limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, "")


def seal(engine: Engine, key: bytes) -> int:
    """Seals every committed row not sealed yet; returns how many. Short transactions of
    BATCH rows each, so a station's scans wait at most one of them."""
    total = 0
    postgresql = _postgresql(engine)
    with storage_errors():
        for chain in CHAINS:
            upto = _committed_upto(engine, chain) if postgresql else None
            if postgresql and upto is None:
                continue
            while True:
                sealed = _seal_batch(engine, chain, key, upto)
                total += sealed
                if sealed < BATCH:
                    break
    return total


def _seal_batch(engine: Engine, chain: Chain, key: bytes, upto: int | None) -> int:
    postgresql = _postgresql(engine)
    column = chain.key(postgresql)
    with engine.begin() as connection:
        if postgresql:  # one sealer at a time per chain; SQLite's write lock already is one
            connection.execute(select(func.pg_advisory_xact_lock(zlib.crc32(chain.name.encode()))))
        after, previous = _last_sealed(connection, chain)
        query = select(column, *(chain.table.c[name] for name in chain.columns)).where(
            column > after
        )
        if upto is not None:
            query = query.where(column <= upto)
        rows = connection.execute(query.order_by(column).limit(BATCH)).all()
        sealed = []
        for row in rows:
            previous = row_hash(key, previous, row[1:])
            row_id = row[1 + chain.columns.index(chain.row_id)]
            sealed.append(
                {"chain": chain.name, "row_key": int(row[0]), "row_id": str(row_id),
                 "hash": previous}
            )  # fmt: skip
        if sealed:
            connection.execute(LedgerChainRow.__table__.insert(), sealed)  # type: ignore[attr-defined]
    return len(rows)


@dataclass(frozen=True)
class Break:
    chain: str
    row_id: str
    why: str  # changed | missing | unsealed


def verify(engine: Engine, key: bytes) -> list[Break]:
    """The first broken row of each chain, if any: changed, gone, or slipped in among the
    sealed ones."""
    breaks: list[Break] = []
    with storage_errors(), engine.connect() as connection:
        for chain in CHAINS:
            found = _verify_chain(connection, chain, key)
            if found is not None:
                breaks.append(found)
    return breaks


def _verify_chain(connection: Connection, chain: Chain, key: bytes) -> Break | None:
    column = chain.key(_postgresql(connection))
    last, _hash = _last_sealed(connection, chain)
    previous, after = "", 0
    while after < last:
        stored = connection.execute(
            select(LedgerChainRow.row_key, LedgerChainRow.row_id, LedgerChainRow.hash)
            .where(LedgerChainRow.chain == chain.name, LedgerChainRow.row_key > after)
            .order_by(LedgerChainRow.row_key)
            .limit(BATCH)
        ).all()
        if not stored:
            break
        upto = int(stored[-1][0])
        rows = {
            int(row[0]): row[1:]
            for row in connection.execute(
                select(column, *(chain.table.c[name] for name in chain.columns))
                .where(column > after, column <= upto)
                .order_by(column)
            )
        }
        for row_key, row_id, sealed_hash in stored:
            values = rows.pop(int(row_key), None)
            if values is None:
                return Break(chain.name, str(row_id), "missing")
            previous = row_hash(key, previous, values)
            if previous != sealed_hash:
                return Break(chain.name, str(row_id), "changed")
        if rows:  # a row among the sealed ones that was never sealed: slipped in later
            first = rows[min(rows)]
            return Break(chain.name, str(first[chain.columns.index(chain.row_id)]), "unsealed")
        after = upto
    return None

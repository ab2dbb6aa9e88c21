"""The stock ledger: the one function that posts moves, and the reads around it.

Posting runs inside a savepoint, so a refused move leaves nothing behind even if the caller
goes on with its unit of work; the scan pipeline's units of work, which roll back a refused
scan whole, post without one (SqlLedger says how). At a location frozen for a count, stock
may not leave, stock arriving from outside (a virtual source) is held until the count is
decided (db/held_moves.py), and stock from another real location is refused. The UNIQUE
constraint on move_id decides idempotency; quantities change only through guarded atomic
statements, never read-modify-write in Python. Rows are touched in location order so that
two transactions never wait on each other in a cycle.

"Available" counts bins only, and only unfrozen ones: receiving, packing, dock, returns and
quarantine hold stock that is not (yet, or any more) sellable.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import level_setting
from db import statements as sql
from db.converters import move_from_row, move_values
from db.errors import constraint_name, is_foreign_key_violation
from db.held_moves import frozen_error, hold
from db.models import LocationRow, ReservationRow, SkuRow, StockLevelRow, StockMoveRow
from db.statements import run
from wms_tui.core.errors import (
    AlreadyReversed,
    InsufficientStock,
    InvalidMove,
    UnknownLocation,
    UnknownMove,
    UnknownSku,
)
from wms_tui.core.model import VIRTUAL_LOCATIONS, LocationKind, MoveReason, StockLevel, StockMove
from wms_tui.core.ports import LevelSetting

SELLABLE_KINDS = (LocationKind.BIN.value,)


def dialect_insert(session: Session) -> Any:
    """INSERT with ON CONFLICT: both engines have it, each dialect spells the construct."""
    name = session.get_bind().dialect.name
    return postgresql.insert if name == "postgresql" else sqlite.insert


def _since(delta: int, at: object) -> object:
    """What a level's `since` becomes if this add is the one that stocks it: only units
    arriving can; a virtual source drawn below zero has no age."""
    return at if delta > 0 else None


def _summed(steps: list[tuple[str, str, int, object]]) -> tuple[int, object]:
    """One level's changes in a batch as one: the sum, dated by the latest arrival."""
    arrivals = [when for _loc, _sku, delta, when in steps if delta > 0 and when is not None]
    total = sum(delta for _loc, _sku, delta, _when in steps)
    return total, max(arrivals, key=str) if arrivals else None


class _OneByOne(Exception):
    """A batch of moves is not plain: undo it and post the moves one by one."""


class SqlLedger:
    """`savepoints=False` is for units of work that end on any refusal (the scan pipeline
    rolls back a refused scan, a whole refused batch): they need no savepoint per move, two
    round trips each on PostgreSQL. A move refused after it started writing then marks the
    ledger `half_posted`, and the unit of work refuses to commit it."""

    def __init__(self, session: Session, *, savepoints: bool = True) -> None:
        self._session = session
        self._insert = dialect_insert(session)
        self._savepoints = savepoints
        self._writing = False
        self.half_posted = False

    # --- posting ---------------------------------------------------------------------
    def post(self, move: StockMove) -> bool:
        move.validate()
        if self._savepoints or move.reverses is not None:
            with self._session.begin_nested():
                return self._post(move)
        self._writing = False
        try:
            return self._post(move)
        except BaseException:
            self.half_posted = self.half_posted or self._writing
            raise

    def post_many(self, moves: Sequence[StockMove]) -> list[bool]:
        """Posts moves as `post` would one after another, in a few statements for all of
        them: one location check, one INSERT, one guarded UPDATE per run of bins taken
        from. Anything that is not plain (a reversal, a frozen or unknown location, one
        level touched twice, a shortfall) is posted one by one, for `post`'s own answer."""
        for move in moves:
            move.validate()
        # A level may be named by many moves (@adjustment for a whole stock file, the dock
        # a manifest's parcels leave): its changes are summed into one. A real level only
        # taken from, or only added to, in the batch: taking the sum is taking each in turn
        # (each take fits when all of them do); one both taken from and added to would
        # depend on the order, and goes one by one.
        taken = {(m.sku_code, m.from_location) for m in moves}
        added = {(m.sku_code, m.to_location) for m in moves}
        both = {pair for pair in taken & added if pair[1] not in VIRTUAL_LOCATIONS}
        plain = (
            len(moves) > 1
            and all(move.reverses is None for move in moves)
            and not both
            and len({move.move_id for move in moves}) == len(moves)
        )
        # Stock from a real location may fall short after the batch wrote: that needs the
        # savepoint, so that `post` one by one can name the move that fell short.
        takes = any(move.from_location not in VIRTUAL_LOCATIONS for move in moves)
        if plain and (self._savepoints or takes):
            try:
                with self._session.begin_nested():
                    return self._post_together(moves)
            except (_OneByOne, IntegrityError):
                pass  # rolled back to the savepoint: nothing of the batch is left
        elif plain:
            # Only stock coming in (a return, a receipt), in a unit of work that ends on any
            # refusal: no savepoint, two round trips fewer on PostgreSQL. A batch turned
            # back before it wrote (a frozen or unknown location, moves all posted before)
            # goes one by one as above. One that met some moves posted before has written
            # the others: it is marked half posted, and the unit of work refuses to commit.
            self._writing = False
            try:
                return self._post_together(moves)
            except _OneByOne:
                self.half_posted = self.half_posted or self._writing
            except IntegrityError as exc:
                # Only an unknown SKU gets here (a plain batch conflicts on nothing else),
                # and PostgreSQL has ended the transaction: the step is refused whole.
                if not is_foreign_key_violation(exc):
                    raise
                raise UnknownSku(sku=self._unknown_sku(exc, moves)) from exc
        return [self.post(move) for move in moves]

    def _unknown_sku(self, exc: IntegrityError, moves: Sequence[StockMove]) -> str:
        """The SKU a batch's INSERT did not know: PostgreSQL names it; SQLite, whose
        transaction goes on, is asked."""
        detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None) or ""
        if (named := re.search(r"\(sku_code\)=\((.*)\) is not present", detail)) is not None:
            return named.group(1)
        skus = sorted({move.sku_code for move in moves})
        if getattr(exc.orig, "sqlstate", None) is None:
            known = set(self._session.scalars(select(SkuRow.code).where(SkuRow.code.in_(skus))))
            skus = [sku for sku in skus if sku not in known] or skus
        return ", ".join(skus)

    def shape(self, setting: LevelSetting) -> LevelSetting:
        return level_setting.shape(self._session, setting)

    def post_setting(self, setting: LevelSetting) -> bool:
        posted = level_setting.post(self._session, setting)
        # Some of it may be written: the unit of work refuses to commit it.
        self.half_posted = self.half_posted or not posted
        return posted

    def _post_together(self, moves: Sequence[StockMove]) -> list[bool]:
        codes = sorted({code for m in moves for code in (m.from_location, m.to_location)})
        found = {
            row.code: row for row in run(self._session, sql.LOCATIONS_FOR_MOVE, {"codes": codes})
        }
        adjusting = all(move.reason is MoveReason.COUNT_ADJUSTMENT for move in moves)
        if len(found) != len(codes) or (not adjusting and any(r.frozen for r in found.values())):
            raise _OneByOne()
        virtual = {code for code, row in found.items() if row.kind == LocationKind.VIRTUAL.value}
        values = [move_values(move) for move in moves]
        # Counted, not returned: a batch whose moves all go in (the usual case, and a stock
        # file's) needs no ids back; one that met a posted move goes one by one instead.
        inserted_count = sql.MOVE_INSERT_MANY.count(self._session, values)
        self._writing = inserted_count > 0
        if inserted_count != len(values):
            raise _OneByOne()
        inserted = {v["move_id"] for v in values}
        at = {v["move_id"]: v["at"] for v in values}
        # In location order, as `post` touches them: one lock order for every transaction.
        steps = sorted(
            (location, move.sku_code, delta, at[move.move_id])
            for move in moves
            if move.move_id in inserted
            for location, delta in ((move.from_location, -move.qty), (move.to_location, move.qty))
        )
        for taking, run_of in itertools.groupby(
            steps, key=lambda step: step[2] < 0 and step[0] not in virtual
        ):
            levels = list(run_of)
            if taking:
                params = [
                    {"b_sku": sku, "b_location": loc, "b_qty": -_summed(list(group))[0]}
                    for (loc, sku), group in itertools.groupby(levels, key=lambda s: s[:2])
                ]
                if sql.take_levels(self._session, params) != len(params):
                    raise _OneByOne()  # a shortfall: `post` names which one
            else:
                # Signed: a virtual source (@supplier, @adjustment) goes below zero, as the
                # double entry wants, where it is added to by `post` one by one.
                rows_added = [
                    {"sku_code": sku, "location": loc, "qty": delta, "since": _since(delta, when)}
                    for (loc, sku), group in itertools.groupby(levels, key=lambda s: s[:2])
                    for delta, when in [_summed(list(group))]
                ]
                sql.LEVEL_ADD_MANY.count(self._session, rows_added)
        return [move.move_id in inserted for move in moves]

    def _post(self, move: StockMove) -> bool:
        virtual, held = self._check_locations(move)
        if move.reverses is not None and not self._check_reversal(move):
            return False
        if held:
            # Only stock from outside the warehouse (a receipt, a return) waits: units moved
            # from a real location would stay spendable there while the move waited, and the
            # move could fail at approval with nobody left to tell. Those goods wait on the
            # floor instead, and the refusal says whose count they wait for.
            if move.from_location not in virtual:
                raise frozen_error(self._session, move.to_location)
            return hold(self._session, self._insert, move)
        values = move_values(move)
        try:
            statement = sql.MOVE_INSERT(self._session)
            self._writing = True
            inserted = run(self._session, statement, values).first() is not None
        except IntegrityError as exc:
            if constraint_name(exc) == "uq_stock_move_reverses" or "reverses" in str(exc.orig):
                raise AlreadyReversed(move_id=move.reverses) from exc
            if is_foreign_key_violation(exc):
                raise UnknownSku(sku=move.sku_code) from exc
            raise
        if not inserted:
            return False
        steps = sorted(
            [(move.from_location, -move.qty), (move.to_location, move.qty)],
            key=lambda step: step[0],
        )
        for location, delta in steps:
            if delta < 0 and location not in virtual:
                self._take(move.sku_code, location, -delta)
            else:
                self._add(move.sku_code, location, delta, values["at"])
        return True

    def _check_locations(self, move: StockMove) -> tuple[set[str], bool]:
        """Both locations exist and stock does not leave a frozen one; returns the virtual
        ones, and whether the move must wait for the count of its destination."""
        codes = sorted({move.from_location, move.to_location})
        # FOR SHARE (nothing on SQLite, whose write units run one at a time): a freeze takes
        # the row FOR UPDATE before it reads the levels, so it waits for this move to commit
        # and sees its stock, or this waits for the freeze and sees it frozen. Shared, so
        # moves through one location (@supplier, a packing bench) do not queue behind
        # each other.
        rows = run(self._session, sql.LOCATIONS_FOR_MOVE, {"codes": codes}).all()
        found = {row.code: row for row in rows}
        for code in codes:
            if code not in found:
                raise UnknownLocation(location=code)
        virtual = {code for code, row in found.items() if row.kind == LocationKind.VIRTUAL.value}
        # A count adjustment is exactly what a frozen location is waiting for.
        if move.reason is MoveReason.COUNT_ADJUSTMENT:
            return virtual, False
        if found[move.from_location].frozen:
            raise frozen_error(self._session, move.from_location)
        return virtual, bool(found[move.to_location].frozen)

    def _check_reversal(self, move: StockMove) -> bool:
        """False when this very reversal was posted before (a replay)."""
        original = self._session.get(StockMoveRow, move.reverses)
        if original is None:
            raise UnknownMove(move_id=move.reverses)
        if (
            original.sku_code != move.sku_code
            or original.qty != move.qty
            or original.from_location != move.to_location
            or original.to_location != move.from_location
        ):
            raise InvalidMove(why="reversal", move_id=move.move_id)
        earlier = self._session.scalar(
            select(StockMoveRow.move_id).where(StockMoveRow.reverses == move.reverses)
        )
        if earlier is None:
            return True
        if earlier == move.move_id:
            return False
        raise AlreadyReversed(move_id=move.reverses)

    def _take(self, sku_code: str, location: str, qty: int) -> None:
        params = {"b_sku": sku_code, "b_location": location, "b_qty": qty}
        if run(self._session, sql.LEVEL_TAKE, params).rowcount == 0:
            raise InsufficientStock(
                sku=sku_code, location=location, wanted=qty, on_hand=self.level(sku_code, location)
            )

    def _add(self, sku_code: str, location: str, delta: int, at: object) -> None:
        params = {
            "b_sku": sku_code,
            "b_location": location,
            "b_qty": delta,
            "b_at": _since(delta, at),
        }
        run(self._session, sql.LEVEL_ADD(self._session), params)

    # --- reading ---------------------------------------------------------------------
    def get(self, move_id: str) -> StockMove | None:
        row = self._session.get(StockMoveRow, move_id)
        return None if row is None else move_from_row(row)

    def level(self, sku_code: str, location: str) -> int:
        qty = run(self._session, sql.LEVEL_OF, {"sku": sku_code, "location": location}).scalar()
        return int(qty or 0)

    def levels(self, sku_code: str | None = None) -> list[StockLevel]:
        if sku_code is None:
            rows = run(self._session, sql.LEVELS_ALL)
        else:
            rows = run(self._session, sql.LEVELS_OF_SKU, {"sku": sku_code})
        return [StockLevel(row.sku_code, row.location, row.qty) for row in rows]

    def levels_at(self, location: str) -> list[tuple[str, int]]:
        query = (
            select(StockLevelRow.sku_code, StockLevelRow.qty)
            .where(StockLevelRow.location == location, StockLevelRow.qty != 0)
            .order_by(StockLevelRow.sku_code)
        )
        return [(sku, qty) for sku, qty in self._session.execute(query)]

    # --- reservations ----------------------------------------------------------------
    def reserve(self, order_no: str, sku_code: str, qty: int) -> None:
        if qty <= 0:
            raise InvalidMove(why="qty", move_id=order_no)
        statement = self._insert(ReservationRow).values(
            order_no=order_no, sku_code=sku_code, qty=qty
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["order_no", "sku_code"],
                set_={"qty": ReservationRow.qty + statement.excluded.qty},
            )
        )

    def hold_availability(self, sku_codes: Iterable[str]) -> None:
        # PostgreSQL: the SKU rows, in code order (one lock order for every desk), FOR NO
        # KEY UPDATE, which a stock move's foreign key check (FOR KEY SHARE) never waits for.
        # SQLite: every write unit already holds the whole file (BEGIN IMMEDIATE).
        codes = sorted(set(sku_codes))
        if codes and self._session.get_bind().dialect.name != "sqlite":
            self._session.execute(
                select(SkuRow.code)
                .where(SkuRow.code.in_(codes))
                .order_by(SkuRow.code)
                .with_for_update(key_share=True)
            )

    def release_reservations(self, order_no: str) -> None:
        self._session.execute(delete(ReservationRow).where(ReservationRow.order_no == order_no))

    def reserved(self, sku_code: str) -> int:
        total = self._session.scalar(
            select(func.sum(ReservationRow.qty)).where(ReservationRow.sku_code == sku_code)
        )
        return int(total or 0)

    def available(self, sku_code: str) -> int:
        on_hand = self._session.scalar(
            select(func.sum(StockLevelRow.qty))
            .join(LocationRow, LocationRow.code == StockLevelRow.location)
            .where(
                and_(
                    StockLevelRow.sku_code == sku_code,
                    LocationRow.kind.in_(SELLABLE_KINDS),
                    LocationRow.frozen.is_(False),
                )
            )
        )
        return int(on_hand or 0) - self.reserved(sku_code)

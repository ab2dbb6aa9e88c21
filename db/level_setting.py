"""A stock file's levels, set in a few statements while the write lock is held.

A stock import states what is there: each (SKU, location) goes from what validation read
to the file's quantity, one move each against `@adjustment`. Posted as `post_many` posts
them, a 100,000-row file held SQLite's write lock for three seconds, two of them Python
building rows. Here the rows are built first (`shape`, in the unit of work that read the
levels), and under the lock each level is set only where it still holds what was read:
one guarded statement per kind of level, whose count says whether anyone moved stock
meanwhile. A level that changed makes the whole write refuse, and the import reads again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from db import statements as sql
from db.converters import move_values
from db.statements import InsertMany, Shaped, run
from wms_tui.core.model import VIRTUAL_LOCATIONS, LocationKind
from wms_tui.core.ports import LevelSetting

# A level that held nothing: inserted, or set where it still holds nothing. `since` dates
# its units from this move, as an add to an empty level does.
_FRESH = InsertMany(
    sql.LEVELS,
    ["sku_code", "location", "qty", "since"],
    lambda insert: insert.on_conflict_do_update(
        index_elements=["sku_code", "location"],
        set_={"qty": insert.excluded.qty, "since": insert.excluded.since},
        where=sql.LEVELS.c.qty == 0,
    ),
    returning=sql.LEVELS.c.sku_code,  # PostgreSQL counts what it returns
)
# A level that held units keeps its `since`: only its quantity changes, where it is still
# the quantity read.
_HELD_SQLITE = "UPDATE stock_level SET qty = ? WHERE sku_code = ? AND location = ? AND qty = ?"
# Locked in (location, sku) order, as `post` and the batched take lock them (see
# statements._LEVEL_TAKE_UNNESTED): two transactions take their locks in one order.
_HELD_UNNESTED = text(
    """
    WITH wanted AS (
        SELECT * FROM unnest(
            CAST(:skus AS VARCHAR[]), CAST(:locations AS VARCHAR[]),
            CAST(:olds AS INTEGER[]), CAST(:news AS INTEGER[])
        ) AS w(sku_code, location, old, new)
    ), locked AS MATERIALIZED (
        SELECT l.sku_code, l.location FROM stock_level AS l
        JOIN wanted AS w ON l.sku_code = w.sku_code AND l.location = w.location
        ORDER BY l.location, l.sku_code
        FOR UPDATE OF l
    )
    UPDATE stock_level AS l SET qty = w.new
    FROM wanted AS w JOIN locked AS k ON k.sku_code = w.sku_code AND k.location = w.location
    WHERE l.sku_code = w.sku_code AND l.location = w.location AND l.qty = w.old
    """
)


@dataclass(frozen=True)
class _Rows:
    codes: list[str]
    moves: Shaped
    fresh: Shaped
    held: Shaped
    virtual: Shaped


def shape(session: Session, setting: LevelSetting) -> LevelSetting:
    """The rows of `setting` for this session's database; reads nothing."""
    held: list[tuple[int, str, str, int]] = []
    fresh: list[dict[str, Any]] = []
    virtual: dict[tuple[str, str], tuple[int, datetime]] = {}
    now = datetime.now(UTC)
    seen: set[tuple[str, str]] = set()
    for move in setting.moves:
        move.validate()
        incoming = move.from_location in VIRTUAL_LOCATIONS
        real, other = (
            (move.to_location, move.from_location)
            if incoming
            else (move.from_location, move.to_location)
        )
        pair = (move.sku_code, real)
        if real in VIRTUAL_LOCATIONS or other not in VIRTUAL_LOCATIONS or pair in seen:
            raise ValueError(f"not a level setting: {move.move_id}")
        seen.add(pair)
        old = setting.before.get(pair, 0)
        new = old + (move.qty if incoming else -move.qty)
        if new < 0:
            raise ValueError(f"a level set below zero: {pair}")
        at = move.at or now
        if old == 0:
            fresh.append({"sku_code": move.sku_code, "location": real, "qty": new, "since": at})
        else:
            held.append((new, move.sku_code, real, old))
        summed, _at = virtual.get((move.sku_code, other), (0, at))
        virtual[(move.sku_code, other)] = (summed - (new - old), at)
    # In (location, sku) order: the order every writer locks levels in.
    fresh.sort(key=lambda row: (row["location"], row["sku_code"]))
    held.sort(key=lambda row: (row[2], row[1]))
    added = [
        {"sku_code": sku, "location": location, "qty": qty, "since": at if qty > 0 else None}
        for (sku, location), (qty, at) in sorted(virtual.items(), key=lambda i: i[0][::-1])
        if qty
    ]
    codes = sorted({code for m in setting.moves for code in (m.from_location, m.to_location)})
    rows = _Rows(
        codes,
        sql.MOVE_INSERT_MANY.shape(session, [move_values(m, now) for m in setting.moves]),
        _FRESH.shape(session, fresh),
        _shape_held(session, held),
        sql.LEVEL_ADD_MANY.shape(session, added),
    )
    return replace(setting, shaped=rows)


def _shape_held(session: Session, held: list[tuple[int, str, str, int]]) -> Shaped:
    if session.get_bind().dialect.name == "sqlite":
        return Shaped(len(held), held)
    arrays = {
        "news": [row[0] for row in held],
        "skus": [row[1] for row in held],
        "locations": [row[2] for row in held],
        "olds": [row[3] for row in held],
    }
    return Shaped(len(held), arrays)


def post(session: Session, setting: LevelSetting) -> bool:
    """Writes `setting`; False as soon as something is not as it was read (a location
    frozen or gone, a move id taken, a level changed): the caller must roll back."""
    if not isinstance(setting.shaped, _Rows):
        setting = shape(session, setting)
    rows = setting.shaped
    assert isinstance(rows, _Rows)
    # Shared locks on the locations, as `post` takes them: a count cannot freeze one
    # between this check and the levels set below.
    found = list(run(session, sql.LOCATIONS_FOR_MOVE, {"codes": rows.codes}))
    if len(found) != len(rows.codes) or any(
        row.frozen and row.kind != LocationKind.VIRTUAL.value for row in found
    ):
        return False
    if sql.MOVE_INSERT_MANY.run_shaped(session, rows.moves) != rows.moves.count:
        return False
    if _set_held(session, rows.held) != rows.held.count:
        return False
    if _FRESH.run_shaped(session, rows.fresh) != rows.fresh.count:
        return False
    sql.LEVEL_ADD_MANY.run_shaped(session, rows.virtual)
    return True


def _set_held(session: Session, held: Shaped) -> int:
    if not held.count:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        return sql.sqlite_executemany(session, _HELD_SQLITE, held.params)
    return int(run(session, _HELD_UNNESTED, held.params).rowcount)

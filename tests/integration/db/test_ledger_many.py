"""`ledger.post_many` on both engines: what `post` one by one would do, in a few statements."""

from __future__ import annotations

import pytest

from db.check import rebuild_stock_cache
from db.uow import SqlUnitOfWorkFactory
from tests.integration.db.helpers import move
from tests.sql_log import statements
from wms_tui.core.errors import InsufficientStock, LocationFrozen, UnknownLocation, UnknownSku
from wms_tui.core.model import VIRTUAL_SUPPLIER, Sku, StockLevel

SKUS = [f"M-{n:02d}" for n in range(1, 21)]


@pytest.fixture
def twenty(uow_factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    """Twenty SKUs with 5 units each in A-01, and nothing anywhere else."""
    with uow_factory() as uow:
        for sku in SKUS:
            uow.skus.add(Sku(sku, sku, sku))
        uow.ledger.post_many([move(f"in-{s}", 5, VIRTUAL_SUPPLIER, "A-01", sku=s) for s in SKUS])
        uow.commit()
    return uow_factory


def levels(factory: SqlUnitOfWorkFactory) -> list[StockLevel]:
    with factory() as uow:
        return [level for level in uow.ledger.levels() if level.on_hand]


def test_many_moves_post_as_one_by_one_would_in_a_few_statements(
    twenty: SqlUnitOfWorkFactory,
) -> None:
    moves = [move(f"out-{s}", 2, "A-01", "A-02", sku=s) for s in SKUS]
    with twenty() as uow:
        uow.session.connection()
        with statements(twenty.engine) as seen:
            assert uow.ledger.post_many(moves) == [True] * len(SKUS)
        # SAVEPOINT, location check, INSERT, UPDATE (bins taken from), INSERT (upsert), RELEASE
        # where one by one it is six statements for each move.
        assert len(seen) <= 6, seen
        uow.commit()
    after = {(level.sku_code, level.location): level.on_hand for level in levels(twenty)}
    for sku in SKUS:
        assert (after[(sku, "A-01")], after[(sku, "A-02")]) == (3, 2)
        # The fixture received them in one batch too: @supplier gave what A-01 got.
        assert after[(sku, VIRTUAL_SUPPLIER)] == -5
    assert rebuild_stock_cache(twenty.engine) == []  # the cache agrees with the ledger
    with twenty() as uow:
        assert all(uow.ledger.get(m.move_id) == m for m in moves)
        # Offered again: nothing changes, and each move says it was posted before.
        assert uow.ledger.post_many(moves) == [False] * len(SKUS)
        again = [*moves[:3], move("more", 1, "A-02", "RCV", sku="M-01")]
        assert uow.ledger.post_many(again) == [False, False, False, True]
        uow.commit()
    after[("M-01", "A-02")], after[("M-01", "RCV")] = 1, 1
    assert {(lv.sku_code, lv.location): lv.on_hand for lv in levels(twenty)} == after


def test_a_shortfall_names_its_move_and_posts_only_what_came_before(
    twenty: SqlUnitOfWorkFactory,
) -> None:
    before = levels(twenty)
    moves = [move(f"out-{s}", 9 if s == "M-07" else 1, "A-01", "A-02", sku=s) for s in SKUS]
    with twenty() as uow:
        with pytest.raises(InsufficientStock) as refused:
            uow.ledger.post_many(moves)
        assert refused.value.params["sku"] == "M-07"
        assert refused.value.params["location"] == "A-01"
        # As `post` one after another: the six moves before it stand, nothing after it.
        assert [uow.ledger.get(m.move_id) is not None for m in moves] == [
            n < 6 for n in range(len(SKUS))
        ]
        assert uow.ledger.level("M-06", "A-02") == 1
        assert uow.ledger.level("M-07", "A-01") == 5
        assert uow.ledger.level("M-08", "A-02") == 0
    assert levels(twenty) == before  # not committed: nothing


def test_frozen_unknown_and_repeated_go_one_by_one_with_posts_answers(
    twenty: SqlUnitOfWorkFactory,
) -> None:
    with twenty() as uow:
        uow.locations.set_frozen("A-02", True)
        with pytest.raises(LocationFrozen):  # from a real bin into a frozen one: refused
            uow.ledger.post_many(
                [
                    move("f1", 1, "A-01", "RCV", sku="M-01"),
                    move("f2", 1, "A-01", "A-02", sku="M-02"),
                ]
            )
        # From outside into a frozen bin: held, as `post` holds it.
        assert uow.ledger.post_many(
            [
                move("h1", 1, VIRTUAL_SUPPLIER, "A-02", sku="M-01"),
                move("h2", 1, VIRTUAL_SUPPLIER, "RCV", sku="M-02"),
            ]
        ) == [True, True]
        assert uow.ledger.get("h1") is None and uow.ledger.level("M-02", "RCV") == 1
        uow.locations.set_frozen("A-02", False)
        with pytest.raises(UnknownLocation):
            uow.ledger.post_many(
                [
                    move("u1", 1, "A-01", "A-02", sku="M-01"),
                    move("u2", 1, "A-01", "Z-9", sku="M-02"),
                ]
            )
        with pytest.raises(UnknownSku):
            uow.ledger.post_many(
                [
                    move("u3", 1, VIRTUAL_SUPPLIER, "A-02", sku="M-01"),
                    move("u4", 1, VIRTUAL_SUPPLIER, "A-02", sku="NOPE"),
                ]
            )
        # One level touched twice: the second move sees the first one's stock, as one by one.
        assert uow.ledger.post_many(
            [move("t1", 5, "A-01", "A-02", sku="M-03"), move("t2", 5, "A-02", "RCV", sku="M-03")]
        ) == [True, True]
        assert uow.ledger.level("M-03", "RCV") == 5


def test_stock_coming_in_posts_without_a_savepoint_in_a_scan_unit_of_work(
    twenty: SqlUnitOfWorkFactory,
) -> None:
    """The scan pipeline's units of work end on any refusal: a batch that only brings stock
    in (a return, a receipt) needs no savepoint, and still refuses as `post` would."""
    scans = twenty.for_scans()
    incoming = [move(f"r-{s}", 1, VIRTUAL_SUPPLIER, "RCV", sku=s) for s in SKUS[:3]]
    with scans() as uow:
        uow.session.connection()
        with statements(twenty.engine) as seen:
            assert uow.ledger.post_many(incoming) == [True] * 3
        assert not any("SAVEPOINT" in statement.upper() for statement in seen), seen
        assert len(seen) <= 3, seen  # location check, INSERT, upsert of the levels
        # Offered again, all posted before: nothing written, each says so, and it commits.
        assert uow.ledger.post_many(incoming) == [False] * 3
        uow.commit()
    with twenty() as uow:
        assert [uow.ledger.level(s, "RCV") for s in SKUS[:3]] == [1, 1, 1]
    with scans() as uow:
        with pytest.raises(UnknownSku) as refused:
            uow.ledger.post_many(
                [move("n1", 1, VIRTUAL_SUPPLIER, "RCV", sku="M-01"),
                 move("n2", 1, VIRTUAL_SUPPLIER, "RCV", sku="NOPE")]
            )  # fmt: skip
        assert refused.value.params["sku"] == "NOPE"
    with scans() as uow:
        # Some moves posted before, some new: the new ones were written by the batch, so
        # the unit of work refuses to commit half of a step.
        uow.ledger.post_many([incoming[0], move("n3", 1, VIRTUAL_SUPPLIER, "RCV", sku="M-09")])
        with pytest.raises(RuntimeError):
            uow.commit()
    with twenty() as uow:
        assert uow.ledger.get("n3") is None and uow.ledger.level("M-09", "RCV") == 0

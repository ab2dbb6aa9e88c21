"""The pure checker names each kind of violation it claims to find, and none in a clean ledger."""

from __future__ import annotations

from collections.abc import Sequence

from wms_tui.core.invariants import check_scans, check_stock, ledger_levels
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason, StockLevel, StockMove

RECEIPT = StockMove("m1", "S", 5, VIRTUAL_SUPPLIER, "A-01", MoveReason.RECEIPT)
PICK = StockMove("m2", "S", 2, "A-01", "PACK", MoveReason.PICK, scan_id="s1")
CLEAN_LEVELS = [
    StockLevel("S", VIRTUAL_SUPPLIER, -5),
    StockLevel("S", "A-01", 3),
    StockLevel("S", "PACK", 2),
]


def rules(found: Sequence[object]) -> list[str]:
    return [str(v).split()[0] for v in found]


def test_a_clean_ledger_has_no_violations() -> None:
    assert ledger_levels([RECEIPT, PICK]) == {
        ("S", VIRTUAL_SUPPLIER): -5, ("S", "A-01"): 3, ("S", "PACK"): 2,
    }  # fmt: skip
    assert check_stock([RECEIPT, PICK], CLEAN_LEVELS) == []
    assert check_scans(["s1"], {"s1": "accepted"}, {"s1": 1}) == []


def test_stock_violations_are_each_named() -> None:
    overdraw = StockMove("m3", "S", 9, "A-01", "PACK", MoveReason.PICK)
    assert "negative" in rules(check_stock([RECEIPT, overdraw], []))
    assert rules(check_stock([RECEIPT, PICK], CLEAN_LEVELS[1:])) == ["cache_drift"]
    twice = [
        StockMove(f"r{n}", "S", 2, "PACK", "A-01", MoveReason.REVERSAL, reverses="m2")
        for n in range(2)
    ]
    assert "reversal" in rules(check_stock([RECEIPT, PICK, *twice], []))


def test_scan_violations_are_each_named() -> None:
    assert rules(check_scans(["s9"], {}, {})) == ["scan_lost"]
    assert rules(check_scans(["s1"], {"s1": "pending"}, {})) == ["scan_lost"]
    assert rules(check_scans([], {"s1": "accepted"}, {"s1": 2})) == ["scan_doubled"]
    assert rules(check_scans([], {"s1": "rejected"}, {"s1": 1})) == ["scan_doubled"]
    assert rules(check_scans([], {}, {"s2": 1})) == ["scan_lost"]
    assert check_scans([], {"s1": "accepted"}, {}, unlinked=["s1"]) == []

"""Receiving rules as tables: how far a line may go, which line a unit counts against, which
dates keep a unit out of stock, and what closing a receipt books."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wms_tui.core.effects import Audit, Move
from wms_tui.core.errors import WmsError
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason
from wms_tui.core.receiving.records import PoLine, Receipt, ReceiptUnit
from wms_tui.core.receiving.rules import (
    Places,
    close_effects,
    date_fails,
    fail_reason,
    fully_received,
    limit,
    line_for,
)

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PLACES = Places("RCV-01", "QUA-01")


@pytest.mark.parametrize(
    ("ordered", "percent", "most"),
    [(10, 0, 10), (10, 10, 11), (5, 10, 5), (19, 10, 20), (100, 5, 105), (1, 100, 2)],
)
def test_the_limit_is_ordered_plus_the_tolerance_rounded_down(
    ordered: int, percent: int, most: int
) -> None:
    assert limit(ordered, percent) == most


LINES = [PoLine("PO1", 1, "TEE", 2, received=2), PoLine("PO1", 2, "CAP", 3),
         PoLine("PO1", 3, "TEE", 4, received=1)]  # fmt: skip


@pytest.mark.parametrize(
    ("sku", "qty", "line_no"),
    [
        ("TEE", 1, 3),  # line 1 is full: the next of the SKU still short
        ("TEE", 3, 3),
        ("TEE", 4, 3),  # no line has room for a case of four: the last one, to be refused
        ("CAP", 3, 2),
    ],
)
def test_a_unit_counts_against_the_first_line_of_its_sku_with_room(
    sku: str, qty: int, line_no: int
) -> None:
    assert line_for(LINES, sku, qty, "PO1").line_no == line_no


def test_a_sku_not_on_the_po_is_refused_naming_both() -> None:
    with pytest.raises(WmsError) as refused:
        line_for(LINES, "MUG", 1, "PO1")
    assert refused.value.code == "E885" and refused.value.params == {"sku": "MUG", "po": "PO1"}


@pytest.mark.parametrize(
    ("expiry", "days", "fails"),
    [
        (None, 30, False),  # nothing printed: nothing to judge
        (date(2026, 12, 6), 0, True),  # expired
        (date(2026, 12, 7), 0, False),  # good today
        (date(2027, 1, 5), 30, True),  # 29 days left of the 30 asked
        (date(2027, 1, 6), 30, False),
    ],
)
def test_a_date_too_soon_fails_as_short_dated(expiry: date | None, days: int, fails: bool) -> None:
    assert date_fails(expiry, date(2026, 12, 7), days) is fails


def test_closing_books_passed_units_in_and_failed_ones_to_quarantine() -> None:
    receipt = Receipt("RC1", "RCV-A", "PO1", "义乌百货", "RCV-1", AT)
    units = [
        ReceiptUnit("RC1", 1, "TEE", 1, 6, "RCV-1", AT),
        ReceiptUnit("RC1", 2, "TEE", 1, 1, "RCV-1", AT, reason="damaged"),
        ReceiptUnit("RC1", 3, "TEE", 3, 2, "RCV-1", AT),
        ReceiptUnit("RC1", 4, "CAP", 2, 1, "RCV-1", AT, reason="short_dated"),
    ]
    ids = iter(f"m{n}" for n in range(10))
    effects = close_effects(receipt, units, PLACES, lambda: next(ids))
    moves = [(m.sku_code, m.qty, m.from_location, m.to_location, m.reason, m.reference)
             for m in effects if isinstance(m, Move)]  # fmt: skip
    assert sorted(moves) == sorted([
        ("TEE", 8, VIRTUAL_SUPPLIER, "RCV-01", MoveReason.RECEIPT, "RC1"),
        ("TEE", 1, VIRTUAL_SUPPLIER, "QUA-01", MoveReason.QUARANTINE, "RC1/damaged"),
        ("CAP", 1, VIRTUAL_SUPPLIER, "QUA-01", MoveReason.QUARANTINE, "RC1/short_dated"),
    ])  # fmt: skip
    (audit,) = [e for e in effects if isinstance(e, Audit)]
    assert audit.detail == "PO1: passed 8, failed 2"


def test_a_po_is_received_in_full_when_every_line_is() -> None:
    assert not fully_received(LINES)
    assert fully_received([PoLine("PO1", 1, "TEE", 2, received=3)])
    assert not fully_received([])
    assert fail_reason("wrong_spec") is not None and fail_reason("smelly") is None

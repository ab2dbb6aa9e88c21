"""Building blocks for inspection's pure table tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from wms_tui.core.inspection.rules import (
    Candidate,
    Decision,
    Input,
    InspectionState,
    ItemScan,
    KitSpec,
    OpenOrder,
    OrderSheet,
    SheetLine,
    StationRules,
    StepContext,
    step,
)
from wms_tui.core.model import KitMode, OrderStatus

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR", replacement_location="SPARE-1")
KIT = KitSpec("SET", "Tea set", KitMode.KIT_BARCODE, (("CUP", 1), ("SAUCER", 1)))
LINES = (
    SheetLine(1, "TEE", "White tee", 2, unit_weight_g=200),
    SheetLine(2, "MUG", "Mug", 1, is_gift=True, unit_weight_g=300),
    SheetLine(3, "PHONE", "Phone", 1, requires_serial=True, unit_weight_g=150),
    SheetLine(4, "CUP", "Cup", 1, kit_code="SET", unit_weight_g=100),
    SheetLine(5, "SAUCER", "Saucer", 1, kit_code="SET", unit_weight_g=100),
)
SHEET = OrderSheet("T1", OrderStatus.PICKED, LINES, (KIT,), waybill="YT1", courier="yto")
SIMPLE = OrderSheet(
    "T2",
    OrderStatus.PICKED,
    (SheetLine(1, "TEE", "White tee", 2, unit_weight_g=200),),
    waybill="YT2",
)


def item(sku: str, multiplier: int = 1, lot: str = "", serial: str = "") -> ItemScan:
    return ItemScan(sku, sku.lower(), f"69{sku}", multiplier, lot, serial)


def all_items() -> list[Input]:
    return [
        item("TEE"),
        item("TEE"),
        item("MUG"),
        item("PHONE", serial="SN1"),
        item("SET"),
    ]


class Bench:
    """A station's state driven by the pure rules only, with predictable ids."""

    def __init__(
        self, rules: StationRules = RULES, weight_g: int | None = None, operator: str = "op1"
    ) -> None:
        self.rules = rules
        self.weight_g = weight_g
        self.operator = operator
        self.state = InspectionState()
        self.decisions: list[Decision] = []
        self._ids = itertools.count(1)
        self._scans = itertools.count(1)

    def ctx(self) -> StepContext:
        return StepContext(
            rules=self.rules,
            operator=self.operator,
            now=NOW,
            new_id=lambda: f"id{next(self._ids)}",
            scan_id=f"scan{next(self._scans)}",
            weight_g=self.weight_g,
        )

    def feed(self, *inputs: Input) -> Decision:
        for given in inputs:
            self.state, decision = step(self.state, given, self.ctx())
            self.decisions.append(decision)
        return self.decisions[-1]

    def open(self, sheet: OrderSheet = SHEET, candidate: Candidate | None = None) -> Decision:
        given = candidate or Candidate(sheet)
        return self.feed(OpenOrder(given.sheet.waybill or given.sheet.order_no, given))

    def counted(self, line_no: int) -> int:
        return self.state.progress.line(line_no).counted

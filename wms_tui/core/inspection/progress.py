"""Inspection progress: what an order's stored events add up to, line by line.

`progress_of(sheet, events)` is the only way progress is computed: a live station and one
restarted from the stored events compute the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wms_tui.core.inspection.records import EventKind, InspectionEvent

if TYPE_CHECKING:
    from wms_tui.core.inspection.state import OrderSheet


@dataclass(frozen=True)
class SheetLine:
    line_no: int
    sku_code: str
    name: str
    expected: int
    spec: str = ""
    is_gift: bool = False
    kit_code: str | None = None
    requires_lot: bool = False
    requires_serial: bool = False
    unit_weight_g: int = 0
    # A gift line added at the desk in this session: already moved to the bench when added,
    # and written onto the order when the session ends passed or on hold.
    added: bool = False


@dataclass(frozen=True)
class LineProgress:
    line: SheetLine
    counted: int = 0
    quarantined: int = 0
    replaced: int = 0
    lots: tuple[str, ...] = ()
    serials: tuple[str, ...] = ()

    @property
    def remaining(self) -> int:
        return self.line.expected - self.counted

    @property
    def open_problems(self) -> int:
        return self.quarantined - self.replaced

    @property
    def at_station(self) -> int:
        """Units physically here: picked, less those quarantined, plus replacements."""
        return self.line.expected - self.open_problems


@dataclass(frozen=True)
class PendingItem:
    sku_code: str
    qty: int
    needs: str  # "lot" | "serial"
    text: str = ""
    lot: str = ""


@dataclass(frozen=True)
class Progress:
    lines: tuple[LineProgress, ...] = ()
    acked: bool = False
    wrong_scans: int = 0
    armed_qty: int = 0
    armed_problem: str = ""
    armed_gift: bool = False
    waybill: str = ""  # bound at this desk (BIND), for an order imported without one
    pending: PendingItem | None = None
    replacement_from: str = ""
    weight_failed: bool = False
    overridden: bool = False
    undoable: tuple[str, ...] = ()  # groups an undo may still take back, oldest first
    undone: frozenset[str] = frozenset()  # groups an undo took back

    @property
    def complete(self) -> bool:
        return all(lp.counted == lp.line.expected for lp in self.lines)

    @property
    def open_problems(self) -> int:
        return sum(lp.open_problems for lp in self.lines)

    def line(self, line_no: int) -> LineProgress:
        return next(lp for lp in self.lines if lp.line.line_no == line_no)


def progress_of(sheet: OrderSheet, events: tuple[InspectionEvent, ...]) -> Progress:
    # Folded into plain locals, frozen once at the end: every scan of a 50-line order folds
    # its whole history (two or three times per decision), and a frozen copy per event was
    # most of a decision's time.
    undone = {e.group for e in events if e.kind is EventKind.UNDO}
    tallies = {line.line_no: _Tally() for line in sheet.lines}
    gifts: list[SheetLine] = []  # gift lines added at the desk, in the order added
    acked = weight_failed = overridden = armed_gift = False
    wrong_scans = armed_qty = 0
    armed_problem = replacement_from = waybill = ""
    pending: PendingItem | None = None
    undoable: dict[str, None] = {}  # insertion-ordered set: oldest group first
    for e in events:
        if e.group in undone and e.kind is not EventKind.UNDO:
            continue
        k = e.kind
        if k is EventKind.GIFT:
            gifts.append(_gift_line(e, sheet.gift_names))
            tallies[e.line_no] = _Tally()
            undoable.setdefault(e.group)
        if k in (EventKind.COUNT, EventKind.REMOVE, EventKind.PROBLEM):
            t = tallies[e.line_no]
            if k is EventKind.COUNT:
                t.counted += e.qty
                t.replaced += e.qty if e.replacement else 0
                if e.lot:
                    t.lots.append(e.lot)
                if e.serial:
                    t.serials.append(e.serial)
            elif k is EventKind.REMOVE:
                t.counted -= e.qty
            else:
                t.quarantined += e.qty
            undoable.setdefault(e.group)
        # An undo clears too: what was armed for the scan it takes back must not come back.
        if k in (
            EventKind.COUNT,
            EventKind.WRONG,
            EventKind.PROBLEM,
            EventKind.CLEAR,
            EventKind.UNDO,
        ):
            armed_qty, armed_problem, armed_gift, pending = 0, "", False, None
        if k is EventKind.WRONG:
            wrong_scans += 1
        elif k is EventKind.ACK:
            acked = True
        elif k is EventKind.ARM_QTY:
            armed_qty = e.qty
        elif k is EventKind.ARM_PROBLEM:
            armed_problem, armed_gift = e.reason, False
        elif k is EventKind.ARM_GIFT:
            armed_problem, armed_gift = "", True
        elif k is EventKind.PENDING:
            armed_qty, pending = 0, PendingItem(e.sku_code, e.qty, e.reason, e.text, e.lot)
        elif k is EventKind.LOCATION:
            replacement_from = e.location
        elif k is EventKind.BIND:
            waybill = e.text
            undoable.setdefault(e.group)
        elif k is EventKind.WEIGHT:
            weight_failed = e.reason == "fail"
        elif k is EventKind.OVERRIDE:
            overridden, weight_failed = True, False
        elif k is EventKind.UNDO:
            undoable.pop(e.group, None)
        elif k is EventKind.TAKEOVER:
            # The counted units stay on the bench, but the wrong scans were the previous
            # inspector's attempt (already recorded with it), and the remarks must be read
            # again by whoever now answers for the parcel.
            wrong_scans, acked = 0, False
    return Progress(
        lines=tuple(tallies[line.line_no].frozen(line) for line in (*sheet.lines, *gifts)),
        acked=acked,
        wrong_scans=wrong_scans,
        armed_qty=armed_qty,
        armed_problem=armed_problem,
        armed_gift=armed_gift,
        waybill=waybill,
        pending=pending,
        replacement_from=replacement_from,
        weight_failed=weight_failed,
        overridden=overridden,
        undoable=tuple(undoable),
        undone=frozenset(undone),
    )


def _gift_line(e: InspectionEvent, names: tuple[tuple[str, str, str], ...]) -> SheetLine:
    name, spec = next(((n, s) for code, n, s in names if code == e.sku_code), (e.text, e.spec))
    return SheetLine(
        line_no=e.line_no,
        sku_code=e.sku_code,
        name=name,
        expected=e.qty,
        spec=spec,
        is_gift=True,
        unit_weight_g=e.expected_g,
        added=True,
    )


class _Tally:
    """One line's counts while the events are folded."""

    __slots__ = ("counted", "lots", "quarantined", "replaced", "serials")

    def __init__(self) -> None:
        self.counted = self.quarantined = self.replaced = 0
        self.lots: list[str] = []
        self.serials: list[str] = []

    def frozen(self, line: SheetLine) -> LineProgress:
        return LineProgress(
            line, self.counted, self.quarantined, self.replaced, tuple(self.lots),
            tuple(self.serials),
        )  # fmt: skip

"""Inspection (验货) values, pure: station rules, the order sheet, progress, inputs, effects.

Progress is folded from the stored events in `inspection_progress`. `inspection_rules.decide`
turns an input into a `Decision` made of these values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from wms_tui.core.effects import Audit as Audit
from wms_tui.core.effects import Move as Move
from wms_tui.core.effects import ReleaseReservations as ReleaseReservations
from wms_tui.core.effects import Reverse as Reverse
from wms_tui.core.effects import SetOrderStatus as SetOrderStatus
from wms_tui.core.inspection.progress import Progress, progress_of
from wms_tui.core.inspection.progress import SheetLine as SheetLine
from wms_tui.core.inspection.records import EventKind, InspectionEvent, InspectionSession
from wms_tui.core.model import KitMode, LocationKind, Operator, OrderStatus
from wms_tui.core.outcome import Outcome

RECENT = 8


@dataclass(frozen=True)
class WeightRule:
    """Expected = packaging + sum of unit weights; allowed = max(grams, percent of expected)."""

    packaging_g: int
    tolerance_g: int = 20
    tolerance_pct: int = 5

    def allowed(self, expected_g: int) -> int:
        return max(self.tolerance_g, expected_g * self.tolerance_pct // 100)


@dataclass(frozen=True)
class StationRules:
    station_id: str
    packing_location: str
    dock_location: str
    quarantine_location: str
    auto_pass: bool = True  # pass on the last matching scan; False: wait for CMD:DONE
    pick_at_pack: bool = False  # released orders are picked here, from `pick_location`
    pick_location: str = ""
    replacement_location: str = ""  # default source of good units replacing bad ones
    weight: WeightRule | None = None
    # SKUs an inspector may add to any order as a gift (F1, then scan); any other SKU
    # needs a supervisor. Gifts are taken from `gift_location` (else as replacements are).
    gift_skus: frozenset[str] = frozenset()
    gift_location: str = ""
    # (courier, regular expression) a bound waybill must match, for the couriers named.
    waybill_patterns: tuple[tuple[str, str], ...] = ()
    # An order without a waybill asks for the courier label when it opens (else once its
    # items are counted); either way it cannot pass without one.
    bind_first: bool = False


@dataclass(frozen=True)
class KitSpec:
    kit_code: str
    name: str
    mode: KitMode
    components: tuple[tuple[str, int], ...]  # (component sku, units per kit)


@dataclass(frozen=True)
class OrderSheet:
    """What the inspector sees of an order; built by the service from the ports."""

    order_no: str
    status: OrderStatus
    lines: tuple[SheetLine, ...]
    kits: tuple[KitSpec, ...] = ()
    platform_order_no: str = ""
    shop: str = ""
    buyer: str = ""
    courier: str = ""
    waybill: str = ""
    buyer_remark: str = ""
    seller_remark: str = ""
    hold_reason: str = ""
    version: int = 0  # the order row's, as read: its status changes are guarded by it
    archived_at: datetime | None = None
    # (SKU, name, spec) of gifts added at the desk, in the language of the read: a gift
    # line's stored name is in the language of the moment it was added.
    gift_names: tuple[tuple[str, str, str], ...] = ()

    @property
    def has_remarks(self) -> bool:
        return bool(self.buyer_remark.strip() or self.seller_remark.strip())

    def kit(self, code: str) -> KitSpec | None:
        return next((k for k in self.kits if k.kit_code == code), None)


@dataclass(frozen=True)
class InspectionState:
    session: InspectionSession | None = None
    sheet: OrderSheet | None = None
    events: tuple[InspectionEvent, ...] = ()
    progress: Progress = field(default_factory=Progress)

    @classmethod
    def of(
        cls, session: InspectionSession, sheet: OrderSheet, events: tuple[InspectionEvent, ...]
    ) -> InspectionState:
        return cls(session, sheet, events, progress_of(sheet, events))

    def recent(self, n: int = RECENT) -> tuple[InspectionEvent, ...]:
        """The last scans to show, newest first."""
        shown = (EventKind.COUNT, EventKind.WRONG, EventKind.PROBLEM, EventKind.REMOVE)
        return tuple(e for e in reversed(self.events) if e.kind in shown)[:n]


# --- inputs --------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """An order scanned to open, with who holds it and who passed it last."""

    sheet: OrderSheet
    holder: InspectionSession | None = None
    holder_events: tuple[InspectionEvent, ...] = ()
    last_passed: InspectionSession | None = None


@dataclass(frozen=True)
class OpenOrder:
    code: str
    candidate: Candidate | None


@dataclass(frozen=True)
class ItemScan:
    sku_code: str
    name: str
    text: str
    multiplier: int = 1  # a packaging barcode counts its pack quantity
    lot: str = ""
    serial: str = ""
    # What a gift line needs to know of the SKU (an order line knows it from its sheet):
    # its name and spec apart (`name` is both, for messages), what it is, what it weighs.
    sku_name: str = ""
    spec: str = ""
    is_kit: bool = False
    tracked: bool = False  # needs a lot or a serial number
    unit_weight_g: int = 0


@dataclass(frozen=True)
class AddGift:
    """A verified supervisor allowed this SKU as a gift line (it is not on the gift list)."""

    item: ItemScan
    supervisor: Operator


@dataclass(frozen=True)
class WaybillScan:
    """The courier label scanned for an order imported without a waybill (绑定快递单号)."""

    text: str


@dataclass(frozen=True)
class CodeValue:
    """A lot or serial number asked for."""

    text: str


@dataclass(frozen=True)
class Command:
    name: str  # ACK DONE CANCEL UNDO HOLD WEIGHT DAMAGED WRONG_SPEC MISSING_PART


@dataclass(frozen=True)
class KeyQuantity:
    qty: int


@dataclass(frozen=True)
class RemoveUnit:
    line_no: int
    reason: str


@dataclass(frozen=True)
class Undo:
    reason: str


@dataclass(frozen=True)
class LocationScan:
    code: str
    kind: LocationKind


@dataclass(frozen=True)
class SupervisorBadge:
    operator: Operator


@dataclass(frozen=True)
class TakeOver:
    candidate: Candidate
    supervisor: Operator


Input = (
    OpenOrder
    | ItemScan
    | CodeValue
    | Command
    | KeyQuantity
    | RemoveUnit
    | Undo
    | LocationScan
    | SupervisorBadge
    | TakeOver
    | AddGift
    | WaybillScan
)


# --- effects the service carries out, in order (the shared ones: core/effects.py) -----
@dataclass(frozen=True)
class OpenSession:
    session: InspectionSession


@dataclass(frozen=True)
class CloseSession:
    session: InspectionSession


@dataclass(frozen=True)
class MarkVerified:
    order_no: str
    at: datetime
    operator: str
    station_id: str


@dataclass(frozen=True)
class AddOrderLines:
    """Gift lines added at the desk, written onto the order (so its label, handover and
    exports show them)."""

    order_no: str
    lines: tuple[SheetLine, ...]


@dataclass(frozen=True)
class BindWaybill:
    order_no: str
    waybill: str


Effect = (
    Move
    | Reverse
    | OpenSession
    | CloseSession
    | SetOrderStatus
    | MarkVerified
    | ReleaseReservations
    | Audit
    | AddOrderLines
    | BindWaybill
)


@dataclass(frozen=True)
class StepContext:
    rules: StationRules
    operator: str
    now: datetime
    new_id: Callable[[], str]
    scan_id: str = ""
    weight_g: int | None = None  # the scale's stable reading, when a scale is configured


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    events: tuple[InspectionEvent, ...] = ()
    effects: tuple[Effect, ...] = ()
    opened: InspectionState | None = None  # the session this decision opened or took over

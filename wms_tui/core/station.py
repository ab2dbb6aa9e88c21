"""Everything a station's screens are given. Built by bootstrap; the UI only reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from wms_tui.core.inspection.label import LabelRenderer
from wms_tui.core.inspection.records import Scale
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.picking.picklist import PickList
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import (
    Clock,
    Feedback,
    LabelPrinter,
    PinHasher,
    UnitOfWork,
    UnitOfWorkFactory,
)
from wms_tui.core.receiving.view import SkuLabels
from wms_tui.core.reports.shops import Rules
from wms_tui.core.scans import ResolverConfig


@dataclass(frozen=True)
class WedgeVerdict:
    """What the key-burst detector made of the keys so far."""

    scans: tuple[str, ...] = ()  # completed scanner bursts, in order
    typed: str = ""  # keys that turned out to be a person typing: hand them to the focused field


class WedgeDecoder(Protocol):
    """Tells a keyboard-wedge scanner's burst from a person typing (devices/wedge.py)."""

    def feed(self, char: str, at: float) -> WedgeVerdict: ...

    def expire(self, now: float) -> WedgeVerdict: ...

    @property
    def pending(self) -> bool: ...

    @property
    def prefix(self) -> str:
        """What the scanner is set to send first: its keys go to the decoder even when they
        are control characters (STX, say), which a person never types into a field."""
        ...


@dataclass
class StationContext:
    station_id: str
    station_name: str
    language: str
    database_label: str
    uow_factory: UnitOfWorkFactory
    clock: Clock
    pin_hasher: PinHasher
    feedback: Feedback
    pipeline: ScanPipeline
    resolver_config: ResolverConfig
    wedge_factory: Callable[[], WedgeDecoder] | None = None
    printer: LabelPrinter | None = None
    # Renders a wave's pick list as a PDF (devices/ code, injected by bootstrap).
    render_pick_list: Callable[[PickList], bytes] | None = None
    # An order's parcel label as (file name, bytes) for the printer, read in the unit of
    # work given; None when the station prints no labels.
    parcel_label: LabelRenderer | None = None
    # SKU labels for goods that came without a usable barcode (receiving); None: no printer.
    sku_labels: SkuLabels | None = None
    scale: Scale | None = None  # weight check at inspection
    # The station cannot be left without an admin's badge and PIN (config `station.kiosk`).
    kiosk: bool = False
    # Minutes without a key or a scan before the operator is logged out (0: never).
    idle_logout_min: int = 0
    scanner_names: list[str] = field(default_factory=list)
    # A scanner's state before its driver reports one (a keyboard wedge never reports).
    scanner_states: dict[str, str] = field(default_factory=dict)
    muted: bool = False
    inspection_rules: StationRules = field(
        default_factory=lambda: StationRules("", "", "DOCK-01", "QUA-01")
    )
    # When an order is due (the day's figures: cut-off and working days).
    report_rules: Rules = field(default_factory=Rules)
    returns_location: str = "RET-01"  # the returns area (退货区)
    receiving_location: str = "RCV-01"  # the receiving area (收货区)
    over_receipt_percent: int = 0
    min_shelf_days: int = 0
    # Units of work that only read (screens, searches): never the write lock on SQLite.
    # None: the same units as everything else (the in-memory fakes).
    reads: UnitOfWorkFactory | None = None

    def read_unit(self) -> UnitOfWork:
        return (self.reads or self.uow_factory)()

    def __post_init__(self) -> None:
        if not self.inspection_rules.station_id:
            # The station's own packing area is named after the station unless configured.
            self.inspection_rules = replace(
                self.inspection_rules,
                station_id=self.station_id,
                packing_location=self.inspection_rules.packing_location or self.station_id,
            )

"""Receiving (入库验收): purchase orders, receipts and their units, the put-away a receiver
carries, the port `db/` implements and the errors (E880-E899).

A purchase order (采购单, or the supplier's delivery note, 送货单) says what a supplier
sends. What it ordered and nobody received yet is in transit (在途). A receipt is one
delivery checked at one station, against a purchase order or blind (no PO: any known SKU,
for the named supplier). Each scan is a unit row (a pack scan one row of its multiple);
a failed row keeps its reason. A line's `received` counts every unit of receipts not given
up, open ones included, so two receivers on one PO always see one figure and the tolerance
holds between them: the database adds to it only while the sum stays within the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar, Protocol

from wms_tui.core.errors import WmsError
from wms_tui.core.model import Sku


class PoStatus(StrEnum):
    OPEN = "open"  # still expected, in part or whole
    CLOSED = "closed"  # received in full, or closed by a supervisor


class ReceiptStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # booked: passed units in the receiving area, failed in quarantine
    ABANDONED = "abandoned"  # given up: nothing booked, its counts taken off the PO


class FailReason(StrEnum):
    DAMAGED = "damaged"
    WRONG_SPEC = "wrong_spec"
    SHORT_DATED = "short_dated"
    WRONG_ITEM = "wrong_item"


FAIL_REASONS: tuple[FailReason, ...] = tuple(FailReason)


@dataclass(frozen=True)
class PoLine:
    po_no: str
    line_no: int
    sku_code: str
    ordered: int
    received: int = 0  # units of receipts not given up, passed or failed
    lot: str = ""  # the lot the supplier said it sends, when the file says
    expiry: date | None = None

    @property
    def in_transit(self) -> int:
        return max(self.ordered - self.received, 0)


@dataclass(frozen=True)
class PurchaseOrder:
    po_no: str
    supplier: str
    delivery_note: str = ""  # the supplier's own number (送货单号): scanned like the PO's
    expected: date | None = None
    status: PoStatus = PoStatus.OPEN
    imported_at: datetime | None = None
    closed_by: str = ""
    closed_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class Receipt:
    receipt_id: str
    station_id: str
    po_no: str  # "" on a blind receipt
    supplier: str
    opened_by: str
    opened_at: datetime
    status: ReceiptStatus = ReceiptStatus.OPEN
    allowed_by: str = ""  # the supervisor who allowed more than the tolerance
    lot: str = ""  # typed once, kept for the units that follow (a GS1 label's wins)
    expiry: date | None = None
    closed_by: str = ""
    closed_at: datetime | None = None
    version: int = 1

    @property
    def blind(self) -> bool:
        return not self.po_no


@dataclass(frozen=True)
class ReceiptUnit:
    receipt_id: str
    seq: int  # 1 first, in scan order (0 until stored: the repository numbers it)
    sku_code: str
    line_no: int  # the PO line; 0 on a blind receipt
    qty: int  # a pack scan's multiple
    scanned_by: str
    scanned_at: datetime
    reason: str = ""  # a FailReason when it failed inspection; "" passed
    note: str = ""
    lot: str = ""
    expiry: date | None = None

    @property
    def passed(self) -> bool:
        return not self.reason


@dataclass(frozen=True)
class ToVendor:
    """A failed unit row of a closed receipt, in quarantine until its supplier collects it
    (退供应商 / 返厂)."""

    receipt_id: str
    seq: int
    supplier: str
    po_no: str
    sku_code: str
    qty: int
    reason: str
    note: str
    lot: str
    closed_at: datetime


@dataclass(frozen=True)
class ShownLines:
    lines: tuple[tuple[PoLine, Sku], ...]
    ordered: int  # the whole PO's
    received: int


class ReceivingRepository(Protocol):
    def po(self, po_no: str) -> PurchaseOrder | None: ...

    def find_po(self, code: str) -> PurchaseOrder | None:
        """By PO number, else by the supplier's delivery note number."""
        ...

    def lines(self, po_no: str) -> list[PoLine]: ...

    def lines_of(self, po_no: str, sku_code: str) -> list[PoLine]:
        """The PO's lines of one SKU, by line number: what a unit scan reads."""
        ...

    def shown_lines(self, po_no: str, first: int, limit: int) -> ShownLines:
        """Line `first` (0: none) and the lines still expecting units, at most `limit` (never
        without `first`), by line number, each with its SKU (the screen names it); and the
        PO's totals."""
        ...

    def count_line(self, po_no: str, line_no: int, qty: int, limit: int | None) -> bool:
        """Adds `qty` to the line's received units if the sum stays within `limit` (None:
        any); False when it would not. One statement: two stations never both pass."""
        ...

    def uncount_line(self, po_no: str, line_no: int, qty: int) -> None: ...

    def save_po(self, po: PurchaseOrder) -> None:
        """Its status and closing; ConcurrentChange when the version moved."""
        ...

    def add_pos(self, pos: list[PurchaseOrder], lines: list[PoLine]) -> None:
        """New purchase orders and their lines, in a few statements; none of them when one
        exists already (ConcurrentChange)."""
        ...

    def open_pos(self) -> list[PurchaseOrder]: ...

    def totals(self, po_nos: list[str]) -> dict[str, tuple[int, int]]:
        """(ordered, received) of each PO, in one read."""
        ...

    def in_transit(self, sku_codes: list[str]) -> dict[str, int]:
        """Ordered and not received on open POs, per SKU; SKUs with none left out."""
        ...

    def open_at(self, station_id: str) -> Receipt | None: ...

    def get(self, receipt_id: str) -> Receipt | None: ...

    def add(self, receipt: Receipt) -> None: ...

    def save(self, receipt: Receipt) -> None:
        """Status, closing, allowance and the lot kept; ConcurrentChange on a stale
        version."""
        ...

    def count_with_prefix(self, prefix: str) -> int: ...

    def units(self, receipt_id: str) -> list[ReceiptUnit]:
        """Units not undone, in scan order."""
        ...

    def recent_units(self, receipt_id: str, limit: int) -> list[ReceiptUnit]:
        """The last `limit` units not undone, last first."""
        ...

    def last_unit(self, receipt_id: str) -> ReceiptUnit | None: ...

    def tallies(self, receipt_id: str) -> list[tuple[int, str, bool, int]]:
        """(line, SKU, passed, units) of the units not undone: one aggregate read."""
        ...

    def add_unit(self, unit: ReceiptUnit) -> None:
        """Adds the unit as the receipt's next (its `seq` is not read: the next free one is
        taken as it is stored)."""
        ...

    def fail_unit(self, receipt_id: str, seq: int, reason: str, note: str) -> None: ...

    def fail_line(
        self, receipt_id: str, line_no: int, sku_code: str, reason: str, note: str
    ) -> int:
        """Fails every passed unit row of the line (and SKU) in the receipt; the units."""
        ...

    def remove_unit(self, receipt_id: str, seq: int) -> None: ...

    def receipts(self, po_no: str) -> list[Receipt]: ...

    def to_vendor(self, supplier: str | None) -> list[ToVendor]:
        """Failed units of closed receipts not yet sent back, of one supplier (None: all),
        by supplier then receipt and seq."""
        ...

    def sent_to_vendor(self, units: list[tuple[str, int]], ref: str) -> None:
        """Marks (receipt, seq) rows as sent back by the booking `ref`."""
        ...


# --- errors: E880-E899 and E850-E859 are receiving's; codes are stable, never reuse one --
class ReceivingError(WmsError):
    code = "E880"
    msgid = "receiving.error.generic"


class PoUnknown(ReceivingError):
    code = "E881"
    msgid = "receiving.error.unknown"


class PoClosed(ReceivingError):
    code = "E882"
    msgid = "receiving.error.po_closed"


class ReceiptAlreadyOpen(ReceivingError):
    code = "E883"
    msgid = "receiving.error.already_open"


class NoReceiptOpen(ReceivingError):
    code = "E884"
    msgid = "receiving.error.none_open"


class NotOnPo(ReceivingError):
    code = "E885"
    msgid = "receiving.error.not_on_po"


class OverReceipt(ReceivingError):
    """More than ordered plus the tolerance: a supervisor may allow it (F12)."""

    code = "E886"
    msgid = "receiving.error.over"


class NoUnitYet(ReceivingError):
    code = "E887"
    msgid = "receiving.error.no_unit"


class EmptyReceipt(ReceivingError):
    code = "E888"
    msgid = "receiving.error.empty"


class BadFailReason(ReceivingError):
    code = "E889"
    msgid = "receiving.error.bad_reason"


class LotNeeded(ReceivingError):
    code = "E890"
    msgid = "receiving.error.lot_needed"


# E891-E893 are put-away's (core/shelving.py), shared with returns since.


class NotSupervisor(ReceivingError):
    code = "E894"
    msgid = "receiving.error.not_supervisor"


class BarcodeTaken(ReceivingError):
    code = "E895"
    msgid = "receiving.error.barcode_taken"


class UnsafeText(ReceivingError):
    code = "E896"
    msgid = "receiving.error.unsafe_text"


class BadExpiry(ReceivingError):
    code = "E897"
    msgid = "receiving.error.bad_expiry"


class ItemUnknown(ReceivingError):
    """A code the catalog does not know (a supplier's new label): a supervisor may map it."""

    code = "E898"
    msgid = "receiving.error.item_unknown"


class NotAnItem(ReceivingError):
    code = "E899"
    msgid = "receiving.error.not_an_item"
    translated_params: ClassVar[dict[str, str]] = {"kind": "scan.kind."}


class PoHasOpenReceipt(ReceivingError):
    code = "E850"
    msgid = "receiving.error.po_receiving"


class PoNotFound(ReceivingError):
    code = "E851"
    msgid = "receiving.error.po_not_found"


class NothingToVendor(ReceivingError):
    code = "E852"
    msgid = "receiving.error.nothing_to_vendor"

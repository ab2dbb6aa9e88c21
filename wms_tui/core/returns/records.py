"""Returns (退货): the return record, its units, the port `db/` implements and the errors
(E929-E949).

A return is one parcel that came back, booked at one station. Its units are rows, each with
the order line it belongs to and its condition; a unit undone keeps its row, marked removed.
A return that matches no order is an unidentified return (无主件): its order stays empty
until a supervisor matches it to an order or scraps its units. Several returns of one order
add up; the database keeps one open return per order (the one lease) and the rules never
let the lines take back more than the order shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Protocol

from wms_tui.core.errors import WmsError


class ReturnStatus(StrEnum):
    OPEN = "open"  # units are being scanned at a station
    CLOSED = "closed"  # booked: the units are in the returns area or quarantine
    ABANDONED = "abandoned"  # given up before closing: nothing was booked
    SCRAPPED = "scrapped"  # an unidentified return nobody claimed: its units scrapped


class Condition(StrEnum):
    RESALEABLE = "resaleable"  # back on the shelf
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"  # we sent the wrong thing
    MISSING_PARTS = "missing_parts"


CONDITIONS: tuple[Condition, ...] = tuple(Condition)


@dataclass(frozen=True)
class ReturnRecord:
    return_id: str
    order_no: str  # "" while unidentified
    parcel: str  # what was scanned to open it: a waybill, an order number ...
    station_id: str
    opened_by: str
    opened_at: datetime
    status: ReturnStatus = ReturnStatus.OPEN
    return_waybill: str = ""  # the buyer's own waybill, from the return slip
    note: str = ""
    closed_by: str = ""
    closed_at: datetime | None = None
    units: int = 0  # counted when it is closed
    matched_by: str = ""  # who matched an unidentified return to its order
    matched_at: datetime | None = None
    shelved: bool = False  # closed with nothing fit to sell left in the returns area
    version: int = 1

    @property
    def unidentified(self) -> bool:
        return not self.order_no


@dataclass(frozen=True)
class ReturnUnit:
    return_id: str
    seq: int  # 1 first, in scan order
    sku_code: str
    line_no: int  # the order line; 0 on an unidentified return
    scanned_by: str
    scanned_at: datetime
    condition: Condition = Condition.RESALEABLE
    reason: str = ""  # why, for every condition but resaleable
    removed: bool = False
    put_away_to: str = ""  # the bin a resaleable unit went to from the returns area


@dataclass(frozen=True)
class ReturnedUnit:
    """One unit of a closed return, as customer service and the shops' export see it."""

    return_id: str
    order_no: str
    platform_order_no: str
    shop: str
    sku_code: str
    line_no: int
    condition: Condition
    reason: str
    closed_at: datetime
    closed_by: str
    station_id: str
    parcel: str
    return_waybill: str


class ReturnsRepository(Protocol):
    def get(self, return_id: str) -> ReturnRecord | None: ...

    def open_at(self, station_id: str) -> ReturnRecord | None:
        """The return this station has open, if any (one at a time per station)."""
        ...

    def open_with_units(self, station_id: str) -> tuple[ReturnRecord, list[ReturnUnit]] | None:
        """The open return with its units not removed, in scan order: one round trip, for
        the steps that need both (a unit scanned, the return closed)."""
        ...

    def add(self, record: ReturnRecord) -> None: ...

    def count_with_prefix(self, prefix: str) -> int: ...

    def save(self, record: ReturnRecord) -> None:
        """Stores the record's status, closing, matching, shelving and waybill fields;
        ConcurrentChange when the stored version is not `record.version - 1`."""
        ...

    def units(self, return_id: str) -> list[ReturnUnit]:
        """The return's units not removed, in scan order."""
        ...

    def add_unit(self, unit: ReturnUnit) -> None: ...

    def next_seq(self, return_id: str) -> int: ...

    def set_condition(
        self, return_id: str, seq: int, condition: Condition, reason: str
    ) -> None: ...

    def remove_unit(self, return_id: str, seq: int) -> None: ...

    def assign_lines(self, return_id: str, lines: dict[int, int]) -> None:
        """Sets each unit's (by seq) order line: an unidentified return matched."""
        ...

    def shipped_to(self, buyer: str, limit: int) -> list[str]:
        """Orders of the buyer (their ID, whole) that left the warehouse, newest paid
        first, at most `limit`: a parcel with no label but the buyer's name on the slip."""
        ...

    def waiting_skus(self, station_id: str) -> list[tuple[str, int]]:
        """(SKU, units) of the resaleable units of the station's closed returns not put
        away yet, the SKU waiting longest first: one aggregate read, however many wait."""
        ...

    def waiting_put_away(self, station_id: str, sku_code: str) -> list[ReturnUnit]:
        """Those units of one SKU, oldest first."""
        ...

    def put_away(self, return_id: str, seqs: list[int], bin_code: str) -> None:
        """The units went to `bin_code`; a return with none left waiting is shelved."""
        ...

    def of_order(self, order_no: str) -> list[ReturnRecord]:
        """Every return of the order, oldest first."""
        ...

    def returned_lines(self, order_no: str) -> dict[int, int]:
        """Units taken back per order line by the order's closed returns."""
        ...

    def by_return_waybill(self, waybill: str) -> ReturnRecord | None:
        """The latest return whose buyer's waybill is `waybill`."""
        ...

    def unidentified(self) -> list[ReturnRecord]:
        """Closed returns matched to no order and not scrapped, oldest first."""
        ...

    def count_unidentified(self) -> int:
        """How many `unidentified()` would list, in one count."""
        ...

    def listing(self, start: datetime, end: datetime) -> list[ReturnRecord]:
        """Returns opened or closed in [start, end), and every open one, oldest first."""
        ...

    def closed_units(self, start: datetime, end: datetime) -> list[ReturnedUnit]:
        """Every unit of the returns closed in [start, end), by time then return and seq."""
        ...


# --- errors: E929-E949 is returns' range; codes are stable, never reuse one -------------
class ReturnsError(WmsError):
    code = "E930"
    msgid = "returns.error.generic"


class ReturnParcelUnknown(ReturnsError):
    """No order by that code: F6 books the parcel as an unidentified return."""

    code = "E931"
    msgid = "returns.error.unknown"


class NotShipped(ReturnsError):
    code = "E932"
    msgid = "returns.error.not_shipped"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status."}


class ReturnHeld(ReturnsError):
    """Another station has this parcel open (the one lease)."""

    code = "E933"
    msgid = "returns.error.held"


class NotFromOrder(ReturnsError):
    code = "E934"
    msgid = "returns.error.not_from_order"


class OverReturn(ReturnsError):
    code = "E935"
    msgid = "returns.error.over_return"


class NoReturnOpen(ReturnsError):
    code = "E936"
    msgid = "returns.error.none_open"


class ReturnAlreadyOpen(ReturnsError):
    code = "E937"
    msgid = "returns.error.already_open"


class ReasonNeeded(ReturnsError):
    code = "E938"
    msgid = "returns.error.reason_needed"
    translated_params: ClassVar[dict[str, str]] = {"condition": "returns.condition."}


class NoUnitYet(ReturnsError):
    code = "E939"
    msgid = "returns.error.no_unit"


class EmptyReturn(ReturnsError):
    code = "E940"
    msgid = "returns.error.empty"


class ReturnUnknown(ReturnsError):
    code = "E941"
    msgid = "returns.error.no_such_return"


class NotUnidentified(ReturnsError):
    code = "E942"
    msgid = "returns.error.not_unidentified"


class NotAnItem(ReturnsError):
    code = "E943"
    msgid = "returns.error.not_an_item"
    translated_params: ClassVar[dict[str, str]] = {"kind": "scan.kind."}


class BadCondition(ReturnsError):
    code = "E944"
    msgid = "returns.error.bad_condition"


class ReturnBadDate(ReturnsError):
    code = "E945"
    msgid = "returns.error.bad_date"


class NothingToReship(ReturnsError):
    code = "E946"
    msgid = "returns.error.nothing_to_reship"


class UnsafeText(ReturnsError):
    """A note, reason or waybill with control or invisible characters (core/text.py)."""

    code = "E947"
    msgid = "returns.error.unsafe_text"
    translated_params: ClassVar[dict[str, str]] = {"field": "returns.field."}


# E948 and E949 were the returns desk's own put-away's; it shares core/shelving.py's now.


class BuyerHasSeveral(ReturnsError):
    """The buyer has several shipped orders: the clerk scans or types one of them."""

    code = "E929"
    msgid = "returns.error.buyer_has_several"

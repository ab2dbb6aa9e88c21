"""Inspection (验货) records, errors and the ports `db/` implements.

The real unit of work exposes `uow.inspections` (InspectionRepository). Each record maps to
one plain table row. Progress is never stored as a number: line counts, acknowledgements,
problems and weight checks are folded from the session's `InspectionEvent` rows, so a station
that restarts mid-order shows exactly what was scanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from wms_tui.core.errors import LeaseHeld, WmsError


class SessionResult(StrEnum):
    OPEN = "open"
    PASSED = "passed"
    ON_HOLD = "on_hold"
    ABANDONED = "abandoned"
    TAKEN_OVER = "taken_over"  # a supervisor moved the work to another station


class EventKind(StrEnum):
    OPENED = "opened"
    COUNT = "count"  # sku/line/qty (+lot, serial); replacement=True when it replaces a bad unit
    WRONG = "wrong"  # reason: not_in_order | too_many | kit_each
    UNDO = "undo"  # undoes every event of `group`
    REMOVE = "remove"  # one unit off `line_no`
    PROBLEM = "problem"  # one bad unit of `line_no` to quarantine; reason: ProblemReason
    ACK = "ack"  # remarks acknowledged
    ARM_QTY = "arm_qty"  # keyed quantity for the next item scan
    ARM_PROBLEM = "arm_problem"  # the next item scan is a bad unit with this reason
    PENDING = "pending"  # an item waits for its lot or serial
    CLEAR = "clear"  # drops the armed quantity, armed problem and pending item
    LOCATION = "location"  # where replacement units come from
    WEIGHT = "weight"  # qty = grams read; expected in `expected_g`; reason ok | fail | skipped
    OVERRIDE = "override"  # a supervisor let a weight failure pass
    TAKEOVER = "takeover"  # reason names the station and operator it came from
    ARM_GIFT = "arm_gift"  # the next item scan is a gift line added at the desk
    # A gift line added at the desk: line_no, sku_code, qty, text/spec = name shown, expected_g =
    # unit weight, reason = "list" or the allowing supervisor's badge, location/move_id =
    # where it was taken from and the move that brought it to the bench.
    GIFT = "gift"
    BIND = "bind"  # text = the courier label's waybill bound to an order imported without one


class ProblemReason(StrEnum):
    DAMAGED = "damaged"
    WRONG_SPEC = "wrong_spec"
    MISSING_PART = "missing_part"


class CorrectionReason(StrEnum):
    """Why a counted unit is taken back (undo or remove one unit): kept in the audit log,
    so a supervisor can tell a double scan from goods that went back on the shelf."""

    DOUBLE_SCAN = "double_scan"
    WRONG_SCAN = "wrong_scan"
    PUT_BACK = "put_back"
    OTHER = "other"
    BARCODE = "barcode"  # the CMD:UNDO command barcode, which carries no reason of its own


@dataclass(frozen=True)
class InspectionSession:
    """One inspection attempt of one order at one station: the row is also the lease."""

    session_id: str
    order_no: str
    station_id: str
    operator: str
    started_at: datetime
    result: SessionResult = SessionResult.OPEN
    ended_at: datetime | None = None
    wrong_scans: int = 0  # written when the session ends, counted from its WRONG events
    note: str = ""  # why it ended on hold / abandoned / taken over
    version: int = 1


@dataclass(frozen=True)
class InspectionEvent:
    """One stored step of a session, in `seq` order; events of one scan share `group`."""

    session_id: str
    seq: int
    kind: EventKind
    group: str = ""
    line_no: int = 0
    sku_code: str = ""
    qty: int = 0
    lot: str = ""
    serial: str = ""
    reason: str = ""
    text: str = ""  # what was scanned, for the "last scans" list
    spec: str = ""  # a gift line's spec (its name is in `text`)
    replacement: bool = False
    location: str = ""
    expected_g: int = 0
    move_id: str = ""  # the stock move this event posted; undo reverses it
    scan_id: str = ""
    operator: str = ""
    station_id: str = ""
    at: datetime | None = None


class InspectionRepository(Protocol):
    def get(self, session_id: str) -> InspectionSession | None: ...

    def open_for_order(self, order_no: str, *, lock: bool = False) -> InspectionSession | None:
        """The order's open session (its lease), wherever it is. `lock` (a takeover): held
        exclusively until the unit of work ends, once the holder's scan in flight has
        committed, so the holder's events read after it are all of them."""
        ...

    def open_at_station(self, station_id: str, *, lock: bool = False) -> InspectionSession | None:
        """`lock` (a scan about to write): held shared until the unit of work ends, so a
        takeover elsewhere waits for this scan instead of leaving its event behind."""
        ...

    def next_single_item(self, sku_code: str, wave_no: str = "") -> str | None:
        """The order a single-item wave brought (一单一件) that this SKU packs next: picked,
        one line of one unit of it, nobody inspecting it; the highest priority, then the
        oldest paid. `wave_no`: only that wave's orders (the desk chose it)."""
        ...

    def in_slot(self, slot: int, wave_no: str = "") -> list[tuple[str, str]]:
        """(wave, order) for the tote numbered `slot` of multi-item waves: in `wave_no`
        whatever the order's status (so a refusal can say why), else picked orders only
        (what waits at the benches; totes are reused, wave after wave)."""
        ...

    def add(self, session: InspectionSession) -> None:
        """Insert an open session. One open session per order and per station (partial
        unique indexes): raises ConcurrentChange when another appeared meanwhile."""
        ...

    def close(self, session: InspectionSession) -> None:
        """Store result, ended_at, wrong_scans and note; raises ConcurrentChange when the
        stored version moved (somebody took it over)."""
        ...

    def history(self, order_no: str) -> list[InspectionSession]:
        """Every attempt for the order, oldest first."""
        ...

    def add_event(self, event: InspectionEvent) -> None:
        """Append; (session_id, seq) is unique, so two writers cannot both take a seq."""
        ...

    def events(self, session_id: str) -> list[InspectionEvent]:
        """Ordered by seq."""
        ...

    def mark_verified(self, order_no: str, at: datetime, operator: str, station_id: str) -> None:
        """The ship date: orders.verified_at / verified_by / verified_station."""
        ...


class Scale(Protocol):
    def read_grams(self) -> int | None:
        """The last stable reading in grams; None when nothing stable is on the scale."""
        ...


# --- errors: E8xx is inspection's range; codes are stable, never reuse one ---------------
class InspectionError(WmsError):
    code = "E800"
    msgid = "inspect.error.generic"


class OrderCancelled(InspectionError):
    code = "E801"
    msgid = "inspect.status.cancelled"


class OrderOnHold(InspectionError):
    code = "E802"
    msgid = "inspect.status.on_hold"


class OrderAlreadyVerified(InspectionError):
    code = "E803"
    msgid = "inspect.status.verified"


class OrderHandedOver(InspectionError):
    code = "E804"
    msgid = "inspect.status.handed_over"


class OrderArchived(InspectionError):
    code = "E805"
    msgid = "inspect.status.archived"


class OrderNotPicked(InspectionError):
    code = "E806"
    msgid = "inspect.status.not_picked"


class OrderReturned(InspectionError):
    code = "E807"
    msgid = "inspect.status.returned"


class NoOrderOpen(InspectionError):
    code = "E810"
    msgid = "inspect.error.no_order"


class OtherOrderOpen(InspectionError):
    code = "E811"
    msgid = "inspect.error.other_open"


class NotComplete(InspectionError):
    code = "E812"
    msgid = "inspect.error.not_complete"


class RemarksNotAcknowledged(InspectionError):
    code = "E813"
    msgid = "inspect.error.remarks"


class NothingToUndo(InspectionError):
    code = "E814"
    msgid = "inspect.error.nothing_to_undo"


class ProblemsOpen(InspectionError):
    code = "E815"
    msgid = "inspect.error.problems_open"


class NoReplacementSource(InspectionError):
    code = "E816"
    msgid = "inspect.error.no_replacement_source"


class SerialRepeated(InspectionError):
    code = "E817"
    msgid = "inspect.error.serial_repeated"


class NothingToOverride(InspectionError):
    code = "E818"
    msgid = "inspect.error.nothing_to_override"


class NothingToRemove(InspectionError):
    code = "E819"
    msgid = "inspect.error.nothing_to_remove"


class InputPending(InspectionError):
    code = "E820"
    msgid = "inspect.error.input_pending"


class ScanNotExpected(InspectionError):
    code = "E821"
    msgid = "inspect.error.not_expected"


class WeightBlocked(InspectionError):
    code = "E822"
    msgid = "inspect.error.weight_blocked"


class SerialQuantity(InspectionError):
    code = "E823"
    msgid = "inspect.error.serial_qty"


class NotInOrder(InspectionError):
    """Recorded, not rolled back: wrong scans are counted per attempt."""

    code = "E830"
    msgid = "inspect.wrong_item"


class TooMany(InspectionError):
    code = "E831"
    msgid = "inspect.too_many"


class KitNeedsComponents(InspectionError):
    code = "E832"
    msgid = "inspect.kit_each"


class WeightOutOfTolerance(InspectionError):
    code = "E833"
    msgid = "inspect.weight.fail"


class SupervisorNeedsPin(InspectionError):
    """A badge alone can be borrowed: overrides and takeovers need badge + PIN (F12)."""

    code = "E834"
    msgid = "inspect.supervisor.badge_alone"


class GiftNotListed(InspectionError):
    """Not on the station's gift list: a supervisor may allow it (F12, badge + PIN)."""

    code = "E835"
    msgid = "inspect.gift.not_listed"


class GiftNotAllowed(InspectionError):
    """Kits and SKUs needing a lot or serial are never added as a gift at the desk."""

    code = "E836"
    msgid = "inspect.gift.not_allowed"


class NoGiftSource(InspectionError):
    code = "E837"
    msgid = "inspect.gift.no_source"


class GiftNotArmed(InspectionError):
    """A gift-list SKU the order does not have, scanned without F1 first: not a wrong scan
    (nothing is recorded against the attempt), just how to add it."""

    code = "E838"
    msgid = "inspect.gift.press_key"


class NoGiftArmed(InspectionError):
    code = "E839"
    msgid = "inspect.gift.nothing_armed"


class NotAtSource(InspectionError):
    """A replacement or gift taken from a shelf that does not hold it: says which do."""

    code = "E840"
    msgid = "inspect.error.not_at_source"


class WaybillTaken(InspectionError):
    code = "E841"
    msgid = "inspect.bind.taken"


class WaybillPattern(InspectionError):
    code = "E842"
    msgid = "inspect.bind.pattern"


class WaybillNeeded(InspectionError):
    code = "E843"
    msgid = "inspect.bind.needed"


class InspectionLeaseHeld(LeaseHeld):
    """Keeps LeaseHeld's code: 'being inspected at station X by Y since 14:02'."""

    msgid = "inspect.error.lease_held"

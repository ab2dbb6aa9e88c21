"""The rows a cycle count keeps, and the repository `db/` implements for them.

The real unit of work exposes it as `uow.counts`. Each record maps to one plain table
(db/counting/models.py); tuples inside a record are child rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from wms_tui.core.errors import LocationFrozen, WmsError
from wms_tui.core.model import StockMove
from wms_tui.core.ports import UnitOfWork


# --- errors (E86x: the count area) -------------------------------------------------
class CountError(WmsError):
    code = "E860"
    msgid = "count.error"


class NoCountTask(CountError):
    code = "E861"
    msgid = "count.error.no_task"


class ScanLocationFirst(CountError):
    code = "E862"
    msgid = "count.error.location_first"


class FinishLocationFirst(CountError):
    code = "E863"
    msgid = "count.error.finish_first"


class LocationNotEmpty(CountError):
    code = "E864"
    msgid = "count.error.not_empty"


class NothingCounted(CountError):
    code = "E865"
    msgid = "count.error.nothing_counted"


class QuantityPending(CountError):
    code = "E866"
    msgid = "count.error.qty_pending"


class RecountNeedsOtherCounter(CountError):
    code = "E867"
    msgid = "count.error.other_counter"


class SelfApproval(CountError):
    code = "E868"
    msgid = "count.error.self_approval"


class RecountPending(CountError):
    code = "E869"
    msgid = "count.error.recount_pending"


class NothingToApprove(CountError):
    code = "E870"
    msgid = "count.error.nothing_to_approve"


# E871 and E878 were counting's own words for a location frozen for a count; the one error
# for it is now the ledger's LocationFrozen (E305). Never reuse them: journals keep codes.


class EmptyPlan(CountError):
    code = "E872"
    msgid = "count.error.empty_plan"


class StockChangedDuringCount(CountError):
    code = "E873"
    msgid = "count.error.stock_changed"


class NothingToUndo(CountError):
    code = "E874"
    msgid = "count.error.nothing_to_undo"


class UnknownPlan(CountError):
    code = "E875"
    msgid = "count.error.unknown_plan"


class AmbiguousPlan(CountError):
    """Two plans share the name given: the ids tell them apart (`wms count plans`)."""

    code = "E879"
    msgid = "count.error.ambiguous_plan"


class PlanClosed(CountError):
    """Its report stays readable on the approval screen; its decisions are final."""

    code = "E876"
    msgid = "count.error.plan_closed"


class BadPlanNumber(CountError):
    """`wms count plan --days/--threshold`: said before the database's CHECK refuses it."""

    code = "E877"
    msgid = "count.error.bad_plan_number"


# --- plans ---------------------------------------------------------------------------
class CountScope(StrEnum):
    LOCATIONS = "locations"
    ZONE = "zone"
    SKU = "sku"
    NOT_COUNTED_SINCE = "not_counted_since"


class ThresholdKind(StrEnum):
    UNITS = "units"
    PERCENT = "percent"


@dataclass(frozen=True)
class Threshold:
    """A variance strictly above this asks for a recount; 0 means any variance does."""

    kind: ThresholdKind = ThresholdKind.UNITS
    value: int = 0

    def exceeded(self, system: int, counted: int) -> bool:
        variance = abs(counted - system)
        if variance == 0:
            return False
        if self.kind is ThresholdKind.UNITS:
            return variance > self.value
        # Any unit found where the system has none is an infinite percentage.
        return system == 0 or variance * 100 > self.value * abs(system)


class PlanStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PlanCriteria:
    scope: CountScope
    locations: tuple[str, ...] = ()
    zone: str = ""
    sku_code: str = ""
    days: int = 0


@dataclass(frozen=True)
class CountPlan:
    plan_id: str
    name: str
    criteria: PlanCriteria
    created_by: str
    created_at: datetime
    blind: bool = True
    threshold: Threshold = field(default_factory=Threshold)
    status: PlanStatus = PlanStatus.OPEN


class TaskStatus(StrEnum):
    OPEN = "open"  # waiting for a stocktaker
    COUNTING = "counting"  # location frozen, leased by `counter`
    COUNTED = "counted"  # closed; waits for a supervisor
    SUPERSEDED = "superseded"  # a recount of the same location replaced it
    APPROVED = "approved"  # adjustments posted, location unfrozen
    CANCELLED = "cancelled"


ACTIVE = frozenset({TaskStatus.OPEN, TaskStatus.COUNTING})


@dataclass(frozen=True)
class CountTask:
    task_id: str
    plan_id: str
    location: str
    round: int = 1
    status: TaskStatus = TaskStatus.OPEN
    counter: str = ""
    station_id: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    excluded: frozenset[str] = frozenset()  # earlier counters: a recount is somebody else's
    snapshot: tuple[tuple[str, int], ...] = ()  # (sku, system qty) when the location froze
    version: int = 1

    def system(self) -> dict[str, int]:
        return dict(self.snapshot)


class EntryKind(StrEnum):
    ITEM = "item"  # a unit or a pack barcode: qty = units it stands for
    KEYED = "keyed"  # a keyed quantity for the next item scan
    UNDO = "undo"  # takes back the last item or keyed quantity
    UNKNOWN = "unknown"  # a code nobody knows: kept for the supervisor, never guessed
    EMPTY = "empty"  # the location was found empty and closed
    DONE = "done"  # the location was closed


@dataclass(frozen=True)
class CountEntry:
    """One accepted scan on a task, stored as it came so a restart recomputes the same totals."""

    task_id: str
    seq: int
    kind: EntryKind
    sku_code: str = ""
    qty: int = 0
    text: str = ""
    operator: str = ""
    scan_id: str = ""
    at: datetime | None = None


class ReasonCode(StrEnum):
    DAMAGED = "damaged"
    FOUND = "found"
    LOST = "lost"
    WRONG_LOCATION = "wrong_location"
    DATA_ERROR = "data_error"


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"  # a recount follows


@dataclass(frozen=True)
class CountApproval:
    approval_id: str
    plan_id: str
    location: str
    task_id: str  # the final round's task
    decision: Decision
    approver: str
    counter: str  # the final round's counter; never the approver (CHECK in the database)
    at: datetime
    reason: ReasonCode | None = None


class CountRepository(Protocol):
    def add_plan(self, plan: CountPlan) -> None: ...

    def get_plan(self, plan_id: str) -> CountPlan | None: ...

    def save_plan(self, plan: CountPlan) -> None: ...

    def plans(self) -> list[CountPlan]:
        """Newest first."""
        ...

    def add_task(self, task: CountTask) -> None:
        """Raises DuplicateEntry for a second active (open or counting) task on one location."""
        ...

    def get_task(self, task_id: str) -> CountTask | None: ...

    def save_task(self, task: CountTask) -> CountTask:
        """Stores `task` if the stored version is still `task.version`; returns it with the
        version bumped. Raises ConcurrentChange when somebody saved it in between."""
        ...

    def tasks(self, plan_id: str, location: str | None = None) -> list[CountTask]:
        """A plan's tasks (one location's rounds if given), by location then round."""
        ...

    def current_task(self, location: str) -> CountTask | None:
        """The location's task not yet decided (open, counting or counted), in any plan."""
        ...

    def busy_locations(self) -> set[str]:
        """Locations that have a current task: a new plan leaves them out."""
        ...

    def undecided(self, plan_id: str) -> int:
        """How many of the plan's tasks still wait (open, counting or counted)."""
        ...

    def lock_location(self, location: str) -> None:
        """Holds the location's row until the unit of work ends, so no move can post at it
        between this and the commit (the ledger checks frozen under the same row lock)."""
        ...

    def held_moves(self, location: str) -> list[StockMove]:
        """Moves into the location held while it was frozen and not posted yet, in the order
        they came."""
        ...

    def task_counted_by(self, operator: str) -> CountTask | None:
        """The task this stocktaker has frozen and not closed: a restart resumes it."""
        ...

    def add_entry(self, entry: CountEntry) -> None:
        """UNIQUE (task_id, seq): a second station writing the same seq raises ConcurrentChange."""
        ...

    def entries(self, task_id: str, after: int = 0) -> list[CountEntry]:
        """In seq order; only those with seq > `after`."""
        ...

    def plan_entries(
        self, plan_id: str, location: str | None = None
    ) -> dict[str, list[CountEntry]]:
        """Per task of the plan (of one location if given): its entries in seq order, read
        in one go for the approval screen. Only what a tally reads is filled in (kind, SKU,
        quantity, text), not who scanned or when."""
        ...

    def unit_prices(self, sku_codes: Iterable[str]) -> dict[str, int]:
        """Unit price in cents of each SKU known, in one read."""
        ...

    def add_approval(self, approval: CountApproval) -> None: ...

    def approvals(self, plan_id: str) -> list[CountApproval]: ...

    def last_counted(self) -> dict[str, datetime]:
        """Per location, when its last approved count was approved."""
        ...


def count_names(uow: UnitOfWork, location: str) -> tuple[str, str]:
    """(plan name, stocktaker's name) of the count holding the location; ("-", "-") if none."""
    task = uow.counts.current_task(location)
    if task is None:
        return "-", "-"
    plan = uow.counts.get_plan(task.plan_id)
    counter = uow.operators.get(task.counter) if task.counter else None
    return plan.name if plan else task.plan_id, counter.name if counter else task.counter or "-"


def frozen_error(uow: UnitOfWork, location: str) -> LocationFrozen:
    """The one refusal for stock leaving a frozen location, naming the count when there is
    one: what picking, moves and the ledger all say (E305)."""
    if uow.counts.current_task(location) is None:
        return LocationFrozen(location=location)
    plan, operator = count_names(uow, location)
    return LocationFrozen(location=location, plan=plan, operator=operator)


def adjustment_reference(plan_id: str, location: str, round_no: int) -> str:
    """The reference a count's approval gives its stock adjustments (one home for the
    format: the approval writes it, the day's figures look the adjustments up by it)."""
    return f"count:{plan_id}:{location}:{round_no}"

"""Cycle count reports: variance per location and SKU, its CSV, and count accuracy.

Pure: the services feed these with stored tasks and tallies; spreadsheets (XLSX) are written
outside the core from the same rows (`variance_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from wms_tui.core.counting.records import CountTask, TaskStatus
from wms_tui.core.exports import neutralise as neutralise
from wms_tui.core.exports import to_csv as to_csv
from wms_tui.i18n import _

CLOSED_ROUNDS = frozenset({TaskStatus.COUNTED, TaskStatus.SUPERSEDED, TaskStatus.APPROVED})


@dataclass(frozen=True)
class VarianceLine:
    """One location and SKU: what the system said at the freeze, every round's count."""

    plan_id: str
    location: str
    sku_code: str
    system: int
    counts: tuple[int, ...]  # one per closed round, first count first
    counters: tuple[str, ...]
    unit_price_cents: int = 0
    status: str = ""
    decision: str = ""
    reason: str = ""
    approver: str = ""

    @property
    def counted(self) -> int:
        return self.counts[-1]

    @property
    def variance(self) -> int:
        return self.counted - self.system

    @property
    def value_cents(self) -> int:
        return self.variance * self.unit_price_cents


def variance_lines(
    rounds: Sequence[tuple[CountTask, Mapping[str, int]]], prices: Mapping[str, int]
) -> list[VarianceLine]:
    """`rounds` are one location's tasks with their counted totals; open rounds are left out."""
    closed = sorted((r for r in rounds if r[0].status in CLOSED_ROUNDS), key=lambda r: r[0].round)
    if not closed:
        return []
    first, last = closed[0][0], closed[-1][0]
    system = first.system()
    skus = sorted({*system, *(sku for _, counted in closed for sku in counted)})
    return [
        VarianceLine(
            plan_id=first.plan_id,
            location=first.location,
            sku_code=sku,
            system=system.get(sku, 0),
            counts=tuple(counted.get(sku, 0) for _, counted in closed),
            counters=tuple(task.counter for task, _ in closed),
            unit_price_cents=prices.get(sku, 0),
            status=last.status.value,
        )
        for sku in skus
    ]


VARIANCE_COLUMNS: tuple[str, ...] = (
    "count.col.plan",
    "count.col.location",
    "count.col.sku",
    "count.col.system",
    "count.col.counts",
    "count.col.counted",
    "count.col.variance",
    "count.col.unit_price",
    "count.col.value",
    "count.col.status",
    "count.col.reason",
    "count.col.approver",
)


def _money(cents: int) -> Decimal:
    # A Decimal, not text: a negative value must not look like a formula to neutralise.
    return Decimal(cents).scaleb(-2)


def variance_header() -> list[str]:
    return [_(column) for column in VARIANCE_COLUMNS]


def variance_rows(lines: Sequence[VarianceLine]) -> list[tuple[object, ...]]:
    """One row per line in VARIANCE_COLUMNS order; numbers stay numbers for spreadsheets."""
    return [
        (
            line.plan_id,
            line.location,
            line.sku_code,
            line.system,
            "/".join(str(c) for c in line.counts),
            line.counted,
            line.variance,
            _money(line.unit_price_cents),
            _money(line.value_cents),
            line.status,
            line.reason,
            line.approver,
        )
        for line in lines
    ]


def variance_csv(lines: Sequence[VarianceLine]) -> str:
    return to_csv(variance_header(), variance_rows(lines))


@dataclass(frozen=True)
class Accuracy:
    key: str
    lines: int
    matching: int

    @property
    def percent(self) -> float:
        return 100.0 * self.matching / self.lines if self.lines else 100.0


def _accuracy(pairs: Iterable[tuple[str, bool]]) -> list[Accuracy]:
    totals: dict[str, tuple[int, int]] = {}
    for key, ok in pairs:
        lines, matching = totals.get(key, (0, 0))
        totals[key] = (lines + 1, matching + ok)
    return [Accuracy(key, lines, matching) for key, (lines, matching) in sorted(totals.items())]


def location_accuracy(lines: Sequence[VarianceLine]) -> list[Accuracy]:
    """Record accuracy: approved SKU lines where the system already had the counted quantity."""
    done = TaskStatus.APPROVED.value
    return _accuracy((ln.location, ln.system == ln.counted) for ln in lines if ln.status == done)


def stocktaker_accuracy(lines: Sequence[VarianceLine]) -> list[Accuracy]:
    """Per stocktaker: their SKU lines that the approved (final) count confirmed."""
    done = TaskStatus.APPROVED.value
    return _accuracy(
        (counter, count == ln.counted)
        for ln in lines
        if ln.status == done
        for counter, count in zip(ln.counters, ln.counts, strict=True)
    )

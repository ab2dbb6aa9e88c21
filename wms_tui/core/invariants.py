"""The ledger's invariants as a pure function of data (moves, cached levels, scans).

Used by the reliability tests after every step and usable by `wms check`: hand it what the
database holds and it says what is wrong, one violation per line, or nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wms_tui.core.model import VIRTUAL_LOCATIONS, StockLevel, StockMove


@dataclass(frozen=True)
class Violation:
    rule: str  # ledger_sum | negative | cache_drift | reversal | qty | scan_lost | scan_doubled
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}: {self.detail}"


def ledger_levels(moves: Iterable[StockMove]) -> dict[tuple[str, str], int]:
    """On hand per (sku, location) as the ledger says it, zeros left out."""
    levels: dict[tuple[str, str], int] = defaultdict(int)
    for move in moves:
        levels[(move.sku_code, move.from_location)] -= move.qty
        levels[(move.sku_code, move.to_location)] += move.qty
    return {key: qty for key, qty in levels.items() if qty}


def check_stock(
    moves: Iterable[StockMove],
    levels: Iterable[StockLevel],
    virtual: Iterable[str] = VIRTUAL_LOCATIONS,
) -> list[Violation]:
    """Every SKU sums to zero, no real location is negative, the cache equals the ledger,
    every quantity is positive and a move is reversed at most once."""
    moves = list(moves)
    virtual = frozenset(virtual)
    violations: list[Violation] = []
    reversed_by: Counter[str] = Counter()
    for move in moves:
        if move.qty <= 0:
            violations.append(Violation("qty", move.move_id, f"qty {move.qty}"))
        if move.reverses is not None:
            reversed_by[move.reverses] += 1
    for original, times in sorted(reversed_by.items()):
        if times > 1:
            violations.append(Violation("reversal", original, f"reversed {times} times"))
    expected = ledger_levels(moves)
    sums: dict[str, int] = defaultdict(int)
    for (sku, location), qty in sorted(expected.items()):
        sums[sku] += qty
        if qty < 0 and location not in virtual:
            violations.append(Violation("negative", f"{sku}@{location}", f"on hand {qty}"))
    for sku, total in sorted(sums.items()):
        if total:
            violations.append(Violation("ledger_sum", sku, f"sums to {total}, not 0"))
    cached = {(lv.sku_code, lv.location): lv.on_hand for lv in levels if lv.on_hand}
    for key in sorted(set(cached) | set(expected)):
        have, want = cached.get(key, 0), expected.get(key, 0)
        if have != want:
            violations.append(
                Violation("cache_drift", f"{key[0]}@{key[1]}", f"cache {have}, ledger {want}")
            )
    return violations


def check_scans(
    acknowledged: Iterable[str],
    journal: Mapping[str, str],
    moves_per_scan: Mapping[str, int],
    units_per_accepted_scan: int = 1,
    unlinked: Iterable[str] = (),
) -> list[Violation]:
    """Scan ids against the journal (scan id -> status) and the moves posted per scan id.

    An acknowledged scan must be journaled and finished; an accepted scan has exactly
    `units_per_accepted_scan` moves, a rejected one none, a pending one none; a move whose
    scan id was never journaled was applied without the promise of the journal. `unlinked`
    scans post moves that do not carry their scan id (reversals): the caller counts those.
    """
    violations: list[Violation] = []
    for scan_id in sorted(set(acknowledged)):
        status = journal.get(scan_id)
        if status is None:
            violations.append(Violation("scan_lost", scan_id, "acknowledged, not journaled"))
        elif status == "pending":
            violations.append(Violation("scan_lost", scan_id, "acknowledged, still pending"))
    skip = frozenset(unlinked)
    for scan_id, status in sorted(journal.items()):
        if scan_id in skip:
            continue
        moves = moves_per_scan.get(scan_id, 0)
        want = units_per_accepted_scan if status == "accepted" else 0
        if moves != want:
            rule = "scan_doubled" if moves > want else "scan_lost"
            violations.append(Violation(rule, scan_id, f"{status} with {moves} moves"))
    for scan_id in sorted(set(moves_per_scan) - set(journal)):
        violations.append(Violation("scan_lost", scan_id, "moves without a journal entry"))
    return violations

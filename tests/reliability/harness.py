"""What every reliability test shares: a small warehouse, a pick-like scan handler over the
real resolver and ledger, and one `verify()` that reads the whole database and checks it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.check import integrity_check, rebuild_stock_cache
from db.converters import move_from_row
from db.models import ScanJournalRow, StockMoveRow
from db.uow import SqlUnitOfWorkFactory
from wms_tui.core import codes, stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.invariants import Violation, check_scans, check_stock
from wms_tui.core.model import Barcode, Location, LocationKind, MoveReason, Sku, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan as Scan
from wms_tui.core.scans import ScanKind, expect, resolve

STATION = "REL-1"
PACKING = "PACK-01"
SKUS = ("REL-1", "REL-2", "REL-3")
BINS = ("A-01", "A-02", "A-03")
OPENING = 1_000_000
CLOCK = SystemClock()


def ean(n: int) -> str:
    body = f"690{n:09d}"
    return body + codes.gs1_check_digit(body)


BARCODES = {ean(i + 1): sku for i, sku in enumerate(SKUS)}
HOME_BIN = dict(zip(SKUS, BINS, strict=True))


def seed(factory: SqlUnitOfWorkFactory, opening: int = OPENING) -> None:
    """Three SKUs, each with an EAN-13 and a home bin holding `opening` units, one packing
    location; opening stock comes in as ordinary receipts, so the ledger sums to zero."""
    with factory() as uow:
        for n, sku in enumerate(SKUS):
            uow.skus.add(Sku(sku, f"可靠性{n}", f"Reliability {n}"))
        for code, sku in BARCODES.items():
            uow.skus.add_barcode(Barcode(code, sku))
        for walk, code in enumerate(BINS):
            uow.locations.add(Location(code, LocationKind.BIN, walk))
        uow.locations.add(Location(PACKING, LocationKind.PACKING, 100, station_id=STATION))
        for sku in SKUS:
            stock.receive(
                uow, CLOCK, sku_code=sku, qty=opening, location=HOME_BIN[sku],
                operator="seed", station_id=STATION, move_id=f"opening-{sku}",
            )  # fmt: skip
        uow.commit()


def pick_handler(uow: UnitOfWork, scan: Scan) -> Outcome:
    """One unit of the scanned product from its home bin to packing; the move id is derived
    from the scan id, so a second application could only ever be refused by the ledger."""
    resolved = expect(resolve(scan.text, uow.catalog(), symbology=scan.symbology), ScanKind.PRODUCT)
    assert resolved.sku is not None
    sku = resolved.sku.code
    stock.post_move(
        uow,
        StockMove(
            f"pick-{scan.scan_id}",
            sku,
            1,
            HOME_BIN[sku],
            PACKING,
            MoveReason.PICK,
            operator="rel",
            station_id=STATION,
            scan_id=scan.scan_id,
        ),
        CLOCK,
    )
    return Outcome.accepted("scan.already_applied", scan=scan.text)


@dataclass
class Verdict:
    moves: int = 0
    journaled: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    acked: int = 0
    violations: list[str] = field(default_factory=list)


def verify(
    factory: SqlUnitOfWorkFactory,
    acknowledged: Iterable[str] = (),
    unlinked: Iterable[str] = (),
) -> Verdict:
    """Integrity check, cache against ledger, the ledger's invariants and the scans' fate.

    `unlinked` scans post moves that do not carry their scan id (reversals): the caller
    counts those itself."""
    verdict = Verdict(violations=list(integrity_check(factory.engine)))
    verdict.violations += [f"drift {d}" for d in rebuild_stock_cache(factory.engine)]
    with factory() as uow:
        session = uow.session
        moves = [move_from_row(row) for row in session.scalars(select(StockMoveRow))]
        levels = uow.ledger.levels()
        journal = {
            scan_id: status
            for scan_id, status in session.execute(
                select(ScanJournalRow.scan_id, ScanJournalRow.status)
            )
        }
        per_scan = {
            str(scan_id): int(n)
            for scan_id, n in session.execute(
                select(StockMoveRow.scan_id, func.count())
                .where(StockMoveRow.scan_id.is_not(None))
                .group_by(StockMoveRow.scan_id)
            )
        }
    acked = set(acknowledged)
    found: list[Violation] = check_stock(moves, levels) + check_scans(
        acked, journal, per_scan, unlinked=unlinked
    )
    verdict.violations += [str(v) for v in found]
    verdict.moves = len(moves)
    verdict.journaled = len(journal)
    statuses = list(journal.values())
    verdict.accepted = statuses.count("accepted")
    verdict.rejected = statuses.count("rejected")
    verdict.pending = statuses.count("pending")
    verdict.acked = len(acked)
    return verdict


# What the `report` fixture (conftest.py) is: report(name, **counts) -> the violations.
Report = Callable[..., int]


def p99(values: list[float]) -> float:
    """The 99th percentile of what a race measured (0 for nothing)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0

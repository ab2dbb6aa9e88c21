"""The day in figures over a month of a busy warehouse: a day's report, thirty days' report,
a dashboard refresh, and a station's scans while another station's dashboard refreshes.

    python bench/reports.py [--db sqlite|postgresql|both] [--orders 100000] [--scans 1000000]

Loads thirty days of synthetic activity with bulk Core inserts: `--orders` orders (one or
two lines, imported, picked on waves, inspected (one in twenty held first, then passed),
handed over), a count plan a day (six stocktakers, sixty bins each, approved), and
`--scans` journaled scans by forty workers over ten-hour shifts with breaks. Then times,
each in a read-only unit of work as the dashboard's worker and `wms report` open it:
`report_daily_s` (one day, median of five), `report_30_days_first_s` (the month's first
report: every day tallied from the journal), `report_keep_days_s` (keeping the days that
are over, as `wms report` does after it), `report_30_days_s` (median of three, the days
over read from what was kept, today from the journal),
`dashboard_refresh_ms` (what a refresh reads: the table in front, the slowest table's
median of twenty), `report_workers_30_days_s` (`wms report workers` over the month), and
`scan_p99_ms` / `scan_p99_while_dashboard_ms`: a picker's scans (each posts a move) through a
real pipeline at one station, alone and while another process pages through the dashboard's
tables without a pause.
Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import Engine, insert

from bench.common import database, figure, percentile, settle
from bench.scan_latency import pick_handler
from db.counting.models import CountApprovalRow, CountPlanRow, CountTaskRow
from db.handover.models import ManifestRow, ParcelRow
from db.inspection.models import InspectionEventRow, InspectionSessionRow
from db.models import (
    LocationRow,
    OperatorRow,
    OrderLineRow,
    OrderRow,
    ScanJournalRow,
    SkuRow,
    StockMoveRow,
)
from db.picking.models import PickAllocationRow, PickRecordRow, PickWaveOrderRow, PickWaveRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.reports.daily import ALL, TABLE_KEYS, WORKERS, Figures, figures
from wms_tui.core.reports.shops import Rules
from wms_tui.core.reports.tallies import keep_tallies
from wms_tui.core.reports.words import tables
from wms_tui.core.scans import Scan

DAYS = 30
FIRST = date(2026, 11, 1)
SKUS, BINS, WAVES_A_DAY, CHUNK = 200, 500, 20, 20_000
ROLES = {"INS": 16, "PIC": 12, "CNT": 6, "DCK": 6}
CONTEXTS = {"INS": "inspect", "PIC": "pick", "CNT": "count", "DCK": "handover"}


def t(day: int, seconds: float) -> datetime:
    return datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=UTC) + timedelta(
        days=day, seconds=seconds
    )


class Loader:
    """Rows gathered per table and written in chunks, parents before children."""

    ORDER = (
        SkuRow,
        LocationRow,
        OperatorRow,
        OrderRow,
        OrderLineRow,
        PickWaveRow,
        PickWaveOrderRow,
        PickAllocationRow,
        StockMoveRow,
        PickRecordRow,
        InspectionSessionRow,
        InspectionEventRow,
        ManifestRow,
        ParcelRow,
        CountPlanRow,
        CountTaskRow,
        CountApprovalRow,
        ScanJournalRow,
    )

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.rows: dict[Any, list[dict[str, Any]]] = {model: [] for model in self.ORDER}

    def add(self, model: Any, **row: Any) -> None:
        self.rows[model].append(row)

    @staticmethod
    def _same_keys(model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One executemany takes rows of the same keys: what a row leaves out gets the
        column's default (or NULL)."""
        keys = {key for row in rows for key in row}
        defaults = {}
        for column in model.__table__.columns:
            default = column.default
            defaults[column.key] = (
                default.arg if default is not None and default.is_scalar else None
            )
        return [{key: row.get(key, defaults.get(key)) for key in keys} for row in rows]

    def flush(self) -> None:
        for model in self.ORDER:
            table = model
            rows = self._same_keys(model, self.rows[model])
            for start in range(0, len(rows), CHUNK):
                with self.engine.begin() as connection:
                    connection.execute(insert(table), rows[start : start + CHUNK])
            self.rows[model].clear()


def workers() -> Iterator[tuple[str, str]]:
    for role, count in ROLES.items():
        for n in range(1, count + 1):
            yield role, f"{role}-{n:02d}"


def load(engine: Engine, orders: int, scans: int) -> None:
    out = Loader(engine)
    for n in range(SKUS):
        out.add(SkuRow, code=f"SKU-{n:04d}", unit_price_cents=990)
    for n in range(BINS):
        out.add(LocationRow, code=f"BIN-{n:04d}", kind="bin", walk_order=n)
    for n in range(1, 17):
        out.add(LocationRow, code=f"PACK-{n:02d}", kind="packing")
    out.add(OperatorRow, badge="SUP-01", name="主管", roles="supervisor")
    for role, badge in workers():
        out.add(OperatorRow, badge=badge, name=f"{role}{badge[-2:]}", roles=role.lower())
    out.flush()
    a_day = orders // DAYS
    for day in range(DAYS):
        _orders(out, day, day * a_day, a_day)
        _counts(out, day)
        out.flush()
    a_worker_day = scans // DAYS // sum(ROLES.values())
    for day in range(DAYS):
        for role, badge in workers():
            for k in range(a_worker_day):
                # A scan every 43 s over ten hours, a six-minute break every 100th.
                at = t(day, 7 * 3600 + k * 43 + (k // 100) * 360)
                out.add(
                    ScanJournalRow,
                    scan_id=uuid.uuid4().hex,
                    station_id=f"{role}-ST",
                    data="X",
                    received_at=at,
                    context=CONTEXTS[role],
                    operator=badge,
                    status="rejected" if k % 60 == 0 else "accepted",
                    applied_at=at,
                )
        out.flush()


def _orders(out: Loader, day: int, first: int, count: int) -> None:
    per_wave = max(1, count // WAVES_A_DAY)
    for w in range(WAVES_A_DAY):
        out.add(
            PickWaveRow,
            wave_no=f"W{day:02d}{w:03d}",
            kind="multi",
            status="picked",
            priority=0,
            grp="",
            created_at=t(day, 7 * 3600),
            created_by="SUP-01",
            version=1,
        )
    for i in range(count):
        n = first + i
        order_no, wave = f"SO{n:07d}", f"W{day:02d}{min(i // per_wave, WAVES_A_DAY - 1):03d}"
        came = t(day, 7 * 3600 + i * 36_000 / count)
        verified = came + timedelta(hours=2)
        lines = 1 + n % 2
        out.add(
            OrderRow,
            order_no=order_no,
            platform="taobao",
            shop=("旗舰店", "二店", "京东店")[n % 3],
            status="handed_over",
            paid_at=came - timedelta(minutes=10),
            imported_at=came,
            verified_at=verified,
            verified_by=f"INS-{n % 16 + 1:02d}",
        )
        out.add(PickWaveOrderRow, wave_no=wave, position=i, order_no=order_no)
        for line in range(1, lines + 1):
            sku = f"SKU-{(n + line) % SKUS:04d}"
            out.add(OrderLineRow, order_no=order_no, line_no=line, sku_code=sku, qty=1)
            idx = i * 2 + line
            picked = came + timedelta(hours=1)
            out.add(
                PickAllocationRow,
                wave_no=wave,
                idx=idx,
                order_no=order_no,
                line_no=line,
                sku_code=sku,
                location=f"BIN-{n % BINS:04d}",
                walk_order=0,
                qty=1,
                slot=0,
            )
            move = f"m-{order_no}-{line}"
            out.add(
                StockMoveRow,
                move_id=move,
                sku_code=sku,
                qty=1,
                from_location=f"BIN-{n % BINS:04d}",
                to_location=f"PACK-{n % 16 + 1:02d}",
                reason="pick",
                at=picked,
            )
            out.add(
                PickRecordRow,
                wave_no=wave,
                allocation=idx,
                qty=1,
                move_id=move,
                operator=f"PIC-{n % 12 + 1:02d}",
                station_id="PDA",
                scan_id=move,
                at=picked,
            )
        who, station = f"INS-{n % 16 + 1:02d}", f"PACK-{n % 16 + 1:02d}"
        attempts = [("on_hold", verified - timedelta(minutes=5))] if n % 20 == 0 else []
        for k, (result, ended) in enumerate([*attempts, ("passed", verified)]):
            session = f"{order_no}-{k}"
            out.add(
                InspectionSessionRow,
                session_id=session,
                order_no=order_no,
                station_id=station,
                operator=who,
                started_at=ended - timedelta(seconds=60 + n % 60),
                ended_at=ended,
                result=result,
                note="inspection: damaged SKU-0001 x1" if result == "on_hold" else "",
            )
            for seq in range(1, lines + 2 + (n % 50 == 0)):
                kind = "wrong" if seq == lines + 2 else "count"
                out.add(
                    InspectionEventRow,
                    session_id=session,
                    seq=seq,
                    kind=kind,
                    reason="not_in_order" if kind == "wrong" else "",
                    at=ended,
                )
        manifest = f"M{day:02d}{n % 4}"
        if i < 4:
            out.add(
                ManifestRow,
                manifest_id=f"M{day:02d}{i}",
                courier="SF",
                dock=f"DOCK-{i}",
                status="closed",
                opened_by="DCK-01",
                opened_at=t(day, 8 * 3600),
                closed_at=t(day, 20 * 3600),
                version=1,
            )
        out.add(
            ParcelRow,
            manifest_id=manifest,
            seq=i,
            order_no=order_no,
            scanned_by=f"DCK-{n % 6 + 1:02d}",
            station_id="DOCK",
            scanned_at=verified + timedelta(hours=1),
        )


def _counts(out: Loader, day: int) -> None:
    plan = f"plan-{day}"
    out.add(
        CountPlanRow,
        plan_id=plan,
        name=plan,
        scope="locations",
        threshold_kind="units",
        threshold_value=0,
        status="closed",
        created_by="SUP-01",
        created_at=t(day, 6 * 3600),
    )
    for c in range(6):
        for k in range(60):
            task, location = f"{plan}-{c}-{k}", f"BIN-{c * 60 + k:04d}"
            done = t(day, 8 * 3600 + k * 300)
            out.add(
                CountTaskRow,
                task_id=task,
                plan_id=plan,
                location=location,
                round=1,
                status="approved",
                counter=f"CNT-{c + 1:02d}",
                station_id="CNT-ST",
                started_at=done - timedelta(minutes=4),
                finished_at=done,
            )
            out.add(
                CountApprovalRow,
                approval_id=task,
                plan_id=plan,
                location=location,
                task_id=task,
                decision="approved",
                approver="SUP-01",
                counter=f"CNT-{c + 1:02d}",
                at=done,
            )


def _median_s(run: Callable[[], object], times: int) -> float:
    taken = []
    for _n in range(times):
        started = time.perf_counter()
        run()
        taken.append(time.perf_counter() - started)
    return statistics.median(taken)


def _refresh_forever(url: str, stop: Any) -> None:
    factory = make_uow_factory(url)
    read = factory.for_reading()
    day = FIRST + timedelta(days=DAYS - 1)
    while not stop.is_set():
        with read() as uow:
            for key in TABLE_KEYS:  # as a supervisor paging through the tables
                tables(figures(uow, day, day, Rules(), UTC, frozenset({key})))
    factory.dispose()


def stock_the_bins(factory: SqlUnitOfWorkFactory) -> None:
    """Stock to pick from, received through the ledger (the loaded moves set no levels)."""
    with factory() as uow:
        for n in range(SKUS):
            stock.receive(
                uow,
                SystemClock(),
                sku_code=f"SKU-{n:04d}",
                qty=100_000,
                location=f"BIN-{n:04d}",
                operator="SUP-01",
                station_id="S0",
            )
        uow.commit()


def _scans_p99(factory: SqlUnitOfWorkFactory, count: int) -> float:
    """A picker's scans at one station (scan_latency.py's pick: resolve, post one move),
    through a real pipeline, one durable commit each."""
    pipeline = ScanPipeline(factory.for_scans(), SystemClock(), "BENCH-1")
    pipeline.register("bench", pick_handler)
    pipeline.activate("bench")
    taken = []
    for n in range(count):
        scan = Scan(
            uuid.uuid4().hex,
            "bench",
            f"SKU-{n % SKUS:04d}",
            received_at=datetime.now(UTC),
            operator="INS-01",
        )
        started = time.perf_counter()
        pipeline.process(scan)
        taken.append((time.perf_counter() - started) * 1000)
    return percentile(taken, 99)


def one_engine(kind: str, args: argparse.Namespace) -> None:
    with database(kind) as url:
        factory = make_uow_factory(url)
        started = time.perf_counter()
        load(factory.engine, args.orders, args.scans)
        settle(factory.engine)
        figure(f"{kind}_setup_s", time.perf_counter() - started, "s")
        read = factory.for_reading()
        middle, last = FIRST + timedelta(days=15), FIRST + timedelta(days=DAYS - 1)

        def report(first: date, until: date, wanted: frozenset[str] = ALL) -> Callable[[], Figures]:
            def run() -> Figures:
                with read() as uow:
                    found = figures(uow, first, until, Rules(), UTC, wanted)
                tables(found)
                return found

            return run

        report(middle, middle)()  # statements prepared, pages cached
        figure(f"{kind}_report_daily_s", _median_s(report(middle, middle), 5), "s")
        # The first month's report tallies every day from the journal; `wms report` then
        # keeps the days that are over (the last one is today, never kept).
        started = time.perf_counter()
        first_read = report(FIRST, last)()
        figure(f"{kind}_report_30_days_first_s", time.perf_counter() - started, "s")
        started = time.perf_counter()
        keep_tallies(factory, first_read.tallied, today=last)
        figure(f"{kind}_report_keep_days_s", time.perf_counter() - started, "s")
        figure(f"{kind}_report_30_days_s", _median_s(report(FIRST, last), 3), "s")
        # A refresh reads the table in front: the slowest table's median.
        slowest = max(_median_s(report(last, last, frozenset({key})), 20) for key in TABLE_KEYS)
        figure(f"{kind}_dashboard_refresh_ms", 1000 * slowest, "ms")
        figure(f"{kind}_report_workers_30_days_s", _median_s(report(FIRST, last, WORKERS), 3), "s")
        stock_the_bins(factory)
        _scans_p99(factory, 50)  # warm
        figure(f"{kind}_scan_p99_ms", _scans_p99(factory, args.station_scans), "ms")
        stop = multiprocessing.Event()
        board = multiprocessing.Process(target=_refresh_forever, args=(url, stop))
        board.start()
        time.sleep(2)  # the dashboard is refreshing
        figure(f"{kind}_scan_p99_while_dashboard_ms", _scans_p99(factory, args.station_scans), "ms")
        stop.set()
        board.join()
        factory.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=1_000_000)
    parser.add_argument("--station-scans", type=int, default=1000)
    args = parser.parse_args()
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        one_engine(kind, args)


if __name__ == "__main__":
    main()

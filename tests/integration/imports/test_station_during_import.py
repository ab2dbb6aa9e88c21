"""A station keeps scanning while another process imports a big orders file (SQLite).

The import checks the file in a read-only unit of work and writes it in one short one, so
the station's scans wait at most for that write: every scan made during the import is
journaled and applied, none fails, and the import goes through whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from db import migrate
from db import statements as sql
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from wms_tui.core import stock
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan

ROOT = Path(__file__).resolve().parents[3]
SKUS = 500
IMPORT = """
import sys
from pathlib import Path
from db.uow import make_uow_factory
from wms_tui.bootstrap.imports import import_file
from wms_tui.core.clock import SystemClock
from wms_tui.core.imports import ImportKind
factory = make_uow_factory(sys.argv[1])
report = import_file(factory, SystemClock(), ImportKind.ORDERS, Path(sys.argv[2]),
                     operator="OP-ADM-1", station_id="OFFICE")
print(report.created)
"""


def _seed(url: str) -> None:
    factory = make_uow_factory(url)
    with factory() as uow:
        session = uow.session
        sql.run(session, sql.SKUS.insert(), [
            {"code": f"SKU-{n:04d}", "name_zh": f"商品{n}", "name_en": f"Item {n}"}
            for n in range(SKUS)
        ])  # fmt: skip
        sql.run(session, sql.LOCATIONS.insert(), [{"code": "A-01-1", "kind": "bin"}])
        uow.commit()
    factory.dispose()


def _orders(path: Path, lines: int) -> int:
    out = ["订单号,平台,店铺,买家留言,商家编码,数量"]
    for n in range(lines):
        out.append(f"SO-{n // 2:07d},淘宝,旗舰店,请尽快发货,SKU-{n % SKUS:04d},{1 + n % 2}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return (lines + 1) // 2


def _receive(uow: UnitOfWork, scan: Scan) -> Outcome:
    # The station's work: each scan posts one unit into the bin, in its own transaction.
    move = StockMove(f"m-{scan.scan_id}", scan.text, 1, VIRTUAL_SUPPLIER, "A-01-1",
                     MoveReason.RECEIPT, scan_id=scan.scan_id, station_id="PACK-01")  # fmt: skip
    stock.post_move(uow, move, FixedClock())
    return Outcome.accepted("scan.already_applied", scan=scan.text)


def _run(tmp_path: Path, lines: int) -> tuple[int, int]:
    url = f"sqlite:///{tmp_path / 'wms.sqlite'}"
    migrate.upgrade(url)
    _seed(url)
    orders = _orders(tmp_path / "orders.csv", lines)
    factory = make_uow_factory(url)
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(), "PACK-01")
    pipeline.register("receive", _receive)
    pipeline.activate("receive")
    outcomes: list[Outcome] = []
    pipeline.add_listener(outcomes.append)
    pipeline.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORT, url, str(tmp_path / "orders.csv")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    submitted: list[str] = []
    try:
        while importer.poll() is None or len(submitted) < 20:
            scan_id = str(uuid.uuid4())
            pipeline.submit(Scan(scan_id, "test", f"SKU-{len(submitted) % SKUS:04d}",
                                 received_at=datetime.now(UTC)))  # fmt: skip
            submitted.append(scan_id)
            time.sleep(0.02)  # a busy inspector: fifty scans a second
        out, err = importer.communicate(timeout=120)
        assert importer.returncode == 0, err
        assert out.strip() == str(orders)
        assert pipeline.drain(timeout=60)
    finally:
        pipeline.stop()
    assert len(outcomes) == len(submitted)
    assert [o.error_code for o in outcomes if o.error_code] == []
    with factory.engine.connect() as connection:
        query = text("SELECT status, count(*) FROM scan_journal GROUP BY status")
        statuses = {status: count for status, count in connection.execute(query)}
        moves = connection.execute(
            text("SELECT count(*) FROM stock_move WHERE station_id = 'PACK-01'")
        ).scalar()
        imported = connection.execute(text("SELECT count(*) FROM orders")).scalar()
    assert statuses == {"accepted": len(submitted)}  # every scan journaled and applied
    assert moves == len(submitted)
    assert imported == orders
    factory.dispose()
    return statuses.get("accepted", 0), len(submitted)


def test_a_station_keeps_scanning_through_an_import(tmp_path: Path) -> None:
    applied, scanned = _run(tmp_path, 20_000)
    assert applied == scanned > 0


@pytest.mark.slow
def test_a_station_keeps_scanning_through_a_100000_line_import(tmp_path: Path) -> None:
    applied, scanned = _run(tmp_path, 100_000)
    assert applied == scanned > 0

"""Kill the station between journal write and apply; the restart applies the scan once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from db.models import OrderLineRow, OrderRow
from db.pin_hasher import Argon2PinHasher
from tests.fakes import FixedClock
from tests.integration.pipeline.helpers import moves_by_scan, seeded
from wms_tui.bootstrap.database import open_database
from wms_tui.bootstrap.demo import build_demo
from wms_tui.config import load_settings
from wms_tui.core.model import BarcodeKind, OrderStatus

ROOT = Path(__file__).resolve().parents[3]


def _child(url: str, mode: str, *scan_ids: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.pipeline.child", url, mode, *scan_ids],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_killed_after_journal_write_is_applied_once_on_restart(migrated_url: str) -> None:
    factory = seeded(migrated_url, on_hand=10)

    killed = _child(migrated_url, "kill-after-journal", "scan-1")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with factory() as uow:
        entry = uow.journal.get("scan-1")
        assert entry is not None and entry.status == "pending"
        assert uow.ledger.level("SKU-1", "A-01-1") == 10

    restarted = _child(migrated_url, "run", "scan-2")
    assert restarted.returncode == 0, restarted.stderr
    assert restarted.stdout.strip() == "1"  # one scan recovered
    again = _child(migrated_url, "run", "scan-1")  # the same scan id once more: applies nothing
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0"

    assert moves_by_scan(factory) == {"scan-1": 1, "scan-2": 1}
    with factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01-1") == 8
        assert uow.ledger.level("SKU-1", "PACK-01") == 2
        for scan_id in ("scan-1", "scan-2"):
            entry = uow.journal.get(scan_id)
            assert entry is not None and entry.status == "accepted"
        assert uow.journal.pending("S1") == []
    factory.dispose()


def test_a_burst_is_applied_in_batches_on_a_real_database(migrated_url: str) -> None:
    """On both engines: a refused scan in a batch undoes only its own move (the batch goes
    one by one from there)."""
    from datetime import UTC, datetime

    from tests.integration.pipeline.child import pick_one
    from wms_tui.core.outcome import Outcome
    from wms_tui.core.pipeline.scanning import ScanPipeline
    from wms_tui.core.scans import Scan

    factory = seeded(migrated_url, on_hand=3)
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(), "S1")
    pipeline.register("pick", pick_one)
    pipeline.activate("pick")
    outcomes: list[Outcome] = []
    pipeline.add_listener(outcomes.append)
    ids = [f"burst-{i}" for i in range(5)]  # only 3 in stock: the last two are refused
    for scan_id in ids:
        pipeline.submit(
            Scan(scan_id=scan_id, source="t", text=scan_id, received_at=datetime.now(UTC))
        )
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert [o.ok for o in outcomes] == [True, True, True, False, False]
    assert outcomes[3].error_code == "E302"
    with factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01-1") == 0
        assert uow.ledger.level("SKU-1", "PACK-01") == 3
    assert moves_by_scan(factory) == {i: 1 for i in ids[:3]}
    with factory() as uow:
        statuses = [e.status for e in (uow.journal.get(i) for i in ids) if e is not None]
        assert statuses == ["accepted"] * 3 + ["rejected"] * 2
    factory.dispose()


def _app_child(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.pipeline.app_child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_killed_mid_inspection_reopens_the_order_with_the_scan_applied_once(
    tmp_path: Path,
) -> None:
    """The whole station process (bootstrap, app, pipeline) dies the moment an item scan is
    journaled. Restarted, the station applies it at start, in the name of the inspector who
    scanned it, and shows what it came to first; another inspector logs in and opens
    inspection: the order is open again with that unit counted once."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[station]\nid = "PACK-01"\nlanguage = "en"\n[feedback]\nsound = "off"\n'
        '[printer]\nkind = "none"\n',
        encoding="utf-8",
    )
    factory = open_database(load_settings(config), create="init")
    build_demo(factory, FixedClock(), Argon2PinHasher())
    with factory() as uow:
        # A picked order without remarks and of more than one unit: one scan leaves it open.
        order_no = uow.session.scalar(
            select(OrderRow.order_no)
            .join(OrderLineRow, OrderLineRow.order_no == OrderRow.order_no)
            .where(
                OrderRow.status == OrderStatus.PICKED.value,
                OrderRow.buyer_remark == "",
                OrderRow.seller_remark == "",
            )
            .group_by(OrderRow.order_no)
            .having(func.sum(OrderLineRow.qty) > 1)
            .order_by(OrderRow.order_no)
            .limit(1)
        )
        order = uow.orders.get(str(order_no))
        assert order is not None
        line = order.lines[0]
        item = next(
            b.code for b in uow.skus.barcodes_of(line.sku_code) if b.kind is BarcodeKind.PRODUCT
        )
    killed = _app_child(str(config), "kill", "OP-INS-1", order.waybill, item)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    with factory() as uow:
        pending = [e for e in uow.journal.pending("PACK-01") if e.data == item]
    assert len(pending) == 1 and pending[0].context == "inspect"

    # Another inspector takes the station over after the restart.
    restarted = _app_child(str(config), "restart", "OP-INS-2", order.waybill, item)
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    shown = json.loads(restarted.stdout.strip().splitlines()[-1])
    assert shown["order"] == order.order_no
    assert shown["counted"][line.sku_code] == 1
    assert shown["presented"][0] == "inspect.counted"  # the first thing the restart showed
    with factory() as uow:
        assert uow.journal.pending("PACK-01") == []
        (session,) = [s for s in uow.inspections.history(order.order_no)]
        counted = [
            e for e in uow.inspections.events(session.session_id) if e.scan_id == pending[0].scan_id
        ]
    assert len(counted) == 1
    assert counted[0].operator == "OP-INS-1"  # the unit was counted by who scanned it
    factory.dispose()


def test_killed_inside_the_scans_one_transaction_leaves_nothing(migrated_url: str) -> None:
    """One durable commit per scan: killed with its journal line written in the open
    transaction, the scan was never shown and nothing of it is stored; the operator scans
    it again and it applies once."""
    factory = seeded(migrated_url, on_hand=10)
    killed = _child(migrated_url, "kill-in-transaction", "scan-1")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with factory() as uow:
        assert uow.journal.get("scan-1") is None
        assert uow.ledger.level("SKU-1", "A-01-1") == 10
    again = _child(migrated_url, "run", "scan-1")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0"  # nothing was pending
    assert moves_by_scan(factory) == {"scan-1": 1}
    factory.dispose()

"""SIGKILL the station mid-order; the restarted station shows the exact counts and last scans."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.inspection.seed import MUG_EAN, RULES, TEE_EAN
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, load_state, scan_resolver
from wms_tui.core.inspection.records import EventKind, SessionResult
from wms_tui.core.model import OrderStatus
from wms_tui.core.pipeline.scanning import ScanPipeline

ROOT = Path(__file__).resolve().parents[3]


def _child(url: str, kill_at: int, *texts: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.inspection.child", url, str(kill_at), *texts],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_killed_mid_order_reopens_exactly_where_it_stood(
    factory: SqlUnitOfWorkFactory, migrated_url: str
) -> None:
    killed = _child(migrated_url, 5, "YT1", TEE_EAN, MUG_EAN, TEE_EAN, TEE_EAN)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert killed.stdout.split() == [
        "inspect.opened",
        "inspect.counted",
        "inspect.wrong_item",
        "inspect.counted",
    ]

    # A new process, nothing in memory: what the restarted screen shows.
    with factory() as uow:
        state = load_state(uow, RULES.station_id)
        assert uow.journal.get("k-5") is not None
        assert [e.scan_id for e in uow.journal.pending(RULES.station_id)] == ["k-5"]
    assert state.session is not None and state.session.order_no == "T1"
    assert state.progress.line(1).counted == 2
    assert state.progress.wrong_scans == 1
    assert [(e.kind, e.text) for e in state.recent()] == [
        (EventKind.COUNT, TEE_EAN),
        (EventKind.WRONG, MUG_EAN),
        (EventKind.COUNT, TEE_EAN),
    ]

    # The station comes back: the journaled scan is applied once, and it completes the order.
    desk = InspectionDesk(RULES, FixedClock(), resolver=scan_resolver())
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(), RULES.station_id)
    pipeline.register(CONTEXT, desk.handle_scan)
    (recovered,) = pipeline.recover()
    assert recovered.msgid == "inspect.passed"
    assert pipeline.recover() == []
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.VERIFIED
        (session,) = uow.inspections.history("T1")
        assert (session.result, session.wrong_scans) == (SessionResult.PASSED, 1)
        assert uow.ledger.level("TEE", "DOCK") == 3

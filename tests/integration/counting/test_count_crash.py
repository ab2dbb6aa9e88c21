"""A count station killed mid-count resumes with exactly what was counted (real SQLite file)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.unit.counting.helpers import CountDb
from wms_tui.core.counting import handler as svc

ROOT = Path(__file__).resolve().parents[3]


def _child(url: str, mode: str, *scans: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.counting.child", url, mode, "S1", *scans],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("db_backend", ["sqlite"])
def test_killed_mid_count_resumes_with_the_stored_entries(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    url = factory.engine.url.render_as_string(hide_password=False)
    first = _child(url, "run", "s1=A-01", "s2=SKU-1", "s3=*3", "s4=SKU-2")
    assert (first.returncode, first.stdout.strip()) == (0, "0"), first.stderr
    killed = _child(url, "kill-after-journal", "s5=SKU-2")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with db.uow() as uow:
        entry = uow.journal.get("s5")
        assert entry is not None and entry.status == "pending"
        assert svc.count_view(uow, "S1").tally.counted == {"SKU-1": 1, "SKU-2": 3}

    # A new process: the pending scan is applied first, then the stocktaker goes on.
    restarted = _child(url, "run", "s6=SKU-1", "s5=SKU-2")  # s5 again: a replay, not a count
    assert (restarted.returncode, restarted.stdout.strip()) == (0, "1"), restarted.stderr
    with db.uow() as uow:
        view = svc.count_view(uow, "S1")
        assert view.task is not None and view.task.location == "A-01"
        assert view.tally.counted == {"SKU-1": 2, "SKU-2": 4}
        assert len(uow.counts.entries(view.task.task_id)) == 5
        for scan_id in ("s1", "s2", "s3", "s4", "s5", "s6"):
            entry = uow.journal.get(scan_id)
            assert entry is not None and entry.status == "accepted", scan_id

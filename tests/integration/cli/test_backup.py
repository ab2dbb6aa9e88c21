"""`wms backup` and `wms restore` on both engines: an online copy taken while another process
scans, checked, restored into a new database, and holding every scan committed before the
backup began."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import ScanJournalRow
from db.uow import make_uow_factory
from tests.integration.cli.helpers import run_wms, write_config

pytestmark = pytest.mark.usefixtures("_restore_language")
ROOT = Path(__file__).resolve().parents[3]


class _Writer:
    """The other process: its acknowledged scan ids, each with the time it was committed."""

    def __init__(self, url: str) -> None:
        self.acked: list[tuple[str, float]] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.backup_writer", url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            scan_id, at = line.split()
            self.acked.append((scan_id, float(at)))

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.acked) < count:
            assert self.process.poll() is None, "the writer died"
            assert time.monotonic() < deadline, "the writer wrote nothing"
            time.sleep(0.01)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self._reader.join(10)


def test_backup_while_scanning_then_restore_into_a_new_database(
    migrated_url: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    source = write_config(tmp_path / "source", migrated_url)
    assert run_wms(source, "demo", "--no-start") == 0
    writer = _Writer(migrated_url)
    try:
        writer.wait_for(20)
        started = time.time()
        assert run_wms(source, "backup", "--to", str(tmp_path / "backups")) == 0
        writer.wait_for(len(writer.acked) + 5)  # it scanned on during and after the backup
    finally:
        writer.stop()
    out = capsys.readouterr().out
    assert "Backup written and checked" in out
    (backup,) = [p for p in (tmp_path / "backups").iterdir() if not p.name.endswith(".partial")]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    target = write_config(tmp_path / "target", db_url)
    assert run_wms(target, "restore", str(backup)) == 2  # no terminal to confirm on
    assert "E709" in capsys.readouterr().err
    assert run_wms(target, "restore", str(backup), "--yes") == 0
    said = capsys.readouterr().out
    assert "300 orders" in said and "1040 stock moves" in said
    assert run_wms(target, "check") == 0
    assert run_wms(target, "restore", str(backup), "--yes") == 2  # never over a database in use
    assert "E708" in capsys.readouterr().err

    factory = make_uow_factory(db_url)
    with factory() as uow:
        kept = set(uow.session.scalars(select(ScanJournalRow.scan_id)))
    factory.dispose()
    before = {scan_id for scan_id, at in writer.acked if at < started}
    assert before and before <= kept  # every scan committed before the backup began


def test_a_station_backs_up_at_its_first_start_of_the_day_and_every_n_hours(
    tmp_path: Path,
) -> None:
    from datetime import datetime, timedelta

    from db.backup import backup_name, prune
    from wms_tui.bootstrap.backup import BackupSchedule
    from wms_tui.config import load_settings

    config = write_config(tmp_path, "")
    text = config.read_text(encoding="utf-8") + "[backup]\nevery_hours = 4\nkeep = 2\n"
    config.write_text(text, encoding="utf-8")
    settings = load_settings(config)
    schedule = BackupSchedule(settings)
    folder = settings.backup.directory
    folder.mkdir()
    now = datetime(2026, 12, 7, 9, 0)
    assert schedule.due(now)  # none yet
    for hours_ago in (30, 26, 3):
        at = now - timedelta(hours=hours_ago)
        made = folder / backup_name("PACK-01", at, postgresql=False)
        made.write_bytes(b"x")
        os.utime(made, (at.timestamp(), at.timestamp()))
    assert not schedule.due(now)  # three hours ago, today
    assert schedule.due(now + timedelta(hours=1, minutes=1))
    assert schedule.due(datetime(2026, 12, 8, 6, 0))  # first start of the next day
    removed = prune(folder, "PACK-01", settings.backup.keep)
    assert [p.name[12:20] for p in removed] == ["20261206"]
    assert len(list(folder.iterdir())) == 2


def test_a_copy_that_fails_its_check_is_never_called_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db import backup as db_backup
    from wms_tui.bootstrap import backup as station_backup
    from wms_tui.config import load_settings
    from wms_tui.core.errors import BackupProblem

    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    config.write_text(config.read_text(encoding="utf-8") + "[backup]\nevery_hours = 4\n")
    assert run_wms(config, "db", "init") == 0
    settings = load_settings(config)
    monkeypatch.setattr(
        db_backup, "check_sqlite", lambda _copy: db_backup.BackupCheck(("drift",), None)
    )
    for _attempt in range(2):
        with pytest.raises(BackupProblem):
            station_backup.take_backup(settings)
    names = sorted(p.name for p in settings.backup.directory.iterdir())
    # No good name, no half-written file; of the failed copies only the newest is kept.
    assert len(names) == 1 and names[0].endswith(".sqlite3.bad"), names
    from datetime import datetime

    assert not station_backup.BackupSchedule(settings).due(datetime.now())  # tried just now

"""An online backup of a large database while a station scans.

    python bench/backup.py [--db sqlite|postgresql|both] [--orders 1000000]

Builds a database of `--orders` orders (one line each), then, while another process commits
scans one by one as the station's pipeline journals them, takes `wms backup` (the same
`take_backup`: copy, check, prune). Prints `backup_s` and the scanning process's commit
latency while the backup ran (`scan_p50_ms`, `scan_p99_ms`, `scans_during_backup`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import database, figure, percentile, settle
from bench.imports import seed
from db import statements as sql
from db.models import OrderLineRow, OrderRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core.journal import JournalEntry

CHUNK = 50_000


def fill(factory: SqlUnitOfWorkFactory, orders: int) -> None:
    seed(factory, skus=100, locations=10)
    now = datetime.now(UTC)
    for start in range(0, orders, CHUNK):
        numbers = range(start, min(start + CHUNK, orders))
        with factory() as uow:
            sql.run(uow.session, OrderRow.__table__.insert(), [  # type: ignore[attr-defined]
                {"order_no": f"O{n:08d}", "platform": "taobao", "platform_order_no": f"P{n}",
                 "shop": "旗舰店", "buyer": f"买家{n % 5000}", "courier": "SF",
                 "waybill": f"SF{n:010d}", "status": "archived", "buyer_remark": "",
                 "seller_remark": "", "paid_at": now, "priority": 0, "merged_from": "",
                 "hold_reason": "", "version": 1}
                for n in numbers
            ])  # fmt: skip
            sql.run(uow.session, OrderLineRow.__table__.insert(), [  # type: ignore[attr-defined]
                {"order_no": f"O{n:08d}", "line_no": 1, "sku_code": f"SKU-{n % 100:05d}",
                 "qty": 1, "is_gift": False}
                for n in numbers
            ])  # fmt: skip
            uow.commit()


def scanner(url: str) -> None:
    """The other process: one journaled scan per commit, its start and latency on stdout."""
    factory = make_uow_factory(url)
    try:
        while True:
            entry = JournalEntry(
                scan_id=str(uuid.uuid4()), station_id="BENCH", source="serial-1",
                data="6901234567892", symbology="", received_at=datetime.now(UTC),
                status="accepted",
            )  # fmt: skip
            began = time.time()
            with factory() as uow:
                uow.journal.record(entry)
                uow.commit()
            sys.stdout.write(f"{began:.6f} {(time.time() - began) * 1000:.3f}\n")
            sys.stdout.flush()
            time.sleep(0.005)  # a busy station: about 150 scans a second
    except (BrokenPipeError, KeyboardInterrupt):
        return


def one_engine(kind: str, orders: int) -> None:
    from wms_tui.bootstrap.backup import take_backup
    from wms_tui.config import load_settings

    with database(kind) as url, tempfile.TemporaryDirectory(prefix="wms-bench-bk-") as folder:
        factory = make_uow_factory(url)
        filled = time.monotonic()
        fill(factory, orders)
        settle(factory.engine)
        figure(f"{kind}_fill_s", time.monotonic() - filled, "s")
        factory.dispose()
        config = Path(folder) / "config.toml"
        config.write_text(
            f'[station]\nid = "BENCH"\nlanguage = "en"\n[database]\nurl = "{url}"\n'
            f'[backup]\ndirectory = "{folder}/backups"\n',
            encoding="utf-8",
        )
        settings = load_settings(config)
        process = subprocess.Popen(
            [sys.executable, __file__, "--scanner", url], stdout=subprocess.PIPE, text=True
        )
        samples: list[tuple[float, float]] = []

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                began, ms = line.split()
                samples.append((float(began), float(ms)))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        time.sleep(2.0)  # the station is scanning before the backup starts
        start = time.time()
        done = take_backup(settings)
        end = time.time()
        process.terminate()
        process.wait(10)
        reader.join(10)
        during = [ms for began, ms in samples if start <= began <= end]
        figure(f"{kind}_backup_s", end - start, "s")
        figure(f"{kind}_backup_mb", done.size / 1e6, "MB")
        figure(f"{kind}_scans_during_backup", len(during), "scans")
        if during:
            figure(f"{kind}_scan_p50_ms", percentile(during, 50), "ms")
            figure(f"{kind}_scan_p99_ms", percentile(during, 99), "ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--scanner", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scanner:
        scanner(args.scanner)
        return
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        one_engine(kind, args.orders)


if __name__ == "__main__":
    main()

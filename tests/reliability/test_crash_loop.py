"""SIGKILL the station again and again, at random and at the worst moments; after every kill
the database is checked, and every acknowledged scan must be applied exactly once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from db.uow import make_uow_factory
from tests.reliability.conftest import Report
from tests.reliability.harness import seed, verify

ROOT = Path(__file__).resolve().parents[2]
MODES = ("random", "after-journal", "in-apply", "after-commit", "after-ack")


@dataclass
class Acks:
    acked: set[str] = field(default_factory=set)
    kept: int = 0
    recovered: dict[str, int] = field(default_factory=dict)


def read_acks(path: Path) -> Acks:
    acks = Acks()
    if not path.exists():
        return acks
    for line in path.read_text().splitlines():
        kind, *rest = line.split()
        if kind == "A":
            acks.acked.add(rest[0])
        elif kind == "K":
            acks.kept += 1
        elif kind == "R":
            acks.recovered[rest[0]] = int(rest[1])
    return acks


def _station(url: str, ack: Path, tag: str, mode: str, k: int, count: int, seed_: int) -> list[str]:
    return [
        sys.executable, "-m", "tests.reliability.station", url, str(ack), tag, mode,
        str(k), str(count), str(seed_),
    ]  # fmt: skip


def crash_loop(url: str, tmp_path: Path, kills: int) -> dict[str, int]:
    factory = make_uow_factory(url)
    seed(factory)
    ack = tmp_path / "acks.txt"
    rng = random.Random(kills)
    violations: list[str] = []
    pending = 0
    by_mode = dict.fromkeys(MODES, 0)
    try:
        for cycle in range(kills):
            mode = MODES[cycle % len(MODES)]
            tag = f"c{cycle}"
            if mode == "random":
                child = subprocess.Popen(_station(url, ack, tag, mode, 0, 10**6, cycle), cwd=ROOT)
                time.sleep(rng.uniform(0.1, 1.6))  # import, recovery or mid-stream
                child.kill()
                returncode = child.wait(60)
            else:
                k = rng.randint(1, 40)
                done = subprocess.run(
                    _station(url, ack, tag, mode, k, 400, cycle), cwd=ROOT, timeout=120
                )
                returncode = done.returncode
            if returncode != -signal.SIGKILL:
                violations.append(f"{tag} {mode}: exit code {returncode}, not killed")
            by_mode[mode] += 1
            acks = read_acks(ack)
            if tag in acks.recovered and acks.recovered[tag] != pending:
                violations.append(f"{tag}: recovered {acks.recovered[tag]} of {pending} pending")
            verdict = verify(factory, acks.acked)
            violations += [f"{tag} {mode}: {v}" for v in verdict.violations]
            pending = verdict.pending
        final = subprocess.run(_station(url, ack, "final", "none", 0, 0, 0), cwd=ROOT, timeout=120)
        if final.returncode != 0:
            violations.append(f"final recovery: exit code {final.returncode}")
        acks = read_acks(ack)
        if acks.recovered.get("final") != pending:
            violations.append(f"final: recovered {acks.recovered.get('final')} of {pending}")
        verdict = verify(factory, acks.acked)
        violations += [f"final: {v}" for v in verdict.violations]
        if verdict.pending:
            violations.append(f"final: {verdict.pending} scans still pending")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    return {
        "kills": kills,
        **{f"kills_{mode.replace('-', '_')}": n for mode, n in by_mode.items()},
        "scans": verdict.journaled,
        "acked": len(acks.acked),
        "applied_once": verdict.accepted,
        "rejected_once": verdict.rejected,
        "recovered": sum(acks.recovered.values()),
        "kept_messages": acks.kept,
        "violations": len(violations),
    }


def _backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_crash_loop_short(migrated_url: str, tmp_path: Path, report: Report) -> None:
    report(f"crash_loop_short_{_backend(migrated_url)}", **crash_loop(migrated_url, tmp_path, 5))


@pytest.mark.slow
def test_crash_loop_long(migrated_url: str, tmp_path: Path, report: Report) -> None:
    report(f"crash_loop_{_backend(migrated_url)}", **crash_loop(migrated_url, tmp_path, 200))

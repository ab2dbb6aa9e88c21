"""Code run in spawned processes by the claim race (importable, not a test module)."""

from __future__ import annotations

from datetime import UTC, datetime
from threading import Barrier

from db.engine import run_in_transaction
from db.uow import make_uow_factory


def claim_all(url: str, worker: int, start: Barrier) -> list[str]:
    """Claim waves until none is left, each claim as a new station; returns the wave numbers."""
    factory = make_uow_factory(url)
    claimed: list[str] = []
    try:
        with factory() as uow:  # connect before the start line so all four race together
            uow.commit()
        start.wait(timeout=120)
        for n in range(1000):

            def claim(n: int = n) -> str | None:
                with factory() as uow:
                    wave = uow.waves.claim_next_wave(
                        f"ST{worker}-{n}", f"P{worker}", datetime.now(UTC)
                    )
                    uow.commit()
                    return None if wave is None else wave.wave_no

            got = run_in_transaction(claim, attempts=20)
            if got is None:
                break
            claimed.append(got)
    finally:
        factory.dispose()
    return claimed

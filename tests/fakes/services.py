"""Fakes of the station's small ports: a clock that stands still, a readable PIN hasher, a
feedback device that remembers what it played."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wms_tui.core.ports import SoundClass


class FixedClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 23, 6, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class PlainPinHasher:
    """Reversible on purpose: tests check behaviour, not Argon2."""

    def hash(self, pin: str) -> str:
        return "plain$" + pin

    def verify(self, pin_hash: str, pin: str) -> bool:
        return pin_hash == "plain$" + pin


class RecordingFeedback:
    def __init__(self) -> None:
        self.sounds: list[SoundClass] = []

    def sound(self, kind: SoundClass) -> None:
        self.sounds.append(kind)

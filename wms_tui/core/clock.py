from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def day_and_time(at: datetime | None) -> str:
    """When something happened, as a worker reads it on a screen or in a refusal: the
    station's own month-day and time ("12-07 14:02"); "" when it has not happened."""
    return at.astimezone().strftime("%m-%d %H:%M") if at is not None else ""

"""A day (YYYY-MM-DD) or a moment (YYYY-MM-DD HH:MM) typed on the command line, in the
station's own time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from wms_tui.core.handover.records import BadDate


def local_day(text: str) -> tuple[datetime, datetime]:
    """The local day as the UTC-aware range [start, next day's start) the stored times are
    compared with; BadDate (in words, with the value) for anything else."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadDate(value=text) from None
    start = datetime.combine(day, time.min).astimezone()
    return start, start + timedelta(days=1)


def local_moment(text: str) -> datetime:
    """`YYYY-MM-DD HH:MM` (or a day: its midnight) in the local zone, aware; BadDate else."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(value=text) from None
    return moment.astimezone() if moment.tzinfo is None else moment

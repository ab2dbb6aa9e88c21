"""A day typed on the command line (YYYY-MM-DD), in the station's own time zone."""

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

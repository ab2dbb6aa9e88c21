"""Constants shared by the picking unit tests."""

from __future__ import annotations

from datetime import UTC, datetime

PAID = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

"""Tables of the inspection workflow (typed `*Row` classes on the shared metadata)."""

from __future__ import annotations

from db.models import Base

__all__ = ["Base"]

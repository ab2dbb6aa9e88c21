"""The whole schema's metadata: every module of Row classes, imported once here."""

from __future__ import annotations

from db import models, models_counting, models_inspection, models_picking

metadata = models.Base.metadata

__all__ = ["metadata", "models", "models_counting", "models_inspection", "models_picking"]

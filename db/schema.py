"""The whole schema's metadata: every module of Row classes, imported once here."""

from __future__ import annotations

from db import models
from db.counting import models as models_counting
from db.handover import models as models_handover
from db.inspection import models as models_inspection
from db.picking import models as models_picking
from db.receiving import models as models_receiving
from db.reports import models as models_reports
from db.returns import models as models_returns

metadata = models.Base.metadata

__all__ = [
    "metadata",
    "models",
    "models_counting",
    "models_handover",
    "models_inspection",
    "models_picking",
    "models_receiving",
    "models_reports",
    "models_returns",
]

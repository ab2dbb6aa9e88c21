"""In-memory fakes of the core's ports, for core and UI tests (cosmicpython style).

services.py  the clock, PIN hasher and feedback device
store.py     the shared store and the master-data, ledger, journal and audit repositories
counting.py, inspection.py, picking.py
             each workflow's repositories and stores (and inspection's scale and resolver)
uow.py       the one FakeUnitOfWork with every repository, and the FakeDatabase behind it
"""

from __future__ import annotations

from tests.fakes.services import FixedClock, PlainPinHasher, RecordingFeedback
from tests.fakes.uow import FakeDatabase, FakeUnitOfWork

__all__ = [
    "FakeDatabase",
    "FakeUnitOfWork",
    "FixedClock",
    "PlainPinHasher",
    "RecordingFeedback",
]

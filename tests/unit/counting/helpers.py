"""What the count service tests share, on the in-memory fake and on both real engines."""

from __future__ import annotations

from typing import Protocol

from wms_tui.core.ports import UnitOfWork


class CountDb(Protocol):
    """A database the count service tests run on: the fake FakeDatabase, or a real one."""

    def uow(self) -> UnitOfWork: ...

    def audit_actions(self) -> list[str]: ...

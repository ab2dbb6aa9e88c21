"""What a verified supervisor allows at the inspection desk, as a journaled command.

The screen verifies the supervisor (badge + PIN) and submits `supervised_text`; this handler
applies it in the pipeline like any scan, so a command a crash left journaled replays what
was allowed, in the name of the inspector who asked.
"""

from __future__ import annotations

import re

from wms_tui.core.errors import UnknownOperator
from wms_tui.core.inspection.handler import InspectionDesk
from wms_tui.core.inspection.records import ScanNotExpected
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanHandler
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import KEY_PREFIX, Scan, key_command

SUPERVISED_CONTEXT = "inspect_supervisor"
TAKEOVER = "TAKEOVER"
OVERRIDE = "OVERRIDE"
GIFT = "GIFT"
_SUPERVISED = re.compile(
    re.escape(KEY_PREFIX) + r"SUPERVISOR:(TAKEOVER|OVERRIDE|GIFT):([^:]+)(?::(.+))?",
    re.IGNORECASE,
)


def supervised_text(action: str, badge: str, code: str = "") -> str:
    """The journaled command for what a verified supervisor allowed."""
    return (
        key_command("SUPERVISOR", action, badge, code)
        if code
        else key_command("SUPERVISOR", action, badge)
    )


def supervised_handler(desk: InspectionDesk) -> ScanHandler:
    """Applies `supervised_text` commands; a recovered one replays what was allowed."""

    def handle(uow: UnitOfWork, scan: Scan) -> Outcome:
        found = _SUPERVISED.fullmatch(scan.text)
        if found is None:
            raise ScanNotExpected(what=scan.text)
        action, badge, code = found.group(1).upper(), found.group(2), found.group(3)
        supervisor = uow.operators.get(badge)
        if supervisor is None:
            raise UnknownOperator(badge=badge)
        # In the name of the inspector who asked, like their scans (a recovered command may
        # be applied with someone else logged in).
        if action == TAKEOVER and code:
            return desk.take_over(uow, code, supervisor, operator=scan.operator)
        if action == GIFT and code:
            return desk.add_gift(uow, code, supervisor, operator=scan.operator)
        return desk.supervisor_override(uow, supervisor, operator=scan.operator)

    return handle

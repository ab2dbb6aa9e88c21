"""Which outcomes print a parcel label: a pass, and a pass made by the next waybill."""

from __future__ import annotations

import pytest

from wms_tui.core.inspection.label import passed_order
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.ports import SoundClass


@pytest.mark.parametrize(
    ("outcome", "order"),
    [
        (Outcome.accepted("inspect.passed", order="SO1"), "SO1"),
        (Outcome.accepted("inspect.opened_after_pass", order="SO2", passed="SO1"), "SO1"),
        (Outcome.accepted("inspect.opened", order="SO2"), None),
        (Outcome.accepted("inspect.ack_to_pass", SoundClass.NEEDS_INPUT), None),
        (Outcome(OutcomeStatus.REJECTED, SoundClass.ERROR, "inspect.passed", {"order": "X"}), None),
    ],
)
def test_only_a_pass_prints_a_label(outcome: Outcome, order: str | None) -> None:
    assert passed_order(outcome) == order

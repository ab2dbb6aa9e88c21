"""The supervisor's plan form: a zone plan, then the same zone again (nothing left to count)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, Input, RadioButton

from tests.ui.counting.harness import CountStation, log_in
from tests.ui.harness import screen_text, settle
from wms_tui.core.counting.records import CountScope, ThresholdKind
from wms_tui.core.ports import SoundClass
from wms_tui.ui.counting.plan import CountPlanScreen


async def test_a_plan_for_zone_b_then_an_empty_one(cstation: CountStation) -> None:
    cstation.context.language = "en"
    app = cstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = CountPlanScreen()
        await log_in(pilot, cstation, "SV", screen)
        screen.query_one("#plan-name", Input).value = "Zone B [weekly]"
        screen.query_one("#scope-zone", RadioButton).value = True
        screen.query_one("#plan-value", Input).value = "B"
        screen.query_one("#plan-blind", Checkbox).value = False
        screen.query_one("#threshold-percent", RadioButton).value = True
        screen.query_one("#plan-threshold", Input).value = "5"
        await pilot.pause()
        screen.action_create()
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.ui.plan_created"
        assert app.last_outcome.params == {"name": "Zone B [weekly]", "locations": 1}
        table: DataTable[object] = screen.query_one("#plan-list", DataTable)
        assert table.row_count == 2
        assert "Zone B [weekly]" in screen_text(pilot)  # a name is never markup

        screen.action_create()  # B-01 is under a count now: nothing left
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.sound is SoundClass.ERROR
        assert app.last_outcome.msgid == "count.error.empty_plan"
    with cstation.db.uow() as uow:
        (plan,) = [p for p in uow.counts.plans() if p.plan_id != "P1"]
        assert (plan.name, plan.blind) == ("Zone B [weekly]", False)
        assert (plan.criteria.scope, plan.criteria.zone) == (CountScope.ZONE, "B")
        assert (plan.threshold.kind, plan.threshold.value) == (ThresholdKind.PERCENT, 5)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_every_field_of_the_plan_form_is_drawn(
    cstation: CountStation, size: tuple[int, int], language: str
) -> None:
    """The recount threshold's field was never drawn, at any size: the kind's RadioSet
    filled the row and pushed it out."""
    cstation.context.language = language
    app = cstation.app()
    async with app.run_test(size=size) as pilot:
        screen = CountPlanScreen()
        await log_in(pilot, cstation, "SV", screen)
        await pilot.pause()
        for selector in ("#plan-name", "#plan-value", "#plan-threshold", "#plan-create"):
            region = screen.query_one(selector).region
            assert region.width >= 6 and region.height >= 1, selector
            assert region.right <= size[0] and region.bottom <= size[1], selector

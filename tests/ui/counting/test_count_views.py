"""What the count screens show beyond the blind path: an open plan's system column, the
codes nobody knew, and a closed plan's report kept readable."""

from __future__ import annotations

from textual.widgets import Static

from tests.fakes import FixedClock
from tests.ui.counting.harness import SIZE, TEE, UNKNOWN, CountStation, cells, log_in, post_scans
from tests.ui.harness import screen_text, settle
from tests.unit.counting.helpers import BOB, DONE, SUE, count_location
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import CountScope, PlanCriteria
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed
from wms_tui.core.ports import SoundClass
from wms_tui.ui.counting.approval import CountApprovalScreen
from wms_tui.ui.counting.lines import CountLines
from wms_tui.ui.counting.screen import CountScreen
from wms_tui.ui.counting.variance import VarianceTable


def _open_plan(station: CountStation) -> None:
    with station.db.uow() as uow:
        svc.create_plan(
            uow, FixedClock(), supervisor=SUE, station_id="ST0", name="open B",
            criteria=PlanCriteria(CountScope.LOCATIONS, ("B-01",)), blind=False, plan_id="PB",
        )  # fmt: skip
        uow.commit()


async def test_an_open_plan_shows_the_system_column(cstation: CountStation) -> None:
    cstation.context.language = "en"
    with cstation.db.uow() as uow:
        # B-01 holds one tee so the first round has a system quantity to show.
        from wms_tui.core import stock

        stock.receive(
            uow, FixedClock(), sku_code="SKU-1", qty=1, location="B-01", operator="SV",
            station_id="S",
        )  # fmt: skip
        uow.commit()
    _open_plan(cstation)
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = CountScreen()
        await log_in(pilot, cstation, "S1", screen)
        await post_scans(pilot, cstation, "B-01")
        lines = screen.query_one(CountLines)
        labels = [str(c.label) for c in lines.columns.values()]
        assert labels == ["SKU", "Name", "Counted", "System qty"]
        assert cells(lines) == [["SKU-1", "White tee", "0", "1"]]
        await post_scans(pilot, cstation, TEE, TEE)
        assert cells(lines) == [["SKU-1", "White tee", "2", "1"]]
        assert "open B (quantities shown)" in screen_text(pilot)
        await post_scans(pilot, cstation, "CMD:DONE")  # 2 for 1: a recount, blind
        second = CountScreen()
        await log_in(pilot, cstation, "S2", second)
        await post_scans(pilot, cstation, "B-01", TEE)
        recount = second.query_one(CountLines)
        assert [str(c.label) for c in recount.columns.values()] == ["SKU", "Name", "Counted"]
        assert "(blind)" in screen_text(pilot)


async def test_approval_lists_unknown_codes_and_keeps_closed_plans_readable(
    cstation: CountStation,
) -> None:
    count_location(
        cstation.db, BOB, "A-01",
        QuantityKeyed(10), ItemScan("SKU-1"), QuantityKeyed(4), ItemScan("SKU-2"), DONE,
    )  # fmt: skip
    cstation.context.language = "en"
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, cstation, "S1", CountScreen())
        await post_scans(pilot, cstation, "A-02", TEE, TEE, UNKNOWN, "CMD:DONE")
        approval = CountApprovalScreen("P1")
        await log_in(pilot, cstation, "SV", approval)
        unknown = str(approval.query_one("#approval-unknown", Static).render())
        assert unknown == f"Unknown codes: A-02 {UNKNOWN} (S1)"
        table = approval.query_one(VarianceTable)
        for location in ("A-02", "A-01"):
            table.move_cursor(row=[r[0] for r in cells(table)].index(location))
            await pilot.press("a", "a")  # what it posts, then the same key again
            await settle(pilot, cstation)
            assert app.last_outcome is not None
            assert app.last_outcome.msgid == "count.ui.approved", location
        # Every location approved: the plan is closed, and its report is still here.
        text = screen_text(pilot)
        assert "Zone A" in text and "closed: read-only" in text
        assert {r[0] for r in cells(table)} == {"A-01", "A-02"}
        await pilot.press("r")  # a closed plan's decisions are final
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.sound is SoundClass.ERROR
        assert app.last_outcome.msgid == "count.error.plan_closed"

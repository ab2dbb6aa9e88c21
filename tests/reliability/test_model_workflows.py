"""Model-based, the workflows: Hypothesis drives the REAL picking, inspection, counting,
handover, returns and receiving services on a real database (both engines) while orders
arrive and the station restarts: orders are shipped, returned in part and then the rest, one
unit too many is refused, parcels that match no order are booked unidentified and matched
later; purchase orders are received in full or in part and put away
(tests/reliability/receiving_model.py).

After every step: the ledger's invariants (harness.verify: integrity, cache == ledger, every
SKU sums to zero, no negative real location, every journaled scan applied once) and the
workflows' own (workflows.check_workflows: no order verified twice, status changes legal, no
location counted by two at once, a counted location frozen until approved); and the order
desk's read side shows what is stored (status, and the order's moves in its timeline). The
rules also assert what each service must answer: a verified waybill is refused, a second
stocktaker is refused a location being counted, a frozen bin refuses the picker.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from hypothesis.stateful import run_state_machine_as_test as run_machine_test
from sqlalchemy import func, select

from db.models import ReservationRow
from db.picking.models import PickWaveOrderRow, PickWaveRow
from db.statements import MOVES
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.pgcluster import TestDatabases
from tests.reliability.figures_agree import figures_agree
from tests.reliability.harness import CLOCK, Report
from tests.reliability.receiving_model import ReceivingRules
from tests.reliability.receiving_world import check_receiving
from tests.reliability.returns_world import check_returns
from tests.reliability.workflows import (
    BINS,
    GIFT,
    PICKER,
    SKU_EAN,
    SPARE,
    SUPERVISOR,
    Station,
    add_order,
    check_workflows,
    count_scan,
    seed_world,
    stocktaker,
    verify_workflows,
)
from wms_tui.core.counting import approval
from wms_tui.core.counting import handler as counting_svc
from wms_tui.core.counting.records import (
    CountScope,
    EmptyPlan,
    PlanCriteria,
    TaskStatus,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.counting.rules import CommandScan, CountCommand
from wms_tui.core.counting.rules import ItemScan as CountItem
from wms_tui.core.errors import InsufficientStock, LeaseHeld, LocationFrozen, WmsError
from wms_tui.core.handover.handler import CONTEXT as HANDOVER
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.model import Operator, OrderStatus, Role
from wms_tui.core.orders import acts
from wms_tui.core.orders.archive import archive_before
from wms_tui.core.orders.desk import OrderQuery, checked
from wms_tui.core.orders.problems import Disposal, dispose, problem_goods
from wms_tui.core.orders.refunds import AlreadyRefunded, record_refund
from wms_tui.core.picking.progress import next_stop
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    PickEvent,
    SlotScan,
    WaveKind,
    WaveScan,
    slot_code,
)
from wms_tui.core.picking.service import load_view, open_session, release_waves
from wms_tui.core.picking.step import CONTEXT as PICK
from wms_tui.core.picking.step import PickStep, expected
from wms_tui.core.picking.waves import WaveLimits
from wms_tui.core.returns.acts import match_return
from wms_tui.core.returns.handler import CONTEXT as RETURN
from wms_tui.core.returns.rules import match_units
from wms_tui.core.stock import cancel_order

STATION = "S1"
IN_BINS = 6
IN_PACKING = 20
ANN, BOB = stocktaker(1), stocktaker(2)
FROZEN = ("E305",)  # the one word for a bin under a count


def _text(event: PickEvent) -> str:
    """What the scanner (or the keyed field) sends for a picking event."""
    match event:
        case WaveScan(wave_no):
            return wave_no
        case Command():
            return f"CMD:{event.value.upper()}"
        case LocationScan(code):
            return code
        case ItemScan(sku):
            return SKU_EAN[sku]
        case SlotScan(slot):
            return slot_code(slot)
        case KeyedQty(qty):
            return f"QTY:{qty}"
    raise AssertionError(event)


@dataclass
class Totals:
    examples: int = 0
    checks: int = 0
    passed: int = 0
    held: int = 0
    picks: int = 0
    shorts: int = 0
    frozen_refusals: int = 0
    approvals: int = 0
    gifts: int = 0
    by_slot: int = 0  # orders opened by their wave and slot label, not the waybill
    handed_over: int = 0
    archived: int = 0
    intercepted: int = 0
    desk_acts: int = 0  # holds, releases, cancels and confirms done at the order desk
    disposed: int = 0  # problem goods a supervisor decided for
    returns: int = 0  # returns closed against an order
    over_returns: int = 0  # units refused: every one shipped was back
    unidentified: int = 0  # parcels that matched no order, booked as such
    matched: int = 0  # unidentified returns a supervisor matched to their order
    put_away: int = 0  # returned units carried to a bin
    receipts: int = 0  # receipts closed, against a PO or blind
    over_receipts: int = 0  # units refused: the PO had all it ordered
    failed_units: int = 0  # units that failed receiving inspection
    put_away_received: int = 0  # received units carried to a bin
    totes_loaded: int = 0  # received units put into a tote
    tote_put_away: int = 0  # a tote's SKUs put away into bins
    pos_closed: int = 0  # POs a supervisor closed received in part


CLERK = Operator("SVC", "宋佳", frozenset({Role.SERVICE}))


class WorkflowMachine(ReceivingRules, RuleBasedStateMachine):
    databases: ClassVar[TestDatabases]
    backend: ClassVar[str]
    directory: ClassVar[Path]
    totals: ClassVar[Totals]
    counter: ClassVar[itertools.count[int]]

    def __init__(self) -> None:
        super().__init__()
        self.url = self.databases.migrated(
            self.backend, self.directory / f"wf-{next(self.counter)}.sqlite"
        )
        self.factory: SqlUnitOfWorkFactory = make_uow_factory(self.url)
        self.started = CLOCK.now().astimezone(UTC).date()  # the figures' first day
        seed_world(self.factory, in_bins=IN_BINS, in_packing=IN_PACKING)
        with self.factory() as uow:
            open_session(uow, STATION, PICKER.badge)
            uow.commit()
        self.station = Station(self.factory)
        self.orders: list[str] = []
        self.plans: list[str] = []
        self.statuses: dict[str, OrderStatus] = {}
        self.stop_location = ""  # the bin of the stop the picker is at
        self.ids = itertools.count(1)
        self.totals.examples += 1

    def teardown(self) -> None:
        self.factory.dispose()
        self.databases.drop(self.url)

    def _slot_of(self, order_no: str) -> tuple[str, int] | None:
        """The multi-item wave and slot that brought `order_no` to the bench, if one did."""
        with self.factory() as uow:
            row = uow.session.execute(
                select(PickWaveOrderRow.wave_no, PickWaveOrderRow.position)
                .join(PickWaveRow, PickWaveRow.wave_no == PickWaveOrderRow.wave_no)
                .where(PickWaveOrderRow.order_no == order_no, PickWaveRow.kind == "multi")
            ).first()
        return (str(row[0]), int(row[1])) if row is not None else None

    def _orders(self, status: OrderStatus) -> list[str]:
        with self.factory() as uow:
            found = [uow.orders.get(o) for o in self.orders]
        return [o.order_no for o in found if o is not None and o.status is status]

    @rule(tee=st.integers(1, 2), cap=st.integers(0, 2), picked=st.booleans())
    def order(self, tee: int, cap: int, picked: bool) -> None:
        """A paid order; a `picked` one stands for a pick done on paper (units in PACK-1)."""
        lines = {sku: qty for sku, qty in (("TEE", tee), ("CAP", cap)) if qty}
        if not lines:
            return
        order_no = f"M{next(self.ids)}"
        with self.factory() as uow:
            add_order(uow, order_no, lines, OrderStatus.PICKED if picked else OrderStatus.CONFIRMED)
            uow.commit()
        self.orders.append(order_no)

    @rule()
    def build_wave(self) -> None:
        with self.factory() as uow:
            release_waves(uow, CLOCK, limits=WaveLimits(), operator=SUPERVISOR.badge,
                          station_id=STATION)  # fmt: skip
            uow.commit()

    def _pick_event(self, short: bool) -> PickEvent:
        with self.factory() as uow:
            session = uow.pick_sessions.get(STATION)
            assert session is not None
            view = load_view(uow, session.wave_no) if session.wave_no else None
        step = expected(session, view)
        if step is PickStep.WAVE:
            return WaveScan(session.wave_no) if view and not view.finished else Command.NEXT
        assert view is not None
        stop = next_stop(view.stops())
        assert stop is not None
        self.stop_location = stop.location
        if step is PickStep.LOCATION:
            return LocationScan(stop.location)
        if step is PickStep.SHORT_QTY:
            # Found what is in hand: those units go to an order they complete, or back.
            return KeyedQty(session.in_hand)
        # Multi-item waves declare the short with units in hand (fewer than the stop wants:
        # with all of them in hand nothing is short), single-item ones at once.
        in_hand_short = step is PickStep.SLOT and session.in_hand < stop.open
        if short and (in_hand_short or view.wave.kind is WaveKind.SINGLE):
            return Command.SHORT
        if step is PickStep.ITEM:
            return ItemScan(stop.sku_code)
        return SlotScan(next(ln.allocation.slot for ln in stop.lines if ln.open))

    @rule(short=st.booleans(), events=st.integers(4, 12))
    def pick(self, short: bool, events: int) -> None:
        """Guided picking at station S1 through the pipeline, `events` scans long; a short
        (before the item, or with units in hand) declares found only what is in hand."""
        for _ in range(events):
            event = self._pick_event(short)
            outcome = self.station.scan(_text(event), PICK)
            if outcome.error_code in FROZEN:
                # At the location scan, or later in the stop when a count froze the bin after
                # the picker had scanned it: either way the stop's bin is under a count.
                assert self._frozen(self.stop_location), (event, outcome)
                self.totals.frozen_refusals += 1
                return
            if event is Command.NEXT and outcome.msgid == "pick.error.none_waiting":
                return
            assert outcome.ok, (event, outcome)
            self.totals.picks += isinstance(event, ItemScan)  # units moved bin -> packing
            self.totals.shorts += outcome.msgid.startswith("pick.short.recorded")
            short = short and event is not Command.SHORT
            self._observe()

    def _frozen(self, code: str) -> bool:
        with self.factory() as uow:
            location = uow.locations.get(code)
            return location is not None and location.frozen

    @precondition(lambda self: bool(self.orders))
    @rule(
        problem=st.sampled_from(["none", "undo", "hold", "gift"]),
        by_slot=st.booleans(),
        data=st.data(),
    )
    def inspect(self, problem: str, by_slot: bool, data: st.DataObject) -> None:
        picked = self._orders(OrderStatus.PICKED)
        if not picked:
            return
        order_no = data.draw(st.sampled_from(picked))
        with self.factory() as uow:
            order = uow.orders.get(order_no)
        assert order is not None
        opening = order.waybill
        slot = self._slot_of(order_no) if by_slot else None
        if slot is not None:
            # Its multi-item wave's barcode, then its slot label (SLOT-nn): slots repeat
            # across waves, the wave says which.
            wave_no, number = slot
            assert self.station.scan(wave_no).msgid == "inspect.wave.chosen_multi"
            opening = slot_code(number)
            self.totals.by_slot += 1
        assert self.station.scan(opening).msgid == "inspect.opened"
        first = SKU_EAN[order.lines[0].sku_code]
        if problem == "gift":
            assert self.station.scan("CMD:GIFT").msgid == "inspect.gift.armed"
            added = self.station.scan(SKU_EAN[GIFT])
            if added.error_code == InsufficientStock.code:  # the spare shelf ran out
                assert self.station.scan("CMD:CANCEL").msgid == "inspect.cleared"
            else:
                assert added.msgid == "inspect.gift.added", added
                self.totals.gifts += 1
            self._observe()
        elif problem != "none":
            assert self.station.scan("CMD:DAMAGED").msgid == "inspect.problem_armed.damaged"
            assert self.station.scan(first).msgid == "inspect.quarantined.damaged"
            self._observe()
        if problem == "hold":
            assert self.station.scan("CMD:DONE").msgid == "inspect.on_hold"
            self.totals.held += 1
            return
        if problem == "undo":
            assert self.station.scan("CMD:UNDO").ok
        last = None
        for _ in range(sum(line.qty for line in order.lines) + 2):
            with self.factory() as uow:
                progress = load_state(uow, STATION).progress
            todo = [lp.line.sku_code for lp in progress.lines if lp.remaining > 0]
            if not todo:
                break
            last = self.station.scan(SKU_EAN[todo[0]])
            assert last.ok, last
        assert last is not None and last.msgid == "inspect.passed", last
        self.totals.passed += 1

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data())
    def inspect_verified_again(self, data: st.DataObject) -> None:
        verified = self._orders(OrderStatus.VERIFIED)
        if not verified:
            return
        order_no = data.draw(st.sampled_from(verified))
        assert not self.station.scan(f"YT{order_no}").ok

    @rule(location=st.sampled_from(sorted(BINS)), delta=st.integers(-1, 1))
    def count(self, location: str, delta: int) -> None:
        """Plan a count of one bin; Ann freezes and counts it, Bob is refused meanwhile."""
        plan_id = f"P{next(self.ids)}"
        with self.factory() as uow:
            if location in uow.counts.busy_locations():
                with pytest.raises(EmptyPlan):  # a bin under a count is left out of a plan
                    counting_svc.create_plan(
                        uow, CLOCK, supervisor=SUPERVISOR, station_id=STATION, name=plan_id,
                        criteria=PlanCriteria(CountScope.LOCATIONS, locations=(location,)),
                    )  # fmt: skip
                return
            _, tasks = counting_svc.create_plan(
                uow, CLOCK, supervisor=SUPERVISOR, station_id=STATION, name=plan_id,
                criteria=PlanCriteria(CountScope.LOCATIONS, locations=(location,)),
                threshold=Threshold(ThresholdKind.UNITS, 1000), plan_id=plan_id,
            )  # fmt: skip
            uow.commit()
        self.plans.append(plan_id)
        if not tasks:  # already under a count: the plan leaves it out
            return
        with self.factory() as uow:
            assert count_scan(uow, ANN, location).msgid == "count.started"
            uow.commit()
        assert self._frozen(location)
        with pytest.raises(LeaseHeld), self.factory() as uow:
            count_scan(uow, BOB, location)
        sku = BINS[location]
        with self.factory() as uow:
            found = max(0, uow.ledger.level(sku, location) + delta)
            event = CountItem(sku, found) if found else CommandScan(CountCommand.EMPTY)
            count_scan(uow, ANN, event)
            if found:
                count_scan(uow, ANN, CommandScan(CountCommand.DONE))
            uow.commit()
        assert self._frozen(location)

    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        with self.factory() as uow:
            repo = uow.counts
            waiting = [
                (plan, t.location)
                for plan in self.plans
                for t in repo.tasks(plan)
                if t.status is TaskStatus.COUNTED
            ]
        if not waiting:
            return
        plan, location = data.draw(st.sampled_from(waiting))
        with self.factory() as uow:
            approval.approve(uow, CLOCK, plan_id=plan, location=location, approver=SUPERVISOR,
                             station_id=STATION)  # fmt: skip
            uow.commit()
        assert not self._frozen(location)
        self.totals.approvals += 1

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data(), cancel=st.sampled_from(["none", "none", "before", "after"]))
    def hand_over(self, data: st.DataObject, cancel: str) -> None:
        """The courier collects: a manifest takes verified parcels; one cancelled before its
        scan is intercepted, one cancelled after it must come off before the close."""
        verified = self._orders(OrderStatus.VERIFIED)
        if not verified:
            return
        picked = data.draw(st.lists(st.sampled_from(verified), min_size=1, unique=True))
        dock = self.station
        assert dock.scan("CMD:COURIER:圆通", HANDOVER).msgid in (
            "handover.opened",
            "handover.chosen",
        )
        stopped = ""
        if cancel == "before":
            stopped = picked[0]
            self._cancel(stopped)
        for order_no in picked:
            outcome = dock.scan(f"YT{order_no}", HANDOVER)
            want = "E956" if order_no == stopped else ""
            assert outcome.error_code == want, outcome
            self._observe()
        if cancel == "after":
            stopped = picked[-1]
            self._cancel(stopped)
            refused = dock.scan("CMD:CLOSE:张师傅", HANDOVER)
            assert refused.error_code == "E957", refused
            removed = dock.scan(f"CMD:REMOVE:{stopped}:other", HANDOVER)
            assert removed.msgid == "handover.removed", removed
        shipped = [o for o in picked if o != stopped]
        closed = dock.scan("CMD:CLOSE:张师傅", HANDOVER)
        if shipped:
            assert closed.msgid == "handover.closed" and closed.params["count"] == len(shipped)
            self.totals.handed_over += len(shipped)
        else:
            assert closed.error_code == "E960", closed  # nothing on it
        self.totals.intercepted += bool(stopped)

    @rule(tee=st.integers(1, 2), cap=st.integers(0, 1))
    def ship(self, tee: int, cap: int) -> None:
        """An order picked on paper goes all the way: inspected at the bench, then handed to
        the courier on a manifest of its own (so returns have parcels to come back)."""
        lines = {sku: qty for sku, qty in (("TEE", tee), ("CAP", cap)) if qty}
        with self.factory() as uow:
            if any(uow.ledger.level(sku, "PACK-1") < qty for sku, qty in lines.items()):
                return  # the bench has run out of what was picked on paper
            order_no = f"M{next(self.ids)}"
            add_order(uow, order_no, lines, OrderStatus.PICKED)
            uow.commit()
        self.orders.append(order_no)
        station = self.station
        assert station.scan(f"YT{order_no}").msgid == "inspect.opened"
        last = None
        for sku, qty in lines.items():
            for _ in range(qty):
                last = station.scan(SKU_EAN[sku])
                assert last.ok, last
        assert last is not None and last.msgid == "inspect.passed", last
        self.totals.passed += 1
        assert station.scan("CMD:COURIER:圆通", HANDOVER).ok
        for stale in self._on_open_manifest():
            station.scan(f"CMD:REMOVE:{stale}:other", HANDOVER)
        added = station.scan(f"YT{order_no}", HANDOVER)
        assert added.msgid == "handover.added", added
        closed = station.scan("CMD:CLOSE:张师傅", HANDOVER)
        assert closed.msgid == "handover.closed", closed
        self.totals.handed_over += 1
        self._observe()

    def _on_open_manifest(self) -> list[str]:
        """Parcels an earlier manifest left on it (scanned, then held or cancelled)."""
        with self.factory() as uow:
            open_here = uow.handovers.open_at_dock(self.station.station)
            if not open_here:
                return []
            return [p.order_no for p in uow.handovers.recent(open_here[0].manifest_id, 50)]

    def _returnable(self) -> list[str]:
        return self._orders(OrderStatus.HANDED_OVER) + self._orders(OrderStatus.RETURNED)

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data(), how=st.sampled_from(["part", "rest", "rest"]),
          over=st.booleans(), damaged=st.booleans())  # fmt: skip
    def return_parcel(self, data: st.DataObject, how: str, over: bool, damaged: bool) -> None:
        """A parcel comes back: part of it or the rest of it, a unit now and then damaged;
        one more than shipped is refused; a return of nothing is given up."""
        returnable = self._returnable()
        if not returnable:
            return
        order_no = data.draw(st.sampled_from(returnable))
        station = self.station
        opened = station.scan(f"YT{order_no}", RETURN)
        assert opened.msgid == "returns.opened", opened
        with self.factory() as uow:
            order = uow.orders.get(order_no)
            assert order is not None
            back = uow.returns.returned_lines(order_no)
        left = [(line.sku_code, line.qty - back.get(line.line_no, 0)) for line in order.lines]
        wanted = [sku for sku, n in left for _ in range(n)]
        if how == "part":
            wanted = wanted[:1]
        for sku in wanted:
            counted = station.scan(SKU_EAN[sku], RETURN)
            assert counted.msgid == "returns.unit", counted
            if damaged:
                marked = station.scan("CMD:CONDITION:damaged:外壳破损", RETURN)
                assert marked.msgid == "returns.marked", marked
                damaged = False
        full = len(wanted) == sum(n for _sku, n in left)
        if (over and full) or not wanted:
            refused = station.scan(SKU_EAN[order.lines[0].sku_code], RETURN)
            assert refused.error_code == "E935", refused
            self.totals.over_returns += 1
        if not wanted:
            assert station.scan("CMD:CLOSE", RETURN).error_code == "E940"
            assert station.scan("CMD:ABANDON", RETURN).msgid == "returns.abandoned"
            return
        closed = station.scan("CMD:CLOSE", RETURN)
        assert closed.msgid == ("returns.closed_full" if full else "returns.closed_part"), closed
        self.totals.returns += 1
        self._observe()

    @rule(tees=st.integers(1, 3))
    def unidentified_parcel(self, tees: int) -> None:
        """A parcel with no label: booked as unidentified, whatever it holds."""
        code = f"SF{next(self.ids):06d}"
        assert self.station.scan(f"CMD:UNIDENTIFIED:{code}:无面单", RETURN).ok
        for _ in range(tees):
            assert self.station.scan(SKU_EAN["TEE"], RETURN).msgid == "returns.unit"
        closed = self.station.scan("CMD:CLOSE", RETURN)
        assert closed.msgid == "returns.closed_unidentified", closed
        self.totals.unidentified += 1
        self._observe()

    @rule(sku=st.sampled_from(sorted(SKU_EAN)), bin_code=st.sampled_from(sorted(BINS)),
          every=st.booleans())  # fmt: skip
    def put_away_returned(self, sku: str, bin_code: str, every: bool) -> None:
        """The clerk shelves what came back fit to sell as received goods are shelved: the
        item (one unit, or all of it that waits), then the bin; refused when none of it
        waits (an unidentified return's units never do), or when the bin is frozen."""
        if not self.carry(sku, RETURN, every):  # none of it waits
            return
        shelved = self.station.scan(bin_code, RETURN)
        if shelved.error_code in FROZEN:
            assert self._frozen(bin_code)
            self.totals.frozen_refusals += 1
        else:
            assert shelved.msgid == "putaway.done", shelved
            self.totals.put_away += shelved.ok
        self._observe()

    @rule(data=st.data())
    def match_unidentified(self, data: st.DataObject) -> None:
        """A supervisor matches a waiting unidentified return to an order: done when its
        units fit what the order has not taken back yet, refused (E935) otherwise."""
        returnable = self._returnable()
        with self.factory() as uow:
            waiting = uow.returns.unidentified()
        if not waiting or not returnable:
            return
        record = data.draw(st.sampled_from(waiting))
        order_no = data.draw(st.sampled_from(returnable))
        with self.factory() as uow:
            order = uow.orders.get(order_no)
            assert order is not None
            units = uow.returns.units(record.return_id)
            try:
                match_units(order, uow.returns.returned_lines(order_no), units)
                fits = True
            except WmsError:
                fits = False
            try:
                match_return(uow, CLOCK, record.return_id, order_no, by=SUPERVISOR,
                             station_id=STATION)  # fmt: skip
                uow.commit()
                assert fits
                self.totals.matched += 1
            except WmsError as refused:
                assert not fits and refused.code == "E935", refused
        self._observe()

    def _cancel(self, order_no: str) -> None:
        with self.factory() as uow:
            cancel_order(uow, order_no, "buyer cancelled")
            uow.commit()

    @rule()
    def archive(self) -> None:
        """A supervisor archives what is done with; an archived order is refused after."""
        with self.factory() as uow:
            result = archive_before(
                uow, CLOCK, before=CLOCK.now() + timedelta(days=1), by=SUPERVISOR,
                station_id=STATION,
            )  # fmt: skip
            uow.commit()
        self.totals.archived += len(result.archived)
        for order_no in result.archived[:2]:
            assert self.station.scan(f"YT{order_no}").error_code == "E805"
            assert self.station.scan(f"YT{order_no}", HANDOVER).error_code in ("E951", "E963")

    @rule(data=st.data(), act=st.sampled_from(["hold", "release", "cancel", "confirm", "refund"]))
    def desk_act(self, data: st.DataObject, act: str) -> None:
        """Customer service acts on any order, whatever its status: done, or refused in
        words (the status does not allow it, or stock is short), never half done."""
        if not self.orders:
            return
        order_no = data.draw(st.sampled_from(self.orders))
        with self.factory() as uow:
            order = uow.orders.get(order_no)
            assert order is not None
            was = acts.seen(order)
            try:
                if act == "hold":
                    acts.hold(uow, CLOCK, was, "买家要改地址", CLERK, STATION)
                elif act == "release":
                    acts.release(uow, CLOCK, was, CLERK, STATION)
                elif act == "cancel":
                    acts.cancel(uow, CLOCK, was, "买家取消", CLERK, STATION)
                elif act == "refund":
                    record_refund(uow, CLOCK, was, None, CLERK, STATION)
                else:
                    acts.confirm(uow, CLOCK, was, CLERK, STATION)
            except (acts.ActRefused, acts.NotEnoughStock, AlreadyRefunded):
                return
            uow.commit()
        if act == "refund":  # a date, not a status: the order goes on as it was
            with self.factory() as uow:
                now = uow.orders.get(order_no)
                assert now is not None and now.refunded_at is not None
                assert now.status is was.status
        self.totals.desk_acts += 1

    @rule(to=st.sampled_from(list(Disposal)))
    def dispose_problem_goods(self, to: Disposal) -> None:
        """A supervisor decides for one unit in quarantine, if there is one."""
        with self.factory() as uow:
            lots = problem_goods(uow)
            if not lots:
                return
            lot = lots[0]
            home = next((b for b, sku in BINS.items() if sku == lot.sku_code), SPARE)
            try:
                dispose(uow, CLOCK, sku_code=lot.sku_code, location=lot.location, qty=1,
                        to=to, reason="复检", by=SUPERVISOR, station_id=STATION,
                        bin_code=home)  # fmt: skip
            except LocationFrozen:
                return  # its bin is being counted: refused, nothing moved
            uow.commit()
        self.totals.disposed += 1

    @rule()
    def restart(self) -> None:
        self.factory.dispose()
        self.factory = make_uow_factory(self.url)
        self.station = Station(self.factory)
        assert self.station.pipeline.recover() == []

    def _observe(self) -> None:
        found = check_workflows(self.factory, self.orders, self.plans, self.statuses)
        # Inspection's problem goods share quarantine: only the returns area is the returns'.
        found += check_returns(self.factory, self.orders, quarantine_is_ours=False)
        found += check_receiving(self.factory, carriers=(self.station.station,))
        assert found == [], found
        self._desk_agrees()
        self._reservations_agree()
        figures_agree(self.factory, self.started, CLOCK.now().astimezone(UTC).date())

    def _reservations_agree(self) -> None:
        """Reservations are the confirmed-not-picked lines: an order confirmed or on a wave
        reserves its lines; one pending, picked or later (or cancelled) reserves nothing;
        one on hold keeps what it had when held."""
        with self.factory() as uow:
            for order_no in self.orders:
                order = uow.orders.get(order_no)
                assert order is not None
                rows = uow.session.execute(
                    select(ReservationRow.sku_code, ReservationRow.qty).where(
                        ReservationRow.order_no == order_no
                    )
                ).all()
                reserved = {str(sku): int(qty) for sku, qty in rows}
                if order.status in (OrderStatus.CONFIRMED, OrderStatus.RELEASED):
                    assert reserved == order.quantities(), (order_no, order.status, reserved)
                elif order.status is not OrderStatus.ON_HOLD:
                    assert reserved == {}, (order_no, order.status, reserved)

    def _desk_agrees(self) -> None:
        """The order desk shows what is stored, in a unit of work that only reads: each of
        the newest orders found by its number with its status, and its timeline's moves
        exactly the ledger's moves for it (by their ORDER/LINE reference)."""
        with self.factory.for_reading()() as uow:
            for order_no in self.orders[-4:]:
                order = uow.orders.get(order_no)
                assert order is not None
                hits = uow.order_desk.find(checked(OrderQuery(order_no)))
                assert [(h.order_no, h.status) for h in hits] == [(order_no, order.status)]
                shown = sum(1 for e in uow.order_desk.timeline(order_no)
                            if e.what.startswith("move_"))  # fmt: skip
                moves = uow.session.execute(
                    select(func.count()).where(MOVES.c.reference.like(order_no + "/%"))
                ).scalar_one()
                assert shown == moves, (order_no, shown, moves)

    @invariant()
    def database_agrees(self) -> None:
        verdict = verify_workflows(self.factory, self.station.acked)
        assert verdict.violations == []
        assert verdict.pending == 0
        self._observe()
        self.totals.checks += 1


def run_machine(
    databases: TestDatabases, backend: str, tmp_path: Path, examples: int, steps: int
) -> Totals:
    totals = Totals()

    class Machine(WorkflowMachine):
        pass

    Machine.databases, Machine.backend, Machine.directory = databases, backend, tmp_path
    Machine.totals, Machine.counter = totals, itertools.count()
    run_machine_test(
        Machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            # A failing run is reported as found: shrinking real databases takes minutes.
            phases=(Phase.explicit, Phase.generate),
            report_multiple_bugs=False,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    return totals


def _report(report: Report, name: str, totals: Totals) -> None:
    assert not report(name, **{**totals.__dict__, "violations": 0})


def test_workflow_model_short(
    db_backend: str, databases: TestDatabases, tmp_path: Path, report: Report
) -> None:
    totals = run_machine(databases, db_backend, tmp_path, 6 if db_backend == "sqlite" else 3, 30)
    # A violation raises inside the machine; here, that the invariants did run.
    assert totals.checks > 0
    _report(report, f"workflow_model_short_{db_backend}", totals)


@pytest.mark.slow
def test_workflow_model_long(
    db_backend: str, databases: TestDatabases, tmp_path: Path, report: Report
) -> None:
    totals = run_machine(databases, db_backend, tmp_path, 60 if db_backend == "sqlite" else 20, 40)
    assert totals.checks > 0
    _report(report, f"workflow_model_{db_backend}", totals)

"""The model test's receiving rules, mixed into its machine: purchase orders arrive, are
received in full or in part (a unit now and then failed, one too many refused, a receipt
given up), blind deliveries are taken, what came in is put away (refused into a bin under a
count), and a supervisor closes a PO received in part. The machine checks
`check_receiving` after every step; each rule asserts what the desk must answer."""

from __future__ import annotations

from typing import ClassVar, Protocol

from hypothesis import strategies as st
from hypothesis.stateful import initialize, rule

from db.uow import SqlUnitOfWorkFactory
from tests.reliability.harness import CLOCK
from tests.reliability.receiving_world import add_po
from tests.reliability.workflows import BINS, SKU_EAN, SUPERVISOR, TOTE, Station
from wms_tui.core.receiving.acts import close_po
from wms_tui.core.receiving.handler import CONTEXT as RECEIVING
from wms_tui.core.returns.handler import CONTEXT as RETURN

FROZEN = ("E305",)


class Counts(Protocol):
    receipts: int
    over_receipts: int
    failed_units: int
    put_away_received: int
    totes_loaded: int
    tote_put_away: int
    pos_closed: int
    frozen_refusals: int


class ReceivingRules:
    """Hypothesis collects these rules from the machine's class, as it does its own."""

    factory: SqlUnitOfWorkFactory
    station: Station
    totals: ClassVar[Counts]
    po_ids: int = 0

    def _observe(self) -> None:
        raise NotImplementedError  # the machine's own

    def _frozen(self, code: str) -> bool:
        raise NotImplementedError  # the machine's own

    @initialize()
    def purchase_orders_on_their_way(self) -> None:
        """Two POs from the start, so even a short run receives (rules find a PO open)."""
        self.purchase_order(2, 1)
        self.purchase_order(1, 0)

    @rule(tee=st.integers(1, 3), cap=st.integers(0, 2))
    def purchase_order(self, tee: int, cap: int) -> None:
        lines = {sku: qty for sku, qty in (("TEE", tee), ("CAP", cap)) if qty}
        self.po_ids += 1
        with self.factory() as uow:
            add_po(uow, f"PM{self.po_ids:04d}", lines)
            uow.commit()

    @rule(data=st.data(), how=st.sampled_from(["all", "part", "over", "abandon", "blind"]),
          fail=st.booleans())  # fmt: skip
    def receive(self, data: st.DataObject, how: str, fail: bool) -> None:
        """A delivery is received: what its PO still expects (or one unit of it), a unit
        failed now and then; one more than ordered is refused; a receipt may be given up."""
        station = self.station
        if how == "blind":
            assert station.scan("CMD:BLIND:临时供应商", RECEIVING).ok
            assert station.scan(SKU_EAN["CAP"], RECEIVING).msgid == "receiving.unit"
            assert station.scan("CMD:CLOSE", RECEIVING).msgid == "receiving.closed"
            self.totals.receipts += 1
            self._observe()
            return
        with self.factory() as uow:
            waiting = [p.po_no for p in uow.receiving.open_pos()]
        if not waiting:
            return
        po_no = data.draw(st.sampled_from(waiting))
        opened = station.scan(po_no, RECEIVING)
        assert opened.msgid == "receiving.opened", opened
        with self.factory() as uow:
            lines = uow.receiving.lines(po_no)
        wanted = [line.sku_code for line in lines for _ in range(line.in_transit)]
        if how == "part":
            wanted = wanted[:1]
        for sku in wanted:
            counted = station.scan(SKU_EAN[sku], RECEIVING)
            assert counted.msgid == "receiving.unit", counted
            if fail:
                failed = station.scan("CMD:FAIL:damaged:外箱破损", RECEIVING)
                assert failed.msgid == "receiving.failed", failed
                self.totals.failed_units += 1
                fail = False
        if how == "over":  # every line is full now: one more is refused, never counted
            refused = station.scan(SKU_EAN[lines[0].sku_code], RECEIVING)
            assert refused.error_code == "E886", refused
            self.totals.over_receipts += 1
        if how == "abandon" or not wanted:
            assert station.scan("CMD:ABANDON", RECEIVING).msgid == "receiving.abandoned"
        else:
            closed = station.scan("CMD:CLOSE", RECEIVING)
            assert closed.msgid in ("receiving.closed", "receiving.closed_po_done"), closed
            self.totals.receipts += 1
        self._observe()

    def carry(self, sku: str, desk: str, every: bool) -> bool:
        """The item scanned at `desk` to put away, one unit or (`every`) all that waits;
        False when none of it waits."""
        carried = self.station.scan(SKU_EAN[sku], desk)
        if carried.error_code == "E891":
            return False
        assert carried.msgid in ("putaway.carry", "putaway.carry_no_bin"), carried
        if every:
            assert self.station.scan("CMD:ALL", desk).ok
        return True

    @rule(sku=st.sampled_from(sorted(SKU_EAN)), bin_code=st.sampled_from(sorted(BINS)),
          every=st.booleans())  # fmt: skip
    def put_away_received(self, sku: str, bin_code: str, every: bool) -> None:
        """The receiver carries what waits in the receiving area to a bin; a bin under a
        count refuses it (nothing moves into a frozen bin)."""
        if not self.carry(sku, RECEIVING, every):
            return
        shelved = self.station.scan(bin_code, RECEIVING)
        if shelved.error_code in FROZEN:
            assert self._frozen(bin_code)
            self.totals.frozen_refusals += 1
        else:
            assert shelved.msgid == "putaway.done", shelved
            self.totals.put_away_received += 1
        self._observe()

    @rule(sku=st.sampled_from(sorted(SKU_EAN)), every=st.booleans())
    def load_tote(self, sku: str, every: bool) -> None:
        """The receiver puts what waits into a tote (周转箱) instead of a bin."""
        if not self.carry(sku, RECEIVING, every):
            return
        loaded = self.station.scan(TOTE, RECEIVING)
        assert loaded.msgid == "putaway.into_tote", loaded
        self.totals.totes_loaded += 1
        self._observe()

    @rule(desk=st.sampled_from((RECEIVING, RETURN)),
          bins=st.lists(st.sampled_from(sorted(BINS)), min_size=1, max_size=3))  # fmt: skip
    def put_away_tote(self, desk: str, bins: list[str]) -> None:
        """At the shelves, at either desk: the tote, then a bin per SKU in it, in any
        order; the tote's SKU whose bin it is goes there, a frozen bin takes nothing."""
        started = self.station.scan(TOTE, desk)
        if started.msgid == "putaway.into_tote":  # something carried went in first
            started = self.station.scan(TOTE, desk)
        if started.error_code == "E853":  # the tote is empty
            return
        assert started.msgid in ("putaway.from_tote", "putaway.from_tote_no_bin"), started
        for bin_code in bins:
            shelved = self.station.scan(bin_code, desk)
            if shelved.error_code in FROZEN:
                assert self._frozen(bin_code)
                self.totals.frozen_refusals += 1
                continue
            assert shelved.msgid in (
                "putaway.done_next", "putaway.done_next_no_bin", "putaway.tote_done",
            ), shelved  # fmt: skip
            self.totals.tote_put_away += 1
            if shelved.msgid == "putaway.tote_done":
                break
        self._observe()

    @rule(data=st.data())
    def close_po_in_part(self, data: st.DataObject) -> None:
        """A supervisor closes a PO that will not come in full: in transit no more."""
        with self.factory() as uow:
            waiting = [p.po_no for p in uow.receiving.open_pos()]
        if not waiting:
            return
        po_no = data.draw(st.sampled_from(waiting))
        with self.factory() as uow:
            close_po(uow, CLOCK, po_no, by=SUPERVISOR, station_id=self.station.station)
            uow.commit()
        self.totals.pos_closed += 1
        self._observe()

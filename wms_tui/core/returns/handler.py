"""Returns (退货) at a returns station: the scan handler and what its screen shows.

`ReturnsDesk.handle_scan` is the ScanHandler for pipeline context "returns". With no return
open, a scan is the parcel: its outbound waybill, order number, platform order number, or
the buyer's return waybill kept on an earlier return; else an item to put away, then its
bin (core/shelving.py, CMD:ALL carries all of it). With one open, a scan is a unit. Key
actions arrive as command texts, journaled and in order with the scans:
CMD:UNIDENTIFIED:<code>[:<note>] books a parcel that matches no order (无主件),
CMD:CONDITION:<condition>[:<reason>] marks the last unit, CMD:WAYBILL:<code> keeps the
buyer's return waybill, CMD:UNDO takes the last unit off, CMD:CLOSE books the return and
CMD:ABANDON gives it up, booking nothing. Nothing here commits: the pipeline does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import UnknownCode, UnknownOrder
from wms_tui.core.handover.records import ManifestStatus
from wms_tui.core.leases import LeaseKind, holds
from wms_tui.core.model import Order, OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.returns.records import (
    BadCondition,
    BuyerHasSeveral,
    Condition,
    EmptyReturn,
    NoReturnOpen,
    NotAnItem,
    NoUnitYet,
    ReturnAlreadyOpen,
    ReturnParcelUnknown,
    ReturnRecord,
    ReturnStatus,
    ReturnUnit,
    UnsafeText,
)
from wms_tui.core.returns.rules import (
    Places,
    check_condition,
    check_returnable,
    close_effects,
    fully_returned,
    held,
    place_unit,
    return_lines,
)
from wms_tui.core.returns.shelving import ReturnedUnits, just_closed
from wms_tui.core.returns.view import ReturnView, desk_view
from wms_tui.core.scans import KEY_SOURCE, ResolverConfig, Scan, ScanKind, command_body, resolve
from wms_tui.core.shelving import Carry, carry, carry_all, location_scanned, said
from wms_tui.core.text import refuse_unsafe

CONTEXT = "returns"
BUYER_ORDERS = 5  # a buyer's shipped orders named when a parcel carries only their ID
_UNIDENTIFIED = re.compile(r"UNIDENTIFIED:([^:]{1,64})(?::(.{0,200}))?", re.DOTALL | re.IGNORECASE)
_CONDITION = re.compile(r"CONDITION:([a-z_]{1,20})(?::(.{0,200}))?", re.DOTALL | re.IGNORECASE)
_WAYBILL = re.compile(r"WAYBILL:([^:]{1,64})", re.IGNORECASE)


def refuse_control(text: str, field: str) -> None:
    refuse_unsafe(text, field, UnsafeText)


def _new_id() -> str:
    return uuid.uuid4().hex


class ReturnsDesk:
    def __init__(
        self,
        station_id: str,
        places: Places,
        clock: Clock,
        config: ResolverConfig | None = None,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self.station_id = station_id
        self.places = places
        self._clock = clock
        self._config = config or ResolverConfig()
        self._new_id = new_id
        self.shelf = ReturnedUnits(places)

    # --- reads ---------------------------------------------------------------------
    def view(self, uow: UnitOfWork, closed: ReturnRecord | None = None) -> ReturnView:
        record = uow.returns.open_at(self.station_id)
        return desk_view(
            uow,
            self.station_id,
            record,
            closed=closed,
            count_waiting=True,
            area=self.places.returns_area,
        )

    # --- the scan handler ----------------------------------------------------------
    def handle_scan(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        body = command_body(scan.text, scan.source, self._config.command_prefix)
        if body is not None:
            return self._command(uow, body, scan)
        return self._code(uow, scan.text.strip(), scan)

    def _command(self, uow: UnitOfWork, body: str, scan: Scan) -> Outcome:
        # The body comes upper-cased; a note or a reason keeps its spelling.
        raw = scan.text.strip(" ")[-len(body) :] if body else ""
        if (found := _UNIDENTIFIED.fullmatch(raw)) is not None:
            return self._open_unidentified(uow, found.group(1).strip(), found.group(2) or "", scan)
        if (found := _CONDITION.fullmatch(raw)) is not None:
            return self._condition(uow, found.group(1).lower(), found.group(2) or "", scan)
        if (found := _WAYBILL.fullmatch(raw)) is not None:
            return self._waybill(uow, found.group(1).strip(), scan)
        if body == "UNDO":
            return self._undo(uow, scan)
        if body == "CLOSE":
            return self._close(uow, scan)
        if body == "ABANDON":
            return self._abandon(uow, scan)
        if body == "ALL":
            return self._carry_all(uow)
        if scan.source == KEY_SOURCE:
            raise ReturnParcelUnknown(code=body)
        return self._code(uow, scan.text.strip(), scan)

    def _outcome(
        self, uow: UnitOfWork, msgid: str, sound: SoundClass = SoundClass.OK,
        view: ReturnView | None = None, **params: object,
    ) -> Outcome:  # fmt: skip
        """Accepted, with the desk as this step left it (`view` when the step has it)."""
        shown = view if view is not None else self.view(uow)
        return replace(Outcome.accepted(msgid, sound, **params), view=shown)

    def _open_record(self, uow: UnitOfWork) -> ReturnRecord:
        record = uow.returns.open_at(self.station_id)
        if record is None:
            raise NoReturnOpen()
        return record

    def _code(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        opened = uow.returns.open_with_units(self.station_id)
        if opened is None:
            return self._open(uow, code, scan)
        return self._unit(uow, *opened, scan)

    # --- opening -------------------------------------------------------------------
    def _find(self, uow: UnitOfWork, code: str) -> Order | None:
        """By order number, waybill or platform order number; by the buyer's return
        waybill kept on an earlier return; by the buyer's ID when one order of theirs left
        (several: refused, naming them)."""
        order = uow.orders.find_by_code(code) if code else None
        if order is None and code:
            earlier = uow.returns.by_return_waybill(code)
            if earlier is not None and earlier.order_no:
                order = uow.orders.get(earlier.order_no)
        if order is None and code:
            theirs = uow.returns.shipped_to(code, BUYER_ORDERS + 1)
            if len(theirs) > 1:
                more = "…" if len(theirs) > BUYER_ORDERS else ""
                raise BuyerHasSeveral(buyer=code, orders=", ".join(theirs[:BUYER_ORDERS]) + more)
            order = uow.orders.get(theirs[0]) if theirs else None
        return order

    def _open(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        order = self._find(uow, code)
        if order is None:
            return self._shelve(uow, code, scan)
        check_returnable(order, self._shipped_archived(uow, order))
        record = self._new_record(uow, order.order_no, code, "", scan, LeaseKind.RETURN)
        shipped = sum(line.qty for line in order.lines)
        view = desk_view(uow, self.station_id, record, order=order, units=())
        return self._outcome(
            uow, "returns.opened", view=view, order=order.order_no, shipped=shipped,
            ret=record.return_id,
        )  # fmt: skip

    # --- put-away: no parcel, but an item to carry or the bin it goes to ----------------
    def _shelve(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        try:
            found = resolve(scan.text, uow.catalog(), self._config, scan.symbology, scan.source)
        except UnknownCode:
            found = None
        if found is not None and found.kind is ScanKind.LOCATION and found.location is not None:
            actor = Actor(scan.operator, self.station_id, self._clock.now(), scan.scan_id)
            shelved = location_scanned(
                uow, self._clock, self.shelf, found.location, actor, self._new_id
            )
            # What is carried now (a tote's next SKU, or nothing) the step knows.
            view = desk_view(uow, self.station_id, None, carry=shelved.next)
            msgid, params = said(shelved)
            return self._outcome(uow, msgid, SoundClass.OK, view, **params)
        item = found is not None and found.kind in (ScanKind.PRODUCT, ScanKind.PACKAGING)
        if item and found is not None and found.sku is not None:
            held = carry(uow, self.station_id, self.shelf, found.sku, found.quantity)
            return self._carried(uow, held)
        refuse_control(code, "parcel")
        raise ReturnParcelUnknown(code=code)

    def _carry_all(self, uow: UnitOfWork) -> Outcome:
        if uow.returns.open_at(self.station_id) is not None:
            raise ReturnAlreadyOpen()
        return self._carried(uow, carry_all(uow, self.station_id, self.shelf)[0])

    def _carried(self, uow: UnitOfWork, held: Carry) -> Outcome:
        view = desk_view(uow, self.station_id, None, carry=held)
        msgid = "putaway.carry" if held.suggested else "putaway.carry_no_bin"
        return self._outcome(
            uow, msgid, view=view, sku=held.sku_code, qty=held.qty, bin=held.suggested
        )

    def _open_unidentified(self, uow: UnitOfWork, code: str, note: str, scan: Scan) -> Outcome:
        if uow.returns.open_at(self.station_id) is not None:
            raise ReturnAlreadyOpen()
        if self._find(uow, code) is not None:
            return self._open(uow, code, scan)  # it does match an order after all
        refuse_control(code, "parcel")
        refuse_control(note, "note")
        record = self._new_record(
            uow, "", code, " ".join(note.split()), scan, LeaseKind.RETURN_PARCEL
        )
        view = desk_view(uow, self.station_id, record, units=())
        return self._outcome(
            uow, "returns.opened_unidentified", SoundClass.WARNING, view=view, code=code,
            ret=record.return_id,
        )  # fmt: skip

    def _new_record(
        self, uow: UnitOfWork, order_no: str, parcel: str, note: str, scan: Scan, kind: str
    ) -> ReturnRecord:
        now = self._clock.now()
        subject = order_no or parcel
        lease = uow.leases.take(kind, subject, self.station_id, scan.operator, now)
        if not holds(lease, self.station_id):
            raise held(lease)
        prefix = f"RT{now.astimezone():%y%m%d}-{self.station_id}-"
        record = ReturnRecord(
            return_id=f"{prefix}{uow.returns.count_with_prefix(prefix) + 1:03d}",
            order_no=order_no,
            parcel=parcel,
            station_id=self.station_id,
            opened_by=scan.operator,
            opened_at=now,
            note=note,
        )
        uow.returns.add(record)
        # What the clerk carried stays where it waits (the area, a tote): scanned again after.
        uow.locations.set_carried(self.station_id, None)
        self._audit(uow, scan, "return_opened", record.return_id, order_no or parcel)
        return record

    @staticmethod
    def _shipped_archived(uow: UnitOfWork, order: Order) -> bool:
        """An archived order left the warehouse if a closed manifest took it or a return
        already came back from it."""
        if order.status is not OrderStatus.ARCHIVED:
            return False
        parcel = uow.handovers.parcel_of(order.order_no)
        if parcel is not None:
            manifest = uow.handovers.get(parcel.manifest_id)
            if manifest is not None and manifest.status is ManifestStatus.CLOSED:
                return True
        return any(r.status is ReturnStatus.CLOSED for r in uow.returns.of_order(order.order_no))

    # --- units ---------------------------------------------------------------------
    def _unit(
        self, uow: UnitOfWork, record: ReturnRecord, units: list[ReturnUnit], scan: Scan
    ) -> Outcome:
        found = resolve(scan.text, uow.catalog(), self._config, scan.symbology, scan.source)
        if found.kind is ScanKind.ORDER:
            raise ReturnAlreadyOpen()
        if found.kind not in (ScanKind.PRODUCT, ScanKind.PACKAGING) or found.sku is None:
            raise NotAnItem(kind=found.kind.value)
        sku = found.sku
        repo = uow.returns
        order = uow.orders.get(record.order_no) if record.order_no else None
        if record.order_no and order is None:
            raise UnknownOrder(order=record.order_no)
        seq, now, placed = repo.next_seq(record.return_id), self._clock.now(), list(units)
        before = repo.returned_lines(order.order_no) if order is not None else {}
        for _ in range(found.quantity):  # a pack's units count one by one, all or none
            line_no = 0
            if order is not None:
                lines = return_lines(order, before, placed)
                line_no = place_unit(lines, sku.code, sku.spec_in("zh") or sku.spec)
            unit = ReturnUnit(record.return_id, seq, sku.code, line_no, scan.operator, now)
            repo.add_unit(unit)
            placed.append(unit)
            seq += 1
        view = desk_view(uow, self.station_id, record, order=order, units=placed, before=before)
        return self._outcome(
            uow, "returns.unit", view=view, sku=sku.code, count=len(placed), qty=found.quantity
        )

    def _condition(self, uow: UnitOfWork, name: str, reason: str, scan: Scan) -> Outcome:
        record = self._open_record(uow)
        try:
            condition = Condition(name)
        except ValueError:
            raise BadCondition(condition=name) from None
        reason = " ".join(reason.split())
        refuse_control(reason, "reason")
        check_condition(condition, reason)
        units = uow.returns.units(record.return_id)
        if not units:
            raise NoUnitYet()
        last = units[-1]
        uow.returns.set_condition(record.return_id, last.seq, condition, reason)
        sound = SoundClass.OK if condition is Condition.RESALEABLE else SoundClass.WARNING
        view = desk_view(uow, self.station_id, record)
        return replace(
            self._outcome(uow, "returns.marked", sound, view, sku=last.sku_code, condition=name),
            translated_params=(("condition", "returns.condition."),),
        )

    def _waybill(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        record = self._open_record(uow)
        refuse_control(code, "waybill")
        saved = replace(record, return_waybill=code, version=record.version + 1)
        uow.returns.save(saved)
        view = desk_view(uow, self.station_id, saved)
        return self._outcome(uow, "returns.waybill_kept", view=view, waybill=code)

    def _undo(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        record = self._open_record(uow)
        units = uow.returns.units(record.return_id)
        if not units:
            raise NoUnitYet()
        uow.returns.remove_unit(record.return_id, units[-1].seq)
        view = desk_view(uow, self.station_id, record, units=units[:-1])
        return self._outcome(
            uow, "returns.undone", SoundClass.WARNING, view, sku=units[-1].sku_code
        )

    # --- closing -------------------------------------------------------------------
    def _close(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        opened = uow.returns.open_with_units(self.station_id)
        if opened is None:
            raise NoReturnOpen()
        record, units = opened
        repo = uow.returns
        if not units:
            raise EmptyReturn(ret=record.return_id)
        order = uow.orders.get(record.order_no) if record.order_no else None
        # Taken back by this return and the ones before it: full or in part.
        full = order is not None and fully_returned(
            return_lines(order, repo.returned_lines(order.order_no), units)
        )
        now = self._clock.now()
        seen = {order.order_no: (order.status, order.version)} if order is not None else {}
        effects = close_effects(record, units, order, self.places, self._new_id)
        actor = Actor(scan.operator, self.station_id, now, scan.scan_id)
        apply_effects(uow, self._clock, effects, actor, seen=seen)
        fit = any(u.condition is Condition.RESALEABLE for u in units)
        closed = replace(
            record, status=ReturnStatus.CLOSED, closed_by=scan.operator, closed_at=now,
            units=len(units), shelved=not fit, version=record.version + 1,
        )  # fmt: skip
        repo.save(closed)
        self._release(uow, record)
        msgid = "returns.closed_unidentified"
        if order is not None:
            msgid = "returns.closed_full" if full else "returns.closed_part"
        outcome = Outcome.accepted(
            msgid, ret=record.return_id, order=record.order_no, count=len(units)
        )
        shelving = just_closed(uow, units) if order is not None else ()
        view = desk_view(
            uow, self.station_id, None, closed=closed, shelving=shelving,
            count_waiting=closed.unidentified,
        )  # fmt: skip
        return replace(outcome, view=view)

    def _abandon(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        record = self._open_record(uow)
        saved = replace(record, status=ReturnStatus.ABANDONED, closed_by=scan.operator,
                        closed_at=self._clock.now(), version=record.version + 1)  # fmt: skip
        uow.returns.save(saved)
        self._release(uow, record)
        self._audit(uow, scan, "return_abandoned", record.return_id, record.order_no)
        view = desk_view(uow, self.station_id, None)
        return self._outcome(
            uow, "returns.abandoned", SoundClass.WARNING, view, ret=record.return_id
        )

    def _release(self, uow: UnitOfWork, record: ReturnRecord) -> None:
        kind = LeaseKind.RETURN_PARCEL if record.unidentified else LeaseKind.RETURN
        uow.leases.release(kind, record.order_no or record.parcel)

    def _audit(self, uow: UnitOfWork, scan: Scan, action: str, subject: str, detail: str) -> None:
        actor = Actor(scan.operator, self.station_id, self._clock.now(), scan.scan_id)
        apply_effects(uow, self._clock, [Audit(action, subject, detail)], actor)

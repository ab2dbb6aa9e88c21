"""Receiving (入库验收) at a receiving station: the scan handler and what its screen shows.

`ReceivingDesk.handle_scan` is the ScanHandler for pipeline context "receiving". With no
receipt open, a scan is a purchase order number or a supplier's delivery note number (it
opens a receipt), an item in the receiving area (carried to put away) or a bin (what is
carried goes there). With one open, a scan is a unit. Key actions arrive as command texts,
journaled and in order with the scans: CMD:BLIND:<supplier> opens a receipt without a PO,
CMD:FAIL:<reason>[:<note>] fails the last unit, CMD:LOT:<lot>[:<yyyy-mm-dd>] keeps a lot
for the units that follow, CMD:ALLOW:<badge> is a supervisor allowing more than the
tolerance, CMD:MAP:<badge>:<code>:<sku> a supervisor mapping a supplier's new barcode,
CMD:ALL carries all of an item, CMD:UNDO, CMD:CLOSE and CMD:ABANDON. The badge in
ALLOW and MAP was verified with its PIN by the screen before the command was journaled,
so they are taken from the screen's keys only.
Nothing here commits: the pipeline does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from wms_tui.core import shelving
from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import UnknownCode
from wms_tui.core.model import Sku
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.receiving.records import (
    BadExpiry,
    BadFailReason,
    EmptyReceipt,
    FailReason,
    ItemUnknown,
    LotNeeded,
    NoReceiptOpen,
    NotAnItem,
    NoUnitYet,
    OverReceipt,
    PoClosed,
    PoStatus,
    PoUnknown,
    Receipt,
    ReceiptAlreadyOpen,
    ReceiptStatus,
    ReceiptUnit,
    UnsafeText,
)
from wms_tui.core.receiving.rules import (
    Rules,
    close_effects,
    date_fails,
    fail_reason,
    fully_received,
    limit,
    line_for,
)
from wms_tui.core.receiving.supervised import map_barcode, supervisor_badge
from wms_tui.core.receiving.view import ReceiptView, desk_view
from wms_tui.core.scans import KEY_SOURCE, ResolverConfig, Scan, ScanKind, command_body, resolve
from wms_tui.core.text import refuse_unsafe

CONTEXT = "receiving"
_BLIND = re.compile(r"BLIND:(.{1,100})", re.DOTALL | re.IGNORECASE)
_FAIL = re.compile(r"FAIL(LINE)?:([a-z_]{1,20})(?::(.{0,200}))?", re.DOTALL | re.IGNORECASE)
_LOT = re.compile(r"LOT:([^:]{1,40})(?::([0-9-]{0,10}))?", re.IGNORECASE)
_ALLOW = re.compile(r"ALLOW:([^:]{1,64})", re.IGNORECASE)
_MAP = re.compile(r"MAP:([^:]{1,64}):([^:]{1,64}):([^:]{1,64})", re.IGNORECASE)


def _refuse_control(text: str, field: str) -> None:
    refuse_unsafe(text, field, UnsafeText)


def _new_id() -> str:
    return uuid.uuid4().hex


class ReceivingDesk:
    def __init__(
        self,
        station_id: str,
        rules: Rules,
        clock: Clock,
        config: ResolverConfig | None = None,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self.station_id = station_id
        self.rules = rules
        self._clock = clock
        self._config = config or ResolverConfig()
        self._new_id = new_id

    @property
    def area(self) -> str:
        return self.rules.places.receiving_area

    @property
    def shelf(self) -> shelving.StockAt:
        """Where what this desk puts away waits."""
        return shelving.StockAt(self.area)

    # --- reads ---------------------------------------------------------------------
    def view(self, uow: UnitOfWork) -> ReceiptView:
        return desk_view(uow, self.station_id, self.area, uow.receiving.open_at(self.station_id))

    # --- the scan handler ----------------------------------------------------------
    def handle_scan(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        body = command_body(scan.text, scan.source, self._config.command_prefix)
        if body is None:
            return self._code(uow, scan.text.strip(), scan)
        # The body comes upper-cased; a supplier, a note or a lot keeps its spelling.
        raw = scan.text.strip(" ")[-len(body) :] if body else ""
        if (found := _BLIND.fullmatch(raw)) is not None:
            return self._open_blind(uow, " ".join(found.group(1).split()), scan)
        if (found := _FAIL.fullmatch(raw)) is not None:
            line = found.group(1) is not None
            return self._fail(uow, found.group(2).lower(), found.group(3) or "", line)
        if (found := _LOT.fullmatch(raw)) is not None:
            return self._lot(uow, found.group(1).strip(), found.group(2) or "", scan)
        # A supervisor's word only from the screen's keys, after badge and PIN: never from
        # a printed barcode, which anybody could scan.
        if (found := _ALLOW.fullmatch(raw)) is not None and scan.source == KEY_SOURCE:
            return self._allow(uow, found.group(1), scan)
        if (found := _MAP.fullmatch(raw)) is not None and scan.source == KEY_SOURCE:
            return self._map(uow, found.group(1), found.group(2), found.group(3), scan)
        simple = {"UNDO": self._undo, "CLOSE": self._close, "ABANDON": self._abandon}
        if body in simple:
            return simple[body](uow, scan)
        if body == "ALL":
            return self._carry_all(uow, scan)
        if scan.source == KEY_SOURCE:
            raise PoUnknown(code=body, area=self.area)
        return self._code(uow, scan.text.strip(), scan)

    def _outcome(
        self, uow: UnitOfWork, msgid: str, sound: SoundClass = SoundClass.OK,
        view: ReceiptView | None = None, **params: object,
    ) -> Outcome:  # fmt: skip
        shown = view if view is not None else self.view(uow)
        return replace(Outcome.accepted(msgid, sound, **params), view=shown)

    def _actor(self, scan: Scan) -> Actor:
        return Actor(scan.operator, self.station_id, self._clock.now(), scan.scan_id)

    def _open_receipt(self, uow: UnitOfWork) -> Receipt:
        receipt = uow.receiving.open_at(self.station_id)
        if receipt is None:
            raise NoReceiptOpen()
        return receipt

    def _code(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        receipt = uow.receiving.open_at(self.station_id)
        if receipt is not None:
            return self._unit(uow, receipt, scan)
        po = uow.receiving.find_po(code) if code else None
        if po is not None:
            return self._open_po(uow, po.po_no, scan)
        try:
            found = resolve(scan.text, uow.catalog(), self._config, scan.symbology, scan.source)
        except UnknownCode:
            _refuse_control(code, "code")
            raise PoUnknown(code=code, area=self.area) from None
        if found.kind is ScanKind.LOCATION and found.location is not None:
            shelved = shelving.location_scanned(
                uow, self._clock, self.shelf, found.location, self._actor(scan), self._new_id
            )
            # No receipt is open; what is carried now (a tote's next SKU) the step knows.
            following = shelved.next
            skus = tuple(uow.skus.get_many({following.sku_code}).values()) if following else ()
            msgid, params = shelving.said(shelved)
            view = ReceiptView(skus=skus, carry=following)
            return self._outcome(uow, msgid, SoundClass.OK, view, **params)
        if found.kind in (ScanKind.PRODUCT, ScanKind.PACKAGING) and found.sku is not None:
            carried = shelving.carry(uow, self.station_id, self.shelf, found.sku, found.quantity)
            return self._carried(uow, carried, found.sku)
        raise PoUnknown(code=code, area=self.area)

    def _carried(self, uow: UnitOfWork, carried: shelving.Carry, sku: Sku) -> Outcome:
        """What is carried, shown from what the step has: no receipt is open."""
        msgid = "putaway.carry" if carried.suggested else "putaway.carry_no_bin"
        view = ReceiptView(skus=(sku,), carry=carried)
        return self._outcome(
            uow, msgid, view=view, sku=carried.sku_code, qty=carried.qty, bin=carried.suggested
        )

    def _carry_all(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        return self._carried(uow, *shelving.carry_all(uow, self.station_id, self.shelf))

    # --- opening -------------------------------------------------------------------
    def _open_po(self, uow: UnitOfWork, po_no: str, scan: Scan) -> Outcome:
        po = uow.receiving.po(po_no)
        assert po is not None
        if po.status is PoStatus.CLOSED:
            raise PoClosed(po=po.po_no)
        receipt = self._new_receipt(uow, po.po_no, po.supplier, scan)
        view = desk_view(uow, self.station_id, self.area, receipt)
        due = max(view.ordered - view.received, 0)
        return self._outcome(
            uow, "receiving.opened", view=view, po=po.po_no, supplier=po.supplier, due=due,
            receipt=receipt.receipt_id,
        )  # fmt: skip

    def _open_blind(self, uow: UnitOfWork, supplier: str, scan: Scan) -> Outcome:
        if uow.receiving.open_at(self.station_id) is not None:
            raise ReceiptAlreadyOpen()
        _refuse_control(supplier, "supplier")
        receipt = self._new_receipt(uow, "", supplier, scan)
        view = desk_view(uow, self.station_id, self.area, receipt)
        return self._outcome(
            uow, "receiving.opened_blind", SoundClass.WARNING, view, supplier=supplier,
            receipt=receipt.receipt_id,
        )  # fmt: skip

    def _new_receipt(self, uow: UnitOfWork, po_no: str, supplier: str, scan: Scan) -> Receipt:
        now = self._clock.now()
        prefix = f"RC{now.astimezone():%y%m%d}-{self.station_id}-"
        receipt = Receipt(
            receipt_id=f"{prefix}{uow.receiving.count_with_prefix(prefix) + 1:03d}",
            station_id=self.station_id, po_no=po_no, supplier=supplier,
            opened_by=scan.operator, opened_at=now,
        )  # fmt: skip
        uow.receiving.add(receipt)
        uow.locations.set_carried(self.station_id, None)
        self._audit(uow, scan, "receipt_opened", receipt.receipt_id, po_no or supplier)
        return receipt

    # --- units ---------------------------------------------------------------------
    def _unit(self, uow: UnitOfWork, receipt: Receipt, scan: Scan) -> Outcome:
        try:
            found = resolve(scan.text, uow.catalog(), self._config, scan.symbology, scan.source)
        except UnknownCode:
            code = scan.text.strip()
            _refuse_control(code, "code")
            raise ItemUnknown(code=code) from None
        if found.kind not in (ScanKind.PRODUCT, ScanKind.PACKAGING) or found.sku is None:
            raise NotAnItem(kind=found.kind.value)
        sku, qty, repo = found.sku, found.quantity, uow.receiving
        lot = found.lot or receipt.lot
        expiry = found.expiry or receipt.expiry
        if sku.requires_lot and not lot:
            raise LotNeeded(sku=sku.code)
        line_no = 0
        if receipt.po_no:
            line = line_for(repo.lines_of(receipt.po_no, sku.code), sku.code, qty, receipt.po_no)
            most = None if receipt.allowed_by else limit(line.ordered, self.rules.over_percent)
            if not repo.count_line(receipt.po_no, line.line_no, qty, most):
                raise OverReceipt(
                    sku=sku.code, ordered=line.ordered, received=line.received, qty=qty,
                    percent=self.rules.over_percent,
                )  # fmt: skip
            line_no = line.line_no
        today = self._clock.now().astimezone().date()
        days = self.rules.min_shelf_days if sku.min_shelf_days is None else sku.min_shelf_days
        short = date_fails(expiry, today, days)
        unit = ReceiptUnit(
            receipt.receipt_id, 0, sku.code, line_no, qty,
            scan.operator, self._clock.now(), FailReason.SHORT_DATED.value if short else "",
            lot=lot or "", expiry=expiry,
        )  # fmt: skip
        repo.add_unit(unit)
        view = desk_view(uow, self.station_id, self.area, receipt, first_line=line_no)
        if short:
            return self._outcome(
                uow, "receiving.unit_short_dated", SoundClass.WARNING, view, sku=sku.code,
                expiry=str(expiry), days=days,
            )  # fmt: skip
        return self._outcome(uow, "receiving.unit", view=view, sku=sku.code, qty=qty)

    def _fail(self, uow: UnitOfWork, name: str, note: str, whole_line: bool) -> Outcome:
        """The last unit fails receiving inspection with its reason; FAILLINE: every unit
        of its line (its SKU on a blind receipt) that passed so far in this receipt."""
        receipt = self._open_receipt(uow)
        reason = fail_reason(name)
        if reason is None:
            raise BadFailReason(reason=name)
        note = " ".join(note.split())
        _refuse_control(note, "note")
        last = uow.receiving.last_unit(receipt.receipt_id)
        if last is None:
            raise NoUnitYet()
        repo, qty = uow.receiving, last.qty
        if whole_line:
            qty = repo.fail_line(
                receipt.receipt_id, last.line_no, last.sku_code, reason.value, note
            )
        else:
            repo.fail_unit(receipt.receipt_id, last.seq, reason.value, note)
        view = desk_view(uow, self.station_id, self.area, receipt, first_line=last.line_no)
        msgid = "receiving.failed_line" if whole_line else "receiving.failed"
        return replace(
            self._outcome(
                uow, msgid, SoundClass.WARNING, view, sku=last.sku_code, qty=qty,
                reason=reason.value,
            ),
            translated_params=(("reason", "receiving.reason."),),
        )  # fmt: skip

    def _lot(self, uow: UnitOfWork, lot: str, expiry_text: str, scan: Scan) -> Outcome:
        receipt = self._open_receipt(uow)
        _refuse_control(lot, "lot")
        expiry: date | None = None
        if expiry_text:
            try:
                expiry = date.fromisoformat(expiry_text)
            except ValueError:
                raise BadExpiry(value=expiry_text) from None
        saved = replace(receipt, lot=lot, expiry=expiry, version=receipt.version + 1)
        uow.receiving.save(saved)
        view = desk_view(uow, self.station_id, self.area, saved)
        return self._outcome(uow, "receiving.lot_kept", view=view, lot=lot, expiry=expiry_text)

    def _allow(self, uow: UnitOfWork, badge: str, scan: Scan) -> Outcome:
        receipt = self._open_receipt(uow)
        supervisor = supervisor_badge(uow, badge)
        saved = replace(receipt, allowed_by=supervisor, version=receipt.version + 1)
        uow.receiving.save(saved)
        self._audit(uow, scan, "receipt_over_allowed", receipt.receipt_id, supervisor)
        view = desk_view(uow, self.station_id, self.area, saved)
        return self._outcome(uow, "receiving.allowed", view=view, supervisor=supervisor)

    def _map(self, uow: UnitOfWork, badge: str, code: str, sku_code: str, scan: Scan) -> Outcome:
        supervisor = supervisor_badge(uow, badge)
        sku = map_barcode(uow, code, sku_code)
        self._audit(uow, scan, "barcode_mapped", code, f"{sku.code} by {supervisor}")
        return self._outcome(uow, "receiving.mapped", code=code, sku=sku.code)

    def _undo(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        receipt = self._open_receipt(uow)
        last = uow.receiving.last_unit(receipt.receipt_id)
        if last is None:
            raise NoUnitYet()
        uow.receiving.remove_unit(receipt.receipt_id, last.seq)
        if last.line_no:
            uow.receiving.uncount_line(receipt.po_no, last.line_no, last.qty)
        view = desk_view(uow, self.station_id, self.area, receipt, first_line=last.line_no)
        return self._outcome(
            uow, "receiving.undone", SoundClass.WARNING, view, sku=last.sku_code, qty=last.qty
        )

    # --- closing -------------------------------------------------------------------
    def _close(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        receipt = self._open_receipt(uow)
        repo = uow.receiving
        units = repo.units(receipt.receipt_id)
        if not units:
            raise EmptyReceipt(receipt=receipt.receipt_id)
        now = self._clock.now()
        effects = close_effects(receipt, units, self.rules.places, self._new_id)
        apply_effects(uow, self._clock, effects, self._actor(scan))
        closed = replace(
            receipt, status=ReceiptStatus.CLOSED, closed_by=scan.operator, closed_at=now,
            version=receipt.version + 1,
        )  # fmt: skip
        repo.save(closed)
        po_closed = False
        if receipt.po_no:
            po = repo.po(receipt.po_no)
            if (
                po is not None
                and po.status is PoStatus.OPEN
                and fully_received(repo.lines(receipt.po_no))
            ):
                repo.save_po(replace(po, status=PoStatus.CLOSED, closed_by=scan.operator,
                                     closed_at=now, version=po.version + 1))  # fmt: skip
                po_closed = True
        passed = sum(u.qty for u in units if u.passed)
        msgid = "receiving.closed_po_done" if po_closed else "receiving.closed"
        outcome = Outcome.accepted(
            msgid, receipt=receipt.receipt_id, passed=passed,
            failed=sum(u.qty for u in units) - passed, area=self.area, po=receipt.po_no,
        )  # fmt: skip
        view = desk_view(uow, self.station_id, self.area, None, closed=closed)
        return replace(outcome, view=view)

    def _abandon(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        receipt = self._open_receipt(uow)
        for unit in uow.receiving.units(receipt.receipt_id):
            if unit.line_no:
                uow.receiving.uncount_line(receipt.po_no, unit.line_no, unit.qty)
        saved = replace(receipt, status=ReceiptStatus.ABANDONED, closed_by=scan.operator,
                        closed_at=self._clock.now(), version=receipt.version + 1)  # fmt: skip
        uow.receiving.save(saved)
        self._audit(uow, scan, "receipt_abandoned", receipt.receipt_id, receipt.po_no)
        view = desk_view(uow, self.station_id, self.area, None)
        return self._outcome(
            uow, "receiving.abandoned", SoundClass.WARNING, view, receipt=receipt.receipt_id
        )

    def _audit(self, uow: UnitOfWork, scan: Scan, action: str, subject: str, detail: str) -> None:
        apply_effects(uow, self._clock, [Audit(action, subject, detail)], self._actor(scan))

"""Inspection (验货) at a packing station: load through the ports, decide, store.

`InspectionDesk.handle_scan` is the ScanHandler for pipeline context "inspect". Every call
loads the station's open session and its stored events, runs the pure rules, then posts the
stock moves (`services.stock.post_moves`), status changes and audit lines, and appends the new
events. Nothing here commits: the pipeline (or the caller of a key action) does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace

from wms_tui.core.effects import Actor, apply_effects
from wms_tui.core.errors import (
    ConcurrentChange,
    InsufficientStock,
    UnknownOrder,
    UnknownSku,
    WmsError,
)
from wms_tui.core.inspection.inputs import INSPECTION_COMMANDS as INSPECTION_COMMANDS
from wms_tui.core.inspection.inputs import Resolver, ScanLike
from wms_tui.core.inspection.inputs import keyed_quantity_text as keyed_quantity_text
from wms_tui.core.inspection.inputs import remove_unit_text as remove_unit_text
from wms_tui.core.inspection.inputs import scan_resolver as scan_resolver
from wms_tui.core.inspection.inputs import undo_text as undo_text
from wms_tui.core.inspection.opening import check_status
from wms_tui.core.inspection.records import (
    CorrectionReason,
    InspectionRepository,
    InspectionSession,
    NoGiftSource,
    NoReplacementSource,
    NotAtSource,
    Scale,
    ScanNotExpected,
    SupervisorNeedsPin,
    WaybillTaken,
)
from wms_tui.core.inspection.rules import (
    AddGift,
    AddOrderLines,
    BindWaybill,
    CloseSession,
    CodeValue,
    Command,
    Decision,
    Input,
    InspectionState,
    ItemScan,
    KeyQuantity,
    LocationScan,
    MarkVerified,
    OpenOrder,
    OpenSession,
    OrderSheet,
    RemoveUnit,
    StationRules,
    StepContext,
    SupervisorBadge,
    TakeOver,
    Undo,
    WaybillScan,
    after,
    decide,
    lease_held,
)
from wms_tui.core.inspection.sheet import SheetCache
from wms_tui.core.inspection.sheet import build_sheet as build_sheet
from wms_tui.core.inspection.sheet import candidate as candidate
from wms_tui.core.inspection.sheet import load_state as load_state
from wms_tui.core.inspection.waves import WaveChoice
from wms_tui.core.model import Operator, OrderLine, OrderStatus, is_valid_code
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.records import is_wave_code, parse_slot_code
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.scans import KEY_SOURCE, ResolverConfig, command_body
from wms_tui.core.stock import stored_at
from wms_tui.i18n import current_language

CONTEXT = "inspect"
"""Command barcodes inspection adds to the station's own (core.scans.COMMANDS)."""
# Key actions with a value, after the command prefix (see command_body).
_KEYED_QTY = re.compile(r"QTY:([0-9]{1,6})")
_UNDO = re.compile(r"UNDO:([A-Z_]{1,20})")
_REMOVE = re.compile(r"REMOVE:([0-9]{1,4}):([A-Z_]{1,20})")


_SAYS_WHERE = frozenset(
    (
        "inspect.quarantined.damaged",
        "inspect.quarantined.wrong_spec",
        "inspect.quarantined.missing_part",
    )
)


def _correction(text: str) -> CorrectionReason:
    try:
        return CorrectionReason(text.lower())
    except ValueError:
        raise ScanNotExpected(what=text) from None


def _new_id() -> str:
    return str(uuid.uuid4())


class InspectionDesk:
    """One packing station's inspection: the scan handler and the key actions."""

    def __init__(
        self,
        rules: StationRules,
        clock: Clock,
        *,
        resolver: Resolver,
        scale: Scale | None = None,
        new_id: Callable[[], str] = _new_id,
        config: ResolverConfig | None = None,
    ) -> None:
        self.rules = rules
        self._config = config or ResolverConfig()
        self._clock = clock
        self._resolver = resolver
        self._scale = scale
        self._new_id = new_id
        self._sheets = SheetCache()
        self._waves = WaveChoice()

    # --- entry points (none commits) -------------------------------------------------
    def handle_scan(self, uow: UnitOfWork, scan: ScanLike) -> Outcome:
        state = self._load(uow, lock=True)
        from_wave = self._wave_scan(uow, state, scan)
        if from_wave is not None:
            return from_wave
        given = self._input(uow, state, scan)
        if isinstance(given, ItemScan) and state.session is None:
            opened = self._single_item(uow, state, given, scan)
            if opened is not None:
                return opened
        # The inspector who scanned it, not who is logged in now: a scan a crash left
        # journaled may be applied after somebody else logged in.
        return self._run(uow, state, given, scan.scan_id, scan.operator)

    def supervisor_override(
        self, uow: UnitOfWork, supervisor: Operator, *, operator: str
    ) -> Outcome:
        """`supervisor` is already authenticated (badge + PIN) by the caller; `operator`: the
        inspector at the desk when it was asked for (as in handle_scan)."""
        return self._act(uow, SupervisorBadge(supervisor), operator)

    def take_over(
        self, uow: UnitOfWork, code: str, supervisor: Operator, *, operator: str
    ) -> Outcome:
        order = uow.orders.find_by_code(code)
        if order is None:
            raise UnknownOrder(order=code)
        given = TakeOver(candidate(uow, order, lock=True), supervisor)
        return self._act(uow, given, operator)

    def state(self, uow: UnitOfWork) -> InspectionState:
        return self._load(uow)

    # --- plumbing --------------------------------------------------------------------
    def _act(self, uow: UnitOfWork, given: Input, operator: str = "") -> Outcome:
        return self._run(uow, self._load(uow, lock=True), given, "", operator)

    def _load(self, uow: UnitOfWork, *, lock: bool = False) -> InspectionState:
        return load_state(uow, self.rules.station_id, sheets=self._sheets, lock=lock)

    def _run(
        self,
        uow: UnitOfWork,
        state: InspectionState,
        given: Input,
        scan_id: str,
        operator: str = "",
    ) -> Outcome:
        weight = None
        if self.rules.weight is not None and self._scale is not None:
            weight = self._scale.read_grams()
        ctx = StepContext(
            rules=self.rules,
            operator=operator,
            now=self._clock.now(),
            new_id=self._new_id,
            scan_id=scan_id,
            weight_g=weight,
        )
        try:
            decision = decide(state, given, ctx)
        except (NoReplacementSource, NoGiftSource) as error:
            error.params["where"] = stored_at(uow, str(error.params.get("sku", "")))
            raise
        try:
            self._apply(uow, decision, ctx, state.sheet)
        except InsufficientStock as short:
            source = str(short.params.get("location", ""))
            if source in ("", self.rules.packing_location, self.rules.pick_location):
                raise
            # A guessed shelf (a scanned location, the configured source) that does not hold
            # the unit: say which shelves do, instead of "not enough stock".
            sku = str(short.params.get("sku", ""))
            where = stored_at(uow, sku)
            raise NotAtSource(**short.params, where=where) from short
        outcome = decision.outcome
        if outcome.msgid in _SAYS_WHERE and "sku" in outcome.params:
            # Where a good unit can be taken from, instead of a guess that ends in "not
            # enough stock" (a stored scan replayed after a restart says it again).
            where = stored_at(uow, str(outcome.params["sku"]))
            outcome = replace(outcome, params={**outcome.params, "where": where})
        # The screen draws the desk as this scan left it: what a restart would rebuild.
        return replace(outcome, view=after(state, decision))

    def _input(self, uow: UnitOfWork, state: InspectionState, scan: ScanLike) -> Input:
        text = scan.text
        body = command_body(text, scan.source, self._config.command_prefix)
        if body is not None:
            if (keyed := _KEYED_QTY.fullmatch(body)) is not None:
                return KeyQuantity(int(keyed.group(1)))
            if (undo := _UNDO.fullmatch(body)) is not None:
                return Undo(_correction(undo.group(1)).value)
            if (remove := _REMOVE.fullmatch(body)) is not None:
                return RemoveUnit(int(remove.group(1)), _correction(remove.group(2)).value)
            if scan.source == KEY_SOURCE:
                # A key is a typed command: no barcode look-up, whatever the prefix.
                return Command(body)
        elif state.progress.pending is not None:
            return CodeValue(text)  # whatever is scanned when a lot or serial is asked for
        elif self._needs_label(state):
            label = self._label(uow, state, text, scan.symbology)
            if label is not None:
                return label
        resolved = self._resolver(text, uow.catalog(), scan.symbology)
        kind = str(resolved.kind)
        if kind == "command":
            return Command(resolved.command or text)
        if kind == "order" and resolved.order is not None:
            opened = candidate(uow, resolved.order)
            self._sheets.keep(opened.sheet)
            return OpenOrder(text, opened)
        if kind == "badge":
            raise SupervisorNeedsPin()
        if kind == "location" and resolved.location is not None:
            return LocationScan(resolved.location.code, resolved.location.kind)
        sku = resolved.sku
        if kind in ("product", "packaging", "serial", "lot") and sku is not None:
            language = current_language()
            spec = sku.spec_in(language)
            return ItemScan(
                sku_code=sku.code,
                # Name and spec, always: a wrong colour or size must not read like the right
                # product refused.
                name=f"{sku.name(language)} {spec}" if spec else sku.name(language),
                text=text,
                multiplier=max(1, resolved.quantity),
                lot=resolved.lot or "",
                serial=resolved.serial or "",
                sku_name=sku.name(language),
                spec=spec,
                is_kit=sku.is_kit,
                tracked=sku.requires_lot or sku.requires_serial,
                unit_weight_g=sku.unit_weight_g,
            )
        raise ScanNotExpected(what=text)

    def _single_item(
        self, uow: UnitOfWork, state: InspectionState, item: ItemScan, scan: ScanLike
    ) -> Outcome | None:
        """No order open and an item scanned: the next order of a single-item wave needing
        it opens, and the item counts on it (it usually passes at once). None: no such
        order waits, and the scan goes on to be refused as before."""
        order_no = uow.inspections.next_single_item(item.sku_code, self._waves.single_wave)
        order = uow.orders.get(order_no) if order_no is not None else None
        if order is None:
            return None
        opened = candidate(uow, order)
        self._sheets.keep(opened.sheet)
        # `state`: the desk as this scan found it, locked, with no order open.
        first = self._run(uow, state, OpenOrder(item.text, opened), scan.scan_id, scan.operator)
        # The desk as the opening left it (what a restart would read): no second read.
        assert isinstance(first.view, InspectionState)
        return self._run(uow, first.view, item, scan.scan_id, scan.operator)

    def _wave_scan(self, uow: UnitOfWork, state: InspectionState, scan: ScanLike) -> Outcome | None:
        """A wave's barcode or a tote label (core/inspection/waves.py); None: neither."""
        prefix = self._config.command_prefix
        if state.progress.pending is not None or command_body(scan.text, scan.source, prefix):
            return None
        text = scan.text.strip()
        if is_wave_code(text.upper()):
            return replace(self._waves.choose(uow, text), view=state)
        slot = parse_slot_code(text)
        if slot is None:
            return None
        order = uow.orders.get(self._waves.order_in_slot(uow, slot))
        if order is None:
            raise UnknownOrder(order=text)
        opened = candidate(uow, order)
        self._sheets.keep(opened.sheet)
        return self._run(uow, state, OpenOrder(text, opened), scan.scan_id, scan.operator)

    def _needs_label(self, state: InspectionState) -> bool:
        sheet, p = state.sheet, state.progress
        unbound = sheet is not None and not sheet.waybill and not p.waybill
        return unbound and (p.complete or self.rules.bind_first)

    def _label(
        self, uow: UnitOfWork, state: InspectionState, text: str, symbology: str
    ) -> WaybillScan | None:
        """A courier label is a code nothing knows yet; a known product goes the item's way
        (one too many), and another order's number is refused: it is bound already."""
        try:
            resolved = self._resolver(text, uow.catalog(), symbology)
        except WmsError:
            return WaybillScan(text) if is_valid_code(text) else None
        if str(resolved.kind) == "order" and resolved.order is not None:
            assert state.sheet is not None
            if resolved.order.order_no != state.sheet.order_no:
                raise WaybillTaken(waybill=text, order=resolved.order.order_no)
            raise ScanNotExpected(what=text)
        return None

    def add_gift(
        self, uow: UnitOfWork, sku_code: str, supervisor: Operator, *, operator: str
    ) -> Outcome:
        """A verified supervisor allowed `sku_code` as a gift line (it is not on the list)."""
        sku = uow.skus.get(sku_code)
        if sku is None:
            raise UnknownSku(sku=sku_code)
        language = current_language()
        spec = sku.spec_in(language)
        item = ItemScan(
            sku_code=sku.code,
            name=f"{sku.name(language)} {spec}" if spec else sku.name(language),
            text=sku.code,
            sku_name=sku.name(language),
            spec=spec,
            is_kit=sku.is_kit,
            tracked=sku.requires_lot or sku.requires_serial,
            unit_weight_g=sku.unit_weight_g,
        )
        return self._act(uow, AddGift(item, supervisor), operator)

    def _open_session(
        self,
        uow: UnitOfWork,
        repo: InspectionRepository,
        session: InspectionSession,
        seen: OrderStatus | None,
    ) -> None:
        # The order was read before this transaction could see another station's pass (or
        # customer service's hold) commit: re-read it under its row lock, so such an order is
        # refused here with its real status instead of being left with an open session.
        status = uow.orders.locked_status(session.order_no)
        if status is None:
            raise UnknownOrder(order=session.order_no)
        if status is not seen:
            order = uow.orders.get(session.order_no)
            if order is None:
                raise UnknownOrder(order=session.order_no)
            check_status(candidate(uow, order), self.rules)
            # Still inspectable, but the sheet was built on the old status: read it again.
            raise ConcurrentChange(subject=session.order_no)
        try:
            repo.add(session)
        except ConcurrentChange:
            # Two stations scanned the same waybill at once and the database let the other
            # one in: say who has it, as if our read had already seen its row.
            holder = repo.open_for_order(session.order_no)
            if holder is not None and holder.station_id != session.station_id:
                raise lease_held(holder) from None
            raise

    def _apply(
        self, uow: UnitOfWork, decision: Decision, ctx: StepContext, sheet: OrderSheet | None
    ) -> None:
        repo = uow.inspections
        # The order's status and version as this scan read them: a status change is guarded
        # by them instead of reading the order (and its lines) again.
        seen = {} if sheet is None else {sheet.order_no: (sheet.status, sheet.version)}

        def own(effect: object) -> None:
            if isinstance(effect, OpenSession):
                opened = decision.opened
                status = opened.sheet.status if opened and opened.sheet else None
                self._open_session(uow, repo, effect.session, status)
            elif isinstance(effect, CloseSession):
                repo.close(effect.session)
            elif isinstance(effect, MarkVerified):
                repo.mark_verified(effect.order_no, effect.at, effect.operator, effect.station_id)
            elif isinstance(effect, BindWaybill):
                uow.orders.set_waybill(effect.order_no, effect.waybill)
            elif isinstance(effect, AddOrderLines):
                lines = [
                    OrderLine(ln.line_no, ln.sku_code, ln.expected, True) for ln in effect.lines
                ]
                uow.orders.add_lines(effect.order_no, lines)
            else:
                raise TypeError(f"inspection does not apply {type(effect).__name__}")

        actor = Actor(ctx.operator, self.rules.station_id, ctx.now, ctx.scan_id)
        apply_effects(uow, self._clock, decision.effects, actor, seen=seen, own=own)
        for event in decision.events:
            repo.add_event(event)

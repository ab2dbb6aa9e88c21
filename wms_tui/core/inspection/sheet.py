"""The inspection sheet: an order as the desk checks it, and the station's stored state.

What a restarted station shows is read here, from stored rows only: the open session, the
order's sheet (lines with their SKUs' names, specs and flags), and the session's events.
"""

from __future__ import annotations

from dataclasses import replace

from wms_tui.core.errors import UnknownOrder, UnknownSku
from wms_tui.core.inspection.records import EventKind, InspectionEvent, SessionResult
from wms_tui.core.inspection.rules import Candidate, InspectionState, KitSpec, OrderSheet, SheetLine
from wms_tui.core.model import Order
from wms_tui.core.ports import UnitOfWork
from wms_tui.i18n import current_language


def build_sheet(uow: UnitOfWork, order: Order, language: str | None = None) -> OrderSheet:
    language = language or current_language()
    lines: list[SheetLine] = []
    kits: dict[str, KitSpec] = {}
    skus = uow.skus.get_many(line.sku_code for line in order.lines)
    for line in order.lines:
        sku = skus.get(line.sku_code)
        if sku is None:
            raise UnknownSku(sku=line.sku_code)
        lines.append(
            SheetLine(
                line_no=line.line_no,
                sku_code=sku.code,
                name=sku.name(language),
                expected=line.qty,
                spec=sku.spec_in(language),
                is_gift=line.is_gift,
                kit_code=line.kit_code,
                requires_lot=sku.requires_lot,
                requires_serial=sku.requires_serial,
                unit_weight_g=sku.unit_weight_g,
            )
        )
        if line.kit_code and line.kit_code not in kits:
            kit = uow.skus.get(line.kit_code)
            if kit is None:
                raise UnknownSku(sku=line.kit_code)
            parts = tuple((c.component_code, c.qty) for c in uow.skus.components(kit.code))
            kits[kit.code] = KitSpec(kit.code, kit.name(language), kit.kit_mode, parts)
    return OrderSheet(
        order_no=order.order_no,
        status=order.status,
        lines=tuple(lines),
        kits=tuple(kits.values()),
        platform_order_no=order.platform_order_no,
        shop=order.shop,
        buyer=order.buyer,
        courier=order.courier,
        waybill=order.waybill,
        buyer_remark=order.buyer_remark,
        seller_remark=order.seller_remark,
        hold_reason=order.hold_reason,
        version=order.version,
        archived_at=order.archived_at,
    )


class SheetCache:
    """Order sheets by (order, order version, language): a sheet costs a read of the order's
    SKUs (and of each kit's parts), and every scan of the order needs it. The order's
    version moves with each status change, so a cancelled or held order is never shown
    from an old sheet."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._sheets: dict[tuple[str, int, str], OrderSheet] = {}

    def cached(self, order_no: str, version: int, language: str | None = None) -> OrderSheet | None:
        return self._sheets.get((order_no, version, language or current_language()))

    def keep(self, sheet: OrderSheet, language: str | None = None) -> None:
        """A sheet built elsewhere (the opening scan's) for the scans that follow."""
        if len(self._sheets) >= self._size:
            self._sheets.clear()
        self._sheets[(sheet.order_no, sheet.version, language or current_language())] = sheet

    def sheet(self, uow: UnitOfWork, order: Order, language: str | None = None) -> OrderSheet:
        language = language or current_language()
        key = (order.order_no, order.version, language)
        found = self._sheets.get(key)
        if found is None:
            found = build_sheet(uow, order, language)
            self.keep(found, language)
        return found


def load_state(
    uow: UnitOfWork,
    station_id: str,
    language: str | None = None,
    sheets: SheetCache | None = None,
    *,
    lock: bool = False,
) -> InspectionState:
    """The station's open order exactly as stored: what a restarted station shows. `lock`:
    for a step that writes (InspectionRepository.open_at_station says why)."""
    repo = uow.inspections
    session = repo.open_at_station(station_id, lock=lock)
    if session is None:
        return InspectionState()
    sheet = None
    if sheets is not None:
        # Every scan of an order reads its version only: the lines are read when it moved.
        version = uow.orders.version(session.order_no)
        if version is None:
            raise UnknownOrder(order=session.order_no)
        sheet = sheets.cached(session.order_no, version, language)
    if sheet is None:
        order = uow.orders.get(session.order_no)
        if order is None:
            raise UnknownOrder(order=session.order_no)
        sheet = (
            build_sheet(uow, order, language)
            if sheets is None
            else sheets.sheet(uow, order, language)
        )
    events = tuple(repo.events(session.session_id))
    return InspectionState.of(session, _named_gifts(uow, sheet, events, language), events)


def _named_gifts(
    uow: UnitOfWork,
    sheet: OrderSheet,
    events: tuple[InspectionEvent, ...],
    language: str | None,
) -> OrderSheet:
    """The sheet with the names of the gifts added at the desk, in this read's language."""
    codes = {e.sku_code for e in events if e.kind is EventKind.GIFT}
    if not codes:
        return sheet
    language = language or current_language()
    skus = uow.skus.get_many(codes)
    names = tuple(
        (code, sku.name(language), sku.spec_in(language)) for code, sku in sorted(skus.items())
    )
    return replace(sheet, gift_names=names)


def candidate(
    uow: UnitOfWork, order: Order, language: str | None = None, *, lock: bool = False
) -> Candidate:
    """`lock`: for a takeover (InspectionRepository.open_for_order says why)."""
    repo = uow.inspections
    holder = repo.open_for_order(order.order_no, lock=lock)
    passed = [s for s in repo.history(order.order_no) if s.result is SessionResult.PASSED]
    return Candidate(
        sheet=build_sheet(uow, order, language),
        holder=holder,
        holder_events=tuple(repo.events(holder.session_id)) if holder is not None else (),
        last_passed=passed[-1] if passed else None,
    )

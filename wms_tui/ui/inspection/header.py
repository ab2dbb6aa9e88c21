"""The open order's header: order, courier and waybill, shop, buyer, since when it is open."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.inspection.rules import InspectionState, hhmm
from wms_tui.core.text import shown
from wms_tui.i18n import _


class InspectionHeader(Static):
    def show(self, state: InspectionState) -> None:
        sheet, session = state.sheet, state.session
        if sheet is None or session is None:
            self.update(Text(_("inspect.ui.no_order"), style="italic"))
            return
        # Shop, buyer and courier come from imports: plain Text, never markup.
        text = Text()
        text.append(_("inspect.ui.order") + " ")
        text.append(shown(sheet.order_no), style="bold")
        if sheet.platform_order_no:
            text.append(shown(f" ({sheet.platform_order_no})"))
        text.append("   " + _("inspect.ui.waybill") + " ")
        waybill = sheet.waybill or state.progress.waybill  # bound at this desk
        text.append(shown(f"{sheet.courier} {waybill}".strip()) or "-", style="bold")
        # The time on the shorter second line: on the first it wrapped at 80 columns, and
        # the order lines lost a row to it.
        text.append("\n" + _("inspect.ui.shop") + " ")
        text.append(shown(sheet.shop) or "-")
        text.append("   " + _("inspect.ui.buyer") + " ")
        text.append(shown(sheet.buyer) or "-")
        text.append("   " + _("inspect.ui.opened_at", at=hhmm(session.started_at)))
        self.update(text)

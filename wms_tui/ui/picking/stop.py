"""The current stop, big: where to go, what to take, how many, and which slot it goes into.

SKU names come from imports: shown as plain Text, never parsed as markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from wms_tui.core.picking.display import PickDisplay
from wms_tui.core.picking.step import PickStep
from wms_tui.i18n import _

_STEP_MSGIDS = {
    PickStep.WAVE: "pick.ui.step.wave",
    PickStep.LOCATION: "pick.ui.step.location",
    PickStep.ITEM: "pick.ui.step.item",
    PickStep.SLOT: "pick.ui.step.slot",
    PickStep.SHORT_QTY: "pick.ui.step.short_qty",
}


def step_text(display: PickDisplay) -> str:
    stop = display.current
    return _(
        _STEP_MSGIDS[display.step],
        location=stop.location if stop else "-",
        sku=stop.sku_code if stop else "-",
        slot=display.slot or "-",
        qty=display.put_qty,
        max=(stop.open - 1) if stop else 0,
    )


class PickStopPanel(Static):
    def show(self, display: PickDisplay) -> None:
        stop = display.current
        self.set_class(display.step is PickStep.SHORT_QTY, "-short")
        if stop is None:
            self.update(Text(step_text(display), style="bold"))
            return
        location = Text()
        location.append(f" {_('pick.ui.location')} ", style="reverse")
        location.append("  ")
        location.append(f" {stop.location} ", style="bold reverse")
        item = Text()
        item.append(f"{_('pick.ui.sku')}  ")
        item.append(stop.sku_code, style="bold")
        item.append("  " + stop.name)
        if stop.spec:
            item.append("  " + stop.spec, style="italic")
        qty = Text()
        qty.append(f"{_('pick.ui.qty')}  ")
        qty.append(str(stop.open), style="bold")
        qty.append("  " + _("pick.ui.of_qty", picked=stop.picked, qty=stop.qty))
        barcode = Text(f"{_('pick.ui.barcode')}  {stop.barcode}")
        parts: list[Text] = [location, Text(), item, qty, barcode]
        if display.slot:
            slot = Text()
            slot.append(f" {_('pick.ui.slot')} ", style="reverse")
            slot.append("  ")
            slot.append(f" {display.slot} ", style="bold reverse")
            slot.append("  " + _("pick.ui.put", qty=display.put_qty))
            if display.in_hand:
                slot.append("   " + _("pick.ui.in_hand", qty=display.in_hand), style="bold")
            parts += [Text(), slot]
        if display.pending_qty:
            parts.append(Text(_("pick.ui.pending", qty=display.pending_qty), style="bold"))
        parts += [Text(), Text(step_text(display), style="bold")]
        self.update(Group(*parts))

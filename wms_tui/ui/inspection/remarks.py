"""Buyer's and seller's remarks: large, in the warning colour, until acknowledged."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.inspection.rules import InspectionState
from wms_tui.core.text import shown
from wms_tui.i18n import _


class InspectionRemarks(Static):
    def show(self, state: InspectionState) -> None:
        sheet = state.sheet
        self.display = sheet is not None and sheet.has_remarks
        if sheet is None or not sheet.has_remarks:
            self.update("")
            return
        acked = state.progress.acked
        self.set_class(not acked, "-unacknowledged")
        self.set_class(acked, "-acknowledged")
        # Remarks are typed by buyers: plain Text, so "[red]" shows as written.
        text = Text()
        for msgid, remark in (
            ("inspect.ui.buyer_remark", sheet.buyer_remark),
            ("inspect.ui.seller_remark", sheet.seller_remark),
        ):
            if remark.strip():
                if text:
                    text.append("\n")
                text.append(_(msgid) + " ", style="bold")
                text.append(shown(remark.strip()))
        text.append("\n")
        if acked:
            text.append("✓ " + _("inspect.ui.remarks_acked"), style="bold")
        else:
            text.append(_("inspect.ui.remarks_ack_hint"), style="bold reverse")
        self.update(text)

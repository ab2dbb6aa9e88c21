"""The receiving screen's header: the receipt open (its PO or "no PO", supplier, counts, lot,
who allowed more), or, with none open, what the receiver carries to put away and where."""

from __future__ import annotations

from rich.text import Text

from wms_tui.core.receiving.view import ReceiptView
from wms_tui.i18n import _
from wms_tui.ui.common.carrying import carry_line
from wms_tui.ui.common.text import plain


def header_of(view: ReceiptView) -> Text:
    header = Text()
    receipt = view.receipt
    if receipt is None:
        header.append(_("receiving.ui.none_open"), style="italic")
        if view.carry is not None:
            header.append("\n").append_text(carry_line(view.carry, view.sku(view.carry.sku_code)))
    else:
        header.append(receipt.receipt_id, style="bold")
        header.append(" · ")
        if receipt.po_no:
            header.append(_("receiving.ui.po") + " ").append_text(plain(receipt.po_no, "bold"))
        else:
            header.append(_("receiving.ui.blind"), style="bold yellow")
        header.append(" · ").append_text(plain(receipt.supplier))
        header.append("\n" + _("receiving.ui.count", passed=view.passed, failed=view.failed))
        if receipt.po_no:
            header.append(" · " + _("receiving.ui.po_total", received=view.received,
                                    ordered=view.ordered))  # fmt: skip
        if receipt.lot:
            header.append(" · " + _("receiving.ui.lot") + " ").append_text(plain(receipt.lot))
            if receipt.expiry is not None:
                header.append(f" ({receipt.expiry.isoformat()})")
        if receipt.allowed_by:
            header.append(" · " + _("receiving.ui.allowed", badge=receipt.allowed_by))
    return header

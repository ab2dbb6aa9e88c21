"""What a person carries to put away, and the bin it goes to: one line for every desk that
shelves (receiving, returns), as core/shelving.py is one put-away for both."""

from __future__ import annotations

from rich.text import Text

from wms_tui.core.model import Sku
from wms_tui.core.shelving import Carry
from wms_tui.i18n import _, current_language
from wms_tui.ui.common.text import plain


def carry_line(carry: Carry, sku: Sku | None) -> Text:
    line = Text()
    line.append(_("putaway.ui.carrying") + " ", style="bold")
    line.append_text(plain(carry.sku_code, "bold"))
    line.append(f" ×{carry.qty}")
    if sku is not None:
        line.append(" ").append_text(plain(sku.name(current_language()), ""))
    line.append(" → ")
    line.append(carry.suggested or "?", style="bold green")
    if carry.tote:
        line.append(" ").append_text(plain(_("putaway.ui.from_tote", tote=carry.area)))
    return line

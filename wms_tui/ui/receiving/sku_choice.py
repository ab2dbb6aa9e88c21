"""Which SKU a supplier's new barcode is, when the supervisor types part of its name: the
SKUs that match, one line each, to choose with the arrow keys and Enter."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wms_tui.core.model import Sku
from wms_tui.i18n import _, current_language
from wms_tui.ui.common.text import plain


def offer(options: OptionList, skus: Sequence[Sku], code: str) -> None:
    """Fills `options` with `skus` (code, name, spec: untrusted text shown as plain text)
    for the new barcode `code`, shows it and puts the cursor on the first."""
    language = current_language()
    options.border_title = plain(_("receiving.ui.map_choose", code=code, count=len(skus)))
    options.clear_options()
    for sku in skus:
        line = Text()
        line.append_text(plain(sku.code, "bold"))
        line.append("  ").append_text(plain(sku.name(language), ""))
        spec = sku.spec_in(language)
        if spec:
            line.append("  ").append_text(plain(spec, "dim"))
        options.add_option(Option(line, id=sku.code))
    options.display = True
    options.highlighted = 0
    options.focus()

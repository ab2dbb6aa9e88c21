"""The parcel label at the desk: printed when an order passes, again with Ctrl+P.

Printing runs in a worker thread after the pass is on the screen and sounded, so a slow or
dead printer never holds a scan back. A print that fails stays on the status line (with the
key that prints it again) until one goes through; the banner keeps showing the scans.
"""

from __future__ import annotations

from textual import work

from wms_tui.core.inspection.label import LabelRenderer, passed_order
from wms_tui.core.inspection.records import OrderAlreadyVerified
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.printing import print_document


class LabelPrinting(StationScreen):
    """Mixed into the inspection screen: what it needs is the renderer bootstrap gave it."""

    label: LabelRenderer | None = None
    last_label_order = ""

    def label_after(self, outcome: Outcome) -> None:
        if outcome.error_code == OrderAlreadyVerified.code:
            # A packed parcel scanned again: Ctrl+P then prints its label (after a restart,
            # or for a box whose label came off).
            self.last_label_order = str(outcome.params.get("order", ""))
            return
        order_no = passed_order(outcome)
        if order_no is not None:
            self.last_label_order = order_no
            if self.label is not None:
                self._print_label(order_no, again=False)

    def action_reprint(self) -> None:
        if not self.last_label_order:
            self.station.present(Outcome.accepted("inspect.label.none_yet", SoundClass.WARNING))
        elif self.label is None or self.station.context.printer is None:
            self.station.present(Outcome.accepted("inspect.label.printing_off", SoundClass.WARNING))
        else:
            self._print_label(self.last_label_order, again=True)

    @work(thread=True, group="parcel-label")
    def _print_label(self, order_no: str, *, again: bool) -> None:
        context, render = self.station.context, self.label
        if context.printer is None or render is None:
            return
        outcome = print_document(
            context, context.printer, lambda uow: render(uow, order_no),
            "inspect.label.printed", "inspect.label.failed", order=order_no,
        )  # fmt: skip
        self.app.call_from_thread(self._printed, outcome, again)

    def _printed(self, outcome: Outcome, again: bool) -> None:
        failing_before = bool(self.station.printer_problem)
        # The status line names what did not print; the banner says why and the key.
        failed = _("inspect.label.what", order=outcome.params.get("order", ""))
        self.station.printer_problem = "" if outcome.ok else failed
        self.show_status()
        if again or (not outcome.ok and not failing_before):
            # Asked for (Ctrl+P), or the printer just stopped: said and sounded once. A
            # label that prints on its own after a pass says nothing: the pass already did.
            self.station.present(outcome)

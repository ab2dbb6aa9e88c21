"""The one way a screen prints: in a worker thread, never on the scan's path.

What to print is read in a unit of work that only reads, drawn (PDF or ZPL, devices/ code
that bootstrap handed the screen) and sent to the station's printer. The outcome says where
it went, or why not: the core's own refusal in its words, or the printer's failure (the
printer's errors live in devices/, unknown here) under the screen's message id.
"""

from __future__ import annotations

from collections.abc import Callable

from wms_tui.core.errors import WmsError
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.ports import LabelPrinter, SoundClass, UnitOfWork
from wms_tui.core.station import StationContext

Document = Callable[[UnitOfWork], tuple[str, bytes]]  # (file name, bytes) for the printer


def print_document(
    context: StationContext,
    printer: LabelPrinter,
    document: Document,
    printed: str,
    failed: str,
    **params: object,
) -> Outcome:
    """Call from a worker thread. `printed`: said with the target it went to; `failed`:
    with the printer's own `detail`."""
    try:
        with context.read_unit() as uow:
            name, data = document(uow)
        target = printer.print_pdf(name, data)
    except WmsError as error:
        return Outcome.from_error(error)
    except Exception as error:
        return Outcome(
            OutcomeStatus.REJECTED, SoundClass.ERROR, failed, {**params, "detail": str(error)}
        )
    return Outcome.accepted(printed, SoundClass.OK, **params, target=target)

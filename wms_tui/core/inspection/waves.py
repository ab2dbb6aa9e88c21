"""What a wave brought to the bench: the wave's barcode, and the totes of multi-item waves.

- The wave's barcode (on its pick list) chooses the wave the desk packs: in a single-item
  wave (一单一件) an item scan then opens only that wave's next order needing it; in a
  multi-item wave a tote label opens the order in that tote.
- A tote label (SLOT-07) opens the order in that tote. Totes are reused wave after wave,
  so without a wave chosen the label opens the one picked order waiting in a tote with that
  number, and asks for the wave's barcode when several waves have one.

The wave chosen lives in the desk (memory), not in the database: it only narrows what a
scan looks for. After a restart a tote label still opens its order whenever it is the only
one waiting, and otherwise asks for the wave barcode again, which loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from wms_tui.core.inspection.records import InspectionError
from wms_tui.core.model import OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.records import WaveKind, WaveStatus, slot_code
from wms_tui.core.ports import UnitOfWork


class WaveUnknownHere(InspectionError):
    code = "E845"
    msgid = "inspect.wave.unknown"


class WaveNotPicked(InspectionError):
    code = "E846"
    msgid = "inspect.wave.cancelled"


class SlotEmpty(InspectionError):
    code = "E847"
    msgid = "inspect.slot.empty"


class SlotInWaves(InspectionError):
    """The same tote number waits in several waves: which one is on this bench?"""

    code = "E848"
    msgid = "inspect.slot.ambiguous"


@dataclass
class WaveChoice:
    wave_no: str = ""
    kind: WaveKind | None = None

    @property
    def single_wave(self) -> str:
        """The wave item scans open orders from, when a single-item wave was chosen."""
        return self.wave_no if self.kind is WaveKind.SINGLE else ""

    def choose(self, uow: UnitOfWork, code: str) -> Outcome:
        wave = uow.waves.get(code.strip().upper())
        if wave is None:
            raise WaveUnknownHere(wave=code)
        if wave.status is WaveStatus.CANCELLED:
            raise WaveNotPicked(wave=wave.wave_no)
        statuses = uow.waves.order_statuses(wave.wave_no)
        waiting = sum(1 for s in statuses.values() if s is OrderStatus.PICKED)
        self.wave_no, self.kind = wave.wave_no, wave.kind
        msgid = (
            "inspect.wave.chosen_single"
            if wave.kind is WaveKind.SINGLE
            else "inspect.wave.chosen_multi"
        )
        return Outcome.accepted(msgid, wave=wave.wave_no, waiting=waiting, orders=len(statuses))

    def order_in_slot(self, uow: UnitOfWork, slot: int) -> str:
        found = uow.inspections.in_slot(slot, self.wave_no if self.kind is WaveKind.MULTI else "")
        if not found:
            raise SlotEmpty(slot=slot_code(slot), wave=self.wave_no or "-")
        waves = sorted({wave for wave, _ in found})
        if len(waves) > 1:
            raise SlotInWaves(slot=slot_code(slot), waves=", ".join(waves))
        return found[0][1]

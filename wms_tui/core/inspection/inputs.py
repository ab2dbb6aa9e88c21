"""What the inspection desk is given: scans and what they resolve to (as protocols, so
tests may hand in their own), and the typed key commands its screen submits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from wms_tui.core.inspection.records import CorrectionReason
from wms_tui.core.model import Barcode, Location, Operator, Order, Sku
from wms_tui.core.ports import Catalog
from wms_tui.core.scans import ResolverConfig, key_command, resolve

# Command barcodes only inspection knows, besides the shared ones (scan_words.COMMANDS).
INSPECTION_COMMANDS = frozenset({"DAMAGED", "WRONG_SPEC", "MISSING_PART", "WEIGHT", "GIFT"})


class ScanLike(Protocol):
    """The parts of `core.scans.Scan` inspection reads."""

    @property
    def scan_id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def symbology(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def operator(self) -> str: ...


class ResolvedLike(Protocol):
    """The parts of `core.scans.Resolved` inspection reads."""

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def command(self) -> str | None: ...

    @property
    def operator(self) -> Operator | None: ...

    @property
    def location(self) -> Location | None: ...

    @property
    def order(self) -> Order | None: ...

    @property
    def sku(self) -> Sku | None: ...

    @property
    def barcode(self) -> Barcode | None: ...

    @property
    def quantity(self) -> int: ...

    @property
    def lot(self) -> str | None: ...

    @property
    def serial(self) -> str | None: ...


Resolver = Callable[[str, Catalog, str], ResolvedLike]
"""(text, catalog, symbology) -> what it means; bootstrap binds core.scans.resolve."""


def keyed_quantity_text(qty: int) -> str:
    """What the screen submits for a keyed quantity, so it queues behind earlier scans."""
    return key_command("QTY", qty)


def undo_text(reason: CorrectionReason) -> str:
    """What the screen submits to undo the last scan with a reason (journaled, in order)."""
    return key_command("UNDO", reason.value.upper())


def remove_unit_text(line_no: int, reason: CorrectionReason) -> str:
    """What the screen submits to take one counted unit off a line with a reason."""
    return key_command("REMOVE", line_no, reason.value.upper())


def scan_resolver(config: ResolverConfig | None = None) -> Resolver:
    """core.scans.resolve, knowing inspection's command barcodes too."""
    base = config or ResolverConfig()
    widened = replace(base, commands=base.commands | INSPECTION_COMMANDS)

    def resolver(text: str, catalog: Catalog, symbology: str) -> ResolvedLike:
        return resolve(text, catalog, widened, symbology)

    return resolver

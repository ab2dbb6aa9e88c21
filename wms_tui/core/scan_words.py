"""The words for what a scan is: kinds, commands (and their one grammar), reasons, as
translatable message ids.

Kept apart from the resolver in `scans.py` so each stays small; `scans` re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wms_tui.core.errors import UnexpectedScan
from wms_tui.core.model import Barcode, Location, Operator, Order, Sku
from wms_tui.core.text import printable as text_printable
from wms_tui.i18n import N_, _, current_language


class ScanKind(StrEnum):
    COMMAND = "command"
    BADGE = "badge"
    LOCATION = "location"
    ORDER = "order"
    PACKAGE = "package"
    SERIAL = "serial"
    LOT = "lot"
    PACKAGING = "packaging"
    PRODUCT = "product"


LABELS: dict[ScanKind, str] = {
    ScanKind.COMMAND: N_("scan.kind.command"),
    ScanKind.BADGE: N_("scan.kind.badge"),
    ScanKind.LOCATION: N_("scan.kind.location"),
    ScanKind.ORDER: N_("scan.kind.order"),
    ScanKind.PACKAGE: N_("scan.kind.package"),
    ScanKind.SERIAL: N_("scan.kind.serial"),
    ScanKind.LOT: N_("scan.kind.lot"),
    ScanKind.PACKAGING: N_("scan.kind.packaging"),
    ScanKind.PRODUCT: N_("scan.kind.product"),
}
# The same names as they sit in a sentence ("scan a location"); Chinese needs no article.
PHRASES: dict[ScanKind, str] = {
    ScanKind.COMMAND: N_("scan.phrase.command"),
    ScanKind.BADGE: N_("scan.phrase.badge"),
    ScanKind.LOCATION: N_("scan.phrase.location"),
    ScanKind.ORDER: N_("scan.phrase.order"),
    ScanKind.PACKAGE: N_("scan.phrase.package"),
    ScanKind.SERIAL: N_("scan.phrase.serial"),
    ScanKind.LOT: N_("scan.phrase.lot"),
    ScanKind.PACKAGING: N_("scan.phrase.packaging"),
    ScanKind.PRODUCT: N_("scan.phrase.product"),
}
COMMAND_LABELS: dict[str, str] = {
    "DONE": N_("scan.command.done"),
    "UNDO": N_("scan.command.undo"),
    "CANCEL": N_("scan.command.cancel"),
    "ACK": N_("scan.command.ack"),
    "EMPTY": N_("scan.command.empty"),
    "SHORT": N_("scan.command.short"),
    "SKIP": N_("scan.command.skip"),
    "HOLD": N_("scan.command.hold"),
    "QUARANTINE": N_("scan.command.quarantine"),
    "LOGOUT": N_("scan.command.logout"),
}
REASONS: dict[str, str] = {
    "too_long": N_("scan.why.too_long"),
    "control_chars": N_("scan.why.control_chars"),
    "tab_fields": N_("scan.why.tab_fields"),
    "non_ascii_digits": N_("scan.why.non_ascii_digits"),
    "non_ascii": N_("scan.why.non_ascii"),
    "bad_structure": N_("scan.why.bad_structure"),
    "contradictory": N_("scan.why.contradictory"),
    "bad_date": N_("scan.why.bad_date"),
    "bad_count": N_("scan.why.bad_count"),
}


def label(kind: ScanKind) -> str:
    return _(LABELS[kind])


def reason_text(why: str) -> str:
    """The translated words for a MalformedScan / BadGs1 `why` id (the id if unknown)."""
    msgid = REASONS.get(why)
    return _(msgid) if msgid else why


def kinds_phrase(kinds: tuple[ScanKind, ...]) -> str:
    """'a location, an order or a product' / '库位、订单或商品'."""
    phrases = [_(PHRASES[k]) for k in dict.fromkeys(kinds)]
    if len(phrases) == 1:
        return phrases[0]
    head = _("scan.kinds.separator").join(phrases[:-1])
    return _("scan.kinds.list", items=head, last=phrases[-1])


COMMANDS: frozenset[str] = frozenset(
    {"DONE", "UNDO", "CANCEL", "ACK", "EMPTY", "SHORT", "SKIP", "HOLD", "QUARANTINE", "LOGOUT"}
)


# --- commands -------------------------------------------------------------------------
# A key on a screen (F7 undo, F9 done ...) is a typed command: it reaches the pipeline as a
# scan from KEY_SOURCE, spelt with KEY_PREFIX, so it is journaled and applied in order with
# the scans around it. It never depends on `scanning.command_prefix`, which says only what
# printed command barcodes start with (and "" turns those off, never the keys).
KEY_SOURCE = "key"
KEY_PREFIX = "CMD:"


def key_command(*parts: object) -> str:
    """The journaled text of a key action: key_command("QTY", 3) -> "CMD:QTY:3"."""
    return KEY_PREFIX + ":".join(str(part) for part in parts)


def command_body(text: str, source: str, barcode_prefix: str) -> str | None:
    """The one command grammar: what follows the prefix, upper case; None when the text is
    no command. A key action is read with KEY_PREFIX, a barcode with `barcode_prefix`
    (`scanning.command_prefix`; "" turns command barcodes off)."""
    prefix = KEY_PREFIX if source == KEY_SOURCE else barcode_prefix
    stripped = text.strip(" ")
    if prefix and stripped.upper().startswith(prefix.upper()):
        return stripped[len(prefix) :].strip(" ").upper()
    return None


def printable(text: str, limit: int = 48) -> str:
    """Untrusted scan text made safe to show and log (core/text.py's one rule): Chinese
    as typed, control and invisible characters as <U+XXXX>, bounded in length."""
    return text_printable(text, limit)


@dataclass(frozen=True)
class Resolved:
    kind: ScanKind
    text: str  # the data as resolved: stripped, without its AIM prefix
    symbology: str = ""
    command: str | None = None  # upper case, without prefix: "DONE"
    operator: Operator | None = None
    location: Location | None = None
    order: Order | None = None
    sku: Sku | None = None
    barcode: Barcode | None = None
    quantity: int = 1  # units this scan stands for: pack multiplier x GS1 AI 37 count
    gtin: str | None = None  # always the 14-digit form
    lot: str | None = None
    serial: str | None = None
    sscc: str | None = None
    expiry: date | None = None
    weight_g: int | None = None

    def describe(self) -> str:
        """One line for a screen: what this scan was, in the current language."""
        k = self.kind
        if k is ScanKind.COMMAND:
            name = self.command or ""
            return _("scan.describe.command", name=_(COMMAND_LABELS.get(name, name)))
        if k is ScanKind.BADGE and self.operator is not None:
            return f"{self.operator.name} ({self.operator.badge})"
        if k is ScanKind.LOCATION and self.location is not None:
            return self.location.code
        if k is ScanKind.ORDER and self.order is not None:
            if self.order.waybill:
                return _(
                    "scan.describe.order", order=self.order.order_no, waybill=self.order.waybill
                )
            return self.order.order_no
        parts: list[str] = []
        if k is ScanKind.PACKAGE:
            parts.append(_("scan.describe.package", sscc=self.sscc or ""))
        if self.sku is not None:
            language = current_language()
            spec = self.sku.spec_in(language)
            name = self.sku.name(language)
            name = f"{name} {spec}" if spec else name
            if self.quantity != 1:
                name = _("scan.describe.quantity", name=name, qty=self.quantity)
            parts.append(name)
        if self.lot:
            parts.append(_("scan.describe.lot", lot=self.lot))
        if self.serial:
            parts.append(_("scan.describe.serial", serial=self.serial))
        if self.expiry is not None:
            parts.append(_("scan.describe.expiry", date=self.expiry.isoformat()))
        return " · ".join(parts) if parts else printable(self.text)


def expect(resolved: Resolved, *kinds: ScanKind) -> Resolved:
    """Narrow what a workflow step accepts. Expecting a product also accepts a pack of it."""
    if not kinds:
        raise ValueError("expect() needs at least one kind")
    accepted = set(kinds)
    if ScanKind.PRODUCT in accepted:
        accepted.add(ScanKind.PACKAGING)
    if resolved.kind in accepted:
        return resolved
    raise UnexpectedScan(
        expected=kinds_phrase(kinds),
        got=_(PHRASES[resolved.kind]),
        what=resolved.describe(),
    )

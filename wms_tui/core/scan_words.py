"""The words for what a scan is: kinds, commands, reasons, as translatable message ids.

Kept apart from the resolver in `scans.py` so each stays small; `scans` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum

from wms_tui.i18n import N_, _


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

"""What only a supervisor may do at a receiving station: let a line go past its tolerance,
and map a supplier's new barcode to its SKU. The screen verified the badge with its PIN
before the command was journaled; here the badge must still be an active supervisor's, as
it is applied."""

from __future__ import annotations

from wms_tui.core.errors import UnknownSku
from wms_tui.core.model import Barcode, Role, Sku
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.records import BarcodeTaken, NotSupervisor, UnsafeText
from wms_tui.core.stock import find_sku
from wms_tui.core.text import printable, refuse_unsafe


def supervisor_badge(uow: UnitOfWork, badge: str) -> str:
    person = uow.operators.get(badge)
    if person is None or not person.active or not person.has_role(Role.SUPERVISOR):
        raise NotSupervisor(badge=printable(badge))
    return person.badge


SKU_CHOICES = 8  # SKUs a name search offers at once: a list that fits at 80×24


def _named(uow: UnitOfWork, text: str) -> Sku | None:
    """The SKU `text` names: its code (typed in lower case too), or one of its barcodes
    (scanned from its label)."""
    return find_sku(uow, text) or uow.skus.get(text.upper())


def skus_for(uow: UnitOfWork, text: str) -> tuple[bool, list[Sku]]:
    """What a supervisor typed to say which SKU a new code is: (True, [the SKU]) when it
    names one exactly (code or barcode); else (False, the SKUs whose code begins with it or
    whose name or spec holds it, at most SKU_CHOICES) to choose from."""
    text = " ".join(text.split())
    if not text:
        return False, []
    sku = _named(uow, text)
    if sku is not None:
        return True, [sku]
    return False, uow.skus.search(text, SKU_CHOICES)


def map_barcode(uow: UnitOfWork, code: str, sku_code: str) -> Sku:
    """`code` counts as the SKU `sku_code` names (its code, or a barcode it has: scanned
    from the SKU's own label) from now on, everywhere (the catalog is read live). A code
    that is another SKU's already is refused; one that is this SKU's changes nothing."""
    refuse_unsafe(code, "code", UnsafeText)
    sku = _named(uow, sku_code)
    if sku is None:
        raise UnknownSku(sku=printable(sku_code))
    owner = uow.skus.barcode(code)
    if owner is not None and owner.sku_code != sku.code:
        raise BarcodeTaken(code=code, sku=owner.sku_code)
    if owner is None:
        uow.skus.save_barcode(Barcode(code, sku.code))
    return sku

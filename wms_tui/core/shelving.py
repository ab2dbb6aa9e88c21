"""Where a unit is put away (上架), for every workflow that shelves: receiving and returns.

The suggestion is the bin the SKU already lives in (first by walk order, never a frozen
one), else the first empty bin by walk order. The person scans the bin they really use;
the ledger refuses a frozen one (E305) as it refuses every move into one.
"""

from __future__ import annotations

from wms_tui.core.ports import UnitOfWork


def suggest(uow: UnitOfWork, sku_codes: list[str]) -> dict[str, str]:
    """A bin for each SKU; an SKU is left out only when no bin holds it and none is empty.
    One read, whatever the number of SKUs."""
    if not sku_codes:
        return {}
    homes, empty = uow.locations.shelves(sku_codes)
    if empty is not None:
        for sku in sku_codes:
            homes.setdefault(sku, empty)
    return homes

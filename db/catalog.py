"""The resolver's look-ups (`uow.catalog()`), in as few round trips as a scan allows.

The resolver asks in DESIGN.md's order: is it a badge, a location, an order, a barcode, a
SKU. Asked one table at a time, a product scan costs five round trips before its workflow
does anything. Here the first question about a code asks all five at once (one row of
EXISTS, with the barcode and its SKU joined in), and only a badge, a location or an order
is then read from its table. A product scan costs one round trip, a location two, a badge
two.

Each `uow.catalog()` is a new one, for one scan's resolving: what it learnt about a code is
kept only that long.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, Row, bindparam, exists, func, literal, select
from sqlalchemy.orm import Session

from db import statements as sql
from db.converters import sku_from_row
from db.orders.repository import SqlOrderRepository
from db.repositories import SqlLocationRepository, SqlOperatorRepository
from db.statements import BARCODES, LOCATIONS, OPERATORS, ORDERS, SKUS, run
from wms_tui.core.model import Barcode, BarcodeKind, Location, Operator, Order, Sku

_CODE: BindParameter[str] = bindparam("code")
# The SKU's columns under their own names (a barcode's `sku_code` is a foreign key, so the
# join always finds it); only the barcode's own columns need other names.
_BARCODE_COLUMNS = (
    BARCODES.c.code.label("barcode"),
    BARCODES.c.kind.label("barcode_kind"),
    BARCODES.c.multiplier.label("barcode_multiplier"),
    *SKUS.c,
)


def _count_orders(column: Any) -> Any:
    return select(func.count()).select_from(ORDERS).where(column == _CODE).scalar_subquery()


CODE_KINDS = select(
    exists().where(OPERATORS.c.badge == _CODE).label("badge"),
    exists().where(LOCATIONS.c.code == _CODE).label("location"),
    # Counted, not EXISTS: asked "is there one", PostgreSQL without statistics (a bulk
    # import autovacuum has not reached yet) expects to meet one soon in a sequential scan
    # of every order (45 ms in 300,000); a count it plans on each index. Three counts, not
    # one with OR: where most orders have no waybill yet (bound at inspection), SQLite's
    # statistics say a waybill matches every order, and the OR scanned them all for each
    # scan (11 ms in 100,000); each count alone searches its own index.
    (
        _count_orders(ORDERS.c.order_no)
        + _count_orders(ORDERS.c.waybill)
        + _count_orders(ORDERS.c.platform_order_no)
    ).label("order"),
    exists().where(SKUS.c.code == _CODE).label("sku"),
    # The barcode itself, with its SKU, comes in the same row: a product scan, the scan
    # a station sees most, costs this one round trip.
    *_BARCODE_COLUMNS,
).select_from(
    select(literal(1).label("one"))
    .subquery("one")
    .outerjoin(BARCODES, BARCODES.c.code == _CODE)
    .outerjoin(SKUS, SKUS.c.code == BARCODES.c.sku_code)
)
# A barcode asked about on its own (a GTIN's other lengths): the same columns.
BARCODE_WITH_SKU = (
    select(*_BARCODE_COLUMNS)
    .join(SKUS, SKUS.c.code == BARCODES.c.sku_code)
    .where(BARCODES.c.code == _CODE)
)


class SqlCatalog:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._kinds: dict[str, Row[Any]] = {}
        self._skus: dict[str, Sku | None] = {}

    def _holds(self, code: str, kind: str) -> bool:
        kinds = self._kinds.get(code)
        if kinds is None:
            kinds = self._kinds[code] = run(self._session, CODE_KINDS, {"code": code}).one()
        return bool(getattr(kinds, kind))

    def _known_absent(self, code: str, kind: str) -> bool:
        kinds = self._kinds.get(code)
        return kinds is not None and not getattr(kinds, kind)

    def operator(self, badge: str) -> Operator | None:
        if not self._holds(badge, "badge"):
            return None
        return SqlOperatorRepository(self._session).get(badge)

    def location(self, code: str) -> Location | None:
        if not self._holds(code, "location"):
            return None
        return SqlLocationRepository(self._session).get(code)

    def order(self, code: str) -> Order | None:
        if not self._holds(code, "order"):
            return None
        return SqlOrderRepository(self._session).find_by_code(code)

    def barcode(self, code: str) -> Barcode | None:
        row = self._kinds.get(code)
        if row is None:
            row = run(self._session, BARCODE_WITH_SKU, {"code": code}).first()
        if row is None or row.barcode is None:
            return None
        self._skus.setdefault(row.code, sku_from_row(row))
        kind = BarcodeKind(row.barcode_kind)
        return Barcode(row.barcode, row.code, kind, row.barcode_multiplier)

    def sku(self, code: str) -> Sku | None:
        if code in self._skus:
            return self._skus[code]
        if self._known_absent(code, "sku"):
            return None
        row = run(self._session, sql.SKU_BY_CODE, {"code": code}).first()
        found = self._skus[code] = None if row is None else sku_from_row(row)
        return found

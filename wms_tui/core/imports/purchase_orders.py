"""Checking a purchase-order file (采购单 / 送货单): one row per line, the PO's own fields on
its first row (blank below means "as above", as the exports write them).

A SKU is named by its code or any of its barcodes, as suppliers write what is on the carton.
A PO already in the database with the same content is unchanged; with other content it is
refused (a PO is never rewritten by a file once receiving may have counted against it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wms_tui.core.imports.cells import RowReader
from wms_tui.core.imports.table import ImportLookup, PoRecord, Problem
from wms_tui.core.receiving.records import PoLine, PurchaseOrder

_HEAD = ("supplier", "delivery_note", "expected")


@dataclass
class _Draft:
    row: int
    head: dict[str, object]
    raw: dict[str, str]
    lines: list[PoLine] = field(default_factory=list)
    bad: bool = False


def check_purchase_orders(
    rows: list[RowReader], lookup: ImportLookup, file: str, problems: list[Problem]
) -> list[PoRecord]:
    drafts: dict[str, _Draft] = {}
    for row in rows:
        _po_row(row, lookup, drafts)
    records = []
    for po_no, draft in drafts.items():
        if draft.bad:
            continue
        po = PurchaseOrder(
            po_no, str(draft.head["supplier"]), str(draft.head["delivery_note"]),
            draft.head["expected"],  # type: ignore[arg-type]
        )  # fmt: skip
        existing = lookup.purchase_order(po_no)
        if existing is not None and not _same(existing, po, draft.lines):
            problems.append(Problem(file, draft.row, "po_no", po_no, "import.duplicate_po"))
            continue
        records.append(PoRecord(draft.row, po, tuple(draft.lines)))
    return records


def _po_row(row: RowReader, lookup: ImportLookup, drafts: dict[str, _Draft]) -> None:
    po_no = row.code("po_no", required=True)
    head: dict[str, object] = {
        "supplier": row.text("supplier"),
        "delivery_note": row.code("delivery_note"),
        "expected": row.day("expected"),
    }
    code = row.code("sku", required=True)
    sku = None
    if code:
        sku = code if lookup.sku(code) is not None else lookup.barcode_owner(code)
        if sku is None:
            row.add("sku", code, "import.unknown_sku_or_barcode")
    qty = row.qty("qty")
    lot = row.text("lot")
    expiry = row.day("expiry")
    if po_no is None:
        return
    draft = drafts.get(po_no)
    if draft is None:
        draft = drafts[po_no] = _Draft(row.row, head, dict(row.cells))
        if not head["supplier"] and "supplier" not in _bad(row):
            row.add("supplier", "", "import.required")
    else:
        for name in _HEAD:
            blank = not row.cells.get(name, "").strip()
            if not blank and name not in _bad(row) and head[name] != draft.head[name]:
                row.add(name, row.cells.get(name, ""), "import.po_conflict",
                        first_row=draft.row, first=draft.raw.get(name, ""))  # fmt: skip
    if row.problems or sku is None or qty is None:
        draft.bad = True
    else:
        draft.lines.append(PoLine(po_no, len(draft.lines) + 1, sku, qty, 0, lot, expiry))


def _bad(row: RowReader) -> set[str]:
    return {p.column for p in row.problems}


def _same(
    existing: tuple[PurchaseOrder, list[PoLine]], po: PurchaseOrder, lines: list[PoLine]
) -> bool:
    head, had = existing
    key = (head.supplier, head.delivery_note, head.expected)
    if key != (po.supplier, po.delivery_note, po.expected):
        return False
    return [(x.sku_code, x.ordered, x.lot, x.expiry) for x in had] == [
        (x.sku_code, x.ordered, x.lot, x.expiry) for x in lines
    ]

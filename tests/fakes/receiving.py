"""In-memory fake of receiving's port (core/receiving/records.py): one open receipt per
station, and a line's count that never passes its limit, as the database's statements keep
them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import Sku
from wms_tui.core.receiving.records import (
    PoLine,
    PoStatus,
    PurchaseOrder,
    Receipt,
    ReceiptStatus,
    ReceiptUnit,
    ShownLines,
    ToVendor,
)


@dataclass
class ReceivingStore:
    pos: dict[str, PurchaseOrder] = field(default_factory=dict)
    lines: dict[tuple[str, int], PoLine] = field(default_factory=dict)
    receipts: dict[str, Receipt] = field(default_factory=dict)
    units: dict[tuple[str, int], ReceiptUnit] = field(default_factory=dict)
    removed: set[tuple[str, int]] = field(default_factory=set)
    rtv: dict[tuple[str, int], str] = field(default_factory=dict)


class FakeReceiving:
    def __init__(self, store: ReceivingStore, skus: dict[str, Sku]) -> None:
        self.s = store
        self.skus = skus  # the shared store's: shown lines carry their SKU

    def po(self, po_no: str) -> PurchaseOrder | None:
        return self.s.pos.get(po_no)

    def find_po(self, code: str) -> PurchaseOrder | None:
        if code in self.s.pos:
            return self.s.pos[code]
        noted = [p for p in self.s.pos.values() if p.delivery_note == code]
        noted.sort(key=lambda p: (p.status.value, p.po_no), reverse=True)
        return noted[0] if noted else None

    def lines(self, po_no: str) -> list[PoLine]:
        return sorted(
            (x for x in self.s.lines.values() if x.po_no == po_no), key=lambda x: x.line_no
        )

    def lines_of(self, po_no: str, sku_code: str) -> list[PoLine]:
        return [x for x in self.lines(po_no) if x.sku_code == sku_code]

    def shown_lines(self, po_no: str, first: int, limit: int) -> ShownLines:
        lines = self.lines(po_no)
        head = [x for x in lines if x.line_no == first]
        rest = [x for x in lines if x.line_no != first and x.received < x.ordered]
        chosen = sorted([*head, *rest][:limit], key=lambda x: x.line_no)
        shown = tuple((x, self.skus[x.sku_code]) for x in chosen)
        return ShownLines(shown, sum(x.ordered for x in lines), sum(x.received for x in lines))

    def count_line(self, po_no: str, line_no: int, qty: int, limit: int | None) -> bool:
        line = self.s.lines.get((po_no, line_no))
        if line is None or (limit is not None and line.received + qty > limit):
            return False
        self.s.lines[(po_no, line_no)] = replace(line, received=line.received + qty)
        return True

    def uncount_line(self, po_no: str, line_no: int, qty: int) -> None:
        line = self.s.lines[(po_no, line_no)]
        self.s.lines[(po_no, line_no)] = replace(line, received=line.received - qty)

    def save_po(self, po: PurchaseOrder) -> None:
        stored = self.s.pos.get(po.po_no)
        if stored is None or stored.version != po.version - 1:
            raise ConcurrentChange(subject=po.po_no)
        self.s.pos[po.po_no] = po

    def add_pos(self, pos: list[PurchaseOrder], lines: list[PoLine]) -> None:
        if any(po.po_no in self.s.pos for po in pos):
            raise ConcurrentChange(subject=pos[0].po_no)
        for po in pos:
            self.s.pos[po.po_no] = po
        for line in lines:
            self.s.lines[(line.po_no, line.line_no)] = line

    def open_pos(self) -> list[PurchaseOrder]:
        found = [p for p in self.s.pos.values() if p.status is PoStatus.OPEN]
        return sorted(found, key=lambda p: (p.expected is not None, p.expected, p.po_no))

    def totals(self, po_nos: list[str]) -> dict[str, tuple[int, int]]:
        found = {}
        for po_no in po_nos:
            lines = self.lines(po_no)
            found[po_no] = (sum(x.ordered for x in lines), sum(x.received for x in lines))
        return found

    def in_transit(self, sku_codes: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for line in self.s.lines.values():
            po = self.s.pos[line.po_no]
            if po.status is PoStatus.OPEN and line.sku_code in sku_codes and line.in_transit:
                found[line.sku_code] = found.get(line.sku_code, 0) + line.in_transit
        return found

    def open_at(self, station_id: str) -> Receipt | None:
        return next(
            (r for r in self.s.receipts.values()
             if r.station_id == station_id and r.status is ReceiptStatus.OPEN),
            None,
        )  # fmt: skip

    def get(self, receipt_id: str) -> Receipt | None:
        return self.s.receipts.get(receipt_id)

    def add(self, receipt: Receipt) -> None:
        if receipt.receipt_id in self.s.receipts or self.open_at(receipt.station_id):
            raise ConcurrentChange(subject=receipt.receipt_id)
        self.s.receipts[receipt.receipt_id] = receipt

    def save(self, receipt: Receipt) -> None:
        stored = self.s.receipts.get(receipt.receipt_id)
        if stored is None or stored.version != receipt.version - 1:
            raise ConcurrentChange(subject=receipt.receipt_id)
        self.s.receipts[receipt.receipt_id] = receipt

    def count_with_prefix(self, prefix: str) -> int:
        return sum(1 for r in self.s.receipts if r.startswith(prefix))

    def units(self, receipt_id: str) -> list[ReceiptUnit]:
        return sorted(
            (u for key, u in self.s.units.items()
             if key[0] == receipt_id and key not in self.s.removed),
            key=lambda u: u.seq,
        )  # fmt: skip

    def recent_units(self, receipt_id: str, limit: int) -> list[ReceiptUnit]:
        return list(reversed(self.units(receipt_id)))[:limit]

    def last_unit(self, receipt_id: str) -> ReceiptUnit | None:
        found = self.units(receipt_id)
        return found[-1] if found else None

    def tallies(self, receipt_id: str) -> list[tuple[int, str, bool, int]]:
        found: dict[tuple[int, str, bool], int] = {}
        for u in self.units(receipt_id):
            key = (u.line_no, u.sku_code, u.passed)
            found[key] = found.get(key, 0) + u.qty
        return [(*key, qty) for key, qty in found.items()]

    def add_unit(self, unit: ReceiptUnit) -> None:
        seq = self._next_seq(unit.receipt_id)
        self.s.units[(unit.receipt_id, seq)] = replace(unit, seq=seq)

    def _next_seq(self, receipt_id: str) -> int:
        return max((seq for rid, seq in self.s.units if rid == receipt_id), default=0) + 1

    def fail_unit(self, receipt_id: str, seq: int, reason: str, note: str) -> None:
        unit = self.s.units[(receipt_id, seq)]
        self.s.units[(receipt_id, seq)] = replace(unit, reason=reason, note=note)

    def fail_line(
        self, receipt_id: str, line_no: int, sku_code: str, reason: str, note: str
    ) -> int:
        units = 0
        for u in self.units(receipt_id):
            if u.line_no == line_no and u.sku_code == sku_code and u.passed:
                self.fail_unit(receipt_id, u.seq, reason, note)
                units += u.qty
        return units

    def remove_unit(self, receipt_id: str, seq: int) -> None:
        self.s.removed.add((receipt_id, seq))

    def receipts(self, po_no: str) -> list[Receipt]:
        found = [r for r in self.s.receipts.values() if r.po_no == po_no]
        return sorted(found, key=lambda r: r.opened_at)

    def to_vendor(self, supplier: str | None) -> list[ToVendor]:
        found = []
        for key, u in sorted(self.s.units.items()):
            receipt = self.s.receipts[u.receipt_id]
            if (
                receipt.status is ReceiptStatus.CLOSED and u.reason and key not in self.s.rtv
                and key not in self.s.removed and supplier in (None, receipt.supplier)
            ):  # fmt: skip
                assert receipt.closed_at is not None
                found.append(ToVendor(u.receipt_id, u.seq, receipt.supplier, receipt.po_no,
                                      u.sku_code, u.qty, u.reason, u.note, u.lot,
                                      receipt.closed_at))  # fmt: skip
        return sorted(found, key=lambda t: (t.supplier, t.receipt_id, t.seq))

    def sent_to_vendor(self, units: list[tuple[str, int]], ref: str) -> None:
        for key in units:
            self.s.rtv[key] = ref

"""In-memory fakes of inspection's ports and devices; tests/fakes/uow.py puts the repository in
every unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.inspection.records import InspectionEvent, InspectionSession, SessionResult
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    Operator,
    Order,
    Sku,
)
from wms_tui.core.ports import Catalog, UnitOfWork


@dataclass
class InspectionStore:
    sessions: dict[str, InspectionSession] = field(default_factory=dict)
    events: dict[str, list[InspectionEvent]] = field(default_factory=dict)
    verified: dict[str, tuple[datetime, str, str]] = field(default_factory=dict)


class FakeInspections:
    def __init__(self, store: InspectionStore) -> None:
        self.s = store

    def get(self, session_id: str) -> InspectionSession | None:
        return self.s.sessions.get(session_id)

    def _open(self) -> list[InspectionSession]:
        return [x for x in self.s.sessions.values() if x.result is SessionResult.OPEN]

    def open_for_order(self, order_no: str, *, lock: bool = False) -> InspectionSession | None:
        return next((x for x in self._open() if x.order_no == order_no), None)

    def open_at_station(self, station_id: str, *, lock: bool = False) -> InspectionSession | None:
        return next((x for x in self._open() if x.station_id == station_id), None)

    def next_single_item(self, sku_code: str, wave_no: str = "") -> str | None:
        """No waves in this fake: single-item packing is tested on the real tables."""
        del sku_code, wave_no
        return None

    def in_slot(self, slot: int, wave_no: str = "") -> list[tuple[str, str]]:
        """No waves in this fake: tote labels are tested on the real tables."""
        del slot, wave_no
        return []

    def add(self, session: InspectionSession) -> None:
        # The partial unique indexes of the real tables.
        if self.open_for_order(session.order_no) or self.open_at_station(session.station_id):
            raise ConcurrentChange(subject=session.order_no)
        self.s.sessions[session.session_id] = session
        self.s.events.setdefault(session.session_id, [])

    def close(self, session: InspectionSession) -> None:
        stored = self.s.sessions[session.session_id]
        if stored.version != session.version or stored.result is not SessionResult.OPEN:
            raise ConcurrentChange(subject=session.order_no)
        self.s.sessions[session.session_id] = replace(session, version=stored.version + 1)

    def history(self, order_no: str) -> list[InspectionSession]:
        return sorted(
            (x for x in self.s.sessions.values() if x.order_no == order_no),
            key=lambda x: x.started_at,
        )

    def add_event(self, event: InspectionEvent) -> None:
        stored = self.s.events.setdefault(event.session_id, [])
        if any(e.seq == event.seq for e in stored):
            raise ConcurrentChange(subject=event.session_id)
        stored.append(event)

    def events(self, session_id: str) -> list[InspectionEvent]:
        return sorted(self.s.events.get(session_id, []), key=lambda e: e.seq)

    def mark_verified(self, order_no: str, at: datetime, operator: str, station_id: str) -> None:
        self.s.verified[order_no] = (at, operator, station_id)


class FakeScale:
    def __init__(self, grams: int | None = None) -> None:
        self.grams = grams

    def read_grams(self) -> int | None:
        return self.grams


@dataclass(frozen=True)
class FakeResolved:
    kind: str
    text: str
    command: str | None = None
    operator: Operator | None = None
    location: Location | None = None
    order: Order | None = None
    sku: Sku | None = None
    barcode: Barcode | None = None
    quantity: int = 1
    lot: str | None = None
    serial: str | None = None


def fake_resolve(text: str, catalog: Catalog, symbology: str = "") -> FakeResolved:
    """The resolution order of DESIGN.md section 4, just enough for inspection's tests."""
    from wms_tui.core.errors import UnknownCode

    if text.upper().startswith("CMD:"):
        return FakeResolved("command", text, command=text[4:].upper())
    if (operator := catalog.operator(text)) is not None:
        return FakeResolved("badge", text, operator=operator)
    if (location := catalog.location(text)) is not None:
        return FakeResolved("location", text, location=location)
    if (order := catalog.order(text)) is not None:
        return FakeResolved("order", text, order=order)
    if text.startswith("01") and "21" in text[16:18]:
        # GS1 (01) GTIN + (21) serial, as a scanner hands it over
        barcode = catalog.barcode(text[2:16])
        if barcode is not None:
            sku = catalog.sku(barcode.sku_code)
            return FakeResolved("product", text, sku=sku, barcode=barcode, serial=text[18:])
    if (barcode := catalog.barcode(text)) is not None:
        sku = catalog.sku(barcode.sku_code)
        kind = "packaging" if barcode.kind is BarcodeKind.PACKAGING else "product"
        return FakeResolved(kind, text, sku=sku, barcode=barcode, quantity=barcode.multiplier)
    if (sku := catalog.sku(text)) is not None:
        return FakeResolved("product", text, sku=sku)
    raise UnknownCode(value=text)


STATION_LOCATIONS = (
    Location("PACK-1", LocationKind.PACKING, station_id="S1"),
    Location("PACK-2", LocationKind.PACKING, station_id="S2"),
    Location("DOCK", LocationKind.DOCK),
    Location("QUAR", LocationKind.QUARANTINE),
    Location("A-01-1", LocationKind.BIN, 1),
    Location("SPARE-1", LocationKind.BIN, 2),
)


def add_locations(uow: UnitOfWork) -> None:
    for code in VIRTUAL_LOCATIONS:
        uow.locations.add(Location(code, LocationKind.VIRTUAL))
    for location in STATION_LOCATIONS:
        uow.locations.add(location)

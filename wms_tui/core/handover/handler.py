"""Handover (出库登记) at a dock station: the scan handler and what its screen shows.

`HandoverDesk.handle_scan` is the ScanHandler for pipeline context "handover". A key action
arrives as a command text like a scan (journaled, in order): CMD:COURIER:<courier> opens or
chooses that courier's manifest here, CMD:UNDO takes the last parcel off, CMD:REMOVE:<order>
:<reason> takes one off, CMD:CLOSE:<collector> closes the manifest. Anything else is a parcel:
its waybill, order number or platform order number. Nothing here commits: the pipeline does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from wms_tui.core.clock import day_and_time
from wms_tui.core.couriers import COURIER_WORDS, courier_code, same_courier
from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import ConcurrentChange, UnknownOrder
from wms_tui.core.handover.records import (
    CollectorNeeded,
    EmptyManifest,
    Intercepted,
    InterceptedOnManifest,
    Manifest,
    ManifestClosed,
    ManifestStatus,
    NoManifestOpen,
    NothingToUndo,
    Parcel,
    ParcelFacts,
    ParcelNotOnManifest,
    ParcelOnManifest,
    ParcelUnknown,
)
from wms_tui.core.handover.rules import INTERCEPTED, Shipped, check_parcel, close_effects
from wms_tui.core.model import Operator, Order, Role
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import KEY_SOURCE, ResolverConfig, Scan, command_body

CONTEXT = "handover"
RECENT = 50
_COURIER = re.compile(r"COURIER:(.{1,64})", re.DOTALL | re.IGNORECASE)
_REMOVE = re.compile(r"REMOVE:([^:]{1,64}):([a-z_]{1,20})", re.IGNORECASE)
_CLOSE = re.compile(r"CLOSE:(.{0,64})", re.DOTALL | re.IGNORECASE)
# A courier is named by its code in outcomes; the words follow the station's language.
_COURIER_IN_WORDS = (("courier", COURIER_WORDS),)
REMOVE_REASONS = ("damaged", "wrong_parcel", "courier_refused", "other")


@dataclass(frozen=True)
class HandoverView:
    """The dock as the screen shows it: the manifest parcels go to, its parcels (last first,
    removed ones left out), the dock's other open manifests, what waits per courier."""

    manifest: Manifest | None = None
    parcels: tuple[Parcel, ...] = ()
    count: int = 0  # parcels on the manifest (the list shows the last RECENT)
    open_here: tuple[Manifest, ...] = ()
    waiting: tuple[tuple[str, int], ...] = ()  # (courier, verified parcels on no manifest)
    closed: Manifest | None = None  # the manifest this step closed: its list is printed


def _new_id() -> str:
    return uuid.uuid4().hex


class HandoverDesk:
    def __init__(
        self,
        station_id: str,
        dock_location: str,
        clock: Clock,
        config: ResolverConfig | None = None,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self.station_id = station_id
        self.dock_location = dock_location
        self._clock = clock
        self._config = config or ResolverConfig()
        self._new_id = new_id

    # --- reads ---------------------------------------------------------------------
    def view(self, uow: UnitOfWork, closed: Manifest | None = None) -> HandoverView:
        repo = uow.handovers
        open_here = tuple(repo.open_at_dock(self.station_id))
        current = open_here[0] if open_here else None
        parcels: tuple[Parcel, ...] = ()
        count = 0
        if current is not None:
            parcels = tuple(repo.recent(current.manifest_id, RECENT))
            count = repo.live_count(current.manifest_id)
        # One line per courier, however its orders spelt it (顺丰 from one shop, SF from another).
        merged: dict[str, int] = {}
        for courier, waiting_count in repo.waiting_by_courier():
            code = courier_code(courier)
            merged[code] = merged.get(code, 0) + waiting_count
        waiting = tuple(sorted(merged.items()))
        return HandoverView(current, parcels, count, open_here, waiting, closed)

    # --- the scan handler ----------------------------------------------------------
    def handle_scan(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        body = command_body(scan.text, scan.source, self._config.command_prefix)
        if body is not None:
            return self._command(uow, body, scan)
        return self._parcel(uow, scan.text.strip(), scan)

    def _command(self, uow: UnitOfWork, body: str, scan: Scan) -> Outcome:
        # The body comes upper-cased; names (a courier, who collected) keep their spelling.
        raw = scan.text.strip(" ")[-len(body) :] if body else ""
        if (courier := _COURIER.fullmatch(raw)) is not None:
            # 顺丰, 顺丰速运 and SF are one courier: the manifest is kept under its code.
            return self._choose(uow, courier_code(courier.group(1)), scan)
        if body == "UNDO":
            return self._undo(uow, scan)
        if (remove := _REMOVE.fullmatch(raw)) is not None:
            return self._remove(uow, remove.group(1), remove.group(2).lower(), scan)
        if (close := _CLOSE.fullmatch(raw)) is not None:
            return self._close(uow, close.group(1).strip(), scan)
        if scan.source == KEY_SOURCE:
            raise ParcelUnknown(code=body)
        return self._parcel(uow, scan.text.strip(), scan)

    def _current(self, uow: UnitOfWork) -> Manifest:
        open_here = uow.handovers.open_at_dock(self.station_id)
        if not open_here:
            raise NoManifestOpen()
        return open_here[0]

    def _outcome(
        self, uow: UnitOfWork, msgid: str, sound: SoundClass = SoundClass.OK, **params: object
    ) -> Outcome:
        return replace(
            Outcome.accepted(msgid, sound, **params),
            view=self.view(uow),
            translated_params=_COURIER_IN_WORDS,
        )

    def _choose(self, uow: UnitOfWork, courier: str, scan: Scan) -> Outcome:
        repo, now = uow.handovers, self._clock.now()
        open_here = repo.open_at_dock(self.station_id)
        latest = open_here[0].selected_at if open_here else None
        if latest is not None and now <= latest:
            # The dock's parcels go to the manifest chosen last: a clock that did not move
            # (or went back) must still put this choice after the one before.
            now = latest + timedelta(microseconds=1)
        found = next((m for m in open_here if same_courier(m.courier, courier)), None)
        if found is not None:
            repo.select(found.manifest_id, now)
            return self._outcome(
                uow, "handover.chosen", manifest=found.manifest_id, courier=courier
            )
        # Read aloud and written on paper: the day, the dock, and the day's count there.
        prefix = f"HM{now.astimezone():%y%m%d}-{self.station_id}-"
        manifest = Manifest(
            manifest_id=f"{prefix}{repo.count_with_prefix(prefix) + 1:02d}",
            courier=courier,
            dock=self.station_id,
            opened_by=scan.operator,
            opened_at=now,
            selected_at=now,
        )
        repo.add(manifest)
        self._audit(uow, scan, "handover_opened", manifest.manifest_id, courier)
        return self._outcome(uow, "handover.opened", manifest=manifest.manifest_id, courier=courier)

    @staticmethod
    def _courier_badge(uow: UnitOfWork, code: str) -> Operator | None:
        """A courier's badge: an operator whose one role is courier."""
        operator = uow.operators.get(code) if code else None
        if operator is None or not operator.active or operator.locked:
            return None
        return operator if operator.roles == {Role.COURIER} else None

    def _facts(self, uow: UnitOfWork, code: str) -> tuple[Order, ParcelFacts]:
        order = uow.orders.find_by_code(code) if code else None
        if order is None:
            raise ParcelUnknown(code=code)
        facts = ParcelFacts(
            order.order_no, order.status, order.courier, order.waybill, order.version,
            order.archived_at,
        )  # fmt: skip
        return order, facts

    def _parcel(self, uow: UnitOfWork, code: str, scan: Scan) -> Outcome:
        manifest = self._current(uow)
        try:
            order, facts = self._facts(uow, code)
        except ParcelUnknown:
            # No parcel: perhaps who collects, by a badge the warehouse gave the courier's
            # driver (looked up only then, never on a parcel's scan). The screen asks once
            # more (F11) before the manifest closes with that name.
            collector = self._courier_badge(uow, code)
            if collector is None:
                raise
            return self._outcome(
                uow, "handover.collector_badge", SoundClass.NEEDS_INPUT,
                name=collector.name, badge=collector.badge, manifest=manifest.manifest_id,
            )  # fmt: skip
        repo = uow.handovers
        try:
            check_parcel(facts, manifest, repo.parcel_of(order.order_no))
        except Intercepted as stop:
            # Recorded, not rolled back: customer service must hear of a parcel stopped at
            # the dock, and the scan's own record says what the dock worker was told.
            self._audit(uow, scan, "handover_intercepted", order.order_no, facts.status.value)
            return replace(Outcome.recorded(stop, SoundClass.ALARM), view=self.view(uow))
        seq = repo.next_seq(manifest.manifest_id)
        parcel = Parcel(
            manifest_id=manifest.manifest_id,
            order_no=order.order_no,
            waybill=order.waybill,
            scanned_by=scan.operator,
            station_id=self.station_id,
            scanned_at=self._clock.now(),
            seq=seq,
        )
        try:
            repo.add_parcel(parcel)
        except ConcurrentChange:
            # Another dock scanned it at this very moment and the database let it in first.
            held = repo.parcel_of(order.order_no)
            if held is None:
                raise
            raise ParcelOnManifest(
                order=order.order_no,
                manifest=held.manifest_id,
                at=day_and_time(held.scanned_at),
                by=held.scanned_by,
                station=held.station_id,
            ) from None
        view = self.view(uow)  # its count is the manifest's, this parcel on it
        outcome = Outcome.accepted(
            "handover.added", order=order.order_no, courier=manifest.courier, count=view.count
        )
        return replace(outcome, view=view, translated_params=_COURIER_IN_WORDS)

    def _undo(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        manifest = self._current(uow)
        recent = uow.handovers.recent(manifest.manifest_id, RECENT)
        mine = [p for p in recent if p.station_id == self.station_id]
        if not mine:
            raise NothingToUndo()
        return self._take_off(uow, manifest, mine[0].order_no, "undo", scan)

    def _remove(self, uow: UnitOfWork, order_no: str, reason: str, scan: Scan) -> Outcome:
        manifest = self._current(uow)
        return self._take_off(uow, manifest, order_no, reason, scan)

    def _take_off(
        self, uow: UnitOfWork, manifest: Manifest, order_no: str, reason: str, scan: Scan
    ) -> Outcome:
        on = uow.handovers.parcel_of(order_no)
        if on is None or on.manifest_id != manifest.manifest_id:
            raise ParcelNotOnManifest(order=order_no, manifest=manifest.manifest_id)
        uow.handovers.remove_parcel(
            manifest.manifest_id, order_no, reason, scan.operator, self._clock.now()
        )
        self._audit(uow, scan, "handover_removed", order_no, f"{manifest.manifest_id}: {reason}")
        return self._outcome(uow, "handover.removed", SoundClass.WARNING, order=order_no)

    def _close(self, uow: UnitOfWork, collector: str, scan: Scan) -> Outcome:
        manifest = self._current(uow)
        if manifest.status is not ManifestStatus.OPEN:
            raise ManifestClosed(manifest=manifest.manifest_id)
        if not collector:
            raise CollectorNeeded()
        live = [p for p in uow.handovers.parcels(manifest.manifest_id) if not p.removed]
        if not live:
            raise EmptyManifest(manifest=manifest.manifest_id)
        shipped: list[Shipped] = []
        seen = {}
        orders = uow.orders.get_many(p.order_no for p in live)
        for parcel in live:
            order = orders.get(parcel.order_no)
            if order is None:
                raise UnknownOrder(order=parcel.order_no)
            if order.status in INTERCEPTED:
                # Cancelled or held after it was scanned: it must come off, never ship.
                raise InterceptedOnManifest(order=order.order_no, status=order.status.value)
            facts = ParcelFacts(
                order.order_no, order.status, order.courier, order.waybill, order.version
            )
            seen[order.order_no] = (order.status, order.version)
            shipped.append(Shipped(facts, order.lines))
        now = self._clock.now()
        effects = close_effects(manifest, shipped, self.dock_location, self._new_id)
        actor = Actor(scan.operator, self.station_id, now, scan.scan_id)
        apply_effects(uow, self._clock, effects, actor, seen=seen)
        closed = replace(
            manifest,
            status=ManifestStatus.CLOSED,
            closed_by=scan.operator,
            closed_at=now,
            collected_by=collector,
            parcels=len(live),
        )
        uow.handovers.close(closed)
        outcome = Outcome.accepted(
            "handover.closed", manifest=manifest.manifest_id, count=len(live), courier=collector
        )
        return replace(outcome, view=self.view(uow, closed=closed))

    def _audit(self, uow: UnitOfWork, scan: Scan, action: str, subject: str, detail: str) -> None:
        actor = Actor(scan.operator, self.station_id, self._clock.now(), scan.scan_id)
        apply_effects(uow, self._clock, [Audit(action, subject, detail)], actor)

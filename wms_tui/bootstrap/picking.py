"""Picking's wiring: the core's PickList to the PDF renderer in devices/, and the CLI commands
`wms waves` (build, cancel, takeover) and `wms picklist WAVE [--out FILE.pdf]` (their argparse
lines are the lead's).

Only bootstrap modules import both the application and devices: the UI is handed
`render_pick_list_pdf` as a plain callable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from devices.picklist_pdf import PickListDocument, SlotLine, StopLine, pick_list_pdf
from wms_tui.bootstrap.guard import say
from wms_tui.bootstrap.station import load, open_database
from wms_tui.core.clock import SystemClock
from wms_tui.core.picking.picklist import PickList, render_text
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES, WaveStatus
from wms_tui.core.picking.service import cancel_wave, load_pick_list, picking_uow, release_waves
from wms_tui.core.picking.takeover import take_over_wave
from wms_tui.core.picking.waves import GroupBy, WaveLimits, slot_code
from wms_tui.core.ports import UnitOfWorkFactory
from wms_tui.i18n import _, current_language


def pick_list_document(pick_list: PickList) -> PickListDocument:
    """Plain data for devices/picklist_pdf.py, every text in the current language."""
    kind = _("pick.kind." + pick_list.kind.value)
    stops = tuple(
        StopLine(
            seq=stop.seq,
            location=stop.location,
            sku_code=stop.sku_code,
            name=stop.name,
            spec=stop.spec,
            qty=stop.qty,
            barcode=stop.barcode,
            puts="  ".join(
                _("pick.list.put", slot=slot_code(line.slot), qty=line.qty) for line in stop.lines
            ),
        )
        for stop in pick_list.stops
    )
    slots = tuple(
        SlotLine(
            code=slot_code(entry.slot),
            caption=" · ".join(p for p in (entry.order_no, entry.platform_order_no) if p),
            detail=" · ".join(
                p
                for p in (
                    entry.shop,
                    entry.courier,
                    _("pick.list.items", items=entry.items),
                    _("pick.list.remarks") if entry.has_remarks else "",
                )
                if p
            ),
        )
        for entry in pick_list.slots
    )
    return PickListDocument(
        wave_no=pick_list.wave_no,
        title=_(
            "pick.list.title",
            wave=pick_list.wave_no,
            kind=kind,
            orders=pick_list.order_count,
            items=pick_list.item_count,
        ),
        columns=(
            _("pick.list.col.seq"),
            _("pick.list.col.location"),
            _("pick.list.col.sku"),
            _("pick.list.col.qty"),
        ),
        stops=stops,
        slot_title=_("pick.list.slots"),
        slots=slots,
    )


def render_pick_list_pdf(pick_list: PickList) -> bytes:
    return pick_list_pdf(pick_list_document(pick_list))


def write_pick_lists(
    uow_factory: UnitOfWorkFactory, wave_nos: Iterable[str], directory: Path
) -> list[Path]:
    """One PDF per wave, `<wave_no>.pdf`; the database is read once, in one short unit."""
    with uow_factory() as uow:
        lists = [load_pick_list(uow, wave_no, current_language()) for wave_no in wave_nos]
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for pick_list in lists:
        path = directory / f"{pick_list.wave_no}.pdf"
        path.write_bytes(render_pick_list_pdf(pick_list))
        written.append(path)
    return written


# --- commands ------------------------------------------------------------------------


def cmd_waves(args: argparse.Namespace) -> int:
    """`wms waves [--all]`: the open waves (or every wave) with their progress and holder."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    statuses = set(WaveStatus) if getattr(args, "all", False) else set(OPEN_WAVE_STATUSES)
    try:
        with uow_factory() as uow:
            waves = picking_uow(uow).waves.by_status(statuses)
        say(_("pick.cli.waves_header"))
        for wave in waves:
            say(
                _(
                    "pick.cli.wave_row",
                    wave=wave.wave_no,
                    kind=_("pick.kind." + wave.kind.value),
                    status=_("pick.status." + wave.status.value),
                    orders=len(wave.orders),
                    items=wave.item_count,
                    priority=wave.priority,
                    station=wave.lease_station or "-",
                )
            )
        say(_("pick.cli.waves_count", count=len(waves)))
    finally:
        uow_factory.dispose()
    return 0


def cmd_picklist(args: argparse.Namespace) -> int:
    """`wms picklist WAVE [--out FILE.pdf]`: the PDF to a file, or plain text to stdout."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        with uow_factory() as uow:
            pick_list = load_pick_list(uow, args.wave, current_language())
    finally:
        uow_factory.dispose()
    out: Path | None = getattr(args, "out", None)
    if out is None:
        sys.stdout.write(render_text(pick_list))
        return 0
    out.write_bytes(render_pick_list_pdf(pick_list))
    say(_("pick.cli.written", path=str(out), stops=len(pick_list.stops)))
    return 0


def cmd_waves_build(args: argparse.Namespace) -> int:
    """`wms waves build`: waves from every confirmed order; lists the orders left short."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    limits = WaveLimits(
        max_orders=args.max_orders, max_items=args.max_items, group_by=GroupBy(args.group_by)
    )
    try:
        with uow_factory() as uow:
            plan = release_waves(
                uow, SystemClock(), limits=limits, operator=args.by, station_id=settings.station_id
            )
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("pick.cli.built", waves=len(plan.waves), orders=plan.order_count))
    for wave in plan.waves:
        say(f"  {wave.wave_no}  {len(wave.orders)}")
    for left in plan.not_allocated:
        reasons = "; ".join(shortage.message() for shortage in left.shortages)
        say(_("pick.cli.not_allocated", order=left.order_no, reasons=reasons))
    return 0


def cmd_waves_cancel(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        with uow_factory() as uow:
            cancel_wave(
                uow, SystemClock(), wave_no=args.wave, operator=args.by,
                station_id=settings.station_id,
            )  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("pick.cli.cancelled", wave=args.wave))
    return 0


def cmd_waves_takeover(args: argparse.Namespace) -> int:
    """`wms waves takeover WAVE --by SUP [--to-station ST --to-operator BADGE]`: a half-picked
    wave left at one station goes to another picker, or is set free for anyone to scan."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        with uow_factory() as uow:
            done = take_over_wave(
                uow, SystemClock(), wave_no=args.wave, supervisor=args.by,
                station_id=settings.station_id, to_station=args.to_station,
                to_operator=args.to_operator,
            )  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    held = f"{done.from_station} {done.from_name}" if done.from_station else "-"
    if done.to_station:
        say(_("pick.cli.taken_over", wave=done.wave_no, held=held, station=done.to_station,
               operator=done.to_operator))  # fmt: skip
    else:
        say(_("pick.cli.set_free", wave=done.wave_no, held=held))
    return 0

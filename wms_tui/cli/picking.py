"""`wms waves` (list, build, cancel, takeover) and `wms picklist WAVE [--out FILE.pdf]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.bootstrap.picking import render_pick_list_pdf
from wms_tui.cli.identity import verified
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Role
from wms_tui.core.picking.picklist import render_text
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES, WaveStatus
from wms_tui.core.picking.service import cancel_wave, load_pick_list, release_waves
from wms_tui.core.picking.takeover import take_over_wave
from wms_tui.core.picking.waves import GroupBy, WaveLimits
from wms_tui.i18n import _, current_language


def cmd_waves(args: argparse.Namespace) -> int:
    """`wms waves [--all]`: the open waves (or every wave) with their progress and holder."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    statuses = set(WaveStatus) if getattr(args, "all", False) else set(OPEN_WAVE_STATUSES)
    try:
        with uow_factory() as uow:
            waves = uow.waves.by_status(statuses)
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
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory() as uow:
            plan = release_waves(
                uow, SystemClock(), limits=limits, operator=supervisor.badge,
                station_id=settings.station_id,
            )  # fmt: skip
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
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory() as uow:
            cancel_wave(
                uow, SystemClock(), wave_no=args.wave, operator=supervisor.badge,
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
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory() as uow:
            done = take_over_wave(
                uow, SystemClock(), wave_no=args.wave, supervisor=supervisor.badge,
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

"""Handover from the command line: what waits at the dock, the manifests, a handover list
printed again, and the shops' shipping confirmation (发货) file.

    wms handover pending
    wms handover manifests [--date YYYY-MM-DD]
    wms handover print MANIFEST [--out FILE]
    wms handover export --date YYYY-MM-DD [--csv FILE] [--xlsx FILE]

These only read: a parcel goes on a manifest at a dock station, with a verified badge.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.bootstrap.handover import render_handover_list
from wms_tui.cli.days import local_day
from wms_tui.cli.sheets import workbook
from wms_tui.core.exports import to_csv
from wms_tui.core.handover.records import DockParcel
from wms_tui.core.handover.rules import INTERCEPTED
from wms_tui.core.handover.sheet import load_sheet
from wms_tui.core.text import printable
from wms_tui.i18n import _

EXPORT_COLUMNS = (
    "handover.col.order",
    "handover.col.platform_order",
    "handover.col.shop",
    "handover.col.courier",
    "handover.col.waybill",
    "handover.col.handed_over_at",
)


def export_rows(parcels: list[DockParcel]) -> list[tuple[object, ...]]:
    return [
        (
            p.order_no, p.platform_order_no, p.shop, p.courier, p.waybill,
            p.handed_over_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            if p.handed_over_at else "",
        )
        for p in parcels
    ]  # fmt: skip


def export_xlsx(rows: list[tuple[object, ...]]) -> bytes:
    header = [_(column) for column in EXPORT_COLUMNS]
    return workbook([(_("handover.export.sheet"), header, rows)])


def cmd_handover(args: argparse.Namespace) -> int:
    uow_factory = open_database(load(args.config))
    try:
        with uow_factory() as uow:
            if args.handover_command == "pending":
                return _pending(uow.handovers.at_dock())
            if args.handover_command == "print":
                sheet = load_sheet(uow, args.manifest)
                out = args.out or Path(f"{sheet.manifest.manifest_id}.pdf")
                out.write_bytes(render_handover_list(sheet))
                say(_("handover.cli.printed", path=str(out), count=len(sheet.parcels)))
                return 0
            start, end = local_day(args.date or date.today().isoformat())
            parcels = uow.handovers.handed_over(start, end)
    finally:
        uow_factory.dispose()
    if args.handover_command == "manifests":
        return _manifests(parcels)
    rows = export_rows(parcels)
    if args.csv is None and args.xlsx is None:
        sys.stdout.write(to_csv([_(c) for c in EXPORT_COLUMNS], rows))
        return 0
    if args.csv is not None:
        # With a BOM: Excel opens UTF-8 (Chinese shop names) right only then.
        args.csv.write_text(to_csv([_(c) for c in EXPORT_COLUMNS], rows), encoding="utf-8-sig",
                            newline="")  # fmt: skip
    if args.xlsx is not None:
        args.xlsx.write_bytes(export_xlsx(rows))
    say(_("handover.cli.exported", count=len(rows)))
    return 0


def _pending(parcels: list[DockParcel]) -> int:
    waiting = [p for p in parcels if p.status not in INTERCEPTED]
    stopped = [p for p in parcels if p.status in INTERCEPTED]
    say(_("handover.cli.pending_header", count=len(waiting)))
    courier = None
    for p in waiting:
        if p.courier != courier:
            courier = p.courier
            say("  " + printable(courier or "-", 32))
        where = _("handover.cli.on", manifest=p.manifest_id) if p.manifest_id else ""
        say(f"    {p.order_no:<14} {printable(p.waybill, 24):<24} {where}")
    say(_("handover.cli.intercepted_header", count=len(stopped)))
    for p in stopped:
        status = _("order.status." + p.status.value)
        say(f"  {p.order_no:<14} {printable(p.waybill, 24):<24} {status}")
    return 0


def _manifests(parcels: list[DockParcel]) -> int:
    counts: dict[str, int] = {}
    couriers: dict[str, str] = {}
    for p in parcels:
        counts[p.manifest_id] = counts.get(p.manifest_id, 0) + 1
        couriers[p.manifest_id] = p.courier
    for manifest, count in counts.items():
        say(_("handover.cli.manifest_row", manifest=manifest, courier=couriers[manifest],
              count=count))  # fmt: skip
    say(_("handover.cli.manifests_count", count=len(counts)))
    return 0


def add_handover_parser(subparsers: Any) -> argparse.ArgumentParser:
    """`wms handover pending|manifests|print|export`."""
    handover: argparse.ArgumentParser = subparsers.add_parser(
        "handover", help=_("handover.cli.handover"), description=_("handover.cli.handover")
    )
    actions = handover.add_subparsers(dest="handover_command", required=True, metavar="ACTION")
    actions.add_parser(
        "pending", help=_("handover.cli.pending"), description=_("handover.cli.pending")
    )
    manifests = actions.add_parser(
        "manifests", help=_("handover.cli.manifests"), description=_("handover.cli.manifests")
    )
    manifests.add_argument("--date", help=_("handover.cli.opt.date"))
    printing = actions.add_parser(
        "print", help=_("handover.cli.print"), description=_("handover.cli.print")
    )
    printing.add_argument("manifest", metavar="MANIFEST", help=_("handover.cli.opt.manifest"))
    printing.add_argument("--out", type=Path, help=_("handover.cli.opt.out"))
    export = actions.add_parser(
        "export", help=_("handover.cli.export"), description=_("handover.cli.export")
    )
    export.add_argument("--date", required=True, help=_("handover.cli.opt.date"))
    export.add_argument("--csv", type=Path, help=_("handover.cli.opt.csv"))
    export.add_argument("--xlsx", type=Path, help=_("handover.cli.opt.xlsx"))
    return handover

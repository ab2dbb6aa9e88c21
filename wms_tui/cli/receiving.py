"""Receiving (收货) from the command line:

    wms receiving list --by BADGE
    wms receiving close-po PO --by BADGE [--yes]
    wms receiving to-vendor [--supplier NAME] [--pdf FILE] --by BADGE
    wms receiving send-to-vendor SUPPLIER --by BADGE [--yes]

The open purchase orders with what is still in transit are the receiver's to read; closing
a PO received in part, and booking failed units back to their supplier when they collect
them (退供应商 / 返厂), are a supervisor's. The return-to-vendor list prints as a PDF for
the supplier to sign. What cannot be undone says what it will do and asks once more unless
--yes.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.identity import add_acting_options, asked_once_more, read_verified, verified
from wms_tui.config import Settings
from wms_tui.core.clock import SystemClock, day_and_time
from wms_tui.core.model import Role
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.acts import OpenPo, close_po, open_pos, po_to_close, send_to_vendor
from wms_tui.core.receiving.records import NothingToVendor, ToVendor
from wms_tui.core.text import printable
from wms_tui.i18n import _


def cmd_receiving(args: argparse.Namespace) -> int:
    command = args.receiving_command
    if command == "list":
        return _list(args)
    if command == "close-po":
        return _close(args)
    if command == "to-vendor":
        return _to_vendor(args)
    return _send(args)


def _list(args: argparse.Namespace) -> int:
    found: list[OpenPo] = read_verified(args, Role.RECEIVER, lambda _s, uow: open_pos(uow))
    for item in found:
        po = item.po
        say(_("receiving.cli.row", po=po.po_no, supplier=printable(po.supplier, 40),
              note=printable(po.delivery_note or "-", 30),
              expected=po.expected.isoformat() if po.expected else "-", ordered=item.ordered,
              received=item.received, transit=item.in_transit))  # fmt: skip
    say(_("receiving.cli.count", count=len(found)))
    return 0


def _close(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory.for_reading()() as uow:
            found = po_to_close(uow, args.po)
        question = _("receiving.cli.close_ask", po=found.po.po_no, received=found.received,
                     ordered=found.ordered, transit=found.in_transit)  # fmt: skip
        if not args.yes and not asked_once_more(question):
            say(_("order.act.not_done"))
            return 1
        with uow_factory() as uow:
            done = close_po(uow, SystemClock(), found.po.po_no, by=supervisor,
                            station_id=settings.station_id)  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("receiving.cli.closed", po=done.po.po_no, received=done.received, ordered=done.ordered))
    return 0


def _vendor_line(unit: ToVendor) -> str:
    return _("receiving.cli.vendor_row", supplier=printable(unit.supplier, 40),
             receipt=unit.receipt_id, sku=unit.sku_code, qty=unit.qty,
             reason=_("receiving.reason." + unit.reason), note=printable(unit.note or "-", 60),
             lot=printable(unit.lot or "-", 20))  # fmt: skip


def _to_vendor(args: argparse.Namespace) -> int:
    def read(_settings: Settings, uow: UnitOfWork) -> list[ToVendor]:
        return uow.receiving.to_vendor(args.supplier)

    units = read_verified(args, Role.RECEIVER, read)
    for unit in units:
        say(_vendor_line(unit))
    say(_("receiving.cli.vendor_count", count=sum(u.qty for u in units)))
    if args.pdf is not None:
        if not units:
            raise NothingToVendor(supplier=args.supplier or "-")
        args.pdf.write_bytes(vendor_list_pdf(units, args.supplier or ""))
        say(_("receiving.cli.pdf_written", file=str(args.pdf)))
    return 0


def vendor_list_pdf(units: list[ToVendor], supplier: str) -> bytes:
    """The return-to-vendor list (退供应商单) to hand over and have signed, drawn by the
    handover list's renderer: the same signed list of coded lines."""
    from devices.handover_pdf import ManifestDocument, ManifestLine, handover_list_pdf

    total = sum(u.qty for u in units)
    document = ManifestDocument(
        manifest_id=supplier or "RTV",
        title=_("receiving.list.title", supplier=supplier or _("receiving.list.all"), count=total),
        facts=(_("receiving.list.when", at=day_and_time(SystemClock().now())),),
        columns=(_("receiving.list.col.seq"), _("receiving.list.col.sku"),
                 _("receiving.list.col.what")),
        lines=tuple(
            ManifestLine(n, u.sku_code,
                         f"×{u.qty} {_('receiving.reason.' + u.reason)} {u.note}".strip(),
                         f"{u.receipt_id} {u.lot}".strip())
            for n, u in enumerate(units, start=1)
        ),
        signature=_("receiving.list.signature"),
    )  # fmt: skip
    return handover_list_pdf(document)


def _send(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    supplier = args.supplier.strip()
    try:
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory.for_reading()() as uow:
            units = uow.receiving.to_vendor(supplier)
        if not units:
            raise NothingToVendor(supplier=printable(supplier, 40))
        quarantine = settings.inspection.quarantine_location
        question = _("receiving.cli.send_ask", supplier=printable(supplier, 40),
                     count=sum(u.qty for u in units), quarantine=quarantine)  # fmt: skip
        if not args.yes and not asked_once_more(question):
            say(_("order.act.not_done"))
            return 1
        with uow_factory() as uow:
            ref, sent = send_to_vendor(uow, SystemClock(), supplier, quarantine, by=supervisor,
                                       station_id=settings.station_id,
                                       new_id=lambda: uuid.uuid4().hex)  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("receiving.cli.sent", ref=ref, supplier=printable(supplier, 40),
          count=sum(u.qty for u in sent)))  # fmt: skip
    return 0


def add_receiving_parser(subparsers: Any) -> argparse.ArgumentParser:
    """`wms receiving list|close-po|to-vendor|send-to-vendor`."""
    receiving: argparse.ArgumentParser = subparsers.add_parser(
        "receiving", help=_("receiving.cli.receiving"), description=_("receiving.cli.receiving")
    )
    actions = receiving.add_subparsers(dest="receiving_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help=_("receiving.cli.list"),
                                 description=_("receiving.cli.list"))  # fmt: skip
    add_acting_options(listing)
    close = actions.add_parser("close-po", help=_("receiving.cli.close"),
                               description=_("receiving.cli.close"))  # fmt: skip
    close.add_argument("po", metavar="PO", help=_("receiving.cli.opt.po"))
    vendor = actions.add_parser("to-vendor", help=_("receiving.cli.to_vendor"),
                                description=_("receiving.cli.to_vendor"))  # fmt: skip
    vendor.add_argument("--supplier", help=_("receiving.cli.opt.supplier"))
    vendor.add_argument("--pdf", type=Path, help=_("receiving.cli.opt.pdf"))
    add_acting_options(vendor)
    send = actions.add_parser("send-to-vendor", help=_("receiving.cli.send"),
                              description=_("receiving.cli.send"))  # fmt: skip
    send.add_argument("supplier", metavar="SUPPLIER", help=_("receiving.cli.opt.supplier"))
    for acting in (close, send):
        add_acting_options(acting)
        acting.add_argument("--yes", action="store_true", help=_("order.cli.opt.yes"))
    return receiving

"""Parcel labels from the command line: the label an order got when it passed, again.

    wms labels parcel ORDER [ORDER ...] [--out DIR] [--format pdf|zpl] [--dpi 203|300]

ORDER is what the desk takes: order number, platform order number or waybill. Without --out
the labels go to the station's printer ([printer] in config.toml), as at the desk; with it,
each is written there as a file. Printing only reads: an order that has not passed (or was
stopped after it passed) gets no label, and is named with its status.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from devices import DeviceError
from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.devices import make_printer
from wms_tui.bootstrap.guard import file_errors, say, write_file
from wms_tui.bootstrap.inspection import label_renderer
from wms_tui.config import LABEL_DPIS, LABEL_FORMATS
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import WmsError
from wms_tui.i18n import _


def cmd_labels(args: argparse.Namespace) -> int:
    settings = load(args.config)
    fmt = args.format or settings.printer.parcel_label
    fmt = "pdf" if fmt == "off" else fmt  # asked for by name: labels being off is for the desk
    render = label_renderer(fmt, args.dpi or settings.printer.label_dpi, settings.station_id,
                            SystemClock())  # fmt: skip
    printer = None if args.out is not None else make_printer(settings)
    if args.out is None and printer is None:
        say(_("inspect.label.printing_off"))
        return 2
    uow_factory = open_database(settings)
    reads = uow_factory.for_reading()  # printing only reads: never the write lock
    failed = 0
    try:
        for code in args.orders:
            try:
                with reads() as uow:
                    name, data = render(uow, code)
            except WmsError as error:
                # One order that cannot print does not stop the others.
                say(_("cli.error", code=error.code, message=error.message()))
                failed += 1
                continue
            if args.out is not None:
                with file_errors(args.out):
                    args.out.mkdir(parents=True, exist_ok=True)
                target = str(args.out / name)
                write_file(Path(target), data)
            else:
                assert printer is not None
                try:
                    target = printer.print_pdf(name, data)
                except DeviceError as error:
                    say(_("inspect.cli.print_failed", order=code, detail=error.detail))
                    failed += 1
                    continue
            say(_("inspect.label.printed", order=code, target=target))
    finally:
        uow_factory.dispose()
    return 2 if failed else 0


def add_labels_parser(subparsers: Any) -> argparse.ArgumentParser:
    labels: argparse.ArgumentParser = subparsers.add_parser("labels", help=_("inspect.cli.labels"))
    kinds = labels.add_subparsers(dest="labels_command", required=True, metavar="KIND")
    parcel = kinds.add_parser("parcel", help=_("inspect.cli.parcel"))
    parcel.add_argument("orders", nargs="+", metavar="ORDER", help=_("inspect.cli.opt.order"))
    parcel.add_argument("--out", type=Path, metavar="DIR", help=_("inspect.cli.opt.out"))
    parcel.add_argument("--format", choices=[f for f in LABEL_FORMATS if f != "off"],
                        help=_("inspect.cli.opt.format"))  # fmt: skip
    parcel.add_argument("--dpi", type=int, choices=LABEL_DPIS, help=_("inspect.cli.opt.dpi"))
    return labels

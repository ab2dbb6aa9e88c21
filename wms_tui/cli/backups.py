"""`wms backup [--to DIR]` and `wms restore FILE [--yes]`."""

from __future__ import annotations

import argparse
import sys

from wms_tui.bootstrap.backup import describe, restore, take_backup
from wms_tui.bootstrap.database import load
from wms_tui.bootstrap.guard import say
from wms_tui.core.errors import RestoreNotConfirmed
from wms_tui.i18n import _


def cmd_backup(args: argparse.Namespace) -> int:
    settings = load(args.config)
    done = take_backup(settings, args.to)
    say(_("boot.backup.done", path=str(done.path), mb=f"{done.size / 1e6:.1f}",
          seconds=f"{done.seconds:.1f}"))  # fmt: skip
    if done.check.holdings is not None:
        say("  " + describe(done.check.holdings))
    for path in done.removed:
        say(_("boot.backup.removed", path=str(path)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Shows where it goes and asks once more: a restore is not undone by another command."""
    settings = load(args.config)
    if not args.yes:
        question = _("boot.restore.ask", file=str(args.file), target=settings.database_label)
        if not sys.stdin.isatty():
            raise RestoreNotConfirmed()
        sys.stdout.write(question)
        sys.stdout.flush()
        if sys.stdin.readline().strip().lower() not in ("yes", "y", "是"):
            raise RestoreNotConfirmed()
    holdings = restore(settings, args.file)
    say(_("boot.restore.done", target=settings.database_label))
    say("  " + describe(holdings))
    return 0

"""The `wms` command. Help and messages speak the language of the config."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from wms_tui.cli import words as cli_words
from wms_tui.cli.counting import add_count_parser
from wms_tui.cli.handover import add_handover_parser
from wms_tui.cli.identity import add_acting_options
from wms_tui.cli.inspection import add_labels_parser
from wms_tui.cli.operators import add_operators_parser
from wms_tui.cli.order_desk import add_stock_parser
from wms_tui.cli.orders import add_orders_parser
from wms_tui.cli.problems import add_problems_parser
from wms_tui.cli.receiving import add_receiving_parser
from wms_tui.cli.reports import add_report_parser
from wms_tui.cli.returns import add_returns_parser
from wms_tui.core.errors import (
    ConcurrentChange,
    DatabaseBusy,
    DatabaseUnavailable,
    ImportRejected,
    StorageError,
    WmsError,
)
from wms_tui.i18n import _, set_language

DEFAULT_CONFIG = Path("config.toml")


def _language_from_argv(argv: Sequence[str]) -> None:
    """Read just the language from the config before building the parser's help texts."""
    config = DEFAULT_CONFIG
    for index, arg in enumerate(argv):
        if arg == "--config" and index + 1 < len(argv):
            config = Path(argv[index + 1])
        elif arg.startswith("--config="):
            config = Path(arg.split("=", 1)[1])
    try:
        import tomllib

        language = tomllib.loads(config.read_text(encoding="utf-8"))["station"]["language"]
        set_language(str(language))
    except Exception:
        # The real load reports config problems properly; help still works meanwhile.
        return


class WmsParser(argparse.ArgumentParser):
    """Every sub-command takes `--config` too (`wms run --config X` as well as `wms --config
    X run`): its default is SUPPRESS so a sub-command never overwrites a --config given
    before it, and the root's default comes from set_defaults. `wms X --help` opens with
    what X does, as `wms --help` lists it. argparse builds sub-parsers with this class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument(
            "--config", type=Path, default=argparse.SUPPRESS, help=_("cli.opt.config")
        )

    def add_subparsers(self, **kwargs: Any) -> Any:
        action = super().add_subparsers(**kwargs)
        add_parser = action.add_parser

        def add(name: str, **options: Any) -> argparse.ArgumentParser:
            options.setdefault("description", options.get("help"))
            return add_parser(name, **options)  # type: ignore[no-any-return]

        action.add_parser = add  # type: ignore[method-assign]
        return action


def build_parser() -> argparse.ArgumentParser:
    cli_words.install()
    parser = WmsParser(prog="wms", description=_("cli.description"))
    parser.set_defaults(config=DEFAULT_CONFIG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help=_("cli.demo"), description=_("cli.demo"))
    demo.add_argument("--no-start", action="store_true", help=_("cli.demo.no_start"))
    demo.add_argument("--sheet", type=Path, metavar="FILE.pdf", help=_("cli.demo.sheet"))
    demo.add_argument("--files", type=Path, metavar="DIR", help=_("cli.demo.files"))

    sub.add_parser("run", help=_("cli.run"), description=_("cli.run"))

    db = sub.add_parser("db", help=_("cli.db"), description=_("cli.db"))
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("init", help=_("cli.db.init"), description=_("cli.db.init"))
    db_sub.add_parser("upgrade", help=_("cli.db.upgrade"), description=_("cli.db.upgrade"))
    grant = db_sub.add_parser("grant", help=_("cli.db.grant"), description=_("cli.db.grant"))
    grant.add_argument("role", help=_("cli.db.grant.role"))

    imp = sub.add_parser(
        "import", help=_("cli.import"), description=_("cli.import"), epilog=_("cli.import.epilog")
    )
    imp.add_argument(
        "kind",
        choices=["skus", "locations", "stock", "orders", "purchase-orders"],
        help=_("cli.import.kind"),
    )
    imp.add_argument("file", type=Path, help=_("cli.import.file"))
    add_acting_options(imp)
    imp.add_argument("--encoding", metavar="NAME", help=_("cli.import.encoding"))
    imp.add_argument("--sheet", metavar="NAME", help=_("cli.import.sheet"))
    imp.add_argument(
        "--ignore-columns", metavar="A,B", default="", help=_("cli.import.ignore_columns")
    )

    sub.add_parser("check", help=_("cli.check"), description=_("cli.check"))

    backup = sub.add_parser("backup", help=_("cli.backup"))
    backup.add_argument("--to", type=Path, metavar="DIR", help=_("cli.backup.to"))
    restore = sub.add_parser("restore", help=_("cli.restore"))
    restore.add_argument("file", type=Path, help=_("cli.restore.file"))
    restore.add_argument("--yes", action="store_true", help=_("cli.restore.yes"))

    add_operators_parser(sub)

    waves = sub.add_parser("waves", help=_("cli.waves"), description=_("cli.waves"))
    waves.add_argument("--all", action="store_true", help=_("cli.waves.all"))
    waves_sub = waves.add_subparsers(dest="waves_command", metavar="ACTION")
    build = waves_sub.add_parser("build", help=_("cli.waves.build"))
    build.add_argument("--max-orders", type=int, default=40, help=_("cli.waves.max_orders"))
    build.add_argument("--max-items", type=int, default=200, help=_("cli.waves.max_items"))
    build.add_argument(
        "--group-by", choices=["none", "courier", "shop"], default="none",
        help=_("cli.waves.group_by"),
    )  # fmt: skip
    add_acting_options(build)
    cancel = waves_sub.add_parser("cancel", help=_("cli.waves.cancel"))
    cancel.add_argument("wave", help=_("cli.waves.wave"))
    add_acting_options(cancel)
    takeover = waves_sub.add_parser("takeover", help=_("pick.cli.takeover"))
    takeover.add_argument("wave", help=_("cli.waves.wave"))
    add_acting_options(takeover)
    takeover.add_argument("--to-station", default="", help=_("pick.cli.takeover.to_station"))
    takeover.add_argument("--to-operator", default="", help=_("pick.cli.takeover.to_operator"))
    picklist = sub.add_parser("picklist", help=_("cli.picklist"), description=_("cli.picklist"))
    picklist.add_argument("wave", help=_("cli.waves.wave"))
    picklist.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("cli.picklist.out"))

    add_count_parser(sub)
    add_handover_parser(sub)
    add_labels_parser(sub)
    add_orders_parser(sub)
    add_stock_parser(sub)
    add_problems_parser(sub)
    add_report_parser(sub)
    add_returns_parser(sub)
    add_receiving_parser(sub)

    scanners = sub.add_parser("scanners", help=_("cli.scanners"), description=_("cli.scanners"))
    scanners.add_argument("--test", action="store_true", help=_("cli.scanners.test"))
    return parser


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _storage_message(error: StorageError) -> str:
    """The core's wording promises a kept scan; a command has none, so it says what it did."""
    if isinstance(error, ConcurrentChange):
        return error.message()
    why = error.params.get("why", "-")
    if isinstance(error, DatabaseBusy):
        return _("cli.storage.busy", why=why)
    if isinstance(error, DatabaseUnavailable):
        return _("cli.storage.unavailable", why=why)
    return _("cli.storage.failed", why=why)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _language_from_argv(args_list)
    args = build_parser().parse_args(args_list)
    # Imported here so `wms --help` stays fast and works before anything is installed right.
    import wms_tui.cli.backups as backups
    import wms_tui.cli.counting as counting
    import wms_tui.cli.handover as handover
    import wms_tui.cli.inspection as inspection
    import wms_tui.cli.operators as operators_cmd
    import wms_tui.cli.order_desk as order_desk
    import wms_tui.cli.orders as orders_cmd
    import wms_tui.cli.picking as picking
    import wms_tui.cli.problems as problems_cmd
    import wms_tui.cli.receiving as receiving_cmd
    import wms_tui.cli.reports as reports_cmd
    import wms_tui.cli.returns as returns_cmd
    import wms_tui.cli.station as commands
    from wms_tui.bootstrap.guard import retried_command, translated

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "demo": commands.cmd_demo,
        "run": commands.cmd_run,
        "db": commands.cmd_db,
        "import": commands.cmd_import,
        "check": commands.cmd_check,
        "operators": operators_cmd.cmd_operators,
        "scanners": commands.cmd_scanners,
        "backup": backups.cmd_backup,
        "restore": backups.cmd_restore,
        # One unit of work each, reported after it committed: safe to retry whole.
        "waves": lambda a: {
            "build": retried_command(picking.cmd_waves_build),
            "cancel": retried_command(picking.cmd_waves_cancel),
            "takeover": retried_command(picking.cmd_waves_takeover),
        }.get(a.waves_command, picking.cmd_waves)(a),
        "picklist": picking.cmd_picklist,
        "count": counting.cmd_count,
        "handover": handover.cmd_handover,
        "labels": inspection.cmd_labels,
        "orders": orders_cmd.cmd_orders,
        "stock": order_desk.cmd_stock,
        "problems": problems_cmd.cmd_problems,
        "report": reports_cmd.cmd_report,
        "returns": returns_cmd.cmd_returns,
        "receiving": receiving_cmd.cmd_receiving,
    }
    try:
        return translated(handlers[args.command])(args)
    except ImportRejected as error:
        _err(error.message())
        for problem in error.params.get("problems", []):  # type: ignore[attr-defined]
            _err("  " + problem.message())
        return 2
    except StorageError as error:
        _err(_("cli.error", code=error.code, message=_storage_message(error)))
        return 2
    except WmsError as error:
        _err(_("cli.error", code=error.code, message=error.message()))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `wms ... | head`: the reader has gone; nothing left to say.
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

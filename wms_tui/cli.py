"""The `wms` command. Help and messages speak the language of the config."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wms_tui.bootstrap_counting import add_count_parser
from wms_tui.core.errors import ImportRejected, WmsError
from wms_tui.i18n import _, set_language

DEFAULT_CONFIG = Path("config.toml")

# argparse's own words, so `--help` is wholly in the configured language.
_ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "options": "cli.argparse.options",
    "positional arguments": "cli.argparse.positional",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
}


def _argparse_gettext(text: str) -> str:
    msgid = _ARGPARSE_WORDS.get(text)
    return _(msgid) if msgid else text


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


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(prog="wms", description=_("cli.description"))
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help=_("cli.opt.config"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help=_("cli.demo"), description=_("cli.demo"))
    demo.add_argument("--no-start", action="store_true", help=_("cli.demo.no_start"))
    demo.add_argument("--sheet", type=Path, metavar="FILE.pdf", help=_("cli.demo.sheet"))
    demo.add_argument("--files", type=Path, metavar="DIR", help=_("cli.demo.files"))

    sub.add_parser("run", help=_("cli.run"), description=_("cli.run"))

    db = sub.add_parser("db", help=_("cli.db"), description=_("cli.db"))
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help=_("cli.db.upgrade"), description=_("cli.db.upgrade"))

    imp = sub.add_parser("import", help=_("cli.import"), description=_("cli.import"))
    imp.add_argument("kind", choices=["skus", "locations", "stock", "orders"])
    imp.add_argument("file", type=Path, help=_("cli.import.file"))
    imp.add_argument("--by", default="cli", help=_("cli.opt.by"))

    sub.add_parser("check", help=_("cli.check"), description=_("cli.check"))

    ops = sub.add_parser("operators", help=_("cli.operators"), description=_("cli.operators"))
    ops_sub = ops.add_subparsers(dest="op_command", required=True, metavar="ACTION")
    ops_sub.add_parser("list", help=_("cli.operators.list"))
    add = ops_sub.add_parser("add", help=_("cli.operators.add"))
    add.add_argument("badge")
    add.add_argument("name")
    add.add_argument("--roles", required=True, help=_("cli.operators.roles"))
    add.add_argument("--pin", help=_("cli.operators.pin"))
    add.add_argument("--by", default="cli", help=_("cli.opt.by"))
    for action, help_id in (
        ("disable", "cli.operators.disable"),
        ("unlock", "cli.operators.unlock"),
    ):
        p = ops_sub.add_parser(action, help=_(help_id))
        p.add_argument("badge")
        p.add_argument("--by", default="cli", help=_("cli.opt.by"))
    set_pin = ops_sub.add_parser("set-pin", help=_("cli.operators.set_pin"))
    set_pin.add_argument("badge")
    set_pin.add_argument("--pin", help=_("cli.operators.pin_clear"))
    set_pin.add_argument("--by", default="cli", help=_("cli.opt.by"))

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
    build.add_argument("--by", required=True, help=_("cli.opt.by"))
    cancel = waves_sub.add_parser("cancel", help=_("cli.waves.cancel"))
    cancel.add_argument("wave")
    cancel.add_argument("--by", required=True, help=_("cli.opt.by"))
    picklist = sub.add_parser("picklist", help=_("cli.picklist"), description=_("cli.picklist"))
    picklist.add_argument("wave")
    picklist.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("cli.picklist.out"))

    add_count_parser(sub)

    scanners = sub.add_parser("scanners", help=_("cli.scanners"), description=_("cli.scanners"))
    scanners.add_argument("--test", action="store_true", help=_("cli.scanners.test"))
    return parser


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _language_from_argv(args_list)
    args = build_parser().parse_args(args_list)
    # Imported here so `wms --help` stays fast and works before anything is installed right.
    import wms_tui.bootstrap as bootstrap
    import wms_tui.bootstrap_counting as counting
    import wms_tui.bootstrap_picking as picking

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "demo": bootstrap.cmd_demo,
        "run": bootstrap.cmd_run,
        "db": bootstrap.cmd_db,
        "import": bootstrap.cmd_import,
        "check": bootstrap.cmd_check,
        "operators": bootstrap.cmd_operators,
        "scanners": bootstrap.cmd_scanners,
        "waves": lambda a: {
            "build": picking.cmd_waves_build,
            "cancel": picking.cmd_waves_cancel,
        }.get(a.waves_command, picking.cmd_waves)(a),
        "picklist": picking.cmd_picklist,
        "count": counting.cmd_count,
    }
    try:
        return handlers[args.command](args)
    except ImportRejected as error:
        _err(error.message())
        for problem in error.params.get("problems", []):  # type: ignore[attr-defined]
            _err("  " + problem.message())
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

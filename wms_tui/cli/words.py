"""argparse's own words, in the configured language.

argparse asks `gettext` for every phrase it prints (usage, errors, help headings); routing
its `_` and `ngettext` through the project's catalogs makes `--help` and every command-line
mistake speak the language of the config. Phrases only a programmer can trigger (a badly
built parser) stay English. A test compares this table with argparse's source.
"""

from __future__ import annotations

import argparse

from wms_tui.i18n import _

WORDS = {
    "usage: ": "cli.argparse.usage",
    "options": "cli.argparse.options",
    "positional arguments": "cli.argparse.positional",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "can't open '%(filename)s': %(error)s": "cli.argparse.cannot_open",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "one of the arguments %s is required": "cli.argparse.one_of_required",
    'argument "-" with mode %r': "cli.argparse.dash_mode",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "unexpected option string: %s": "cli.argparse.unexpected_option",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): (
        "cli.argparse.expected_n_one",
        "cli.argparse.expected_n",
    ),
}
# Raised only while building a parser, i.e. by our own code, never by what a user typed.
PROGRAMMER_ERRORS = frozenset(
    {
        ".__call__() not defined",
        "'required' is an invalid argument for positionals",
        "mutually exclusive arguments must be optional",
        "%r is not callable",
        "cannot merge actions - two groups are named %r",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "cannot have multiple subparser arguments",
        "conflicting subparser: %s",
        "conflicting subparser alias: %s",
        "conflicting option string: %s",
        "conflicting option strings: %s",
    }
)


def gettext(text: str) -> str:
    msgid = WORDS.get(text)
    return _(msgid) if msgid else text


def ngettext(singular: str, plural: str, n: int) -> str:
    msgids = PLURALS.get((singular, plural), (singular, plural))
    text = msgids[0] if n == 1 else msgids[1]
    return _(text) if (singular, plural) in PLURALS else text


def install() -> None:
    """argparse looks both names up in its module globals each time it speaks."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

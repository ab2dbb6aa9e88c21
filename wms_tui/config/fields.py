"""Reading one table of config.toml: typed values, checks that say what was expected, and
unknown keys caught, every mistake naming the file and the key."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from wms_tui.config.model import _STATION_ID, LABEL_DPIS
from wms_tui.core.errors import ConfigError
from wms_tui.core.text import printable, unsafe_chars
from wms_tui.i18n import _

T = TypeVar("T")


class _Reader:
    """Reads one table of the file and remembers which keys were used, to catch typos."""

    def __init__(self, file: Path, table: Mapping[str, Any], prefix: str) -> None:
        self.file, self.table, self.prefix = file, table, prefix
        self.used: set[str] = set()

    def error(self, key: str, why: str) -> ConfigError:
        return ConfigError(file=str(self.file), key=self.prefix + key, why=why)

    def get(
        self, key: str, kind: type[T], default: T, check: Callable[[T], str] | None = None
    ) -> T:
        self.used.add(key)
        if key not in self.table:
            return default
        return self._convert(key, kind, self.table[key], check)

    def require(self, key: str, kind: type[T], check: Callable[[T], str] | None = None) -> T:
        self.used.add(key)
        if key not in self.table:
            raise self.error(key, _("config.missing", expected=kind.__name__))
        return self._convert(key, kind, self.table[key], check)

    def _convert(
        self, key: str, kind: type[T], value: object, check: Callable[[T], str] | None
    ) -> T:
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            got = repr(value)
            raise self.error(key, _("config.expected_type", expected=kind.__name__, got=got))
        if check is not None and (problem := check(value)):
            raise self.error(key, problem)
        return value

    def finish(self) -> None:
        for key in self.table:
            if key not in self.used:
                raise self.error(key, _("config.unknown_key", known=", ".join(sorted(self.used))))


def _one_of(options: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        return "" if value in options else _("config.one_of", options=" | ".join(options))

    return check


def _dpi(value: int) -> str:
    return (
        "" if value in LABEL_DPIS else _("config.one_of", options=" | ".join(map(str, LABEL_DPIS)))
    )


def _shown(value: str) -> str:
    """A text the status line shows: no character that could drive the terminal."""
    bad = unsafe_chars(value)
    return _("config.control_chars", chars=" ".join(printable(ch) for ch in bad)) if bad else ""


def _positive(value: int) -> str:
    return "" if value > 0 else _("config.positive")


def _positive_ms(value: float) -> str:
    return "" if value > 0 else _("config.positive_number")


def _scan_length(value: int) -> str:
    # Long enough for every symbology the station reads (a GS1 DataMatrix with many AIs is a
    # few hundred characters), short enough that a paste cannot flood it.
    return "" if 64 <= value <= 65536 else _("config.between", low=64, high=65536)


def _not_negative(value: int) -> str:
    return "" if value >= 0 else _("config.not_negative")


def _patterns(value: dict[str, object]) -> str:
    for courier, pattern in value.items():
        if not isinstance(pattern, str):
            return _("config.pattern", courier=courier, why=repr(pattern))
        try:
            re.compile(pattern)
        except re.error as error:
            return _("config.pattern", courier=courier, why=str(error))
    return ""


def _codes(value: list[object]) -> str:
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    return _("config.codes", got=repr(bad[0])) if bad else ""


def _clock_time(value: str) -> str:
    """HH:MM on a 24-hour clock."""
    parts = value.split(":")
    ok = len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts)
    if ok and int(parts[0]) < 24 and int(parts[1]) < 60:
        return ""
    return _("config.clock_time", value=value)


def _weekdays(value: list[object]) -> str:
    """Days of the week, 1 (Monday) to 7 (Sunday), at least one."""
    if value and all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in value):
        return ""
    return _("config.weekdays", value=repr(value))


def _station_id(value: str) -> str:
    return "" if _STATION_ID.fullmatch(value) else _("config.station_id")

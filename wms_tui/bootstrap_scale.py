"""The `[scale]` table of config.toml -> a running serial scale, or None without one.

Kept apart from config.py / bootstrap.py until the lead wires it in: `scale_settings(table)`
validates the table (same error shape as config.py: file, key, why), `make_scale` starts the
reader thread; whoever made it calls `.stop()` at shutdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from devices.scale import SerialScale
from wms_tui.core.errors import ConfigError
from wms_tui.i18n import _

_KEYS = ("port", "baudrate", "request")


@dataclass(frozen=True)
class ScaleSettings:
    port: str = ""  # empty: no scale at this station
    baudrate: int = 9600
    request: str = ""  # sent to ask an on-demand scale for a weight, e.g. "R"; empty: it streams


def scale_settings(table: Mapping[str, Any], file: str = "config.toml") -> ScaleSettings:
    def error(key: str, why: str) -> ConfigError:
        return ConfigError(file=file, key=f"scale.{key}", why=why)

    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise error(unknown[0], _("config.unknown_key", known=", ".join(_KEYS)))
    port = table.get("port", "")
    if not isinstance(port, str):
        raise error("port", _("config.expected_type", expected="str", got=type(port).__name__))
    baudrate = table.get("baudrate", 9600)
    if isinstance(baudrate, bool) or not isinstance(baudrate, int):
        got = type(baudrate).__name__
        raise error("baudrate", _("config.expected_type", expected="int", got=got))
    if baudrate <= 0:
        raise error("baudrate", _("config.positive"))
    request = table.get("request", "")
    if not isinstance(request, str):
        got = type(request).__name__
        raise error("request", _("config.expected_type", expected="str", got=got))
    return ScaleSettings(port=port.strip(), baudrate=baudrate, request=request)


def make_scale(settings: ScaleSettings | None) -> SerialScale | None:
    """A started scale reader; None when no port is configured. A scale that is not plugged
    in yet is not an error: the reader keeps trying and reads None until it is."""
    if settings is None or not settings.port:
        return None
    scale = SerialScale(
        settings.port,
        settings.baudrate,
        request=settings.request.encode("ascii", "replace") if settings.request else None,
    )
    scale.start()
    return scale

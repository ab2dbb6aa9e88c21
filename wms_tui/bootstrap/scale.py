"""The `[scale]` table of config.toml -> a running serial scale, or None without one.

Kept apart from config.py / bootstrap.py until the lead wires it in: `scale_settings(table)`
validates the table (same error shape as config.py: file, key, why), `make_scale` starts the
reader thread; whoever made it calls `.stop()` at shutdown.
"""

from __future__ import annotations

from devices.scale import SerialScale
from wms_tui.config import ScaleSettings


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

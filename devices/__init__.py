"""Scanner and printer drivers.

This package knows nothing of the application: it produces raw scans and prints bytes. Errors are
plain exceptions with a stable ``code`` so the application can translate them; the ``detail``
text is for logs only, never for the operator's screen.
"""

from __future__ import annotations

from typing import ClassVar


class DeviceError(Exception):
    """Base of every error raised by this package."""

    code: ClassVar[str] = "device.error"

    def __init__(self, detail: str, **params: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.params = params


class PortNotFoundError(DeviceError):
    code: ClassVar[str] = "device.port_not_found"


class PortBusyError(DeviceError):
    code: ClassVar[str] = "device.port_busy"


class PortOpenError(DeviceError):
    code: ClassVar[str] = "device.port_open_failed"


class InputUnavailableError(DeviceError):
    code: ClassVar[str] = "device.input_unavailable"


__all__ = [
    "DeviceError",
    "InputUnavailableError",
    "PortBusyError",
    "PortNotFoundError",
    "PortOpenError",
]

"""A pseudo-terminal standing in for a USB-serial device (scanner, scale) in device tests."""

from __future__ import annotations

import contextlib
import os
import tty


class Pty:
    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view) :]

    def close(self) -> None:
        """Also what unplugging looks like to the reader; closing twice is fine."""
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)

"""Bytes from a scanner -> scans. Pure: no I/O, no threads, no clock of its own.

Frames are split on runs of CR, LF and (by default) TAB *in bytes*. ``str.splitlines()`` must
never be used here: it also splits on GS (0x1d), which separates GS1 element strings.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

_TERMINATORS_WITH_TAB = re.compile(rb"[\r\n\t]+")
_TERMINATORS_NO_TAB = re.compile(rb"[\r\n]+")
# AIM symbology identifier: "]" + code character + modifier (ISO/IEC 15424).
_AIM = re.compile(rb"\][A-Za-z][0-9A-Za-z]")

GS = b"\x1d"


@dataclass(frozen=True, slots=True)
class RawScan:
    """One scan as a device delivered it.

    ``received_at`` is monotonic seconds (for latency and ordering), ``received_wall`` is
    ``time.time()`` (for the journal). ``symbology_id`` is the AIM identifier such as ``]E0``,
    or ``""`` when the scanner sent none or AIM parsing is off.
    """

    source: str
    data: bytes
    symbology_id: str
    received_at: float
    received_wall: float

    def text(self) -> str:
        """The data as text: UTF-8, else GB18030 (Chinese QR codes), else Latin-1 (lossless)."""
        for encoding in ("utf-8", "gb18030"):
            try:
                return self.data.decode(encoding)
            except UnicodeDecodeError:
                continue
        return self.data.decode("latin-1")


@dataclass(frozen=True, slots=True)
class FramerOptions:
    """How a scanner is configured to frame its output.

    ``prefix``/``suffix`` are stripped when present (e.g. STX/ETX). ``tab_terminates=False``
    for scanners that send TAB inside data. A frame longer than ``max_length`` bytes keeps only
    its first ``max_length + 1`` bytes (the rest is dropped as it arrives, so memory stays
    bounded) and is still delivered at its terminator: one byte too long, so the receiver can
    refuse it in words instead of it vanishing.
    """

    prefix: bytes = b""
    suffix: bytes = b""
    aim: bool = False
    max_length: int = 4096
    tab_terminates: bool = True

    def __post_init__(self) -> None:
        if self.max_length < 1:
            raise ValueError("max_length must be at least 1")
        for name, value in (("prefix", self.prefix), ("suffix", self.suffix)):
            if re.search(rb"[\r\n]", value) or (self.tab_terminates and b"\t" in value):
                raise ValueError(f"{name} must not contain a terminator byte")


OverflowHandler = Callable[[str, int], None]


class Framer:
    """Incremental framer: feed chunks as they are read; a partial frame is kept across feeds.

    Whether a frame is emitted depends only on the byte stream, never on how it was chunked.
    """

    def __init__(
        self,
        source: str,
        options: FramerOptions | None = None,
        on_overflow: OverflowHandler | None = None,
    ) -> None:
        self.source = source
        self.options = options or FramerOptions()
        self._on_overflow = on_overflow
        self._split = (
            _TERMINATORS_WITH_TAB if self.options.tab_terminates else _TERMINATORS_NO_TAB
        ).split
        self._buf = bytearray()
        self._discarding = False
        self.overflows = 0

    @property
    def pending(self) -> bytes:
        """Bytes of the frame not yet terminated (an over-long frame: its first bytes kept)."""
        return bytes(self._buf)

    def reset(self) -> None:
        """Forget the partial frame, e.g. after the port was lost mid-scan."""
        self._buf.clear()
        self._discarding = False

    def feed(self, chunk: bytes, now: float, wall: float | None = None) -> list[RawScan]:
        """Add bytes read at monotonic time ``now``; return the scans they completed."""
        parts = self._split(chunk)
        scans: list[RawScan] = []
        last = len(parts) - 1
        for index, part in enumerate(parts):
            if not self._discarding:
                self._buf += part
                if len(self._buf) > self._limit():
                    self._overflow()
            if index == last:
                break
            # ``part`` was followed by a terminator: the frame is complete.
            if self._buf:
                scan = self._make_scan(bytes(self._buf), now, wall)
                if scan is not None:
                    scans.append(scan)
            self._buf.clear()
            self._discarding = False
        return scans

    def _limit(self) -> int:
        """`max_length` is the data's: the prefix, suffix and AIM identifier the frame still
        carries come on top, so a frame cut here is still one byte too long once they are
        stripped (and a frame of exactly `max_length` data bytes is never cut)."""
        opts = self.options
        return opts.max_length + len(opts.prefix) + len(opts.suffix) + (3 if opts.aim else 0)

    def _overflow(self) -> None:
        del self._buf[self._limit() + 1 :]
        self._discarding = True
        self.overflows += 1
        if self._on_overflow is not None:
            self._on_overflow(self.source, self.options.max_length)

    def _make_scan(self, frame: bytes, now: float, wall: float | None) -> RawScan | None:
        opts = self.options
        if opts.prefix and frame.startswith(opts.prefix):
            frame = frame[len(opts.prefix) :]
        if opts.suffix and frame.endswith(opts.suffix):
            frame = frame[: -len(opts.suffix)]
        symbology = ""
        if opts.aim and _AIM.match(frame):
            symbology = frame[:3].decode("ascii")
            frame = frame[3:]
        if not frame:
            return None
        return RawScan(
            source=self.source,
            data=frame,
            symbology_id=symbology,
            received_at=now,
            received_wall=time.time() if wall is None else wall,
        )

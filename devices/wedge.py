"""Keyboard-wedge burst detector: tells scanner bursts from human typing. Pure.

A wedge scanner "types" a whole code in a few milliseconds and ends it with Enter; people type
at 80-200 ms a key. The detector holds keys while they may still be a scan and gives them back
(``release``) once they turn out to be typing. It is meant to be called from ONE key handler,
with the key event's own timestamp (not the time the handler ran), so a stalled event loop does
not make a burst look like typing::

    result = detector.feed(event.character, event.time)
    if result.release:            # earlier keys that were typing after all: type them first
        type_text(result.release)
    if result.consumed:           # the detector took this key
        event.prevent_default(); event.stop()
    if result.scan is not None:   # a complete scan, terminator and prefix stripped
        post_scan(result.scan)

plus a timer calling ``detector.expire(now)`` at ``detector.deadline()`` to release a held key
when no other key follows.
"""

from __future__ import annotations

import enum
import re
import time
from dataclasses import dataclass

from devices.framing import RawScan

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
# Keys this close together cannot come from a person, whatever the length.
TOGETHER_S = 0.0005


class WedgeStatus(enum.Enum):
    HELD = "held"  # taken; may still be a scan
    SCAN = "scan"  # taken; completed a scan
    PASS = "pass"  # not taken: handle the key as usual


@dataclass(frozen=True, slots=True)
class WedgeResult:
    status: WedgeStatus
    scan: str | None = None
    release: str = ""
    at: float = 0.0

    @property
    def consumed(self) -> bool:
        return self.status is not WedgeStatus.PASS

    def to_raw_scan(self, source: str, aim: bool = False, wall: float | None = None) -> RawScan:
        """The scan as the serial path would deliver it (AIM prefix parsed when ``aim``)."""
        if self.scan is None:
            raise ValueError("result holds no scan")
        text, symbology = self.scan, ""
        if aim and _AIM.match(text):
            text, symbology = text[3:], text[:3]
        return RawScan(
            source=source,
            data=text.encode("utf-8"),
            symbology_id=symbology,
            received_at=self.at,
            received_wall=time.time() if wall is None else wall,
        )


_PASS = WedgeResult(WedgeStatus.PASS)


class WedgeDetector:
    """Stateful burst detector; see the module docstring for the calling pattern.

    ``max_gap_s``: largest gap between keys of one scan. ``min_length``: fewer characters than
    this followed by Enter is typing, unless the keys arrived together (< 0.5 ms apart).
    ``prefix``: characters a scanner is configured to send first; once they arrived, the rest up
    to a terminator is a scan whatever the gaps (until ``prefix_timeout_s`` of silence).
    With ``terminators=()`` a burst ends by silence: ``expire`` then reports it as a scan.
    ``max_length``: a burst longer than this (a pasted megabyte, a stuck key) keeps only its
    first ``max_length + 1`` characters and ends as a scan, never as typing: the receiver
    refuses it as too long, and neither memory nor the time per key grows with it.
    """

    def __init__(
        self,
        max_gap_s: float = 0.03,
        min_length: int = 4,
        terminators: tuple[str, ...] = ("\r", "\n"),
        prefix: str = "",
        prefix_timeout_s: float = 1.0,
        max_length: int = 4096,
    ) -> None:
        if max_gap_s <= 0 or min_length < 1 or max_length < 1:
            raise ValueError("max_gap_s must be > 0 and min_length >= 1")
        if any(len(t) != 1 for t in terminators) or any(c in terminators for c in prefix):
            raise ValueError("terminators are single characters and not part of the prefix")
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self.terminators = terminators
        self.prefix = prefix
        self.prefix_timeout_s = prefix_timeout_s
        self.max_length = max_length
        self._overflowed = False
        self._buf: list[str] = []
        self._first_at = 0.0
        self._last_at = 0.0
        self._together = True  # every gap so far < TOGETHER_S

    @property
    def pending(self) -> str:
        return "".join(self._buf)

    def _marked(self) -> bool:
        # The buffer's first characters only: joining all of it at every key made a long
        # burst quadratic (a pasted megabyte froze the station for minutes).
        n = len(self.prefix)
        return bool(n) and "".join(self._buf[:n]) == self.prefix

    def deadline(self) -> float | None:
        """When ``expire`` should next be called, or None when nothing is held."""
        if not self._buf:
            return None
        return self._last_at + (self.prefix_timeout_s if self._marked() else self.max_gap_s)

    def feed(self, char: str | None, at: float) -> WedgeResult:
        """One key press. ``char`` is the key's character, None for keys without one."""
        release = ""
        if self._buf and self._timed_out(at):
            release = self._take()
        if char is None or len(char) != 1:
            # Arrows, function keys...: no scanner sends them. Keep the typed order intact.
            return WedgeResult(WedgeStatus.PASS, release=release + self._take(), at=at)
        if char in self.terminators:
            return self._terminate(release, at)
        if not self._buf:
            if (char == "\t" or char < " ") and not self.prefix.startswith(char):
                # A scan never starts with TAB or a control character: don't delay focus moves.
                return WedgeResult(WedgeStatus.PASS, release=release, at=at)
            self._first_at = at
            self._together = True
        elif at - self._last_at >= TOGETHER_S:
            self._together = False
        if len(self._buf) <= self.max_length + len(self.prefix):
            self._buf.append(char)
        else:
            self._overflowed = True
        self._last_at = at
        return WedgeResult(WedgeStatus.HELD, release=release, at=at)

    def expire(self, now: float) -> WedgeResult:
        """Give back held keys once no key followed in time (or end a terminator-less scan)."""
        if not self._buf or not self._timed_out(now):
            return WedgeResult(WedgeStatus.HELD if self._buf else WedgeStatus.PASS, at=now)
        if (not self.terminators or self._too_long()) and self._is_scan(None):
            return self._scan(self._last_at)
        return WedgeResult(WedgeStatus.PASS, release=self._take(), at=now)

    def reset(self) -> str:
        """Drop the detector's state; returns what was held."""
        return self._take()

    # -- internals ------------------------------------------------------------------------

    def _timed_out(self, at: float) -> bool:
        limit = self.prefix_timeout_s if self._marked() else self.max_gap_s
        return at - self._last_at > limit

    def _terminate(self, release: str, at: float) -> WedgeResult:
        if self._buf and self._is_scan(at):
            result = self._scan(at)
            return WedgeResult(WedgeStatus.SCAN, result.scan, release, at)
        # Typing followed by Enter: type what was held, then let Enter act as usual.
        return WedgeResult(WedgeStatus.PASS, release=release + self._take(), at=at)

    def _too_long(self) -> bool:
        # The prefix is stripped from a scan: the data must still be one too long after.
        return self._overflowed or len(self._buf) > self.max_length + len(self.prefix)

    def _is_scan(self, at: float | None) -> bool:
        """``at``: time of the terminator, None when the burst ended by silence."""
        if self._too_long():
            return True
        if self._marked():
            return len(self._buf) > len(self.prefix)
        if at is None:
            together = self._together and len(self._buf) > 1
        else:
            together = self._together and at - self._last_at < TOGETHER_S
        return together or len(self._buf) >= self.min_length

    def _scan(self, at: float) -> WedgeResult:
        text = self._take()
        if self.prefix and text.startswith(self.prefix):
            text = text[len(self.prefix) :]
        return WedgeResult(WedgeStatus.SCAN, scan=text, at=at)

    def _take(self) -> str:
        text = "".join(self._buf)
        self._buf.clear()
        self._together = True
        self._overflowed = False
        return text

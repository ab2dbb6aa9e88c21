"""The station's devices wired to the core: scanners, the keyboard-wedge decoder, sound,
label printers and the scale. devices/ knows nothing of the project; these adapters put
its drivers behind the core's ports."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from devices.evdev_source import EvdevScanner
from devices.evdev_source import available as evdev_available
from devices.evdev_source import unavailable_reason as evdev_unavailable_reason
from devices.framing import FramerOptions, RawScan
from devices.labels import CupsPrinter, DirectoryPrinter, RawNetworkPrinter
from devices.scale import SerialScale
from devices.serial_scanner import SerialScanner
from devices.sound import CommandSound
from devices.wedge import WedgeDetector, WedgeResult, WedgeStatus
from wms_tui.config import ScaleSettings, Settings
from wms_tui.core.ports import Feedback, LabelPrinter, SoundClass
from wms_tui.core.scans import Scan
from wms_tui.core.station import WedgeDecoder, WedgeVerdict

log = logging.getLogger("wms_tui")


# --- adapters ------------------------------------------------------------------------
class WedgeAdapter:
    """devices.wedge's detector behind the core's WedgeDecoder port."""

    def __init__(self, detector: WedgeDetector) -> None:
        self._detector = detector

    @staticmethod
    def _verdict(result: WedgeResult, char: str | None) -> WedgeVerdict:
        typed = result.release
        if result.status is WedgeStatus.PASS and char is not None:
            typed += char
        scans = (result.scan,) if result.scan is not None else ()
        return WedgeVerdict(scans=scans, typed=typed)

    def feed(self, char: str, at: float) -> WedgeVerdict:
        return self._verdict(self._detector.feed(char, at), char)

    def expire(self, now: float) -> WedgeVerdict:
        return self._verdict(self._detector.expire(now), None)

    @property
    def pending(self) -> bool:
        return bool(self._detector.pending)

    @property
    def prefix(self) -> str:
        return self._detector.prefix


class CommandFeedback:
    def __init__(self, command: str) -> None:
        self._sound = CommandSound(command)

    def sound(self, kind: SoundClass) -> None:
        self._sound.play(kind.value)


class SilentFeedback:
    def sound(self, kind: SoundClass) -> None:
        return None


def scan_from_raw(raw: RawScan) -> Scan:
    """A driver's bytes become the core's scan, with the station-made id it is journaled by."""
    return Scan(
        scan_id=str(uuid4()),
        source=raw.source,
        text=raw.text(),
        symbology=raw.symbology_id,
        received_at=datetime.fromtimestamp(raw.received_wall, UTC),
        raw=raw.data,
    )


def make_feedback(settings: Settings) -> Feedback:
    if settings.feedback.sound == "command":
        return CommandFeedback(settings.feedback.command)
    if settings.feedback.sound == "off":
        return SilentFeedback()
    from wms_tui.ui.common.bell import BellFeedback

    return BellFeedback()


def make_printer(settings: Settings) -> LabelPrinter | None:
    printer = settings.printer
    if printer.kind == "file":
        return DirectoryPrinter(printer.directory)
    if printer.kind == "cups":
        return CupsPrinter(printer.queue)
    if printer.kind == "raw":
        return RawNetworkPrinter(printer.host, printer.port)
    return None


def make_wedge_factory(settings: Settings) -> Callable[[], WedgeDecoder] | None:
    wedge = settings.wedge
    if not wedge.enabled:
        return None

    def factory() -> WedgeDecoder:
        return WedgeAdapter(
            WedgeDetector(
                max_gap_s=wedge.max_gap_ms / 1000.0,
                min_length=wedge.min_length,
                terminators=("\r", "\n", "\t") if wedge.tab_terminates else ("\r", "\n"),
                prefix=wedge.prefix,
                max_length=settings.scan_max_length,
            )
        )

    return factory


def wedge_states(settings: Settings) -> dict[str, str]:
    """A keyboard-wedge scanner is the keyboard: nothing ever reports it connected."""
    state = "ready" if settings.wedge.enabled else "stopped"
    return {s.name: state for s in settings.scanners if s.kind == "wedge"}


@dataclass
class _Readers:
    stoppers: list[Callable[[], None]]

    def stop(self) -> None:
        for stop in self.stoppers:
            stop()


def start_scanners(
    settings: Settings,
    on_scan: Callable[[Scan], object],
    on_state: Callable[[str, str], None],
) -> _Readers:
    readers = _Readers([])

    def deliver(raw: RawScan) -> None:
        on_scan(scan_from_raw(raw))

    for scanner in settings.scanners:
        options = FramerOptions(
            prefix=scanner.prefix.encode(),
            suffix=scanner.suffix.encode(),
            aim=scanner.aim,
            tab_terminates=scanner.tab_terminates,
            max_length=settings.scan_max_length,
        )
        if scanner.kind == "serial":
            serial_reader = SerialScanner(
                scanner.name,
                scanner.port,
                scanner.baudrate,
                on_scan=deliver,
                on_state=on_state,
                framer_options=options,
            )
            serial_reader.start()
            readers.stoppers.append(serial_reader.stop)
        elif scanner.kind == "evdev":
            if not evdev_available():
                log.warning("evdev scanner %s: %s", scanner.name, evdev_unavailable_reason())
                on_state(scanner.name, "unavailable")
                continue
            evdev_reader = EvdevScanner(
                scanner.name,
                scanner.device,
                on_scan=deliver,
                on_state=on_state,
                framer_options=options,
            )
            evdev_reader.start()
            readers.stoppers.append(evdev_reader.stop)
    return readers


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

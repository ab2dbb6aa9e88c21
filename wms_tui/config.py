"""config.toml -> frozen, validated settings. Every mistake names the file, the key and what
was expected; nothing here raises a traceback at a user."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wms_tui.core.errors import ConfigError
from wms_tui.core.text import printable, unsafe_chars
from wms_tui.i18n import LANGUAGES, _

T = TypeVar("T")

SCANNER_KINDS = ("serial", "wedge", "evdev")
PRINTER_KINDS = ("none", "file", "cups", "raw")
LABEL_FORMATS = ("pdf", "zpl", "off")
BIND_WHEN = ("at_pass", "at_open")
LABEL_DPIS = (203, 300)
SOUND_KINDS = ("bell", "command", "off")
_STATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,31}")


@dataclass(frozen=True)
class ScannerSettings:
    name: str
    kind: str
    port: str = ""
    baudrate: int = 9600
    prefix: str = ""
    suffix: str = ""
    aim: bool = False
    tab_terminates: bool = True
    device: str = ""


@dataclass(frozen=True)
class WedgeSettings:
    enabled: bool = True
    max_gap_ms: float = 30.0
    min_length: int = 4
    prefix: str = ""
    # Scanners programmed to end a scan with TAB instead of Enter; otherwise a TAB inside a
    # burst is data (a GS1 stand-in or a multi-field label) and stays in the scan.
    tab_terminates: bool = False


@dataclass(frozen=True)
class PrinterSettings:
    kind: str = "file"
    directory: Path = Path("prints")
    queue: str = ""
    host: str = ""
    port: int = 9100
    # The parcel label printed when an order passes: "pdf", "zpl" (thermal printers) or
    # "off"; a ZPL label is drawn for the printer's resolution.
    parcel_label: str = "pdf"
    label_dpi: int = 203


@dataclass(frozen=True)
class FeedbackSettings:
    sound: str = "bell"
    command: str = ""
    mute: bool = False


@dataclass(frozen=True)
class InspectionSettings:
    auto_pass: bool = True
    pick_at_pack: bool = False
    packing_location: str = ""  # empty: the location named like the station id
    dock_location: str = "DOCK-01"
    quarantine_location: str = "QUA-01"
    pick_location: str = ""
    replacement_location: str = ""
    gift_skus: tuple[str, ...] = ()  # SKUs an inspector may add as a gift without a supervisor
    gift_location: str = ""  # where gifts are taken from (empty: as replacements are)
    # courier -> the pattern its waybill numbers match, checked when a label is bound
    waybill_patterns: tuple[tuple[str, str], ...] = ()
    # when an order imported without a waybill asks for the courier label: "at_pass" (once
    # its items are counted) or "at_open" (first, before its items)
    bind_waybill: str = "at_pass"
    packaging_g: int = 0  # 0: no weight check
    tolerance_g: int = 20
    tolerance_pct: int = 5


@dataclass(frozen=True)
class ScaleSettings:
    port: str = ""  # empty: no scale at this station
    baudrate: int = 9600
    request: str = ""  # sent to ask an on-demand scale for a weight, e.g. "R"; empty: it streams


@dataclass(frozen=True)
class BackupSettings:
    directory: Path = Path("backups")
    every_hours: int = 0  # 0: only by hand (`wms backup`)
    keep: int = 14


@dataclass(frozen=True)
class OrdersSettings:
    # Orders done with (handed over, cancelled, returned) this many days ago are archived
    # by the station's upkeep, once a day; 0: only by hand (`wms orders archive`).
    archive_after_days: int = 0


@dataclass(frozen=True)
class SecuritySettings:
    # A file holding the secret the ledger's seal is keyed with (db/chain.py), readable by
    # the station's user only; empty: an unkeyed chain.
    chain_key_file: Path | None = None

    def chain_key(self) -> bytes:
        if self.chain_key_file is None:
            return b""
        return self.chain_key_file.read_bytes().strip()


@dataclass(frozen=True)
class Settings:
    path: Path
    station_id: str
    station_name: str
    language: str
    database_url: str
    scanners: tuple[ScannerSettings, ...] = ()
    wedge: WedgeSettings = field(default_factory=WedgeSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    inspection: InspectionSettings = field(default_factory=InspectionSettings)
    scale: ScaleSettings = field(default_factory=ScaleSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    orders: OrdersSettings = field(default_factory=OrdersSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    kiosk: bool = False
    idle_logout_min: int = 0
    gs_standin: str = ""
    command_prefix: str = "CMD:"
    scan_max_length: int = 4096

    @property
    def database_label(self) -> str:
        """For the status line: never shows a password."""
        if self.database_url.startswith("sqlite"):
            return "SQLite " + Path(self.database_url.split("///", 1)[-1]).name
        host = re.sub(r"//[^@/]*@", "//", self.database_url)
        return "PostgreSQL " + host.split("//", 1)[-1].split("?", 1)[0]


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


def _station_id(value: str) -> str:
    return "" if _STATION_ID.fullmatch(value) else _("config.station_id")


def _table(reader: _Reader, key: str) -> Mapping[str, Any]:
    return reader.get(key, dict, {})


def _database_url(base: Path, url: str) -> str:
    if not url:
        return f"sqlite:///{(base / 'wms.sqlite3').resolve()}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        return f"sqlite:///{(base / url[len('sqlite:///') :]).resolve()}"
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _url_check(url: str) -> str:
    if not url or url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
        return ""
    return _("config.database_url")


def parse_settings(text: str, path: Path) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file=str(path), key="-", why=_("config.syntax", why=str(exc))) from None
    base = path.parent
    top = _Reader(path, data, "")
    station = _Reader(path, _table(top, "station"), "station.")
    station_id = station.require("id", str, _station_id)
    station_name = station.get("name", str, station_id, _shown)
    language = station.get("language", str, "zh_CN", _one_of(LANGUAGES))
    if "pin_attempts" in station.table:
        # One rule for every station, in the database: a station's own number allowed any
        # number of guesses.
        raise station.error("pin_attempts", _("config.pin_attempts_moved"))
    kiosk = station.get("kiosk", bool, False)
    idle_logout_min = station.get("idle_logout_min", int, 0, _not_negative)
    station.finish()

    database = _Reader(path, _table(top, "database"), "database.")
    url = _database_url(base, database.get("url", str, "", _url_check))
    database.finish()

    scanners: list[ScannerSettings] = []
    raw_scanners = top.get("scanners", list, [])
    names: set[str] = set()
    for index, entry in enumerate(raw_scanners):
        if not isinstance(entry, dict):
            raise top.error(
                f"scanners[{index}]", _("config.expected_type", expected="table", got=repr(entry))
            )
        sc = _Reader(path, entry, f"scanners[{index}].")
        name = sc.require("name", str, _shown)
        if name in names:
            raise sc.error("name", _("config.duplicate_name", name=name))
        names.add(name)
        kind = sc.require("kind", str, _one_of(SCANNER_KINDS))
        scanner = ScannerSettings(
            name=name,
            kind=kind,
            port=sc.get("port", str, ""),
            baudrate=sc.get("baudrate", int, 9600, _positive),
            prefix=sc.get("prefix", str, ""),
            suffix=sc.get("suffix", str, ""),
            aim=sc.get("aim", bool, False),
            tab_terminates=sc.get("tab_terminates", bool, True),
            device=sc.get("device", str, ""),
        )
        if kind == "serial" and not scanner.port:
            raise sc.error("port", _("config.missing", expected="str"))
        if kind == "evdev" and not scanner.device:
            raise sc.error("device", _("config.missing", expected="str"))
        sc.finish()
        scanners.append(scanner)

    wd = _Reader(path, _table(top, "wedge"), "wedge.")
    wedge = WedgeSettings(
        enabled=wd.get("enabled", bool, True),
        max_gap_ms=wd.get("max_gap_ms", float, 30.0, _positive_ms),
        min_length=wd.get("min_length", int, 4, _positive),
        prefix=wd.get("prefix", str, ""),
        tab_terminates=wd.get("tab_terminates", bool, False),
    )
    wd.finish()

    pr = _Reader(path, _table(top, "printer"), "printer.")
    directory = Path(pr.get("directory", str, "prints"))
    printer = PrinterSettings(
        kind=pr.get("kind", str, "file", _one_of(PRINTER_KINDS)),
        directory=directory if directory.is_absolute() else (base / directory).resolve(),
        queue=pr.get("queue", str, ""),
        host=pr.get("host", str, ""),
        port=pr.get("port", int, 9100, _positive),
        parcel_label=pr.get("parcel_label", str, "pdf", _one_of(LABEL_FORMATS)),
        label_dpi=pr.get("label_dpi", int, 203, _dpi),
    )
    # Without these the first label would fail at the printer, long after start-up.
    if printer.kind == "cups" and not printer.queue.strip():
        raise pr.error("queue", _("config.needed_for", kind="cups"))
    if printer.kind == "raw" and not printer.host.strip():
        raise pr.error("host", _("config.needed_for", kind="raw"))
    pr.finish()

    bk = _Reader(path, _table(top, "backup"), "backup.")
    backup_dir = Path(bk.get("directory", str, "backups"))
    backup = BackupSettings(
        directory=backup_dir if backup_dir.is_absolute() else (base / backup_dir).resolve(),
        every_hours=bk.get("every_hours", int, 0, _not_negative),
        keep=bk.get("keep", int, 14, _positive),
    )
    bk.finish()

    od = _Reader(path, _table(top, "orders"), "orders.")
    orders = OrdersSettings(archive_after_days=od.get("archive_after_days", int, 0, _not_negative))
    od.finish()

    se = _Reader(path, _table(top, "security"), "security.")
    key_file = se.get("chain_key_file", str, "")
    security = SecuritySettings(
        chain_key_file=None if not key_file else (base / key_file).resolve(),
    )
    se.finish()

    fb = _Reader(path, _table(top, "feedback"), "feedback.")
    feedback = FeedbackSettings(
        sound=fb.get("sound", str, "bell", _one_of(SOUND_KINDS)),
        command=fb.get("command", str, ""),
        mute=fb.get("mute", bool, False),
    )
    if feedback.sound == "command" and not feedback.command:
        raise fb.error("command", _("config.missing", expected="str"))
    fb.finish()

    ins = _Reader(path, _table(top, "inspection"), "inspection.")
    inspection = InspectionSettings(
        auto_pass=ins.get("auto_pass", bool, True),
        pick_at_pack=ins.get("pick_at_pack", bool, False),
        packing_location=ins.get("packing_location", str, ""),
        dock_location=ins.get("dock_location", str, "DOCK-01"),
        quarantine_location=ins.get("quarantine_location", str, "QUA-01"),
        pick_location=ins.get("pick_location", str, ""),
        replacement_location=ins.get("replacement_location", str, ""),
        gift_skus=tuple(str(v) for v in ins.get("gift_skus", list, [], _codes)),
        gift_location=ins.get("gift_location", str, ""),
        waybill_patterns=tuple(
            (str(k), str(v)) for k, v in ins.get("waybill_patterns", dict, {}, _patterns).items()
        ),
        bind_waybill=ins.get("bind_waybill", str, "at_pass", _one_of(BIND_WHEN)),
        packaging_g=ins.get("packaging_g", int, 0, _not_negative),
        tolerance_g=ins.get("tolerance_g", int, 20, _not_negative),
        tolerance_pct=ins.get("tolerance_pct", int, 5, _not_negative),
    )
    if inspection.pick_at_pack and not inspection.pick_location:
        raise ins.error("pick_location", _("config.missing", expected="str"))
    ins.finish()

    sc = _Reader(path, _table(top, "scale"), "scale.")
    scale = ScaleSettings(
        port=sc.get("port", str, "").strip(),
        baudrate=sc.get("baudrate", int, 9600, _positive),
        request=sc.get("request", str, ""),
    )
    # Without a scale every order with known unit weights would wait for a reading forever.
    if inspection.packaging_g and not scale.port:
        raise sc.error("port", _("config.scale_needed"))
    sc.finish()

    sc_top = _Reader(path, _table(top, "scanning"), "scanning.")
    gs_standin = sc_top.get("gs_standin", str, "")
    command_prefix = sc_top.get("command_prefix", str, "CMD:")
    scan_max_length = sc_top.get("max_length", int, 4096, _scan_length)
    sc_top.finish()
    top.finish()
    return Settings(
        path=path,
        station_id=station_id,
        station_name=station_name,
        language=language,
        database_url=url,
        scanners=tuple(scanners),
        wedge=wedge,
        printer=printer,
        feedback=feedback,
        inspection=inspection,
        scale=scale,
        backup=backup,
        orders=orders,
        security=security,
        kiosk=kiosk,
        idle_logout_min=idle_logout_min,
        gs_standin=gs_standin,
        command_prefix=command_prefix,
        scan_max_length=scan_max_length,
    )


def load_settings(path: Path) -> Settings:
    path = path.resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(file=str(path), key="-", why=_("config.no_file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(file=str(path), key="-", why=str(exc)) from None
    return parse_settings(text, path)

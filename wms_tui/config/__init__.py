"""config.toml -> frozen, validated settings. Every mistake names the file, the key and what
was expected; nothing here raises a traceback at a user.

The settings themselves are in model.py, the reading of one table and its checks in
fields.py; this module puts a file together.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any

from wms_tui.config.fields import (
    _clock_time,
    _codes,
    _dpi,
    _not_negative,
    _one_of,
    _patterns,
    _positive,
    _positive_ms,
    _Reader,
    _scan_length,
    _shown,
    _station_id,
    _weekdays,
)
from wms_tui.config.model import (
    BIND_WHEN,
    LABEL_DPIS,
    LABEL_FORMATS,
    PRINTER_KINDS,
    SCANNER_KINDS,
    SOUND_KINDS,
    BackupSettings,
    FeedbackSettings,
    InspectionSettings,
    OrdersSettings,
    PrinterSettings,
    ReceivingSettings,
    ReportsSettings,
    ReturnsSettings,
    ScaleSettings,
    ScannerSettings,
    SecuritySettings,
    Settings,
    WedgeSettings,
)
from wms_tui.core.errors import ConfigError
from wms_tui.i18n import LANGUAGES, _

# The settings are this package's API: read from here, wherever they are defined.
__all__ = [
    "BIND_WHEN",
    "LABEL_DPIS",
    "LABEL_FORMATS",
    "PRINTER_KINDS",
    "SCANNER_KINDS",
    "SOUND_KINDS",
    "BackupSettings",
    "FeedbackSettings",
    "InspectionSettings",
    "OrdersSettings",
    "PrinterSettings",
    "ReceivingSettings",
    "ReportsSettings",
    "ReturnsSettings",
    "ScaleSettings",
    "ScannerSettings",
    "SecuritySettings",
    "Settings",
    "WedgeSettings",
    "load_settings",
    "parse_settings",
]  # fmt: skip


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

    rp = _Reader(path, _table(top, "reports"), "reports.")
    cutoff = rp.get("cutoff", str, "16:00", _clock_time)
    days = rp.get("working_days", list, [1, 2, 3, 4, 5, 6, 7], _weekdays)
    reports = ReportsSettings(time.fromisoformat(cutoff), frozenset(int(d) for d in days))
    rp.finish()

    rt = _Reader(path, _table(top, "returns"), "returns.")
    returns = ReturnsSettings(location=rt.get("location", str, "RET-01"))
    rt.finish()

    rc = _Reader(path, _table(top, "receiving"), "receiving.")
    receiving = ReceivingSettings(
        location=rc.get("location", str, "RCV-01"),
        over_receipt_percent=rc.get("over_receipt_percent", int, 0, _not_negative),
        min_shelf_days=rc.get("min_shelf_days", int, 0, _not_negative),
    )
    rc.finish()

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
        reports=reports,
        returns=returns,
        receiving=receiving,
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

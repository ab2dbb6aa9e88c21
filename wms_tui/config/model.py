"""The settings a station runs with: frozen, validated, one dataclass per table of
config.toml (read by wms_tui/config/__init__.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

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
class ReturnsSettings:
    # Where returned units fit to sell wait to be put away; the others go to the inspection
    # quarantine location with their reason.
    location: str = "RET-01"


@dataclass(frozen=True)
class ReceivingSettings:
    # Where received units that passed inspection wait to be put away; failed ones go to the
    # inspection quarantine location with their reason.
    location: str = "RCV-01"
    # How far past its ordered quantity a PO line may go without a supervisor, in percent.
    over_receipt_percent: int = 0
    # A unit expiring within this many days fails inspection as short-dated.
    min_shelf_days: int = 0


@dataclass(frozen=True)
class ReportsSettings:
    # An order paid before the cut-off on a working day is due that day, otherwise the
    # next working day (the on-time rate, core/reports/shops.py).
    cutoff: time = time(16, 0)
    working_days: frozenset[int] = frozenset(range(1, 8))  # 1 Monday .. 7 Sunday


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
    reports: ReportsSettings = field(default_factory=ReportsSettings)
    returns: ReturnsSettings = field(default_factory=ReturnsSettings)
    receiving: ReceivingSettings = field(default_factory=ReceivingSettings)
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

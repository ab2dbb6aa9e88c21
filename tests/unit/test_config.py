from __future__ import annotations

from pathlib import Path

import pytest

from wms_tui.bootstrap.station import inspection_rules
from wms_tui.config import load_settings, parse_settings
from wms_tui.core.errors import ConfigError
from wms_tui.core.inspection.state import StationRules, WeightRule
from wms_tui.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _parse(text: str, tmp_path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_settings(text, tmp_path / "config.toml")
    return info.value


def test_the_shipped_config_loads_with_sqlite_beside_it() -> None:
    settings = load_settings(ROOT / "config.toml")
    assert settings.station_id == "PACK-01"
    assert settings.language == "zh_CN"
    assert settings.database_url == f"sqlite:///{ROOT / 'wms.sqlite3'}"
    assert settings.database_label == "SQLite wms.sqlite3"


def test_minimal_config(tmp_path: Path) -> None:
    settings = parse_settings('[station]\nid = "S1"\n', tmp_path / "config.toml")
    assert settings.station_name == "S1"
    assert settings.scanners == ()
    assert settings.printer.directory == (tmp_path / "prints").resolve()


def test_postgres_url_uses_psycopg_and_hides_the_password(tmp_path: Path) -> None:
    settings = parse_settings(
        '[station]\nid = "S1"\n[database]\nurl = "postgresql://wms:secret@db1/wms"\n',
        tmp_path / "c.toml",
    )
    assert settings.database_url == "postgresql+psycopg://wms:secret@db1/wms"
    assert "secret" not in settings.database_label


@pytest.mark.parametrize(
    ("text", "key", "why"),
    [
        ("", "station.id", "required"),
        ("[station]\nid = 5\n", "station.id", "expected str, got 5"),
        ('[station]\nid = "S1"\nlanguage = "fr"\n', "station.language", "zh_CN | en"),
        ('[station]\nid = "S1"\nlangauge = "en"\n', "station.langauge", "unknown key"),
        ('[station]\nid = "S 1"\n', "station.id", "letters, digits"),
        # One rule for every station now, in the database: any number here is refused.
        ('[station]\nid = "S1"\npin_attempts = 1000\n', "station.pin_attempts", "lockout"),
        ('[station]\nid = "S1"\n[database]\nurl = "mysql://x"\n', "database.url", "sqlite:///"),
        (
            '[station]\nid = "S1"\n[[scanners]]\nname = "a"\nkind = "serial"\n',
            "scanners[0].port",
            "required",
        ),
        (
            '[station]\nid = "S1"\n[[scanners]]\nname = "a"\nkind = "usb"\n',
            "scanners[0].kind",
            "serial | wedge | evdev",
        ),
        (
            '[station]\nid = "S1"\n[[scanners]]\nname = "a"\nkind = "wedge"\n'
            '[[scanners]]\nname = "a"\nkind = "wedge"\n',
            "scanners[1].name",
            "used twice",
        ),
        ('[station]\nid = "S1"\n[feedback]\nsound = "command"\n', "feedback.command", "required"),
        ('[station]\nid = "S1"\n[printer]\nport = "9100"\n', "printer.port", "expected int"),
        ('[station]\nid = "S1"\nbogus = 1\n[bogus2]\n', "station.bogus", "unknown key"),
        ('[station]\nid = "S1"\n[wedge]\nmax_gap_ms = -5\n', "wedge.max_gap_ms", "above 0"),
        ('[station]\nid = "S1"\n[wedge]\nmax_gap_ms = 0\n', "wedge.max_gap_ms", "above 0"),
        ('[station]\nid = "S1"\n[printer]\nkind = "cups"\n', "printer.queue", '"cups"'),
        (
            '[station]\nid = "S1"\n[printer]\nkind = "cups"\nqueue = " "\n',
            "printer.queue",
            "needed",
        ),
        ('[station]\nid = "S1"\n[printer]\nkind = "raw"\n', "printer.host", '"raw"'),
        ('[station]\nid = "S1"\n[inspection]\npackaging_g = 40\n', "scale.port", "packaging_g"),
        (
            '[station]\nid = "S1"\n[inspection]\npick_at_pack = true\n',
            "inspection.pick_location",
            "required",
        ),
        ("[station\n", "-", "not valid TOML"),
        # Names the status line shows: nothing that could set the title or clear the screen.
        ('[station]\nid = "S1"\nname = "包装\\u001b]0;x\\u0007"\n', "station.name", "<U+001B>"),
        (
            '[station]\nid = "S1"\n[[scanners]]\nname = "a\\u202e"\nkind = "wedge"\n',
            "scanners[0].name",
            "<U+202E>",
        ),
    ],
)
def test_mistakes_name_file_key_and_expectation(
    tmp_path: Path, text: str, key: str, why: str
) -> None:
    error = _parse(text, tmp_path)
    assert error.params["file"] == str(tmp_path / "config.toml")
    assert error.params["key"] == key
    assert why in str(error.params["why"])
    assert str(tmp_path / "config.toml") in error.message()


def test_errors_are_translated(tmp_path: Path) -> None:
    set_language("zh_CN")
    error = _parse("[station]\nid = 5\n", tmp_path)
    assert "应为" in error.message()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.toml")
    assert "--config" in info.value.message()


def test_a_wedge_scanner_needs_no_port_and_uses_the_wedge_settings(tmp_path: Path) -> None:
    settings = parse_settings(
        '[station]\nid = "S1"\n[wedge]\nmax_gap_ms = 12.5\n'
        '[[scanners]]\nname = "front"\nkind = "wedge"\n',
        tmp_path / "c.toml",
    )
    assert [(s.name, s.kind) for s in settings.scanners] == [("front", "wedge")]
    assert settings.wedge.max_gap_ms == 12.5


def test_printers_with_their_address_are_fine(tmp_path: Path) -> None:
    cups = parse_settings(
        '[station]\nid = "S1"\n[printer]\nkind = "cups"\nqueue = "zebra"\n', tmp_path / "c"
    )
    raw = parse_settings(
        '[station]\nid = "S1"\n[printer]\nkind = "raw"\nhost = "10.0.0.9"\n', tmp_path / "c"
    )
    assert (cups.printer.queue, raw.printer.host) == ("zebra", "10.0.0.9")


def test_inspection_settings_reach_the_station_rules(tmp_path: Path) -> None:
    settings = parse_settings(
        '[station]\nid = "S1"\n[inspection]\nauto_pass = false\npick_at_pack = true\n'
        'pick_location = "PICK-9"\npacking_location = "PACK-9"\ndock_location = "DOCK-9"\n'
        'quarantine_location = "QUA-9"\nreplacement_location = "SPARE-9"\npackaging_g = 40\n'
        'tolerance_g = 15\ntolerance_pct = 3\nbind_waybill = "at_open"\n'
        '[scale]\nport = "/dev/ttyUSB9"\n',
        tmp_path / "c.toml",
    )
    assert inspection_rules(settings) == StationRules(
        station_id="S1",
        packing_location="PACK-9",
        dock_location="DOCK-9",
        quarantine_location="QUA-9",
        auto_pass=False,
        pick_at_pack=True,
        pick_location="PICK-9",
        replacement_location="SPARE-9",
        weight=WeightRule(40, 15, 3),
        bind_first=True,
    )
    plain = inspection_rules(parse_settings('[station]\nid = "S1"\n', tmp_path / "c.toml"))
    # The station is its own packing area unless told otherwise; no weight check by default.
    assert (plain.packing_location, plain.auto_pass, plain.weight) == ("S1", True, None)


@pytest.mark.parametrize("value", ["10", "100000"])
def test_the_scan_length_cap_stays_within_sense(tmp_path: Path, value: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[station]\nid = "S1"\n[scanning]\nmax_length = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert caught.value.params["key"] == "scanning.max_length"


@pytest.mark.parametrize(
    ("text", "key", "why"),
    [
        ('[inspection]\nbind_waybill = "later"\n', "inspection.bind_waybill", "at_open"),
        ('[printer]\nparcel_label = "png"\n', "printer.parcel_label", "zpl"),
        ("[printer]\nlabel_dpi = 600\n", "printer.label_dpi", "203 | 300"),
    ],
)
def test_label_and_binding_settings_name_what_they_take(
    tmp_path: Path, text: str, key: str, why: str
) -> None:
    error = _parse('[station]\nid = "S1"\n' + text, tmp_path)
    assert error.params["key"] == key
    assert why in str(error.params["why"])


def test_labels_default_to_pdf_at_203_dpi(tmp_path: Path) -> None:
    printer = parse_settings('[station]\nid = "S1"\n', tmp_path / "c.toml").printer
    assert (printer.parcel_label, printer.label_dpi) == ("pdf", 203)

"""The resolver's table of cases: what every kind of scanned string resolves to.

Run over the in-memory catalog by tests/unit/scans/test_resolve_table.py and over both
databases by tests/integration/db/test_catalog.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from tests.unit.scans.catalog import (
    BADGE_AND_LOCATION,
    CABLE_NUMERIC_MERCHANT,
    COLA_UPC_A,
    COMMAND_LIKE_LOCATION,
    EAN_LIKE_WAYBILL,
    GUM_EAN8,
    LOCATION_AND_MERCHANT,
    MINTS_UPC_A,
    MINTS_UPC_E,
    MUG_EAN13,
    ORDER_AND_LOCATION,
    PACK_AND_SKU_CODE,
    PLATFORM_NO,
    SERUM_EAN13,
    SOCKS_MERCHANT,
    SSCC,
    SSCC_AND_MERCHANT,
    SSCC_SHAPED_ORDER_NO,
    TSHIRT_EAN13,
    WATER_6_PACK,
    WATER_12_CASE,
    WATER_EAN13,
    WAYBILL,
)
from wms_tui.core.errors import (
    BadCheckDigit,
    BadGs1,
    EmptyScan,
    MalformedScan,
    ScanError,
    UnknownCode,
)
from wms_tui.core.scans import GS, ResolverConfig, ScanKind

K = ScanKind
SERUM_01 = "01" + "0" + SERUM_EAN13  # AI 01 with the GTIN-14 form
WATER_02 = "02" + "0" + WATER_EAN13
STANDIN = ResolverConfig(gs_standin="~")
CARET = ResolverConfig(gs_standin="^]")
TAB_STANDIN = ResolverConfig(gs_standin="\t")


@dataclass(frozen=True)
class Ok:
    kind: ScanKind
    sku: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Err:
    error: type[ScanError]
    params: dict[str, Any] = field(default_factory=dict)


def ok(kind: ScanKind, sku: str | None = None, **attrs: Any) -> Ok:
    return Ok(kind, sku, attrs)


def err(error: type[ScanError], **params: Any) -> Err:
    return Err(error, params)


def case(
    id: str, text: str, want: Ok | Err, symbology: str = "", config: ResolverConfig | None = None
) -> Any:
    return pytest.param(text, symbology, config, want, id=id)


CASES = [
    # --- EAN / UPC / ITF --------------------------------------------------------------
    case("ean13", TSHIRT_EAN13, ok(K.PRODUCT, "TSHIRT-BLU-XL", gtin="0" + TSHIRT_EAN13)),
    case(
        "ean13-aim-in-text", "]E0" + TSHIRT_EAN13, ok(K.PRODUCT, "TSHIRT-BLU-XL", symbology="]E0")
    ),
    case("ean13-aim-param", TSHIRT_EAN13, ok(K.PRODUCT, "TSHIRT-BLU-XL"), symbology="]E0"),
    case("ean13-cr", TSHIRT_EAN13 + "\r", ok(K.PRODUCT, "TSHIRT-BLU-XL")),
    case("ean13-crlf", TSHIRT_EAN13 + "\r\n", ok(K.PRODUCT, "TSHIRT-BLU-XL")),
    case("ean13-lf", TSHIRT_EAN13 + "\n", ok(K.PRODUCT, "TSHIRT-BLU-XL")),
    case("ean13-spaces", "  " + MUG_EAN13 + " ", ok(K.PRODUCT, "MUG-WHT", text=MUG_EAN13)),
    case("gtin14-of-ean13", "0" + TSHIRT_EAN13, ok(K.PRODUCT, "TSHIRT-BLU-XL")),
    case("upc-a-12-finds-stored-13", COLA_UPC_A, ok(K.PRODUCT, "COLA-355")),
    case("upc-a-as-e0-13", "0" + COLA_UPC_A, ok(K.PRODUCT, "COLA-355"), symbology="]E0"),
    case("ean8", GUM_EAN8, ok(K.PRODUCT, "GUM-MINT", gtin="000000" + GUM_EAN8)),
    case("ean8-aim-e4", "]E4" + GUM_EAN8, ok(K.PRODUCT, "GUM-MINT")),
    case("ean8-digits-as-gs1-ai96", "]C1" + GUM_EAN8, err(UnknownCode, value="(96)385074")),
    case("upc-e-bare", MINTS_UPC_E, ok(K.PRODUCT, "MINTS-TIN", gtin="00" + MINTS_UPC_A)),
    case("upc-e-aim-e0", "]E0" + MINTS_UPC_E, ok(K.PRODUCT, "MINTS-TIN")),
    case("upc-e-six-digits", MINTS_UPC_E[1:7], ok(K.PRODUCT, "MINTS-TIN")),
    case("upc-e-expanded", MINTS_UPC_A, ok(K.PRODUCT, "MINTS-TIN")),
    case("upc-e-as-ean8-aim", "]E4" + MINTS_UPC_E, err(BadCheckDigit, expected="0")),
    case("itf14-6-pack", WATER_6_PACK, ok(K.PACKAGING, "WATER-500", quantity=6)),
    case("itf14-aim-i1", "]I1" + WATER_6_PACK, ok(K.PACKAGING, "WATER-500", quantity=6)),
    case("itf14-12-case", WATER_12_CASE, ok(K.PACKAGING, "WATER-500", quantity=12)),
    case("unit-ean13-of-pack", WATER_EAN13, ok(K.PRODUCT, "WATER-500", quantity=1)),
    case("unknown-valid-ean13", "4006381333948", err(UnknownCode, value="4006381333948")),
    case("dangling-barcode", "9999999999994", err(UnknownCode)),
    # --- merchant codes ---------------------------------------------------------------
    case("merchant-code", SOCKS_MERCHANT, ok(K.PRODUCT, "SOCKS-BLK", gtin=None)),
    case("merchant-lowercase", SOCKS_MERCHANT.lower(), ok(K.PRODUCT, "SOCKS-BLK")),
    case("sku-code-scanned", "SOCKS-BLK", ok(K.PRODUCT, "SOCKS-BLK")),
    case("numeric-merchant", CABLE_NUMERIC_MERCHANT, ok(K.PRODUCT, "CABLE-USB")),
    # --- GS1 element strings ----------------------------------------------------------
    case(
        "gs1-128-lot-last-no-gs",
        "]C1" + SERUM_01 + "17261231" + "10AB12",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", expiry=date(2026, 12, 31), serial=None),
    ),
    case(
        "gs1-128-with-gs",
        "]C1" + SERUM_01 + "10AB12" + GS + "21SN0001",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", serial="SN0001"),
    ),
    case(
        "gs1-gs-without-aim",
        SERUM_01 + "10AB12" + GS + "21SN0001",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", serial="SN0001"),
    ),
    case(
        "gs1-leading-fnc1",
        GS + SERUM_01 + "10AB12" + GS + "17270228",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", expiry=date(2027, 2, 28)),
    ),
    case(
        "gs1-standin-tilde",
        SERUM_01 + "10AB12~21SN0001",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", serial="SN0001"),
        config=STANDIN,
    ),
    case(
        "gs1-standin-caret",
        "]C1" + SERUM_01 + "10AB12^]21SN0001",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", serial="SN0001"),
        config=CARET,
    ),
    case(
        "gs1-datamatrix",
        "]d2" + SERUM_01 + "17250600" + "21XYZ" + GS + "10L1",
        ok(K.PRODUCT, "SERUM-30ML", serial="XYZ", lot="L1", expiry=date(2025, 6, 30)),
    ),
    case("gs1-qr", "]Q3" + SERUM_01 + "10L2", ok(K.PRODUCT, "SERUM-30ML", lot="L2")),
    case("gs1-databar", "]e0" + SERUM_01, ok(K.PRODUCT, "SERUM-30ML", gtin="0" + SERUM_EAN13)),
    case("gs1-unprefixed-no-gs", SERUM_01 + "10LOT7", ok(K.PRODUCT, "SERUM-30ML", lot="LOT7")),
    case("gs1-01-only-16-digits", "01" + WATER_6_PACK, ok(K.PACKAGING, "WATER-500", quantity=6)),
    case(
        "gs1-01-only-16-bad-check",
        "01" + WATER_6_PACK[:-1] + "1",
        err(BadCheckDigit, value=WATER_6_PACK[:-1] + "1", expected="0"),
    ),
    case("gs1-02-only-16-digits", WATER_02, ok(K.PRODUCT, "WATER-500", gtin="0" + WATER_EAN13)),
    case("gs1-01-17-digits", "01" + WATER_6_PACK + "1", err(BadGs1, why="bad_structure")),
    case("gs1-01-16-as-code128", "01" + WATER_6_PACK, err(UnknownCode), symbology="]C0"),
    case("gs1-hri", f"(01)0{SERUM_EAN13}(10)ABC", ok(K.PRODUCT, "SERUM-30ML", lot="ABC")),
    # One label, two lots (or two GTINs): refused, never read as the first.
    case("gs1-two-lots", "]d2" + SERUM_01 + "10L1" + GS + "10L2", err(BadGs1, why="contradictory")),
    case(
        "gs1-two-gtins",
        "]d2" + SERUM_01 + "10L1" + GS + "01" + WATER_6_PACK,
        err(BadGs1, why="contradictory"),
    ),
    case(
        "gs1-same-lot-twice",
        "]d2" + SERUM_01 + "10L1" + GS + "10L1",
        ok(K.PRODUCT, "SERUM-30ML", lot="L1"),
    ),
    # A GS1 Digital Link URI in a QR code: its element strings, as a GS1 QR code's.
    case(
        "gs1-digital-link",
        f"https://id.gs1.org/01/0{SERUM_EAN13}/10/L9?17=261231",
        ok(K.PRODUCT, "SERUM-30ML", lot="L9", expiry=date(2026, 12, 31)),
        symbology="]Q1",
    ),
    case(
        "gs1-digital-link-other-host",
        f"https://shop.example.com/01/0{SERUM_EAN13}",
        ok(K.PRODUCT, "SERUM-30ML", gtin="0" + SERUM_EAN13),
    ),
    case("not-a-digital-link", "https://example.com/hello", err(UnknownCode)),
    case("gs1-02-37", "]C1" + WATER_02 + "3724", ok(K.PRODUCT, "WATER-500", quantity=24)),
    case("gs1-01-of-pack", "]C1" + "01" + WATER_6_PACK, ok(K.PACKAGING, "WATER-500", quantity=6)),
    case(
        "gs1-02-pack-37",
        "]C1" + "02" + WATER_6_PACK + "374",
        ok(K.PACKAGING, "WATER-500", quantity=24),
    ),
    case("gs1-weight", "]C1" + SERUM_01 + "3103001250", ok(K.PRODUCT, "SERUM-30ML", weight_g=1250)),
    case("gs1-sscc", "]C1" + "00" + SSCC, ok(K.PACKAGE, None, sscc=SSCC)),
    case(
        "gs1-sscc-with-contents",
        "]C1" + "00" + SSCC + WATER_02 + "3712" + GS + "10B7",
        ok(K.PACKAGE, "WATER-500", sscc=SSCC, quantity=12, lot="B7"),
    ),
    case("sscc-bare-18", SSCC, ok(K.PACKAGE, None, sscc=SSCC)),
    case("gs1-serial-only", "]C1" + "21SN12345", ok(K.SERIAL, None, serial="SN12345")),
    case("gs1-lot-only", "]C1" + "10LOT42", ok(K.LOT, None, lot="LOT42")),
    case("gs1-lot-and-serial", "]C1" + "10L9" + GS + "21S9", ok(K.SERIAL, None, lot="L9")),
    case("lot-not-guessed-unprefixed", "10LOT42", err(UnknownCode, value="10LOT42")),
    case("gs1-month-13", "]C1" + SERUM_01 + "17251301", err(BadGs1, why="bad_date")),
    case("gs1-feb-30", "]C1" + SERUM_01 + "17250230", err(BadGs1, why="bad_date")),
    case("gs1-bad-gtin-check", "]C1" + SERUM_01[:-1] + "4", err(BadCheckDigit, expected="3")),
    case("gs1-bad-sscc-check", "]C1" + "00" + SSCC[:-1] + "0", err(BadCheckDigit, expected="6")),
    case("gs1-unknown-ai", "]C1" + "2312345", err(BadGs1, why="bad_structure")),
    case("gs1-truncated", "]C1" + SERUM_01[:10], err(BadGs1, why="bad_structure")),
    case("gs1-count-zero", "]C1" + WATER_02 + "370", err(BadGs1, why="bad_count")),
    case("gs1-unknown-gtin", "]C1" + "0104006381333948", err(UnknownCode)),
    case("gs1-nothing-usable", "]C1" + "17251231", err(UnknownCode, value="(17)251231")),
    # --- check digits and truncation ---------------------------------------------------
    case("ean13-bad-check", TSHIRT_EAN13[:-1] + "3", err(BadCheckDigit, expected="2")),
    case("ean8-bad-check", GUM_EAN8[:-1] + "5", err(BadCheckDigit, expected="4")),
    case("upc-a-bad-check", COLA_UPC_A[:-1] + "9", err(BadCheckDigit, expected="2")),
    case("itf14-bad-check", WATER_6_PACK[:-1] + "1", err(BadCheckDigit, expected="0")),
    case("sscc-bad-check", SSCC[:-1] + "1", err(BadCheckDigit, expected="6")),
    case("bad-check-in-code128", TSHIRT_EAN13[:-1] + "3", err(UnknownCode), symbology="]C0"),
    case("ean13-truncated-to-12", TSHIRT_EAN13[:12], err(BadCheckDigit, expected="7")),
    case("ean13-truncated-to-11", TSHIRT_EAN13[:11], err(UnknownCode)),
    # --- input hygiene -----------------------------------------------------------------
    case("empty", "", err(EmptyScan)),
    case("only-terminator", "\r\n", err(EmptyScan)),
    case("only-spaces", "   ", err(EmptyScan)),
    case("only-aim-prefix", "]E0", err(EmptyScan)),
    case("nul-inside", "6901\x00234567892", err(MalformedScan, why="control_chars")),
    case("tab-inside", "A-01\t02", err(MalformedScan, why="tab_fields", value="A-01<U+0009>02")),
    case("tab-fields-label", TSHIRT_EAN13 + "\tSN1", err(MalformedScan, why="tab_fields")),
    case("tab-suffix", "A-01-02\t", ok(K.LOCATION, attrs_location="A-01-02")),
    case(
        "tab-as-gs-standin",
        SERUM_01 + "10AB12\t21SN0001",
        ok(K.PRODUCT, "SERUM-30ML", lot="AB12", serial="SN0001"),
        config=TAB_STANDIN,
    ),
    case("vertical-tab-inside", "A-01\x0b02", err(MalformedScan, why="control_chars")),
    case("two-terminators", TSHIRT_EAN13 + "\r\n\r\n", err(MalformedScan, why="control_chars")),
    case("escape-sequence", "\x1b[31mA-01-02", err(MalformedScan, why="control_chars")),
    case("del-char", "A-01-02\x7f", err(MalformedScan, why="control_chars")),
    case("too-long", "A" * 4097, err(MalformedScan, why="too_long")),
    case("longest-allowed", "A" * 512, err(UnknownCode)),
    case("arabic-indic-digits", "٦٩٠١٢٣٤٥٦٧٨٩٢", err(MalformedScan, why="non_ascii_digits")),
    case(
        "full-width-digits",
        "６９０１２３４５６７８９２",
        err(MalformedScan, why="non_ascii_digits"),
    ),
    case("chinese-text", "蓝色T恤", err(MalformedScan, why="non_ascii")),
    case("surrogate-escape", "69\udcff", err(MalformedScan, why="non_ascii", value="69<U+DCFF>")),
    # An input method left on: what it typed is shown as typed, and the reason says so.
    case("input-method", "中文", err(MalformedScan, why="non_ascii", value="中文")),
    # --- commands ----------------------------------------------------------------------
    case("cmd-done", "CMD:DONE", ok(K.COMMAND, command="DONE")),
    case("cmd-lowercase", "cmd:undo", ok(K.COMMAND, command="UNDO")),
    case("cmd-cancel", "CMD:CANCEL\r", ok(K.COMMAND, command="CANCEL")),
    case("cmd-ack", "CMD:ACK", ok(K.COMMAND, command="ACK")),
    case("cmd-empty", "CMD:EMPTY", ok(K.COMMAND, command="EMPTY")),
    case("cmd-short", "CMD:SHORT", ok(K.COMMAND, command="SHORT")),
    case("cmd-unknown", "CMD:EXPLODE", err(UnknownCode, value="CMD:EXPLODE")),
    case(
        "cmd-custom-prefix",
        "#DONE",
        ok(K.COMMAND, command="DONE"),
        config=ResolverConfig(command_prefix="#"),
    ),
    case("cmd-off", "CMD:DONE", err(UnknownCode), config=ResolverConfig(command_prefix="")),
    # --- badges, locations, orders -----------------------------------------------------
    case("badge", "B1001", ok(K.BADGE, attrs_operator="王芳")),
    case("badge-caps-lock", "b1001", ok(K.BADGE, attrs_operator="王芳")),
    case("badge-numeric", "20001", ok(K.BADGE, attrs_operator="李强")),
    case("location", "A-01-02", ok(K.LOCATION, attrs_location="A-01-02")),
    case("location-lowercase", "a-01-02", ok(K.LOCATION, attrs_location="A-01-02")),
    case("location-whitespace", " A-01-03 \n", ok(K.LOCATION, attrs_location="A-01-03")),
    case("location-quarantine", "QC-01", ok(K.LOCATION, attrs_location="QC-01")),
    case("waybill", WAYBILL, ok(K.ORDER, attrs_order="SO20240001")),
    case("waybill-lowercase", WAYBILL.lower(), ok(K.ORDER, attrs_order="SO20240001")),
    case("waybill-code128", WAYBILL, ok(K.ORDER, attrs_order="SO20240001"), symbology="]C0"),
    case("order-number", "SO20240001", ok(K.ORDER, attrs_order="SO20240001")),
    case("platform-order-number", PLATFORM_NO, ok(K.ORDER, attrs_order="SO20240001")),
    # --- one code, two meanings: the order of DESIGN.md section 4 decides -----------------
    case("collide-badge-over-location", BADGE_AND_LOCATION, ok(K.BADGE, attrs_operator="赵敏")),
    case(
        "collide-command-over-location",
        COMMAND_LIKE_LOCATION,
        ok(K.COMMAND, command="DONE"),
        config=ResolverConfig(command_prefix="C-"),
    ),
    case(
        "collide-location-unless-command-prefix",
        COMMAND_LIKE_LOCATION,
        ok(K.LOCATION, attrs_location=COMMAND_LIKE_LOCATION),
    ),
    case(
        "collide-location-over-merchant",
        LOCATION_AND_MERCHANT,
        ok(K.LOCATION, attrs_location=LOCATION_AND_MERCHANT),
    ),
    case(
        "collide-location-over-platform-order",
        ORDER_AND_LOCATION,
        ok(K.LOCATION, attrs_location=ORDER_AND_LOCATION),
    ),
    case(
        "collide-order-over-sscc",
        SSCC_SHAPED_ORDER_NO,
        ok(K.ORDER, attrs_order=SSCC_SHAPED_ORDER_NO, sscc=None),
    ),
    case(
        "collide-waybill-over-ean13",
        EAN_LIKE_WAYBILL,
        ok(K.ORDER, attrs_order=SSCC_SHAPED_ORDER_NO),
    ),
    case(
        "collide-ean13-aim-says-product",
        EAN_LIKE_WAYBILL,
        ok(K.PRODUCT, "COLA-355"),
        symbology="]E0",
    ),
    case(
        "collide-package-over-merchant",
        SSCC_AND_MERCHANT,
        ok(K.PACKAGE, None, sscc=SSCC_AND_MERCHANT),
    ),
    case(
        "collide-packaging-over-sku-code",
        PACK_AND_SKU_CODE,
        ok(K.PACKAGING, "WATER-500", quantity=6),
    ),
    # --- unknown -----------------------------------------------------------------------
    case("unknown-word", "HELLO", err(UnknownCode, value="HELLO")),
    case("unknown-location-shape", "A-99-99", err(UnknownCode)),
    case("internal-space", "690 1234567892", err(UnknownCode)),
    case("url", "https://example.com/p?id=1", err(UnknownCode)),
    case("quote-chars", "'\"]", err(UnknownCode)),
]

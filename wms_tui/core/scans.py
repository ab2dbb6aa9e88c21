"""What a scanned string means: one resolver for every screen (DESIGN.md section 4).

Order: command > operator badge > location > order / waybill / platform order number >
package (SSCC) > serial > lot > packaging > product. A workflow step narrows the kinds it
accepts with `expect()`. The resolver only reads the catalog; unknown input raises a
ScanError subclass and never anything else.

Kinds for GS1 element strings: AI 00 makes a package (its 02/37 contents are attached);
01/02 make a product (or packaging, if the barcode is a pack) with any lot (10), serial (21)
and expiry (17) attached, because the workflow needs the SKU and a lot or serial is a fact
about that unit. Only a label that carries a serial or lot without any GTIN resolves to the
serial or lot kind (the "scan the serial label" step).

The AIM identifier (in the data or from the driver) decides how digits are read: ]C1 ]d2
]Q3 ]e0 ]J1 mean GS1 (so `]C1` + 96385074 is AI 96, never EAN-8); ]E0/]E4/]I0/]I1 mean a
GTIN (]E4 is EAN-8 only); other symbologies skip the GTIN reading of a bad check digit
(UnknownCode, not BadCheckDigit). Our own codes are looked up as scanned, then upper case.

MalformedScan `why` ids: too_long | control_chars | tab_fields | non_ascii_digits | non_ascii.
A TAB inside a scan is kept (it is in the journal as scanned) and means one of two things:
the configured GS stand-in (`gs_standin = "\t"`, for scanners that send TAB for FNC1), or
else a label of several TAB-separated fields, which is refused by name (`tab_fields`) rather
than guessed at, as no single field can be told to be the one meant.
BadGs1 `why` ids: bad_structure | bad_date | bad_count | contradictory. `reason_text(why)`
translates both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from biip import BiipException, ParseConfig
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message

from wms_tui.core import codes
from wms_tui.core.errors import (
    BadCheckDigit,
    BadGs1,
    EmptyScan,
    InvalidValue,
    MalformedScan,
    UnknownCode,
)
from wms_tui.core.model import BarcodeKind, is_valid_code
from wms_tui.core.ports import Catalog
from wms_tui.core.scan_words import COMMANDS as COMMANDS
from wms_tui.core.scan_words import KEY_PREFIX as KEY_PREFIX
from wms_tui.core.scan_words import KEY_SOURCE as KEY_SOURCE
from wms_tui.core.scan_words import Resolved as Resolved
from wms_tui.core.scan_words import ScanKind as ScanKind
from wms_tui.core.scan_words import command_body as command_body
from wms_tui.core.scan_words import expect as expect
from wms_tui.core.scan_words import key_command as key_command
from wms_tui.core.scan_words import kinds_phrase as kinds_phrase
from wms_tui.core.scan_words import label as label
from wms_tui.core.scan_words import printable as printable
from wms_tui.core.scan_words import reason_text as reason_text

GS = "\x1d"
MALFORMED_REASONS: tuple[str, ...] = (
    "too_long",
    "control_chars",
    "tab_fields",
    "non_ascii_digits",
    "non_ascii",
)
GS1_REASONS: tuple[str, ...] = ("bad_structure", "bad_date", "bad_count", "contradictory")

# AIM symbology identifiers (ISO/IEC 15424) that say "this is a GS1 element string".
_GS1_AIM = frozenset({"]C1", "]d2", "]Q3", "]e0", "]J1"})
_EAN_AIM = frozenset({"]E0", "]E4"})  # ]E4 is EAN-8 only; ]E0 is EAN-13, UPC-A or UPC-E
_ITF_AIM = frozenset({"]I0", "]I1"})
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
# Every C0 control and DEL, except TAB and GS: both are data inside a scan.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1c\x1e\x1f\x7f]")
TAB = "\t"
_GTIN_LENGTHS = frozenset({6, 8, 12, 13, 14, 18})  # 6: UPC-E body; 18: SSCC
_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17", "4324", "4325", "4326", "7003"})
_BIIP_AI = re.compile(r"GS1 AI \((\d+)\)")
_GS1_CONFIG = ParseConfig(separator_chars=(GS,))


@dataclass(frozen=True)
class Scan:
    scan_id: str
    source: str
    text: str  # the decoded data, without terminator
    symbology: str = ""  # AIM id such as ]E0, ]C1, ]d2, ]Q3; "" when the scanner sends none
    received_at: datetime = field(kw_only=True)
    # The bytes the driver framed `text` from (empty for keys): `text` is already decoded,
    # and a scanner test must show what the scanner really sent.
    raw: bytes = field(default=b"", kw_only=True)
    # Who was logged in at the station when it was scanned: a scan a crash left journaled is
    # applied later, maybe with somebody else logged in, and must still be theirs.
    operator: str = field(default="", kw_only=True)

    def raw_bytes(self) -> bytes:
        return self.raw or self.text.encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class ResolverConfig:
    gs_standin: str = ""  # what some scanners send instead of GS, e.g. "~" or "^]"
    command_prefix: str = "CMD:"  # "" turns command barcodes off
    max_length: int = 4096  # config scanning.max_length: every source cuts at one more
    # Strings of this shape are looked up as merchant codes (商家编码) and SKU codes.
    merchant_code_pattern: str = r"[A-Za-z0-9][A-Za-z0-9._/\-]{0,63}"
    commands: frozenset[str] = COMMANDS

    def __post_init__(self) -> None:
        if (
            self.gs_standin
            and self.gs_standin != TAB
            and (
                not codes.is_printable_ascii(self.gs_standin)
                or any(ch.isalnum() or ch in " ()" for ch in self.gs_standin)
            )
        ):
            # A letter, digit or bracket would cut real data into pieces.
            raise InvalidValue(field="scanning.gs_standin", value=printable(self.gs_standin))
        if self.max_length < 1:
            raise InvalidValue(field="scanning.max_length", value=self.max_length)
        try:
            re.compile(self.merchant_code_pattern)
        except re.error:
            raise InvalidValue(
                field="scanning.merchant_code_pattern", value=self.merchant_code_pattern
            ) from None


# --- the resolver ---------------------------------------------------------------------
def resolve(
    scan_text: str,
    catalog: Catalog,
    config: ResolverConfig | None = None,
    symbology: str = "",
    source: str = "",
) -> Resolved:
    config = config or ResolverConfig()
    text = _clean(scan_text, config)
    aim = symbology
    if _AIM.match(text):  # a prefix in the data is what the scanner really decoded
        aim, text = text[:3], text[3:].strip(" ")
    if not text:
        raise EmptyScan()
    gs1_text = text.replace(config.gs_standin, GS) if config.gs_standin else text
    if aim in _GS1_AIM or (GS in gs1_text and codes.is_ascii_digits(gs1_text.lstrip(GS)[:2])):
        return _from_gs1(_parse_gs1(gs1_text.strip(GS)), catalog, text, aim)
    if aim in _EAN_AIM or aim in _ITF_AIM:
        if not codes.is_ascii_digits(text):  # these symbologies carry digits only
            raise UnknownCode(value=printable(text))
        return _from_digits(text, catalog, aim, strict=True)

    found = _own_code(text, catalog, config, aim, source)
    if found is not None:
        return found
    if codes.is_ascii_digits(text) and len(text) <= codes.SSCC_LENGTH:
        # A scanner that names its symbology and does not say EAN/UPC/ITF decoded
        # something else (a Code 128 waybill ...): a digit that fails is not a misread.
        return _from_digits(text, catalog, aim, strict=not aim)
    if re.fullmatch(config.merchant_code_pattern, text):
        keys = (text, text.upper())
        product = _product(keys, keys, catalog, text, aim)
        if product is not None:
            return product
    if not aim and text[:2] in ("00", "01", "02") and codes.is_ascii_digits(text[2:16]):
        # Unprefixed GS1 without separators, starting with a key: unmistakable.
        return _from_gs1(_parse_gs1(text), catalog, text, aim)
    if text.startswith("("):
        return _from_gs1(_parse_gs1(text, hri=True), catalog, text, aim)
    if text.lower().startswith(("https://", "http://")):
        # A GS1 Digital Link QR code carries the element strings in its path and query.
        return _from_gs1(_parse_link(text), catalog, text, aim)
    raise UnknownCode(value=printable(text))


def _parse_link(uri: str) -> GS1Message:
    try:
        return GS1DigitalLinkURI.parse(uri, config=_GS1_CONFIG).as_gs1_message()
    except (BiipException, ValueError):
        raise UnknownCode(value=printable(uri)) from None


def _clean(scan_text: str, config: ResolverConfig) -> str:
    text = scan_text
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith(("\r", "\n")):
        text = text[:-1]
    if text.endswith(TAB):  # a TAB suffix ends a scan like Enter does (framing agrees)
        text = text[:-1]
    if len(text) > config.max_length:
        raise MalformedScan(why="too_long", value=printable(text))
    if _CONTROL.search(text):
        raise MalformedScan(why="control_chars", value=printable(text))
    if TAB in text.strip(" ") and config.gs_standin != TAB:
        raise MalformedScan(why="tab_fields", value=printable(text))
    if not text.isascii():
        foreign = [ch for ch in text if not ch.isascii()]
        why = "non_ascii_digits" if any(ch.isdigit() for ch in foreign) else "non_ascii"
        raise MalformedScan(why=why, value=printable(text))
    text = text.strip(" ")  # not str.strip(): that also eats GS
    if not text:
        raise EmptyScan()
    return text


def _own_code(
    text: str, catalog: Catalog, config: ResolverConfig, aim: str, source: str
) -> Resolved | None:
    """Command barcodes and keys, and the warehouse's own codes: badges, locations, orders."""
    name = command_body(text, source, config.command_prefix)
    if name is not None:
        if name in config.commands:
            return Resolved(ScanKind.COMMAND, text, aim, command=name)
        raise UnknownCode(value=printable(text))
    if not is_valid_code(text):
        return None
    # A wedge scanner with Caps Lock on sends lower case: labels are printed upper case.
    keys = (text, text.upper()) if text != text.upper() else (text,)
    for key in keys:
        operator = catalog.operator(key)
        if operator is not None:
            return Resolved(ScanKind.BADGE, text, aim, operator=operator)
    for key in keys:
        location = catalog.location(key)
        if location is not None:
            return Resolved(ScanKind.LOCATION, text, aim, location=location)
    for key in keys:
        order = catalog.order(key)
        if order is not None:
            return Resolved(ScanKind.ORDER, text, aim, order=order)
    return None


def _product(
    barcode_keys: tuple[str, ...],
    sku_keys: tuple[str, ...],
    catalog: Catalog,
    text: str,
    aim: str,
    gtin: str | None = None,
    count: int = 1,
) -> Resolved | None:
    for key in dict.fromkeys(barcode_keys):
        barcode = catalog.barcode(key)
        sku = catalog.sku(barcode.sku_code) if barcode is not None else None
        if barcode is not None and sku is not None:
            pack = barcode.kind is BarcodeKind.PACKAGING
            kind = ScanKind.PACKAGING if pack else ScanKind.PRODUCT
            qty = (barcode.multiplier if pack else 1) * count
            return Resolved(kind, text, aim, sku=sku, barcode=barcode, quantity=qty, gtin=gtin)
    for key in dict.fromkeys(sku_keys):
        sku = catalog.sku(key)
        if sku is not None:  # the SKU code itself (a merchant code) was scanned
            return Resolved(ScanKind.PRODUCT, text, aim, sku=sku, quantity=count, gtin=gtin)
    return None


def _from_digits(text: str, catalog: Catalog, aim: str, *, strict: bool) -> Resolved:
    """A bare number: EAN-8/13, UPC-A/E, ITF-14 or SSCC, as the symbology allows."""
    n = len(text)
    if n == codes.SSCC_LENGTH and codes.is_valid_sscc(text):
        return Resolved(ScanKind.PACKAGE, text, aim, sscc=text)
    # Stored as scanned first: a shop's numeric merchant code need not be a GTIN.
    gtin = codes.gtin14(text) if codes.is_valid_gtin(text) else None
    found = _product((text,), (text,), catalog, text, aim, gtin)
    if found is not None:
        return found
    if not aim and n >= 16 and n not in _GTIN_LENGTHS and text[:2] in ("00", "01", "02"):
        # No GTIN or SSCC is this long: AI 01/02 + GTIN-14 (16 digits) sent without AIM.
        return _from_gs1(_parse_gs1(text), catalog, text, aim)
    gtins: list[str] = []
    expected: str | None = None
    if n == 8 and aim != "]E0":  # EAN-8 (]E4, or a scanner that does not say)
        if codes.is_valid_gtin(text):
            gtins.append(text)
        else:
            expected = codes.gs1_check_digit(text[:7])
    if n == 8 and aim != "]E4" and text[0] in "01":  # UPC-E
        upc_a = codes.expand_upc_e_body(text[:7])
        if upc_a[-1] == text[-1]:
            gtins.append(upc_a)
        else:
            expected = expected or upc_a[-1]
    if n == 6 and aim in ("", "]E0"):  # UPC-E sent without number system and check digit
        gtins.append(codes.expand_upc_e_body("0" + text))
    if n in (12, 13, 14, 18):
        if not codes.has_valid_check_digit(text):
            expected = codes.gs1_check_digit(text[:-1])
        elif n != codes.SSCC_LENGTH:
            gtins.append(text)
    for gtin in gtins:
        forms = codes.gtin_lookup_forms(gtin)
        found = _product(forms, (), catalog, text, aim, codes.gtin14(gtin))
        if found is not None:
            return found
    if not gtins and expected is not None and strict:
        raise BadCheckDigit(value=text, expected=expected)
    raise UnknownCode(value=printable(text))


def _parse_gs1(data: str, *, hri: bool = False) -> GS1Message:
    try:
        if hri:
            return GS1Message.parse_hri(data, config=_GS1_CONFIG)
        return GS1Message.parse(data, config=_GS1_CONFIG)
    except (BiipException, ValueError) as exc:
        ai = _BIIP_AI.search(str(exc))
        why = "bad_date" if ai is not None and ai.group(1) in _DATE_AIS else "bad_structure"
        raise BadGs1(value=printable(data), why=why) from None


def _from_gs1(message: GS1Message, catalog: Catalog, text: str, aim: str) -> Resolved:
    strings = message.element_strings
    hri = printable(message.as_hri())

    def value(ai: str) -> str | None:
        found = strings.get(ai=ai)
        return found.value if found is not None and found.ai.ai == ai else None

    def checked(key: str | None) -> str | None:
        if key is not None and not codes.has_valid_check_digit(key):
            raise BadCheckDigit(value=key, expected=codes.gs1_check_digit(key[:-1]))
        return key

    # One label, one unit: two different lots (or GTINs, serials ...) on it cannot both be
    # true, and taking the first would book the unit under a guess.
    seen: dict[str, str] = {}
    for es in strings:
        if seen.setdefault(es.ai.ai, es.value) != es.value:
            raise BadGs1(value=hri, why="contradictory")
    sscc, gtin = checked(value("00")), checked(value("01") or value("02"))
    lot, serial = value("10"), value("21")
    expiry_es, weight_es = strings.get(ai="17"), strings.get(ai="310")
    expiry = expiry_es.date if expiry_es is not None else None
    weight_g = None
    if weight_es is not None and weight_es.decimal is not None:
        weight_g = round(weight_es.decimal * 1000)
    count = 1
    if (raw_count := value("37")) is not None:
        count = int(raw_count) if codes.is_ascii_digits(raw_count) else 0
        if count < 1:
            raise BadGs1(value=hri, why="bad_count")
    product = None
    if gtin is not None:
        forms = codes.gtin_lookup_forms(gtin)
        product = _product(forms, (), catalog, text, aim, codes.gtin14(gtin), count)
    if sscc is not None:
        # A carton or pallet label: its contents ride along when the catalog knows them.
        product = product or Resolved(ScanKind.PACKAGE, text, aim, quantity=count)
        product = replace(product, kind=ScanKind.PACKAGE, sscc=sscc, gtin=gtin)
    elif product is None:
        if gtin is None and serial is not None:
            product = Resolved(ScanKind.SERIAL, text, aim)
        elif gtin is None and lot is not None:
            product = Resolved(ScanKind.LOT, text, aim)
        else:
            raise UnknownCode(value=hri)
    return replace(product, lot=lot, serial=serial, expiry=expiry, weight_g=weight_g)

"""GS1 numbers: check digits, UPC-E expansion, GTIN forms. Pure and ASCII-only.

`int()` and `str.isdigit()` accept '١٢' and '１２' (DESIGN.md section 6), so every test of
"is this a number" here is an ASCII regex; nothing is normalised behind the caller's back.
"""

from __future__ import annotations

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")

GTIN_LENGTHS: frozenset[int] = frozenset({8, 12, 13, 14})
SSCC_LENGTH = 18
GLN_LENGTH = 13
# Every GS1 key with a mod-10 check digit in its last position.
GS1_KEY_LENGTHS: frozenset[int] = GTIN_LENGTHS | {SSCC_LENGTH, GLN_LENGTH}


def is_ascii_digits(text: str) -> bool:
    return bool(ASCII_DIGITS.fullmatch(text))


def is_printable_ascii(text: str) -> bool:
    return bool(_PRINTABLE_ASCII.fullmatch(text))


def gs1_check_digit(body: str) -> str:
    """The mod-10 check digit for a GS1 key without its check digit (any length).

    The project's one implementation: scans, imports, the demo and the CLI call it. devices/
    may import nothing of the project, so it checks an EAN-13 against its encoder instead.
    """
    if not is_ascii_digits(body):
        raise ValueError(f"not ASCII digits: {body!r}")
    # Weights 3,1,3,... from the rightmost body digit, whatever the key's length.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def has_valid_check_digit(code: str) -> bool:
    """True if the last digit is the GS1 check digit of the rest (no length rule)."""
    return len(code) >= 2 and is_ascii_digits(code) and gs1_check_digit(code[:-1]) == code[-1]


def is_valid_gs1(code: str) -> bool:
    """GTIN-8/12/13/14, GLN (13) or SSCC-18: the right length and a correct check digit."""
    return len(code) in GS1_KEY_LENGTHS and has_valid_check_digit(code)


def is_gtin_shape(code: str) -> bool:
    """A GTIN's length and digits, check digit not yet looked at."""
    return len(code) in GTIN_LENGTHS and is_ascii_digits(code)


def is_valid_gtin(code: str) -> bool:
    return is_gtin_shape(code) and has_valid_check_digit(code)


def is_valid_sscc(code: str) -> bool:
    return len(code) == SSCC_LENGTH and has_valid_check_digit(code)


def gtin14(code: str) -> str:
    """Any valid GTIN as the 14 digits GS1 uses in AI 01 (left-padded with zeros)."""
    if not is_valid_gtin(code):
        raise ValueError(f"not a valid GTIN: {code!r}")
    return code.zfill(14)


def gtin_lookup_forms(code: str) -> tuple[str, ...]:
    """The forms under which a stored barcode may hold this GTIN, the scanned form first.

    A GTIN-14 `0` + EAN-13 is the EAN-13; a 12-digit UPC-A is stored as `0` + UPC-A by
    shops that think in EAN-13; an EAN-8 may arrive padded to 14 in AI 01.
    """
    full = gtin14(code)
    forms = [code, full[1:]]  # GTIN-13 view
    if full.startswith("00"):
        forms.append(full[2:])  # GTIN-12 / UPC-A
    if full.startswith("000000"):
        forms.append(full[6:])  # GTIN-8
    forms.append(full)
    if full[0] == "0":
        return tuple(dict.fromkeys(forms))
    # An indicator digit 1-9 is a case or pack code: only its exact forms can be meant.
    return tuple(dict.fromkeys([code, full]))


def upc_e_to_upc_a(upc_e: str) -> str:
    """Expand an 8-digit UPC-E (number system 0 or 1, six digits, check) to its UPC-A.

    Raises ValueError if it is not a UPC-E or its check digit is wrong; the check digit
    of a UPC-E is the check digit of the UPC-A it stands for.
    """
    if len(upc_e) != 8 or not is_ascii_digits(upc_e) or upc_e[0] not in "01":
        raise ValueError(f"not a UPC-E: {upc_e!r}")
    upc_a = expand_upc_e_body(upc_e[:7])
    if upc_a[-1] != upc_e[-1]:
        raise ValueError(f"wrong UPC-E check digit: {upc_e!r}")
    return upc_a


def expand_upc_e_body(body: str) -> str:
    """Number system + six UPC-E digits (7 digits) -> the full UPC-A with its check digit."""
    if len(body) != 7 or not is_ascii_digits(body) or body[0] not in "01":
        raise ValueError(f"not a UPC-E body: {body!r}")
    ns, d = body[0], body[1:]
    last = d[5]
    if last in "012":
        middle = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        middle = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        middle = d[0:4] + "00000" + d[4]
    else:
        middle = d[0:5] + "0000" + last
    upc_a_body = ns + middle
    return upc_a_body + gs1_check_digit(upc_a_body)


def upc_e_check_digit(upc_e_without_check: str) -> str:
    """The check digit an 8-digit UPC-E must end with (from its 7 leading digits)."""
    return expand_upc_e_body(upc_e_without_check)[-1]

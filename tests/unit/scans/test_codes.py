"""GS1 check digits, UPC-E expansion and GTIN forms, cross-checked against biip."""

from __future__ import annotations

import pytest
from biip.gtin import Gtin
from biip.upc import Upc
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_tui.core import codes


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("96385074", True),  # GTIN-8
        ("036000291452", True),  # GTIN-12 / UPC-A
        ("4006381333931", True),  # GTIN-13
        ("6901234567892", True),
        ("16920202888880", True),  # GTIN-14 / ITF-14
        ("359000000000000016", True),  # SSCC-18
        ("5790000000005", True),  # GLN (13)
        ("4006381333932", False),
        ("359000000000000017", False),
        ("400638133393", False),  # truncated
        ("1234567", False),  # no GS1 key is 7 long
        ("٤٠٠٦٣٨١٣٣٣٩٣١", False),  # Arabic-Indic digits are not digits here
        ("４００６３８１３３３９３１", False),  # nor are full-width ones
        ("", False),
    ],
)
def test_is_valid_gs1(code: str, valid: bool) -> None:
    assert codes.is_valid_gs1(code) is valid


def test_check_digit_of_known_codes() -> None:
    assert codes.gs1_check_digit("400638133393") == "1"
    assert codes.gs1_check_digit("9638507") == "4"
    assert codes.gs1_check_digit("35900000000000001") == "6"
    with pytest.raises(ValueError):
        codes.gs1_check_digit("١٢٣")
    with pytest.raises(ValueError):
        codes.gs1_check_digit(" 12")


@settings(max_examples=300)
@given(st.text(alphabet="0123456789", min_size=7, max_size=17))
def test_check_digit_agrees_with_biip(body: str) -> None:
    code = body + codes.gs1_check_digit(body)
    if len(code) in codes.GTIN_LENGTHS:
        assert Gtin.parse(code).check_digit == int(code[-1])
    assert codes.has_valid_check_digit(code)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not codes.has_valid_check_digit(wrong)


@settings(max_examples=300)
@given(st.sampled_from("01"), st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_upc_e_expansion_agrees_with_biip(number_system: str, digits: str) -> None:
    body = number_system + digits
    upc_e = body + codes.upc_e_check_digit(body)
    assert codes.upc_e_to_upc_a(upc_e) == Upc.parse(upc_e).as_upc_a()


def test_upc_e_refusals() -> None:
    assert codes.upc_e_to_upc_a("04252614") == "042100005264"
    for bad in ("04252615", "24252614", "0425261", "０4252614"):
        with pytest.raises(ValueError):
            codes.upc_e_to_upc_a(bad)


def test_gtin_forms_find_every_way_a_shop_stores_it() -> None:
    assert codes.gtin_lookup_forms("06901234567892") == (
        "06901234567892",
        "6901234567892",
    )
    assert codes.gtin_lookup_forms("036000291452") == (
        "036000291452",
        "0036000291452",
        "00036000291452",
    )
    assert "96385074" in codes.gtin_lookup_forms("00000096385074")
    # A case code (indicator 1) is never its unit's EAN-13.
    assert codes.gtin_lookup_forms("16920202888880") == ("16920202888880",)
    assert codes.gtin14("96385074") == "00000096385074"
    with pytest.raises(ValueError):
        codes.gtin14("96385075")


def test_ascii_helpers_refuse_lookalikes() -> None:
    assert codes.is_ascii_digits("0123")
    for text in ("", "１２", "١٢", "12 ", "1_000", "²"):
        assert not codes.is_ascii_digits(text)
    assert codes.is_printable_ascii("A-01 ~")
    assert not codes.is_printable_ascii("A\x1d")
    assert not codes.is_printable_ascii("库位")

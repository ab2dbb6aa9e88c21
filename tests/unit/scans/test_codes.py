"""GS1 check digits, UPC-E expansion and GTIN forms, cross-checked against biip."""

from __future__ import annotations

import pytest
from biip.gtin import Gtin
from biip.upc import Upc
from hypothesis import given, settings
from hypothesis import strategies as st

from devices import labels
from wms_tui.core import codes, imports


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


# Before there was one function, wms_tui.core.imports had its own copy of the arithmetic: it
# gave a digit for an empty body (0) and for Arabic-Indic or full-width digits, which
# codes.gs1_check_digit refuses, and its is_valid_gs1 refused the SSCC-18 that
# codes.is_valid_gs1 accepts. devices/labels.py and tests/ui/conftest.py weighted 1,3,1,...
# from the left: right only for even-length bodies (devices accepted only 12 digits).
@pytest.mark.parametrize("body", ["", "١٢٣", "１２３", "٤٠٠٦٣٨١٣٣٣٩٣", " 12", "12a"])
def test_no_check_digit_for_what_is_not_ascii_digits(body: str) -> None:
    for check_digit in (codes.gs1_check_digit, imports.gs1_check_digit):
        with pytest.raises(ValueError):
            check_digit(body)


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("5449000", "0"),  # GTIN-8 54490000; weights from the left gave 2
        ("03600029145", "2"),  # GTIN-12 036000291452; from the left: 8
        ("690123456789", "2"),  # GTIN-13: even length, every copy agreed
        ("1692020288888", "0"),  # GTIN-14 16920202888880; from the left: 2
        ("35900000000000001", "6"),  # SSCC-18 359000000000000016; from the left: 2
    ],
)
def test_check_digit_where_the_copies_disagreed(body: str, digit: str) -> None:
    assert codes.gs1_check_digit(body) == digit
    assert imports.gs1_check_digit(body) == digit
    assert codes.is_valid_gs1(body + digit)
    assert imports.is_valid_gs1(body + digit)


def _gs1_reference(body: str) -> str:
    """GS1 General Specifications 7.9.1 as its table reads: the body right-aligned in the 17
    positions before an SSCC's check digit, weights 3,1,3,...,3 from the left, and the check
    digit is what lifts the sum to the next multiple of ten."""
    positions = body.rjust(17, "0")
    weights = [3, 1] * 8 + [3]
    total = sum(int(d) * w for d, w in zip(positions, weights, strict=True))
    return str(-(-total // 10) * 10 - total)


@settings(max_examples=500)
@given(
    st.sampled_from([7, 11, 12, 13, 17]).flatmap(  # GTIN-8/12/13/14 and SSCC-18 bodies
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    )
)
def test_check_digit_is_the_gs1_definition(body: str) -> None:
    digit = _gs1_reference(body)
    assert codes.gs1_check_digit(body) == digit
    assert imports.gs1_check_digit(body) == digit
    assert codes.is_valid_gs1(body + digit)
    if len(body) == 12:  # what the label printer's encoder appends to an EAN-13
        assert labels.ean13_check_digit(body) == digit
        assert labels.validate_ean13(body + digit)

from __future__ import annotations

import pytest

from devices.labels import (
    LabelError,
    choose_symbology,
    ean13_check_digit,
    render_barcode,
    safe_filename,
    validate_ean13,
)


@pytest.mark.parametrize(
    ("body", "check"),
    [("690123456789", "2"), ("400638133393", "1"), ("000000000000", "0"), ("978030640615", "7")],
)
def test_check_digit(body: str, check: str) -> None:
    assert ean13_check_digit(body) == check
    assert validate_ean13(body + check)


@pytest.mark.parametrize(
    "code",
    [
        "6901234567891",
        "690123456789",
        "69012345678922",
        "６９０1234567892",
        "690123456789a",
        " 690123456789",
    ],
)
def test_invalid_ean13(code: str) -> None:
    assert not validate_ean13(code)


@pytest.mark.parametrize("body", ["12345678901", "١٢٣٤٥٦٧٨٩٠١٢", "12345678901x"])
def test_check_digit_refuses_bad_bodies(body: str) -> None:
    with pytest.raises(LabelError) as info:
        ean13_check_digit(body)
    assert info.value.code == "label.invalid"


def test_symbology_choice() -> None:
    assert choose_symbology("6901234567892") == "ean13"
    assert choose_symbology("A-01-02") == "code128"
    assert choose_symbology("6901234567892", "code128") == "code128"
    assert choose_symbology("0109501101530003\x1d10LOT") == "code128"
    for bad, symbology in (
        ("6901234567891", "auto"),
        ("A-01", "ean13"),
        ("库位", "auto"),
        ("", "auto"),
    ):
        with pytest.raises(LabelError):
            choose_symbology(bad, symbology)  # type: ignore[arg-type]


def test_wrong_check_digit_is_refused_not_silently_replaced() -> None:
    with pytest.raises(LabelError):
        render_barcode("6901234567891")


def test_render_svg_and_png() -> None:
    svg = render_barcode("6901234567892")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert b"6901234567892" in svg
    png = render_barcode("LOC-A-01", fmt="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_safe_filename() -> None:
    assert safe_filename("pick list 波次-7") == "pick_list_波次-7.pdf"
    assert safe_filename("../../etc/passwd") == "etc_passwd.pdf"
    assert safe_filename("a.PDF") == "a.PDF"
    assert safe_filename("///") == "document.pdf"

"""One courier, however the shop export, the command barcode or a person writes it."""

from __future__ import annotations

import pytest

from wms_tui.core.couriers import IMPORT_CHOICES, courier_code, courier_name, same_courier


@pytest.mark.parametrize(
    "written", ["SF", "sf", " 顺丰 ", "顺丰速运", "顺丰快递", "SF Express", "sf  express"]
)
def test_every_way_of_writing_sf_is_sf(written: str) -> None:
    assert courier_code(written) == "SF"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("顺丰", "SF", True),
        ("中通快递", "zto", True),
        ("极兔", "J&T Express", True),
        ("圆通", "顺丰", False),
        # A prefix is not the same courier: 中通快运 is ZTO's freight arm, not ZTO Express.
        ("中通", "中通快运", False),
        ("本地同城", "本地同城", True),  # unknown to the table: as written
        ("", "顺丰", False),
    ],
)
def test_couriers_match_by_code_not_by_spelling(a: str, b: str, same: bool) -> None:
    assert same_courier(a, b) is same


def test_a_person_reads_the_couriers_name_in_their_language() -> None:
    assert courier_name("SF", "zh_CN") == "顺丰速运"
    assert courier_name("顺丰", "en") == "SF Express"
    assert courier_name("本地同城", "en") == "本地同城"


def test_imports_accept_every_alias_and_store_the_code() -> None:
    assert IMPORT_CHOICES["顺丰速运"] == "SF"
    assert IMPORT_CHOICES["j&t express"] == "JT"
    assert set(IMPORT_CHOICES.values()) == {
        "SF", "ZTO", "YTO", "STO", "YD", "JD", "EMS", "JT", "DBL", "BEST"
    }  # fmt: skip

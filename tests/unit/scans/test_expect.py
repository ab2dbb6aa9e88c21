"""A workflow step narrows the kinds it accepts and says, in the station's language, why not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.unit.scans.catalog import SERUM_EAN13, TSHIRT_EAN13, WATER_6_PACK, WAYBILL, FakeCatalog
from wms_tui.core.errors import BadCheckDigit, InvalidValue, MalformedScan, UnexpectedScan
from wms_tui.core.scans import (
    GS,
    Resolved,
    ResolverConfig,
    Scan,
    ScanKind,
    expect,
    label,
    reason_text,
    resolve,
)
from wms_tui.i18n import current_language, set_language


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _scan(text: str) -> Resolved:
    return resolve(text, FakeCatalog())


def _unexpected(resolved: Resolved, *kinds: ScanKind) -> str:
    with pytest.raises(UnexpectedScan) as caught:
        expect(resolved, *kinds)
    return caught.value.message()


def test_expect_returns_the_scan_it_accepts() -> None:
    resolved = _scan("A-01-02")
    assert expect(resolved, ScanKind.LOCATION) is resolved
    assert expect(resolved, ScanKind.ORDER, ScanKind.LOCATION) is resolved


def test_a_pack_is_accepted_where_a_product_is_expected() -> None:
    pack = _scan(WATER_6_PACK)
    assert expect(pack, ScanKind.PRODUCT).quantity == 6
    assert "{" not in _unexpected(pack, ScanKind.LOCATION)


def test_expect_needs_a_kind() -> None:
    with pytest.raises(ValueError):
        expect(_scan("A-01-02"))


def test_unexpected_product_in_chinese() -> None:
    set_language("zh_CN")
    message = _unexpected(_scan(TSHIRT_EAN13), ScanKind.LOCATION)
    assert message == "请扫描库位；这是商品：蓝色T恤 XL"


def test_unexpected_product_in_english() -> None:
    set_language("en")
    message = _unexpected(_scan(TSHIRT_EAN13), ScanKind.LOCATION)
    assert message == "Scan a location; this was a product: Blue T-shirt XL"


def test_several_expected_kinds_are_listed_in_both_languages() -> None:
    location = _scan("A-01-02")
    set_language("en")
    english = _unexpected(location, ScanKind.ORDER, ScanKind.PACKAGE, ScanKind.PRODUCT)
    assert english == "Scan an order, a package (SSCC) or a product; this was a location: A-01-02"
    set_language("zh_CN")
    chinese = _unexpected(location, ScanKind.ORDER, ScanKind.PACKAGE, ScanKind.PRODUCT)
    assert chinese == "请扫描订单、箱码（SSCC）或商品；这是库位：A-01-02"


def test_unexpected_order_names_its_waybill() -> None:
    set_language("zh_CN")
    message = _unexpected(_scan(WAYBILL), ScanKind.PRODUCT)
    assert message == f"请扫描商品；这是订单：SO20240001（快递单号 {WAYBILL}）"


def test_unexpected_command_and_badge() -> None:
    set_language("en")
    assert _unexpected(_scan("CMD:DONE"), ScanKind.PRODUCT) == (
        "Scan a product; this was a command barcode: Command: Done"
    )
    set_language("zh_CN")
    badge = _unexpected(_scan("B1001"), ScanKind.LOCATION)
    assert badge == "请扫描库位；这是员工工牌：王芳 (B1001)"


def test_gs1_product_describes_lot_serial_and_expiry() -> None:
    set_language("en")
    resolved = _scan("]C1010" + SERUM_EAN13 + "17261231" + "10AB12" + GS + "21SN1")
    assert resolved.describe() == "Serum 30ml · lot AB12 · serial SN1 · expires 2026-12-31"
    set_language("zh_CN")
    assert resolved.describe() == "精华液 30ml · 批次 AB12 · 序列号 SN1 · 有效期至 2026-12-31"


def test_pack_describes_its_quantity() -> None:
    set_language("zh_CN")
    assert _scan(WATER_6_PACK).describe() == "矿泉水 500ml × 6"


def test_every_kind_has_a_label_in_both_languages() -> None:
    for language in ("en", "zh_CN"):
        set_language(language)
        names = {label(kind) for kind in ScanKind}
        assert len(names) == len(ScanKind)
        assert not any(name.startswith("scan.") for name in names)
    assert label(ScanKind.LOCATION) == "库位"


def test_error_messages_render_in_both_languages() -> None:
    with pytest.raises(BadCheckDigit) as bad:
        _scan(TSHIRT_EAN13[:-1] + "0")
    with pytest.raises(MalformedScan) as malformed:
        _scan("A\x0001")
    set_language("en")
    assert bad.value.message() == (
        "The scanner misread 6901234567890: its check digit does not match."
        " Scan it again; if it keeps failing, the label is damaged."
    )
    assert reason_text(malformed.value.params["why"]) == "control characters"  # type: ignore[arg-type]
    set_language("zh_CN")
    assert "误读" in bad.value.message() and "应为" not in bad.value.message()
    assert reason_text("bad_date") == "日期无效"
    assert reason_text("no_such_reason") == "no_such_reason"


@pytest.mark.parametrize(
    "config",
    [
        {"gs_standin": "1"},
        {"gs_standin": "A"},
        {"gs_standin": "("},
        {"gs_standin": "\x1b"},
        {"max_length": 0},
        {"merchant_code_pattern": "[unclosed"},
    ],
    ids=["digit", "letter", "bracket", "control", "zero-length", "bad-regex"],
)
def test_resolver_config_refuses_what_would_cut_data(config: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        ResolverConfig(**config)  # type: ignore[arg-type]


def test_scan_value_keeps_its_symbology() -> None:
    at = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    scan = Scan("id-1", "serial:/dev/ttyACM0", TSHIRT_EAN13, "]E0", received_at=at)
    assert resolve(scan.text, FakeCatalog(), symbology=scan.symbology).sku is not None
    assert Scan("id-2", "wedge", "A-01-02", received_at=at).symbology == ""


def test_ean_symbology_skips_the_warehouse_code_lookups() -> None:
    catalog = FakeCatalog()
    resolve(TSHIRT_EAN13, catalog, symbology="]E0")
    assert {kind for kind, _ in catalog.lookups} <= {"barcode", "sku"}

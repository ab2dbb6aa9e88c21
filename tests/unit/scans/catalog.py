"""An in-memory, read-only Catalog for resolver tests: a small shop's master data."""

from __future__ import annotations

from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)

TSHIRT_EAN13 = "6901234567892"
MUG_EAN13 = "4006381333931"
WATER_EAN13 = "6920202888883"
WATER_6_PACK = "16920202888880"  # ITF-14 case of six
WATER_12_CASE = "26920202888887"
SERUM_EAN13 = "9501101530003"  # GS1's example GTIN-14 is 0 + this
COLA_UPC_A = "036000291452"  # stored by the shop as 0 + UPC-A
GUM_EAN8 = "96385074"
MINTS_UPC_E = "04252614"  # expands to UPC-A 042100005264
MINTS_UPC_A = "042100005264"
SOCKS_MERCHANT = "SJ-2024-007"
CABLE_NUMERIC_MERCHANT = "6900000000001"  # a shop's own number: not a valid GTIN
SSCC = "359000000000000016"
WAYBILL = "SF1234567890123"
PLATFORM_NO = "2024061512345678901"
# Codes that mean two things at once: each case proves which meaning DESIGN.md section 4 puts first.
BADGE_AND_LOCATION = "X-0100"
LOCATION_AND_MERCHANT = "A-01-03"
COMMAND_LIKE_LOCATION = "C-DONE"  # a command once the command prefix is "C-"
SSCC_SHAPED_ORDER_NO = "359000000000000023"  # a valid SSCC, but this shop's order number
EAN_LIKE_WAYBILL = "7730123456783"  # a valid EAN-13 that is also a cola barcode
ORDER_AND_LOCATION = "P-7001"  # a platform order number and a location
PACK_AND_SKU_CODE = "WATER-6"  # a SKU code and a packaging barcode of another SKU
SSCC_AND_MERCHANT = "359000000000000030"  # a valid SSCC a shop also uses as merchant code

SKUS = (
    Sku("TSHIRT-BLU-XL", "蓝色T恤", "Blue T-shirt", spec="XL"),
    Sku("MUG-WHT", "白色马克杯", "White mug"),
    Sku("WATER-500", "矿泉水 500ml", "Mineral water 500ml"),
    Sku("SERUM-30ML", "精华液 30ml", "Serum 30ml", requires_lot=True),
    Sku("COLA-355", "可乐 355ml", "Cola 355ml"),
    Sku("GUM-MINT", "薄荷口香糖", "Mint gum"),
    Sku("MINTS-TIN", "薄荷糖铁盒", "Mints tin"),
    Sku("SOCKS-BLK", "黑色袜子", "Black socks"),
    Sku("CABLE-USB", "数据线", "USB cable"),
    Sku("NOBARCODE", "无码商品", "Unlabelled item"),
    Sku(PACK_AND_SKU_CODE, "矿泉水六连包（旧编码）", "Water six-pack (old code)"),
)

BARCODES = (
    Barcode(TSHIRT_EAN13, "TSHIRT-BLU-XL"),
    Barcode(MUG_EAN13, "MUG-WHT"),
    Barcode(WATER_EAN13, "WATER-500"),
    Barcode(WATER_6_PACK, "WATER-500", BarcodeKind.PACKAGING, 6),
    Barcode(WATER_12_CASE, "WATER-500", BarcodeKind.PACKAGING, 12),
    Barcode(SERUM_EAN13, "SERUM-30ML"),
    Barcode("0" + COLA_UPC_A, "COLA-355"),
    Barcode(GUM_EAN8, "GUM-MINT"),
    Barcode("0" + MINTS_UPC_A, "MINTS-TIN"),
    Barcode(SOCKS_MERCHANT, "SOCKS-BLK", BarcodeKind.MERCHANT),
    Barcode(CABLE_NUMERIC_MERCHANT, "CABLE-USB", BarcodeKind.MERCHANT),
    Barcode("9999999999994", "GONE-SKU"),  # dangling: its SKU was never imported
    Barcode(LOCATION_AND_MERCHANT, "SOCKS-BLK", BarcodeKind.MERCHANT),
    Barcode(EAN_LIKE_WAYBILL, "COLA-355"),
    Barcode(PACK_AND_SKU_CODE, "WATER-500", BarcodeKind.PACKAGING, 6),
    Barcode(SSCC_AND_MERCHANT, "MUG-WHT", BarcodeKind.MERCHANT),
)

OPERATORS = (
    Operator("B1001", "王芳", frozenset({Role.INSPECTOR})),
    Operator("20001", "李强", frozenset({Role.PICKER})),
    Operator(BADGE_AND_LOCATION, "赵敏", frozenset({Role.STOCKTAKER})),
)

LOCATIONS = (
    Location("A-01-02", LocationKind.BIN, walk_order=102),
    Location("A-01-03", LocationKind.BIN, walk_order=103),
    Location("QC-01", LocationKind.QUARANTINE),
    Location(BADGE_AND_LOCATION, LocationKind.BIN, walk_order=900),
    Location(COMMAND_LIKE_LOCATION, LocationKind.BIN, walk_order=901),
    Location(ORDER_AND_LOCATION, LocationKind.BIN, walk_order=902),
)

ORDERS = (
    Order(
        "SO20240001",
        "taobao",
        "旗舰店",
        OrderStatus.PICKED,
        lines=[OrderLine(1, "TSHIRT-BLU-XL", 2)],
        platform_order_no=PLATFORM_NO,
        courier="SF",
        waybill=WAYBILL,
    ),
    Order(
        SSCC_SHAPED_ORDER_NO,
        "jd",
        "京东自营店",
        OrderStatus.PICKED,
        lines=[OrderLine(1, "MUG-WHT", 1)],
        platform_order_no=ORDER_AND_LOCATION,
        courier="JD",
        waybill=EAN_LIKE_WAYBILL,
    ),
)


class FakeCatalog:
    """Implements wms_tui.core.ports.Catalog; has no way to add anything."""

    def __init__(self) -> None:
        self._skus = {s.code: s for s in SKUS}
        self._barcodes = {b.code: b for b in BARCODES}
        self._operators = {o.badge: o for o in OPERATORS}
        self._locations = {loc.code: loc for loc in LOCATIONS}
        self._orders = ORDERS
        self.lookups: list[tuple[str, str]] = []

    def operator(self, badge: str) -> Operator | None:
        self.lookups.append(("operator", badge))
        return self._operators.get(badge)

    def location(self, code: str) -> Location | None:
        self.lookups.append(("location", code))
        return self._locations.get(code)

    def order(self, code: str) -> Order | None:
        self.lookups.append(("order", code))
        for field in ("order_no", "waybill", "platform_order_no"):
            for order in self._orders:
                if getattr(order, field) == code:
                    return order
        return None

    def barcode(self, code: str) -> Barcode | None:
        self.lookups.append(("barcode", code))
        return self._barcodes.get(code)

    def sku(self, code: str) -> Sku | None:
        self.lookups.append(("sku", code))
        return self._skus.get(code)

    def snapshot(self) -> tuple[object, ...]:
        return (
            dict(self._skus),
            dict(self._barcodes),
            dict(self._operators),
            dict(self._locations),
            tuple((o.order_no, o.status, o.version) for o in self._orders),
        )

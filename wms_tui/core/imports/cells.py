"""Reading one cell at a time: columns by English or Chinese header, strict values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

from wms_tui.core.codes import gs1_check_digit, is_gtin_shape, is_valid_gtin
from wms_tui.core.errors import InvalidQuantity
from wms_tui.core.imports.table import ImportKind, Problem, Table
from wms_tui.core.model import (
    BarcodeKind,
    KitComponent,
    KitMode,
    LocationKind,
    Order,
    OrderLine,
    OrderStatus,
    is_valid_code,
    parse_quantity,
)

T = TypeVar("T")

COLUMNS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.SKUS: {
        "sku": ("sku", "sku_code", "商品编码", "商家编码"),
        "name_zh": ("name_zh", "商品名称", "中文名称"),
        "name_en": ("name_en", "英文名称"),
        "spec": ("spec", "规格"),
        "spec_en": ("spec_en", "英文规格"),
        "barcode": ("barcode", "条码"),
        "barcode2": ("barcode2", "条码2"),
        "pack_barcode": ("pack_barcode", "箱码"),
        "pack_qty": ("pack_qty", "箱规"),
        "weight_g": ("weight_g", "重量", "重量(g)"),
        "price": ("price", "单价"),
        "kit_components": ("kit_components", "套装明细"),
        "kit_mode": ("kit_mode", "套装模式"),
    },
    ImportKind.LOCATIONS: {
        "code": ("code", "location", "库位"),
        "kind": ("kind", "类型"),
        "zone": ("zone", "区域"),
        "walk_order": ("walk_order", "拣货顺序"),
        "station_id": ("station_id", "工作站"),
    },
    ImportKind.STOCK: {
        "sku": ("sku", "商品编码", "商家编码"),
        "location": ("location", "库位"),
        "qty": ("qty", "数量"),
    },
    ImportKind.ORDERS: {
        "order_no": ("order_no", "订单号"),
        "platform": ("platform", "平台"),
        "platform_order_no": ("platform_order_no", "平台单号"),
        "shop": ("shop", "店铺"),
        "buyer": ("buyer", "买家"),
        "courier": ("courier", "快递公司"),
        "waybill": ("waybill", "快递单号"),
        "status": ("status", "状态"),
        "paid_at": ("paid_at", "付款时间"),
        "priority": ("priority", "优先级"),
        "buyer_remark": ("buyer_remark", "买家留言"),
        "seller_remark": ("seller_remark", "卖家备注"),
        "sku": ("sku", "商品编码", "商家编码"),
        "qty": ("qty", "数量"),
        "is_gift": ("is_gift", "赠品"),
        "merged_from": ("merged_from", "合并单号"),
    },
}
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.SKUS: ("sku",),
    ImportKind.LOCATIONS: ("code", "kind"),
    ImportKind.STOCK: ("sku", "location", "qty"),
    ImportKind.ORDERS: ("order_no", "platform", "sku", "qty"),
}
_CONTROL = ("Cc", "Zl", "Zp")
_MULTILINE = frozenset({"buyer_remark", "seller_remark"})  # buyers do write line breaks

PLATFORMS: dict[str, str] = {
    **{p: p for p in ("taobao", "tmall", "jd", "pdd", "1688", "amazon", "own")},
    **{"淘宝": "taobao", "天猫": "tmall", "京东": "jd", "拼多多": "pdd", "阿里巴巴": "1688"},
    **{"亚马逊": "amazon", "自营": "own", "官网": "own"},
}
COURIERS: dict[str, str] = {
    **{c.lower(): c for c in ("SF", "ZTO", "YTO", "STO", "YD", "JD", "EMS", "JT", "DBL", "BEST")},
    **{"顺丰": "SF", "中通": "ZTO", "圆通": "YTO", "申通": "STO", "韵达": "YD", "京东": "JD"},
    **{"邮政": "EMS", "极兔": "JT", "德邦": "DBL", "百世": "BEST"},
}
IMPORT_STATUSES: dict[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "待审核": OrderStatus.PENDING,
    "confirmed": OrderStatus.CONFIRMED,
    "已审核": OrderStatus.CONFIRMED,
}
LOCATION_KINDS: dict[str, LocationKind] = {
    **{k.value: k for k in LocationKind if k is not LocationKind.VIRTUAL},
    **{"货位": LocationKind.BIN, "收货区": LocationKind.RECEIVING, "打包区": LocationKind.PACKING},
    **{"发货区": LocationKind.DOCK, "退货区": LocationKind.RETURNS},
    **{"隔离区": LocationKind.QUARANTINE},
}
KIT_MODES: dict[str, KitMode] = {
    **{m.value: m for m in KitMode},
    **{"整套扫码": KitMode.KIT_BARCODE, "逐件扫码": KitMode.EACH_COMPONENT},
}
FLAGS: dict[str, bool] = {
    **dict.fromkeys(("", "0", "n", "no", "false", "否"), False),
    **dict.fromkeys(("1", "y", "yes", "true", "是", "赠品"), True),
}
_PRICE = re.compile(r"([0-9]{1,7})(?:\.([0-9]{1,2}))?")
_DATETIME = re.compile(
    r"[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
_KIT_PART = re.compile(r"\s*([^*×\s]+)\s*[*×]\s*(\S+)\s*")
SHOP_TIMEZONE = timezone(timedelta(hours=8))  # shops export China time without an offset


def _clean_header(text: str) -> str:
    return text.replace("\ufeff", "").strip().lower()


def map_columns(kind: ImportKind, table: Table) -> tuple[dict[str, str], list[Problem]]:
    """Canonical column -> the header text used in this file."""
    aliases = {a.lower(): name for name, names in COLUMNS[kind].items() for a in names}
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for header in table.header:
        name = aliases.get(_clean_header(header))
        if name is None:
            continue  # shop exports carry many columns we do not need
        if name in found:
            problems.append(Problem(table.file, 1, header, header, "import.duplicate_column"))
        found[name] = header
    for name in REQUIRED[kind]:
        if name not in found:
            problems.append(Problem(table.file, 1, name, "", "import.missing_column"))
    return found, problems


class RowReader:
    """Reads one row's cells; records at most one problem per cell and returns None for it."""

    def __init__(self, file: str, row: int, cells: dict[str, str], columns: dict[str, str]) -> None:
        self.file, self.row, self.problems = file, row, list[Problem]()
        self.cells = {name: cells.get(header, "") for name, header in columns.items()}

    def add(self, column: str, value: str, msgid: str, **params: object) -> None:
        self.problems.append(Problem(self.file, self.row, column, value, msgid, params))

    def raw(self, column: str, *, required: bool = False) -> str | None:
        value = self.cells.get(column, "")
        allowed = "\r\n\t" if column in _MULTILINE else ""
        if any(
            unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch not in allowed for ch in value
        ):
            self.add(column, value, "import.control_chars")
            return None
        if required and not value.strip():
            self.add(column, value, "import.required")
            return None
        return value

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column, required=required)
        return "" if value is None else value.strip()

    def code(
        self, column: str, *, required: bool = False, allow_virtual: bool = False
    ) -> str | None:
        value = self.raw(column, required=required)
        if value is None or value == "":
            return None if value is None or required else ""
        if not is_valid_code(value) or (value.startswith("@") and not allow_virtual):
            self.add(column, value, "import.bad_code")
            return None
        return value

    def qty(
        self, column: str, *, allow_zero: bool = False, default: int | None = None
    ) -> int | None:
        value = self.raw(column)
        if value is None:
            return None
        if value == "" and default is not None:
            return default
        try:
            return parse_quantity(value, allow_zero=allow_zero)
        except InvalidQuantity:
            self.add(column, value, "import.bad_quantity")
            return None

    def choice(
        self, column: str, options: Mapping[str, T], msgid: str, default: T | None
    ) -> T | None:
        value = self.raw(column)
        if value is None:
            return None
        if value.strip() == "":
            return default
        picked = options.get(value.strip().lower())
        if picked is None:
            allowed = ", ".join(sorted({str(v) for v in options.values()}))
            self.add(column, value, msgid, allowed=allowed)
        return picked

    def barcode(self, column: str) -> tuple[str, BarcodeKind] | None:
        code = self.code(column)
        if not code:
            return None
        if is_gtin_shape(code):
            if not is_valid_gtin(code):
                self.add(
                    column, code, "import.bad_check_digit", expected=gs1_check_digit(code[:-1])
                )
                return None
            return code, BarcodeKind.PRODUCT
        return code, BarcodeKind.MERCHANT

    def price_cents(self, column: str) -> int | None:
        value = self.raw(column)
        if not value:
            return 0 if value == "" else None
        match = _PRICE.fullmatch(value)
        if match is None:
            self.add(column, value, "import.bad_price")
            return None
        return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))

    def when(self, column: str) -> datetime | None:
        value = self.raw(column)
        if not value:
            return None
        if _DATETIME.fullmatch(value):
            text = value.replace("/", "-").replace("T", " ")
            for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
                try:
                    local = datetime.strptime(text, fmt)
                except ValueError:
                    continue
                return local.replace(tzinfo=SHOP_TIMEZONE).astimezone(UTC)
        self.add(column, value, "import.bad_datetime")
        return None


def rows_of(table: Table, kind: ImportKind) -> Iterator[RowReader]:
    columns, _problems = map_columns(kind, table)
    for number, cells in table.rows:
        if any(v.strip() for v in cells.values()):
            yield RowReader(table.file, number, cells, columns)


def parse_kit(text: str) -> list[tuple[str, str]] | None:
    """`SKU*2;SKU2*1` -> [(code, qty text)]; None when it is not in that form."""
    parts = [p for p in re.split(r"[;；]", text) if p.strip()]
    pairs = [_KIT_PART.fullmatch(p) for p in parts]
    if not parts or any(m is None for m in pairs):
        return None
    return [(m[1], m[2]) for m in pairs if m is not None]


def expand_line(
    line_no: int,
    sku_code: str,
    qty: int,
    is_gift: bool,
    components: Callable[[str], list[KitComponent]],
) -> list[OrderLine]:
    """A kit on an order becomes its component lines, each remembering the kit."""
    parts = components(sku_code)
    if not parts:
        return [OrderLine(line_no, sku_code, qty, is_gift)]
    return [
        OrderLine(line_no + i, c.component_code, c.qty * qty, is_gift, kit_code=sku_code)
        for i, c in enumerate(sorted(parts, key=lambda c: c.component_code))
    ]


def same_order_content(a: Order, b: Order) -> bool:
    """Equal as imported; status and version move on in the warehouse and do not count."""
    fields = (
        "platform", "shop", "platform_order_no", "buyer", "courier", "waybill",
        "buyer_remark", "seller_remark", "paid_at", "priority", "merged_from", "lines",
    )  # fmt: skip
    return all(getattr(a, f) == getattr(b, f) for f in fields)

"""Every bad-input reason produces exactly its problem: file, row, column, value, msgid."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.imports.helpers import (
    MUG_EAN,
    ORDER_HEADER,
    PO_HEADER,
    SKU_HEADER,
    TEE_EAN,
    factory,
    order_row,
    po_row,
    seeded,
    sku_row,
    table,
)
from wms_tui.core.errors import ImportRejected, WmsError
from wms_tui.core.imports import (
    ImportKind,
    Problem,
    Table,
    gs1_check_digit,
    is_valid_gs1,
    prefetch,
    validate,
)
from wms_tui.i18n import set_language, translate

STOCK = ["sku", "location", "qty"]
LOCATIONS = ["code", "kind", "zone", "walk_order"]
F = "test.csv"


def _wrong_check(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


CASES: list[tuple[str, ImportKind, Table, tuple[int, str, str, str]]] = [
    *[
        (f"qty {q!r}", ImportKind.STOCK, table(STOCK, ["MUG-1", "A-01-1", q]),
         (2, "qty", q, "import.bad_quantity"))
        for q in ("１２", "1_000", "-3", " 12", "1.5", "", "١٢")
    ],
    # Each told what is wrong with it, not "digits 0-9 only" (a stock file may say 0).
    ("qty 0 on an order", ImportKind.ORDERS, table(ORDER_HEADER, order_row(qty="0")),
     (2, "qty", "0", "import.qty_zero")),
    ("qty too large", ImportKind.STOCK, table(STOCK, ["MUG-1", "A-01-1", "1000000000"]),
     (2, "qty", "1000000000", "import.qty_too_large")),
    ("unknown column", ImportKind.ORDERS,
     table([*ORDER_HEADER, "买家备注x"], [*order_row(), "请发顺丰"]),
     (1, "买家备注x", "买家备注x", "import.unknown_column")),
    ("shelf life not whole days", ImportKind.SKUS,
     table(["sku", "name_zh", "min_shelf_days"], ["NEW-1", "新商品", "-3"]),
     (2, "min_shelf_days", "-3", "import.bad_quantity")),
    ("shelf life in words", ImportKind.SKUS,
     table(["sku", "name_zh", "允收期(天)"], ["NEW-1", "新商品", "三个月"]),
     (2, "min_shelf_days", "三个月", "import.bad_quantity")),
    ("name too long", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_zh="长" * 201)),
     (2, "name_zh", "长" * 201, "import.too_long")),
    ("buyer too long", ImportKind.ORDERS, table(ORDER_HEADER, order_row(shop="店" * 101)),
     (2, "shop", "店" * 101, "import.too_long")),
    ("code too long", ImportKind.ORDERS, table(ORDER_HEADER, order_row(order_no="9" * 65)),
     (2, "order_no", "9" * 65, "import.too_long")),
    ("zero width space", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_zh="T\u200b恤")),
     (2, "name_zh", "T\u200b恤", "import.control_chars")),
    ("bidi override", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(buyer_remark="\u202egnp.exe")),
     (2, "buyer_remark", "\u202egnp.exe", "import.control_chars")),
    ("NUL in a cell", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_en="a\x00b")),
     (2, "name_en", "a\x00b", "import.control_chars")),
    ("terminal escape", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_en="\x1b]0;pwned\x07")),
     (2, "name_en", "\x1b]0;pwned\x07", "import.control_chars")),
    ("qty with a line break", ImportKind.STOCK, table(STOCK, ["MUG-1", "A-01-1", "12\n"]),
     (2, "qty", "12\n", "import.control_chars")),
    ("unknown sku (stock)", ImportKind.STOCK, table(STOCK, ["GHOST", "A-01-1", "1"]),
     (2, "sku", "GHOST", "import.unknown_sku")),
    ("unknown sku (order)", ImportKind.ORDERS, table(ORDER_HEADER, order_row(sku="GHOST")),
     (2, "sku", "GHOST", "import.unknown_sku")),
    ("unknown location", ImportKind.STOCK, table(STOCK, ["MUG-1", "Z-99", "1"]),
     (2, "location", "Z-99", "import.unknown_location")),
    ("virtual location", ImportKind.STOCK, table(STOCK, ["MUG-1", "@customer", "1"]),
     (2, "location", "@customer", "import.virtual_location")),
    ("kit has no stock", ImportKind.STOCK, table(STOCK, ["KIT-1", "A-01-1", "1"]),
     (2, "sku", "KIT-1", "import.kit_stock")),
    ("order in database differs", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(order_no="SO-1")),
     (2, "order_no", "SO-1", "import.duplicate_order")),
    ("order conflicts in file", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(), order_row(platform="tmall")),
     (3, "platform", "tmall", "import.order_conflict")),
    ("waybill without courier", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(waybill="SF123456789012")),
     (2, "courier", "", "import.waybill_without_courier")),
    ("waybill used by another order", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(courier="SF", waybill="SF100000000001")),
     (2, "waybill", "SF100000000001", "import.duplicate_waybill")),
    ("bad courier", ImportKind.ORDERS, table(ORDER_HEADER, order_row(courier="UPS")),
     (2, "courier", "UPS", "import.bad_courier")),
    ("bad status", ImportKind.ORDERS, table(ORDER_HEADER, order_row(status="shipped")),
     (2, "status", "shipped", "import.bad_status")),
    ("status not for import", ImportKind.ORDERS, table(ORDER_HEADER, order_row(status="picked")),
     (2, "status", "picked", "import.bad_status")),
    ("bad platform", ImportKind.ORDERS, table(ORDER_HEADER, order_row(platform="ebay")),
     (2, "platform", "ebay", "import.bad_platform")),
    ("missing platform", ImportKind.ORDERS, table(ORDER_HEADER, order_row(platform="")),
     (2, "platform", "", "import.required")),
    ("bad paid_at", ImportKind.ORDERS, table(ORDER_HEADER, order_row(paid_at="２０２６-01-01")),
     (2, "paid_at", "２０２６-01-01", "import.bad_datetime")),
    ("bad gift flag", ImportKind.ORDERS, table(ORDER_HEADER, order_row(is_gift="maybe")),
     (2, "is_gift", "maybe", "import.bad_flag")),
    ("remark control chars", ImportKind.ORDERS,
     table(ORDER_HEADER, order_row(buyer_remark="快\x1b[31m")),
     (2, "buyer_remark", "快\x1b[31m", "import.control_chars")),
    ("po sku by neither code nor barcode", ImportKind.PURCHASE_ORDERS,
     table(PO_HEADER, po_row(sku="6999999999990")),
     (2, "sku", "6999999999990", "import.unknown_sku_or_barcode")),
    ("po without supplier", ImportKind.PURCHASE_ORDERS, table(PO_HEADER, po_row(supplier="")),
     (2, "supplier", "", "import.required")),
    ("po supplier differs below", ImportKind.PURCHASE_ORDERS,
     table(PO_HEADER, po_row(), po_row(supplier="别家")),
     (3, "supplier", "别家", "import.po_conflict")),
    ("po bad expected date", ImportKind.PURCHASE_ORDERS,
     table(PO_HEADER, po_row(expected="2026-02-30")),
     (2, "expected", "2026-02-30", "import.bad_date")),
    ("po bad expiry", ImportKind.PURCHASE_ORDERS, table(PO_HEADER, po_row(expiry="明年")),
     (2, "expiry", "明年", "import.bad_date")),
    ("po qty zero", ImportKind.PURCHASE_ORDERS, table(PO_HEADER, po_row(qty="0")),
     (2, "qty", "0", "import.qty_zero")),
    ("missing sku code", ImportKind.SKUS, table(SKU_HEADER, sku_row(sku="")),
     (2, "sku", "", "import.required")),
    ("missing both names", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_zh="", name_en="")),
     (2, "name_zh", "", "import.required")),
    ("sku code with space", ImportKind.SKUS, table(SKU_HEADER, sku_row(sku="A B")),
     (2, "sku", "A B", "import.bad_code")),
    ("duplicate sku in file", ImportKind.SKUS, table(SKU_HEADER, sku_row(), sku_row()),
     (3, "sku", "NEW-1", "import.duplicate_sku")),
    ("barcode of another sku", ImportKind.SKUS, table(SKU_HEADER, sku_row(barcode=TEE_EAN)),
     (2, "barcode", TEE_EAN, "import.duplicate_barcode")),
    ("barcode twice in file", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(barcode="6930000000011"),
           sku_row(sku="NEW-2", barcode2="6930000000011")),
     (3, "barcode2", "6930000000011", "import.duplicate_barcode")),
    *[
        (f"check digit {code}", ImportKind.SKUS, table(SKU_HEADER, sku_row(barcode=code)),
         (2, "barcode", code, "import.bad_check_digit"))
        for code in map(_wrong_check, ("6901234567892", "96385074", "036000291452",
                                       "16901234567899"))
    ],
    ("pack without pack qty", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(pack_barcode="16901234567899")),
     (2, "pack_qty", "", "import.bad_pack_qty")),
    ("bad price", ImportKind.SKUS, table(SKU_HEADER, sku_row(price="12,50")),
     (2, "price", "12,50", "import.bad_price")),
    ("bad weight", ImportKind.SKUS, table(SKU_HEADER, sku_row(weight_g="1.5")),
     (2, "weight_g", "1.5", "import.bad_quantity")),
    ("kit component unknown", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(kit_components="MUG-1*1;GHOST*2")),
     (2, "kit_components", "GHOST", "import.unknown_kit_component")),
    ("kit component is a kit", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(kit_components="KIT-1*1")),
     (2, "kit_components", "KIT-1", "import.kit_in_kit")),
    ("kit format", ImportKind.SKUS, table(SKU_HEADER, sku_row(kit_components="MUG-1x2")),
     (2, "kit_components", "MUG-1x2", "import.bad_kit_format")),
    ("kit component qty", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(kit_components="MUG-1*１")),
     (2, "kit_components", "１", "import.bad_quantity")),
    ("kit mode", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(kit_components="MUG-1*1", kit_mode="loose")),
     (2, "kit_mode", "loose", "import.bad_kit_mode")),
    ("kit changed", ImportKind.SKUS,
     table(SKU_HEADER, sku_row(sku="KIT-1", kit_components="MUG-1*3")),
     (2, "kit_components", "MUG-1*3", "import.kit_changed")),
    ("name control chars", ImportKind.SKUS, table(SKU_HEADER, sku_row(name_zh="坏\x07名")),
     (2, "name_zh", "坏\x07名", "import.control_chars")),
    ("bad location kind", ImportKind.LOCATIONS, table(LOCATIONS, ["B-01-1", "shelf", "", ""]),
     (2, "kind", "shelf", "import.bad_kind")),
    ("virtual kind refused", ImportKind.LOCATIONS, table(LOCATIONS, ["B-01-1", "virtual", "", ""]),
     (2, "kind", "virtual", "import.bad_kind")),
    ("virtual code refused", ImportKind.LOCATIONS, table(LOCATIONS, ["@x", "bin", "", ""]),
     (2, "code", "@x", "import.bad_code")),
    ("duplicate location", ImportKind.LOCATIONS,
     table(LOCATIONS, ["B-01-1", "bin", "", "1"], ["B-01-1", "bin", "", "2"]),
     (3, "code", "B-01-1", "import.duplicate_location")),
    ("missing column", ImportKind.STOCK, table(["sku", "location"], ["MUG-1", "A-01-1"]),
     (1, "qty", "", "import.missing_column")),
    ("column twice", ImportKind.STOCK, table(["sku", "商品编码", "location", "qty"]),
     (1, "商品编码", "商品编码", "import.duplicate_column")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "bad", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_reason_gives_exactly_its_problem(
    kind: ImportKind, bad: Table, expected: tuple[int, str, str, str]
) -> None:
    db = seeded()
    with factory(db)() as uow, pytest.raises(ImportRejected) as caught:
        validate(kind, bad, prefetch(kind, bad, uow.imports))
    problems = caught.value.params["problems"]
    assert isinstance(problems, list)
    assert [(p.file, p.row, p.column, p.value, p.msgid) for p in problems] == [(F, *expected)]
    assert caught.value.params["count"] == 1
    assert caught.value.params["file"] == F


def test_three_bad_rows_report_all_three() -> None:
    bad = table(STOCK, ["MUG-1", "A-01-1", "１２"], ["MUG-1", "A-01-1", "3"],
                ["GHOST", "A-01-1", "1"], ["MUG-1", "Z-9", "2"])  # fmt: skip
    with factory(seeded())() as uow, pytest.raises(ImportRejected) as caught:
        validate(ImportKind.STOCK, bad, prefetch(ImportKind.STOCK, bad, uow.imports))
    problems = caught.value.params["problems"]
    assert isinstance(problems, list)
    assert [(p.row, p.column, p.msgid) for p in problems] == [
        (2, "qty", "import.bad_quantity"),
        (4, "sku", "import.unknown_sku"),
        (5, "location", "import.unknown_location"),
    ]


def test_chinese_headers_are_accepted() -> None:
    good = table(["商品编码", "库位", "数量"], ["MUG-1", "A-01-1", "5"])
    with factory(seeded())() as uow:
        records = validate(ImportKind.STOCK, good, prefetch(ImportKind.STOCK, good, uow.imports))
    assert len(records) == 1


def test_kit_component_defined_in_the_same_file_is_known() -> None:
    good = table(SKU_HEADER, sku_row(sku="NEW-2"), sku_row(kit_components="NEW-2*2;MUG-1*1"))
    with factory(seeded())() as uow:
        records = validate(ImportKind.SKUS, good, prefetch(ImportKind.SKUS, good, uow.imports))
    assert len(records) == 2


def test_problem_message_is_one_translated_line() -> None:
    problem = Problem("a.csv", 7, "qty", "1\n2", "import.bad_quantity")
    assert "\n" not in problem.message()
    assert problem.message().startswith("a.csv:7 qty 1<U+000A>2")


def test_invisible_characters_are_shown_by_code_point() -> None:
    set_language("en")
    problem = Problem("a.csv", 2, "name_zh", "T\u200b恤\u202e", "import.control_chars",
                      {"chars": "<U+200B> <U+202E>"})  # fmt: skip
    shown = problem.message()
    assert shown.startswith("a.csv:2 name_zh T<U+200B>恤<U+202E>: contains <U+200B> <U+202E>")
    assert not any(ch in shown for ch in "\u200b\u202e")


def test_a_header_only_file_is_refused_not_imported_as_nothing() -> None:
    with factory(seeded())() as uow, pytest.raises(ImportRejected) as caught:
        empty = table(STOCK)
        validate(ImportKind.STOCK, empty, prefetch(ImportKind.STOCK, empty, uow.imports))
    problems = caught.value.params["problems"]
    assert [(p.row, p.msgid) for p in problems] == [(0, "import.no_rows")]  # type: ignore[attr-defined]


def test_a_dropped_column_is_accepted_only_when_named() -> None:
    data = table([*STOCK, "批次号"], ["MUG-1", "A-01-1", "5", "L1"])
    with factory(seeded())() as uow:
        known = prefetch(ImportKind.STOCK, data, uow.imports)
        with pytest.raises(ImportRejected):
            validate(ImportKind.STOCK, data, known)
        assert len(validate(ImportKind.STOCK, data, known, frozenset({"批次号"}))) == 1


def test_the_remark_columns_of_real_exports_are_read() -> None:
    for heading in ("买家留言", "买家备注", "买家附言", "客户留言"):
        header = ["订单编号", "平台", "商家编码", "购买数量", heading, "收货地址"]
        data = table(header, ["SO-7", "淘宝", "MUG-1", "1", "不要发圆通", "杭州"])
        with factory(seeded())() as uow:
            records = validate(
                ImportKind.ORDERS, data, prefetch(ImportKind.ORDERS, data, uow.imports)
            )
        order = records[0].order  # type: ignore[union-attr]
        assert order.buyer_remark == "不要发圆通", heading
    zh = translate("import.problem", "zh_CN", file="a", row=1, column="c", value="v", reason="r")
    assert zh == "a:1 c v：r"


@pytest.mark.parametrize("code", ["6901234567892", "96385074", "036000291452", "16901234567899"])
def test_gs1_check_digits(code: str) -> None:
    assert is_valid_gs1(code)
    assert gs1_check_digit(code[:-1]) == code[-1]
    assert not is_valid_gs1(_wrong_check(code))
    assert is_valid_gs1(MUG_EAN)


_cell = st.text(max_size=12) | st.sampled_from(["MUG-1", "A-01-1", "1", "jd", "SF", "KIT-1", ""])


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(list(ImportKind)),
    cells=st.lists(st.lists(_cell, min_size=16, max_size=16), min_size=1, max_size=4),
)
def test_validators_raise_only_wms_errors(kind: ImportKind, cells: list[list[str]]) -> None:
    header = {
        ImportKind.SKUS: SKU_HEADER,
        ImportKind.LOCATIONS: LOCATIONS,
        ImportKind.STOCK: STOCK,
        ImportKind.PURCHASE_ORDERS: PO_HEADER,
        ImportKind.ORDERS: ORDER_HEADER,
    }[kind]
    rows = [row[: len(header)] for row in cells]
    with factory(seeded())() as uow:
        try:
            validate(kind, table(header, *rows), prefetch(kind, table(header, *rows), uow.imports))
        except WmsError as exc:
            assert isinstance(exc, ImportRejected)
            problems = exc.params["problems"]
            assert isinstance(problems, list)
            assert all(p.message() for p in problems)

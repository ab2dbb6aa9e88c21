"""Files as the shops send them: encodings, workbooks, numbers Excel rounded, broken quotes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.fakes import FixedClock
from tests.unit.imports.helpers import factory, seeded
from wms_tui.bootstrap.imports import import_file
from wms_tui.bootstrap.readers import read_table
from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import ImportKind, Problem
from wms_tui.i18n import set_language

ORDER: list[object] = ["order_no", "platform", "platform_order_no", "buyer", "sku", "qty"]


def _problems(caught: pytest.ExceptionInfo[ImportRejected]) -> list[Problem]:
    problems = caught.value.params["problems"]
    assert isinstance(problems, list)
    return problems


def test_gbk_that_happens_to_be_valid_utf8_is_read_as_gbk(tmp_path: Path) -> None:
    data = "order_no,buyer\nSO-1,女士\n".encode("gbk")
    data.decode("utf-8")  # the trap: these bytes are valid UTF-8 (`Ůʿ`)
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.rows[0][1]["buyer"] == "女士"
    assert "order_no, buyer" in table.source  # the decoded names are shown in the report


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_excel_unicode_text_is_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "orders.txt"
    path.write_bytes("order_no\tbuyer\r\nSO-1\t张三\r\n".encode(codec))
    table = read_table(path)
    assert table.rows == [(2, {"order_no": "SO-1", "buyer": "张三"})]
    assert table.encoding.startswith("utf-16")


def test_encoding_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes("order_no,buyer\nSO-1,女士\n".encode("gbk"))
    assert read_table(path, encoding="utf-8").rows[0][1]["buyer"] == "Ůʿ"
    with pytest.raises(ImportRejected) as caught:
        read_table(tmp_path / "orders.csv", encoding="no-such-codec")
    assert [p.msgid for p in _problems(caught)] == ["import.unknown_encoding"]


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["order_no", "buyer"])
    sheet.append(["SO-1", "张三"])
    path = tmp_path / "orders.csv"
    workbook.save(path)
    assert read_table(path).rows == [(2, {"order_no": "SO-1", "buyer": "张三"})]


def test_an_unclosed_quote_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text('order_no,buyer\nSO-1,a\nSO-2,"b\nSO-3,c\n', encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    problems = _problems(caught)
    assert [(p.row, p.msgid) for p in problems] == [(3, "import.unclosed_quote")]
    set_language("en")
    assert "row 3" in problems[0].message()


def test_a_nul_in_a_cell_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "stock.csv"
    path.write_bytes(b"sku,location,qty\nMUG-1,A-01-1,5\nMUG-1,A-01-2,5\x00\n")
    db = seeded()
    with pytest.raises(ImportRejected) as caught:
        import_file(factory(db), FixedClock(), ImportKind.STOCK, path, operator="t", station_id="S")
    problems = _problems(caught)
    assert [(p.row, p.column, p.msgid) for p in problems] == [(3, "qty", "import.control_chars")]
    assert "<U+0000>" in problems[0].message()


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def test_every_sheet_with_the_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    _workbook(path, {
        "一月": [ORDER, ["SO-7", "jd", "", "", "MUG-1", 1]],
        "二月": [ORDER, ["SO-8", "jd", "", "", "MUG-1", 2]],
    })  # fmt: skip
    db = seeded()
    report = import_file(
        factory(db), FixedClock(), ImportKind.ORDERS, path, operator="t", station_id="S"
    )
    assert report.created == 2
    with factory(db)() as uow:
        assert uow.orders.get("SO-8") is not None  # the order on sheet 2 is there
    assert "一月, 二月" in report.message()


def test_problems_on_a_later_sheet_name_the_sheet_and_its_row(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    _workbook(path, {
        "一月": [ORDER, ["SO-7", "jd", "", "", "MUG-1", 1]],
        "二月": [ORDER, ["SO-8", "jd", "", "", "GHOST", 2]],
    })  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        import_file(
            factory(seeded()), FixedClock(), ImportKind.ORDERS, path, operator="t", station_id="S"
        )
    assert [(p.file, p.row, p.column) for p in _problems(caught)] == [
        ("orders.xlsx [二月]", 2, "sku")
    ]


def test_a_sheet_with_other_columns_is_refused_by_name_or_picked(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    _workbook(path, {
        "订单": [ORDER, ["SO-7", "jd", "", "", "MUG-1", 1]],
        "说明": [["备注"], ["导出于 2024-06-01"]],
    })  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    problems = _problems(caught)
    assert [(p.msgid, p.params["sheets"]) for p in problems] == [("import.sheets_not_read", "说明")]
    assert len(read_table(path, sheet="订单").rows) == 1


def test_a_19_digit_number_in_excel_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    # What Excel keeps of 1234567890123456789 typed into a number cell.
    _workbook(path, {"订单": [ORDER, ["SO-7", "tmall", 1234567890123456789.0, "", "MUG-1", 1]]})
    with pytest.raises(ImportRejected) as caught:
        import_file(
            factory(seeded()), FixedClock(), ImportKind.ORDERS, path, operator="t", station_id="S"
        )
    problems = _problems(caught)
    assert [(p.row, p.column, p.msgid) for p in problems] == [
        (2, "platform_order_no", "import.inexact_number")
    ]
    set_language("en")
    assert "format the column as text" in problems[0].message()


def test_numbers_excel_keeps_exactly_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    _workbook(path, {"订单": [ORDER, ["SO-7", "tmall", 73100000000001, "", "MUG-1", 1]]})
    db = seeded()
    import_file(factory(db), FixedClock(), ImportKind.ORDERS, path, operator="t", station_id="S")
    with factory(db)() as uow:
        order = uow.orders.get("SO-7")
    assert order is not None and order.platform_order_no == "73100000000001"

"""GB18030, UTF-8 with BOM and XLSX all read the same Chinese text; bad files say why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from wms_tui.bootstrap.readers import cell_text, read_table
from wms_tui.core.errors import ImportRejected
from wms_tui.i18n import set_language

HEADER = ["商品编码", "商品名称", "规格", "条码", "数量"]
ROWS = [
    ["TEE-W-XL", "纯棉圆领T恤", "白色 XL", "6901234567892", "12"],
    ["MASK-10", "玻尿酸保湿面膜，「10片装」", "10片/盒", "6920000000012", "3"],
]


def _csv_text() -> str:
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "reported"),
    [("gb18030", b"", "gb18030"), ("utf-8", b"\xef\xbb\xbf", "utf-8-bom"), ("utf-8", b"", "utf-8")],
)
def test_csv_encodings_read_the_same(
    tmp_path: Path, encoding: str, prefix: bytes, reported: str
) -> None:
    path = tmp_path / "skus.csv"
    path.write_bytes(prefix + _csv_text().encode(encoding))
    table = read_table(path)
    assert table.encoding == reported
    assert table.header == HEADER
    assert [n for n, _c in table.rows] == [2, 3]
    assert [[cells[h] for h in HEADER] for _n, cells in table.rows] == ROWS


def test_xlsx_reads_the_same_and_renders_numbers_as_typed(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([*row[:3], int(row[3]), float(row[4])])
    sheet.append([])
    sheet.append(["X", "日期", dt.datetime(2026, 11, 20, 10, 31), dt.date(2026, 11, 21), 1.5])
    path = tmp_path / "skus.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.header == HEADER
    assert [[cells[h] for h in HEADER] for _n, cells in table.rows[:2]] == ROWS
    assert table.rows[3] == (
        5,
        dict(zip(HEADER, ["X", "日期", "2026-11-20 10:31:00", "2026-11-21", "1.5"], strict=True)),
    )


def test_excel_text_wrapper_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text('order_no,qty,extra\n="0012345",2\n', encoding="utf-8")
    table = read_table(path)
    assert table.rows == [(2, {"order_no": "0012345", "qty": "2", "extra": ""})]


@pytest.mark.parametrize(
    ("name", "data", "msgid"),
    [
        ("a.csv", b"", "import.empty"),
        ("a.csv", bytes(range(128, 256)) * 3, "import.bad_encoding"),
        ("a.csv", b",,\nx,y\n", "import.no_header"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "import.unreadable"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "import.xls_file"),
        ("a.pdf", b"%PDF-1.4", "import.unsupported_file"),
    ],
)
def test_unreadable_files_are_rejected_with_one_problem(
    tmp_path: Path, name: str, data: bytes, msgid: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    problems = caught.value.params["problems"]
    assert isinstance(problems, list)
    assert [(p.file, p.row, p.msgid) for p in problems] == [(name, 0, msgid)]


def test_cell_text() -> None:
    assert [cell_text(v) for v in (None, 12, 12.0, 0.1, True, dt.time(9, 5))] == [
        "",
        "12",
        "12",
        "0.1",
        "true",
        "09:05:00",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cells_without_a_header_are_refused_not_dropped(tmp_path: Path, suffix: str) -> None:
    records = [["sku", "qty", ""], ["A", "2", "", ""], ["B", "3", "9", "x"], ["C", "1", " ", ""]]
    path = tmp_path / f"stock{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(r) for r in records) + "\n", encoding="utf-8")
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for record in records:
            sheet.append([c or None for c in record])
        workbook.save(path)
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    problems = caught.value.params["problems"]
    assert isinstance(problems, list)
    found = [(p.file, p.row, p.column, p.value, p.msgid) for p in problems]
    assert found == [
        (path.name, 3, "#3", "9", "import.no_header_cell"),
        (path.name, 3, "#4", "x", "import.no_header_cell"),
    ]
    set_language("en")
    assert "column 3, which has no header" in problems[0].message()

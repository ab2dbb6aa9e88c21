"""Print a sheet, rasterise it like a scanner would see it, and decode every barcode back."""

from __future__ import annotations

import socket
import stat
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from devices.fake import RecordingPrinter
from devices.labels import (
    CupsPrinter,
    DirectoryPrinter,
    LabelError,
    LabelItem,
    PrinterError,
    RawNetworkPrinter,
    barcode_sheet_pdf,
)

ITEMS = [
    LabelItem("蓝色保温杯 500ml", "6901234567892"),
    LabelItem("库位 A-01-02", "A-01-02"),
    LabelItem("Order 订单", "3560278812345678901"),
    LabelItem("SKU mixed-Case_9", "SKU-mixed-Case_9"),
    LabelItem("Forced Code 128", "4006381333931", "code128"),
    LabelItem("EAN", "4006381333931"),
    LabelItem("GS1 批次", "0109501101530003\x1d10LOT7"),
]


def decode_page(pdf: bytes, index: int) -> list[tuple[str, str]]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[index].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    # .bytes, not .text: .text shows GS as "<GS>"
    return sorted((b.format.name, bytes(b.bytes).decode("ascii")) for b in found)


def page_text(pdf: bytes, index: int) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return str(document[index].get_textpage().get_text_range())
    finally:
        document.close()


def test_every_value_on_the_sheet_decodes_back_exactly() -> None:
    pdf = barcode_sheet_pdf("入库标签 Receiving labels", ITEMS)
    assert pdf.startswith(b"%PDF")
    got = decode_page(pdf, 0)
    assert sorted(text for _, text in got) == sorted(item.value for item in ITEMS)
    assert {text for fmt, text in got if fmt == "EAN13"} == {"6901234567892", "4006381333931"}
    code128 = {text for fmt, text in got if fmt == "Code128"}
    assert code128 == {
        "A-01-02",
        "3560278812345678901",
        "SKU-mixed-Case_9",
        "4006381333931",
        "0109501101530003\x1d10LOT7",
    }
    text = page_text(pdf, 0)
    assert "入库标签" in text and "蓝色保温杯 500ml" in text and "库位 A-01-02" in text


def test_many_items_flow_onto_more_pages_and_the_last_page_decodes() -> None:
    items = [LabelItem(f"库位 {n}", f"B-{n:03d}") for n in range(20)]
    pdf = barcode_sheet_pdf("库位", items)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = len(document)
    finally:
        document.close()
    assert pages == 2
    first = {text for _, text in decode_page(pdf, 0)}
    last = {text for _, text in decode_page(pdf, 1)}
    assert first | last == {item.value for item in items}
    assert not first & last


def test_a_bad_item_fails_the_whole_sheet_before_drawing() -> None:
    with pytest.raises(LabelError):
        barcode_sheet_pdf("x", [ITEMS[0], LabelItem("typo", "6901234567891")])
    with pytest.raises(LabelError):
        barcode_sheet_pdf("x", [LabelItem("long", "X" * 79)])


def test_directory_printer_writes_the_file(tmp_path: Path) -> None:
    printer = DirectoryPrinter(tmp_path / "out")
    where = printer.print_pdf("pick list 波次 7", b"%PDF-fake")
    assert Path(where) == tmp_path / "out" / "pick_list_波次_7.pdf"
    assert Path(where).read_bytes() == b"%PDF-fake"


def test_directory_printer_error_is_a_printer_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    with pytest.raises(PrinterError) as info:
        DirectoryPrinter(blocker / "sub").print_pdf("x", b"")
    assert info.value.code == "printer.failed"


def test_cups_printer_feeds_lp_on_stdin(tmp_path: Path) -> None:
    received = tmp_path / "received"
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > {received}.args\ncat > {received}\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    printer = CupsPrinter("label-zebra", lp=str(lp))
    assert printer.print_pdf("wave 12", b"%PDF-bytes") == "cups:label-zebra"
    printer.wait(5)
    assert received.read_bytes() == b"%PDF-bytes"
    assert (tmp_path / "received.args").read_text().split() == [
        "-d",
        "label-zebra",
        "-t",
        "wave",
        "12",
        "-",
    ]
    assert printer.finished == [("wave 12", 0)]


def test_cups_printer_without_lp_raises(tmp_path: Path) -> None:
    with pytest.raises(PrinterError):
        CupsPrinter("q", lp=str(tmp_path / "no-lp")).print_pdf("x", b"")


def test_raw_network_printer_sends_everything() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    chunks: list[bytes] = []

    def accept() -> None:
        conn, _ = server.accept()
        with conn:
            while data := conn.recv(65536):
                chunks.append(data)

    thread = threading.Thread(target=accept)
    thread.start()
    payload = bytes(range(256)) * 1000
    try:
        assert (
            RawNetworkPrinter("127.0.0.1", port).print_pdf("x", payload) == f"raw:127.0.0.1:{port}"
        )
        thread.join(5)
    finally:
        server.close()
    assert b"".join(chunks) == payload


def test_raw_network_printer_refused_is_a_printer_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(PrinterError):
        RawNetworkPrinter("127.0.0.1", port, timeout=1).print_pdf("x", b"data")


def test_recording_printer() -> None:
    printer = RecordingPrinter()
    assert printer.print_pdf("a", b"1") == "memory:1:a"
    assert [(d.name, d.data) for d in printer.documents] == [("a", b"1")]
    failing = RecordingPrinter(fail_with=PrinterError("jammed"))
    with pytest.raises(PrinterError):
        failing.print_pdf("a", b"1")


def test_a_zpl_label_keeps_its_name_and_goes_to_cups_raw(tmp_path: Path) -> None:
    where = DirectoryPrinter(tmp_path).print_pdf("label-SO1.zpl", b"^XA^XZ")
    assert Path(where).name == "label-SO1.zpl"
    received = tmp_path / "received"
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > {received}.args\ncat > {received}\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    printer = CupsPrinter("zebra", lp=str(lp))
    printer.print_pdf("label-SO1.zpl", b"^XA^XZ")
    printer.wait(5)
    # Without -o raw, CUPS would try to convert ZPL as if it were a document.
    args = (tmp_path / "received.args").read_text().split()
    assert args == ["-d", "zebra", "-t", "label-SO1.zpl", "-o", "raw", "-"]
    assert received.read_bytes() == b"^XA^XZ"

from __future__ import annotations

import os
from pathlib import Path

import pytest
from serial.tools import list_ports_common

from devices.discovery import PortInfo, list_input_devices, list_serial_ports


def test_serial_ports_carry_usb_ids_and_by_id_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, slave = os.openpty()
    try:
        device = os.ttyname(slave)
        by_id = tmp_path / "by-id"
        by_id.mkdir()
        link = by_id / "usb-Honeywell_1900-if00"
        link.symlink_to(device)

        def fake_comports() -> list[list_ports_common.ListPortInfo]:
            info = list_ports_common.ListPortInfo(device, skip_link_detection=True)
            info.vid, info.pid, info.serial_number = 0x0C2E, 0x0B61, "S1"
            info.description = "Honeywell 1900"
            other = list_ports_common.ListPortInfo("/dev/ttyS0", skip_link_detection=True)
            return [other, info]

        monkeypatch.setattr("serial.tools.list_ports.comports", fake_comports)
        assert list_serial_ports(by_id) == sorted(
            [
                PortInfo(device, str(link), 0x0C2E, 0x0B61, "S1", "Honeywell 1900"),
                PortInfo("/dev/ttyS0", None, None, None, None, "n/a"),
            ],
            key=lambda p: p.device,
        )
    finally:
        os.close(master)
        os.close(slave)


def test_missing_by_id_dir_and_proc_file_give_empty_answers(tmp_path: Path) -> None:
    assert all(p.by_id is None for p in list_serial_ports(tmp_path / "absent"))
    assert list_input_devices(tmp_path / "absent") == []

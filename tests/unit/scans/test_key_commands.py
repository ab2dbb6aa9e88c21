"""Key actions are typed commands: they never depend on `scanning.command_prefix`.

Before, the screens' keys sent the literal text `CMD:ACK` (and `CMD:SHORT`, `CMD:UNDO` ...)
as if it were a scanned barcode, so a station whose command barcodes start with `#`, or that
turned command barcodes off with "", refused its own F-keys as unknown codes.
"""

from __future__ import annotations

import pytest

from tests.unit.scans.catalog import FakeCatalog
from wms_tui.core.errors import UnknownCode
from wms_tui.core.picking.records import Command as PickCommand
from wms_tui.core.picking.step import classify_text
from wms_tui.core.scans import (
    KEY_SOURCE,
    ResolverConfig,
    ScanKind,
    command_body,
    key_command,
    resolve,
)

PREFIXES = ("CMD:", "#", "")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_key_is_a_command_whatever_the_barcode_prefix(prefix: str) -> None:
    config = ResolverConfig(command_prefix=prefix)
    resolved = resolve(key_command("DONE"), FakeCatalog(), config, source=KEY_SOURCE)
    assert (resolved.kind, resolved.command) == (ScanKind.COMMAND, "DONE")


def test_a_barcode_uses_the_configured_prefix_only() -> None:
    config = ResolverConfig(command_prefix="#")
    assert resolve("#DONE", FakeCatalog(), config, source="scanner-1").command == "DONE"
    assert (
        command_body("#DONE", KEY_SOURCE, config.command_prefix) is None
    )  # keys keep their own spelling
    off = ResolverConfig(command_prefix="")
    with pytest.raises(UnknownCode):  # command barcodes off: the text is no command
        resolve(key_command("DONE"), FakeCatalog(), off, source="scanner-1")


def test_key_command_spells_values_after_the_name() -> None:
    assert key_command("QTY", 3) == "CMD:QTY:3"
    assert command_body(key_command("REMOVE", 2, "PUT_BACK"), KEY_SOURCE, "CMD:") == (
        "REMOVE:2:PUT_BACK"
    )


@pytest.mark.parametrize("prefix", PREFIXES)
def test_picking_keys_whatever_the_prefix(prefix: str) -> None:
    config = ResolverConfig(command_prefix=prefix)
    assert classify_text(key_command("SHORT"), KEY_SOURCE, config) is PickCommand.SHORT
    assert classify_text(key_command("NEXT"), KEY_SOURCE, config) is PickCommand.NEXT


def test_picking_barcodes_follow_the_prefix() -> None:
    config = ResolverConfig(command_prefix="#")
    assert classify_text("#SHORT", "scanner-1", config) is PickCommand.SHORT
    assert classify_text("CMD:SHORT", "scanner-1", config) is None  # not a command here

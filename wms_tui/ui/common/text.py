"""Untrusted text made safe to show: control characters visible, markup never parsed."""

from __future__ import annotations

from rich.text import Text

from wms_tui.core.text import shown

_NAMES = {
    "\x1d": "<GS>",
    "\x1e": "<RS>",
    "\x04": "<EOT>",
    "\r": "<CR>",
    "\n": "<LF>",
    "\t": "<TAB>",
}


def visible(raw: str) -> str:
    """A scan as text: GS1 separators and terminators by name, so a scanner test can tell
    them apart; every other control as `shown` writes it."""
    return shown("".join(_NAMES.get(char, char) for char in raw))


_BYTE_NAMES = {ord(char): name for char, name in _NAMES.items()}


def escaped_bytes(data: bytes) -> str:
    """Bytes as a scanner sent them: printable ASCII as is, separators by name, every other
    byte (controls, non-ASCII, bytes that are not UTF-8) as \\xNN; a backslash is doubled."""
    out: list[str] = []
    for byte in data:
        if byte in _BYTE_NAMES:
            out.append(_BYTE_NAMES[byte])
        elif byte == 0x5C:
            out.append("\\\\")
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def plain(text: str, style: str = "") -> Text:
    """Untrusted text as a rich Text: never parsed for markup (`[red]x[/]` shows literally)
    and with every control character made visible (`shown`)."""
    return Text(shown(text), style=style)

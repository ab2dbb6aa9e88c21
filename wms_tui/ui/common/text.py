"""Untrusted text made safe to show: control characters visible, markup never parsed."""

from __future__ import annotations

from rich.text import Text

_NAMES = {
    "\x1d": "<GS>",
    "\x1e": "<RS>",
    "\x04": "<EOT>",
    "\r": "<CR>",
    "\n": "<LF>",
    "\t": "<TAB>",
}


def visible(raw: str) -> str:
    """GS1 separators and terminators shown by name, so a scanner test can tell them apart."""
    out: list[str] = []
    for char in raw:
        if char in _NAMES:
            out.append(_NAMES[char])
        elif not char.isprintable():
            out.append(f"<0x{ord(char):02x}>")
        else:
            out.append(char)
    return "".join(out)


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
    """A rich Text that is never parsed for markup: `[red]x[/]` shows literally."""
    return Text(text, style=style)

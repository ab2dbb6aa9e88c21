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


def plain(text: str, style: str = "") -> Text:
    """A rich Text that is never parsed for markup: `[red]x[/]` shows literally."""
    return Text(text, style=style)

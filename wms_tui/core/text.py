"""Text that reaches a screen: control and invisible characters refused or made visible.

A control character moves the cursor, clears the screen or (OSC 0, OSC 52) sets the
terminal's title or clipboard; format characters (zero width, bidi overrides) hide or
reorder what is around them. Names, remarks and config texts are refused with any of
them, and any text shown from the outside shows them as `<U+200B>`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# A zero-width joiner belongs inside emoji people write (👨‍👩‍👧): never refused.
JOINER = "\u200d"


def is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES


def unsafe_chars(text: str, allowed: str = "") -> list[str]:
    """The control and invisible characters of `text` but those `allowed`, sorted."""
    if text.isprintable():  # False for every invisible category: one C call for most texts
        return []
    return sorted({ch for ch in text if is_invisible(ch) and ch not in allowed + JOINER})


def shown(value: str) -> str:
    """The one way untrusted text reaches a screen or a terminal: every control, format and
    bidi character (C0, C1, ESC starting an OSC or CSI sequence, U+202E...) as `<U+001B>`,
    so nothing in a name, a remark or a scan can set the title, the clipboard or the order
    of what is around it. Printable text, the common case, is returned as it is."""
    if value.isprintable():
        return value
    return "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in value)


def printable(value: str, limit: int = 40) -> str:
    """`shown`, cut to `limit`: for a value quoted inside a message."""
    made = shown(value)
    return made if len(made) <= limit else made[: limit - 1] + "…"


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two (text laid out in columns: the pick
    list, `wms report`)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def refuse_unsafe(text: str, field: str, error: Callable[..., Exception]) -> None:
    """Text a person typed or scanned into a record (a note, a supplier, a code) with control,
    format or bidi characters in it is refused with the workflow's own `error`, naming the
    field and showing the text as printable."""
    if unsafe_chars(text):
        raise error(field=field, value=printable(text))

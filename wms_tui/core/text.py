"""Text that reaches a screen: control and invisible characters refused or made visible.

A control character moves the cursor, clears the screen or (OSC 0, OSC 52) sets the
terminal's title or clipboard; format characters (zero width, bidi overrides) hide or
reorder what is around them. Names, remarks and config texts are refused with any of
them, and any text shown from the outside shows them as `<U+200B>`.
"""

from __future__ import annotations

import unicodedata

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


def printable(value: str, limit: int = 40) -> str:
    """Every invisible or controlling character as `<U+200B>`, cut to `limit`."""
    shown = "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"

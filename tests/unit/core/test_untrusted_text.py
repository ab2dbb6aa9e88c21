"""One function shows untrusted text (core.text.shown): every control, escape sequence and
bidi override that could drive the terminal or hide what is around it is made visible."""

from __future__ import annotations

import unicodedata

import pytest

from wms_tui.core.text import printable, shown
from wms_tui.i18n import set_language, translate

C0 = [chr(code) for code in range(0x20)] + ["\x7f"]
C1 = [chr(code) for code in range(0x80, 0xA0)]
BIDI = [
    "\u061c", "\u200e", "\u200f",  # ALM, LRM, RLM
    *[chr(code) for code in range(0x202A, 0x202F)],  # LRE RLE PDF LRO RLO
    *[chr(code) for code in range(0x2066, 0x206A)],  # LRI RLI FSI PDI
]  # fmt: skip
SEQUENCES = [
    "\x1b]0;owned\x07",  # OSC 0: the window title
    "\x1b]52;c;cm0gLXJmIH4=\x1b\\",  # OSC 52: the clipboard, ended by ST
    "\x9d52;c;eA==\x9c",  # the same with C1 OSC and ST
    "\x1b[2J\x1b[H",  # CSI: clear the screen, cursor home
    "\x9b31m",  # C1 CSI
    "\x1bP+q\x1b\\",  # DCS
]


def _harmless(text: str) -> bool:
    return all(unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp") for ch in text)


@pytest.mark.parametrize("char", C0 + C1 + BIDI + ["\u2028", "\u2029", "\ufeff", "\u200b"])
def test_every_control_and_bidi_character_is_shown_not_obeyed(char: str) -> None:
    made = shown(f"张{char}三")
    assert _harmless(made), repr(made)
    assert made == f"张<U+{ord(char):04X}>三"


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_escape_sequences_lose_their_escape(sequence: str) -> None:
    made = shown("备注" + sequence + "ok")
    assert _harmless(made) and "\x1b" not in made and "\x9b" not in made
    assert made.startswith("备注") and made.endswith("ok")


def test_printable_text_is_untouched() -> None:
    for text in ("白T恤 L 码", "[red]x[/]", "6901234567892", "O'Brien & Söhne", ""):
        assert shown(text) == text
    assert printable("x" * 100, 10) == "x" * 9 + "…"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_message_never_carries_a_value_s_escape_sequence(language: str) -> None:
    """Names, remarks and scans reach messages as parameters: made harmless there, once."""
    set_language(language)
    said = translate("error.auth.disabled", name="\x1b]0;owned\x07王\u202e五")
    assert _harmless(said) and "<U+001B>" in said and "<U+202E>" in said

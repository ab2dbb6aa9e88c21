"""Deciding a text file's encoding on the whole file, and saying which was chosen.

Shops export UTF-8 (with or without a BOM), GBK/GB18030 (Excel on a Chinese Windows) and
UTF-16 (Excel's "Unicode text"). A GBK file can happen to be valid UTF-8 (`女士` reads as
`Ůʿ`), so "it decodes" is not enough: when both decode, the reading with fewer characters
no Chinese or English shop writes wins. Anything else is left to charset-normalizer, a
maintained detector. The decision is shown in the report, so a wrong guess is seen.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Characters a shop export is made of: ASCII, Latin-1 letters and signs (×, °, é), general
# punctuation (“ ” …), CJK symbols, ideographs and full-width forms, and emoji.
_EXPECTED = (
    (0x00, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x27BF),
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
    (0x1F000, 0x1FAFF),
)


class UnknownEncoding(Exception):
    pass


def _odd(text: str) -> int:
    """How many characters of `text` no shop export would hold."""
    return sum(
        1
        for ch in text
        if ord(ch) > 0x7F and not any(low <= ord(ch) <= high for low, high in _EXPECTED)
    )


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def decode(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """The text and the name of its encoding. `forced` (the operator's --encoding) is used
    as given; it raises UnicodeDecodeError or LookupError when it does not fit."""
    if forced:
        name = codecs.lookup(forced).name
        return data.decode("utf-8-sig" if name == "utf-8" else name), name
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-bom"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16), utf16
    readings: list[tuple[str, str]] = []
    for name in ("utf-8", "gb18030"):
        try:
            readings.append((data.decode(name), name))
        except UnicodeDecodeError:
            continue
    if len(readings) == 2 and _odd(readings[1][0]) < _odd(readings[0][0]):
        return readings[1]
    if readings:
        return readings[0]  # UTF-8 when both read equally well: it rarely decodes by chance
    best = from_bytes(data).best()
    if best is None:
        raise UnknownEncoding()
    return str(best), best.encoding

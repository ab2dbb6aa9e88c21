"""A printer for the ZPL our labels use, in a test: ^FO, ^GFA (compressed hex), ^GB, ^BY and
^BC. It draws what a thermal printer would, so the bars can be decoded back with zxing.

The bars come from python-barcode's Code 128 (the label module only counts modules with it;
the printer encodes on its own), and each graphic field is unpacked as ZPL defines it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import barcode
from PIL import Image, ImageDraw


@dataclass
class Rendered:
    image: Image.Image
    graphics: list[tuple[int, int, Image.Image]] = field(default_factory=list)
    barcodes: list[tuple[int, int, str]] = field(default_factory=list)  # x, width, value


def _unpack(data: str, row_bytes: int, total: int) -> bytes:
    rows: list[str] = []
    row = ""
    for char in data:
        if char == ":":
            rows.append(rows[-1])
        elif char == ",":
            rows.append(row.ljust(row_bytes * 2, "0"))
            row = ""
        else:
            row += char
            if len(row) == row_bytes * 2:
                rows.append(row)
                row = ""
    assert not row, "a graphic field ends in half a row"
    packed = bytes.fromhex("".join(rows))
    assert len(packed) == total, f"graphic field of {len(packed)} bytes, header says {total}"
    return packed


def render(zpl: bytes) -> Rendered:
    text = zpl.decode("ascii")
    commands = [c for c in text.replace("\n", "").split("^") if c]
    assert commands[0] == "XA" and commands[-1] == "XZ", "a label is ^XA ... ^XZ"
    width = height = 0
    for c in commands:
        if c.startswith("PW"):
            width = int(c[2:])
        elif c.startswith("LL"):
            height = int(c[2:])
    assert width and height, "^PW and ^LL set the label size"
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    out = Rendered(image)
    x = y = 0
    module, bar_h = 2, 10
    for c in commands:
        if c.startswith("FO"):
            x, y = (int(v) for v in c[2:].split(","))
        elif c.startswith("GFA"):
            _, _bytes, total, row_bytes, data = c.split(",", 4)
            rows = int(total) // int(row_bytes)
            packed = _unpack(data, int(row_bytes), int(total))
            # ZPL: 1 = black; PIL mode "1": 1 = white.
            bitmap = Image.frombytes(
                "1", (int(row_bytes) * 8, rows), bytes(v ^ 0xFF for v in packed)
            )
            assert x + bitmap.width <= width + 8 and y + rows <= height, (
                f"field off the label: {c[:20]}"
            )
            image.paste(bitmap.convert("L"), (x, y))
            out.graphics.append((x, y, bitmap))
        elif c.startswith("GB"):
            w, h, _thick = (int(v) for v in c[2:].split(","))
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=0)
        elif c.startswith("BY"):
            module, _ratio, bar_h = (int(v) for v in c[2:].split(","))
        elif c.startswith("BC"):
            bar_h = int(c.split(",")[1])
        elif c.startswith("FD"):
            value = c[2:]
            modules = barcode.get("code128", value).build()[0]
            for n, bit in enumerate(modules):
                if bit == "1":
                    left = x + n * module
                    draw.rectangle((left, y, left + module - 1, y + bar_h - 1), fill=0)
            right = x + len(modules) * module
            assert right <= width, f"barcode {value} runs off the label ({right} > {width})"
            out.barcodes.append((x, len(modules) * module, value))
    return out

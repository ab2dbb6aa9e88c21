"""Weight frames of serial bench scales -> grams and stability."""

from __future__ import annotations

import pytest

from devices.scale import SerialScale, Weight, parse_weight


@pytest.mark.parametrize(
    ("frame", "weight"),
    [
        (b"ST,GS,+0001.250kg", Weight(1250, True)),
        (b"US,GS,+0001.250kg", Weight(1250, False)),
        (b"ST,NT,-0000.015kg", Weight(-15, True)),
        (b"st,gs,+0000.000KG", Weight(0, True)),
        (b"ST,+0012.5kg", Weight(12500, True)),
        (b"  1.250 kg", Weight(1250, True)),
        (b"1250 g", Weight(1250, True)),
        (b"  0.0005kg", Weight(0, True)),  # half a gram rounds to even: 0
        (b"+  850g", Weight(850, True)),
    ],
)
def test_frames_parse_to_grams(frame: bytes, weight: Weight) -> None:
    assert parse_weight(frame) == weight


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"OL,GS,+9999.999kg",  # overload: no figure to trust
        b"ST,GS,+0001.250lb",  # a unit we do not convert
        b"1.250",  # no unit: kg or g is a guess
        b"ST,GS,+\xd9\xa1.250kg",  # non-ASCII digits
        b"ST,GS,+1.2.3kg",
        b"garbage",
    ],
)
def test_anything_else_is_no_weight(frame: bytes) -> None:
    assert parse_weight(frame) is None


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_reader_keeps_the_last_stable_weight_until_it_is_stale() -> None:
    ticks = Ticks()
    scale = SerialScale("loop://", monotonic=ticks)
    assert scale.read_grams() is None
    scale.feed(b"ST,GS,+0001.250kg")
    assert scale.read_grams() == 1250
    ticks.now += 2.0
    assert scale.read_grams() == 1250
    ticks.now += 0.01
    assert scale.read_grams() is None  # older than 2 s


def test_an_unstable_frame_clears_the_stable_weight() -> None:
    scale = SerialScale("loop://", monotonic=Ticks())
    scale.feed(b"ST,GS,+0001.250kg")
    scale.feed(b"US,GS,+0001.900kg")
    assert scale.read_grams() is None
    assert scale.latest() == Weight(1900, False)
    scale.feed(b"garbage")  # ignored, changes nothing
    assert scale.latest() == Weight(1900, False)
    scale.feed(b"ST,GS,+0001.905kg")
    assert scale.read_grams() == 1905

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.framing import Framer, FramerOptions, RawScan


def datas(scans: list[RawScan]) -> list[bytes]:
    return [scan.data for scan in scans]


@pytest.mark.parametrize("terminator", [b"\r", b"\n", b"\r\n", b"\t", b"\n\r", b"\r\r\n"])
def test_each_terminator_ends_a_frame(terminator: bytes) -> None:
    framer = Framer("s1")
    stream = b"6901234567892" + terminator + b"LOC-A-01" + terminator
    assert datas(framer.feed(stream, 1.0)) == [b"6901234567892", b"LOC-A-01"]
    assert framer.pending == b""


def test_cr_then_lf_in_next_chunk_does_not_glue_lf_to_next_scan() -> None:
    framer = Framer("s1")
    assert datas(framer.feed(b"123\r", 1.0)) == [b"123"]
    assert datas(framer.feed(b"\n456\r\n", 2.0)) == [b"456"]


def test_scan_split_across_feeds_is_one_scan_stamped_when_completed() -> None:
    framer = Framer("s1")
    assert framer.feed(b"69012345", 1.0) == []
    assert framer.pending == b"69012345"
    scans = framer.feed(b"67892\r", 2.5, wall=1000.0)
    assert scans == [RawScan("s1", b"6901234567892", "", 2.5, 1000.0)]


def test_gs_inside_a_frame_survives() -> None:
    gs1 = b"0109501101530003\x1d10ABC123\x1d21XYZ"
    framer = Framer("s1")
    assert datas(framer.feed(gs1 + b"\r\n", 0.0)) == [gs1]


def test_tab_can_be_data_when_configured() -> None:
    framer = Framer("s1", FramerOptions(tab_terminates=False))
    assert datas(framer.feed(b"A\tB\rC\n", 0.0)) == [b"A\tB", b"C"]


def test_prefix_and_suffix_are_stripped_when_present() -> None:
    framer = Framer("s1", FramerOptions(prefix=b"\x02", suffix=b"\x03"))
    assert datas(framer.feed(b"\x02ABC\x03\r\x02DEF\rGHI\x03\r", 0.0)) == [b"ABC", b"DEF", b"GHI"]


@pytest.mark.parametrize(
    ("frame", "symbology", "data"),
    [
        (b"]E06901234567892", "]E0", b"6901234567892"),
        (b"]C1010950110153000310ABC", "]C1", b"010950110153000310ABC"),
        (b"]d2010950110153000310ABC", "]d2", b"010950110153000310ABC"),
        (b"]Q3https://example.com", "]Q3", b"https://example.com"),
        (b"NOAIM", "", b"NOAIM"),
        (b"]", "", b"]"),
    ],
)
def test_aim_identifier_is_parsed_into_symbology(frame: bytes, symbology: str, data: bytes) -> None:
    framer = Framer("s1", FramerOptions(aim=True))
    [scan] = framer.feed(frame + b"\r", 0.0)
    assert (scan.symbology_id, scan.data) == (symbology, data)


def test_aim_identifier_is_kept_as_data_when_aim_is_off() -> None:
    [scan] = Framer("s1").feed(b"]E06901234567892\r", 0.0)
    assert (scan.symbology_id, scan.data) == ("", b"]E06901234567892")


def test_prefix_is_stripped_before_the_aim_identifier() -> None:
    framer = Framer("s1", FramerOptions(prefix=b"@@", aim=True))
    [scan] = framer.feed(b"@@]E06901234567892\r", 0.0)
    assert (scan.symbology_id, scan.data) == ("]E0", b"6901234567892")


def test_a_frame_that_is_only_an_aim_identifier_or_prefix_is_no_scan() -> None:
    framer = Framer("s1", FramerOptions(prefix=b"#", aim=True))
    assert framer.feed(b"]E0\r#\r\r\n", 0.0) == []


def test_an_overlong_frame_is_cut_to_one_byte_too_long_and_still_delivered() -> None:
    """Delivered one byte over the limit, so the station refuses it in words ("too long")
    instead of it vanishing without a word; memory stays bounded however long it goes on."""
    reports: list[tuple[str, int]] = []
    framer = Framer("s1", FramerOptions(max_length=8), lambda src, n: reports.append((src, n)))
    assert framer.feed(b"123456789", 0.0) == []
    assert framer.feed(b"0123456789" * 1000, 0.0) == []
    assert framer.pending == b"123456789"
    assert datas(framer.feed(b"tail\rOK\r", 0.0)) == [b"123456789", b"OK"]
    assert reports == [("s1", 8)]
    assert framer.overflows == 1
    assert datas(framer.feed(b"12345678\r", 0.0)) == [b"12345678"]


def test_reset_forgets_partial_frame() -> None:
    framer = Framer("s1")
    framer.feed(b"half-a-sc", 0.0)
    framer.reset()
    assert datas(framer.feed(b"FULL\r", 0.0)) == [b"FULL"]


def test_text_decodes_utf8_then_gb18030_then_latin1() -> None:
    def scan(data: bytes) -> RawScan:
        return RawScan("s", data, "", 0.0, 0.0)

    assert scan("库位A".encode()).text() == "库位A"
    assert scan("库位A".encode("gb18030")).text() == "库位A"
    assert scan(b"\xff\xff").text() == "\xff\xff"


@pytest.mark.parametrize(
    "options",
    [
        {"prefix": b"\r"},
        {"suffix": b"\n"},
        {"prefix": b"\t"},
        {"max_length": 0},
    ],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FramerOptions(**options)  # type: ignore[arg-type]


def test_tab_in_prefix_is_allowed_when_tab_is_data() -> None:
    assert FramerOptions(prefix=b"\t", tab_terminates=False).prefix == b"\t"


def _chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


option_sets = st.builds(
    FramerOptions,
    prefix=st.sampled_from([b"", b"\x02", b"]E"]),
    suffix=st.sampled_from([b"", b"\x03"]),
    aim=st.booleans(),
    max_length=st.integers(min_value=1, max_value=40),
    tab_terminates=st.booleans(),
)
byte_streams = st.lists(
    st.one_of(
        st.binary(max_size=30),
        st.sampled_from([b"\r", b"\n", b"\r\n", b"\t", b"\x1d", b"]E0", b"\x02", b"\x03"]),
    ),
    max_size=30,
).map(b"".join)


@given(stream=byte_streams, cuts=st.lists(st.integers(min_value=0), max_size=20), opts=option_sets)
def test_framing_never_raises_and_does_not_depend_on_chunking(
    stream: bytes, cuts: list[int], opts: FramerOptions
) -> None:
    whole = Framer("w", opts)
    expected = whole.feed(stream, 0.0, 0.0)
    pieces = Framer("p", opts)
    got: list[RawScan] = []
    for chunk in _chunked(stream, cuts):
        got.extend(pieces.feed(chunk, 0.0, 0.0))
    assert [(s.data, s.symbology_id) for s in got] == [(s.data, s.symbology_id) for s in expected]
    assert pieces.pending == whole.pending
    assert pieces.overflows == whole.overflows
    for scan in got:
        assert scan.data
        wrappers = len(opts.prefix) + len(opts.suffix) + (3 if opts.aim else 0)
        assert len(scan.data) <= opts.max_length + 1 + wrappers
        assert b"\r" not in scan.data and b"\n" not in scan.data
        if opts.tab_terminates:
            assert b"\t" not in scan.data


@given(frames=st.lists(st.binary(min_size=1, max_size=20)))
def test_every_terminated_frame_comes_back_in_order(frames: list[bytes]) -> None:
    clean = [f.replace(b"\r", b"").replace(b"\n", b"").replace(b"\t", b"") for f in frames]
    clean = [f for f in clean if f]
    stream = b"".join(f + b"\r\n" for f in clean)
    framer = Framer("s", FramerOptions(max_length=64))
    assert datas(framer.feed(stream, 0.0)) == clean


@pytest.mark.parametrize(
    "options",
    [FramerOptions(max_length=16, aim=True), FramerOptions(max_length=16, prefix=b"\x02"),
     FramerOptions(max_length=16, prefix=b"\x02", suffix=b"\x03", aim=True)],
)  # fmt: skip
def test_a_cut_frame_stays_too_long_once_its_wrappers_are_stripped(
    options: FramerOptions,
) -> None:
    framer = Framer("s1", options)
    head = options.prefix + (b"]d2" if options.aim else b"")
    (cut,) = framer.feed(head + b"9" * 200 + options.suffix + b"\r", 0.0)
    # Over the limit once stripped (a suffix cut off with the tail stays on): refused as too
    # long, never taken as a code.
    assert 17 <= len(cut.data) <= 17 + len(options.suffix)
    exact = head + b"8" * 16 + options.suffix + b"\r"
    (whole,) = framer.feed(exact, 0.0)
    assert whole.data == b"8" * 16  # a frame of exactly max_length data bytes is whole

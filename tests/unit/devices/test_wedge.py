from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.wedge import WedgeDetector, WedgeResult, WedgeStatus

EAN = "6901234567892"


@dataclass
class Station:
    """What a Textual app does with the detector: one key handler plus one timer."""

    detector: WedgeDetector
    use_timer: bool = True
    typed: list[str] = field(default_factory=list)  # what the focused widget received, in order
    scans: list[str] = field(default_factory=list)

    def _apply(self, result: WedgeResult, char: str | None = None) -> None:
        self.typed.extend(result.release)
        if not result.consumed and char is not None:
            self.typed.append(char)
        if result.scan is not None:
            self.scans.append(result.scan)

    def key(self, char: str | None, at: float) -> WedgeResult:
        deadline = self.detector.deadline()
        if self.use_timer and deadline is not None and deadline < at:
            self._apply(self.detector.expire(deadline + 0.001))
        result = self.detector.feed(char, at)
        self._apply(result, char if char is not None else "<key>")
        return result

    def keys(self, text: str, start: float, gap: float) -> float:
        at = start
        for char in text:
            self.key(char, at)
            at += gap
        return at

    def settle(self, now: float = 1e6) -> None:
        self._apply(self.detector.expire(now))

    @property
    def text(self) -> str:
        return "".join(self.typed)


@pytest.fixture(params=[True, False], ids=["timer", "no-timer"])
def station(request: pytest.FixtureRequest) -> Station:
    return Station(WedgeDetector(), use_timer=request.param)


@pytest.mark.parametrize("gap", [0.08, 0.12, 0.2])
def test_human_typing_is_not_a_scan(station: Station, gap: float) -> None:
    at = station.keys("6901234567892\r", 10.0, gap)
    station.settle(at + 1)
    assert station.scans == []
    assert station.text == "6901234567892\r"


@pytest.mark.parametrize("terminator", ["\r", "\n"])
def test_thirteen_digit_burst_at_1ms_plus_enter_is_a_scan(
    station: Station, terminator: str
) -> None:
    station.keys(EAN + terminator, 5.0, 0.001)
    station.settle()
    assert station.scans == [EAN]
    assert station.text == ""


def test_burst_keys_are_all_consumed_and_the_terminator_reports_the_scan() -> None:
    detector = WedgeDetector()
    results = [detector.feed(c, 1.0 + i * 0.001) for i, c in enumerate(EAN + "\r")]
    assert all(r.status is WedgeStatus.HELD for r in results[:-1])
    assert results[-1].status is WedgeStatus.SCAN
    assert results[-1].scan == EAN
    assert results[-1].at == pytest.approx(1.013)
    assert all(r.consumed and not r.release for r in results)
    assert detector.deadline() is None


def test_short_burst_with_slow_keys_is_typing_but_keys_arriving_together_are_a_scan(
    station: Station,
) -> None:
    station.keys("A1\r", 1.0, 0.01)  # 2 chars at 10 ms: below min_length, could be a person
    station.keys("B7\r", 2.0, 0.00002)  # one read's worth of keys: a scanner
    station.settle()
    assert station.text == "A1\r"
    assert station.scans == ["B7"]


def test_mixed_typing_then_scan_then_typing(station: Station) -> None:
    at = station.keys("qty", 1.0, 0.15)
    at = station.keys(EAN + "\r", at + 0.2, 0.001)
    at = station.keys("12\r", at + 0.3, 0.1)
    station.settle(at + 1)
    assert station.scans == [EAN]
    assert station.text == "qty12\r"


def test_gs_and_tab_inside_a_scan_survive(station: Station) -> None:
    gs1 = "0109501101530003\x1d10LOT\t7\x1d21SER"
    station.keys(gs1 + "\r", 1.0, 0.0008)
    station.settle()
    assert station.scans == [gs1]


def test_tab_or_enter_with_nothing_held_passes_at_once() -> None:
    detector = WedgeDetector()
    for char in ("\t", "\r", "\n", "\x1b"):
        result = detector.feed(char, 1.0)
        assert result.status is WedgeStatus.PASS
        assert result.release == ""
    assert detector.deadline() is None


def test_a_single_held_key_is_released_by_expire_only_after_the_gap() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    assert detector.feed("a", 1.0).status is WedgeStatus.HELD
    assert detector.deadline() == pytest.approx(1.03)
    early = detector.expire(1.02)
    assert (early.status, early.release) == (WedgeStatus.HELD, "")
    late = detector.expire(1.05)
    assert (late.status, late.release, late.consumed) == (WedgeStatus.PASS, "a", False)
    assert detector.expire(2.0).release == ""


def test_key_without_character_releases_held_keys_first_to_keep_order() -> None:
    detector = WedgeDetector()
    detector.feed("a", 1.0)
    result = detector.feed(None, 1.01)
    assert (result.status, result.release) == (WedgeStatus.PASS, "a")


def test_prefix_marks_a_scan_whatever_the_gaps_and_length() -> None:
    station = Station(WedgeDetector(prefix="\x02"))
    station.keys("\x02A1\r", 1.0, 0.1)  # slow and short, but the scanner said so
    station.keys("12\r", 5.0, 0.001)  # no prefix: too short to be a scan
    station.settle()
    assert station.scans == ["A1"]
    assert station.text == "12\r"


def test_multi_char_prefix_typed_slowly_by_a_person_is_typing() -> None:
    station = Station(WedgeDetector(prefix="#S#"))
    at = station.keys("#S#99\r", 1.0, 0.15)
    station.keys("#S#LOC-1\r", at + 1, 0.002)
    station.settle()
    assert station.scans == ["LOC-1"]
    assert station.text == "#S#99\r"


def test_prefix_scan_that_never_ends_is_released_after_prefix_timeout() -> None:
    detector = WedgeDetector(prefix="\x02", prefix_timeout_s=1.0)
    detector.feed("\x02", 1.0)
    detector.feed("X", 1.2)
    assert detector.expire(1.5).status is WedgeStatus.HELD
    assert detector.deadline() == pytest.approx(2.2)
    assert detector.expire(2.3).release == "\x02X"


def test_without_terminators_a_burst_ends_by_silence() -> None:
    detector = WedgeDetector(terminators=())
    for i, char in enumerate(EAN):
        detector.feed(char, 1.0 + i * 0.001)
    result = detector.expire(1.2)
    assert (result.status, result.scan) == (WedgeStatus.SCAN, EAN)
    detector.feed("a", 3.0)
    assert detector.expire(3.2).release == "a"


def test_to_raw_scan_matches_the_serial_path() -> None:
    detector = WedgeDetector()
    result = WedgeResult(WedgeStatus.PASS)
    for i, char in enumerate("]E0" + EAN + "\r"):
        result = detector.feed(char, 2.0 + i * 0.001)
    raw = result.to_raw_scan("wedge", aim=True, wall=99.0)
    assert (raw.source, raw.data, raw.symbology_id, raw.received_wall) == (
        "wedge",
        EAN.encode(),
        "]E0",
        99.0,
    )
    assert raw.received_at == result.at
    with pytest.raises(ValueError):
        WedgeResult(WedgeStatus.PASS).to_raw_scan("wedge")


def test_reset_returns_what_was_held() -> None:
    detector = WedgeDetector()
    detector.feed("x", 1.0)
    assert detector.reset() == "x"
    assert detector.pending == ""


@pytest.mark.parametrize(
    "kwargs",
    [{"max_gap_s": 0}, {"min_length": 0}, {"terminators": ("\r\n",)}, {"prefix": "\r"}],
)
def test_bad_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WedgeDetector(**kwargs)  # type: ignore[arg-type]


@given(
    text=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x4E2F), max_size=20),
    gaps=st.lists(st.floats(min_value=0.05, max_value=0.4), min_size=21, max_size=21),
    use_timer=st.booleans(),
)
def test_slow_typing_always_comes_through_unchanged_and_in_order(
    text: str, gaps: list[float], use_timer: bool
) -> None:
    station = Station(WedgeDetector(), use_timer=use_timer)
    at = 1.0
    for char, gap in zip(text + "\r", gaps, strict=False):
        station.key(char, at)
        at += gap
    station.settle(at + 1)
    assert station.scans == []
    assert station.text == text + "\r"


def test_a_burst_over_the_cap_is_held_bounded_and_ends_as_a_scan_even_by_silence() -> None:
    detector = WedgeDetector(max_length=64)
    at = 0.0
    for _char in range(100_000):
        at += 0.0001
        assert detector.feed("x", at).status is WedgeStatus.HELD
    assert len(detector.pending) == 65  # bounded, whatever comes
    ended = detector.expire(at + 1.0)  # no terminator: silence ends it, as a scan
    assert ended.status is WedgeStatus.SCAN and ended.scan == "x" * 65
    assert detector.pending == ""
    assert detector.feed("a", at + 2.0).status is WedgeStatus.HELD  # and the next is clean
    assert detector.expire(at + 3.0).release == "a"


def test_with_a_prefix_a_cut_burst_stays_too_long_once_the_prefix_is_stripped() -> None:
    detector = WedgeDetector(max_length=16, prefix="@")
    at = 0.0
    for char in "@" + "9" * 100:
        at += 0.0001
        detector.feed(char, at)
    ended = detector.feed("\r", at + 0.0001)
    assert ended.status is WedgeStatus.SCAN and ended.scan == "9" * 17

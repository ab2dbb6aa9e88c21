"""What a refused scan says on the banner, in words, in the reader's language."""

from __future__ import annotations

from wms_tui.core.errors import BadCheckDigit, MalformedScan
from wms_tui.core.outcome import Outcome
from wms_tui.i18n import current_language, set_language


def test_a_refusal_names_its_reason_in_words_not_as_an_id() -> None:
    """Scanning with the Chinese input method on showed `不是有效的条码（non_ascii）：\\u4e2d…`:
    the reason as its id, the text as escapes. The banner now says the input method seems
    to be on and how to switch it off, shows what was typed, and follows a language switch."""
    outcome = Outcome.from_error(MalformedScan(why="non_ascii", value="中文"))
    before = current_language()
    try:
        set_language("zh_CN")
        zh = outcome.text()
        set_language("en")
        en = outcome.text()
    finally:
        set_language(before)
    assert "non_ascii" not in zh and "输入法" in zh and "中文" in zh
    assert "non_ascii" not in en and "input method" in en


def test_a_tab_inside_a_scan_is_explained() -> None:
    outcome = Outcome.from_error(MalformedScan(why="tab_fields", value="A-01<U+0009>02"))
    before = current_language()
    set_language("en")
    try:
        assert "TAB" in outcome.text() and "tab_fields" not in outcome.text()
    finally:
        set_language(before)


def test_a_wrong_check_digit_says_misread_never_the_right_digit() -> None:
    """Answering with the correct digit invited typing it in: the code was misread, and is
    scanned again."""
    error = BadCheckDigit(value="6901234567893", expected="2")
    before = current_language()
    try:
        for language in ("en", "zh_CN"):
            set_language(language)
            text = Outcome.from_error(error).text()
            assert "6901234567893" in text and "2" not in text.replace("6901234567893", "")
    finally:
        set_language(before)

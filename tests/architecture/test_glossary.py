"""One word for one thing (the glossary the floor's words come from, in both languages).

Each rule names a word the Chinese catalog must not use, and the message ids allowed to use
it where it means the other thing: 批次 is a production lot, never a wave (波次) — before,
the waves screen said 波次 while the picking screen and CLI said 批次; a PIN is a PIN 码,
never a 密码 (the log-in field said 密码 where its error said PIN); a stop of a pick route
is a 拣货点, never a 站 (which sounds like a station, 工位).
"""

from __future__ import annotations

import re

import pytest

from wms_tui.i18n import load_catalog

# word -> (why, msgids that may use it because there it means what the glossary says)
FORBIDDEN: dict[str, tuple[str, re.Pattern[str]]] = {
    "批次": (
        "a lot (GS1 AI 10); a wave is 波次",
        # Receiving speaks of lots: asked for, kept, listed with the goods going back.
        re.compile(r".*\blot\b.*|.*\.lot(_\w+)?$|receiving\.(cli\.vendor_row|list\.col\.what)"),
    ),
    "密码": ("a PIN is PIN 码, not a password", re.compile(r"$^")),
    "站点": ("a station is 工位", re.compile(r"$^")),
    "工作站": ("a station is 工位", re.compile(r"$^")),
    "运单": ("a courier waybill number is 快递单号", re.compile(r"$^")),
    "产品": ("a SKU is 商品 in text", re.compile(r"$^")),
}
# 站 alone (not inside 工位 words such as 站点, which the rule above already catches) is how
# the picking messages used to say "stop".
_LONE_STATION = re.compile(r"(?<![工车])站(?!点)")


@pytest.mark.parametrize("word", sorted(FORBIDDEN))
def test_the_chinese_catalog_keeps_the_glossary(word: str) -> None:
    why, allowed = FORBIDDEN[word]
    catalog = load_catalog("zh_CN")
    wrong = sorted(
        msgid for msgid, text in catalog.items() if word in text and not allowed.fullmatch(msgid)
    )
    assert wrong == [], f"{word}: {why}"


def test_a_stop_is_never_called_a_station() -> None:
    catalog = load_catalog("zh_CN")
    assert sorted(m for m, text in catalog.items() if _LONE_STATION.search(text)) == []


def test_waves_and_lots_keep_their_words_in_both_languages() -> None:
    zh, en = load_catalog("zh_CN"), load_catalog("en")
    waves = [m for m, text in en.items() if re.search(r"\bwaves?\b", text, re.IGNORECASE)]
    lots = [m for m, text in en.items() if re.search(r"\blots?\b", text, re.IGNORECASE)]
    assert len(waves) > 20 and lots
    assert [m for m in waves if "批次" in zh[m]] == []
    assert [m for m in lots if "波次" in zh[m]] == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_messages_name_the_key_never_the_command_text(language: str) -> None:
    """The bottom bar shows keys; messages said "scan CMD:DONE", "CMD:HOLD", "CMD:ACK" — the
    station's internal spelling of a command. They name the key (F11, F5, Esc ...), and a
    command barcode only by its name where no key does the same."""
    catalog = load_catalog(language)
    assert sorted(m for m, text in catalog.items() if "CMD:" in text) == []

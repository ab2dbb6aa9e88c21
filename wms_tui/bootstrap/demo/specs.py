"""English for the demo catalog's Chinese specifications ("白色 XL" -> "white XL").

Word by word: colours, flavours and model words from a small table, counts with their
measure word ("10片装", "25g×30袋") by pattern; Latin words and sizes stay as they are.
"""

from __future__ import annotations

import re

_WORDS = {
    "五香": "five-spice", "出风口款": "air-vent mount", "华为": "Huawei", "卡其": "khaki",
    "原味": "original", "去屑": "anti-dandruff", "吸盘款": "suction mount", "均码": "one size",
    "墨绿": "dark green", "奶茶": "milk tea", "小米": "Xiaomi", "护肤小样": "skincare samples",
    "抹茶": "matcha", "控油": "oil control", "木质": "woody", "杏色": "apricot",
    "枫叶": "maple", "柔顺": "smoothing", "梅子": "plum", "棕色": "brown", "樱花": "sakura",
    "正红": "true red", "浅棕": "light brown", "浅蓝": "light blue", "深棕": "dark brown",
    "深空灰": "space grey", "深蓝": "dark blue", "灰色": "grey", "灰黑": "charcoal",
    "玫瑰": "rose", "珊瑚": "coral", "番茄素食": "tomato (vegetarian)", "白色": "white",
    "米白": "off-white", "粉色": "pink", "红色": "red", "罐装": "tin", "自然色": "natural",
    "花香": "floral", "苹果": "Apple", "茉莉": "jasmine", "草莓": "strawberry", "蓝色": "blue",
    "藏青": "navy", "豆沙": "rose beige", "象牙白": "ivory", "转": "to", "透明": "clear",
    "酒红": "wine red", "银色": "silver", "香辣": "spicy", "麻辣": "hot and numbing",
    "麻辣牛肉": "spicy beef", "黄桃": "yellow peach", "黑色": "black", "礼盒装": "gift box",
    "袋": "bags",
}  # fmt: skip
# (pattern, English): the count comes first in both languages.
_COUNTS = (
    (re.compile(r"(\d+)片装"), "pack of {0} sheets"),
    (re.compile(r"(\d+)枚装"), "pack of {0}"),
    (re.compile(r"(\d+)包"), "{0} sachets"),
    (re.compile(r"([\d.]+\w*)×1袋"), "{0} × 1 bag"),
    (re.compile(r"([\d.]+\w*)×(\d+)袋"), "{0} × {1} bags"),
)


def _word(word: str) -> str:
    if word in _WORDS:
        return _WORDS[word]
    for pattern, english in _COUNTS:
        found = pattern.fullmatch(word)
        if found:
            return english.format(*found.groups())
    return word


def spec_en(spec: str) -> str:
    return " ".join(_word(word) for word in spec.split())

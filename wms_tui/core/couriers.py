"""Couriers, as the shops, the couriers' own labels and people write them.

One courier has one code here (SF, ZTO ...): an import stores it, a dock's command barcode
(CMD:COURIER:顺丰) chooses by it, and a parcel matches a manifest by it. People and shop
exports say 顺丰, 顺丰速运, SF Express or sf; all of those are SF. A courier this table does
not know keeps the name it was given, compared without case or surrounding spaces.

What a person reads is in the catalogs (`courier.SF`: 顺丰速运 / SF Express), so a message
that names a courier follows a language switch (Outcome's translated params, COURIER_WORDS).
"""

from __future__ import annotations

from wms_tui.i18n import words_for

# code -> every other way it is written (the catalogs' names among them)
KNOWN: dict[str, tuple[str, ...]] = {
    "SF": ("顺丰", "顺丰速运", "顺丰快递", "顺丰速递", "SF Express", "SFEXPRESS"),
    "ZTO": ("中通", "中通快递", "中通速递", "ZTO Express"),
    "YTO": ("圆通", "圆通速递", "圆通快递", "YTO Express"),
    "STO": ("申通", "申通快递", "申通速递", "STO Express"),
    "YD": ("韵达", "韵达快递", "韵达速递", "Yunda", "Yunda Express"),
    "JD": ("京东", "京东物流", "京东快递", "JD Logistics", "JDL"),
    "EMS": ("邮政", "中国邮政", "EMS快递", "中国邮政速递", "邮政快递包裹", "China Post EMS"),
    "JT": ("极兔", "极兔速递", "极兔快递", "J&T", "J&T Express", "JTEXPRESS"),
    "DBL": ("德邦", "德邦快递", "德邦物流", "Deppon", "Deppon Express"),
    "BEST": ("百世", "百世快递", "百世汇通", "BEST Express"),
}
# For Outcome.translated_params / WmsError.translated_params: a courier's code in words.
COURIER_WORDS = "courier."


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_BY_NAME: dict[str, str] = {
    _key(name): code for code, aliases in KNOWN.items() for name in (code, *aliases)
}


def courier_code(text: str) -> str:
    """The courier's code for any way of writing it; an unknown courier as given, trimmed."""
    return _BY_NAME.get(_key(text), " ".join(text.split()))


def same_courier(a: str, b: str) -> bool:
    x, y = _key(courier_code(a)), _key(courier_code(b))
    return bool(x and y) and x == y


def courier_name(text: str, language: str | None = None) -> str:
    """What a person reads: 顺丰速运 / SF Express for SF; an unknown courier as given."""
    return words_for(COURIER_WORDS, courier_code(text), language)


# The import's choice list: every way of writing a known courier, lower-cased, to its code.
IMPORT_CHOICES: dict[str, str] = dict(_BY_NAME)

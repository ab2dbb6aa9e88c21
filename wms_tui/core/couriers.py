"""Couriers, as the shops, the couriers' own labels and people write them.

One courier has one code here (SF, ZTO ...): an import stores it, a dock's command barcode
(CMD:COURIER:顺丰) chooses by it, and a parcel matches a manifest by it. People and shop
exports say 顺丰, 顺丰速运, SF Express or sf; all of those are SF. A courier this table does
not know keeps the name it was given, compared without case or surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Courier:
    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


KNOWN: tuple[Courier, ...] = (
    Courier(
        "SF", "顺丰速运", "SF Express", ("顺丰", "顺丰快递", "顺丰速递", "SF EXPRESS", "SFEXPRESS")
    ),
    Courier("ZTO", "中通快递", "ZTO Express", ("中通", "中通速递", "ZTO EXPRESS")),
    Courier("YTO", "圆通速递", "YTO Express", ("圆通", "圆通快递", "YTO EXPRESS")),
    Courier("STO", "申通快递", "STO Express", ("申通", "申通速递", "STO EXPRESS")),
    Courier("YD", "韵达快递", "Yunda Express", ("韵达", "韵达速递", "YUNDA")),
    Courier("JD", "京东物流", "JD Logistics", ("京东", "京东快递", "JD LOGISTICS", "JDL")),
    Courier(
        "EMS", "中国邮政", "China Post EMS", ("邮政", "EMS快递", "中国邮政速递", "邮政快递包裹")
    ),
    Courier(
        "JT", "极兔速递", "J&T Express", ("极兔", "极兔快递", "J&T", "J&T EXPRESS", "JTEXPRESS")
    ),
    Courier("DBL", "德邦快递", "Deppon Express", ("德邦", "德邦物流", "DEPPON")),
    Courier("BEST", "百世快递", "BEST Express", ("百世", "百世汇通", "BEST EXPRESS")),
)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_BY_NAME: dict[str, Courier] = {
    _key(name): courier
    for courier in KNOWN
    for name in (courier.code, courier.name_zh, courier.name_en, *courier.aliases)
}


def known(text: str) -> Courier | None:
    return _BY_NAME.get(_key(text))


def courier_code(text: str) -> str:
    """The courier's code for any way of writing it; an unknown courier as given, trimmed."""
    found = known(text)
    return found.code if found is not None else " ".join(text.split())


def same_courier(a: str, b: str) -> bool:
    x, y = _key(courier_code(a)), _key(courier_code(b))
    return bool(x and y) and x == y


def courier_name(text: str, language: str) -> str:
    """What a person reads: 顺丰速运 / SF Express for SF; an unknown courier as given."""
    found = known(text)
    if found is None:
        return " ".join(text.split())
    return found.name_zh if language.startswith("zh") else found.name_en


# The import's choice list: every way of writing a known courier, lower-cased, to its code.
IMPORT_CHOICES: dict[str, str] = {name: courier.code for name, courier in _BY_NAME.items()}

"""What the demo shop sells and who buys it: plain data, in the shops' own words."""

# ruff: noqa: E501  (one product a line reads better than wrapped tuples)

from __future__ import annotations

import random

from wms_tui.core.model import OrderStatus

_SIZES = ("M", "L", "XL")
_WIDE = ("S", "M", "L", "XL", "XXL")


def _cross(first: tuple[str, ...], second: tuple[str, ...]) -> list[str]:
    return [f"{a} {b}" for a in first for b in second]


_PHONES = (
    "iPhone 14", "iPhone 15", "iPhone 15 Pro", "iPhone 16", "iPhone 16 Pro",
    "iPhone 16 Pro Max", "华为 Mate 60", "小米 14", "OPPO Reno 12",
)  # fmt: skip

# prefix, name_zh, name_en, specs, unit weight (g, 0 = not weighed), price (fen)
PRODUCTS: list[tuple[str, str, str, list[str], int, int]] = [
    ("AP", "纯棉圆领T恤", "Cotton crew-neck T-shirt", _cross(("白色", "黑色", "灰色", "藏青", "红色"), _SIZES), 180, 5900),
    ("AP", "连帽卫衣", "Hooded sweatshirt", _cross(("黑色", "藏青", "米白"), _WIDE), 520, 15900),
    ("AP", "弹力牛仔裤", "Stretch jeans", _cross(("浅蓝", "深蓝"), ("28", "30", "32", "34", "36")), 650, 19900),
    ("AP", "羊毛混纺袜（3双装）", "Wool-blend socks (3 pairs)", ["灰色 均码", "黑色 均码", "白色 均码"], 120, 3900),
    ("AP", "防晒冰袖", "UV arm sleeves", ["白色", "黑色", "粉色"], 40, 1900),
    ("AP", "运动短裤", "Sports shorts", _cross(("黑色", "灰色"), _SIZES), 200, 6900),
    ("AP", "轻薄羽绒马甲", "Light down vest", _cross(("黑色", "卡其"), _SIZES), 300, 29900),
    ("AP", "棒球帽", "Baseball cap", ["黑色", "白色", "卡其", "藏青"], 90, 4900),
    ("CO", "玻尿酸保湿面膜", "Hyaluronic moisturising mask", ["5片装", "10片装"], 160, 6900),
    ("CO", "氨基酸洁面乳", "Amino-acid facial cleanser", ["100g", "150g"], 130, 5900),
    ("CO", "清爽防晒霜 SPF50", "Light sunscreen SPF50", ["30ml", "50ml"], 60, 8900),
    ("CO", "哑光口红", "Matte lipstick", ["#01 正红", "#02 豆沙", "#03 枫叶", "#04 珊瑚", "#05 奶茶", "#06 梅子"], 25, 12900),
    ("CO", "补水爽肤水", "Hydrating toner", ["200ml"], 240, 7900),
    ("CO", "修护精华液", "Repair serum", ["30ml", "50ml"], 90, 25900),
    ("CO", "护手霜", "Hand cream", ["玫瑰 50g", "樱花 50g", "茉莉 50g"], 60, 2900),
    ("CO", "温和卸妆水", "Micellar cleansing water", ["400ml"], 430, 6900),
    ("CO", "防水眉笔", "Waterproof eyebrow pencil", ["深棕", "浅棕", "灰黑"], 10, 3900),
    ("CO", "气垫BB霜", "Cushion BB cream", ["象牙白", "自然色"], 70, 15900),
    ("PH", "钢化膜", "Tempered glass screen protector", list(_PHONES), 30, 2900),
    ("PH", "硅胶手机壳", "Silicone phone case", _cross(_PHONES, ("黑色", "透明", "粉色")), 40, 3900),
    ("PH", "快充数据线", "Fast-charging cable", ["USB-C 1m", "USB-C 2m", "Lightning 1m"], 45, 2900),
    ("PH", "20W 快充充电头", "20W fast charger", ["白色"], 60, 4900),
    ("PH", "无线充电器 15W", "15W wireless charger", ["白色", "黑色"], 110, 9900),
    ("PH", "充电宝", "Power bank", _cross(("10000mAh", "20000mAh"), ("白色", "黑色")), 230, 12900),
    ("PH", "蓝牙耳机", "Bluetooth earbuds", ["白色", "黑色"], 55, 19900),
    ("PH", "桌面手机支架", "Desk phone stand", ["银色", "深空灰"], 150, 3900),
    ("PH", "车载手机支架", "Car phone mount", ["出风口款", "吸盘款"], 120, 4900),
    ("SN", "每日坚果", "Daily mixed nuts", ["25g×7袋", "25g×30袋"], 200, 3990),
    ("SN", "手撕牛肉干", "Shredded beef jerky", ["原味 100g", "香辣 100g", "五香 100g"], 110, 3590),
    ("SN", "芒果干", "Dried mango", ["80g", "200g"], 90, 1590),
    ("SN", "海苔脆", "Seaweed crisps", ["40g"], 45, 990),
    ("SN", "小龙虾味薯片", "Crayfish-flavour crisps", ["70g"], 75, 890),
    ("SN", "黑糖饼干", "Brown-sugar biscuits", ["300g"], 320, 1890),
    ("SN", "螺蛳粉", "River-snail rice noodles", ["330g×1袋", "330g×3袋"], 350, 2590),
    ("SN", "辣条", "Spicy gluten strips", ["原味 106g", "麻辣 106g"], 110, 590),
    ("SN", "新疆红枣", "Xinjiang red dates", ["500g"], 510, 2990),
    ("SN", "奶茶粉", "Milk tea powder", ["原味", "草莓", "抹茶"], 400, 3290),
    ("SN", "武夷岩茶", "Wuyi rock tea", ["125g 罐装"], 200, 12800),
    ("SN", "土蜂蜜", "Wild honey", ["500g"], 620, 5800),
    ("AP", "冰丝阔腿裤", "Ice-silk wide-leg trousers", _cross(("黑色", "杏色"), _SIZES), 250, 8900),
    ("AP", "儿童卡通睡衣", "Kids' cartoon pyjamas", ["100cm", "110cm", "120cm", "130cm"], 220, 7900),
    ("CO", "洗发水", "Shampoo", ["控油 500ml", "去屑 500ml", "柔顺 500ml"], 560, 5900),
    ("CO", "香水小样", "Perfume miniature", ["木质 10ml", "花香 10ml"], 35, 9900),
    ("CO", "身体乳", "Body lotion", ["250ml", "400ml"], 300, 6900),
    ("PH", "Type-C 转接头", "USB-C adapter", ["转 3.5mm", "转 USB-A"], 10, 1500),
    ("PH", "平板保护套", "Tablet case", ["iPad 10", "iPad Air", "iPad Pro 11"], 260, 8900),
    ("PH", "磁吸卡包", "Magnetic card wallet", ["黑色", "棕色", "蓝色"], 30, 5900),
    ("SN", "挂耳咖啡", "Drip-bag coffee", ["10包", "30包"], 130, 4900),
    ("SN", "燕麦片", "Oat flakes", ["1kg"], 1020, 2990),
    ("SN", "自热火锅", "Self-heating hotpot", ["麻辣牛肉", "番茄素食"], 420, 2990),
    ("SN", "冻干水果脆", "Freeze-dried fruit crisps", ["草莓", "黄桃", "苹果"], 35, 1990),
    ("SN", "坚果礼盒", "Nut gift box", ["1.2kg"], 1250, 15800),
    ("CO", "试用装小样", "Trial-size sample", ["护肤小样 5ml"], 8, 0),
    ("SN", "限定月饼礼盒", "Limited mooncake box", ["6枚装"], 800, 16800),
    ("AP", "真丝围巾", "Silk scarf", ["墨绿", "酒红"], 80, 39900),
]  # fmt: skip

NAMES = (
    "王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰",
    "吴霞", "徐明", "孙丽", "胡军", "朱婷", "高峰", "林燕", "何斌", "郭晶",
    "马超", "罗兰", "梁涛", "张师傅", "李师傅", "王师傅", "宋佳", "唐雪", "韩梅",
    "冯瑶", "曹颖", "邓超",
)  # fmt: skip
BUYERS = ("小鱼儿", "快乐的橙子", "tb_user", "jd_buyer", "晴天", "阿飞", "momo", "星星点灯")
BUYER_REMARKS = (
    "", "", "", "", "请不要放发票", "加急，送人用", "周末不在家，请放快递柜",
    "发顺丰可以吗？补差价", "颜色别发错", "Please gift-wrap it.",
)  # fmt: skip
SELLER_REMARKS = ("", "", "", "", "老客户，送小样", "已补运费", "核对颜色尺码", "VIP 优先发")
HOLD_REASONS = ("缺货 / out of stock", "地址待确认 / address to confirm", "买家要求改尺码")

STATUS_PLAN: list[tuple[OrderStatus, int]] = [
    (OrderStatus.PENDING, 30),
    (OrderStatus.CONFIRMED, 40),
    (OrderStatus.RELEASED, 40),
    (OrderStatus.PICKED, 30),
    (OrderStatus.VERIFIED, 25),
    (OrderStatus.HANDED_OVER, 40),
    (OrderStatus.ARCHIVED, 45),
    (OrderStatus.ON_HOLD, 15),
    (OrderStatus.CANCELLED, 15),
    (OrderStatus.RETURNED, 20),
]

_COURIERS = {
    "taobao": ("ZTO", "YTO", "STO", "YD", "SF"),
    "tmall": ("SF", "ZTO", "YTO"),
    "jd": ("JD",),
    "pdd": ("YD", "ZTO", "JT", "STO"),
    "amazon": ("SF", "EMS"),
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _waybill(rng: random.Random, courier: str) -> str:
    """Shaped like the couriers' own numbers, so the resolver sees realistic input."""
    return {
        "SF": lambda: "SF" + _digits(rng, 12),
        "ZTO": lambda: "7" + str(rng.randrange(3, 9)) + _digits(rng, 10),
        "YTO": lambda: "YT" + _digits(rng, 13),
        "STO": lambda: "77" + _digits(rng, 11),
        "YD": lambda: "43" + _digits(rng, 11),
        "JD": lambda: "JD" + _digits(rng, 13),
        "JT": lambda: "JT" + _digits(rng, 13),
        "EMS": lambda: "E" + chr(65 + rng.randrange(26)) + _digits(rng, 9) + "CN",
    }[courier]()


def _platform_no(rng: random.Random, platform: str) -> str:
    if platform in ("taobao", "tmall"):
        return str(rng.randrange(1, 4)) + _digits(rng, 18)
    if platform == "jd":
        return str(rng.randrange(2, 3)) + _digits(rng, 11)
    if platform == "pdd":
        return "2611" + _digits(rng, 2) + "-" + _digits(rng, 15)
    return f"{rng.randrange(200, 700)}-{_digits(rng, 7)}-{_digits(rng, 7)}"


def waybill_for(rng: random.Random, platform: str, used: set[str]) -> tuple[str, str, str]:
    """courier, a waybill never used before, and the platform's order number."""
    courier = rng.choice(_COURIERS[platform])
    waybill = _waybill(rng, courier)
    while waybill in used:
        waybill = _waybill(rng, courier)
    used.add(waybill)
    return courier, waybill, _platform_no(rng, platform)

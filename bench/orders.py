"""The order desk among a million orders: a search for each kind of key, and an order's detail.

    python bench/orders.py [--db sqlite|postgresql|both] [--orders 1000000] [--searches 300]

Loads `--orders` orders (1 or 2 lines each, paid over 90 days, buyers with IDs such as
`tb_user123` and, for a third of them, Chinese names of two or three characters) with bulk
Core inserts, then times what the desk does, each in its own read-only unit of work as
the screen's worker opens it: `order_search_p99_ms` for a buyer ID, the beginning of a
Chinese name (two characters), a waybill, a platform order number, an order number, a
phone's last four digits (masked phones, a hundred orders each) and a SKU with a week's
date range, and `order_detail_p99_ms`. Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import Engine, insert

from bench.common import database, figure, percentile, settle
from db.models import OrderLineRow, OrderRow, SkuRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core.orders.desk import OrderQuery, checked, order_detail

CHUNK = 20_000
SKUS = 2_000
START = datetime(2026, 9, 1, tzinfo=UTC)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌鹏宇浩凯"


def _buyer(n: int, rng: random.Random) -> str:
    if n % 3:
        return f"tb_user{rng.randrange(300_000)}"
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if n % 2 else "")
    return rng.choice(SURNAMES) + given


def load(engine: Engine, count: int) -> None:
    rng = random.Random(20261207)
    with engine.begin() as connection:
        connection.execute(insert(SkuRow), [
            {"code": f"SKU-{n:05d}", "name_zh": f"商品{n}", "name_en": f"Item {n}", "spec": "",
             "spec_en": "", "unit_weight_g": 100, "is_kit": False, "kit_mode": "kit_barcode",
             "requires_lot": False, "requires_serial": False, "active": True,
             "unit_price_cents": 990}
            for n in range(SKUS)
        ])  # fmt: skip
    for start in range(0, count, CHUNK):
        orders, lines = [], []
        for n in range(start, min(start + CHUNK, count)):
            orders.append({
                "order_no": f"SO{n:08d}", "platform": "taobao",
                "platform_order_no": f"4{n:018d}", "shop": ("旗舰店", "二店")[n % 2],
                "buyer": _buyer(n, rng), "courier": "ZTO", "waybill": f"7310{n:010d}",
                "receiver": "", "phone": f"138****{n % 10_000:04d}",
                "phone_tail": f"{n % 10_000:04d}", "address": "",
                "status": "handed_over", "buyer_remark": "", "seller_remark": "",
                "paid_at": START + timedelta(seconds=n * 90 * 86_400 // count),
                "priority": 0, "merged_from": "", "hold_reason": "", "version": 1,
            })  # fmt: skip
            for line_no in range(1, 2 + n % 2):
                lines.append({"order_no": f"SO{n:08d}", "line_no": line_no,
                              "sku_code": f"SKU-{rng.randrange(SKUS):05d}", "qty": 1,
                              "is_gift": False, "kit_code": None})  # fmt: skip
        with engine.begin() as connection:
            connection.execute(insert(OrderRow), orders)
            connection.execute(insert(OrderLineRow), lines)


def timed(factory: SqlUnitOfWorkFactory, count: int, make: Callable[[int], OrderQuery]) -> float:
    read = factory.for_reading()
    times = []
    for n in range(count):
        query = checked(make(n))
        started = time.perf_counter()
        with read() as uow:
            uow.order_desk.find(query)
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 99)


def one_engine(kind: str, args: argparse.Namespace) -> None:
    rng = random.Random(7)
    with database(kind) as url:
        factory = make_uow_factory(url)
        started = time.perf_counter()
        load(factory.engine, args.orders)
        settle(factory.engine)
        figure(f"{kind}_setup_orders_s", time.perf_counter() - started, "s")
        pick = [rng.randrange(args.orders) for _ in range(args.searches)]
        names = [rng.choice(SURNAMES) + rng.choice(GIVEN) for _ in range(args.searches)]
        week = timedelta(days=7)

        def sku_week(n: int) -> OrderQuery:
            paid_from = START + timedelta(days=rng.randrange(83))
            return OrderQuery(f"SKU-{rng.randrange(SKUS):05d}", paid_from=paid_from,
                              paid_to=paid_from + week)  # fmt: skip

        kinds: dict[str, Callable[[int], OrderQuery]] = {
            "buyer_id": lambda n: OrderQuery(f"tb_user{rng.randrange(300_000)}"),
            "buyer_name_prefix": lambda n: OrderQuery(names[n]),
            "waybill": lambda n: OrderQuery(f"7310{pick[n]:010d}"),
            "platform_order_no": lambda n: OrderQuery(f"4{pick[n]:018d}"),
            "order_no": lambda n: OrderQuery(f"SO{pick[n]:08d}"),
            "phone_tail": lambda n: OrderQuery(f"{rng.randrange(10_000):04d}"),
            "sku_week": sku_week,
        }
        for name, make in kinds.items():
            timed(factory, 20, make)  # statements prepared, pages cached
            figure(f"{kind}_order_search_{name}_p99_ms", timed(factory, args.searches, make),
                   "ms")  # fmt: skip
        read, times = factory.for_reading(), []
        for n in pick:
            started = time.perf_counter()
            with read() as uow:
                order_detail(uow, f"SO{n:08d}")
            times.append((time.perf_counter() - started) * 1000)
        figure(f"{kind}_order_detail_p99_ms", percentile(times, 99), "ms")
        factory.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        one_engine(kind, args)


if __name__ == "__main__":
    main()

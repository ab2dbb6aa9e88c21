"""A child process for the order desk's crash loop: customer service holding and releasing
orders as fast as it can, each act its own committed unit of work, each commit written to
the ack file after it returns ("H ORDER" held, "R ORDER" released). The parent kills it
at random moments.

    python -m tests.reliability.desk_child URL ACKFILE SEED
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from db.uow import make_uow_factory
from tests.reliability.harness import CLOCK
from wms_tui.core.model import Operator, OrderStatus, Role
from wms_tui.core.orders import acts

CLERK = Operator("SVC", "宋佳", frozenset({Role.SERVICE}))
ORDERS = [f"DK{n:04d}" for n in range(40)]


def main(url: str, ack_path: str, seed: int) -> None:
    factory = make_uow_factory(url)
    rng = random.Random(seed)
    with Path(ack_path).open("a", encoding="utf-8") as ack:
        while True:
            order_no = rng.choice(ORDERS)
            with factory() as uow:
                order = uow.orders.get(order_no)
                assert order is not None
                held = order.status is OrderStatus.ON_HOLD
                if held:
                    acts.release(uow, CLOCK, acts.seen(order), CLERK, "DESK-1")
                else:
                    acts.hold(uow, CLOCK, acts.seen(order), "买家要改地址", CLERK, "DESK-1")
                uow.commit()
            ack.write(f"{'R' if held else 'H'} {order_no}\n")
            ack.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

"""A station process for the crash loop: the real pipeline (journal, worker thread, batches)
on the real database, fed a steady stream of scans, killed with SIGKILL.

    python -m tests.reliability.station URL ACKFILE TAG MODE K COUNT SEED [WORKFLOW]

WORKFLOW `pick` (the default): product scans, each moving one unit bin -> packing.
WORKFLOW `returns`: the real returns desk (退货): after recovery it finishes the return it has
open, then books every handed-over parcel, unit by unit, and closes it.
WORKFLOW `inspect`: the real inspection desk (验货): after recovery the station reopens its open
order and scans what is still missing, then every picked order in turn, waybill then units;
each pass moves the order's units packing -> dock.

MODE says where it kills itself at the K-th occasion:
  after-journal   the journal line written, the step not applied: inside the scan's (or the
                  burst's) one transaction, or after the journal commit of the two-step way
  in-apply        inside the apply transaction, after the move was posted, before commit
  after-commit    after the commit, before any listener (the feedback) heard of it
  after-ack       right after the acknowledgement line was written
  random / none   never by itself (`random`: the harness kills it at a random moment)
The acknowledgement file gets `R tag n` after recovery (n scans recovered), `A scan status` for
every final outcome the operator saw and `K scan code` for "kept, will retry" messages.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import select

from db.models import OrderRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.reliability.harness import BARCODES, CLOCK, STATION, pick_handler
from tests.reliability.receiving_world import RECEIVING_STATION, receiving_stream
from tests.reliability.receiving_world import RULES as RECEIVING_RULES
from tests.reliability.returns_world import RETURN_STATION, returns_stream
from tests.reliability.workflows import DOCK, GIFT, QUAR, RETURNS, SKU_EAN, rules
from wms_tui.core.handover.handler import CONTEXT as HANDOVER
from wms_tui.core.handover.handler import HandoverDesk
from wms_tui.core.inspection.handler import CONTEXT as INSPECT
from wms_tui.core.inspection.handler import InspectionDesk, load_state, scan_resolver
from wms_tui.core.model import OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanHandler, ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.handler import CONTEXT as RECEIVING_CONTEXT
from wms_tui.core.receiving.handler import ReceivingDesk
from wms_tui.core.returns.handler import CONTEXT as RETURN_CONTEXT
from wms_tui.core.returns.handler import ReturnsDesk
from wms_tui.core.returns.rules import Places
from wms_tui.core.scans import Scan

UNKNOWN = "2999999999999"  # a valid-looking code nobody knows: rejected, never applied


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Station:
    def __init__(self, ack_path: str, mode: str, k: int) -> None:
        self.fd = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.mode = mode
        self.k = k
        self.seen = 0

    def tick(self, mode: str) -> None:
        if self.mode == mode:
            self.seen += 1
            if self.seen >= self.k:
                _die()

    def write(self, line: str) -> None:
        # One write(2) on an O_APPEND file: a kill never leaves half a line.
        os.write(self.fd, line.encode() + b"\n")

    def wrap(self, handler: ScanHandler) -> ScanHandler:
        def apply(uow: UnitOfWork, scan: Scan) -> Outcome:
            outcome = handler(uow, scan)
            self.tick("in-apply")
            return outcome

        return apply

    def before_feedback(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.tick("after-commit")

    def acknowledge(self, outcome: Outcome) -> None:
        if outcome.error_code.startswith("E70") or outcome.msgid == "scan.kept_for_restart":
            self.write(f"K {outcome.scan_id} {outcome.error_code}")
            return
        self.write(f"A {outcome.scan_id} {outcome.status.value}")
        self.tick("after-ack")


def pick_stream(rng: random.Random) -> Iterator[str]:
    codes = list(BARCODES)
    while True:
        yield rng.choice(codes) if rng.random() < 0.95 else UNKNOWN


def inspection_stream(factory: SqlUnitOfWorkFactory, rng: random.Random) -> Iterator[str]:
    """What an inspector does after a restart: finish the order the screen reopened, then
    take the picked parcels one by one. Read once, after recovery, before any new scan."""
    station = rules(1).station_id
    with factory() as uow:
        state = load_state(uow, station)
        missing = [SKU_EAN[lp.line.sku_code] for lp in state.progress.lines for _ in
                   range(lp.remaining)]  # fmt: skip
        opened = state.session.order_no if state.session is not None else ""
        picked = list(
            uow.session.scalars(
                select(OrderRow.order_no)
                .where(OrderRow.status == OrderStatus.PICKED.value, OrderRow.order_no != opened)
                .order_by(OrderRow.order_no)
            )
        )
    if state.progress.armed_gift:
        yield "CMD:CANCEL"  # a gift armed before the kill: the inspector presses Esc
    yield from missing
    for order_no in picked:
        with factory() as uow:  # one order at a time: a killed station reads few of them
            order = uow.orders.get(order_no)
        assert order is not None and order.waybill
        yield order.waybill
        if rng.random() < 0.3:  # a remark asked for a sample: F1, then the gift
            yield "CMD:GIFT"
            yield SKU_EAN[GIFT]
        for line in order.lines:
            for _ in range(line.qty):
                # An unknown code now and then: refused as a wrong item, never counted.
                if rng.random() < 0.05:
                    yield UNKNOWN
                yield SKU_EAN[line.sku_code]


CLOSE_EVERY = 20  # parcels per manifest before the courier's van leaves


def handover_stream(factory: SqlUnitOfWorkFactory, rng: random.Random) -> Iterator[str]:
    """What a dock worker does after a restart: choose the courier (the manifest the kill
    left open goes on), scan the verified parcels on no manifest, close every CLOSE_EVERY,
    undo now and then. Read once, after recovery, before any new scan."""
    with factory() as uow:
        waiting = [p.order_no for p in uow.handovers.at_dock() if not p.manifest_id]
    yield "CMD:COURIER:圆通"
    for n, order_no in enumerate(waiting, start=1):
        if rng.random() < 0.05:
            yield UNKNOWN
        yield f"YT{order_no}"
        if rng.random() < 0.05:
            yield "CMD:UNDO"
        if n % CLOSE_EVERY == 0:
            yield "CMD:CLOSE:张师傅"
            yield "CMD:COURIER:圆通"


OPERATORS = {"inspect": "INS-1", "handover": "DOC-1", "returns": "RET-1", "receiving": "RCV-1"}


def main(
    url: str, ack_path: str, tag: str, mode: str, k: int, count: int, seed: int,
    workflow: str = "pick",
) -> int:  # fmt: skip
    station = Station(ack_path, mode, k)
    factory = make_uow_factory(url)
    handler: ScanHandler = pick_handler
    context, station_id = "pick", STATION
    if workflow == "inspect":
        desk = InspectionDesk(rules(1), CLOCK, resolver=scan_resolver())
        handler, context, station_id = desk.handle_scan, INSPECT, rules(1).station_id
    elif workflow == "handover":
        dock = HandoverDesk("DOCK-A", DOCK, CLOCK)
        handler, context, station_id = dock.handle_scan, HANDOVER, "DOCK-A"
    elif workflow == "returns":
        clerk = ReturnsDesk(RETURN_STATION, Places(RETURNS, QUAR), CLOCK)
        handler, context, station_id = clerk.handle_scan, RETURN_CONTEXT, RETURN_STATION
    elif workflow == "receiving":
        receiver = ReceivingDesk(RECEIVING_STATION, RECEIVING_RULES, CLOCK)
        handler, context = receiver.handle_scan, RECEIVING_CONTEXT
        station_id = RECEIVING_STATION
    pipeline = ScanPipeline(
        factory.for_scans(), CLOCK, station_id, retry_initial_s=0.01, retry_max_s=0.2
    )
    pipeline.register(context, station.wrap(handler))
    pipeline.activate(context)
    pipeline.add_listener(station.before_feedback)
    pipeline.add_listener(station.acknowledge)
    pipeline.on_journaled = lambda _scan: station.tick("after-journal")
    recovered = pipeline.recover()
    station.write(f"R {tag} {len(recovered)}")
    pipeline.start()
    rng = random.Random(seed)
    streams = {
        "inspect": inspection_stream, "handover": handover_stream, "returns": returns_stream,
        "receiving": receiving_stream,
    }  # fmt: skip
    texts = streams[workflow](factory, rng) if workflow in streams else pick_stream(rng)
    for n, text in zip(range(count), texts, strict=False):
        pipeline.submit(
            Scan(
                scan_id=f"{tag}-{n}",
                source="rel",
                text=text,
                received_at=datetime.now(UTC),
                operator=OPERATORS.get(workflow, ""),
            )
        )
        # Bursts and pauses, as a scanner gun delivers them: batches of every size.
        if rng.random() < 0.3:
            time.sleep(rng.uniform(0, 0.01))
    pipeline.drain(120)
    pipeline.stop()
    factory.dispose()
    return 0


if __name__ == "__main__":
    url, ack, tag, mode, k, count, seed = sys.argv[1:8]
    workflow = sys.argv[8] if len(sys.argv) > 8 else "pick"
    raise SystemExit(main(url, ack, tag, mode, int(k), int(count), int(seed), workflow))

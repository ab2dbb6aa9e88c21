"""What the order desk's tests share: customer service and a picker with PINs, and the
operator the core acts take."""

from __future__ import annotations

from db.pin_hasher import Argon2PinHasher
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import PINS, seed_people
from wms_tui.core import operators
from wms_tui.core.model import Operator, Role

SERVICE, PICKER = "OP-SVC-T", "OP-PIC-T"


def enrol(url: str) -> None:
    seed_people(url)
    factory = make_uow_factory(url)
    for badge, role in ((SERVICE, Role.SERVICE), (PICKER, Role.PICKER)):
        operators.enrol(
            factory, Argon2PinHasher(), FixedClock(), badge=badge, name=badge,
            roles=frozenset({role}), pin="2468", by="setup", station_id="T",
        )  # fmt: skip
        PINS[badge] = "2468"
    factory.dispose()


CLERK = Operator(SERVICE, SERVICE, frozenset({Role.SERVICE}))

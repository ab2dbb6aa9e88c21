from __future__ import annotations

import itertools

import pytest

from wms_tui.core.errors import IllegalTransition
from wms_tui.core.model import ORDER_TRANSITIONS, Order, OrderStatus, check_transition

S = OrderStatus
HAPPY_PATH = [S.PENDING, S.CONFIRMED, S.RELEASED, S.PICKED, S.VERIFIED, S.HANDED_OVER, S.ARCHIVED]


def test_the_happy_path_is_allowed_step_by_step() -> None:
    order = Order("T1", "taobao", "shop", S.PENDING)
    for target in HAPPY_PATH[1:]:
        order.transition(target)
    assert order.status is S.ARCHIVED


@pytest.mark.parametrize(
    ("current", "target"),
    [(a, b) for a, b in itertools.product(S, S) if b not in ORDER_TRANSITIONS[a]],
)
def test_every_other_edge_is_refused(current: OrderStatus, target: OrderStatus) -> None:
    with pytest.raises(IllegalTransition) as info:
        check_transition(current, target)
    assert info.value.params == {"current": current.value, "target": target.value}


def test_archived_is_read_only_forever() -> None:
    assert ORDER_TRANSITIONS[S.ARCHIVED] == frozenset()


def test_skipping_steps_is_refused() -> None:
    with pytest.raises(IllegalTransition):
        check_transition(S.CONFIRMED, S.VERIFIED)
    with pytest.raises(IllegalTransition):
        check_transition(S.RELEASED, S.HANDED_OVER)

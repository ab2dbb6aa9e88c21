"""Cycle collection paused for bulk work, and restored however the work ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from wms_tui.core.bulk import collections_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_back_after() -> None:
    with collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), collections_paused():
        raise RuntimeError("release refused")
    assert gc.isenabled()


def test_stays_paused_until_the_last_overlapping_holder_leaves() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other_job() -> None:
        with collections_paused():
            entered.set()
            leave.wait(5)

    worker = threading.Thread(target=other_job)
    worker.start()
    assert entered.wait(5)
    with collections_paused():
        pass
    assert not gc.isenabled()  # the other job is still inside
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_left_off_when_it_was_off_before() -> None:
    gc.disable()
    with collections_paused():
        pass
    assert not gc.isenabled()

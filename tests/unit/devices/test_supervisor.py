"""The one reconnect loop behind every device reader, driven through a scripted link.

No timing is asserted: the test waits on what the loop reports (with generous deadlines), the
back-off delays are recorded through the ``wait`` seam instead of slept, and a fake clock says
how long each connection lasted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from devices import DeviceError, PortNotFoundError, PortOpenError
from devices.supervisor import (
    CONNECTED,
    CONNECTING,
    DISCONNECTED,
    QUIET,
    STOPPED,
    Backoff,
    Link,
    OutageLog,
    Supervisor,
)

WAIT_S = 10.0
THREAD = "test-supervisor"
log = logging.getLogger("tests.supervisor")


@dataclass(frozen=True)
class Refuse:
    """The next open fails: the device is absent."""

    detail: str = "absent"


@dataclass(frozen=True)
class Connect:
    """The next open gives ``port``; the read lasts ``lasts`` seconds of the fake clock and
    then loses the device with ``loss``, or, with no loss, blocks until ``stop()``."""

    port: str
    lasts: float = 0.0
    loss: str | None = None


Step = Refuse | Connect


class Recorder:
    """What the loop did, in order, from whichever thread it was done on."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self._cond = threading.Condition()

    def add(self, event: str) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[list[str]], bool]) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: predicate(self.events), WAIT_S), self.events

    def count(self, event: str) -> int:
        with self._cond:
            return self.events.count(event)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class ScriptedLink(Link[str]):
    def __init__(self, script: list[Step], recorder: Recorder, clock: FakeClock) -> None:
        self._script = list(script)
        self._recorder = recorder
        self._clock = clock
        self._steps: dict[str, Connect] = {}
        self._released = threading.Event()

    def open(self) -> str:
        # Past the end of the script the device stays away.
        step = self._script.pop(0) if self._script else Refuse("script over")
        if isinstance(step, Refuse):
            raise PortNotFoundError(step.detail, port="fake")
        self._recorder.add(f"open {step.port}")
        self._steps[step.port] = step
        return step.port

    def read_until_lost(self, port: str, stopping: threading.Event) -> DeviceError | None:
        step = self._steps[port]
        self._clock.now += step.lasts
        if step.loss is not None:
            return PortOpenError(step.loss, port=port)
        # Blocks on interrupt() alone, not on ``stopping``: stop() must cut a blocking read.
        assert self._released.wait(WAIT_S), "stop() never interrupted the read"
        return None

    def close(self, port: str) -> None:
        self._recorder.add(f"close {port}")

    def lost(self, error: DeviceError) -> None:
        self._recorder.add(f"lost {error.detail}")

    def interrupt(self) -> None:
        self._recorder.add("interrupt")
        self._released.set()


def make(
    script: list[Step],
    *,
    backoff: Backoff,
    record_waits: bool = True,
    outage_log: OutageLog | None = None,
    on_state: Callable[[str], object] | None = None,
) -> tuple[Supervisor[str], Recorder]:
    """A supervisor over the script. With ``record_waits`` its pauses are recorded as
    ``wait <delay>`` and return at once; without, it really waits on its stop signal."""
    recorder = Recorder()
    clock = FakeClock()

    def state(value: str) -> None:
        recorder.add(f"state {value}")
        if on_state is not None:
            on_state(value)

    def wait(delay: float) -> bool:
        recorder.add(f"wait {delay:g}")
        return False

    supervisor = Supervisor(
        ScriptedLink(script, recorder, clock),
        thread_name=THREAD,
        subject="scanner bench",
        log=log,
        on_state=state,
        backoff=backoff,
        outage_log=outage_log or OutageLog(),
        clock=clock,
        wait=wait if record_waits else None,
    )
    return supervisor, recorder


def test_a_lost_device_is_reopened_and_states_come_in_order() -> None:
    script: list[Step] = [
        Refuse(),
        Refuse(),
        Connect("tty0", loss="unplugged"),
        Refuse(),
        Connect("tty1"),
    ]
    supervisor, seen = make(script, backoff=Backoff(0.001, 0.004), record_waits=False)
    assert supervisor.state == STOPPED
    supervisor.start()
    try:
        seen.wait_for(lambda events: events.count(f"state {CONNECTED}") == 2)
        assert supervisor.last_error is None
    finally:
        supervisor.stop(WAIT_S)
    assert seen.events == [
        f"state {CONNECTING}",
        "lost absent",
        f"state {DISCONNECTED}",  # once for the outage, not once per failed open
        "lost absent",
        "open tty0",
        f"state {CONNECTED}",
        "lost unplugged",
        f"state {DISCONNECTED}",
        "close tty0",
        "lost absent",
        "open tty1",
        f"state {CONNECTED}",
        "interrupt",  # a stop is not an outage: no disconnected after it
        "close tty1",
        f"state {STOPPED}",
    ]
    assert supervisor.state == STOPPED


def test_back_off_doubles_to_the_cap_and_starts_over_after_a_stable_connection() -> None:
    script: list[Step] = [
        *[Refuse()] * 5,
        Connect("flaky", lasts=0.5, loss="dropped"),  # shorter than stable_s: keeps backing off
        Refuse(),
        Connect("steady", lasts=5.0, loss="unplugged"),  # stayed up: back to the initial delay
        Refuse(),
        Connect("last"),
    ]
    supervisor, seen = make(script, backoff=Backoff(1.0, 16.0, stable_s=1.0))
    supervisor.start()
    try:
        seen.wait_for(lambda events: "open last" in events)
    finally:
        supervisor.stop(WAIT_S)
    # Up to the last open: the pause that follows the stop returns at once (it waits on the
    # stop signal) and is no part of the back-off.
    before_stop = seen.events[: seen.events.index("open last")]
    waits = [e.removeprefix("wait ") for e in before_stop if e.startswith("wait ")]
    assert waits == ["1", "2", "4", "8", "16", "16", "16", "1"]


def test_with_stable_s_zero_any_connection_resets_the_back_off_at_once() -> None:
    script: list[Step] = [
        Refuse(),
        Refuse(),
        Connect("tty0", loss="unplugged"),
        Refuse(),
        Connect("last"),
    ]
    supervisor, seen = make(script, backoff=Backoff(1.0, 16.0, stable_s=0.0))
    supervisor.start()
    try:
        seen.wait_for(lambda events: "open last" in events)
    finally:
        supervisor.stop(WAIT_S)
    # No pause after the loss: reopened at once, and the next failure waits the initial delay.
    assert [e for e in seen.events if e.startswith(("wait", "lost", "open"))] == [
        "lost absent",
        "wait 1",
        "lost absent",
        "wait 2",
        "open tty0",
        "lost unplugged",
        "lost absent",
        "wait 1",
        "open last",
    ]


def test_stop_cuts_a_long_back_off_short() -> None:
    supervisor, seen = make([Refuse()], backoff=Backoff(3600.0, 3600.0), record_waits=False)
    supervisor.start()
    seen.wait_for(lambda events: f"state {DISCONNECTED}" in events)
    supervisor.stop(WAIT_S)
    # stop() returned within its generous timeout because the thread ended, not because the
    # hour-long pause ran out: the thread is gone and said so.
    assert f"state {STOPPED}" in seen.events
    assert THREAD not in [t.name for t in threading.enumerate()]


def test_stop_interrupts_a_blocking_read_and_is_not_an_outage() -> None:
    supervisor, seen = make([Connect("tty0")], backoff=Backoff(), record_waits=False)
    supervisor.start()
    seen.wait_for(lambda events: f"state {CONNECTED}" in events)
    supervisor.stop(WAIT_S)
    assert seen.events == [
        f"state {CONNECTING}",
        "open tty0",
        f"state {CONNECTED}",
        "interrupt",
        "close tty0",
        f"state {STOPPED}",
    ]
    assert supervisor.last_error is None


def test_start_twice_is_refused_and_a_stopped_supervisor_starts_again() -> None:
    supervisor, seen = make([Connect("tty0"), Connect("tty1")], backoff=Backoff())
    supervisor.start()
    with pytest.raises(RuntimeError, match="scanner bench already started"):
        supervisor.start()
    seen.wait_for(lambda events: "open tty0" in events)
    supervisor.stop(WAIT_S)
    assert not supervisor.started
    supervisor.start()
    try:
        seen.wait_for(lambda events: "open tty1" in events)
    finally:
        supervisor.stop(WAIT_S)
    assert seen.count(f"state {STOPPED}") == 2


def _outage(outage_log: OutageLog, caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    caplog.set_level(logging.DEBUG, logger=log.name)
    script: list[Step] = [
        Connect("tty0", loss="unplugged"),
        Refuse(),
        Refuse(),
        Refuse(),
        Connect("tty1"),
    ]
    supervisor, seen = make(script, backoff=Backoff(), outage_log=outage_log)
    supervisor.start()
    try:
        seen.wait_for(lambda events: "open tty1" in events)
    finally:
        supervisor.stop(WAIT_S)
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == log.name]


def test_an_outage_is_logged_once_then_quietly_until_the_device_is_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert _outage(OutageLog(), caplog) == [
        (logging.WARNING, "scanner bench disconnected: unplugged"),
        (logging.DEBUG, "scanner bench still away: absent"),
        (logging.DEBUG, "scanner bench still away: absent"),
        (logging.DEBUG, "scanner bench still away: absent"),
        (logging.INFO, "scanner bench is back on tty1"),
    ]


def test_outage_lines_can_be_left_to_the_device(caplog: pytest.LogCaptureFixture) -> None:
    assert _outage(OutageLog(retries=False, recovery=False), caplog) == [
        (logging.WARNING, "scanner bench disconnected: unplugged"),
    ]


def test_a_quiet_supervisor_writes_no_outage_lines(caplog: pytest.LogCaptureFixture) -> None:
    assert _outage(QUIET, caplog) == []


def test_a_failing_state_handler_is_logged_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(state: str) -> None:
        if state == CONNECTED:
            raise RuntimeError("consumer bug")

    script: list[Step] = [Connect("tty0", loss="unplugged"), Connect("tty1")]
    supervisor, seen = make(script, backoff=Backoff(), on_state=explode)
    supervisor.start()
    try:
        seen.wait_for(lambda events: "open tty1" in events)
    finally:
        supervisor.stop(WAIT_S)
    assert seen.events[-1] == f"state {STOPPED}"
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failures] == ["state handler failed for scanner bench"] * 2

"""Each reliability test reports the counts it checked; they are printed at the end of the run,
so `make reliability` shows them without `-s`."""

from __future__ import annotations

import pytest

from tests.reliability.harness import Report

_LINES: list[str] = []


@pytest.fixture
def report() -> Report:
    """`report("crash_loop_sqlite", kills=5, violations=0)` -> one summary line; returns the
    violations, so a test reads `assert not report(...)`."""

    def add(name: str, **counts: object) -> int:
        _LINES.append(name + ": " + " ".join(f"{key}={value}" for key, value in counts.items()))
        violations = counts["violations"]
        assert isinstance(violations, int)
        return violations

    return add


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LINES:
        terminalreporter.section("reliability")
        for line in _LINES:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The short crash loops run on SQLite in `make test` (a smoke of every workflow's
    recovery, some ten kills each), and on PostgreSQL with the long ones in `make
    reliability`: each kill is a new process, and both engines' would hold `make test`
    past its ten minutes. The code under the kill is the same on both engines."""
    for item in items:
        if "crash_loop_short[postgresql]" in item.nodeid:
            item.add_marker(pytest.mark.slow)

"""The collector is paused while reports are made, and only the last one to end starts it
again; a collector someone else stopped stays stopped."""

from __future__ import annotations

import gc

import pytest

from wms_tui.core.reports.collector import collector_paused


def test_overlapping_reports_start_the_collector_once_the_last_ends() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # the dashboard's worker and a command at once
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_stopped_before_stays_stopped() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_in_a_report_starts_the_collector_again() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("storage error")
    assert gc.isenabled()

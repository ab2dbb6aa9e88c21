"""Every count service test of tests/unit/counting, again on a real migrated database.

The `count_db` fixture of this package's conftest replaces the fake with SQLite and
PostgreSQL; the tests and their assertions are the very same functions, from
tests/unit/counting/service_cases.py.
"""

from __future__ import annotations

from tests.unit.counting.service_cases import (
    test_count_within_threshold_then_approve_posts_exact_variance,
    test_freeze_refuses_picking_and_names_the_count,
    test_one_stocktaker_per_location,
    test_plan_makes_one_task_per_location_and_skips_busy_ones,
    test_reject_orders_a_recount_by_a_third_stocktaker,
    test_restart_midway_recomputes_the_same_progress,
    test_stock_changed_during_count_is_refused,
    test_supervisor_who_counted_cannot_approve,
    test_unknown_codes_are_listed_for_the_supervisor,
    test_variance_above_threshold_gets_a_blind_recount_by_someone_else,
)

__all__ = [
    "test_count_within_threshold_then_approve_posts_exact_variance",
    "test_freeze_refuses_picking_and_names_the_count",
    "test_one_stocktaker_per_location",
    "test_plan_makes_one_task_per_location_and_skips_busy_ones",
    "test_reject_orders_a_recount_by_a_third_stocktaker",
    "test_restart_midway_recomputes_the_same_progress",
    "test_stock_changed_during_count_is_refused",
    "test_supervisor_who_counted_cannot_approve",
    "test_unknown_codes_are_listed_for_the_supervisor",
    "test_variance_above_threshold_gets_a_blind_recount_by_someone_else",
]

"""What a freeze does to stock around it, recounts on open plans, and the plan scopes.

The tests are in freeze_cases.py: run on the in-memory fake here and on SQLite and
PostgreSQL by tests/integration/counting/test_freeze_rules_db.py.
"""

from __future__ import annotations

from tests.unit.counting.freeze_cases import (
    test_negative_days_or_threshold_are_refused_in_words,
    test_pick_that_raced_the_freeze_gets_a_fresh_recount_then_approves,
    test_plan_of_the_locations_holding_a_sku,
    test_plan_of_the_locations_not_counted_in_n_days,
    test_recount_on_an_open_plan_is_blind,
    test_stock_from_another_bin_is_refused_not_held,
    test_stock_from_outside_waits_for_the_count_and_posts_once_on_approval,
)

__all__ = [
    "test_negative_days_or_threshold_are_refused_in_words",
    "test_pick_that_raced_the_freeze_gets_a_fresh_recount_then_approves",
    "test_plan_of_the_locations_holding_a_sku",
    "test_plan_of_the_locations_not_counted_in_n_days",
    "test_recount_on_an_open_plan_is_blind",
    "test_stock_from_another_bin_is_refused_not_held",
    "test_stock_from_outside_waits_for_the_count_and_posts_once_on_approval",
]

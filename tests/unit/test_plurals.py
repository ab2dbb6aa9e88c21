"""English says "1 order" and "2 orders": the station said "1 orders on hold" and "1
locations to count"."""

from __future__ import annotations

import re

from wms_tui.i18n import load_catalog, translate

_COUNTED_NOUN = re.compile(
    r"\{(\w+)\} (items|units|orders|stops|waves|locations|rows|tries|lines|scans|parcels)\b"
)


def test_a_count_names_one_thing_or_many() -> None:
    one = translate("pick.short.recorded", "en", qty=1, sku="TEE", location="A-01", orders=1)
    two = translate("pick.short.recorded", "en", qty=2, sku="TEE", location="A-01", orders=2)
    assert "1 order on hold" in one and "2 orders on hold" in two
    plan = translate("count.ui.plan_created", "en", name="P", locations=1)
    assert plan.endswith("1 location to count")
    # A number keeps its own format spec; Chinese needs no plural.
    assert translate("pick.short.recorded", "zh_CN", qty=1, sku="T", location="A", orders=1)


def test_no_english_message_counts_with_a_fixed_plural() -> None:
    catalog = load_catalog("en")
    fixed = sorted(m for m, t in catalog.items() if _COUNTED_NOUN.search(t) or "(s)" in t)
    assert fixed == []

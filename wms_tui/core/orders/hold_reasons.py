"""An order's hold reason: written by picking and inspection language-neutral (the next
reader may speak the other language), put into words only when shown. Writers and reader
live here together, so the stored format has one home.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wms_tui.i18n import _

INSPECTION_PREFIX = "inspection: "
DESK_PREFIX = "desk:"
HELD_BY_INSPECTOR = "held by inspector"
_PART = re.compile(r"(damaged|wrong_spec|missing_part|short) (\S+) x([0-9]+)")


def short_pick(sku_code: str, qty: int, location: str) -> str:
    """A pick found the bin short."""
    return f"short:{sku_code}:{qty}:{location}"


def inspection(parts: Sequence[tuple[str, str, int]]) -> str:
    """An inspector held the order: (why, sku, qty) per problem, why being a problem reason
    (damaged, wrong_spec, missing_part) or "short" for units missing from the parcel."""
    said = [f"{why} {sku} x{qty}" for why, sku, qty in parts]
    return INSPECTION_PREFIX + ("; ".join(said) or HELD_BY_INSPECTOR)


def desk(before: str, why: str) -> str:
    """The order desk held it, from status `before`, for `why` (a person's own words)."""
    return f"{DESK_PREFIX}{before}:{why}"


def desk_before(reason: str) -> str | None:
    """The status the desk held an order from; None for a hold made elsewhere."""
    if not reason.startswith(DESK_PREFIX):
        return None
    before, _sep, _why = reason[len(DESK_PREFIX) :].partition(":")
    return before or None


def describe_hold(reason: str) -> str:
    """Anything not written by picking or inspection (customer service's own words) is
    shown as written."""
    if reason.startswith(DESK_PREFIX):
        return reason[len(DESK_PREFIX) :].partition(":")[2]
    parts = reason.split(":")
    if len(parts) == 4 and parts[0] == "short":
        return _("pick.hold.short", sku=parts[1], qty=parts[2], location=parts[3])
    if reason.startswith(INSPECTION_PREFIX):
        said = [_describe_part(part) for part in reason[len(INSPECTION_PREFIX) :].split("; ")]
        return _("inspect.hold.inspection", parts=_("inspect.hold.separator").join(said))
    return reason


def _describe_part(part: str) -> str:
    if part == HELD_BY_INSPECTOR:
        return _("inspect.hold.by_inspector")
    found = _PART.fullmatch(part)
    if found is None:
        return part
    why, sku, qty = found.groups()
    return _("inspect.hold." + why, sku=sku, qty=qty)


def hold_kinds(reason: str) -> list[str]:
    """What kind of hold `reason` is, for the day's figures: `short_pick`, `desk` (held at
    the order desk), or each part an inspector named (damaged, wrong_spec, missing_part,
    short; `by_inspector` when none), so "held, and why" counts like with like."""
    if reason.startswith(DESK_PREFIX):
        return ["desk"]
    if reason.startswith("short:"):
        return ["short_pick"]
    if reason.startswith(INSPECTION_PREFIX):
        parts = reason[len(INSPECTION_PREFIX) :].split("; ")
        kinds = [found.group(1) for part in parts if (found := _PART.fullmatch(part))]
        return kinds or ["by_inspector"]
    return ["other"]

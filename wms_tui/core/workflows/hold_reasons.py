"""An order's hold reason in words. Picking and inspection store it language-neutral (the
next reader may speak the other language); it is put into words only when shown.
"""

from __future__ import annotations

import re

from wms_tui.i18n import _

INSPECTION_PREFIX = "inspection: "
HELD_BY_INSPECTOR = "held by inspector"
_PART = re.compile(r"(damaged|wrong_spec|missing_part|short) (\S+) x([0-9]+)")


def describe_hold(reason: str) -> str:
    """Anything not written by picking or inspection (customer service's own words) is
    shown as written."""
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

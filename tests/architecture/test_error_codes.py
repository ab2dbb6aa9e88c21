"""Error codes are stored in the scan journal and audit log: each one names one error."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import re

import wms_tui.core
from wms_tui.core.errors import WmsError


def _all_errors() -> list[type[WmsError]]:
    for info in pkgutil.walk_packages(wms_tui.core.__path__, prefix="wms_tui.core."):
        importlib.import_module(info.name)
    found: list[type[WmsError]] = []
    pending: list[type[WmsError]] = [WmsError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_every_error_code_is_unique_and_well_formed() -> None:
    owners: dict[str, list[str]] = {}
    for cls in _all_errors():
        if "code" in cls.__dict__:
            owners.setdefault(cls.code, []).append(f"{cls.__module__}.{cls.__qualname__}")
    assert len(owners) > 60
    assert {code: names for code, names in owners.items() if len(names) > 1} == {}
    assert [code for code in owners if not re.fullmatch(r"E[0-9]{3}", code)] == []


def test_every_error_survives_pickling_with_its_params() -> None:
    """Errors cross process boundaries (worker pools, the reliability stations): one that
    cannot be unpickled hangs the parent instead of failing it."""
    for cls in _all_errors():
        error = cls(order="T1", qty=2)
        back = pickle.loads(pickle.dumps(error))
        assert (type(back), back.params, str(back)) == (cls, error.params, str(error)), cls

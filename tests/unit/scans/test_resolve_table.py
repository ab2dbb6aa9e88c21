"""What every kind of scanned string resolves to: one table, one named case per row."""

from __future__ import annotations

import pytest

from tests.unit.scans.catalog import (
    FakeCatalog,
)
from tests.unit.scans.resolve_cases import CASES, Err, Ok
from wms_tui.core.scans import ResolverConfig, resolve


@pytest.mark.parametrize(("text", "symbology", "config", "want"), CASES)
def test_resolve(text: str, symbology: str, config: ResolverConfig | None, want: Ok | Err) -> None:
    catalog = FakeCatalog()
    before = catalog.snapshot()
    if isinstance(want, Err):
        with pytest.raises(want.error) as caught:
            resolve(text, catalog, config, symbology)
        assert type(caught.value) is want.error
        for name, value in want.params.items():
            assert caught.value.params[name] == value, name
        assert "{" not in caught.value.message()
    else:
        got = resolve(text, catalog, config, symbology)
        assert got.kind is want.kind
        assert (got.sku.code if got.sku else None) == want.sku
        for name, value in want.attrs.items():
            if name.startswith("attrs_"):
                thing = getattr(got, name.removeprefix("attrs_"))
                assert thing is not None
                assert value in (
                    getattr(thing, "code", None),
                    getattr(thing, "name", None),
                    getattr(thing, "order_no", None),
                )
            else:
                assert getattr(got, name) == value, name
        assert got.describe()
    assert catalog.snapshot() == before


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)

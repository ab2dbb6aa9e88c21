"""Whatever arrives from a scanner, resolve() answers or raises a ScanError, and writes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.scans.catalog import FakeCatalog
from wms_tui.core.errors import ScanError
from wms_tui.core.scans import GS, Resolved, ResolverConfig, resolve

_CONFIGS = st.sampled_from([ResolverConfig(), ResolverConfig(gs_standin="~", max_length=64)])
_AIM = st.sampled_from(["", "]E0", "]E4", "]C0", "]C1", "]d2", "]Q3", "]e0", "]I1", "]Zz"])
# Text that looks like barcodes: digits, AIs, separators, stand-ins, brackets.
_BARCODEISH = st.text(alphabet="0123456789" + "ABCDLSZ-~()^]:" + GS + "\r\n ", max_size=60)
_FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_resolves_or_refuses(text: str, config: ResolverConfig, symbology: str = "") -> None:
    catalog = FakeCatalog()
    before = catalog.snapshot()
    try:
        result = resolve(text, catalog, config, symbology)
    except ScanError as exc:
        assert exc.message()
    else:
        assert isinstance(result, Resolved)
        assert result.describe()
    assert catalog.snapshot() == before


@_FUZZ
@given(st.text(max_size=80), _CONFIGS)
def test_any_text(text: str, config: ResolverConfig) -> None:
    assert_resolves_or_refuses(text, config)


@_FUZZ
@given(st.binary(max_size=80), st.sampled_from(["surrogateescape", "latin-1"]), _CONFIGS)
def test_any_bytes(data: bytes, decoding: str, config: ResolverConfig) -> None:
    text = data.decode("latin-1") if decoding == "latin-1" else data.decode("utf-8", decoding)
    assert_resolves_or_refuses(text, config)


@_FUZZ
@given(_AIM, _BARCODEISH, _AIM, _CONFIGS)
def test_barcode_like_text(prefix: str, body: str, symbology: str, config: ResolverConfig) -> None:
    assert_resolves_or_refuses(prefix + body, config, symbology)

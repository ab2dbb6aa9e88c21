"""Coverage-guided fuzzing with atheris (libFuzzer) of the three surfaces that take untrusted
bytes: the scanner framer, the scan resolver, and the CSV/XLSX import readers + validators.

    python -m tests.reliability.fuzz_atheris TARGET [libFuzzer flags, e.g. -max_total_time=30]

TARGET is `framer`, `resolver` or `imports`. Only the project's documented errors may escape
(ScanError from the resolver, ImportRejected from imports, nothing from the framer); anything
else is a crash: libFuzzer stops, prints the input and writes it to `crash-*`, which then
becomes a plain regression test in `test_fuzz.py`. Hypothesis covers the same surfaces
against the real database in `test_fuzz.py`; this adds coverage feedback, which finds
inputs (nested GS1 AIs, odd encodings) that random generation rarely reaches.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from devices.framing import Framer, FramerOptions
    from tests.fakes import FakeDatabase
    from tests.unit.scans.catalog import FakeCatalog
    from wms_tui.bootstrap.imports import read_table
    from wms_tui.core.errors import ImportRejected, ScanError
    from wms_tui.core.imports import ImportKind, prefetch
    from wms_tui.core.imports.validate import validate
    from wms_tui.core.scans import ResolverConfig, resolve

CATALOG = FakeCatalog()
CONFIGS = (ResolverConfig(), ResolverConfig(gs_standin="~"))
SYMBOLOGIES = ("", "]E0", "]C1", "]d2", "]Q3", "]e0", "]I1")


def framer(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    options = FramerOptions(
        aim=fdp.ConsumeBool(), max_length=fdp.ConsumeIntInRange(1, 128),
        tab_terminates=fdp.ConsumeBool(),
    )  # fmt: skip
    stream = fdp.ConsumeBytes(fdp.remaining_bytes())
    # Any split of the same bytes into reads must give the same scans.
    whole = [raw.data for raw in Framer("f", options).feed(stream + b"\r", 0.0, 0.0)]
    split = Framer("f", options)
    cut = len(stream) // 2
    pieces = [*split.feed(stream[:cut], 0.0, 0.0), *split.feed(stream[cut:] + b"\r", 0.0, 0.0)]
    if [raw.data for raw in pieces] != whole:
        raise AssertionError(f"a split read changed the scans: {whole!r} != {pieces!r}")


def resolver(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    config = CONFIGS[fdp.ConsumeIntInRange(0, len(CONFIGS) - 1)]
    symbology = SYMBOLOGIES[fdp.ConsumeIntInRange(0, len(SYMBOLOGIES) - 1)]
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    try:
        resolved = resolve(text, CATALOG, config, symbology)
    except ScanError as error:
        if not error.message():
            raise AssertionError(f"{error.code} has no message for {text!r}") from error
        return
    if resolved.quantity < 1:
        raise AssertionError(f"{text!r} resolved to quantity {resolved.quantity}")


_FILES = Path(tempfile.mkdtemp(prefix="wms-fuzz-"))
_LOOKUP_DB = FakeDatabase()


def imports(data: bytes) -> None:
    suffix = ".xlsx" if data[:2] == b"PK" else ".csv"
    path = _FILES / f"export{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except ImportRejected as rejected:
        if not rejected.message():
            raise AssertionError("an unreadable file was refused without a message") from None
        return
    with _LOOKUP_DB.uow() as uow:
        for kind in ImportKind:
            try:
                validate(kind, table, prefetch(kind, table, uow.imports))
            except ImportRejected as rejected:
                if not rejected.message():
                    raise AssertionError(f"{kind} refused a file without a message") from None


TARGETS: dict[str, Callable[[bytes], None]] = {
    "framer": framer,
    "resolver": resolver,
    "imports": imports,
}


def main(argv: list[str]) -> None:
    target = TARGETS[argv[1]]
    # libFuzzer reads its own flags from argv; keep the program name first.
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)

"""Bad input, end to end and for a bounded time: bytes from a scanner through the framer, the
resolver against a real database and the real pipeline; any bytes as a CSV or XLSX export
through the readers and the validators. Nothing may escape but the documented errors."""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from devices.framing import Framer, FramerOptions
from tests.pgcluster import TestDatabases
from tests.reliability.harness import BARCODES, CLOCK, STATION, Report, pick_handler, seed, verify
from wms_tui.bootstrap.imports import read_table
from wms_tui.core.errors import ImportRejected, ScanError
from wms_tui.core.imports import ImportKind, prefetch
from wms_tui.core.imports.validate import validate
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import GS, Scan, resolve

SHORT, LONG = 150, 3000
ATHERIS_SHORT_S, ATHERIS_LONG_S = 3, 120
ROOT = Path(__file__).resolve().parents[2]
# Bytes that look like what scanners send, mixed with anything at all.
SCANNERISH = st.lists(
    st.one_of(
        st.binary(max_size=8),
        st.sampled_from([b"\r", b"\n", b"\t", GS.encode(), b"]E0", b"]C1", b"]d2", b"CMD:"]),
        st.sampled_from([c.encode() for c in BARCODES]),
        st.text(alphabet="0123456789()", max_size=20).map(str.encode),
    ),
    max_size=20,
).map(b"".join)
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " 12", "1_000", "１２", "=cmd()", '="0012"', "REL-1", "A-01", "-3"]),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(list(BARCODES)),
)
HEADERS = ["sku", "name", "barcode", "location", "qty", "order_no", "kind", "商家编码", "数量"]


def bounded(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@pytest.fixture
def factory(databases: TestDatabases, tmp_path: Path) -> Iterator[SqlUnitOfWorkFactory]:
    found = make_uow_factory(databases.migrated("sqlite", tmp_path / "fuzz.sqlite"))
    seed(found)
    try:
        yield found
    finally:
        found.dispose()


def fuzz_scans(factory: SqlUnitOfWorkFactory, examples: int) -> dict[str, int]:
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, STATION)
    pipeline.register("pick", pick_handler)
    pipeline.activate("pick")
    ids = itertools.count()
    seen = {"frames": 0, "accepted": 0, "refused": 0}

    @bounded(examples)
    @given(stream=SCANNERISH, aim=st.booleans(), tab=st.booleans())
    def run(stream: bytes, aim: bool, tab: bool) -> None:
        framer = Framer("fuzz", FramerOptions(aim=aim, max_length=64, tab_terminates=tab))
        for raw in framer.feed(stream + b"\r", 0.0, 0.0):
            seen["frames"] += 1
            with factory() as uow:
                try:
                    resolve(raw.text(), uow.catalog(), symbology=raw.symbology_id)
                except ScanError as error:
                    assert error.message()
            scan = Scan(
                scan_id=f"z{next(ids)}", source="fuzz", text=raw.text(),
                symbology=raw.symbology_id, received_at=datetime.now(UTC),
            )  # fmt: skip
            outcome = pipeline.process(scan)
            assert outcome.error_code != "E000", outcome  # E000: a bug reached the pipeline
            assert outcome.text()
            seen["accepted" if outcome.ok else "refused"] += 1

    run()
    verdict = verify(factory)
    assert verdict.violations == [] and verdict.pending == 0
    assert verdict.accepted == seen["accepted"]
    return {**seen, "violations": 0}


def _check_table_file(factory: SqlUnitOfWorkFactory, path: Path) -> str:
    try:
        table = read_table(path)
    except ImportRejected as rejected:
        assert rejected.message()
        return "unreadable"
    outcome = "valid"
    with factory() as uow:
        for kind in ImportKind:
            try:
                validate(kind, table, prefetch(kind, table, uow.imports))
            except ImportRejected as rejected:
                assert rejected.message()
                outcome = "rejected"
    return outcome


def fuzz_imports(factory: SqlUnitOfWorkFactory, tmp_path: Path, examples: int) -> dict[str, int]:
    counts = {"unreadable": 0, "rejected": 0, "valid": 0}
    csv_path, xlsx_path = tmp_path / "export.csv", tmp_path / "export.xlsx"

    @bounded(examples)
    @given(
        data=st.one_of(
            st.binary(max_size=300),
            st.lists(st.lists(CELL, max_size=6), max_size=6).map(
                lambda rows: "\n".join(",".join(r) for r in [HEADERS[:6], *rows]).encode()
            ),
        ),
        encoding=st.sampled_from(["raw", "gb18030", "utf-8-sig"]),
    )
    def run_csv(data: bytes, encoding: str) -> None:
        if encoding != "raw":
            data = data.decode("utf-8", "replace").encode(encoding, "replace")
        csv_path.write_bytes(data)
        counts[_check_table_file(factory, csv_path)] += 1

    @bounded(max(examples // 3, 20))
    @given(
        header=st.lists(st.sampled_from(HEADERS), max_size=7),
        rows=st.lists(
            st.lists(st.one_of(CELL, st.integers(), st.floats()), max_size=7), max_size=5
        ),
        corrupt=st.one_of(st.none(), st.tuples(st.integers(0, 10**6), st.integers(0, 255))),
    )
    def run_xlsx(
        header: list[str], rows: list[list[object]], corrupt: tuple[int, int] | None
    ) -> None:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [list[object](header), *rows]:
            sheet.append([_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = bytearray(buffer.getvalue())
        if corrupt is not None:
            data[corrupt[0] % len(data)] = corrupt[1]
        xlsx_path.write_bytes(bytes(data))
        counts[_check_table_file(factory, xlsx_path)] += 1

    run_csv()
    run_xlsx()
    return {**counts, "violations": 0}


def _cell(value: object) -> object:
    """openpyxl refuses control characters in text cells; a shop export never has them."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r") or None
    return value


def test_fuzz_scans_short(factory: SqlUnitOfWorkFactory, report: Report) -> None:
    assert not report("fuzz_scans_short", examples=SHORT, **fuzz_scans(factory, SHORT))


def test_fuzz_imports_short(factory: SqlUnitOfWorkFactory, tmp_path: Path, report: Report) -> None:
    assert not report(
        "fuzz_imports_short", examples=SHORT, **fuzz_imports(factory, tmp_path, SHORT)
    )


@pytest.mark.slow
def test_fuzz_scans_long(factory: SqlUnitOfWorkFactory, report: Report) -> None:
    assert not report("fuzz_scans", examples=LONG, **fuzz_scans(factory, LONG))


@pytest.mark.slow
def test_fuzz_imports_long(factory: SqlUnitOfWorkFactory, tmp_path: Path, report: Report) -> None:
    assert not report("fuzz_imports", examples=LONG, **fuzz_imports(factory, tmp_path, LONG))


def test_a_corrupt_zip_is_refused_as_unreadable(
    factory: SqlUnitOfWorkFactory, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-a-workbook/>")
    assert _check_table_file(factory, path) == "unreadable"


def _seed_corpus(target: str, corpus: Path) -> None:
    """A few well-formed inputs to start from, so mutation explores real exports and codes."""
    corpus.mkdir()
    if target == "imports":
        (corpus / "skus.csv").write_bytes(
            "sku,name,barcode\nREL-1,可靠性,6900000000012\n".encode("gb18030")
        )
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["order_no", "sku", "qty"])
        sheet.append(["SO1", "REL-1", 2])
        buffer = io.BytesIO()
        workbook.save(buffer)
        (corpus / "orders.xlsx").write_bytes(buffer.getvalue())
    else:
        for n, code in enumerate((*BARCODES, f"]C1010690000000001210LOT{GS}2112", "CMD:DONE")):
            (corpus / f"seed{n}").write_bytes(code.encode() + b"\r")


def atheris_run(target: str, seconds: int, tmp_path: Path) -> dict[str, int]:
    pytest.importorskip("atheris", reason="atheris has wheels for CPython 3.11 on x86_64 only")
    corpus = tmp_path / f"corpus-{target}"
    _seed_corpus(target, corpus)
    done = subprocess.run(
        [
            sys.executable, "-m", "tests.reliability.fuzz_atheris", target,
            f"-max_total_time={seconds}", "-print_final_stats=1", "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/", str(corpus),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=seconds + 120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, f"atheris {target} found a crash:\n{done.stderr[-4000:]}"
    runs = re.search(r"stat::number_of_executed_units: (\d+)", done.stderr)
    features = re.findall(r"ft: (\d+)", done.stderr)  # coverage features, last report
    assert runs is not None and int(runs.group(1)) > 0, done.stderr[-2000:]
    return {
        "seconds": seconds,
        "runs": int(runs.group(1)),
        "features": int(features[-1]) if features else 0,
        "violations": 0,
    }


# In `make reliability` with the long runs: each costs about 28 s of instrumenting the
# code before its 3 s of fuzzing, and `make test` must stay under 10 minutes on 2 cores.
# The Hypothesis fuzzing below (framer, resolver, pipeline, imports) stays in `make test`.
@pytest.mark.slow
@pytest.mark.parametrize("target", ["framer", "resolver", "imports"])
def test_atheris_short(target: str, tmp_path: Path, report: Report) -> None:
    assert not report(f"atheris_short_{target}", **atheris_run(target, ATHERIS_SHORT_S, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("target", ["framer", "resolver", "imports"])
def test_atheris_long(target: str, tmp_path: Path, report: Report) -> None:
    assert not report(f"atheris_{target}", **atheris_run(target, ATHERIS_LONG_S, tmp_path))

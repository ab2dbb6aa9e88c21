"""`wms orders search`, `wms orders show` and `wms stock` on both engines, each for a
verified badge of customer service, a supervisor or an admin, never for a typed name."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import SUPERVISOR, run_as, write_config
from tests.integration.handover.dock import waybill
from tests.integration.orders.helpers import PICKER, SERVICE, enrol


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_customer_service_finds_and_reads_an_order(
    factory: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    language: str,
) -> None:
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url, language)
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "search", waybill(3)) == 0
    found = capsys.readouterr().out.strip().splitlines()
    assert len(found) == 1 and found[0].startswith("H0003 · ")
    assert ("verified" if language == "en" else "已验货") in found[0]
    assert run_as(config, SERVICE, "orders", "search", "TEE", "--limit", "2", "--page", "2") == 0
    paged = capsys.readouterr().out.strip().splitlines()
    assert [line.split(" · ")[0] for line in paged[:2]] == ["H0004", "H0003"]
    assert "--page 3" in paged[2]
    assert run_as(config, SERVICE, "orders", "show", "P000001") == 0  # by its platform no.
    shown = capsys.readouterr().out
    assert "H0001" in shown and "TEE" in shown and waybill(1) in shown
    assert run_as(config, SUPERVISOR, "stock", "TEE") == 0
    assert "DOCK-01  12" in capsys.readouterr().out
    assert run_as(config, SERVICE, "orders", "search", "nobody") == 1


def test_the_desk_is_not_for_every_badge(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, PICKER, "orders", "search", "H0001") != 0
    assert "H0001 · " not in capsys.readouterr().out
    assert run_as(config, SERVICE, "orders", "search", "H0001", pin="0000") != 0
    with pytest.raises(SystemExit) as stopped:
        run_as(config, SERVICE, "orders", "search", "H0001", "--limit", "500")
    assert stopped.value.code == 2
    assert "1 to 200" in capsys.readouterr().err

"""The `wms` command on a real database of each engine, as an administrator would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.engine import make_engine
from db.models import AuditRow
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import (
    ADMIN,
    SUPERVISOR,
    run_as,
    run_wms,
    seed_people,
    write_config,
)
from wms_tui.cli import command as cli
from wms_tui.core import stock
from wms_tui.core.model import Location, LocationKind, OrderStatus, Sku
from wms_tui.i18n import set_language

pytestmark = pytest.mark.usefixtures("_restore_language")


def test_demo_builds_once_and_is_realistic(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, db_url)
    assert run_wms(config, "db", "init") == 0
    assert run_wms(config, "demo", "--no-start", "--sheet", str(tmp_path / "sheet.pdf")) == 0
    first = capsys.readouterr().out
    assert "Demo warehouse built" in first and "OP-SUP-1" in first
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert run_wms(config, "demo", "--no-start") == 0
    assert "already there; nothing changed" in capsys.readouterr().out

    factory = make_uow_factory(db_url)
    with factory() as uow:
        counts = uow.orders.count_by_status()
        assert set(counts) == set(OrderStatus)
        assert 250 <= sum(counts.values()) <= 350
        assert 150 <= len(uow.skus.codes()) <= 250
        assert len(uow.operators.all()) == 30  # three a role: dock, courier, service, returns too
    factory.dispose()
    assert run_wms(config, "check") == 0


def test_check_reports_drift_and_exits_1(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        uow.skus.add(Sku("TS-1", "白T恤", "White tee"))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        stock.receive(
            uow, FixedClock(), sku_code="TS-1", qty=5, location="A-01-1", operator="t",
            station_id="PACK-01",
        )  # fmt: skip
        uow.commit()
    factory.dispose()
    assert run_wms(config, "check") == 0
    sku, location = "TS-1", "A-01-1"
    engine = make_engine(migrated_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE stock_level SET qty = qty + 7 WHERE sku_code = :s AND location = :l"),
            {"s": sku, "l": location},
        )
    engine.dispose()
    capsys.readouterr()
    assert run_wms(config, "check") == 1
    out = capsys.readouterr().out
    assert f"Drift: {sku} at {location}" in out and "1 drifts" in out
    assert run_wms(config, "check") == 0  # the cache was rebuilt from the ledger


def test_a_bad_import_file_is_rejected_whole_with_every_problem(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    seed_people(migrated_url)
    good = tmp_path / "skus.csv"
    good.write_text(
        "sku,name_zh,name_en,barcode\nTS-1,白T恤,White tee,6901234567892\n", encoding="utf-8-sig"
    )
    assert run_as(config, SUPERVISOR, "import", "skus", str(good)) == 0
    assert run_as(config, SUPERVISOR, "import", "skus", str(good)) == 0
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    rows = "sku,name_zh,name_en,barcode\nTS-2,蓝T恤,Blue tee,6901234567890\nTS-3,红T恤,Red,\x01x\n"
    bad.write_bytes(rows.encode("gb18030"))
    assert run_as(config, SUPERVISOR, "import", "skus", str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2 barcode 6901234567890" in err
    assert "bad.csv:3" in err
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        assert uow.skus.get("TS-2") is None  # nothing of a rejected file is written
    factory.dispose()


def test_operators_are_changed_by_a_verified_admin_only(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    seed_people(migrated_url)
    new_pin = tmp_path / "new.pin"
    new_pin.write_text("24680135\n", encoding="utf-8")
    add = ("operators", "add", "OP-T-1", "张三", "--roles", "picker,supervisor")
    # A typed name, a supervisor, a wrong PIN: nobody gets an account made.
    assert run_as(config, "cli", *add, "--new-pin-file", str(new_pin), pin="1") == 2
    assert "E404: Unknown badge: cli" in capsys.readouterr().err
    assert run_as(config, SUPERVISOR, *add, "--new-pin-file", str(new_pin)) == 2
    assert "E504" in capsys.readouterr().err
    assert run_as(config, ADMIN, *add, "--new-pin-file", str(new_pin), pin="00000000") == 2
    assert "E501" in capsys.readouterr().err
    assert run_as(config, ADMIN, *add, "--no-pin") == 2  # a supervisor always has a PIN
    assert "E506" in capsys.readouterr().err
    weak = tmp_path / "weak.pin"
    weak.write_text("2468\n", encoding="utf-8")
    assert run_as(config, ADMIN, *add, "--new-pin-file", str(weak)) == 2
    assert "E507" in capsys.readouterr().err
    assert run_as(config, ADMIN, *add, "--new-pin-file", str(new_pin)) == 0
    assert run_as(config, ADMIN, "operators", "add", "OP-T-1", "x", "--roles", "picker") == 2
    assert "already exists" in capsys.readouterr().err
    assert run_as(config, ADMIN, "operators", "add", "OP-T-2", "x", "--roles", "boss") == 2
    assert run_as(config, ADMIN, "operators", "disable", "OP-T-1") == 0
    capsys.readouterr()
    assert run_wms(config, "operators", "list") == 0
    listed = capsys.readouterr().out
    assert "OP-T-1" in listed and "PIN" in listed and "disabled" in listed
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        operator = uow.operators.get("OP-T-1")
        assert operator is not None and operator.pin_hash is not None
        assert operator.pin_hash.startswith("$argon2id$")
        admin = uow.operators.get(ADMIN)
        assert admin is not None and admin.failed_pins == 0  # the right PIN ended the run
        rows = uow.session.execute(select(AuditRow.action, AuditRow.operator)).all()
        actions = [(action, who) for action, who in rows]
    factory.dispose()
    # The audit names the verified badge, never a typed one.
    assert ("operator_add", ADMIN) in actions and ("operator_disable", ADMIN) in actions
    assert {who for _action, who in actions} <= {ADMIN, SUPERVISOR, "setup"}


def test_set_pin_never_removes_a_pin_without_being_told(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    seed_people(migrated_url)
    # No terminal to ask on and no new PIN given: refused, the supervisor keeps theirs.
    assert run_as(config, ADMIN, "operators", "set-pin", SUPERVISOR) == 2
    assert "E511" in capsys.readouterr().err
    assert run_as(config, ADMIN, "operators", "set-pin", SUPERVISOR, "--no-pin") == 2
    assert "E506" in capsys.readouterr().err
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        supervisor = uow.operators.get(SUPERVISOR)
    factory.dispose()
    assert supervisor is not None and supervisor.pin_hash is not None


def test_bootstrap_makes_the_first_admin_of_an_empty_database_only(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    pin = tmp_path / "first.pin"
    pin.write_text("97531864\n", encoding="utf-8")
    boot = ("operators", "bootstrap", "OP-ADM-1", "第一管理员", "--new-pin-file", str(pin))
    assert run_wms(config, *boot) == 0
    assert run_wms(config, *boot[:2], "OP-ADM-2", "x", *boot[4:]) == 2
    assert "E509" in capsys.readouterr().err
    assert run_as(config, "OP-ADM-1", "operators", "disable", "OP-ADM-1", pin="97531864") == 0


@pytest.mark.parametrize(("language", "words"), [("zh_CN", "用法"), ("en", "usage")])
def test_help_speaks_the_configured_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, words: str
) -> None:
    config = write_config(tmp_path, "", language)
    with pytest.raises(SystemExit) as info:
        cli.main(["--config", str(config), "import", "--help"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(words)
    set_language("en")


def test_a_config_mistake_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[station]\nid = "S1"\nlanguage = "en"\n[database]\nulr = "x"\n')
    assert cli.main(["--config", str(config), "check"]) == 2
    err = capsys.readouterr().err
    assert "database.ulr" in err and "unknown key" in err and "Traceback" not in err

"""Run the `wms` command against a config file naming a test database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from db.pin_hasher import Argon2PinHasher
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from wms_tui.cli import command as cli
from wms_tui.core import operators
from wms_tui.core.model import Role

# People the commands act for; their PINs reach `wms` through --pin-file, as in a script.
ADMIN, SUPERVISOR = "OP-ADM-T", "OP-SUP-T"
PINS = {ADMIN: "13572468", SUPERVISOR: "24681357", "SUP": "24681357"}


def write_config(tmp_path: Path, url: str, language: str = "en") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[station]\nid = "PACK-01"\nlanguage = "{language}"\n[database]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return config


def run_wms(config: Path, *args: str) -> int:
    return cli.main(["--config", str(config), *args])


def seed_people(url: str) -> None:
    """An admin and a supervisor with PINs, written as the demo writes its own accounts."""
    factory = make_uow_factory(url)
    for badge, name, role in ((ADMIN, "管理员", Role.ADMIN), (SUPERVISOR, "主管", Role.SUPERVISOR)):
        with factory() as uow:
            if uow.operators.get(badge) is not None:
                continue
        operators.enrol(
            factory, Argon2PinHasher(), FixedClock(), badge=badge, name=name,
            roles=frozenset({role}), pin=PINS[badge], by="setup", station_id="T",
        )  # fmt: skip
    factory.dispose()


def give_pin(url: str, badge: str) -> None:
    """An operator seeded without a PIN gets the one `run_as` knows for them."""
    factory = make_uow_factory(url)
    with factory() as uow:
        operator = uow.operators.get(badge)
        assert operator is not None
        uow.operators.save(replace(operator, pin_hash=Argon2PinHasher().hash(PINS[badge])))
        uow.commit()
    factory.dispose()


def run_as(config: Path, badge: str, *args: str, pin: str | None = None) -> int:
    """`wms ARGS --by BADGE --pin-file F`, the PIN file readable by its owner only."""
    pin_file = config.with_name(f"{badge}.pin")
    pin_file.touch(mode=0o600)
    pin_file.write_text((PINS.get(badge, "") if pin is None else pin) + "\n", encoding="utf-8")
    return run_wms(config, *args, "--by", badge, "--pin-file", str(pin_file))

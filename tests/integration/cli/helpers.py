"""Run the `wms` command against a config file naming a test database."""

from __future__ import annotations

from pathlib import Path

from wms_tui.cli import command as cli


def write_config(tmp_path: Path, url: str, language: str = "en") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[station]\nid = "PACK-01"\nlanguage = "{language}"\n[database]\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return config


def run_wms(config: Path, *args: str) -> int:
    return cli.main(["--config", str(config), *args])

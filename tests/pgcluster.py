"""A throw-away PostgreSQL 15 cluster for the test session (DESIGN.md section 6).

PostgreSQL refuses to run as root, so the data directory belongs to `postgres` and the server
is started through `runuser`; it listens only on a unix socket inside its own directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from db import migrate

PG_BIN = Path(os.environ.get("WMS_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    # Only a number for the socket file's name: the server listens on no TCP address.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PgCluster:
    def __init__(self, *, durable: bool = False) -> None:
        # Tests trade durability for speed; benchmarks measure with the real settings.
        self.durable = durable
        self.directory = Path(tempfile.mkdtemp(prefix="wms-pg-"))
        self.data = self.directory / "data"
        self.port = _free_port()
        self.started = False

    def _as_postgres(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as_postgres(), *args], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self) -> PgCluster:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.directory.chmod(0o700)
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C",
        )  # fmt: skip
        options = f"-k {self.directory} -p {self.port} -c listen_addresses=''"
        options += " -c max_connections=100"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.directory / "server.log"), "-w", "-t", "60", "start",
        )  # fmt: skip
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.directory}&port={self.port}"

    def stop(self) -> None:
        try:
            if self.started:
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
                self.started = False
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


class TestDatabases:
    """Fresh databases for tests: each one a copy of a template migrated once per session."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, server: Callable[[], str], workdir: Path) -> None:
        # A callable, so that a SQLite-only run never starts PostgreSQL.
        self._server = server
        self._server_url: str | None = None
        self.workdir = workdir
        self.template = f"wms_template_{os.getpid()}"
        self._counter = 0
        self._sqlite_template: Path | None = None
        self._pg_template_ready = False
        self._created: list[str] = []

    @property
    def server_url(self) -> str:
        if self._server_url is None:
            self._server_url = self._server()
        return self._server_url

    def _admin(self) -> Engine:
        return create_engine(self.server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def _pg_url(self, database: str) -> str:
        return make_url(self.server_url).set(database=database).render_as_string(False)

    def _next_name(self) -> str:
        self._counter += 1
        return f"t_{os.getpid()}_{self._counter}"

    def _create_pg(self, template: str) -> str:
        name = self._next_name()
        admin = self._admin()
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            admin.dispose()
        self._created.append(name)
        return self._pg_url(name)

    def empty(self, backend: str, path: Path) -> str:
        if backend == "sqlite":
            return f"sqlite:///{path}"
        return self._create_pg("template0")

    def migrated(self, backend: str, path: Path) -> str:
        if backend == "sqlite":
            if self._sqlite_template is None:
                template = self.workdir / "template.sqlite"
                migrate.upgrade(f"sqlite:///{template}")
                self._sqlite_template = template
            shutil.copyfile(self._sqlite_template, path)
            return f"sqlite:///{path}"
        if not self._pg_template_ready:
            url = self._create_pg("template0")
            migrate.upgrade(url)
            name = self._created.pop()
            admin = self._admin()
            try:
                with admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.template}"')
                    connection.exec_driver_sql(
                        f'ALTER DATABASE "{name}" RENAME TO "{self.template}"'
                    )
            finally:
                admin.dispose()
            self._pg_template_ready = True
        return self._create_pg(self.template)

    def drop(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql" or parsed.database not in self._created:
            return
        admin = self._admin()
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'
                )
        finally:
            admin.dispose()
        self._created.remove(str(parsed.database))

    def close(self) -> None:
        if self._server_url is None:
            return
        for name in list(self._created):
            self.drop(self._pg_url(name))
        if self._pg_template_ready:
            admin = self._admin()
            try:
                with admin.connect() as connection:
                    connection.exec_driver_sql(
                        f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'
                    )
            finally:
                admin.dispose()

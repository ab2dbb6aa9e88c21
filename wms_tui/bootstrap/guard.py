"""Storage and file failures outside a unit of work, as the core's errors; the bounded retry
around every write the station makes outside the scan pipeline.

A unit of work already turns SQLAlchemy's errors into the core's; migrations, checks and
the files the commands write do not go through one, so without this a locked SQLite file or
a missing directory reached the user as a traceback.
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from db.engine import run_in_transaction, storage_error
from wms_tui.core.errors import FileProblem
from wms_tui.i18n import _

T = TypeVar("T")
Command = Callable[[argparse.Namespace], int]

# The OS's reasons in the configured language; any other keeps the OS's own words.
_ERRNO_MSGIDS = {
    errno.ENOENT: "boot.file.no_such",
    errno.EACCES: "boot.file.denied",
    errno.EPERM: "boot.file.denied",
    errno.ENOSPC: "boot.file.disk_full",
    errno.EROFS: "boot.file.read_only",
    errno.EISDIR: "boot.file.is_dir",
    errno.ENOTDIR: "boot.file.not_dir",
}


def retried(fn: Callable[[], T]) -> T:
    """`fn` opens and commits its own unit of work; a serialization failure, a deadlock or a
    locked SQLite file is retried a bounded number of times, then reported as DatabaseBusy."""
    return run_in_transaction(fn)


def file_problem(exc: OSError, path: Path | str | None = None) -> FileProblem:
    msgid = _ERRNO_MSGIDS.get(exc.errno or 0)
    why = _(msgid) if msgid else (exc.strerror or str(exc))
    return FileProblem(path=str(path or exc.filename or "-"), why=why)


@contextmanager
def file_errors(path: Path | str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise file_problem(exc, path) from exc


def write_file(path: Path, data: bytes) -> None:
    with file_errors(path):
        path.write_bytes(data)


def translated(command: Command) -> Command:
    """Whatever storage or file failure escapes a command leaves as the core's error."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except DBAPIError as exc:
            raise storage_error(exc) from exc
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise file_problem(exc) from exc

    return run


def retried_command(command: Command) -> Command:
    """Only for a command that writes in one unit of work and prints after it committed:
    a retry then repeats nothing the user has already been told."""

    def run(args: argparse.Namespace) -> int:
        return retried(lambda: command(args))

    return run


def say(text: str) -> None:
    """A command's report line, on standard output (errors go to standard error)."""
    sys.stdout.write(text + "\n")

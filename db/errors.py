"""Which constraint an IntegrityError broke, on either engine."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import IntegrityError


def constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name if isinstance(name, str) else None


def is_foreign_key_violation(exc: IntegrityError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == "23503":
        return True
    return isinstance(exc.orig, sqlite3.IntegrityError) and "FOREIGN KEY" in str(exc.orig)


def is_unique_violation(exc: IntegrityError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == "23505":
        return True
    return isinstance(exc.orig, sqlite3.IntegrityError) and "UNIQUE" in str(exc.orig)

"""Migrations: yoyo SQL files in ``migrations/``, forward only, applied idempotently.

yoyo speaks psycopg, so the asyncpg URL is turned into a ``postgresql+psycopg``
one; a Unix-socket host (the embedded Postgres) travels as ``?host=``.

One migrator at a time: yoyo's own lock is a row in ``yoyo_lock``, which a
process killed while holding it leaves behind, and every later start would
wait for it and fail ("Process N has locked this database"). So a migrator
first takes a Postgres advisory lock on its session, which Postgres releases
when the session ends, however it ends. Holding it, no other migrator runs,
and a ``yoyo_lock`` row still there is a dead one's: it is cleared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import structlog

from leavebot.errors import MigrationError

log = structlog.get_logger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The advisory lock's key: "leavebot" in ASCII, as a bigint.
ADVISORY_KEY = int.from_bytes(b"leavebot", "big")


def yoyo_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql+psycopg"
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))


def migrations_dir() -> Path:
    """``MIGRATIONS_DIR`` from the environment (the container image), else the checkout's."""
    folder = Path(os.environ.get("MIGRATIONS_DIR") or MIGRATIONS_DIR)
    if not folder.is_dir():
        raise MigrationError(f"migrations folder not found at {folder}")
    return folder


def _hold_advisory_lock(backend: Any, wait_s: float) -> None:
    """Take the migrators' advisory lock on ``backend``'s session (waiting ``wait_s`` at
    most for another migrator); then clear a yoyo lock row its dead owner left."""
    deadline = time.monotonic() + wait_s
    while True:
        cursor = backend.execute("SELECT pg_try_advisory_lock(:key)", {"key": ADVISORY_KEY})
        if cursor.fetchone()[0]:
            break
        if time.monotonic() > deadline:
            raise MigrationError(f"another process is migrating this database ({wait_s:g} s)")
        time.sleep(0.2)
    if backend.execute("SELECT count(*) FROM yoyo_lock").fetchone()[0]:
        backend.break_lock()
        log.warning("db.migration_lock_cleared")


def apply_migrations(url: str, *, lock_wait_s: float = 60.0) -> list[str]:
    """Apply every pending migration; return the ids applied (empty when up to date)."""
    from yoyo import get_backend, read_migrations

    try:
        backend = get_backend(yoyo_url(url))
        migrations = read_migrations(str(migrations_dir()))
        _hold_advisory_lock(backend, lock_wait_s)
        with backend.lock():
            pending = backend.to_apply(migrations)
            ids = [m.id for m in pending]
            backend.apply_migrations(pending)
    except MigrationError:
        raise
    except Exception as exc:
        raise MigrationError(f"migrations failed: {exc}") from exc
    finally:
        if "backend" in locals():
            backend.connection.close()
    log.info("db.migrated", applied=ids)
    return ids

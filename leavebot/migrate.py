"""Migrations: yoyo SQL files in ``migrations/``, forward only, applied idempotently.

yoyo speaks psycopg, so the asyncpg URL is turned into a ``postgresql+psycopg``
one; a Unix-socket host (the embedded Postgres) travels as ``?host=``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import structlog

from leavebot.errors import MigrationError

log = structlog.get_logger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


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


def apply_migrations(url: str) -> list[str]:
    """Apply every pending migration; return the ids applied (empty when up to date)."""
    from yoyo import get_backend, read_migrations

    try:
        backend = get_backend(yoyo_url(url))
        migrations = read_migrations(str(migrations_dir()))
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

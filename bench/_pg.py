"""Bench helpers: a fresh, migrated database on the embedded Postgres or DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from leavebot.db import embedded_url
from leavebot.migrate import apply_migrations

ROOT = Path(__file__).resolve().parent.parent


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def fresh_database(name: str, data_dir: Path | None = None) -> str:
    """Drop and create database ``name``, migrate it, and return its URL.

    On ``DATABASE_URL`` when set, else on the embedded Postgres in ``data_dir``
    (default ``.leavebot/bench-pgdata``).
    """
    configured = os.environ.get("DATABASE_URL")
    server = (
        with_database(configured, "postgres")
        if configured
        else embedded_url(data_dir or ROOT / ".leavebot" / "bench-pgdata")
    )
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    url = with_database(server, name)
    apply_migrations(url)
    return url

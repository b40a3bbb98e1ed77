"""Migrations: they apply to an empty database, are idempotent, and agree with the code."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import asyncpg
import pytest

from leavebot import types
from leavebot.db import Database
from leavebot.migrate import apply_migrations, migrations_dir, yoyo_url
from leavebot.queries import QUERIES, parse_queries
from tests.conftest import _admin, with_database

pytestmark = pytest.mark.anyio


def test_yoyo_url_keeps_socket_host() -> None:
    url = "postgresql://postgres:@/postgres?host=/tmp/pg"
    assert yoyo_url(url) == "postgresql+psycopg://postgres:@/postgres?host=/tmp/pg"


def test_migration_files_are_forward_only_sql() -> None:
    files = sorted(p.name for p in migrations_dir().iterdir() if p.is_file())
    assert files, "no migrations"
    for name in files:
        assert name.endswith(".sql"), f"{name}: migrations are SQL files"
        assert not name.endswith(".rollback.sql"), f"{name}: migrations are forward only"
    assert files[0].startswith("0001_")


async def test_migrate_fresh_database_is_idempotent(pg_url: str) -> None:
    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    try:
        first = apply_migrations(url)
        second = apply_migrations(url)
        assert first[:1] == ["0001_schema"]
        assert second == []
        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")
            tables = {r["tablename"] for r in rows}
        finally:
            await conn.close()
        expected = {
            "users",
            "slack_events",
            "leave_requests",
            "leave_days",
            "sync_attempts",
            "mailbox",
            "actor_heartbeats",
            "config",
        }
        assert expected <= tables
    finally:
        await _admin(pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def _check_values(db: Database, table: str, column: str) -> set[str]:
    """The values a CHECK (column IN (...)) constraint allows, read from the catalog."""
    rows = await db.fetch(
        """
        SELECT pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relname = $1 AND c.contype = 'c'
        """,
        table,
    )
    import re

    for row in rows:
        definition: str = row["def"]
        if f"({column} = ANY" in definition or f"(({column} = ANY" in definition:
            return set(re.findall(r"'([a-z_]+)'::text", definition))
    raise AssertionError(f"no CHECK constraint on {table}.{column}")


@pytest.mark.parametrize(
    ("table", "column", "literal"),
    [
        ("leave_requests", "status", types.REQUEST_STATUSES),
        ("leave_days", "status", types.DAY_STATUSES),
        ("mailbox", "status", types.MAILBOX_STATUSES),
        ("actor_heartbeats", "state", types.CHILD_STATES),
    ],
)
async def test_status_literals_match_check_constraints(
    db: Database, table: str, column: str, literal: tuple[str, ...]
) -> None:
    assert await _check_values(db, table, column) == set(literal)


async def test_config_seeded_with_defaults(db: Database) -> None:
    rows = {r["key"]: r["value"] for r in await db.fetch(QUERIES["config_all"])}
    assert rows["expiry_minutes"] == 60
    assert rows["half_day_am"] == {"start": "11:00", "end": "15:00"}
    assert rows["half_day_pm"] == {"start": "15:00", "end": "19:00"}
    assert rows["hours_full_day"] == 8
    assert rows["hours_half_day"] == 4
    assert rows["working_days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert rows["holidays"] == []
    assert rows["date_order"] == "DMY"
    assert rows["timezone"] == "Asia/Kolkata"
    assert "leave" in rows["trigger_keywords"]
    for key in ("harvest_project_id", "harvest_task_vacation", "harvest_task_sick"):
        assert key in rows, key
        assert rows[key] is None, key


async def test_seeded_config_is_the_runtime_config_default(db: Database) -> None:
    from leavebot.config import RuntimeConfig, load_config

    rows = {r["key"] for r in await db.fetch(QUERIES["config_all"])}
    assert set(RuntimeConfig.model_fields) <= rows
    loaded = await load_config(db)
    assert loaded.harvest_project_id is None
    assert loaded.harvest_task_vacation is None
    assert loaded.harvest_task_sick is None


async def test_every_named_query_prepares_against_the_schema(db: Database) -> None:
    async with db.pool.acquire() as conn:
        for name, sql in QUERIES.items():
            try:
                await conn.prepare(sql)
            except asyncpg.PostgresError as exc:  # pragma: no cover - the assertion message
                raise AssertionError(f"query {name!r} does not match the schema: {exc}") from exc


async def test_status_change_is_refused_outside_the_check(db: Database) -> None:
    await db.execute(
        "INSERT INTO mailbox (recipient, kind, payload) VALUES ('probe', 'ping', '{}'::jsonb)"
    )
    with pytest.raises(asyncpg.CheckViolationError):
        await db.execute("UPDATE mailbox SET status = 'lost'")


def test_parse_queries_rejects_duplicates_and_empties() -> None:
    with pytest.raises(ValueError, match="twice"):
        parse_queries("-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n")
    with pytest.raises(ValueError, match="empty"):
        parse_queries("-- name: a\n-- only a comment\n")
    assert parse_queries("-- name: a\n-- doc\nSELECT $1;\n") == {"a": "SELECT $1"}


def test_queries_never_format_values() -> None:
    for name, sql in QUERIES.items():
        assert "%s" not in sql, f"{name} looks string-formatted"
        assert "%(" not in sql, f"{name} looks string-formatted"
        assert not re.search(r"\{[A-Za-z_]\w*\}", sql), f"{name} looks string-formatted"


async def test_days_carry_their_requests_created_at_before_and_after_0007(pg_url: str) -> None:
    """0007 fills leave_days.request_created_at for the days there, and a trigger for new ones."""
    from yoyo import get_backend, read_migrations

    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    try:
        backend = get_backend(yoyo_url(url))
        try:
            older = read_migrations(str(migrations_dir())).filter(lambda m: m.id < "0007")
            with backend.lock():
                backend.apply_migrations(backend.to_apply(older))
        finally:
            backend.connection.close()
        conn = await asyncpg.connect(url)
        try:
            user = await conn.fetchval(
                "INSERT INTO users (slack_user_id, display_name) VALUES ('U1', 'A') RETURNING id"
            )
            insert_request = (
                "INSERT INTO leave_requests (user_id, intent, category, days, source_text,"
                " channel_id, thread_ts, message_ts, status, expires_at, created_at) VALUES"
                " ($1, 'leave', 'vacation', '[]', 'off', 'C1', $2, $2, 'confirmed', now(), $3)"
                " RETURNING id"
            )
            insert_day = (
                "INSERT INTO leave_days (request_id, user_id, day, portion, category)"
                " VALUES ($1, $2, $3, 'full', 'vacation')"
            )
            early = dt.datetime(2025, 1, 2, 9, tzinfo=dt.UTC)
            old = await conn.fetchval(insert_request, user, "1.1", early)
            await conn.execute(insert_day, old, user, dt.date(2025, 1, 6))
            assert apply_migrations(url)[0] == "0007_leave_days_request_created"
            later = dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC)
            new = await conn.fetchval(insert_request, user, "2.2", later)
            await conn.execute(insert_day, new, user, dt.date(2025, 2, 10))
            rows = await conn.fetch(
                "SELECT request_id, request_created_at FROM leave_days ORDER BY id"
            )
            assert [(r["request_id"], r["request_created_at"]) for r in rows] == [
                (old, early),
                (new, later),
            ]
        finally:
            await conn.close()
    finally:
        await _admin(pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def test_leave_day_settled_is_the_rule_of_days_settle(db: Database) -> None:
    """Migration 0013's function: a day's status from its two targets, cancelled kept."""
    cases = [
        ("confirmed", "done", "done", "completed"),
        ("confirmed", "done", "skipped", "completed"),
        ("confirmed", "skipped", "skipped", "completed"),
        ("confirmed", "done", "pending", "confirmed"),
        ("confirmed", "failed", "done", "failed"),
        ("confirmed", "pending", "failed", "failed"),
        ("completed", "deleted", "deleted", "cancelled"),
        ("completed", "deleted", "skipped", "cancelled"),
        ("failed", "skipped", "skipped", "completed"),
        ("completed", "deleted", "done", "completed"),
        ("failed", "deleted", "failed", "failed"),
        ("cancelled", "done", "done", "cancelled"),
    ]
    for status, calendar, harvest, settled in cases:
        got = await db.fetchval("SELECT leave_day_settled($1, $2, $3)", status, calendar, harvest)
        assert got == settled, (status, calendar, harvest)

"""Migrations: they apply to an empty database, are idempotent, and agree with the code."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid

import asyncpg
import pytest

from leavebot import slots, types
from leavebot.db import Database, connect
from leavebot.errors import MigrationError
from leavebot.migrate import ADVISORY_KEY, apply_migrations, migrations_dir, yoyo_url
from leavebot.queries import QUERIES, parse_queries
from leavebot.types import RequestId
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
    assert rows["trigger_keywords"] == ["@vocabulary"]
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


def apply_before(url: str, first_missing: str) -> None:
    """Apply the migrations older than ``first_missing`` (a database as it was before it)."""
    from yoyo import get_backend, read_migrations

    backend = get_backend(yoyo_url(url))
    try:
        older = read_migrations(str(migrations_dir())).filter(lambda m: m.id < first_missing)
        with backend.lock():
            backend.apply_migrations(backend.to_apply(older))
    finally:
        backend.connection.close()


async def test_days_carry_their_requests_created_at_before_and_after_0007(pg_url: str) -> None:
    """0007 fills leave_days.request_created_at for the days there, and a trigger for new ones."""
    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    try:
        apply_before(url, "0007")
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


def _dead_pid() -> int:
    """A pid no process has: past Linux's largest (pid_max is at most 2**22)."""
    pid = 2**22 + 1
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    return pid


async def test_a_migration_lock_left_by_a_killed_process_is_cleared(db_url: str) -> None:
    """A process killed while migrating leaves yoyo's lock row behind (found by
    bench/chaos.py: every later start failed, "Process N has locked this database")."""
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute(
            "INSERT INTO yoyo_lock (locked, ctime, pid) VALUES (1, now(), $1)", _dead_pid()
        )
    finally:
        await conn.close()
    started = time.monotonic()
    assert apply_migrations(db_url) == []
    assert time.monotonic() - started < 5  # not yoyo's 10 s wait for the lock
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM yoyo_lock") == 0
    finally:
        await conn.close()


async def test_a_migrator_waits_for_one_that_is_running(db_url: str) -> None:
    """The advisory lock is held while a migrator runs: another waits (here past its
    limit, so it says why) and never takes the yoyo lock from a live migrator."""
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", ADVISORY_KEY)
        with pytest.raises(MigrationError, match="another process is migrating"):
            apply_migrations(db_url, lock_wait_s=0.5)
        await conn.execute("SELECT pg_advisory_unlock($1)", ADVISORY_KEY)
        assert apply_migrations(db_url) == []
    finally:
        await conn.close()


async def test_0008_keeps_older_overlaps_and_holds_every_slot_once_after(pg_url: str) -> None:
    """0008 indexes one live day per slot. Days that overlapped before it stay (their records
    are outside), the newer of two marked legacy_overlap and left out of the indexes; every
    other slot is held, and new rows that would double-book are refused."""
    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    mon = dt.date(2026, 12, 7)
    tue, wed, thu = (mon + dt.timedelta(days=i) for i in (1, 2, 3))
    try:
        apply_before(url, "0008")
        conn = await asyncpg.connect(url)
        try:
            user = await conn.fetchval(
                "INSERT INTO users (slack_user_id, display_name) VALUES ('U1', 'A') RETURNING id"
            )
            request = (
                "INSERT INTO leave_requests (user_id, intent, category, days, source_text,"
                " channel_id, thread_ts, message_ts, status, expires_at) VALUES"
                " ($1, 'leave', 'vacation', '[]', 'off', 'C1', $2, $2, 'completed', now())"
                " RETURNING id"
            )
            a, b, c = [await conn.fetchval(request, user, f"{i}.1") for i in range(3)]
            day = (
                "INSERT INTO leave_days (request_id, user_id, day, portion, category, status)"
                " VALUES ($1, $2, $3, $4, 'vacation', $5) RETURNING id"
            )
            # Monday: a full day and a PM of another request (the double booking of issue 16).
            mon_full = await conn.fetchval(day, a, user, mon, "full", "completed")
            mon_pm = await conn.fetchval(day, b, user, mon, "pm", "failed")
            # Tuesday: AM + PM of two requests (no overlap); Wednesday: a cancelled full day
            # and a live one; Thursday: AM, then a full day over it, then a PM.
            tue_am = await conn.fetchval(day, a, user, tue, "am", "completed")
            tue_pm = await conn.fetchval(day, b, user, tue, "pm", "completed")
            wed_old = await conn.fetchval(day, a, user, wed, "full", "cancelled")
            wed_new = await conn.fetchval(day, b, user, wed, "full", "completed")
            thu_am = await conn.fetchval(day, a, user, thu, "am", "completed")
            thu_full = await conn.fetchval(day, b, user, thu, "full", "completed")
            thu_pm = await conn.fetchval(day, c, user, thu, "pm", "completed")

            assert apply_migrations(url)[0] == "0008_one_booking_per_slot"

            rows = await conn.fetch("SELECT id, legacy_overlap FROM leave_days")
            legacy = {r["id"] for r in rows if r["legacy_overlap"]}
            assert legacy == {mon_pm, thu_full, thu_pm}
            assert {r["id"] for r in rows} == {
                mon_full, mon_pm, tue_am, tue_pm, wed_old, wed_new, thu_am, thu_full, thu_pm
            }  # fmt: skip
            # Every slot a live, non-legacy day holds is held: nothing new fits on it.
            new = await conn.fetchval(request, user, "9.1")
            for when, portion in ((mon, "am"), (mon, "pm"), (tue, "full"), (wed, "pm")):
                with pytest.raises(asyncpg.UniqueViolationError):
                    await conn.execute(day, new, user, when, portion, "confirmed")
            # Thursday's PM is covered only by legacy days: the indexes leave it out, but a
            # booking reads every live day, so a Confirm takes nothing there either.
            booker = await connect(url)
            try:
                async with booker.transaction():
                    booking = await slots.book(
                        booker, RequestId(new), user, [(thu, "full")], "sick"
                    )
            finally:
                await booker.close()
            assert booking.day_ids == []
            assert [(t.slot, t.day_id) for t in booking.taken] == [("am", thu_am), ("pm", thu_full)]
            indexes = {
                r["indexname"]
                for r in await conn.fetch(
                    "SELECT indexname FROM pg_indexes WHERE tablename = $1", "leave_days"
                )
            }
            assert {"leave_days_am_slot_uq", "leave_days_pm_slot_uq"} <= indexes
            assert "leave_days_live_uq" not in indexes
        finally:
            await conn.close()
    finally:
        await _admin(pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


OLD_TRIGGERS = [
    "leave", "off", "out", "ooo", "pto", "vacation", "holiday", "sick", "unwell", "fever",
    "doctor", "half day", "half-day", "hd", "absent", "away", "cancel", "revoke",
]  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after"),
    [(OLD_TRIGGERS, ["@vocabulary"]), (["leave", "pto"], ["leave", "pto"])],
)
async def test_0014_gives_the_default_trigger_words_the_parsers_vocabulary(
    pg_url: str, before: list[str], after: list[str]
) -> None:
    """0014 replaces the old default trigger words; a list an admin changed stays."""
    import json

    from yoyo import get_backend, read_migrations

    from leavebot.config import RuntimeConfig

    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    try:
        backend = get_backend(yoyo_url(url))
        try:
            older = read_migrations(str(migrations_dir())).filter(lambda m: m.id < "0014")
            with backend.lock():
                backend.apply_migrations(backend.to_apply(older))
        finally:
            backend.connection.close()
        conn = await asyncpg.connect(url)
        try:
            seeded = await conn.fetchval("SELECT value FROM config WHERE key = 'trigger_keywords'")
            assert json.loads(seeded) == OLD_TRIGGERS
            await conn.execute(
                "UPDATE config SET value = $1::jsonb WHERE key = 'trigger_keywords'",
                json.dumps(before),
            )
            assert "0014_trigger_vocabulary" in apply_migrations(url)
            value = await conn.fetchval("SELECT value FROM config WHERE key = 'trigger_keywords'")
            assert json.loads(value) == after
        finally:
            await conn.close()
    finally:
        await _admin(pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    assert list(RuntimeConfig().trigger_keywords) == ["@vocabulary"]


async def test_0011_keeps_zones_and_readings_of_requests_made_before_it(pg_url: str) -> None:
    """0011: an admin's zone stays, Slack's is apart, a zone may be unset (the company's),
    older leave requests keep what their message named, and a message may be read again."""
    name = f"mig_{uuid.uuid4().hex[:10]}"
    await _admin(pg_url, f"CREATE DATABASE {name}")
    url = with_database(pg_url, name)
    try:
        apply_before(url, "0011")
        conn = await asyncpg.connect(url)
        try:
            user = await conn.fetchval(
                "INSERT INTO users (slack_user_id, display_name, timezone)"
                " VALUES ('U1', 'A', 'Europe/Paris') RETURNING id"
            )
            days = '[{"date": "2026-12-04", "portion": "full"}]'
            await conn.execute(
                "INSERT INTO leave_requests (user_id, intent, category, days, channel_id,"
                " thread_ts, message_ts, expires_at)"
                " VALUES ($1, 'leave', 'vacation', $2::jsonb, 'C1', '1.1', '1.1', now())",
                user,
                days,
            )
            assert "0011_conversation" in apply_migrations(url)
            row = await conn.fetchrow("SELECT timezone, slack_timezone FROM users")
            assert (row["timezone"], row["slack_timezone"]) == ("Europe/Paris", None)
            await conn.execute("INSERT INTO users (slack_user_id, display_name) VALUES ('U2', 'B')")
            assert (
                await conn.fetchval("SELECT timezone FROM users WHERE slack_user_id = 'U2'") is None
            )
            request = await conn.fetchrow("SELECT revision, message_days, days FROM leave_requests")
            assert request["revision"] == ""
            assert request["message_days"] == request["days"]
            # An edit's reading is a second request of the same message; a change is allowed.
            await conn.execute(
                "INSERT INTO leave_requests (user_id, intent, category, days, channel_id,"
                " thread_ts, message_ts, expires_at, revision)"
                " VALUES ($1, 'change', 'vacation', '[]', 'C1', '1.1', '1.1', now(), '2.0')",
                user,
            )
            with pytest.raises(asyncpg.UniqueViolationError):
                await conn.execute(
                    "INSERT INTO leave_requests (user_id, intent, category, days, channel_id,"
                    " thread_ts, message_ts, expires_at, revision)"
                    " VALUES ($1, 'leave', 'vacation', '[]', 'C1', '1.1', '1.1', now(), '2.0')",
                    user,
                )
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute(
                    "INSERT INTO leave_requests (user_id, intent, category, days, channel_id,"
                    " thread_ts, message_ts, expires_at, revision)"
                    " VALUES ($1, 'change', NULL, '[]', 'C1', '1.1', '1.1', now(), '3.0')",
                    user,
                )
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

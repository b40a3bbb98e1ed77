"""Shared fixtures: anyio backend, the corpus folder, Postgres, the tools beyond Python.

Postgres is the embedded one (``pgserver``, data in ``.leavebot/test-pgdata``)
unless ``DATABASE_URL`` is set. Migrations are applied once to a template
database; every test that asks for ``db_url`` / ``db`` gets a fresh clone of it.

A test that needs a program ``make install`` does not provide (Debian's
``chromium`` and ``caddy``) asks for it with ``need_tool``: when it is missing
the test skips (fails under ``CI=true``), and the end of the run lists the
tests that skipped for each tool and the one command that installs them all.
``LEAVEBOT_HIDE_TOOLS=chromium,caddy`` makes tools look missing, to try that.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from leavebot.db import Database, embedded_url
from leavebot.migrate import apply_migrations

ROOT = Path(__file__).resolve().parent.parent
# Programs some tests run that `make install` does not provide, with the Debian package of
# each (Debian's chromium, never a downloaded browser).
DEBIAN_TOOLS = {"chromium": "chromium", "caddy": "caddy"}
HIDE_TOOLS = "LEAVEBOT_HIDE_TOOLS"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CORPUS = ROOT / "tests" / "corpus"  # carried in the repository: see its README
# One template per test session, so sessions run side by side on one server.
TEMPLATE = f"leavebot_template_{os.getpid()}"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


_skipped_for: dict[str, set[str]] = {}  # tool -> the tests that skipped for want of it


def tool_missing(reason: str, tool: str | None = None) -> None:
    """Skip for a missing tool, except under CI=true where it is a failure."""
    if tool is not None:
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]
        _skipped_for.setdefault(tool, set()).add(test)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: no test may skip for a missing tool)")
    pytest.skip(reason)


def find_tool(name: str, path: str | None = None) -> str | None:
    """Where program ``name`` is (``shutil.which``), or None; None too when it is listed
    in ``LEAVEBOT_HIDE_TOOLS``, which is how a machine without it is tried out."""
    hidden = {t.strip() for t in os.environ.get(HIDE_TOOLS, "").split(",")}
    return None if name in hidden else shutil.which(name, path=path)


def need_tool(name: str) -> str:
    """The path of Debian program ``name``; the test skips (or, under CI=true, fails)
    when it is missing, naming the package that provides it."""
    found = find_tool(name)
    if found is None:
        package = DEBIAN_TOOLS[name]
        tool_missing(f"{name} is not installed (apt-get install {package})", name)
    assert found is not None
    return found


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Which tests skipped for which missing tool, and the one command that installs all."""
    if not _skipped_for:
        return
    report = terminalreporter
    report.section("tools missing: tests skipped", sep="=", yellow=True, bold=True)
    for tool in sorted(_skipped_for):
        tests = sorted(_skipped_for[tool])
        report.line(f"{tool} is not installed; {len(tests)} test(s) skipped:")
        for test in tests:
            report.line(f"    {test}")
    packages = sorted({DEBIAN_TOOLS[tool] for tool in _skipped_for if tool in DEBIAN_TOOLS})
    if packages:
        report.line(
            f"Install what they need with one command (as root): apt-get install -y "
            f"{' '.join(packages)}   (.ci/run does it, then runs make test)",
            yellow=True,
            bold=True,
        )
    if set(_skipped_for) - set(DEBIAN_TOOLS):
        report.line("The others come with the dev tools: make install", yellow=True, bold=True)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The labelled corpora, inside the repository (``tests/corpus/README.md``)."""
    return CORPUS


async def _admin(url: str, *statements: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of the server's maintenance database (``postgres``)."""
    import anyio

    configured = os.environ.get("DATABASE_URL")
    if configured:
        return with_database(configured, "postgres")
    url = embedded_url(ROOT / ".leavebot" / "test-pgdata")
    # Test data is disposable: trade durability for speed.
    anyio.run(
        _admin,
        url,
        "ALTER SYSTEM SET fsync = off",
        "ALTER SYSTEM SET synchronous_commit = off",
        "ALTER SYSTEM SET full_page_writes = off",
        "SELECT pg_reload_conf()",
    )
    return url


async def _drop_stale_templates(url: str) -> None:
    """Drop the templates of test sessions that are no longer running."""
    conn = await asyncpg.connect(url)
    try:
        names = await conn.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE 'leavebot\\_template\\_%'"
        )
        for row in names:
            pid = int(row["datname"].rsplit("_", 1)[1])
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                await conn.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')
            except PermissionError:
                pass
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def template_url(pg_url: str) -> Iterator[str]:
    import anyio

    anyio.run(_drop_stale_templates, pg_url)
    anyio.run(
        _admin,
        pg_url,
        f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)",
        f"CREATE DATABASE {TEMPLATE}",
    )
    url = with_database(pg_url, TEMPLATE)
    apply_migrations(url)
    try:
        yield url
    finally:
        anyio.run(_admin, pg_url, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


@pytest.fixture
def db_url(pg_url: str, template_url: str) -> Iterator[str]:
    """A fresh database cloned from the migrated template, dropped afterwards."""
    import anyio

    name = f"test_{uuid.uuid4().hex[:12]}"
    anyio.run(_admin, pg_url, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    try:
        yield with_database(pg_url, name)
    finally:
        anyio.run(_admin, pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = await Database.open(db_url, min_size=1, max_size=8)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def browser(anyio_backend: str) -> AsyncIterator[Any]:
    """Headless Debian Chromium driven by Playwright (skipped when missing, unless CI=true)."""
    from playwright.async_api import async_playwright

    executable = need_tool("chromium")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()

"""On a machine without Chromium or Caddy, ``make test`` says which tests skip and the one
command that installs what they need; under ``CI=true`` those tests fail instead.

The tools are hidden, not uninstalled: ``LEAVEBOT_HIDE_TOOLS`` makes ``need_tool`` (the
one way tests find them) answer that they are missing.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NEEDING = [
    "tests/test_sandbox_slack_page.py::test_chat_page",  # Chromium
    "tests/test_deploy.py::test_caddyfile_validates",  # Caddy
    "tests/test_compose_env.py::test_caddy_validates_with_the_environment_compose_gives_it",
]


def run_hidden(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI" and not k.startswith("PYTEST_")}
    env["LEAVEBOT_HIDE_TOOLS"] = "chromium,caddy"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *NEEDING],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.mark.timeout(300)
def test_without_chromium_and_caddy_the_run_names_the_skips_and_the_install_command() -> None:
    done = run_hidden(ci=False)
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-2000:]
    assert "4 skipped" in out, out[-3000:]
    summary = out[out.index("tools missing: tests skipped") :]
    assert "chromium is not installed; 1 test(s) skipped:" in summary
    assert "tests/test_sandbox_slack_page.py::test_chat_page" in summary
    assert "caddy is not installed; 3 test(s) skipped:" in summary
    assert "tests/test_deploy.py::test_caddyfile_validates" in summary
    assert "test_caddy_validates_with_the_environment_compose_gives_it[all]" in summary
    assert "apt-get install -y caddy chromium" in summary


@pytest.mark.timeout(300)
def test_under_ci_a_missing_tool_fails_the_run() -> None:
    done = run_hidden(ci=True)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "3 failed, 1 error" in done.stdout, done.stdout[-3000:]  # the browser is a fixture
    assert "no test may skip for a missing tool" in done.stdout

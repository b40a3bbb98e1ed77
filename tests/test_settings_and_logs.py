"""Settings from the environment, and logs: format, context, redaction."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import structlog
from structlog.testing import capture_logs

from leavebot import logs
from leavebot.errors import MissingSecretError
from leavebot.settings import Settings

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/leave")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-123")
    monkeypatch.setenv("ADMIN_PORT", "9000")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_port == 9000
    assert settings.require("slack_bot_token", "Slack") == "xoxb-123"
    assert "xoxb-123" not in repr(settings)
    assert "u:p@db" not in repr(settings)


def test_missing_secret_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARVEST_TOKEN", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(MissingSecretError, match="HARVEST_TOKEN is not set") as info:
        settings.require("harvest_token", "the Harvest syncer")
    assert info.value.variable == "HARVEST_TOKEN"


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in ENV_EXAMPLE.read_text().splitlines()
        if "=" in line and not line.startswith("## ")
    }
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= listed, f"missing from .env.example: {sorted(fields - listed)}"


def test_json_lines_with_context_and_redaction() -> None:
    out = io.StringIO()
    logs.configure("json", "INFO", stream=out)
    try:
        log = structlog.get_logger("test")
        with structlog.contextvars.bound_contextvars(actor="tracker", request_id=42):
            log.info(
                "leave.confirmed",
                slack_token="xoxb-secret-value",
                note="header was Bearer abc.def and key sk-abcdefghijkl",
            )
        line = json.loads(out.getvalue().strip().splitlines()[-1])
    finally:
        structlog.reset_defaults()
    assert line["event"] == "leave.confirmed"
    assert line["actor"] == "tracker"
    assert line["request_id"] == 42
    assert line["slack_token"] == logs.REDACTED
    assert "abc.def" not in line["note"]
    assert "sk-abcdefghijkl" not in line["note"]
    assert line["level"] == "info"
    assert "timestamp" in line


def test_console_format_is_not_json() -> None:
    out = io.StringIO()
    logs.configure("console", "INFO", stream=out)
    try:
        structlog.get_logger("test").info("process.ready", role="web")
    finally:
        structlog.reset_defaults()
    text = out.getvalue()
    assert "process.ready" in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text.strip().splitlines()[-1])


def test_redact_value_walks_nested_structures() -> None:
    value = {"headers": {"Authorization": "Bearer x"}, "items": ["xapp-1-abc", 3]}
    assert logs.redact_value(value) == {
        "headers": {"Authorization": logs.REDACTED},
        "items": [logs.REDACTED, 3],
    }


def test_capture_logs_sees_event_names() -> None:
    with capture_logs() as captured:
        structlog.get_logger("t").warning("heartbeat.write_failed", error="x")
    assert captured == [{"event": "heartbeat.write_failed", "error": "x", "log_level": "warning"}]

"""The Slack app manifest: Socket Mode, interactivity, the events and exactly the scopes needed.

PyYAML is not a dependency, so the manifest is read by a small strict reader
of the YAML subset it uses (block mappings, lists of scalars, plain or quoted
scalars, comments); anything else in the file is an error here, not a guess.
When PyYAML happens to be importable, its reading must agree.

The expected scopes are derived from the code: every Slack Web API method the
bot calls (outside the sandbox) maps to the scope Slack requires for it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack.model import DEFAULT_BOT_EVENTS, DEFAULT_SCOPES

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "slack-app-manifest.yaml"

# The scope Slack requires for each Web API method (None: no scope needed).
METHOD_SCOPES: dict[str, str | None] = {
    "auth_test": None,
    "chat_getPermalink": None,
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_delete": "chat:write",
    "chat_postEphemeral": "chat:write",
    "conversations_replies": "channels:history",
    "conversations_history": "channels:history",
    "users_info": "users:read",
    "users_list": "users:read",
    "views_publish": None,  # the Home tab: Slack requires no scope for views.publish
}
# Scopes no method call shows, with the reason the bot needs them.
EXTRA_SCOPES = {
    "channels:history": "the message.channels event (people's messages in the leave channel)",
    "groups:history": "a private leave channel: message.groups, conversations.history/replies",
    "users:read.email": "users.list/users.info return emails only with it (the admin import)",
}
API_FAMILY = re.compile(r"^(auth|apps|chat|conversations|users|reactions|files|views|team|pins)_")


# -- a strict reader of the YAML subset the manifest uses --------------------


class SubsetError(ValueError):
    pass


_PLAIN = re.compile(r"^[A-Za-z0-9_.:/@+-][^#]*$")


def _scalar(raw: str, where: int) -> Any:
    value = raw.strip()
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        if value[0] in inner or "\\" in inner:
            raise SubsetError(f"line {where}: escapes in quoted strings are not supported")
        return inner
    if not _PLAIN.match(value) or ": " in value or value.endswith(":"):
        raise SubsetError(f"line {where}: unsupported scalar {value!r}")
    return value


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, indent, content) of each meaningful line, comments removed."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            raise SubsetError(f"line {number}: tabs are not allowed")
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        if " #" in stripped and not re.search(r"[\"'].* #.*[\"']", stripped):
            stripped = stripped.split(" #", 1)[0].rstrip()
        out.append((number, len(line) - len(line.lstrip(" ")), stripped))
    return out


def read_yaml_subset(text: str) -> Any:
    lines = _lines(text)
    pos = 0

    def block(indent: int) -> Any:
        nonlocal pos
        number, first_indent, content = lines[pos]
        if first_indent != indent:
            raise SubsetError(f"line {number}: expected indent {indent}")
        if content.startswith("- "):
            items = []
            while pos < len(lines) and lines[pos][1] == indent and lines[pos][2].startswith("- "):
                number, _, content = lines[pos]
                items.append(_scalar(content[2:], number))
                pos += 1
            return items
        mapping: dict[str, Any] = {}
        while pos < len(lines) and lines[pos][1] == indent:
            number, _, content = lines[pos]
            key, sep, rest = content.partition(":")
            if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                raise SubsetError(f"line {number}: expected 'key:' in {content!r}")
            if key in mapping:
                raise SubsetError(f"line {number}: duplicate key {key!r}")
            pos += 1
            if rest.strip():
                if not rest.startswith(" "):
                    raise SubsetError(f"line {number}: a space must follow ':'")
                mapping[key] = _scalar(rest, number)
            elif pos < len(lines) and lines[pos][1] > indent:
                mapping[key] = block(lines[pos][1])
            elif pos < len(lines) and lines[pos][1] == indent and lines[pos][2].startswith("- "):
                mapping[key] = block(indent)  # a list at the key's own indent
            else:
                raise SubsetError(f"line {number}: {key!r} has no value")
        return mapping

    if not lines:
        raise SubsetError("empty document")
    result = block(0)
    if pos != len(lines):
        number, _, content = lines[pos]
        raise SubsetError(f"line {number}: unexpected {content!r}")
    return result


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = read_yaml_subset(MANIFEST.read_text(encoding="utf-8"))
    try:
        yaml = importlib.import_module("yaml")
    except ImportError:
        pass
    else:
        assert yaml.safe_load(MANIFEST.read_text(encoding="utf-8")) == data
    assert isinstance(data, dict)
    return data


def called_methods() -> dict[str, list[str]]:
    """Web API methods called by the bot's code (the sandbox excluded), with their files."""
    found: dict[str, list[str]] = {}
    sources = [*(ROOT / "leavebot").rglob("*.py"), *(ROOT / "actors").rglob("*.py")]
    for path in sources:
        if "sandbox" in path.relative_to(ROOT).parts:
            continue
        for name in re.findall(r"\.([a-z]+_[A-Za-z]+)\(", path.read_text(encoding="utf-8")):
            if API_FAMILY.match(name) and hasattr(AsyncWebClient, name):
                found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


# -- the manifest ---------------------------------------------------------------


def test_socket_mode_and_interactivity(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"] == {"is_enabled": True}  # no request_url in Socket Mode
    assert "request_url" not in settings["event_subscriptions"]
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}


def test_events_are_channel_messages_and_the_home_tab(manifest: dict[str, Any]) -> None:
    """Messages of a public and of a private leave channel, and the Home tab's opening;
    what the sandbox Slack sends."""
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert events == ["message.channels", "message.groups", "app_home_opened"]
    assert "user_events" not in manifest["settings"]["event_subscriptions"]
    assert tuple(events) == DEFAULT_BOT_EVENTS
    assert set(manifest["oauth_config"]["scopes"]["bot"]) <= set(DEFAULT_SCOPES)
    # The Home tab is shown (views.publish answers not_enabled otherwise); no DM tab.
    assert manifest["features"]["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": False,
        "messages_tab_read_only_enabled": True,
    }


def test_bot_user_and_names(manifest: dict[str, Any]) -> None:
    assert manifest["display_information"]["name"] == "leavebot"
    assert manifest["features"]["bot_user"]["display_name"] == "leavebot"
    assert set(manifest) == {
        "_metadata",
        "display_information",
        "features",
        "oauth_config",
        "settings",
    }


def test_scopes_are_exactly_what_the_code_needs(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    assert set(scopes) == {"bot"}, "no user-token scopes"
    bot = scopes["bot"]
    assert len(bot) == len(set(bot))
    assert set(bot) == {
        "chat:write",
        "channels:history",
        "groups:history",
        "users:read",
        "users:read.email",
    }
    calls = called_methods()
    assert {"chat_postMessage", "chat_update", "users_info"} <= set(calls)
    unknown = sorted(set(calls) - set(METHOD_SCOPES))
    assert not unknown, f"map these Slack methods to their scopes (and the manifest): {unknown}"
    needed = {METHOD_SCOPES[m] for m in calls} - {None} | set(EXTRA_SCOPES)
    assert set(bot) == needed


# -- the reader itself ----------------------------------------------------------------


def test_reader_reads_the_subset() -> None:
    text = (
        '# top\na:\n  b: 1\n  c: "x: y"  # kept\n  d:\n    - e:f\n    - g\n  h:\n  - i\nk: false\n'
    )
    assert read_yaml_subset(text) == {
        "a": {"b": 1, "c": "x: y", "d": ["e:f", "g"], "h": ["i"]},
        "k": False,
    }


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: |\n  text\n",
        "a: &x 1\n",
        "a: 1\na: 2\n",
        "a:\n\tb: 1\n",
        "a:\n",
        "a: b: c\n",
        "a:1\n",
        "a:\n  b: 1\n c: 2\n",
    ],
)
def test_reader_refuses_what_it_does_not_know(text: str) -> None:
    with pytest.raises(SubsetError):
        read_yaml_subset(text)

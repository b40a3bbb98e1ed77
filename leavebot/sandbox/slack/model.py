"""The sandbox Slack's vocabulary: its ids, people, messages, deliveries and errors.

Plain data only (no I/O, no state of its own): the fixed ids of the sandbox
workspace and app, :class:`SandboxUser`, :class:`SandboxMessage` as the
workspace stores a message, :class:`Delivery` / :class:`Ack` of Socket Mode,
:class:`ApiCall` of the Web API, the two error types, and the text and
timestamp conventions Slack uses (:func:`slack_escape`, ``ts`` strings).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from typing import Any, Literal

JSON = dict[str, Any]

TEAM_ID = "T0SANDBOX"
TEAM_DOMAIN = "sandbox"
CHANNEL_ID = "C0LEAVE01"
CHANNEL_NAME = "leave"
OTHER_CHANNELS: tuple[tuple[str, str], ...] = (("C0GENERAL1", "general"),)
"""Public channels besides the leave channel (id, name): where a digest may be posted."""
BOT_USER_ID = "U0LEAVEBOT"
BOT_ID = "B0LEAVEBOT"
APP_ID = "A0LEAVEBOT"
BOT_NAME = "leavebot"
OTHER_BOT_ID = "B0OTHERBOT"
OTHER_BOT_NAME = "Standup Bot"
SLACKBOT_ID = "USLACKBOT"
DEFAULT_BOT_TOKEN = "xoxb-0000000001-0000000002-sandboxbottoken"  # noqa: S105 (a sandbox token)
DEFAULT_APP_TOKEN = "xapp-1-A0LEAVEBOT-0000000003-sandboxapptoken"  # noqa: S105 (a sandbox token)
VERIFICATION_TOKEN = "sandboxverificationtoken"  # noqa: S105 (a sandbox token)
DEFAULT_SCOPES: tuple[str, ...] = (
    "channels:history",
    "channels:read",
    "chat:write",
    "groups:history",
    "users:read",
    "users:read.email",
)
"""The bot token's scopes (``slack-app-manifest.yaml`` asks for these, and a little more
that Slack grants with them)."""
SCOPES = ",".join((*DEFAULT_SCOPES, "connections:write"))
DEFAULT_BOT_EVENTS: tuple[str, ...] = ("message.channels", "message.groups", "app_home_opened")
"""The bot events the app subscribes to (the manifest's ``bot_events``)."""
EVENT_SCOPES = {"message.channels": "channels:history", "message.groups": "groups:history"}
"""The scope Slack requires for each message event subscription."""
SLACK_RETRY_DELAYS: tuple[float, ...] = (0.0, 60.0, 300.0)
"""Slack's Events API retries a failed delivery 3 times: nearly immediately, after 1
minute, after 5 minutes; then it gives up on that event."""
PERSON_SUBTYPES = frozenset({"thread_broadcast", "file_share"})
"""Subtypes of messages a person writes: a reply also sent to the channel, a message
with a file."""
MAX_BLOCKS = 50


@dataclass(frozen=True)
class SandboxUser:
    """A person in the sandbox workspace.

    ``registered`` is demo metadata (whether leavebot's own user table knows
    the person); Slack itself does not know it and never sends it.
    """

    id: str
    name: str
    real_name: str
    email: str
    tz: str = "Asia/Kolkata"
    is_bot: bool = False
    registered: bool = True
    display_name: str = ""
    deleted: bool = False


DEFAULT_USERS: tuple[SandboxUser, ...] = (
    SandboxUser("U0ASHA001", "asha", "Asha Rao", "asha@example.com", "Asia/Kolkata"),
    SandboxUser("U0RAVI002", "ravi", "Ravi Kumar", "ravi@example.com", "Asia/Kolkata"),
    SandboxUser("U0MAYA003", "maya", "Maya Chen", "maya@example.com", "America/Los_Angeles"),
    SandboxUser(
        "U0JACK004",
        "jack",
        "Jack Miller",
        "jack@example.com",
        "America/New_York",
        registered=False,
    ),
)


def slackbot() -> SandboxUser:
    """Slackbot, which Slack lists as a member with ``is_bot`` false."""
    return SandboxUser(SLACKBOT_ID, "slackbot", "Slackbot", "", "America/Los_Angeles")


class SlackApiFailure(Exception):
    """A Web API error answer: ``{"ok": false, "error": error, **extra}``."""

    def __init__(self, error: str, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra


class ControlError(Exception):
    """A control API request that cannot be done (HTTP 400 with a JSON error)."""


@dataclass
class SandboxMessage:
    """A stored message of the channel (ephemeral notes included)."""

    ts: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    user: str | None = None
    bot_id: str | None = None
    username: str | None = None
    subtype: str | None = None
    thread_ts: str | None = None
    edited: JSON | None = None
    ephemeral_to: str | None = None
    client_msg_id: str | None = None
    files: list[JSON] = field(default_factory=list)
    channel: str | None = None  # None: the leave channel

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def in_channel(self) -> bool:
        """Shown in the channel itself: a parent, or a reply also sent to the channel."""
        return not self.is_reply or self.subtype == "thread_broadcast"


@dataclass
class Delivery:
    """One thing sent to the app over Socket Mode, retried until acknowledged."""

    kind: Literal["events_api", "interactive"]
    payload: JSON
    envelope_ids: list[str]
    event_id: str | None = None
    retry_attempt: int = 0
    retry_reason: str = ""
    sent_at: float | None = None
    sent_count: int = 0
    acked_envelope_id: str | None = None
    ack_payload: JSON | None = None
    gave_up: bool = False
    created_at: float = 0.0
    due_at: float | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def envelope_id(self) -> str:
        """The envelope id of the latest attempt."""
        return self.envelope_ids[-1]

    @property
    def acked(self) -> bool:
        return self.acked_envelope_id is not None

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "envelope_ids": list(self.envelope_ids),
            "event_id": self.event_id,
            "retry_attempt": self.retry_attempt,
            "retry_reason": self.retry_reason,
            "sent_count": self.sent_count,
            "acked": self.acked,
            "acked_envelope_id": self.acked_envelope_id,
            "ack_payload": self.ack_payload,
            "gave_up": self.gave_up,
            "failures": list(self.failures),
            "payload": self.payload,
        }


@dataclass(frozen=True)
class Ack:
    """A frame the app sent back over Socket Mode with an ``envelope_id``."""

    envelope_id: str
    payload: JSON | None
    known: bool
    at: float


@dataclass(frozen=True)
class ApiCall:
    """One Web API call as the sandbox received it."""

    method: str
    args: JSON
    error: str | None
    status: int


_SLACK_TOKEN = re.compile(r"<(?:[@#!]|https?://|mailto:)[^<>]*>")


def slack_escape(typed: str) -> str:
    """Text as Slack stores what a person typed: ``&``, ``<``, ``>`` escaped.

    Slack's own tokens are kept, so a test can write a mention (``<@U0ASHA001>``),
    a channel (``<#C0LEAVE01>``), ``<!here>`` or a link (``<https://x|label>``).
    """
    out: list[str] = []
    last = 0
    for match in _SLACK_TOKEN.finditer(typed):
        out.append(_escape_plain(typed[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_plain(typed[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def file_object(file_id: str, name: str, user: str, ts: str) -> JSON:
    """A file as Slack shows it in a ``file_share`` message (the fields apps read)."""
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "binary"
    created = int(float(ts))
    return {
        "id": file_id,
        "created": created,
        "timestamp": created,
        "name": name,
        "title": name,
        "mimetype": mimetype,
        "filetype": extension,
        "pretty_type": extension.upper(),
        "user": user,
        "user_team": TEAM_ID,
        "editable": False,
        "size": 1024,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": False,
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f"https://files.slack.com/files-pri/{TEAM_ID}-{file_id}/{name}",
        "url_private_download": f"https://files.slack.com/files-pri/{TEAM_ID}-{file_id}/download/{name}",
        "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{user}/{file_id}/{name}",
        "has_rich_preview": False,
        "file_access": "visible",
    }


def ts_string(us: int) -> str:
    """A Slack ``ts`` from microseconds since the epoch."""
    return f"{us // 1_000_000}.{us % 1_000_000:06d}"


def ts_key(ts: str) -> tuple[int, int]:
    """A sortable key of a Slack ``ts`` (``invalid_ts_latest`` when it is not one)."""
    whole, _, frac = ts.partition(".")
    try:
        return int(whole), int((frac + "000000")[:6])
    except ValueError:
        raise SlackApiFailure("invalid_ts_latest") from None

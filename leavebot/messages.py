"""Every message actors send each other: pydantic models in one discriminated union.

A message is stored in the ``mailbox`` table as ``kind`` + JSON payload and
parsed back with ``MESSAGE_ADAPTER``; an unknown kind is an
``UnknownMessageError``. Actor names (the recipients) are a ``Literal`` too,
so a typo in a recipient is a type error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from leavebot.domain import DroppedDay, LeaveDay, LeaveRequest
from leavebot.types import DayId, RequestId, UserId

ActorName = Literal[
    "slack_listener",
    "parser",
    "tracker",
    "calendar_syncer",
    "harvest_syncer",
    "expirer",
    "admin_server",
    "home",
    "digest",
    "probe",
]


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Ping(_Message):
    """A probe through a channel: health checks and the channel benchmark."""

    kind: Literal["ping"] = "ping"
    seq: int
    sent_at: float = Field(description="sender's clock (time.time()) when sent")


class SlackMessage(_Message):
    """A leave-channel message a person wrote, stored before Slack's ack."""

    kind: Literal["slack_message"] = "slack_message"
    event_id: str
    user: str
    channel: str
    ts: str
    thread_ts: str | None = None
    text: str
    timezone: str | None = None


class SlackEdit(_Message):
    """A person edited a leave-channel message (Slack's ``message_changed``), stored
    before Slack's ack. ``edit_ts`` is the edit's own time: one reading per edit."""

    kind: Literal["slack_edit"] = "slack_edit"
    event_id: str
    user: str
    channel: str
    ts: str
    thread_ts: str | None = None
    text: str
    previous_text: str = ""
    edit_ts: str
    timezone: str | None = None


class SlackDeletion(_Message):
    """A person deleted a message that made a request (``message_deleted``, or the
    ``tombstone`` Slack leaves of a thread's first message)."""

    kind: Literal["slack_deletion"] = "slack_deletion"
    event_id: str
    user: str
    channel: str
    ts: str
    thread_ts: str


Scope = Literal["message", "thread"]
CloseReason = Literal["edited", "deleted", "not_leave", "reply"]


class ParsedLeave(_Message):
    """The parser's reading of one Slack message, for the tracker.

    ``scope="message"``: ``request`` is what this message asks for on its own (a
    reply in a thread still replaces the author's older pending request there).
    ``scope="thread"``: ``request`` is the whole leave the author now wants in this
    thread (an edit, or a reply that refines it): the tracker shows a new request
    for it, or, when some of the thread's leave is booked, the difference as a
    change to confirm; empty days withdraw the pending request. ``revision`` is
    the edit's ts ("" for the message as posted). ``message_days`` is what the
    message itself names (an edit's next reading starts from it).
    """

    kind: Literal["parsed_leave"] = "parsed_leave"
    event_id: str
    user: str
    channel: str
    ts: str
    thread_ts: str
    text: str
    request: LeaveRequest
    parser: Literal["rules", "llm"] | None = None
    scope: Scope = "message"
    revision: str = ""
    reason: CloseReason | None = None
    dropped: tuple[DroppedDay, ...] = ()
    message_days: tuple[LeaveDay, ...] | None = None


class ButtonClicked(_Message):
    """A person pressed Confirm or Cancel on a prompt."""

    kind: Literal["button_clicked"] = "button_clicked"
    action_id: str
    user: str
    channel: str
    message_ts: str
    request_id: RequestId
    action_ts: str


class NotRegistered(_Message):
    """Someone who is not a registered user asked for leave: tell them, privately."""

    kind: Literal["not_registered"] = "not_registered"
    user: str
    channel: str
    ts: str
    thread_ts: str | None = None


class RequestExpired(_Message):
    """A pending request ran past its expiry: its prompt loses its buttons."""

    kind: Literal["request_expired"] = "request_expired"
    request_id: RequestId


class RefreshPrompt(_Message):
    """Show a request's prompt as its stored status says (sent with the status change).

    Sending it in the transaction that changes the status makes the edit as
    durable as the change: a crash before the edit delivers it again.
    """

    kind: Literal["refresh_prompt"] = "refresh_prompt"
    request_id: RequestId
    interim: bool = Field(
        default=False,
        description="what it shows is expected to change soon (a Confirm's 'processing')",
    )


class SyncDays(_Message):
    """Create (or delete) the external records of some leave days."""

    kind: Literal["sync_days"] = "sync_days"
    request_id: RequestId
    day_ids: tuple[DayId, ...]
    operation: Literal["create", "delete"]
    user_id: int | None = Field(
        default=None, description="whose days: a syncer keeps one person's work in order"
    )


class SyncDone(_Message):
    """A syncer finished its work for a request; the tracker updates the prompt.

    ``ok`` counts the days that reached the target; ``failures`` says, one line
    each, what did not and why; ``skipped`` explains a target left out on
    purpose (an author with no Harvest user, say).
    """

    kind: Literal["sync_done"] = "sync_done"
    request_id: RequestId
    target: Literal["calendar", "harvest"]
    operation: Literal["create", "delete"]
    ok: int = 0
    failures: tuple[str, ...] = ()
    skipped: str | None = None
    finished_at: dt.datetime


class HomeOpened(_Message):
    """A person opened the app's Home tab in Slack (``app_home_opened``)."""

    kind: Literal["home_opened"] = "home_opened"
    user: str


class RefreshHome(_Message):
    """A person's leave changed: show their Home tab anew (queued by a trigger of
    migration 0012 for people who have opened it)."""

    kind: Literal["refresh_home"] = "refresh_home"
    user_id: UserId
    slack_user_id: str


class HomeCancelClicked(_Message):
    """A person pressed Cancel on a booked request in their Home tab."""

    kind: Literal["home_cancel_clicked"] = "home_cancel_clicked"
    user: str
    request_id: RequestId
    action_ts: str


Message = Annotated[
    Ping
    | SlackMessage
    | SlackEdit
    | SlackDeletion
    | ParsedLeave
    | ButtonClicked
    | NotRegistered
    | RequestExpired
    | RefreshPrompt
    | SyncDays
    | SyncDone
    | HomeOpened
    | RefreshHome
    | HomeCancelClicked,
    Field(discriminator="kind"),
]
MESSAGE_ADAPTER: TypeAdapter[Message] = TypeAdapter(Message)


def ordering_key(message: Message) -> tuple[str, str]:
    """What must stay in send order: one person's messages, one thread, one request.

    Actors that handle messages side by side keep the messages of one key in
    order; different keys may overtake each other.
    """
    if isinstance(message, SlackMessage | SlackEdit | NotRegistered):
        return ("user", message.user)
    if isinstance(message, ParsedLeave | SlackDeletion):
        return ("thread", f"{message.channel}:{message.thread_ts}")
    if isinstance(message, SyncDays):
        if message.user_id is not None:
            return ("user", str(message.user_id))
        return ("request", str(message.request_id))
    if isinstance(message, ButtonClicked | RequestExpired | RefreshPrompt | SyncDone):
        return ("request", str(message.request_id))
    if isinstance(message, HomeOpened | HomeCancelClicked):
        return ("user", message.user)
    if isinstance(message, RefreshHome):
        return ("user", message.slack_user_id)
    return ("kind", message.kind)

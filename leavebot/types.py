"""The vocabulary shared by every layer: typed ids and the status literals.

Ids are ``NewType`` wrappers so a request id can never be passed where a day
id is expected; statuses are ``Literal`` types whose values are exactly the
ones the database CHECK constraints allow (a test keeps the two in step).
"""

from __future__ import annotations

from typing import Literal, NewType, get_args

UserId = NewType("UserId", int)
SlackUserId = NewType("SlackUserId", str)
RequestId = NewType("RequestId", int)
DayId = NewType("DayId", int)
MessageId = NewType("MessageId", int)
AttemptId = NewType("AttemptId", int)

Intent = Literal["leave", "cancel", "none"]
Category = Literal["vacation", "sick"]
Portion = Literal["full", "am", "pm"]

RequestStatus = Literal[
    "pending", "confirmed", "processing", "completed", "cancelled", "expired", "superseded"
]
DayStatus = Literal["confirmed", "completed", "failed", "cancelled"]
MailboxStatus = Literal["ready", "claimed", "done", "dead"]
ChildState = Literal["starting", "running", "restarting", "stopping", "stopped", "failed"]
SyncTarget = Literal["calendar", "harvest", "slack"]
SyncOutcome = Literal["ok", "error", "skipped"]

REQUEST_STATUSES: tuple[str, ...] = get_args(RequestStatus)
DAY_STATUSES: tuple[str, ...] = get_args(DayStatus)
MAILBOX_STATUSES: tuple[str, ...] = get_args(MailboxStatus)
CHILD_STATES: tuple[str, ...] = get_args(ChildState)

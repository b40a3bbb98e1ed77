"""What a parser answers: a request plus whether it is sure, and why not.

Every parser (rules, LLM) returns a ``Parsed``; the auto mode turns one or two
of them into a ``Decision`` the parser actor acts on.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from leavebot.domain import DroppedDay, LeaveRequest, LimitBreach

ParserName = Literal["rules", "llm"]


class Parsed(BaseModel):
    """One parser's reading of one message."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    request: LeaveRequest
    sure: bool
    source: ParserName
    reasons: tuple[str, ...] = ()
    own: bool = False
    """Clearly the author's own leave or cancel, whatever doubt remains about its days.

    With no LLM to ask, an unsure reading gets a reply asking for the dates
    only when this is true; otherwise the bot stays quiet.
    """
    limit: LimitBreach | None = None
    """The hard limit the days break, when they break one."""
    dropped: tuple[DroppedDay, ...] = ()
    """Named dates left out as non-working (a weekend, a holiday), with why."""

"""Auto mode: the rules parser first, the LLM only when the rules are unsure.

``decide`` turns one message into a ``Decision`` the parser actor acts on:

- ``prompt``: a leave (or cancel) to show with Confirm / Cancel buttons. A
  cancel that names no date is a ``prompt`` too (the bot then offers the
  author's upcoming leave to pick from, ``docs/parsing.md``).
- ``non_working``: a leave that names only non-working days; the bot says so.
- ``limits``: a leave beyond a hard limit (more than 31 working days, too far
  ahead or back); the bot says which limit and what to do
  (``Decision.limit``). The LLM is not asked: it cannot change the limits.
- ``none``: not a leave; the bot stays quiet. Also where nobody could read
  the message and it is not clearly the author's own leave (an unsure
  reading of ordinary work talk): then ``sure`` is false and the reasons end
  with ``unsure_ignored``.
- ``ask_dates``: a leave wish with no date (reason ``no_dates``), or a
  message that is clearly the author's own leave (``Parsed.own``) whose days
  nobody could read: the rules were unsure and the LLM is not configured,
  failed, or was unsure too. The bot asks in the thread for dates.

The reply policy in one line: with an LLM configured, what the rules are
unsure of goes to it; without one (or when it fails), the bot asks for dates
only when the message is clearly the author's own leave, and otherwise says
nothing.

``Decision.request`` is always the best reading there is (the answering
parser's, or the rules' when both failed), so ``leave-bot parse`` can print
it; ``action`` says what the bot does with it.

``run_parser`` runs one named parser (``rules``, ``llm`` or ``auto``) and
gives a ``Decision`` for each, so the command line treats them alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from leavebot.domain import DroppedDay, LeaveRequest, LimitBreach, WorkCalendar
from leavebot.parsing.llm import LLMConfig, LLMFailure, parse_llm
from leavebot.parsing.outcome import Parsed, ParserName

if TYPE_CHECKING:
    from openai import AsyncOpenAI

Action = Literal["prompt", "ask_dates", "none", "non_working", "limits"]
ParserChoice = Literal["rules", "llm", "auto"]
RulesParser = Callable[[str, dt.datetime, WorkCalendar], Parsed]

PARSER_CHOICES: tuple[ParserChoice, ...] = ("rules", "llm", "auto")


class Decision(BaseModel):
    """What the bot does with a message, and the reading behind it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action
    request: LeaveRequest
    parser: ParserName | None
    """The parser whose reading ``request`` is; None only if no parser answered."""
    sure: bool
    reasons: tuple[str, ...] = ()
    llm_failure: LLMFailure | None = None
    llm_called: bool = False
    limit: LimitBreach | None = None
    """For ``limits``: the limit broken and what to do."""
    dropped: tuple[DroppedDay, ...] = ()
    """Named dates the reading left out as non-working, with why (``Parsed.dropped``)."""


def action_for(parsed: Parsed) -> Action:
    """The action a sure reading leads to (``ask_dates`` for a no-date wish)."""
    request = parsed.request
    if "no_dates" in parsed.reasons and request.intent != "cancel":
        return "ask_dates"
    if request.intent == "none":
        return "none"
    if request.days:
        return "prompt"
    if request.intent == "leave" or "non_working_days" in parsed.reasons:
        return "non_working"
    return "prompt"  # a cancel with no date: the bot offers upcoming leave


_INFORMATIONAL = ("non_working_days", "no_dates")


def only_limits(parsed: Parsed) -> bool:
    """Unsure only because the days break a hard limit: nobody can read it better."""
    return parsed.limit is not None and all(
        r in _INFORMATIONAL or r.startswith("limits") for r in parsed.reasons
    )


def decision_from(parsed: Parsed, *, llm_called: bool = False) -> Decision:
    """The decision one parser's reading leads to on its own."""
    if not parsed.sure:
        if only_limits(parsed):
            return _beyond_limits(parsed, llm_called=llm_called)
        return unsure(parsed, (), llm_called=llm_called)
    return Decision(
        action=action_for(parsed),
        request=parsed.request,
        parser=parsed.source,
        sure=True,
        reasons=parsed.reasons,
        llm_called=llm_called,
        dropped=parsed.dropped,
    )


def unsure(
    parsed: Parsed,
    extra: tuple[str, ...],
    *,
    llm_failure: LLMFailure | None = None,
    llm_called: bool = False,
    own: bool | None = None,
) -> Decision:
    """Nobody could read it: ask for dates if it is clearly the author's own leave, else
    stay quiet (reason ``unsure_ignored``)."""
    ask = parsed.own if own is None else own
    reasons = (*parsed.reasons, *extra) if ask else (*parsed.reasons, *extra, "unsure_ignored")
    return Decision(
        action="ask_dates" if ask else "none",
        request=parsed.request,
        parser=parsed.source,
        sure=False,
        reasons=reasons,
        llm_failure=llm_failure,
        llm_called=llm_called,
        dropped=parsed.dropped,
    )


def _beyond_limits(parsed: Parsed, *, llm_called: bool = False) -> Decision:
    return Decision(
        action="limits",
        request=parsed.request,
        parser=parsed.source,
        sure=False,
        reasons=parsed.reasons,
        llm_called=llm_called,
        limit=parsed.limit,
    )


def _default_rules() -> RulesParser:
    from leavebot.parsing.rules import parse_rules

    rules: RulesParser = parse_rules
    return rules


def reads_as_leave(
    text: str, now: dt.datetime, calendar: WorkCalendar, rules: RulesParser | None = None
) -> bool:
    """Whether the bot would answer the message at all: a leave or cancel the rules
    read, a leave wish to ask dates for, or the author's own leave they are unsure of."""
    parsed = (rules or _default_rules())(text, now, calendar)
    return parsed.request.intent != "none" or parsed.own or "no_dates" in parsed.reasons


async def decide(
    text: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    llm: LLMConfig | None,
    *,
    thread: Sequence[str] = (),
    client: AsyncOpenAI | None = None,
    rules: RulesParser | None = None,
    widened: bool = False,
) -> Decision:
    """Auto mode for one message: rules first, then the LLM if configured and needed.

    ``widened``: the message reached the parser only through a trigger word an
    admin added, one the rules do not know; they cannot be sure it is not a
    leave, so the LLM reads it (without one, the bot says nothing).
    """
    rules_parsed = (rules or _default_rules())(text, now, calendar)
    if widened and rules_parsed.reasons == ("no_trigger",):
        rules_parsed = rules_parsed.model_copy(update={"sure": False})
    if rules_parsed.sure or only_limits(rules_parsed):
        return decision_from(rules_parsed)
    if llm is None:
        return unsure(rules_parsed, ("llm_not_configured",))
    answer = await parse_llm(text, now, calendar, llm, thread=thread, client=client)
    if isinstance(answer, LLMFailure):
        return unsure(rules_parsed, (f"llm_{answer.kind}",), llm_failure=answer, llm_called=True)
    if answer.sure:  # a no-date wish read by the model also means ask_dates
        return decision_from(answer, llm_called=True)
    if only_limits(answer):
        return _beyond_limits(answer, llm_called=True)
    # The LLM was unsure too. Its reading is kept when it has days, else the
    # rules' is; either one saying it is the author's own leave asks for dates.
    best = answer if answer.request.days else rules_parsed
    return unsure(
        best,
        tuple(f"llm_{r}" for r in answer.reasons) if best is rules_parsed else (),
        llm_called=True,
        own=rules_parsed.own or answer.own,
    )


async def run_parser(
    name: ParserChoice,
    text: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    llm: LLMConfig | None,
    *,
    thread: Sequence[str] = (),
    client: AsyncOpenAI | None = None,
    rules: RulesParser | None = None,
) -> Decision:
    """Run the parser called ``name`` on one message.

    ``rules`` and ``llm`` alone give their own reading (an unsure one means
    ``ask_dates``); ``llm`` with no config is a ``ConfigError``.
    """
    if name == "auto":
        return await decide(text, now, calendar, llm, thread=thread, client=client, rules=rules)
    if name == "rules":
        return decision_from((rules or _default_rules())(text, now, calendar))
    if llm is None:
        from leavebot.errors import ConfigError

        raise ConfigError("the llm parser needs OPENAI_API_KEY (and OPENAI_BASE_URL for others)")
    answer = await parse_llm(text, now, calendar, llm, thread=thread, client=client)
    if isinstance(answer, LLMFailure):
        return Decision(
            action="ask_dates",
            request=LeaveRequest.none(),
            parser=None,
            sure=False,
            reasons=(f"llm_{answer.kind}",),
            llm_failure=answer,
            llm_called=True,
        )
    return decision_from(answer, llm_called=True)

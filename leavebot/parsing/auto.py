"""Auto mode: the rules parser first, the LLM only when the rules are unsure.

``decide`` turns one message into a ``Decision`` the parser actor acts on:

- ``prompt``: a leave (or cancel) to show with Confirm / Cancel buttons. A
  cancel that names no date is a ``prompt`` too (the bot then offers the
  author's upcoming leave to pick from, ``spec/parsing.md``).
- ``non_working``: a leave that names only non-working days; the bot says so.
- ``none``: not a leave; the bot stays quiet.
- ``ask_dates``: a leave wish with no date (reason ``no_dates``), or nobody
  could read the message: the rules were unsure and the LLM is not
  configured, failed, was unsure too, or found no days for a leave. The bot
  asks in the thread for dates.

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

from leavebot.domain import DroppedDay, LeaveRequest, WorkCalendar
from leavebot.parsing.llm import LLMConfig, LLMFailure, parse_llm
from leavebot.parsing.outcome import Parsed, ParserName

if TYPE_CHECKING:
    from openai import AsyncOpenAI

Action = Literal["prompt", "ask_dates", "none", "non_working"]
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


def decision_from(parsed: Parsed, *, llm_called: bool = False) -> Decision:
    """The decision one parser's reading leads to on its own (unsure: ask)."""
    return Decision(
        action=action_for(parsed) if parsed.sure else "ask_dates",
        request=parsed.request,
        parser=parsed.source,
        sure=parsed.sure,
        reasons=parsed.reasons,
        llm_called=llm_called,
        dropped=parsed.dropped,
    )


def _default_rules() -> RulesParser:
    from leavebot.parsing.rules import parse_rules

    rules: RulesParser = parse_rules
    return rules


async def decide(
    text: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    llm: LLMConfig | None,
    *,
    thread: Sequence[str] = (),
    client: AsyncOpenAI | None = None,
    rules: RulesParser | None = None,
) -> Decision:
    """Auto mode for one message: rules first, then the LLM if configured and needed."""
    rules_parsed = (rules or _default_rules())(text, now, calendar)
    if rules_parsed.sure:
        return decision_from(rules_parsed)
    if llm is None:
        return Decision(
            action="ask_dates",
            request=rules_parsed.request,
            parser="rules",
            sure=False,
            reasons=(*rules_parsed.reasons, "llm_not_configured"),
            dropped=rules_parsed.dropped,
        )
    answer = await parse_llm(text, now, calendar, llm, thread=thread, client=client)
    if isinstance(answer, LLMFailure):
        return Decision(
            action="ask_dates",
            request=rules_parsed.request,
            parser="rules",
            sure=False,
            reasons=(*rules_parsed.reasons, f"llm_{answer.kind}"),
            llm_failure=answer,
            llm_called=True,
        )
    if answer.sure:  # a no-date wish read by the model also means ask_dates
        return decision_from(answer, llm_called=True)
    # The LLM was unsure too: ask. Its reading is kept when it has days (a
    # limit violation already has none), else the rules' is.
    best = answer if answer.request.days else rules_parsed
    return Decision(
        action="ask_dates",
        request=best.request,
        parser=best.source,
        sure=False,
        reasons=(*rules_parsed.reasons, *(f"llm_{r}" for r in answer.reasons)),
        llm_called=True,
        dropped=best.dropped,
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

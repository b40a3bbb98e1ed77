"""Every message the bot shows in Slack, as (text, Block Kit blocks).

Pure functions of the data: the tracker and the parser actor decide what to
say, this module decides how it looks. Nothing a person wrote is echoed into
blocks (people appear as ``<@U…>`` mentions), so no text can inject markup.
Block ids carry the request or event id, so a redelivered message can find
the prompt it already posted instead of posting a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from leavebot.domain import LeaveDay, LeaveRequest
from leavebot.slack import Blocks, button

PORTION_LABEL = {"full": "full day", "am": "first half (AM)", "pm": "second half (PM)"}
CATEGORY_LABEL = {"vacation": "vacation", "sick": "sick leave"}
CONFIRM = "leave_confirm"
CANCEL = "leave_cancel"

EXAMPLES = "`tomorrow`, `Friday afternoon`, `12 to 14 March`, `next Monday for 3 days`"


def prompt_block_id(request_id: int) -> str:
    return f"prompt:{request_id}"


def reply_block_id(event_id: str) -> str:
    return f"reply:{event_id}"


def action_id(kind: str, request_id: int) -> str:
    return f"{kind}:{request_id}"


def parse_action_id(value: str) -> tuple[str, int] | None:
    """``("leave_confirm", 42)`` from ``"leave_confirm:42"``; None when malformed."""
    kind, _, number = value.partition(":")
    if kind not in (CONFIRM, CANCEL) or not number.isdigit() or len(number) > 18:
        return None
    return kind, int(number)


def day_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def day_line(day: LeaveDay, category: str | None) -> str:
    what = PORTION_LABEL[day.portion]
    if category:
        what += f", {CATEGORY_LABEL.get(category, category)}"
    return f"• {day_label(day.date)} — {what}"


def total_label(days: Sequence[LeaveDay]) -> str:
    total = sum(1.0 if d.portion == "full" else 0.5 for d in days)
    number = f"{total:g}"
    return f"{number} day" if total == 1 else f"{number} days"


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def holiday_line(day: dt.date, name: str) -> str:
    """``• Thu 1 Jan 2026: holiday, New Year's Day`` (a hand-added one is just "holiday")."""
    what = "holiday" if name == "holiday" else f"holiday, {name}"
    return f"• {day_label(day)}: {what}"


def holiday_lines(holidays: Sequence[Any]) -> list[str]:
    """The prompt's lines of stored holiday notes (``{"date", "name"}`` objects)."""
    out = []
    for item in holidays:
        try:
            out.append(holiday_line(dt.date.fromisoformat(str(item["date"])), str(item["name"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _body(
    request_id: int,
    author: str,
    request: LeaveRequest,
    conflicts: Sequence[str],
    holidays: Sequence[str] = (),
) -> tuple[str, Blocks]:
    cancel = request.intent == "cancel"
    title = "Cancel leave" if cancel else "Leave request"
    verb = (
        "wants to cancel"
        if cancel
        else f"asked for {CATEGORY_LABEL[request.category or 'vacation']}"
    )
    lines = [day_line(d, None if cancel else request.category) for d in request.days]
    blocks: Blocks = [
        _header(title),
        _section(f"<@{author}> {verb}:\n" + "\n".join(lines), prompt_block_id(request_id)),
        _context(f"Total: {total_label(request.days)}"),
    ]
    if holidays and not cancel:
        blocks.append(_section(":calendar: Not counted, your holidays:\n" + "\n".join(holidays)))
    if conflicts:
        blocks.append(_section(":warning: Already booked on these days:\n" + "\n".join(conflicts)))
    summary = f"{title}: {verb} {total_label(request.days)}"
    return summary, blocks


def request_prompt(
    request_id: int,
    author: str,
    request: LeaveRequest,
    conflicts: Sequence[str] = (),
    holidays: Sequence[str] = (),
) -> tuple[str, Blocks]:
    """The prompt with Confirm / Cancel buttons that only the author may press;
    ``holidays`` are lines naming the holidays its dates skipped (``holiday_lines``)."""
    text, blocks = _body(request_id, author, request, conflicts, holidays)
    blocks.append({"type": "divider"})
    blocks.append(
        {
            "type": "actions",
            "block_id": f"actions:{request_id}",
            "elements": [
                button("Confirm", action_id(CONFIRM, request_id), str(request_id), "primary"),
                button("Cancel", action_id(CANCEL, request_id), str(request_id), "danger"),
            ],
        }
    )
    return text, blocks


def with_status(
    request_id: int,
    author: str,
    request: LeaveRequest,
    status: str,
    holidays: Sequence[str] = (),
) -> tuple[str, Blocks]:
    """The prompt without buttons and with a status line below it."""
    text, blocks = _body(request_id, author, request, (), holidays)
    blocks.append({"type": "divider"})
    blocks.append(_context(status))
    return f"{text} — {status}", blocks


def processing(author: str) -> str:
    return (
        f":hourglass_flowing_sand: Confirmed by <@{author}>. "
        "Adding it to Google Calendar and Harvest…"
    )


def cancelling(author: str) -> str:
    return (
        f":hourglass_flowing_sand: Confirmed by <@{author}>. "
        "Removing it from Google Calendar and Harvest…"
    )


def cancelled_by(author: str) -> str:
    return f":x: Cancelled by <@{author}>. Nothing was recorded."


def expired() -> str:
    return (
        ":hourglass: This request expired before it was confirmed. Post again if you still need it."
    )


def superseded() -> str:
    return ":arrows_counterclockwise: Replaced by a newer message in this thread."


def ask_dates(event_id: str) -> tuple[str, Blocks]:
    text = (
        "I couldn't tell which days you mean. Could you reply here with the dates? "
        f"For example: {EXAMPLES}."
    )
    return text, [_section(text, reply_block_id(event_id))]


def non_working(event_id: str, holidays: Sequence[str] = ()) -> tuple[str, Blocks]:
    """The reply to a request of only non-working days (``holidays``: lines naming the
    holidays among them)."""
    text = (
        "Those dates fall on weekends or holidays, so there is no working day to book. "
        f"Reply with other dates if you meant something else, e.g. {EXAMPLES}."
    )
    if holidays:
        text += "\nYour holidays:\n" + "\n".join(holidays)
    return text, [_section(text, reply_block_id(event_id))]


def nothing_to_cancel(event_id: str, asked: Sequence[LeaveDay]) -> tuple[str, Blocks]:
    named = ", ".join(day_label(d.date) for d in asked)
    text = f"You have no leave booked on {named}, so there is nothing to cancel."
    return text, [_section(text, reply_block_id(event_id))]


def pick_leave_to_cancel(
    event_id: str, upcoming: Sequence[tuple[dt.date, str, str]]
) -> tuple[str, Blocks]:
    if not upcoming:
        text = "You have no upcoming leave booked, so there is nothing to cancel."
        return text, [_section(text, reply_block_id(event_id))]
    items = "\n".join(
        f"• {day_label(day)} — {PORTION_LABEL.get(portion, portion)}, "
        f"{CATEGORY_LABEL.get(category, category)}"
        for day, portion, category in upcoming
    )
    text = "Which leave should I cancel? Reply here with the dates. Your upcoming leave:\n" + items
    return text, [_section(text, reply_block_id(event_id))]


def home_cancel_nothing() -> str:
    return "That leave has no booked day left to cancel from today on."


def home_cancel_refused() -> str:
    return "I can't cancel that leave from your Home tab; it may be someone else's or not booked."


def not_registered() -> str:
    return (
        "You're not registered with leavebot yet, so I can't record leave for you. "
        "Please ask an admin to add you."
    )


def only_author(author: str) -> str:
    return f"Only <@{author}> can confirm or cancel this request."


def no_longer_pending(status: str) -> str:
    return f"This request is no longer waiting for an answer (it is {status})."


def unknown_request() -> str:
    return "I can't find that request; the button may be from an old message."


def conflict_line(day: dt.date, portion: str, category: str) -> str:
    return (
        f"• {day_label(day)} — {PORTION_LABEL.get(portion, portion)}, "
        f"{CATEGORY_LABEL.get(category, category)}"
    )


def outcome_status(outcome: dict[str, Any]) -> str:
    """The status line for a finished request, from the tracker's outcome summary."""
    state = outcome.get("state")
    deleting = outcome.get("operation") == "delete"
    done_words = "Removed from" if deleting else "Added to"
    if state == "done":
        return f":white_check_mark: {done_words} Google Calendar and Harvest."
    failures = outcome.get("failures") or []
    detail = "; ".join(str(f) for f in failures)
    if state == "partial":
        return f":warning: Partly done. {detail}"
    return f":x: That didn't work. {detail} An admin can retry it."

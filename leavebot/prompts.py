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

from leavebot.changes import ChangeItem
from leavebot.domain import DroppedDay, LeaveDay, LeaveRequest, LimitBreach
from leavebot.slack import Blocks, button
from leavebot.slots import Taken

PORTION_LABEL = {"full": "full day", "am": "first half (AM)", "pm": "second half (PM)"}
CATEGORY_LABEL = {"vacation": "vacation", "sick": "sick leave"}
CONFIRM = "leave_confirm"
CANCEL = "leave_cancel"

EXAMPLES = "`tomorrow`, `Friday afternoon`, `12 to 14 March`, `next Monday for 3 days`"


def prompt_block_id(request_id: int) -> str:
    return f"prompt:{request_id}"


def reply_block_id(event_id: str) -> str:
    return f"reply:{event_id}"


WHICH_DAY = "which_day"


def which_day_block_id(portion: str, event_id: str) -> str:
    """The block id of a "which day?" question: the part asked about, then the event."""
    return f"{WHICH_DAY}:{portion}:{event_id}"


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


def short_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def dropped_lines(dropped: Sequence[DroppedDay]) -> list[str]:
    """One line per named day left out: "Sat 5 Dec: not a working day"."""
    return [f"• {short_label(d.date)}: {d.reason}" for d in dropped]


def days_sentence(days: Sequence[LeaveDay]) -> str:
    """ "Thu 4 Dec, Wed 9 Dec (PM)" """
    parts = []
    for d in days:
        part = short_label(d.date)
        if d.portion != "full":
            part += f" ({d.portion.upper()})"
        parts.append(part)
    return ", ".join(parts)


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


def _left_out(blocks: Blocks, dropped: Sequence[DroppedDay]) -> None:
    if dropped:
        blocks.append(_context("Left out:\n" + "\n".join(dropped_lines(dropped))))


def _body(
    request_id: int,
    author: str,
    request: LeaveRequest,
    conflicts: Sequence[str],
    *,
    notes: Sequence[str] = (),
    dropped: Sequence[DroppedDay] = (),
    deadline: str | None = None,
) -> tuple[str, Blocks]:
    cancel = request.intent == "cancel"
    title = "Cancel leave" if cancel else "Leave request"
    verb = (
        "wants to cancel"
        if cancel
        else f"asked for {CATEGORY_LABEL[request.category or 'vacation']}"
    )
    lines = [day_line(d, None if cancel else request.category) for d in request.days]
    total = f"Total: {total_label(request.days)}"
    if deadline:
        total += f" · confirm by {deadline}"
    blocks: Blocks = [
        _header(title),
        _section(f"<@{author}> {verb}:\n" + "\n".join(lines), prompt_block_id(request_id)),
        _context(total),
    ]
    _left_out(blocks, dropped)
    if conflicts:
        blocks.append(
            _section(
                ":warning: These days overlap your other leave:\n"
                + "\n".join(conflicts)
                + "\nConfirm books only the half-days still free; the rest is skipped."
            )
        )
    if notes:
        blocks.append(_section(":information_source: Skipped:\n" + "\n".join(notes)))
    summary = f"{title}: {verb} {total_label(request.days)}"
    return summary, blocks


def _buttons(blocks: Blocks, request_id: int) -> None:
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


def request_prompt(
    request_id: int,
    author: str,
    request: LeaveRequest,
    conflicts: Sequence[str] = (),
    *,
    dropped: Sequence[DroppedDay] = (),
    deadline: str | None = None,
) -> tuple[str, Blocks]:
    """The prompt with Confirm / Cancel buttons that only the author may press.

    ``dropped``: the named days left out, with why; ``deadline``: when it expires, in
    the author's time ("16:05 (America/Los_Angeles)").
    """
    text, blocks = _body(request_id, author, request, conflicts, dropped=dropped, deadline=deadline)
    _buttons(blocks, request_id)
    return text, blocks


def with_status(
    request_id: int,
    author: str,
    request: LeaveRequest,
    status: str,
    skipped: Sequence[str] = (),
    *,
    dropped: Sequence[DroppedDay] = (),
) -> tuple[str, Blocks]:
    """The prompt without buttons and with a status line below it.

    ``skipped`` are the lines of :func:`taken_lines`: what Confirm found already booked.
    """
    notes = [f"• {line}" for line in skipped]
    text, blocks = _body(request_id, author, request, (), notes=notes, dropped=dropped)
    blocks.append({"type": "divider"})
    blocks.append(_context(status))
    summary = f"{text} — {status}"
    if skipped:
        summary += " Skipped: " + "; ".join(skipped) + "."
    return summary, blocks


def _change_body(
    request_id: int,
    author: str,
    items: Sequence[ChangeItem],
    after: Sequence[LeaveDay],
    category: str | None,
    dropped: Sequence[DroppedDay],
    deadline: str | None,
) -> tuple[str, Blocks]:
    adds = [i for i in items if i.op == "add"]
    removes = [i for i in items if i.op == "remove"]
    lines = [f"<@{author}> wants to change the leave booked in this thread:"]
    if adds:
        lines.append("*Add:*")
        lines += [day_line(LeaveDay(date=i.date, portion=i.portion), category) for i in adds]
    if removes:
        lines.append("*Remove:*")
        lines += [day_line(LeaveDay(date=i.date, portion=i.portion), None) for i in removes]
    after_text = (
        f"After the change: {days_sentence(after)} ({total_label(after)})"
        if after
        else "After the change: no leave left in this thread"
    )
    if deadline:
        after_text += f" · confirm by {deadline}"
    blocks: Blocks = [
        _header("Change leave"),
        _section("\n".join(lines), prompt_block_id(request_id)),
        _context(after_text),
    ]
    _left_out(blocks, dropped)
    summary = f"Change leave: add {len(adds)}, remove {len(removes)}"
    return summary, blocks


def change_prompt(
    request_id: int,
    author: str,
    items: Sequence[ChangeItem],
    after: Sequence[LeaveDay],
    category: str | None,
    *,
    dropped: Sequence[DroppedDay] = (),
    deadline: str | None = None,
) -> tuple[str, Blocks]:
    """A change to booked leave (days added, days removed) to confirm, with its buttons."""
    text, blocks = _change_body(request_id, author, items, after, category, dropped, deadline)
    _buttons(blocks, request_id)
    return text, blocks


def change_with_status(
    request_id: int,
    author: str,
    items: Sequence[ChangeItem],
    after: Sequence[LeaveDay],
    category: str | None,
    status: str,
    *,
    dropped: Sequence[DroppedDay] = (),
) -> tuple[str, Blocks]:
    text, blocks = _change_body(request_id, author, items, after, category, dropped, None)
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


def changing(author: str) -> str:
    return (
        f":hourglass_flowing_sand: Confirmed by <@{author}>. "
        "Changing it in Google Calendar and Harvest…"
    )


def cancelled_by(author: str) -> str:
    return f":x: Cancelled by <@{author}>. Nothing was recorded."


def change_cancelled_by(author: str) -> str:
    return f":x: Cancelled by <@{author}>. The leave booked stays as it was."


def expired(at: str | None = None) -> str:
    """``at``: when, in the author's time ("16:05 (America/Los_Angeles)")."""
    when = f", at {at}" if at else ""
    return (
        f":hourglass: This request expired before it was confirmed{when}. "
        "Post again if you still need it."
    )


def superseded() -> str:
    return ":arrows_counterclockwise: Replaced by a newer message in this thread."


def superseded_by_edit() -> str:
    return ":pencil2: Replaced: the message was edited, see the new request below."


def closed(reason: str) -> str:
    """The status of a request that ended without a click, by why."""
    if reason == "deleted":
        return ":wastebasket: Cancelled: the message was deleted. Nothing was recorded."
    if reason == "not_leave":
        return ":x: Cancelled: the edited message no longer asks for leave. Nothing was recorded."
    if reason == "edited":
        return (
            ":x: Cancelled: I couldn't read the edited message (see below). Nothing was recorded."
        )
    return ":x: Cancelled by a reply in this thread. Nothing was recorded."


def ask_dates(event_id: str) -> tuple[str, Blocks]:
    text = (
        "I couldn't tell which days you mean. Could you reply here with the dates? "
        f"For example: {EXAMPLES}."
    )
    return text, [_section(text, reply_block_id(event_id))]


def non_working(event_id: str, dropped: Sequence[DroppedDay] = ()) -> tuple[str, Blocks]:
    """Every day named was left out: say which and why."""
    if dropped:
        text = (
            "None of the days you named is a working day, so there is nothing to book:\n"
            + "\n".join(dropped_lines(dropped))
            + f"\nReply with other dates if you meant something else, e.g. {EXAMPLES}."
        )
    else:
        text = (
            "Those dates fall on weekends or holidays, so there is no working day to book. "
            f"Reply with other dates if you meant something else, e.g. {EXAMPLES}."
        )
    return text, [_section(text, reply_block_id(event_id))]


def ask_change(event_id: str) -> tuple[str, Blocks]:
    """A reply about changing a request that could not be read."""
    text = (
        "I couldn't tell how to change your leave. Reply here with what to change, "
        "e.g. `also Monday`, `Tuesday instead`, `not Friday`, `make it a half day`, "
        "or `cancel`."
    )
    return text, [_section(text, reply_block_id(event_id))]


def ask_dates_after_edit(event_id: str, booked: Sequence[LeaveDay]) -> tuple[str, Blocks]:
    """An edit that cannot be read: ask again, saying what stays booked."""
    text = "I couldn't tell which days your edited message means."
    if booked:
        text += f" Your leave booked here stays as it is: {days_sentence(booked)}."
    text += f" Reply here with the dates, e.g. {EXAMPLES}."
    return text, [_section(text, reply_block_id(event_id))]


def which_day(event_id: str, portion: str, days: Sequence[LeaveDay]) -> tuple[str, Blocks]:
    """A part of a day was asked for a request of several days: which one?"""
    part = {"am": "a half day (morning)", "pm": "a half day (afternoon)"}.get(portion, "a full day")
    example = {"am": "morning", "pm": "afternoon"}.get(portion, "full day")
    first = days[0].date if days else None
    sample = f"`{first:%A} {example}`" if first else f"`Friday {example}`"
    text = (
        f"Which day should be {part}? Your request has {days_sentence(days)}. "
        f"Reply here with the day, e.g. {sample}, or `all of them`."
    )
    return text, [_section(text, which_day_block_id(portion, event_id))]


def nothing_changes(
    event_id: str, days: Sequence[LeaveDay], dropped: Sequence[DroppedDay] = ()
) -> tuple[str, Blocks]:
    """A reply that leaves the leave as it is (a day already in it, or not a working day)."""
    lines = dropped_lines(dropped)
    text = "That leaves your leave as it is"
    text += f": {days_sentence(days)}." if days else "."
    if lines:
        text += "\n" + "\n".join(lines)
    return text, [_section(text, reply_block_id(event_id))]


def booking_stays(event_id: str, author: str, days: Sequence[LeaveDay]) -> tuple[str, Blocks]:
    """The message behind booked leave was deleted: the leave stays; how to cancel it."""
    text = (
        f"<@{author}>, your message was deleted, but the leave booked from it stays: "
        f"{days_sentence(days)}. To cancel it, reply here with `cancel`, "
        "or write `cancel my leave on <date>` in the channel."
    )
    return text, [_section(text, reply_block_id(event_id))]


def beyond_limits(event_id: str, breach: LimitBreach) -> tuple[str, Blocks]:
    """A request over a hard limit: which limit, and what to do."""
    text = f"I can't book that: {breach.message}. {breach.advice}"
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


def author_inactive() -> str:
    return (
        "You're no longer registered with leavebot, so I can't confirm or cancel this "
        "request. Please ask an admin if that's a mistake."
    )


def only_author(author: str) -> str:
    return f"Only <@{author}> can confirm or cancel this request."


def only_author_changes(author: str) -> str:
    return f"Only <@{author}> can change their leave. To ask for your own, write it in the channel."


def no_longer_pending(status: str) -> str:
    return f"This request is no longer waiting for an answer (it is {status})."


def unknown_request() -> str:
    return "I can't find that request; the button may be from an old message."


def _slots_suffix(slots: Sequence[str]) -> str:
    """`` AM`` or `` PM`` for one half-day slot, nothing for both (the whole day)."""
    return "" if len(set(slots)) != 1 else f" {slots[0].upper()}"


def booked_overlap_line(
    day: dt.date, slots: Sequence[str], category: str, request_id: int, *, failed: bool = False
) -> str:
    """A prompt's warning: slots asked for that a live day already holds (``failed``: a
    day whose sync failed, which keeps its slots until an admin retries or cancels it)."""
    line = (
        f"• {day_label(day)}{_slots_suffix(slots)} — already booked "
        f"({CATEGORY_LABEL.get(category, category)}, request #{request_id})"
    )
    if failed:
        line += "; its sync failed, an admin can retry it"
    return line


def pending_overlap_line(day: dt.date, slots: Sequence[str], request_id: int, above: bool) -> str:
    """A prompt's warning: slots asked for that another pending request asks for too."""
    where = "above" if above else "below"
    return (
        f"• {day_label(day)}{_slots_suffix(slots)} — also in your pending request "
        f"#{request_id} {where}"
    )


def short_day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def taken_lines(taken: Sequence[Taken]) -> list[str]:
    """What Confirm skipped, one line per date and holding request, in date order:
    ``Wed 9 Dec PM: already booked (sick leave, request #12)``."""
    grouped: dict[tuple[dt.date, int], list[Taken]] = {}
    for item in taken:
        grouped.setdefault((item.date, item.request_id), []).append(item)
    lines = []
    for (day, request_id), items in sorted(grouped.items()):
        slots = sorted({t.slot for t in items})
        category = CATEGORY_LABEL.get(items[0].category, items[0].category)
        lines.append(
            f"{short_day(day)}{_slots_suffix(slots)}: already booked "
            f"({category}, request #{request_id})"
        )
    return lines


def outcome_status(outcome: dict[str, Any]) -> str:
    """The status line for a finished request, from the tracker's outcome summary."""
    if outcome.get("nothing_booked"):
        return ":information_source: Nothing to add: every half-day asked for was already booked."
    state = outcome.get("state")
    deleting = outcome.get("operation") == "delete"
    done_words = "Removed from" if deleting else "Added to"
    if outcome.get("operation") == "change":
        done_words = "Changed in"
    if state == "done":
        return f":white_check_mark: {done_words} Google Calendar and Harvest."
    failures = outcome.get("failures") or []
    detail = "; ".join(str(f) for f in failures)
    if state == "partial":
        return f":warning: Partly done. {detail}"
    return f":x: That didn't work. {detail} An admin can retry it."

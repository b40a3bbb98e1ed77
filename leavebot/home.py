"""The app's Home tab: what a person sees of their own leave inside Slack.

Pure functions of the data (``actors/home.py`` reads it and publishes with
``views.publish``). The view lists the person's upcoming leave (each booked
request with its dates, portions, category, status and a Cancel button that
starts the normal cancel flow), what waits for their confirmation, their
recent leave, and a short guide to asking for leave; someone who is not
registered sees how to get registered instead. Nothing a person wrote is
shown (no source text), so no text can inject markup.

A Home view holds at most 100 blocks (Slack's limit for ``home`` views); the
lists are cut well before (``MAX_UPCOMING``, ``MAX_RECENT``) and say so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from leavebot.prompts import CATEGORY_LABEL, EXAMPLES, PORTION_LABEL
from leavebot.slack import button

if TYPE_CHECKING:
    import asyncpg

Row: TypeAlias = "Mapping[str, Any] | asyncpg.Record"

HOME_CANCEL = "home_cancel"
BOOKING = ("completed", "confirmed", "processing")
MAX_UPCOMING = 20
MAX_RECENT = 10
RECENT_DAYS = 60
MAX_BLOCKS = 100
GUIDE = (
    "*How to ask for leave*\n"
    "Write in <#{channel}> the way you would tell a colleague, e.g. "
    "`off tomorrow`, `sick leave today, fever`, `vacation 12 to 14 March`, "
    "`half day Friday afternoon`. I show the days I understood with *Confirm* and "
    "*Cancel* buttons; nothing is booked until you confirm. To cancel leave, press "
    "*Cancel* next to it here, or write `cancel my leave on Friday` in the channel.\n"
    f"Dates I understand: {EXAMPLES}."
)


def action_id(request_id: int) -> str:
    return f"{HOME_CANCEL}:{request_id}"


def parse_action_id(value: str) -> int | None:
    """The request id of a Home Cancel button's action id; None when malformed."""
    kind, _, number = value.partition(":")
    if kind != HOME_CANCEL or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


@dataclass(frozen=True)
class BookedDay:
    date: dt.date
    portion: str
    status: str


@dataclass(frozen=True)
class HomeRequest:
    """One of the person's requests as the Home tab shows it."""

    id: int
    intent: str
    category: str | None
    status: str
    created_at: dt.datetime
    asked: tuple[BookedDay, ...]
    booked: tuple[BookedDay, ...]
    failed_outcome: bool

    @classmethod
    def from_row(cls, row: Row) -> HomeRequest:
        asked = tuple(
            BookedDay(dt.date.fromisoformat(str(d["date"])), str(d.get("portion", "full")), "")
            for d in row["asked"] or []
        )
        booked = tuple(
            BookedDay(dt.date.fromisoformat(str(d["date"])), str(d["portion"]), str(d["status"]))
            for d in row["booked"] or []
        )
        outcome = row["outcome"] if isinstance(row["outcome"], dict) else {}
        return cls(
            id=int(row["id"]),
            intent=str(row["intent"]),
            category=row["category"],
            status=str(row["status"]),
            created_at=row["created_at"],
            asked=asked,
            booked=booked,
            failed_outcome=outcome.get("state") in ("partial", "failed"),
        )

    def live(self) -> tuple[BookedDay, ...]:
        return tuple(d for d in self.booked if d.status != "cancelled")

    def days(self) -> tuple[BookedDay, ...]:
        """The days to show: those booked, or those asked for when none were booked."""
        return self.booked or self.asked

    def last_day(self) -> dt.date | None:
        shown = self.days()
        return max(d.date for d in shown) if shown else None


def _label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _day_line(day: BookedDay) -> str:
    text = f"{_label(day.date)} — {PORTION_LABEL.get(day.portion, day.portion)}"
    if day.status == "cancelled":
        return f"• ~{text}~ (cancelled)"
    if day.status == "failed":
        return f"• {text} (sync failed)"
    return f"• {text}"


def _total(days: Sequence[BookedDay]) -> str:
    total = sum(1.0 if d.portion == "full" else 0.5 for d in days)
    return f"{total:g} day" if total == 1 else f"{total:g} days"


CancelState = str | None  # "pending" (to confirm), "running" (being removed) or None


def status_label(request: HomeRequest, cancel: CancelState) -> str:
    """What happened to a request, in a few words (``cancel``: a cancel of its days)."""
    if request.intent == "cancel":
        return {
            "pending": ":hourglass: Cancel waiting for your confirmation",
            "confirmed": ":hourglass_flowing_sand: Being cancelled…",
            "processing": ":hourglass_flowing_sand: Being cancelled…",
            "completed": ":wastebasket: Cancelled",
        }.get(request.status, f"Cancel {request.status}")
    if request.status == "completed":
        live = request.live()
        if not live:
            return ":wastebasket: Cancelled"
        if cancel == "pending":
            return ":hourglass: Booked · cancel waiting for your confirmation in the channel"
        if cancel == "running":
            return ":hourglass_flowing_sand: Booked · being cancelled…"
        if request.failed_outcome or any(d.status == "failed" for d in live):
            return ":warning: Booked, but a sync failed (an admin can retry it)"
        return ":white_check_mark: Booked"
    return {
        "pending": ":hourglass: Waiting for you to press Confirm in the channel",
        "confirmed": ":hourglass_flowing_sand: Being booked…",
        "processing": ":hourglass_flowing_sand: Being booked…",
        "cancelled": ":x: Not booked (you pressed Cancel)",
        "expired": ":hourglass: Expired before it was confirmed",
        "superseded": ":arrows_counterclockwise: Replaced by a newer message",
    }.get(request.status, request.status)


def _request_block(
    request: HomeRequest, cancel: CancelState, *, cancellable: bool, today: dt.date
) -> dict[str, Any]:
    days = request.days()
    what = (
        "Cancel"
        if request.intent == "cancel"
        else CATEGORY_LABEL.get(request.category or "", "Leave").capitalize()
    )
    lines = [f"*{what}* · {_total([d for d in days if d.status != 'cancelled'] or days)}"]
    lines.extend(_day_line(d) for d in days[:31])
    lines.append(status_label(request, cancel))
    block: dict[str, Any] = {
        "type": "section",
        "block_id": f"home_request:{request.id}",
        "text": {"type": "mrkdwn", "text": "\n".join(lines)},
    }
    if cancellable:
        future = [d for d in request.live() if d.date >= today]
        block["accessory"] = button(
            "Cancel" if len(future) == len(request.live()) else "Cancel the rest",
            action_id(request.id),
            str(request.id),
            "danger",
        )
    return block


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def build_view(
    rows: Iterable[Row], today: dt.date, channel: str, *, holiday_region: str
) -> dict[str, Any]:
    """The Home view of a registered person from their ``home_requests`` rows."""
    rows = list(rows)
    requests = [HomeRequest.from_row(r) for r in rows]
    # The booked days a cancel request is about: waiting for its Confirm, or in flight.
    cancels: dict[int, str] = {}
    for r in rows:
        if r["intent"] != "cancel" or r["status"] not in ("pending", *BOOKING[1:]):
            continue
        for item in r["asked"] or []:
            if item.get("day_id") is not None:
                state = "pending" if r["status"] == "pending" else "running"
                cancels.setdefault(int(item["day_id"]), state)
    upcoming: list[tuple[HomeRequest, CancelState, bool]] = []
    waiting: list[HomeRequest] = []
    recent: list[HomeRequest] = []
    for request, row in zip(requests, rows, strict=True):
        ids = [int(d["id"]) for d in row["booked"] or [] if d.get("id") is not None]
        found = {cancels[i] for i in ids if i in cancels}
        cancel = "running" if "running" in found else ("pending" if found else None)
        if request.status == "pending":
            waiting.append(request)
        elif request.intent == "cancel" or request.status == "superseded":
            continue  # a cancel shows on the leave it cancels; a replaced one is noise
        elif request.status in BOOKING:
            if any(d.date >= today for d in request.live()):
                cancellable = request.status == "completed" and cancel is None
                upcoming.append((request, cancel, cancellable))
            else:
                recent.append(request)
        elif request.last_day() is not None:
            recent.append(request)
    upcoming.sort(key=lambda item: min(d.date for d in item[0].days()))
    blocks: list[dict[str, Any]] = [_header("Your leave")]
    if waiting:
        blocks.append(_section(f"*Waiting for your confirmation in <#{channel}>*"))
        for request in waiting[:5]:
            blocks.append(_request_block(request, None, cancellable=False, today=today))
        blocks.append({"type": "divider"})
    blocks.append(_section("*Upcoming*"))
    if upcoming:
        for request, cancel, cancellable in upcoming[:MAX_UPCOMING]:
            blocks.append(_request_block(request, cancel, cancellable=cancellable, today=today))
        if len(upcoming) > MAX_UPCOMING:
            blocks.append(_context(f"…and {len(upcoming) - MAX_UPCOMING} more."))
    else:
        blocks.append(_context("No upcoming leave."))
    blocks.append({"type": "divider"})
    blocks.append(_section(f"*Recent* (last {RECENT_DAYS} days)"))
    if recent:
        for request in recent[:MAX_RECENT]:
            blocks.append(_request_block(request, None, cancellable=False, today=today))
    else:
        blocks.append(_context("Nothing in the last two months."))
    blocks.append({"type": "divider"})
    blocks.append(_section(GUIDE.replace("{channel}", channel)))
    blocks.append(_context(f"Public holidays: {holiday_region}. Updated {_label(today)}."))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def unregistered_view(channel: str) -> dict[str, Any]:
    """What someone leavebot does not know sees: how to get registered."""
    return {
        "type": "home",
        "blocks": [
            _header("leavebot"),
            _section(
                "*You're not registered with leavebot yet*, so I can't record leave for you.\n"
                "Ask an admin to add you: they import everyone from Slack "
                "(`POST /api/users/import`) or add one person (`POST /api/users`) in the admin "
                "dashboard. Once you're registered, this tab shows your leave."
            ),
            {"type": "divider"},
            _section(GUIDE.replace("{channel}", channel)),
        ],
    }


def view_hash(view: Mapping[str, Any]) -> str:
    """A digest of a view's content: an unchanged view is not published again."""
    return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()[:32]

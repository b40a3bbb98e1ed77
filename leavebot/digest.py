"""The morning who's-out post: when it is due, and what it says.

Pure functions of the data; ``actors/digest.py`` decides when to run and
posts exactly once per date. The post lists who is out today (full day,
morning or afternoon) and who is out later this week (to Sunday), by name:
names, not mentions, so nobody on leave is pinged. The category (sick leave,
vacation) is shown only when an admin turns on ``digest_show_category``:
sick leave is private. A day with nobody out today or later this week is
"empty": a short line, or no post when ``digest_when_empty`` is ``skip``.

Timing, in the company's time zone and on its working days (working days,
hand-added holidays and the company's public holidays): the post is due at
``digest_time``; a bot that was down then posts when it starts while it is
still morning (before noon, or for a ``digest_time`` from 11:00 on, within an
hour of it), and otherwise skips the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from leavebot.domain import WorkCalendar
from leavebot.slack import Blocks, escape

if TYPE_CHECKING:
    import asyncpg

Row: TypeAlias = "Mapping[str, Any] | asyncpg.Record"

NOON = dt.time(12, 0)
LATE_AFTER_DUE = dt.timedelta(hours=1)
SECTION_CHARS = 2900  # Slack allows 3,000 per section text
MAX_SECTIONS = 44  # with the header and the rest, under the 50 blocks of a message
PORTION_TODAY = {"full": "full day", "am": "morning", "pm": "afternoon"}
PORTION_SHORT = {"full": "", "am": " (morning)", "pm": " (afternoon)"}
CATEGORY = {"vacation": "vacation", "sick": "sick leave"}


def block_id(day: dt.date) -> str:
    """The header block id of a date's digest: how a post already made is found again."""
    return f"digest:{day.isoformat()}"


def due_at(day: dt.date, digest_time: str, calendar: WorkCalendar) -> dt.datetime:
    """The moment ``day``'s digest is due (aware, in the company zone)."""
    return dt.datetime.combine(day, dt.time.fromisoformat(digest_time), calendar.zone)


def late_until(day: dt.date, digest_time: str, calendar: WorkCalendar) -> dt.datetime:
    """Until when a missed digest is still posted: noon, or an hour after a late time."""
    due = due_at(day, digest_time, calendar)
    noon = dt.datetime.combine(day, NOON, calendar.zone)
    return max(noon, due + LATE_AFTER_DUE)


def week_end(day: dt.date) -> dt.date:
    """The Sunday of ``day``'s week (weeks start on Monday)."""
    return day + dt.timedelta(days=6 - day.weekday())


def next_working_day(day: dt.date, calendar: WorkCalendar) -> dt.date:
    """The first working day after ``day`` (within a year; else a week later)."""
    found = calendar.next_working_days(day + dt.timedelta(days=1), 1)
    return found[0] if found else day + dt.timedelta(days=7)


@dataclass(frozen=True)
class Digest:
    """One date's post: its text and blocks, and how many people it names."""

    day: dt.date
    text: str
    blocks: Blocks
    people_today: int
    people_later: int

    @property
    def empty(self) -> bool:
        return self.people_today == 0 and self.people_later == 0


def _label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _portion(portions: set[str]) -> str:
    if "full" in portions or {"am", "pm"} <= portions:
        return "full"
    return "am" if "am" in portions else "pm"


def _sections(title: str, lines: Sequence[str], room: int) -> tuple[Blocks, int]:
    """``lines`` under ``title`` in sections of at most ``SECTION_CHARS``, at most ``room``
    of them; the number of lines left out."""
    blocks: Blocks = []
    text = title
    shown = 0
    for line in lines:
        if len(text) + 1 + len(line) > SECTION_CHARS:
            if len(blocks) + 1 >= room:
                break
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
            text = line
        else:
            text = f"{text}\n{line}"
        shown += 1
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    return blocks, len(lines) - shown


def build(day: dt.date, rows: Iterable[Row], *, show_category: bool) -> Digest:
    """``day``'s digest from the booked days of today to Sunday (``digest_days`` rows:
    ``user_id``, ``display_name``, ``day``, ``portion``, ``category``)."""
    today: dict[int, tuple[str, set[str], set[str]]] = {}
    later: dict[int, tuple[str, dict[dt.date, set[str]], set[str]]] = {}
    for row in rows:
        uid, name = int(row["user_id"]), str(row["display_name"])
        if row["day"] == day:
            entry = today.setdefault(uid, (name, set(), set()))
            entry[1].add(str(row["portion"]))
            entry[2].add(str(row["category"]))
        elif row["day"] > day:
            later_entry = later.setdefault(uid, (name, {}, set()))
            later_entry[1].setdefault(row["day"], set()).add(str(row["portion"]))
            later_entry[2].add(str(row["category"]))

    def category(categories: set[str]) -> str:
        if not show_category:
            return ""
        return ", " + " and ".join(CATEGORY.get(c, c) for c in sorted(categories))

    today_lines = [
        f"• {escape(name)} — {PORTION_TODAY[_portion(portions)]}{category(cats)}"
        for name, portions, cats in sorted(today.values(), key=lambda e: e[0].lower())
    ]
    later_lines = [
        f"• {escape(name)} — "
        + ", ".join(f"{_label(d)}{PORTION_SHORT[_portion(p)]}" for d, p in sorted(days.items()))
        + category(cats)
        for name, days, cats in sorted(later.values(), key=lambda e: e[0].lower())
    ]
    title = f"Who's out · {day:%a} {day.day} {day:%b %Y}"
    blocks: Blocks = [
        {
            "type": "header",
            "block_id": block_id(day),
            "text": {"type": "plain_text", "text": title, "emoji": True},
        }
    ]
    if not today_lines and not later_lines:
        line = "Nobody is out today or later this week."
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line}})
        return Digest(day, f"{title}: {line}", blocks, 0, 0)
    left_out = 0
    if today_lines:
        made, cut = _sections(f"*Out today ({len(today_lines)})*", today_lines, MAX_SECTIONS)
        blocks.extend(made)
        left_out += cut
    else:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "Nobody is out today."}}
        )
    if later_lines:
        room = MAX_SECTIONS - (len(blocks) - 1)
        if room > 0:
            title_later = f"*Later this week ({len(later_lines)})*"
            made, cut = _sections(title_later, later_lines, room)
            blocks.extend(made)
            left_out += cut
        else:
            left_out += len(later_lines)
    notes = []
    if left_out:
        notes.append(f"…and {left_out} more (the admin dashboard lists everyone).")
    if not show_category:
        notes.append("Leave categories are private.")
    if notes:
        context = {"type": "mrkdwn", "text": " ".join(notes)}
        blocks.append({"type": "context", "elements": [context]})
    text = f"{title}: {len(today_lines)} out today, {len(later_lines)} later this week."
    return Digest(day, text, blocks, len(today_lines), len(later_lines))

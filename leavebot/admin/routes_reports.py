"""Reports: who is out (a day or a range) and days taken per person, month and category.

"Today" and "this year" are those of the company time zone in the runtime
config. Stats count a full day as 1 and a half day as 0.5 and leave out
cancelled days; they come as JSON, or as CSV with ``Accept: text/csv`` or
``?format=csv``.

In the CSV, no text a person wrote can be read as a formula (:func:`csv_cell`).
A spreadsheet reads a cell as a formula when it starts with ``=``, ``+``, ``-``
or ``@`` (or their full-width forms, which some locales' spreadsheets take
too); and a cell may start in the middle of our text, since a spreadsheet
whose locale separates lists with ``;`` (or an import that splits on commas or
tabs while ignoring quotes) splits a cell at ``,`` ``;`` or a tab, and at a
line break. So the text is cut at each of those separators, and each piece
whose first character, after spaces and double quotes, starts a formula gets
an apostrophe in front: the spreadsheet shows it as text whether it splits
there or not (``Bob;=1+1`` becomes ``Bob;'=1+1``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from aiohttp import web

from leavebot.admin.models import (
    OutDay,
    OutPerson,
    Stats,
    StatsQuery,
    WhosOut,
    WhosOutQuery,
)
from leavebot.admin.routing import Answer, Call, Route
from leavebot.admin.state import ctx
from leavebot.queries import Q

TAG = "reports"
CSV_TYPE = "text/csv"


async def company_today(call: Call) -> dt.date:
    config = await ctx(call.request).config.get()
    return config.calendar().local_date(dt.datetime.now(dt.UTC))


async def whos_out(call: Call) -> WhosOut:
    q = call.query_as(WhosOutQuery)
    if q.from_ is not None and q.to is not None:
        start, end = q.from_, q.to
    else:
        start = end = q.date or await company_today(call)
    rows = await ctx(call.request).db.fetch(Q.admin_whos_out, start, end)
    people: dict[int, dict[str, object]] = {}
    days: dict[int, list[OutDay]] = {}
    for r in rows:
        uid = r["user_id"]
        if uid not in people:
            people[uid] = {"slack_user_id": r["slack_user_id"], "display_name": r["display_name"]}
            days[uid] = []
        days[uid].append(
            OutDay(
                date=r["day"],
                portion=r["portion"],
                category=r["category"],
                status=r["status"],
                request_id=r["request_id"],
                day_id=r["id"],
            )
        )
    out = [
        OutPerson(
            user_id=uid,
            slack_user_id=str(info["slack_user_id"]),
            display_name=str(info["display_name"]),
            days=days[uid],
            total_days=sum(1.0 if d.portion == "full" else 0.5 for d in days[uid]),
        )
        for uid, info in people.items()
    ]
    return WhosOut(from_=start, to=end, people=out)


# A piece of a cell that a spreadsheet may read as a cell of its own: at the start, or
# after a separator it may split on (comma, semicolon, tab, line break); spaces and
# double quotes before a formula's first character do not make it text.
_FORMULA_PIECE = re.compile(r'(^|[,;\t\r\n])([ "]*[=+\-@＝＋－＠])')


def csv_cell(value: str) -> str:
    """``value`` with an apostrophe before each piece a spreadsheet would read as a
    formula (see the module docstring)."""
    return _FORMULA_PIECE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", value)


def stats_csv(stats: Stats) -> web.Response:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["user_id", "display_name", "month", "category", "days"])
    for row in stats.rows:
        writer.writerow(
            [row.user_id, csv_cell(row.display_name), row.month, row.category, f"{row.days:g}"]
        )
    return web.Response(
        text=buf.getvalue(),
        content_type=CSV_TYPE,
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="leave-stats.csv"'},
    )


def wants_csv(call: Call, q: StatsQuery) -> bool:
    if q.format is not None:
        return q.format == "csv"
    accept = call.request.headers.get("Accept", "")
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    return CSV_TYPE in kinds and "application/json" not in kinds


async def stats(call: Call) -> Stats | web.Response:
    q = call.query_as(StatsQuery)
    if q.from_ is None or q.to is None:
        today = await company_today(call)
        start = q.from_ or (q.to.replace(month=1, day=1) if q.to else today.replace(month=1, day=1))
        end = q.to or start.replace(month=12, day=31)
    else:
        start, end = q.from_, q.to
    rows = [dict(r) for r in await ctx(call.request).db.fetch(Q.admin_stats, start, end)]
    # Validated in one call (pydantic's core walks the rows, not Python code per row).
    result = Stats.model_validate(
        {"from_": start, "to": end, "rows": rows, "total_days": sum(r["days"] for r in rows)}
    )
    return stats_csv(result) if wants_csv(call, q) else result


ROUTES = [
    Route(
        "GET",
        "/api/whos-out",
        "whosOut",
        "Who is out on a day (default today) or in a range of at most 92 days",
        whos_out,
        TAG,
        (Answer(200, "people with their booked days", WhosOut),),
        query_model=WhosOutQuery,
    ),
    Route(
        "GET",
        "/api/stats",
        "leaveStats",
        "Days taken per person, month and category (JSON or CSV)",
        stats,
        TAG,
        (Answer(200, "the counts", Stats, csv=True),),
        query_model=StatsQuery,
        description=(
            "Default range: this calendar year (company time zone). A full day counts 1, "
            "a half day 0.5; cancelled days are left out. text/csv with Accept: text/csv "
            "or format=csv."
        ),
    ),
]

"""Public holidays: a region's (or the company's) holidays in a range, and the regions known.

``GET /api/holidays?from=&to=&region=`` lists the holidays that count for
someone of that region: the region's public holidays (the ``holidays``
package) and the ones admins added by hand (runtime config ``holidays``).
Without ``region`` it is the company's (config ``holiday_region``); without
dates, this calendar year in the company's time zone. An unknown region, a
malformed date or a reversed or too long range is a 400 that says what is
wrong. ``GET /api/holiday-regions`` lists every country and subdivision the
package knows, for ``holiday_region`` (config) and a person's region
(``PATCH /api/users/{id}``).
"""

from __future__ import annotations

import datetime as dt

from leavebot import public_holidays
from leavebot.admin.models import (
    HolidayOut,
    Holidays,
    HolidaysQuery,
    RegionList,
    RegionOut,
    Subdivision,
)
from leavebot.admin.routing import Answer, Call, Route
from leavebot.admin.state import ctx

TAG = "holidays"


async def list_holidays(call: Call) -> Holidays:
    q = call.query_as(HolidaysQuery)
    config = await ctx(call.request).config.get()
    if q.from_ is None or q.to is None:
        today = config.calendar().local_date(dt.datetime.now(dt.UTC))
        start = q.from_ or (q.to.replace(month=1, day=1) if q.to else today.replace(month=1, day=1))
        end = q.to or start.replace(month=12, day=31)
    else:
        start, end = q.from_, q.to
    region = q.region or config.holiday_region
    found: dict[dt.date, HolidayOut] = {}
    if region is not None:
        for day, name in public_holidays.holidays_between(region, start, end):
            found[day] = HolidayOut(date=day, name=name, source="public")
    company = config.calendar()
    for day in company.holidays:
        if start <= day <= end and day not in found:
            name = company.holiday_names.get(day) or "holiday"
            found[day] = HolidayOut(date=day, name=name, source="company")
    return Holidays(
        from_=start,
        to=end,
        region=region,
        region_name=public_holidays.region_name(region) if region else None,
        holidays=[found[d] for d in sorted(found)],
    )


async def list_regions(call: Call) -> RegionList:
    items = []
    for code, (name, _) in public_holidays.countries().items():
        subdivisions = [
            Subdivision(code=sub, name=sub_name)
            for sub, sub_name in public_holidays.subdivision_names(code).items()
        ]
        items.append(RegionOut(code=code, name=name, subdivisions=subdivisions))
    return RegionList(items=items)


ROUTES = [
    Route(
        "GET",
        "/api/holidays",
        "listHolidays",
        "The holidays of a region (default: the company's) in a range (default: this year)",
        list_holidays,
        TAG,
        (Answer(200, "the holidays, by date", Holidays),),
        query_model=HolidaysQuery,
        description=(
            "A region's public holidays (from the holidays package) and those admins added"
            " by hand (config holidays). region is a country code, optionally with a"
            " subdivision: IN, IN-KA, US-CA, GB-SCT. A range covers at most 1,098 days."
        ),
    ),
    Route(
        "GET",
        "/api/holiday-regions",
        "listHolidayRegions",
        "Every country (and its subdivisions) whose public holidays are known",
        list_regions,
        TAG,
        (Answer(200, "the countries, by code", RegionList),),
    ),
]

"""Public holidays by region, from the maintained ``holidays`` package.

A region is a country's ISO 3166-1 alpha-2 code, optionally with one of its
subdivisions as the ``holidays`` package names them: ``IN``, ``IN-KA``
(Karnataka), ``US-CA`` (California), ``GB-SCT`` (Scotland). The company has
one (runtime config ``holiday_region``) and an admin may give a person
another (``users.holiday_region``), which overrides it for that person.

Holidays are computed per region and year by the package and kept
(:func:`holidays_of`): a region's year is built once per process, then a
lookup is a dictionary read. Names are the package's English ones; two
holidays on one date come as one name joined with ``"; "``, as the package
gives them. Observed days ("Independence Day (observed)") count as holidays:
they are the days people are off.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

import holidays as holidays_package
from holidays import registry

_REGION = re.compile(r"^([A-Z]{2})(?:-([A-Z0-9]{1,5}))?$")
YEARS_KEPT = 64
"""Distinct (region, year) pairs kept in memory; a bot reads two or three years."""


class UnknownRegionError(ValueError):
    """A region the ``holidays`` package does not know, with what it does know."""


@functools.cache
def countries() -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """Every supported country: alpha-2 code -> (English name, subdivision codes)."""
    names: dict[str, str] = {}
    for entry in registry.COUNTRIES.values():
        class_name, code = entry[0], entry[1]
        names[code] = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
    supported = holidays_package.list_supported_countries()
    out = {
        code: (names.get(code, code), tuple(subdivisions))
        for code, subdivisions in supported.items()
        if len(code) == 2
    }
    return MappingProxyType(dict(sorted(out.items())))


@functools.cache
def subdivision_names(country: str) -> Mapping[str, str]:
    """A country's subdivision codes with their English names where the package has them."""
    known = countries().get(country)
    if known is None:
        return MappingProxyType({})
    aliases = holidays_package.country_holidays(country).subdivisions_aliases
    names: dict[str, str] = {}
    for name, code in aliases.items():
        if code not in names and name.isascii() and name != code:
            names[code] = name
    return MappingProxyType({code: names.get(code, code) for code in known[1]})


def parse_region(value: str) -> tuple[str, str | None]:
    """``("IN", "KA")`` from ``"IN-KA"``; :class:`UnknownRegionError` says what is wrong."""
    match = _REGION.match(value.strip().upper())
    if match is None:
        raise UnknownRegionError(
            f"{value!r} is not a region: give a country code, optionally with a subdivision"
            " (like IN, IN-KA, US-CA, GB-SCT)"
        )
    country, subdivision = match.group(1), match.group(2)
    known = countries().get(country)
    if known is None:
        raise UnknownRegionError(f"no public holidays are known for the country {country!r}")
    if subdivision is not None and subdivision not in known[1]:
        listed = ", ".join(known[1]) or "none"
        raise UnknownRegionError(
            f"{country} has no subdivision {subdivision!r}; known subdivisions: {listed}"
        )
    return country, subdivision


def normalize_region(value: str) -> str:
    """The canonical spelling of a valid region (``"in-ka"`` -> ``"IN-KA"``)."""
    country, subdivision = parse_region(value)
    return f"{country}-{subdivision}" if subdivision else country


def region_name(region: str) -> str:
    """``"India, Karnataka"`` for ``"IN-KA"``."""
    country, subdivision = parse_region(region)
    name = countries()[country][0]
    if subdivision is None:
        return name
    return f"{name}, {subdivision_names(country).get(subdivision, subdivision)}"


@functools.lru_cache(maxsize=YEARS_KEPT)
def holidays_of(region: str, year: int) -> Mapping[dt.date, str]:
    """The public holidays of ``region`` in ``year``: date -> name (read-only)."""
    country, subdivision = parse_region(region)
    found = holidays_package.country_holidays(
        country, subdiv=subdivision, years=year, language="en_US"
    )
    return MappingProxyType({day: str(name) for day, name in sorted(found.items())})


def holiday_name(region: str | None, day: dt.date) -> str | None:
    """The name of ``day``'s public holiday in ``region``, or None."""
    if region is None:
        return None
    return holidays_of(region, day.year).get(day)


def holidays_between(region: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """The public holidays of ``region`` from ``first`` to ``last`` (both included), by date."""
    out: list[tuple[dt.date, str]] = []
    for year in range(first.year, last.year + 1):
        out.extend((d, n) for d, n in holidays_of(region, year).items() if first <= d <= last)
    return out

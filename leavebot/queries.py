"""The registry of named SQL queries, loaded once from ``queries.sql``.

Every statement leavebot runs lives in ``queries.sql`` under a
``-- name: <name>`` header; code asks for it by name (``QUERIES["mailbox_claim"]``
or ``Q.mailbox_claim``). Values are always ``$n`` parameters, never formatted
into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib import resources

_HEADER = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_queries(text: str) -> dict[str, str]:
    """Split ``text`` into ``{name: sql}``; a name used twice is an error."""
    parts = _HEADER.split(text)
    queries: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = [ln for ln in body.strip().splitlines() if not ln.lstrip().startswith("--")]
        sql = "\n".join(lines).strip().rstrip(";").strip()
        if not sql:
            raise ValueError(f"query {name!r} is empty")
        if name in queries:
            raise ValueError(f"query {name!r} is defined twice")
        queries[name] = sql
    return queries


class QueryRegistry(Mapping[str, str]):
    """A read-only mapping of query names to SQL, with attribute access."""

    def __init__(self, queries: dict[str, str]) -> None:
        self._queries = queries

    def __getitem__(self, name: str) -> str:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no query named {name!r} in queries.sql") from None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)


def load() -> QueryRegistry:
    text = resources.files("leavebot").joinpath("queries.sql").read_text(encoding="utf-8")
    return QueryRegistry(parse_queries(text))


QUERIES = load()
Q = QUERIES

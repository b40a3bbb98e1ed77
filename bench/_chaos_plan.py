"""The chaos bench's plan: everything a run of ``bench/chaos.py`` does and when, drawn
from its seed alone, so ``--seed`` replays it."""

from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass
from typing import Any

# The workload's actions and their weights, and the faults injected, by name.
ACTIONS = {
    "request": 6,
    "half_day": 2,
    "confirm": 6,
    "double_click": 1,
    "stranger_click": 1,
    "cancel_button": 1,
    "supersede": 1,
    "expire": 1,
    "cancel_leave": 2,
    "redeliver": 1,
    "overlap": 2,
    "race_confirm": 2,
}
FAULTS = (
    "calendar_500",
    "calendar_429",
    "calendar_slow",
    "calendar_delete_500",
    "calendar_lost_answer",
    "harvest_500",
    "harvest_429",
    "harvest_slow",
    "slack_429_post",
    "slack_429_update",
)


@dataclass(frozen=True)
class Step:
    """One workload action, with every draw it may need made in advance: a person, a
    day (an index into the run's working days), a side of the day, and two fractions
    that pick among what the database offers when it runs (a pending request, a booked
    day, a delivered event; a stranger)."""

    at: float
    action: str
    user: int
    day: int
    side: str
    pick: float
    other: float

    def among(self, choices: list[Any]) -> Any:
        return choices[int(self.pick * len(choices))]


@dataclass(frozen=True)
class Plan:
    """Everything a run does and when (seconds after the workload starts), drawn from the
    seed and the arguments alone before anything runs: ``--seed`` replays it. Each kind
    of event has its own random stream (``"<seed>:<kind>"``). What an action finds in
    the database when its time comes (which requests are pending) depends on how fast
    the app went, so the targets of clicks may differ between replays; the actions,
    kills, faults, drops and the Postgres restart, and their times, do not."""

    steps: tuple[Step, ...]
    kills: tuple[tuple[float, int, float], ...]  # (at, which app, seconds down)
    faults: tuple[tuple[float, str], ...]
    drops: tuple[tuple[float, bool], ...]  # (at, abrupt drop: else a refresh request)
    pg_restart_at: float | None
    # (at, posts): every process down while people post, each post (person, day, pause)
    outage: tuple[float, tuple[tuple[int, int, float], ...]] | None

    @classmethod
    def make(cls, args: argparse.Namespace, apps: int, people: int, days: int) -> Plan:
        def stream(kind: str) -> random.Random:
            return random.Random(f"{args.seed}:{kind}")

        duration = args.duration
        rng = stream("actions")
        names, weights = list(ACTIONS), list(ACTIONS.values())
        steps: list[Step] = []
        at = 0.0
        while True:
            at += rng.uniform(0.05, 2 * args.action_every)
            if at >= duration:
                break
            steps.append(
                Step(
                    at=at,
                    action=rng.choices(names, weights)[0],
                    user=rng.randrange(people),
                    day=rng.randrange(days),
                    side=rng.choice(["morning", "afternoon"]),
                    pick=rng.random(),
                    other=rng.random(),
                )
            )
        rng = stream("kills")
        span = max(2.5, duration - 3)
        times = sorted(rng.uniform(2, span) for _ in range(args.kills))
        kills = tuple((t, rng.randrange(apps), rng.uniform(0.0, 1.0)) for t in times)
        rng = stream("faults")
        faults: list[tuple[float, str]] = []
        at = rng.expovariate(1 / args.fault_every)
        while at < duration - 3:
            faults.append((at, rng.choice(FAULTS)))
            at += rng.expovariate(1 / args.fault_every)
        rng = stream("drops")
        drops: list[tuple[float, bool]] = []
        at = rng.uniform(8, 16)
        while at < duration - 5:
            drops.append((at, rng.random() < 0.5))
            at += rng.uniform(8, 16)
        pg_at = duration * stream("pg").uniform(0.4, 0.6) if args.pg_restarts else None
        outage = None
        if args.outage_messages:
            rng = stream("outage")
            at = duration * rng.uniform(0.15, 0.3)
            posts = tuple(
                (rng.randrange(people), rng.randrange(days), rng.uniform(0.0, 0.5))
                for _ in range(args.outage_messages)
            )
            outage = (at, posts)
        return cls(tuple(steps), kills, tuple(faults), tuple(drops), pg_at, outage)

    def digest(self) -> str:
        """A short fingerprint: two runs with equal digests followed the same plan."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]

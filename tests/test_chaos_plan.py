"""The chaos bench's plan: drawn from the seed and the arguments alone, so ``--seed``
replays the same actions, kills, faults, drops and Postgres restart at the same times."""

from __future__ import annotations

import argparse

from bench._chaos_plan import ACTIONS, FAULTS, Plan


def args(**given: float) -> argparse.Namespace:
    values = {
        "seed": 42,
        "duration": 120.0,
        "kills": 20,
        "pg_restarts": 1,
        "action_every": 0.25,
        "fault_every": 2.0,
        "outage_messages": 5,
    }
    values.update(given)
    return argparse.Namespace(**values)


def make(apps: int = 1, **given: float) -> Plan:
    return Plan.make(args(**given), apps=apps, people=12, days=25)


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    first, again = make(), make()
    assert first == again
    assert first.digest() == again.digest()
    other = make(seed=43)
    assert other.steps != first.steps
    assert other.kills != first.kills
    assert other.faults != first.faults
    assert other.outage != first.outage
    assert other.digest() != first.digest()


def test_each_kind_of_event_has_its_own_stream() -> None:
    """Changing how many kills or faults there are moves nothing else: a replay with
    another --kills still sends the same messages at the same times."""
    base = make()
    fewer_kills = make(kills=3)
    assert fewer_kills.steps == base.steps
    assert fewer_kills.faults == base.faults
    assert fewer_kills.drops == base.drops
    assert fewer_kills.pg_restart_at == base.pg_restart_at
    assert fewer_kills.outage == base.outage
    more_faults = make(fault_every=0.5)
    assert more_faults.steps == base.steps
    assert more_faults.kills == base.kills
    split = make(apps=2)
    assert split.steps == base.steps
    assert {which for _, which, _ in split.kills} == {0, 1}


def test_the_plan_fills_the_run() -> None:
    plan = make()
    times = [s.at for s in plan.steps]
    assert times == sorted(times)
    assert times[0] > 0
    assert times[-1] < 120
    # About one action every 0.25 s on average, of every kind.
    assert 300 < len(plan.steps) < 700
    assert {s.action for s in plan.steps} == set(ACTIONS)
    assert all(0 <= s.user < 12 and 0 <= s.day < 25 for s in plan.steps)
    assert len(plan.kills) == 20
    assert all(2 <= at <= 117 and 0 <= down <= 1 for at, _, down in plan.kills)
    assert {name for _, name in plan.faults} == set(FAULTS)
    assert all(at < 117 for at, _ in plan.faults)
    assert plan.pg_restart_at is not None
    assert 48 <= plan.pg_restart_at <= 72
    assert make(pg_restarts=0).pg_restart_at is None


def test_the_outage_comes_early_with_its_posts_and_can_be_left_out() -> None:
    plan = make()
    assert plan.outage is not None
    at, posts = plan.outage
    assert 0.15 * 120 <= at <= 0.3 * 120
    assert len(posts) == 5
    assert all(0 <= user < 12 and 0 <= day < 25 and 0 <= pause <= 0.5 for user, day, pause in posts)
    assert make(outage_messages=0).outage is None

"""Benchmark of the durable channels (issue: foundation).

Measures, on one Postgres in one run:
- throughput through one channel (``msgs_per_s_inproc``: sender and receiver
  in this process; ``msgs_per_s_xproc``: the receiver in a second process),
  each message sent in its own transaction by 8 concurrent senders;
- send-to-handler latency p50/p99, in process and across processes, one
  message at a time;
- the floor: a bare asyncpg INSERT + NOTIFY until the listener hears it;
- the same throughput workload through pgqueuer (a peer).

Prints one JSON object as its last line:
``{"bench": "channel", "results": {...}}``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import anyio
import asyncpg
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._pg import ROOT, fresh_database
from leavebot.channels import Channels, Delivery
from leavebot.db import Database
from leavebot.messages import Ping

SENDERS = 8
SELF = str(Path(__file__).resolve())
BATCH = 32


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def send_many(channels: Channels, n: int) -> None:
    async def sender(start: int) -> None:
        for seq in range(start, n, SENDERS):
            await channels.send_now("probe", Ping(seq=seq, sent_at=time.time()))

    async with anyio.create_task_group() as tg:
        for i in range(SENDERS):
            tg.start_soon(sender, i)


async def receive(channels: Channels, n: int, latencies: list[float]) -> float:
    """Handle ``n`` pings; return the wall time when the last one was handled."""
    inbox = channels.inbox("probe", batch=BATCH, poll_interval_s=0.5)
    done = anyio.Event()
    count = 0
    last = 0.0

    async def handle(delivery: Delivery) -> None:
        nonlocal count, last
        message = delivery.message
        assert isinstance(message, Ping)
        latencies.append((time.time() - message.sent_at) * 1000)
        count += 1
        if count >= n:
            last = time.time()
            done.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(inbox.serve, handle)
        await done.wait()
        await anyio.sleep(0.05)  # let the last ack commit
        tg.cancel_scope.cancel()
    return last


async def trickle(channels: Channels, n: int, gap_s: float = 0.003) -> None:
    for seq in range(n):
        await channels.send_now("probe", Ping(seq=seq, sent_at=time.time()))
        await anyio.sleep(gap_s)


async def inproc(url: str, n: int, lat_n: int) -> dict[str, float]:
    db = await Database.open(url, min_size=4, max_size=12)
    try:
        channels = Channels(db)
        latencies: list[float] = []
        async with anyio.create_task_group() as tg:
            tg.start_soon(trickle, channels, lat_n)
            await receive(channels, lat_n, latencies)
        throughput_lat: list[float] = []
        start = time.time()
        async with anyio.create_task_group() as tg:
            tg.start_soon(send_many, channels, n)
            last = await receive(channels, n, throughput_lat)
        return {
            "msgs_per_s_inproc": n / (last - start),
            "p50_ms_inproc": statistics.median(latencies),
            "p99_ms_inproc": pct(latencies, 0.99),
        }
    finally:
        await db.close()


async def receiver_process(url: str, n: int) -> None:
    """The second process of the cross-process runs: prints latencies and the end time."""
    db = await Database.open(url, min_size=2, max_size=4)
    try:
        channels = Channels(db)
        latencies: list[float] = []
        async with anyio.create_task_group() as tg:
            await tg.start(channels.listen)
            print("ready", flush=True)
            last = await receive(channels, n, latencies)
            tg.cancel_scope.cancel()
        print(json.dumps({"last": last, "latencies": latencies}), flush=True)
    finally:
        await db.close()


async def run_receiver(url: str, n: int, sending: bool) -> tuple[float, list[float], float]:
    proc = await anyio.open_process(
        [sys.executable, SELF, "--receiver", url, str(n)],
        cwd=ROOT,
    )
    assert proc.stdout is not None
    lines = proc.stdout
    buffer = b""

    async def next_line() -> str:
        nonlocal buffer
        while b"\n" not in buffer:
            chunk = await lines.receive()
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        return line.decode()

    assert await next_line() == "ready"
    db = await Database.open(url, min_size=4, max_size=12)
    try:
        channels = Channels(db)
        start = time.time()
        if sending:
            await send_many(channels, n)
        else:
            await trickle(channels, n)
        result = json.loads(await next_line())
    finally:
        await db.close()
        await proc.wait()
    return start, result["latencies"], result["last"]


async def xproc(url: str, n: int, lat_n: int) -> dict[str, float]:
    _, latencies, _ = await run_receiver(url, lat_n, sending=False)
    start, _, last = await run_receiver(url, n, sending=True)
    return {
        "msgs_per_s_xproc": n / (last - start),
        "p50_ms_xproc": statistics.median(latencies),
        "p99_ms_xproc": pct(latencies, 0.99),
    }


async def floor(url: str, n: int) -> dict[str, float]:
    sender = await asyncpg.connect(url)
    listener = await asyncpg.connect(url)
    heard = asyncio.Event()
    try:
        await listener.add_listener("bench_floor", lambda *_: heard.set())
        samples: list[float] = []
        for _ in range(n):
            heard.clear()
            t0 = time.perf_counter()
            await sender.execute(
                "WITH ins AS (INSERT INTO mailbox (recipient, kind, payload)"
                " VALUES ('floor', 'ping', '{}'::jsonb) RETURNING id)"
                " SELECT pg_notify('bench_floor', id::text) FROM ins"
            )
            await heard.wait()
            samples.append((time.perf_counter() - t0) * 1000)
        return {"floor_p50_ms": statistics.median(samples)}
    finally:
        await sender.close()
        await listener.close()


async def pgqueuer_throughput(url: str, n: int) -> dict[str, float]:
    from pgqueuer import AsyncpgDriver, QueueManager
    from pgqueuer.models import Job
    from pgqueuer.queries import Queries

    logging.getLogger("pgqueuer").setLevel(logging.ERROR)
    conn = await asyncpg.connect(url)
    enq_conns = [await asyncpg.connect(url) for _ in range(SENDERS)]
    try:
        await Queries(AsyncpgDriver(conn)).install()
        qm = QueueManager(Queries(AsyncpgDriver(conn)))
        count = 0
        last = 0.0

        @qm.entrypoint("probe")
        async def handle(job: Job) -> None:
            nonlocal count, last
            count += 1
            if count >= n:
                last = time.time()
                qm.shutdown.set()

        async def sender(i: int) -> None:
            queries = Queries(AsyncpgDriver(enq_conns[i]))
            for seq in range(i, n, SENDERS):
                await queries.enqueue("probe", str(seq).encode())

        start = time.time()
        async with anyio.create_task_group() as tg:
            tg.start_soon(qm.run, datetime.timedelta(seconds=1), BATCH)
            for i in range(SENDERS):
                tg.start_soon(sender, i)
        return {"pgqueuer_msgs_per_s": n / (last - start)}
    finally:
        await conn.close()
        for c in enq_conns:
            await c.close()


async def main(n: int, lat_n: int) -> dict[str, float]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = await fresh_database("bench_channel")
    results: dict[str, float] = {}
    results.update(await floor(url, lat_n))
    results.update(await inproc(url, n, lat_n))
    results.update(await xproc(url, n, lat_n))
    pq_url = await fresh_database("bench_pgqueuer")
    results.update(await pgqueuer_throughput(pq_url, n))
    return {k: round(v, 3) for k, v in results.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--latency-samples", type=int, default=500)
    parser.add_argument("--receiver", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receiver:
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
        anyio.run(receiver_process, args.receiver[0], int(args.receiver[1]))
    else:
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        results = anyio.run(main, args.messages, args.latency_samples)
        print(json.dumps({"bench": "channel", "results": results}))

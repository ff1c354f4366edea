"""Notification outbox: delivery rate of one sender, and lag under escrow transitions.

    python bench/outbox.py [--notifications 2000] [--rate 100] [--seconds 10]

1. Throughput: `--notifications` rows queued up front (spread over 500 channels), then
   drained by one sender (`--concurrency` workers) through discord.py's HTTP client against
   a local stand-in API that answers with Discord's rate-limit headers (5 messages per
   channel per second here, a 429 with `retry_after` over it).
2. Lag: `--rate` real escrow transitions per second (FUNDS_HELD -> DELIVERED through
   `escrow_actions.mark_delivered`) for `--seconds`, each followed, as the cogs do, by two
   notifications (one per party, in their own transaction, announced with pg_notify); a
   listening sender delivers them. Lag = the stand-in's receipt - the row's commit. The
   transition also writes its trade-card row in its own transaction; the sender renders
   it (here: one message from the escrow's state, where the bot edits two cards), so the
   card lag is the receipt of that message - the transition's commit.

Each run starts a fresh embedded PostgreSQL in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discord.http import Route
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot import migrate
from bot.db import start_embedded, tortoise_config
from bot.outbox import HttpOnly, Sender, http_client
from models import escrow_actions
from models.enums import NotificationKind
from models.escrow import Escrow
from models.notification import Notification
from tests.fakes.discord_api import FakeDiscordApi, start

sys.path.insert(0, str(Path(__file__).resolve().parent))
from escrow_throughput import make_escrows


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def throughput(api: FakeDiscordApi, sender: Sender, n: int) -> None:
    async with in_transaction() as conn:
        for i in range(n):
            await Notification.queue(
                NotificationKind.POST, 100_000 + i % 500, {"content": f"t{i}"}, conn=conn,
                announce=False,
            )  # fmt: skip
    api.sent.clear()
    started = time.perf_counter()
    sent = 0
    while True:
        batch = await sender.drain(limit=n)
        sent += batch
        if not batch:
            break
    elapsed = time.perf_counter() - started
    print(
        f"throughput: {sent} notifications in {elapsed:.2f} s = {sent / elapsed:.0f}/s "
        f"(concurrency {sender.concurrency}; 429s answered by the stand-in: {api.rate_limited})"
    )


async def lag(api: FakeDiscordApi, sender: Sender, rate: int, seconds: int) -> None:
    ids, seller = await make_escrows(rate * seconds)
    committed: dict[str, float] = {}
    api.sent.clear()

    async def card(escrow_id: int, _payload: dict[str, object]) -> None:
        escrow = await Escrow.get(id=escrow_id)
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=300_000 + escrow_id)
        await http.request(route, json={"content": f"card{escrow_id}.{escrow.status.value}"})

    http = sender.client.http
    sender.handlers[NotificationKind.CARD] = card
    await sender.listen()
    backlog_max = 0

    async def transition(n: int, escrow_id: int) -> None:
        await escrow_actions.mark_delivered(escrow_id, by=seller, evidence={"text": "bench"})
        committed[f"card{escrow_id}.DELIVERED"] = time.perf_counter()
        for party in (0, 1):
            key = f"e{n}.{party}"
            await Notification.queue(NotificationKind.DM, 200_000 + 2 * n + party, {"content": key})
            committed[key] = time.perf_counter()

    started = time.perf_counter()
    running = []
    for n, escrow_id in enumerate(ids):
        due = started + n / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        running.append(asyncio.create_task(transition(n, escrow_id)))
        if n % rate == 0:
            backlog_max = max(backlog_max, (await Notification.backlog())[0])
    await asyncio.gather(*running)
    achieved = len(ids) / (time.perf_counter() - started)
    await api.wait_for(
        lambda: len({x.payload["content"] for x in api.sent}) >= len(committed), within=120
    )
    received: dict[str, float] = {}
    for s in api.sent:
        received.setdefault(s.payload["content"], s.at)
    for what, keys in (
        ("DMs", [k for k in committed if k.startswith("e")]),
        ("cards", [k for k in committed if k.startswith("card")]),
    ):
        lags = [(received[k] - committed[k]) * 1000 for k in keys]
        print(
            f"lag ({what}): {len(ids)} transitions at {achieved:.0f}/s, {len(lags)} sent; "
            f"lag ms p50 {statistics.median(lags):.0f}, p95 {pct(lags, 0.95):.0f}, "
            f"p99 {pct(lags, 0.99):.0f}, max {max(lags):.0f}"
        )
    print(f"backlog seen up to {backlog_max}")


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bloxtr8-bench-"))
    server = start_embedded(tmp / "pg")
    url = server.url  # the server stops when this process exits
    await migrate.upgrade(url)
    await Tortoise.init(config=tortoise_config(url, pool_min=4, pool_max=args.concurrency + 8))
    api = FakeDiscordApi(per_channel=5, window=1.0)
    runner, base = await start(api)
    http = await http_client("stand-in-token", api_base=base)
    try:
        sender = Sender(HttpOnly(http), concurrency=args.concurrency)
        await throughput(api, sender, args.notifications)
        await lag(api, sender, args.rate, args.seconds)
        await sender.stop()
    finally:
        await http.close()
        await runner.cleanup()
        await Tortoise.close_connections()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    asyncio.run(main(parser.parse_args()))

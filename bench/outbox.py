"""Notification outbox: delivery rate of one sender, and lag under escrow transitions.

    python bench/outbox.py [--notifications 2000] [--rate 100] [--seconds 10] \
        [--generators 2] [--senders 2] [--concurrency 4]

1. Throughput (in this process; `--notifications 0` skips it): `--notifications` rows
   queued up front (spread over 500 channels), then drained by one sender
   (`--concurrency` workers) through discord.py's HTTP client against a local stand-in
   API that answers with Discord's rate-limit headers (5 messages per channel per second
   here, a 429 with `retry_after` over it).
2. Lag, with every part in its own process: `--generators` processes make `--rate` real
   escrow transitions per second between them for `--seconds` (FUNDS_HELD -> DELIVERED
   through `escrow_actions.mark_delivered`, as the escrow cog calls it: the transaction
   writes the escrow's trade-card row and, through `then=`, the buyer's DM with
   `bot.ui.notify.tell`; each escrow has its own buyer and seller), and `--senders`
   processes deliver them (each a `Sender` that LISTENs, as `bloxtr8 worker` does, and
   drains every second as the outbox job's safety net). The stand-in API runs in this
   process and notes each message's arrival; a generator notes each transition's commit.
   The sender renders a card row as two messages (the bot edits both parties' cards)
   from the escrow's state now. Lag = arrival - commit, per kind (DM, card).

Printed: transitions/s achieved, notification rows written/s and delivered/s (over the
generation window), lag p50/p95/p99/max per kind, the backlog while generating and at the
end. Each run starts a fresh embedded PostgreSQL in a temporary directory unless given
`--database-url` (an empty database: it is migrated and filled).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discord.http import Route
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot import migrate
from bot.db import orm, start_embedded, tortoise_config
from bot.outbox import HttpOnly, Sender, http_client
from models import Contract, Guild, Listing, Offer, User, escrow_actions
from models.enums import (
    ContractStatus,
    EscrowStatus,
    ListingStatus,
    NotificationKind,
    NotificationStatus,
    OfferStatus,
)
from models.escrow import Escrow
from models.notification import Notification
from tests.fakes.discord_api import FakeDiscordApi, start

ROOT = Path(__file__).resolve().parents[1]
BUYER_BASE = 10_000_000  # discord ids of the parties: buyer, seller 2 apart (DM channel = id + 1)
CARD_BASE = 300_000_000  # channels of the stand-in trade cards


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


# --------------------------------------------------------------------------- lag


async def make_trades(n: int) -> list[int]:
    """n funded escrows, each between its own buyer and seller (their DMs are their own
    channels, each with Discord's per-channel limit, as with real people)."""
    guild = await Guild.create(discord_id=3, name="Bench")
    ids = []
    async with in_transaction() as conn:
        for i in range(n):
            buyer = await User.create(
                discord_id=BUYER_BASE + 4 * i, username=f"b{i}", using_db=conn
            )
            seller = await User.create(
                discord_id=BUYER_BASE + 4 * i + 2, username=f"s{i}", using_db=conn
            )
            listing = await Listing.create(
                title=f"Asset {i}",
                summary="x",
                price=10_000,
                category="GAME",
                status=ListingStatus.INACTIVE,
                seller=seller,
                guild=guild,
                using_db=conn,
            )
            offer = await Offer.create(
                listing=listing,
                buyer=buyer,
                seller=seller,
                made_by=buyer,
                amount=10_000,
                status=OfferStatus.ACCEPTED,
                expires_at="2030-01-01T00:00:00+00:00",
                using_db=conn,
            )
            contract = await Contract.create(
                offer=offer,
                listing=listing,
                buyer=buyer,
                seller=seller,
                amount=10_000,
                template_version="1",
                status=ContractStatus.EXECUTED,
                using_db=conn,
            )
            escrow = await Escrow.open_for_contract(
                contract,
                rail_threshold_cents=1_000_000,
                fee_bps=500,
                guild_id=guild.id,
                using_db=conn,
            )
            escrow.status = EscrowStatus.FUNDS_HELD
            await escrow.save(using_db=conn, update_fields=["status"])
            ids.append(escrow.id)
    return ids  # fmt: skip


class Writer:
    """What `bot.ui.notify` needs of a client in a process that only writes rows."""

    def __init__(self) -> None:
        self.outbox = Sender(HttpOnly(None), sends=False)  # type: ignore[arg-type]
        self.allowed_mentions = None


async def generate(args: argparse.Namespace) -> None:
    """One generator process: its share of the escrows, at `--rate` a second from
    `--start-at` (wall clock), each transition in a task of its own (an open loop: a slow
    database shows as a lower rate achieved, not as a slower schedule)."""
    from bot.ui.notify import tell

    ids: list[int] = json.loads(Path(args.ids).read_bytes())[args.part :: args.parts]  # noqa: ASYNC240
    client = Writer()
    commits: dict[int, float] = {}
    errors = 0
    async with orm(args.database_url, pool_min=2, pool_max=args.pool):
        sellers = {
            e.id: e.seller_id for e in await Escrow.filter(id__in=ids).only("id", "seller_id")
        }
        users = {u.id: u for u in await User.filter(id__in=list(sellers.values()))}

        async def tell_buyer(done: Escrow, conn: Any) -> None:  # as the escrow cog's
            await tell(
                client,  # type: ignore[arg-type]
                done.buyer_id,
                content=f"The seller says escrow #{done.id} was delivered.\nCheck it on "
                "Roblox, then press **Confirm delivery** on your trade card.",
                conn=conn,
            )

        async def transition(escrow_id: int) -> None:
            nonlocal errors
            try:
                await escrow_actions.mark_delivered(
                    escrow_id,
                    by=users[sellers[escrow_id]],
                    evidence={"text": "bench"},
                    then=tell_buyer,
                )
            except Exception as exc:
                errors += 1
                print(f"transition {escrow_id} failed: {exc!r}", file=sys.stderr)
                return
            commits[escrow_id] = time.time()

        print("ready", flush=True)  # then wait for the common start time on stdin
        start_at = float(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline))
        running = []
        await asyncio.sleep(max(0.0, start_at - time.time()))
        for n, escrow_id in enumerate(ids):
            await asyncio.sleep(max(0.0, start_at + n / args.rate - time.time()))
            running.append(asyncio.create_task(transition(escrow_id)))
        await asyncio.gather(*running)
    print(json.dumps({"commits": commits, "errors": errors}), flush=True)


async def send(args: argparse.Namespace) -> None:
    """One sender process until SIGTERM: LISTEN, and drain every second."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with orm(args.database_url, pool_min=2, pool_max=args.pool):
        http = await http_client("stand-in-token", api_base=args.api_base)
        sender = Sender(HttpOnly(http), concurrency=args.concurrency)

        async def card(escrow_id: int, _payload: dict[str, object]) -> None:
            escrow = await Escrow.get(id=escrow_id)
            for party in (0, 1):  # both parties' cards
                channel_id = CARD_BASE + 2 * escrow_id + party
                route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
                await http.request(
                    route, json={"content": f"card{escrow_id}.{escrow.status.value}"}
                )

        sender.handlers[NotificationKind.CARD] = card
        await sender.listen()
        print("ready", flush=True)
        try:
            while not stop.is_set():
                await sender.drain()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            await sender.stop()
            await http.close()
    print(json.dumps({"sent": sender.sent}), flush=True)


CHILDREN: list[asyncio.subprocess.Process] = []


async def spawn(*argv: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        *argv,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    CHILDREN.append(process)
    return process


async def lag(args: argparse.Namespace, url: str, api: FakeDiscordApi, base: str) -> None:
    """The lag part; the processes it started are stopped whatever happens."""
    try:
        await measure_lag(args, url, api, base)
    finally:
        for process in CHILDREN:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def measure_lag(args: argparse.Namespace, url: str, api: FakeDiscordApi, base: str) -> None:
    total = int(args.rate * args.seconds)
    made = time.perf_counter()
    ids = await make_trades(total)
    # Opening wrote each escrow's first trade-card row: not part of the measurement.
    await Notification.filter(status=NotificationStatus.PENDING).delete()
    print(f"set-up: {total} funded escrows in {time.perf_counter() - made:.1f} s")
    ids_file = Path(tempfile.mkdtemp(prefix="bloxtr8-bench-ids-")) / "ids.json"
    ids_file.write_text(json.dumps(ids))
    api.sent.clear()
    common = ("--database-url", url)
    senders = [
        await spawn(
            "--role", "send", *common, "--api-base", base,
            "--concurrency", str(args.concurrency), "--pool", str(args.concurrency + 8),
        )
        for _ in range(args.senders)
    ]  # fmt: skip
    for process in senders:
        assert process.stdout is not None
        assert (await process.stdout.readline()).strip() == b"ready"
    generators = [
        await spawn(
            "--role", "generate", *common, "--ids", str(ids_file),
            "--part", str(k), "--parts", str(args.generators),
            "--rate", str(args.rate / args.generators), "--pool", str(args.pool),
        )
        for k in range(args.generators)
    ]  # fmt: skip
    for process in generators:
        assert process.stdout is not None
        assert (await process.stdout.readline()).strip() == b"ready"
    start_at = time.time() + 0.5
    for process in generators:
        assert process.stdin is not None
        process.stdin.write(f"{start_at!r}\n".encode())
        await process.stdin.drain()
    backlog_max = 0
    outputs = [asyncio.create_task(p.communicate()) for p in generators]
    while not all(o.done() for o in outputs):
        await asyncio.wait(outputs, timeout=1.0)
        backlog_max = max(backlog_max, (await Notification.backlog())[0])
    backlog_then, _ = await Notification.backlog()
    commits: dict[int, float] = {}
    errors = 0
    for output in outputs:
        result = json.loads(output.result()[0].decode().strip().splitlines()[-1])
        commits.update({int(k): v for k, v in result["commits"].items()})
        errors += result["errors"]
    window = max(commits.values()) - start_at if commits else 0.0
    window_start = dt.datetime.fromtimestamp(start_at, dt.UTC)
    window_end = dt.datetime.fromtimestamp(start_at + window, dt.UTC)
    mine = Notification.filter(created_at__gte=window_start)  # not the throughput part's
    delivered = await mine.filter(status=NotificationStatus.SENT, sent_at__lte=window_end).count()
    written = await mine.count()
    expected = 3 * len(commits)  # a DM and two card messages each
    with contextlib.suppress(TimeoutError):
        await api.wait_for(lambda: len(api.sent) >= expected, within=args.drain)
    # Arrival times on the wall clock (the stand-in notes perf_counter; same process).
    offset = time.time() - time.perf_counter()
    last_arrival = max((s.at + offset for s in api.sent), default=start_at)
    drained_after = last_arrival - max(commits.values(), default=start_at)
    # A message can arrive a moment before its sender records it as sent.
    settle = time.perf_counter() + 5.0
    backlog_end, oldest = await Notification.backlog()
    while backlog_end and time.perf_counter() < settle:
        await asyncio.sleep(0.2)
        backlog_end, oldest = await Notification.backlog()
    for process in senders:
        process.send_signal(signal.SIGTERM)
    sent_rows = 0
    for process in senders:
        out, _ = await process.communicate()
        sent_rows += json.loads(out.decode().strip().splitlines()[-1])["sent"]
    arrived: dict[str, dict[int, float]] = {"DM": {}, "card": {}}
    for s in api.sent:
        content = s.payload.get("content") or ""
        if content.startswith("card") and content.endswith(".DELIVERED"):
            escrow_id = int(content[4:].split(".")[0])
            arrived["card"].setdefault(escrow_id, s.at + offset)  # the first of its two
        elif (found := re.search(r"escrow #(\d+) was delivered", content)) is not None:
            arrived["DM"].setdefault(int(found.group(1)), s.at + offset)
    in_window = sum(1 for s in api.sent if s.at + offset <= start_at + window)
    print(
        f"lag: {args.generators} generator(s), {args.senders} sender(s) x {args.concurrency}; "
        f"{len(commits)} transitions in {window:.1f} s = {len(commits) / max(window, 1e-9):.1f}/s "
        f"(asked {args.rate}/s; {errors} failed)"
    )
    print(
        f"notifications: {written} rows written = {written / max(window, 1e-9):.1f}/s, "
        f"{delivered} delivered while generating = {delivered / max(window, 1e-9):.1f}/s, "
        f"{sent_rows} in all; messages arrived: {len(api.sent)}, {in_window} while generating "
        f"= {in_window / max(window, 1e-9):.1f}/s (429s answered: {api.rate_limited})"
    )
    for kind, times in arrived.items():
        lags = [(times[e] - c) * 1000 for e, c in commits.items() if e in times]
        missing = len(commits) - len(lags)
        if not lags:
            print(f"lag {kind}: nothing arrived ({missing} missing)")
            continue
        print(
            f"lag {kind} (commit -> arrival) ms: p50 {pct(lags, 0.5):.0f}, "
            f"p95 {pct(lags, 0.95):.0f}, p99 {pct(lags, 0.99):.0f}, max {max(lags):.0f}; "
            f"{len(lags)} arrived, {missing} missing"
        )
    print(
        f"backlog (pending rows): up to {backlog_max} while generating, {backlog_then} when "
        f"the generators finished, {backlog_end} at the end"
        + (f" (oldest {oldest:.1f} s)" if backlog_end else "")
        + f"; the last message arrived {drained_after:.1f} s after the last commit"
    )


async def main(args: argparse.Namespace) -> None:
    if args.role == "generate":
        await generate(args)
        return
    if args.role == "send":
        await send(args)
        return
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    connections = args.generators * args.pool + (args.senders + 1) * (args.concurrency + 8)
    if connections > 95:  # PostgreSQL's default max_connections is 100
        print(f"warning: up to {connections} database connections; lower --pool or --concurrency")
    url = args.database_url
    if url is None:
        tmp = Path(tempfile.mkdtemp(prefix="bloxtr8-bench-"))
        server = start_embedded(tmp / "pg")
        url = server.url  # the server stops when this process exits
    await migrate.upgrade(url)
    await Tortoise.init(config=tortoise_config(url, pool_min=4, pool_max=args.concurrency + 8))
    api = FakeDiscordApi(per_channel=5, window=1.0)
    runner, base = await start(api)
    http = await http_client("stand-in-token", api_base=base)
    try:
        if args.notifications:
            sender = Sender(HttpOnly(http), concurrency=args.concurrency)
            await throughput(api, sender, args.notifications)
            await sender.stop()
        await lag(args, url, api, base)
    finally:
        await http.close()
        await runner.cleanup()
        await Tortoise.close_connections()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4, help="workers per sender")
    parser.add_argument("--rate", type=float, default=100, help="transitions a second in all")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--generators", type=int, default=2, help="transition processes")
    parser.add_argument("--senders", type=int, default=2, help="sender processes")
    parser.add_argument("--drain", type=float, default=60.0, help="seconds to wait for the rest")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: embedded)")
    parser.add_argument("--pool", type=int, default=10, help="pool size of a generator")
    # The processes this one starts:
    parser.add_argument(
        "--role", choices=("main", "generate", "send"), default="main", help=argparse.SUPPRESS
    )
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    asyncio.run(main(parsed))

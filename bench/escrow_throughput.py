"""Escrow transitions and verified webhook events per second, beside pgbench's TPC-B.

    python bench/escrow_throughput.py [--escrows 6000] [--real-events 2000] [--concurrency 16]
        [--seconds 10] [--uvloop] [--profile-webhooks FILE]

Starts a fresh embedded PostgreSQL, applies the migrations, and measures on one bot
process:

* transitions/s — `escrow_actions.mark_delivered` (guard, version-checked update, delivery
  row, escrow event, audit entry): its two-statement path (`models.fastpath`), then the ORM
  transaction (row lock, ...) with and without the audit write;
* webhook events/s — signed Stripe events through the bot's own HTTP endpoint: signature
  check, raw store under the unique event id, processing under a row lock, marked done.
  Two kinds, neither needing a provider call: `charge.refunded` for charges that aren't
  ours (the bare ingest), and a real transition: `charge.refunded` in full (a refund made
  from the Stripe dashboard) for one of our FUNDS_HELD escrows, which moves it to REFUNDED
  (escrow event, audit entry) — every one checked afterwards. `--profile-webhooks FILE`
  writes a cProfile of the bot process while the other process sends the real events;
* pgbench TPC-B (scale 10) on the same server in the same run, for the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import platform
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
from pydantic import SecretStr
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot import migrate
from bot.config import Settings
from bot.db import libpq_url, start_embedded, tortoise_config
from models import (
    AuditLog,
    Contract,
    Escrow,
    Guild,
    Listing,
    Offer,
    User,
    escrow_actions,
    fastpath,
)
from models.audit import seal_pending
from models.enums import ContractStatus, EscrowStatus, ListingStatus, OfferStatus
from models.escrow import StripeEscrow

SECRET = "whsec_bench"


async def make_escrows(n: int) -> tuple[list[int], User]:
    """n funded escrows between two users (rows created directly, in bulk)."""
    seller = await User.create(discord_id=1, username="seller")
    buyer = await User.create(discord_id=2, username="buyer")
    guild = await Guild.create(discord_id=3, name="Bench")
    ids = []
    async with in_transaction() as conn:
        for i in range(n):
            listing = await Listing.create(
                title=f"Asset {i}", summary="x", price=10_000, category="GAME",
                status=ListingStatus.INACTIVE, seller=seller, guild=guild, using_db=conn,
            )  # fmt: skip
            offer = await Offer.create(
                listing=listing, buyer=buyer, seller=seller, made_by=buyer, amount=10_000,
                status=OfferStatus.ACCEPTED, expires_at="2030-01-01T00:00:00+00:00",
                using_db=conn,
            )  # fmt: skip
            contract = await Contract.create(
                offer=offer, listing=listing, buyer=buyer, seller=seller, amount=10_000,
                template_version="1", status=ContractStatus.EXECUTED, using_db=conn,
            )  # fmt: skip
            escrow = await Escrow.open_for_contract(
                contract, rail_threshold_cents=1_000_000, fee_bps=500, guild_id=guild.id,
                using_db=conn,
            )  # fmt: skip
            escrow.status = EscrowStatus.FUNDS_HELD
            await escrow.save(using_db=conn, update_fields=["status"])
            ids.append(escrow.id)
    return ids, seller


async def transitions(ids: list[int], seller: User, concurrency: int) -> float:
    queue = list(ids)
    done = 0

    async def worker() -> None:
        nonlocal done
        while queue:
            escrow_id = queue.pop()
            await escrow_actions.mark_delivered(escrow_id, by=seller, evidence={"text": "bench"})
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - start)


async def webhooks(
    url: str, n: int, concurrency: int, prefix: str = "bench", charges: list[str] | None = None
) -> float:
    """n signed `charge.refunded` events: for charges that aren't ours, or (`charges`) full
    refunds of our escrows' charges (10,000 cents each, as `make_escrows` opens them)."""
    import stripe

    payloads = []
    for i in range(n):
        charge = (
            {"id": charges[i], "object": "charge", "amount_refunded": 10_000, "refunded": True}
            if charges is not None
            else {"id": f"ch_{prefix}_{i}", "object": "charge", "amount_refunded": 1}
        )
        event = {
            "id": f"evt_{prefix}_{i}",
            "object": "event",
            "type": "charge.refunded",
            "created": int(time.time()),
            "data": {"object": charge},
        }
        body = json.dumps(event).encode()
        ts = int(time.time())
        sig = stripe.WebhookSignature._compute_signature(f"{ts}.{body.decode()}", SECRET)
        payloads.append((body, f"t={ts},v1={sig}"))
    queue = list(payloads)

    async def worker(session: aiohttp.ClientSession) -> None:
        while queue:
            body, signature = queue.pop()
            async with session.post(url, data=body, headers={"Stripe-Signature": signature}) as r:
                assert r.status == 200, await r.text()

    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return n / (time.perf_counter() - start)


def _send_all(url: str, n: int, concurrency: int, charges: list[str] | None = None) -> float:
    """`webhooks` on its own event loop, for a process of its own (as Stripe is not the bot)."""
    return asyncio.run(
        webhooks(url, n, concurrency, "apart" if charges is None else "rapart", charges)
    )


def pgbench(bin_dir: Path, url: str, seconds: int, clients: int) -> float:
    exe = str(bin_dir / "pgbench")
    subprocess.run([exe, "-i", "-q", "-s", "10", url], check=True, capture_output=True)
    out = subprocess.run(
        [exe, "-c", str(clients), "-j", "2", "-T", str(seconds), url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    match = re.search(r"tps = ([0-9.]+)", out)
    assert match, out
    return float(match.group(1))


async def main(args: argparse.Namespace) -> None:
    from bot.app import create_bot
    from bot.web import WebServer

    tmp = Path(tempfile.mkdtemp(prefix="bloxtr8-bench-"))
    server = start_embedded(tmp / "pg")
    url = server.url
    try:
        await migrate.upgrade(url)
        await Tortoise.init(
            config=tortoise_config(
                url, pool_min=4, pool_max=args.concurrency + 4, light_release=True
            )
        )
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )

        ids, seller = await make_escrows(args.escrows + 2 * args.real_events)
        ids, real = ids[: args.escrows], ids[args.escrows :]
        charges = {eid: f"ch_real_{eid}" for eid in real}
        for eid, charge in charges.items():
            await StripeEscrow.filter(escrow_id=eid).update(
                charge_id=charge, amount_received=10_000
            )
        real_here, real_apart = list(charges.values())[::2], list(charges.values())[1::2]
        third = len(ids) // 3
        with_audit = await transitions(ids[:third], seller, args.concurrency)
        fastpath.ENABLED = False  # the plain ORM transaction, with and without its audit row
        orm_path = await transitions(ids[third : 2 * third], seller, args.concurrency)

        real_record = AuditLog.record

        async def no_audit(*_: Any, **__: Any) -> None:
            return None

        AuditLog.record = no_audit  # type: ignore[method-assign,assignment]
        try:
            without_audit = await transitions(ids[2 * third :], seller, args.concurrency)
        finally:
            AuditLog.record = real_record  # type: ignore[method-assign]
            fastpath.ENABLED = True
        sealed_start = time.perf_counter()
        sealed = await seal_pending(batch_size=2000)
        seal_rate = sealed / (time.perf_counter() - sealed_start)

        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            stripe_webhook_secret=SecretStr(SECRET),
            stripe_secret_key=SecretStr("sk_test_bench"),
        )
        bot = create_bot(settings)
        from bot.rails.stripe_rail import StripeRail

        rail = StripeRail(settings)
        web = WebServer(bot, rail)
        await web.start("127.0.0.1", 0)
        try:
            hook_url = f"http://127.0.0.1:{web.port}/webhooks/stripe"
            events = await webhooks(hook_url, args.events, args.concurrency)
            # The sender in another process: the bot's process only receives, as in production.
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=1) as pool:
                events_apart = await asyncio.get_running_loop().run_in_executor(
                    pool, _send_all, hook_url, args.events, args.concurrency
                )  # fmt: skip
                real_events = await webhooks(
                    hook_url, len(real_here), args.concurrency, "real", real_here
                )
                profile = cProfile.Profile() if args.profile_webhooks else None
                if profile is not None:
                    profile.enable()
                real_events_apart = await asyncio.get_running_loop().run_in_executor(
                    pool, _send_all, hook_url, len(real_apart), args.concurrency, real_apart
                )  # fmt: skip
                if profile is not None:
                    profile.disable()
                    out = io.StringIO()
                    stats = pstats.Stats(profile, stream=out)
                    stats.sort_stats("cumulative").print_stats(60)
                    stats.sort_stats("tottime").print_stats(30)
                    await asyncio.to_thread(Path(args.profile_webhooks).write_text, out.getvalue())
            refunded = await Escrow.filter(id__in=real, status=EscrowStatus.REFUNDED).count()
            assert refunded == len(real), f"{refunded} of {len(real)} escrows refunded"
        finally:
            await web.stop()
            await rail.close()
            await bot.roblox.close()
        await Tortoise.close_connections()

        tps = pgbench(server.bin_dir, libpq_url(url), args.seconds, args.concurrency)
        print(f"event loop: {type(asyncio.get_running_loop()).__name__}")
        print(f"escrow transitions/s (lock+event+audit): {with_audit:8.0f}")
        print(f"  the same through the ORM transaction:  {orm_path:8.0f}")
        print(f"  ORM transaction without its audit row: {without_audit:8.0f}")
        print(f"audit rows sealed/s (hash chain):        {seal_rate:8.0f}")
        print(f"verified webhook events/s:               {events:8.0f}")
        print(f"  with the sender in another process:    {events_apart:8.0f}")
        print(f"webhook transitions/s (FUNDS_HELD→REFUNDED): {real_events:4.0f}")
        print(f"  with the sender in another process:    {real_events_apart:8.0f}")
        print(f"pgbench TPC-B tps (same server, -c {args.concurrency}):  {tps:8.0f}")
        print(f"ratio transitions / TPC-B:               {with_audit / tps:8.2f}")
        print(f"ratio webhooks / TPC-B:                  {events / tps:8.2f}")
        print(
            f"audit write costs {100 * (1 - orm_path / without_audit):.0f}% "
            "of the ORM transaction's throughput"
        )
    finally:
        server.release()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--escrows", type=int, default=6000)
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument(
        "--real-events", type=int, default=2000, help="refund events per sender (two senders)"
    )
    parser.add_argument("--profile-webhooks", default=None, help="write a cProfile here")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop (when installed)")
    parsed = parser.parse_args()
    if parsed.uvloop:
        import uvloop

        uvloop.run(main(parsed))
    else:
        asyncio.run(main(parsed))

"""Command latency while the background jobs drain the scale seed's backlog.

    python bench/commands_under_jobs.py --scale 1 [--members 32] [--seconds 20]
    python bench/commands_under_jobs.py --scale 20 --data-dir DIR   # 1M listings, kept in DIR

Starts an embedded PostgreSQL (kept in `--data-dir` and reused when given), applies the
migrations and loads `bot.seed.seed_scale(url, scale)` (scale 20 = 1M listings; the seed
leaves offers past their expiry and escrows due for release). Then `--members` signed-up
members of one seeded guild issue commands at once, back to back (or with a random pause
of mean `--think-ms` between one member's commands), for `--seconds`, in two
phases: with the jobs paused, then while the jobs drain the backlog. Per command it prints
p50/p99 in ms, and the jobs' drain rate (offers expired per second).

What runs is each command's database work and reply building, exactly as the cogs call it
(not the Discord round trip: simcord runs one operation at a time, so 32 members at once
can't go through it yet):

* `/listing search`: the guild lookup, `Listing.search` for one page (6 rows);
* `/listing view`: guild and viewer lookups, `Listing.visible`, `details_embed`;
* `/offer make`: `User.require`, `Offer.make` (the fast path in its plain case);
* `/profile`: `User.for_profile`, `trade_stats`, `dispute_record`.

The jobs are the real job functions, back to back (as a catching-up bot would run them):
`jobs.expire_offers` (batches of 100, one statement each, catching up for at most 5 s per
run and pausing as long as each batch took; each expired offer's listing read as the cog's
notice does, no Discord message) and `jobs.seal_audit`. The bot runs the expiry job once a
minute; here its runs follow each other at once, the most it can take from interactions.
Escrow releases are not included (each needs a Stripe transfer call).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise, connections

from bot import jobs, migrate
from bot.cogs.listings.embeds import details_embed
from bot.db import start_embedded, tortoise_config
from bot.seed import seed_scale
from models import Guild, Listing, Offer, User
from models.base import utcnow
from models.dispute import dispute_record
from models.enums import KycTier, OfferStatus
from models.errors import DomainError

WORDS = ["tycoon", "simulator", "obby", "sword", "neon", "valkyrie", "zzqx", None, None]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs)) - 1))] if xs else float("nan")


async def backlog() -> int:
    return await Offer.filter(status=OfferStatus.PENDING, expires_at__lte=utcnow()).count()


async def phase(
    members: list[User],
    guild: Guild,
    listing_ids: list[int],
    seconds: float,
    rng: random.Random,
    think_ms: float,
) -> tuple[dict[str, list[float]], int]:
    lat: dict[str, list[float]] = {"listing search": [], "listing view": [], "offer make": []}
    lat["profile"] = []
    refused = 0

    async def search(u: User) -> None:
        g = await Guild.get_or_none(discord_id=guild.discord_id)
        await Listing.search(rng.choice(WORDS), None, None, None, g.id if g else None, limit=6)

    async def view(u: User) -> None:
        g = await Guild.get_or_none(discord_id=guild.discord_id)
        viewer = await User.by_discord_id(u.discord_id)
        listing = await Listing.visible(
            rng.choice(listing_ids), g.id if g else None, viewer_id=viewer.id if viewer else None
        )
        await details_embed(listing)

    async def offer(u: User) -> None:
        buyer = await User.require(u.discord_id)
        lid = rng.choice(listing_ids)
        await Offer.make(lid, buyer, 100, None, None, rail_threshold_cents=1_000_000,
                         guild_id=guild.id)  # fmt: skip

    async def profile(u: User) -> None:
        account = await User.for_profile(u.discord_id)
        assert account is not None
        await account.trade_stats()
        await dispute_record(account.id)

    commands: dict[str, Callable[[User], Awaitable[None]]] = {
        "listing search": search,
        "listing view": view,
        "offer make": offer,
        "profile": profile,
    }
    end = time.perf_counter() + seconds

    async def member(u: User) -> None:
        nonlocal refused
        while time.perf_counter() < end:
            name = rng.choice(list(commands))
            start = time.perf_counter()
            try:
                await commands[name](u)
            except DomainError:
                refused += 1  # a refusal is a reply too (e.g. the listing isn't visible here)
            lat[name].append((time.perf_counter() - start) * 1000)
            if think_ms:
                await asyncio.sleep(rng.uniform(0, 2 * think_ms) / 1000)

    lags: list[float] = []

    async def loop_lag() -> None:  # how late a 10 ms timer fires: the event loop held up
        while time.perf_counter() < end:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append((time.perf_counter() - start - 0.01) * 1000)

    await asyncio.gather(loop_lag(), *(member(u) for u in members))
    lat["(event loop lag)"] = lags
    return lat, refused


async def drain(stop: asyncio.Event, done: dict[str, float]) -> None:
    async def told(offer: Offer) -> None:
        await offer.listing  # what the cog's notice reads before it messages both parties

    while not stop.is_set():
        start = time.perf_counter()
        expired = await jobs.expire_offers(told)
        await jobs.seal_audit()
        done["expired"] += expired
        done["steps"] += 1
        done["longest_step_ms"] = max(done["longest_step_ms"], (time.perf_counter() - start) * 1e3)
        if not expired:
            await asyncio.sleep(0.5)


def report(title: str, lat: dict[str, list[float]], refused: int, seconds: float) -> None:
    total = sum(len(v) for k, v in lat.items() if not k.startswith("("))
    print(f"\n{title}: {total} commands in {seconds:.0f} s ({total / seconds:.0f}/s), "
          f"{refused} refusals")  # fmt: skip
    print(f"{'command':<16} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, xs in lat.items():
        top = max(xs, default=0.0)
        print(f"{name:<16} {len(xs):>6} {pct(xs, 50):8.1f} {pct(xs, 99):8.1f} {top:8.1f}")


async def main(a: argparse.Namespace) -> None:
    data = Path(a.data_dir) if a.data_dir else Path(tempfile.mkdtemp(prefix="bloxtr8-cuj-"))
    fresh = not (data / "pg" / "PG_VERSION").exists()
    server = start_embedded(data / "pg")
    try:
        if fresh:
            await migrate.upgrade(server.url)
            t0 = time.perf_counter()
            await seed_scale(server.url, a.scale)
            print(f"seeded scale {a.scale} in {time.perf_counter() - t0:.0f} s")
        await Tortoise.init(
            config=tortoise_config(server.url, pool_min=4, pool_max=a.members + 4,
                                   light_release=True)
        )  # fmt: skip
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()}")
        listings = await Listing.all().count()
        guild = await Guild.filter(discord_id__gt=0).order_by("id").first()
        assert guild is not None, "seed the database first"
        members = (
            await User.filter(
                kyc_tier__in=[KycTier.TIER_1, KycTier.TIER_2], terms_accepted_at__isnull=False
            )
            .order_by("id")
            .limit(a.members)
        )
        conn = connections.get("default")
        rows = await conn.execute_query_dict(
            "SELECT id FROM listings WHERE status = 'ACTIVE' AND visibility = 'PUBLIC'"
            " ORDER BY random() LIMIT 5000"
        )
        listing_ids = [r["id"] for r in rows]
        due = await backlog()
        print(f"listings: {listings:,}; offers past their expiry: {due:,}; "
              f"members: {len(members)}")  # fmt: skip
        rng = random.Random(1)
        # Warm-up, not counted: each pool connection prepares its statements once.
        await phase(members, guild, listing_ids, a.warmup, rng, a.think_ms)

        lat, refused = await phase(members, guild, listing_ids, a.seconds, rng, a.think_ms)
        report("jobs paused", lat, refused, a.seconds)

        stop = asyncio.Event()
        done = {"expired": 0.0, "steps": 0.0, "longest_step_ms": 0.0}
        before = await backlog()
        t0 = time.perf_counter()
        job = asyncio.create_task(drain(stop, done))
        lat, refused = await phase(members, guild, listing_ids, a.seconds, rng, a.think_ms)
        stop.set()
        await job
        spent = time.perf_counter() - t0
        report("while the jobs drain the backlog", lat, refused, a.seconds)
        print(
            f"\njobs: {done['expired']:.0f} offers expired in {spent:.0f} s "
            f"({done['expired'] / spent:.0f}/s), {done['steps']:.0f} steps, longest step "
            f"{done['longest_step_ms']:.0f} ms; backlog {before:,} -> {await backlog():,}"
        )
        print(f"load {os.getloadavg()}")  # fmt: skip
        await Tortoise.close_connections()
    finally:
        server.release()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--members", type=int, default=32)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument(
        "--think-ms", type=float, default=0, help="mean pause between a member's commands"
    )
    p.add_argument("--warmup", type=float, default=5, help="seconds of commands not counted")
    p.add_argument("--data-dir", default=None, help="keep the seeded server here and reuse it")
    asyncio.run(main(p.parse_args()))

"""The prisma-baseline workloads W1-W5, run through the Python project's Tortoise models.

    python bench_project.py --url postgres://postgres@127.0.0.1:54329/py_s1 \
        [--duration 10] [--warmup 3] [--concurrency 8] [--seed 42] \
        [--workloads W1,W2,W3,W4,W4B,W5,W5B,W5C] [--template py_s1_tpl] [--profile W3] [--uvloop]

Same shape as bench.ts: `concurrency` asyncio workers share one Tortoise connection pool
(pool size = concurrency), warm-up then measured phase per workload, closed loop. Random
choices: mulberry32 seeded with seed + i (W1=1 .. W5=5; the variants W4B and W5B/W5C use the
seed of their base workload), drawn in the order operations start, from pools read at
start-up in primary-key order (the project keeps the logical CSV ids, so the orders match
bench.ts).

Variants:
  W4  (a) bare Offer.create (like Prisma's offer.create: no listing read).
  W4B (b) the `/offer make` path minus Discord: User.require(discord id) then
      Offer.make(listing_id, buyer, amount, rail_threshold_cents=1_000_000, guild_id=<the
      listing's guild>) with the guild's default expiry (72 h). Its plain case runs in two
      statements (models/fastpath.py: listing + settings read; one write statement that
      locks the listing, withdraws a pending offer, inserts, audits).
  W5  (a) like Prisma's: transaction (read escrow, versioned UPDATE, audit insert).
  W5B (b) the `/escrow deliver` path minus Discord and Roblox HTTP, as EscrowCog.deliver_flow
      calls it: `escrow_actions.deliver_start` (the caller, their escrow, roblox_proof's
      subject and the escrow row mark_delivered needs, one statement in the plain case),
      then mark_delivered with that read and the cog's `then`: the buyer's "the seller says
      it was delivered" DM written through `bot.ui.notify.tell` in the change's transaction
      (the write statement also writes the escrow's trade-card row).
  W5C (b') escrow_actions.mark_delivered alone (delivery insert, versioned update, escrow
      event, audit entry; two statements in its plain case, models/fastpath.py).
With --template, the database is re-created from the template before W5B and W5C, so each
W5 variant starts from the same FUNDS_HELD set (W5 runs on the database W1-W4B left, as
bench.ts does).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(
    0,
    os.environ.get(
        "PROJECT_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    ),
)

import asyncpg
import discord
from tortoise import Tortoise
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from bot.db import tortoise_config
from bot.ui.notify import tell
from models import AuditLog, Escrow, Listing, Offer, User, escrow_actions, projections
from models.delivery import delivery_subject
from models.enums import Currency, EscrowStatus, KycTier, ListingStatus, OfferStatus
from models.errors import DomainError

RAIL_THRESHOLD = 1_000_000


def mulberry32(seed: int) -> Callable[[], float]:
    s = seed & 0xFFFFFFFF

    def rng() -> float:
        nonlocal s
        s = (s + 0x6D2B79F5) & 0xFFFFFFFF
        t = s
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rng


def pick(rng: Callable[[], float], xs: list[Any]) -> Any:
    return xs[int(rng() * len(xs))]


class PoolExhausted(Exception):
    pass


class Pools:
    pass


async def load_pools() -> Pools:
    p = Pools()
    users = await User.all().order_by("id").values("id", "discord_id", "kyc_tier")
    p.discord_ids = [u["discord_id"] for u in users]
    p.user_ids = [u["id"] for u in users]
    p.discord_of = {u["id"]: u["discord_id"] for u in users}
    tier = {u["id"]: u["kyc_tier"] for u in users}
    p.traders = [u["id"] for u in users if tier[u["id"]] != KycTier.TIER_0]
    p.tier2 = [u["id"] for u in users if tier[u["id"]] == KycTier.TIER_2]
    p.escrow_ids = await Escrow.all().order_by("id").values_list("id", flat=True)
    p.active = await (
        Listing.filter(status=ListingStatus.ACTIVE)
        .order_by("id")
        .values_list("id", "seller_id", "price")
    )
    # W4B: only listings a TIER_1+ buyer may legally bid 50-100% of the price on.
    # The command is issued in the listing's own guild (a PRIVATE listing is "not found" in DMs).
    guild_of = dict(await Listing.filter(status=ListingStatus.ACTIVE).values_list("id", "guild_id"))
    p.active_b = [
        (*x, guild_of[x[0]])
        for x in p.active
        if x[2] <= RAIL_THRESHOLD or tier[x[1]] == KycTier.TIER_2
    ]
    p.funds_held = await (
        Escrow.filter(status=EscrowStatus.FUNDS_HELD).order_by("id").values_list("id", "seller_id")
    )
    p.user_objs = {}
    return p


def shuffled(rng: Callable[[], float], xs: list[Any]) -> list[Any]:
    order = list(xs)
    for i in range(len(order) - 1, 0, -1):
        j = int(rng() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


Op = Callable[[], Awaitable[None]]


def workloads(p: Pools) -> list[tuple[str, str, int, Callable[[Callable[[], float]], Op]]]:
    def w1(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            did = pick(rng, p.discord_ids)
            user = await User.get_or_none(discord_id=did)
            if user is None:
                raise RuntimeError(f"W1: no user {did}")
            await Listing.filter(seller_id=user.id).order_by("-created_at").limit(20)
            await Offer.filter(buyer_id=user.id).order_by("-created_at").limit(20)

        return op

    def w1p(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            did = pick(rng, p.discord_ids)
            if await projections.user_page(did, 20) is None:
                raise RuntimeError(f"W1: no user {did}")

        return op

    def w2p(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            page = await projections.active_listings_page(50)
            if len(page) != 50:
                raise RuntimeError(f"W2: got {len(page)}")

        return op

    def w3p(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            eid = pick(rng, p.escrow_ids)
            if await projections.escrow_detail(eid) is None:
                raise RuntimeError(f"W3: no escrow {eid}")

        return op

    def w5d(rng: Callable[[], float]) -> Op:
        order = shuffled(rng, p.funds_held)
        nxt = 0

        async def op() -> None:
            nonlocal nxt
            if nxt >= len(order):
                raise PoolExhausted()
            eid, seller_id = order[nxt]
            nxt += 1
            async with in_transaction() as conn:
                escrow = await Escrow.locked(eid, conn)
                escrow.refuse_unless((EscrowStatus.FUNDS_HELD,), "mark it delivered")
                await escrow.move(
                    "delivered",
                    EscrowStatus.DELIVERED,
                    conn=conn,
                    actor=p.user_objs[seller_id],
                    data={"bench": True},
                )

        return op

    def w2(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            page = (
                await Listing.filter(status=ListingStatus.ACTIVE)
                .order_by("-created_at")
                .limit(50)
                .prefetch_related("seller", "offers")
            )
            if len(page) != 50:
                raise RuntimeError(f"W2: got {len(page)}")

        return op

    def w3(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            eid = pick(rng, p.escrow_ids)
            escrow = await Escrow.get_or_none(id=eid).prefetch_related(
                "contract__offer__listing", "buyer", "seller", "deliveries", "disputes"
            )
            if escrow is None:
                raise RuntimeError(f"W3: no escrow {eid}")

        return op

    def w4(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            lid, seller_id, price = pick(rng, p.active)
            bi = int(rng() * len(p.user_ids))
            buyer_id = p.user_ids[bi]
            if buyer_id == seller_id:
                buyer_id = p.user_ids[(bi + 1) % len(p.user_ids)]
            amount = price * (50 + int(rng() * 51)) // 100
            await Offer.create(
                listing_id=lid,
                buyer_id=buyer_id,
                seller_id=seller_id,
                made_by_id=buyer_id,
                amount=max(amount, 1),
                currency=Currency.USD,
                expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=72),
                status=OfferStatus.PENDING,
            )

        return op

    def w4b(rng: Callable[[], float]) -> Op:
        async def op() -> None:
            lid, seller_id, price, guild_id = pick(rng, p.active_b)
            r = rng()
            amount = max(price * (50 + int(rng() * 51)) // 100, 1)
            pool = p.tier2 if amount > RAIL_THRESHOLD else p.traders
            bi = int(r * len(pool))
            buyer_id = pool[bi]
            if buyer_id == seller_id:
                buyer_id = pool[(bi + 1) % len(pool)]
            buyer = await User.require(p.discord_of[buyer_id])  # the cog's first line
            await Offer.make(
                lid,
                buyer,
                amount,
                None,
                None,
                rail_threshold_cents=RAIL_THRESHOLD,
                guild_id=guild_id,
            )

        return op

    def w5(rng: Callable[[], float]) -> Op:
        order = shuffled(rng, p.funds_held)
        nxt = 0

        async def op() -> None:
            nonlocal nxt
            if nxt >= len(order):
                raise PoolExhausted()
            eid, seller_id = order[nxt]
            nxt += 1
            async with in_transaction() as conn:
                escrow = await Escrow.get_or_none(id=eid, using_db=conn)
                if escrow is None:
                    raise RuntimeError(f"W5: no escrow {eid}")
                if escrow.status != EscrowStatus.FUNDS_HELD:
                    raise RuntimeError(f"W5: escrow {eid} is {escrow.status}")
                n = (
                    await Escrow.filter(id=eid, version=escrow.version)
                    .using_db(conn)
                    .update(
                        status=EscrowStatus.DELIVERED,
                        version=F("version") + 1,
                        updated_at=dt.datetime.now(dt.UTC),
                    )
                )
                if n != 1:
                    raise RuntimeError(f"W5: escrow {eid} changed under us")
                await AuditLog.create(
                    action="escrow.delivered",
                    object_type="escrow",
                    object_id=str(eid),
                    actor_id=seller_id,
                    after={"from": "FUNDS_HELD", "to": "DELIVERED", "version": escrow.version + 1},
                    using_db=conn,
                )

        return op

    def w5b(rng: Callable[[], float]) -> Op:
        order = shuffled(rng, p.funds_held)
        nxt = 0
        client = discord.Client(intents=discord.Intents.none())  # REST-less: tell only queues

        async def op() -> None:
            nonlocal nxt
            if nxt >= len(order):
                raise PoolExhausted()
            eid, seller_id = order[nxt]
            nxt += 1
            # EscrowCog.deliver_flow: User.require + party_escrow + roblox_proof's reads
            start = await escrow_actions.deliver_start(p.discord_of[seller_id], eid)
            if start.subject is None:  # the ORM path (fastpath off): roblox_proof reads them
                await delivery_subject(start.escrow)
            # (the Roblox HTTP call is left out)
            proof = {"text": "bench", "roblox": {"checked": False, "why": "benchmark"}}

            async def tell_buyer(done: Escrow, conn: Any) -> None:  # as EscrowCog.deliver_flow
                await tell(
                    client,
                    done.buyer_id,
                    content=f"The seller says escrow #{done.id} was delivered. Check it on "
                    "Roblox, then press **Confirm delivery** on your trade card.",
                    conn=conn,
                )

            await escrow_actions.mark_delivered(
                start.escrow.id, by=start.user, evidence=proof, read=start.read, then=tell_buyer
            )

        return op

    def w5c(rng: Callable[[], float]) -> Op:
        order = shuffled(rng, p.funds_held)
        nxt = 0

        async def op() -> None:
            nonlocal nxt
            if nxt >= len(order):
                raise PoolExhausted()
            eid, seller_id = order[nxt]
            nxt += 1
            await escrow_actions.mark_delivered(
                eid, by=p.user_objs[seller_id], evidence={"text": "bench"}
            )

        return op

    return [
        ("W1", "user_by_discord_id", 1, w1p),
        ("W1O", "user_by_discord_id_orm", 1, w1),
        ("W2", "active_listings_page", 2, w2p),
        ("W2O", "active_listings_page_orm", 2, w2),
        ("W3", "escrow_by_id", 3, w3p),
        ("W3O", "escrow_by_id_orm", 3, w3),
        ("W4", "create_offer", 4, w4),
        ("W4B", "create_offer_project_path", 4, w4b),
        ("W5", "escrow_mark_delivered_tx", 5, w5),
        ("W5B", "escrow_deliver_cog_path", 5, w5b),
        ("W5C", "escrow_mark_delivered_model", 5, w5c),
        ("W5D", "escrow_transition_model", 5, w5d),
    ]


async def run_phase(op: Op, seconds: float, concurrency: int) -> dict[str, Any]:
    cpu0 = time.process_time()
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    end = t0 + seconds
    lat: list[float] = []
    errors = 0
    refused = 0
    first_error: str | None = None
    exhausted = False

    async def worker() -> None:
        nonlocal errors, refused, first_error, exhausted
        while not exhausted and time.perf_counter() < end:
            s = time.perf_counter()
            try:
                await op()
                lat.append((time.perf_counter() - s) * 1000)
            except PoolExhausted:
                exhausted = True
                break
            except DomainError as e:  # a refusal the app would show (counted as an error too)
                refused += 1
                errors += 1
                first_error = first_error or f"{type(e).__name__}: {str(e)[:300]}"
            except Exception as e:
                errors += 1
                first_error = first_error or f"{type(e).__name__}: {str(e)[:300]}"

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t0
    cpu_ms = (time.process_time() - cpu0) * 1000
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    ru_ms = ((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)) * 1000
    return {
        "lat": lat,
        "errors": errors,
        "refused": refused,
        "elapsed": elapsed,
        "cpu_ms": cpu_ms,
        "ru_ms": ru_ms,
        "first_error": first_error,
        "exhausted": exhausted,
    }


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    import math

    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]


def r3(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


async def recreate(url: str, template: str) -> None:
    parts = urlsplit(url)
    db = parts.path.lstrip("/")
    admin = urlunsplit(
        (
            parts.scheme if parts.scheme != "postgres" else "postgresql",
            parts.netloc,
            "/postgres",
            "",
            "",
        )
    )
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    finally:
        await conn.close()


async def main(a: argparse.Namespace) -> None:
    cfg = tortoise_config(
        a.url, pool_min=a.concurrency, pool_max=a.concurrency, light_release=not a.default_reset
    )
    await Tortoise.init(config=cfg)
    pools = await load_pools()
    conn = Tortoise.get_connection("default")
    ver = (await conn.execute_query_dict("SHOW server_version"))[0]["server_version"]
    counts = {
        t: (await conn.execute_query_dict(f"SELECT count(*) AS n FROM {t}"))[0]["n"]
        for t in [
            "users",
            "guilds",
            "listings",
            "offers",
            "contracts",
            "escrows",
            "deliveries",
            "disputes",
            "audit_logs",
            "escrow_events",
        ]
    }
    counts["listings_active"] = len(pools.active)
    counts["escrows_funds_held"] = len(pools.funds_held)
    results: dict[str, Any] = {}
    wanted = [w.strip().upper() for w in a.workloads.split(",")]
    first_w5 = True
    for key, name, idx, make in workloads(pools):
        if key not in wanted:
            continue
        if key.startswith("W5"):
            if not first_w5 and a.template:
                await Tortoise.close_connections()
                await recreate(a.url, a.template)
                await Tortoise.init(config=cfg)
            first_w5 = False
            if key in ("W5C", "W5D"):
                ids = {s for _, s in pools.funds_held}
                pools.user_objs = {u.id: u for u in await User.filter(id__in=list(ids))}
        op = make(mulberry32(a.seed + idx))
        warm = await run_phase(op, a.warmup, a.concurrency) if a.warmup > 0 else None
        prof = None
        if a.profile and a.profile.upper() == key:
            prof = cProfile.Profile()
            prof.enable()
        m = await run_phase(op, a.duration, a.concurrency)
        if prof is not None:
            prof.disable()
            prof.dump_stats(f"{a.profile_out}.{key}.prof")
            st = pstats.Stats(prof)
            st.sort_stats("tottime")
            import io

            buf = io.StringIO()
            st.stream = buf
            st.print_stats(25)
            with open(f"{a.profile_out}.{key}.txt", "w") as fh:
                fh.write(buf.getvalue())
                buf2 = io.StringIO()
                st.stream = buf2
                st.sort_stats("cumulative").print_stats(40)
                fh.write(buf2.getvalue())
        lat = sorted(m["lat"])
        n = len(lat)
        res = {
            "ops": n,
            "ops_per_s": round(n / m["elapsed"], 1),
            "p50_ms": r3(pct(lat, 0.5)),
            "p95_ms": r3(pct(lat, 0.95)),
            "p99_ms": r3(pct(lat, 0.99)),
            "mean_ms": r3(sum(lat) / n if n else None),
            "max_ms": r3(lat[-1] if n else None),
            "errors": m["errors"],
            "elapsed_s": round(m["elapsed"], 3),
            "client_cpu_ms_per_op": r3(m["cpu_ms"] / n) if n else None,
            "client_cpu_cores": round(m["cpu_ms"] / 1000 / m["elapsed"], 2),
            "client_cpu_ms_per_op_getrusage": r3(m["ru_ms"] / n) if n else None,
            "warmup_ops": len(warm["lat"]) if warm else 0,
            "warmup_errors": warm["errors"] if warm else 0,
        }
        if m["refused"] or (warm and warm["refused"]):
            res["refused_domain_errors"] = m["refused"]
        fe = m["first_error"] or (warm["first_error"] if warm else None)
        if fe:
            res["first_error"] = fe
        if m["exhausted"] or (warm and warm["exhausted"]):
            res["pool_exhausted"] = True
        if prof is not None:
            res["profiled"] = True
        results[f"{key}_{name}"] = res
        print(
            f"[bench_project] {key} {res['ops_per_s']} ops/s p99 {res['p99_ms']} "
            f"err {res['errors']}",
            file=sys.stderr,
            flush=True,
        )
    await Tortoise.close_connections()
    import importlib.metadata as md

    print(
        json.dumps(
            {
                "stack": "python-tortoise",
                "versions": {
                    "python": platform.python_version(),
                    "tortoise-orm": md.version("tortoise-orm"),
                    "asyncpg": md.version("asyncpg"),
                    "pypika-tortoise": md.version("pypika-tortoise"),
                    "postgresql": ver,
                },
                "machine": {"nproc": os.cpu_count()},
                "config": {
                    "duration_s": a.duration,
                    "warmup_s": a.warmup,
                    "concurrency": a.concurrency,
                    "pool_max": a.concurrency,
                    "seed": a.seed,
                    "template": a.template,
                    "event_loop": type(asyncio.get_running_loop()).__name__,
                },
                "dataset": counts,
                "workloads": results,
            },
            indent=2,
            default=str,
        )
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workloads", default="W1,W1O,W2,W2O,W3,W3O,W4,W4B,W5,W5B,W5C,W5D")
    ap.add_argument("--template", default=None)
    ap.add_argument("--profile", default=None)
    ap.add_argument(
        "--default-reset",
        action="store_true",
        help="asyncpg's per-release session reset (the bot runs without it)",
    )
    ap.add_argument("--profile-out", default="profile")
    ap.add_argument("--uvloop", action="store_true", help="uvloop's event loop (as `bloxtr8 run`)")
    args = ap.parse_args()
    if args.uvloop:
        import uvloop

        uvloop.run(main(args))
    else:
        asyncio.run(main(args))

"""Time the database work of `/listing search` and `/listing view` on seeded volume.

    python bench/listing_queries.py                         # fresh embedded DB, --scale 20
    python bench/listing_queries.py --scale 2 --runs 300    # quicker
    python bench/listing_queries.py --database-url URL      # an already seeded database

Without --database-url a new embedded PostgreSQL is started in a temporary directory,
migrated, seeded with `bot.seed.seed_scale(url, scale)` (scale 20 = 1M listings) and
removed at the end. Each query shape then runs `--runs` times through the same model
methods the cog calls (`Listing.search`, `Listing.suggest_titles` for the search box's
autocomplete, `Listing.visible`, plus the guild lookup every command makes), with
parameters varied from run to run, and p50/p95/p99 are printed in milliseconds, followed
by `EXPLAIN (ANALYZE, BUFFERS)` of every step of each search shape. `--data-dir DIR` keeps
the seeded server in DIR and reuses it on the next run. Exits 1 when a server p99 is at
or over the 10 ms target.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise, connections

from bot import migrate
from bot.db import start_embedded, tortoise_config
from models import Guild, Listing
from models.enums import ListingCategory
from models.listing_search import Execute

PAGE = 6  # the cog fetches one row more than a page (5) to know whether there is a next one
TARGET_MS = 10.0

COMMON_WORDS = ["tycoon", "simulator", "obby", "pizza", "dragon", "neon", "sword", "scripting"]
RARE_WORDS = ["valkyrie", "antlers", "anti-exploit", "font pack", "theme park", "frozen zoo"]
NO_MATCH = ["zzqx", "qwertyuiop", "no such title"]
# Words with the category they are found in (what a search from autocomplete looks like).
MATCHED = [
    ("tycoon", ListingCategory.GAME),
    ("simulator", ListingCategory.GAME),
    ("valkyrie", ListingCategory.ITEM),
    ("sword", ListingCategory.ITEM),
    ("wolves", ListingCategory.GROUP),
    ("scripting", ListingCategory.SERVICE),
    ("model pack", ListingCategory.OTHER),
]
# Pairs of common words that are seldom (or never) in one title.
PAIRS = ["neon tycoon", "limited sword", "frozen simulator", "golden obby", "pizza scripting"]
# What people type into the search box, letter by letter (autocomplete).
TYPING = ["t", "ty", "tyc", "simulato", "neon dr", "limited u", "frozen z", "zzq", "font p"]
PRICE_BANDS = [(0, 500_000), (500_000, 2_000_000), (2_000_000, 10_000_000), (100_00, 250_00)]


def percentile(sorted_ms: list[float], q: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(q / 100 * len(sorted_ms)) - 1))
    return sorted_ms[index]


async def timed(runs: int, make_call: Callable[[int], Awaitable[Any]]) -> list[float]:
    for i in range(min(20, runs)):  # warm the caches and the connection's statement cache
        await make_call(i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        await make_call(i)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


async def run(url: str, runs: int, seed: int) -> bool:
    await Tortoise.init(config=tortoise_config(url, pool_min=1, pool_max=4))
    try:
        conn = connections.get("default")
        total = await Listing.all().count()
        active = await Listing.filter(status="ACTIVE").count()
        guilds = await Guild.all().order_by("id")
        if not guilds:
            print("No guilds in the database: seed it first.")
            return False
        bounds = await conn.execute_query_dict("SELECT min(id) AS lo, max(id) AS hi FROM listings")
        lo, hi = bounds[0]["lo"], bounds[0]["hi"]
        print(f"listings: {total:,} ({active:,} active), guilds: {len(guilds)}, runs: {runs}\n")
        rng = random.Random(seed)
        discord_ids = [g.discord_id for g in guilds]
        cats = list(ListingCategory)

        async def guild_row(i: int) -> int | None:
            g = await Guild.get_or_none(discord_id=discord_ids[i % len(discord_ids)])
            return g.id if g else None

        def band(i: int) -> dict[str, Any]:
            low, high = PRICE_BANDS[i % len(PRICE_BANDS)]
            return {"min_price": low, "max_price": high}

        # Each shape gives the search arguments of run i (varied from run to run).
        shapes: dict[str, Callable[[int], dict[str, Any]]] = {
            "no filter": lambda i: {},
            "no filter, page 4": lambda i: {"offset": 15},
            "text (common word)": lambda i: {"text": COMMON_WORDS[i % len(COMMON_WORDS)]},
            "text (rare word)": lambda i: {"text": RARE_WORDS[i % len(RARE_WORDS)]},
            "text (no match)": lambda i: {"text": NO_MATCH[i % len(NO_MATCH)]},
            "category + price range": lambda i: {"category": cats[i % len(cats)], **band(i)},
            "text + its category + price": lambda i: {
                "text": MATCHED[i % len(MATCHED)][0],
                "category": MATCHED[i % len(MATCHED)][1],
                **band(i),
            },
            "text + other category + price": lambda i: {
                "text": COMMON_WORDS[i % len(COMMON_WORDS)],
                "category": cats[i % len(cats)],
                **band(i),
            },
            "text + category, no match": lambda i: {
                "text": COMMON_WORDS[i % 3],
                "category": ListingCategory.ITEM,
            },
            "two common words": lambda i: {"text": PAIRS[i % len(PAIRS)]},
            "most common word + narrow price": lambda i: {
                "text": "limited",
                "min_price": 100_00 + i % 50,
                "max_price": 100_99 + i % 50,
            },
        }

        async def client_search(shape: Callable[[int], dict[str, Any]], i: int) -> None:
            await Listing.search(guild_id=await guild_row(i), limit=PAGE, **shape(i))

        async def server_steps(i: int, call: Callable[[int, Execute], Awaitable[Any]]) -> float:
            """Server time of the guild lookup and of every SQL step `call` runs (it gets the
            guild row id and the `execute` to pass to the model)."""
            g = discord_ids[i % len(discord_ids)]
            ms, _ = await server_ms(conn, "SELECT * FROM guilds WHERE discord_id = $1 LIMIT 2", [g])
            spent = [ms]

            async def timed_execute(sql: str, values: list[Any]) -> list[dict[str, Any]]:
                step_ms, _ = await server_ms(conn, sql, values)
                spent.append(step_ms)
                return await conn.execute_query_dict(sql, values)

            await call(guild_ids[g], timed_execute)
            return sum(spent)

        async def server_search(shape: Callable[[int], dict[str, Any]], i: int) -> float:
            async def call(guild_id: int, execute: Execute) -> Any:
                return await Listing.search(
                    guild_id=guild_id, limit=PAGE, execute=execute, **shape(i)
                )

            return await server_steps(i, call)

        async def server_view(i: int) -> float:
            g = discord_ids[i % len(discord_ids)]
            ms, _ = await server_ms(conn, "SELECT * FROM guilds WHERE discord_id = $1 LIMIT 2", [g])
            sql = "SELECT * FROM listings WHERE id = $1 LIMIT 2"
            return ms + (await server_ms(conn, sql, [rng.randint(lo, hi)]))[0]

        guild_ids = {g.discord_id: g.id for g in guilds}
        ok = True
        print(
            "Client: the model call as the cog makes it (guild lookup + Listing.search or\n"
            "Listing.visible), wall-clock from Python, round trips included.\n"
            "Server: planning + execution time PostgreSQL reports for the same statements\n"
            "(EXPLAIN ANALYZE, TIMING OFF).\n"
        )
        print(
            f"{'':<32} {'client p50':>10} {'p95':>7} {'p99':>7} | "
            f"{'server p50':>10} {'p95':>7} {'p99':>7}   (ms)"
        )
        rows_out: list[tuple[str, list[float], list[float]]] = []
        for name, shape in shapes.items():
            client = await timed(runs, functools.partial(client_search, shape))
            server = sorted([await server_search(shape, i) for i in range(runs)])
            rows_out.append((f"search: {name}", client, server))

        async def client_suggest(i: int) -> None:
            await Listing.suggest_titles(TYPING[i % len(TYPING)], await guild_row(i))

        async def server_suggest(i: int) -> float:
            return await server_steps(
                i,
                lambda guild_id, execute: Listing.suggest_titles(
                    TYPING[i % len(TYPING)], guild_id, execute=execute
                ),
            )

        client = await timed(runs, client_suggest)
        server = sorted([await server_suggest(i) for i in range(runs)])
        rows_out.append(("search: autocomplete", client, server))
        client = await timed(runs, lambda i: _view(rng.randint(lo, hi), guild_row, i))
        server = sorted([await server_view(i) for i in range(runs)])
        rows_out.append(("view", client, server))
        for name, client, server in rows_out:
            p99 = percentile(server, 99)
            ok &= p99 < TARGET_MS
            print(
                f"{name:<32} {percentile(client, 50):10.2f} {percentile(client, 95):7.2f} "
                f"{percentile(client, 99):7.2f} | {percentile(server, 50):10.2f} "
                f"{percentile(server, 95):7.2f} {p99:7.2f}"
                + ("" if p99 < TARGET_MS else "   <-- server p99 over target")
            )
        print(f"\nTarget: server p99 < {TARGET_MS} ms: {'met' if ok else 'NOT met'}\n")

        guild_id = guilds[0].id
        await explain(
            conn,
            "guild lookup",
            "SELECT * FROM guilds WHERE discord_id = $1 LIMIT 2",
            [discord_ids[0]],
        )
        await explain(
            conn, "view", "SELECT * FROM listings WHERE id = $1 LIMIT 2", [(lo + hi) // 2]
        )
        searches: dict[str, dict[str, Any]] = {
            "no filter": {},
            "no filter, page 4": {"offset": 15},
            "text 'tycoon'": {"text": "tycoon"},
            "text 'valkyrie'": {"text": "valkyrie"},
            "text 'zzqx' (no match)": {"text": "zzqx"},
            "GAME $5k-20k": {"category": "GAME", "min_price": 500_000, "max_price": 2_000_000},
            "ITEM $100-250": {"category": "ITEM", "min_price": 100_00, "max_price": 250_00},
            "'tycoon' ITEM (no match)": {"text": "tycoon", "category": "ITEM"},
            "'sword' ITEM $0-5k": {
                "text": "sword",
                "category": "ITEM",
                "min_price": 0,
                "max_price": 500_000,
            },
            "'limited sword'": {"text": "limited sword"},
            "'frozen zoo'": {"text": "frozen zoo"},
            "'limited' $100.00-100.99": {
                "text": "limited",
                "min_price": 100_00,
                "max_price": 100_99,
            },
        }
        for name, kw in searches.items():
            await explain_search(conn, name, guild_id=guild_id, **kw)
        return ok
    finally:
        await Tortoise.close_connections()


async def server_ms(conn: Any, sql: str, params: list[Any] | None = None) -> tuple[float, int]:
    """Planning + execution time PostgreSQL reports, and the rows the statement returned."""
    rows = await conn.execute_query_dict(
        f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql}", params or []
    )
    plan = rows[0]["QUERY PLAN"]
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]
    return top["Planning Time"] + top["Execution Time"], int(top["Plan"]["Actual Rows"])


async def explain(conn: Any, name: str, sql: str, params: list[Any] | None = None) -> None:
    rows = await conn.execute_query_dict(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params or [])
    print(f"-- {name}")
    for row in rows:
        print("   " + row["QUERY PLAN"])
    print()


async def explain_search(conn: Any, name: str, **kw: Any) -> None:
    """EXPLAIN every step `Listing.search` takes for these arguments."""
    step = 0

    async def explain_execute(sql: str, values: list[Any]) -> list[dict[str, Any]]:
        nonlocal step
        step += 1
        if "unnest(listing_search_terms" in sql:
            plan = "words and their counts"
        elif "+ interval" in sql:
            plan = "sorted"
        elif "AS newest" in sql:
            plan = "walk" if "listing_search" in sql else "newest window"
        elif "listing_search" in sql:
            plan = "all"
        else:
            plan = "planner"
        await explain(conn, f"search: {name} (step {step}: {plan})", sql, values)
        return await conn.execute_query_dict(sql, values)

    await Listing.search(limit=PAGE, execute=explain_execute, **kw)


async def _view(listing_id: int, guild_row: Callable[[int], Awaitable[int | None]], i: int) -> None:
    try:
        await Listing.visible(listing_id, await guild_row(i))
    except Exception as exc:  # a PRIVATE listing of another guild: refused, as in the cog
        if type(exc).__name__ != "NotFound":
            raise


async def seed_into(pgdata: Path, scale: int) -> tuple[str, Any]:
    """Start the embedded server in `pgdata`; migrate and seed it unless it already has
    listings (so a kept data directory can be benchmarked again without reseeding)."""
    import asyncpg

    from bot.db import libpq_url
    from bot.seed import seed_scale

    embedded = start_embedded(pgdata)
    url = embedded.url
    await migrate.upgrade(url)
    conn = await asyncpg.connect(libpq_url(url))
    try:
        existing = await conn.fetchval("SELECT count(*) FROM listings")
    finally:
        await conn.close()
    if existing:
        print(f"Reusing {pgdata} ({existing:,} listings)\n")
        return url, embedded
    started = time.perf_counter()

    def progress(table: str, done: int, total: int) -> None:
        if done >= total:
            print(f"  seeded {table:<22} {total:>11,} rows  ({time.perf_counter() - started:.0f}s)")

    print(f"Seeding scale {scale} into {pgdata} …", flush=True)
    await seed_scale(url, scale, progress=progress)
    print(f"Seeded in {time.perf_counter() - started:.0f}s\n", flush=True)
    return url, embedded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="embedded data directory to keep and reuse (seeded on first use)",
    )
    args = parser.parse_args()

    async def go() -> bool:
        if args.database_url:
            return await run(args.database_url, args.runs, args.seed)
        workdir = args.data_dir or Path(tempfile.mkdtemp(prefix="bloxtr8-bench-")) / "pg"
        embedded = None
        try:
            url, embedded = await seed_into(workdir, args.scale)
            return await run(url, args.runs, args.seed)
        finally:
            if embedded is not None:
                embedded.release()
            if args.data_dir is None:
                shutil.rmtree(workdir.parent, ignore_errors=True)

    sys.exit(0 if asyncio.run(go()) else 1)


if __name__ == "__main__":
    main()

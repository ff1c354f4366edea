"""Load synthetic volume with `bot.seed.seed_scale` and report how long each table took.

    python bench/seed_scale.py --scale 20                       # fresh embedded PostgreSQL
    python bench/seed_scale.py --scale 5 --database-url URL     # append to a database

Without --database-url a new embedded PostgreSQL is started in a temporary directory, the
migrations are applied, the data is loaded, and the server is stopped (and removed) at the
end. With --database-url the database must already be migrated.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.db import MIGRATIONS_DIR, start_embedded, tortoise_config
from bot.seed import seed_scale


class Timer:
    """Collects `progress(table, done, total)` calls into per-table elapsed times."""

    def __init__(self, verbose: bool) -> None:
        self.started: dict[str, float] = {}
        self.elapsed: dict[str, float] = {}
        self.verbose = verbose

    def __call__(self, table: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            self.started[table] = now
        if done >= total:
            self.elapsed[table] = now - self.started[table]
        if self.verbose:
            since = now - self.started[table]
            print(f"  {table:<20} {done:>10,} / {total:<10,} {since:7.1f}s", flush=True)


async def migrate(url: str) -> None:
    from aerich import Command
    from tortoise import Tortoise

    config = tortoise_config(url)
    async with Command(config, app="models", location=str(MIGRATIONS_DIR)) as cmd:
        await cmd.init()
        await cmd.upgrade(run_in_transaction=True)
    await Tortoise.close_connections()


async def run(url: str, scale: int, verbose: bool) -> None:
    timer = Timer(verbose)
    start = time.perf_counter()
    counts = await seed_scale(url, scale, progress=timer)
    total = time.perf_counter() - start
    rows = sum(counts.values())
    print()
    print(f"{'table':<20} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
    for table, n in counts.items():
        secs = timer.elapsed.get(table, 0.0)
        rate = f"{n / secs:10,.0f}" if secs > 0 else f"{'-':>10}"
        print(f"{table:<20} {n:>10,} {secs:8.2f} {rate}")
    analyze = timer.elapsed.get("analyze", 0.0)
    print(f"{'(analyze)':<20} {'':>10} {analyze:8.2f}")
    print(f"{'total':<20} {rows:>10,} {total:8.2f} {rows / total:10,.0f}")
    print()
    print(f"scale {scale}; machine: {os.cpu_count()} CPUs, {platform.platform()}, ", end="")
    print(f"Python {platform.python_version()} ({platform.machine()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="10k users, 50k listings per unit")
    parser.add_argument("--database-url", help="a migrated database (default: a fresh one)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print progress")
    args = parser.parse_args()

    if args.database_url:
        asyncio.run(run(args.database_url, args.scale, args.verbose))
        return
    with tempfile.TemporaryDirectory(prefix="bloxtr8-bench-") as tmp:
        pg = start_embedded(Path(tmp) / "pg")
        try:
            t0 = time.perf_counter()
            asyncio.run(migrate(pg.url))
            print(
                f"fresh embedded PostgreSQL in {tmp}, migrated in {time.perf_counter() - t0:.1f}s"
            )
            asyncio.run(run(pg.url, args.scale, args.verbose))
        finally:
            pg.release()


if __name__ == "__main__":
    main()

"""Load synthetic volume with `bot.seed.seed_scale` and report how long each table took.

    python bench/seed_scale.py --scale 20                       # fresh embedded PostgreSQL
    python bench/seed_scale.py --scale 5 --database-url URL     # append to a database
    python bench/seed_scale.py --scale 1 -v                     # print progress as it goes

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

# CPU accounting (Linux /proc; skipped elsewhere): on a shared machine the wall-clock time
# depends on what else runs, the CPU seconds much less.


def _ticks(pid: int) -> float:
    """CPU seconds of a process, with those of its children that have exited."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def server_cpu(pgdata: Path | None) -> float | None:
    """CPU seconds used so far by an embedded PostgreSQL: postmaster and its processes."""
    if pgdata is None or not Path("/proc/self/stat").exists():
        return None
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    total = _ticks(postmaster)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            total += sum(int(x) for x in fields[11:13]) / os.sysconf("SC_CLK_TCK")
    return total


def machine_busy() -> float | None:
    """CPU seconds the whole machine has spent busy (all processes, all CPUs)."""
    if not Path("/proc/stat").exists():
        return None
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Timer:
    """Collects `progress(table, done, total)` calls into per-table elapsed times."""

    def __init__(self, verbose: bool) -> None:
        self.started: dict[str, float] = {}
        self.elapsed: dict[str, float] = {}
        self.first_start: float | None = None
        self.verbose = verbose

    def __call__(self, table: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            self.started[table] = now
            if self.first_start is None:
                self.first_start = now
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


async def run(url: str, scale: int, verbose: bool, pgdata: Path | None = None) -> None:
    timer = Timer(verbose)
    load_before = os.getloadavg()[0]
    busy_start, server_start = machine_busy(), server_cpu(pgdata)
    start, cpu_start = time.perf_counter(), time.process_time()
    counts = await seed_scale(url, scale, progress=timer)
    total = time.perf_counter() - start
    python_cpu = time.process_time() - cpu_start
    busy_end, server_end = machine_busy(), server_cpu(pgdata)
    load_after = os.getloadavg()[0]
    rows = sum(counts.values())
    print()
    print(f"{'table':<20} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
    setup = (timer.first_start or start) - start
    print(f"{'(plan, reserve ids)':<20} {'':>10} {setup:8.2f}")
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
    cpus = os.cpu_count() or 1
    print(f"load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"CPU: this process {python_cpu:.0f}s (generating and encoding rows)", end="")
    if server_start is not None and server_end is not None:
        ours = python_cpu + server_end - server_start
        print(f", PostgreSQL {server_end - server_start:.0f}s", end="")
        if busy_start is not None and busy_end is not None:
            others = max(0.0, busy_end - busy_start - ours)
            print(f"; other processes {others:.0f}s (of {cpus * total:.0f}s)", end="")
        print(
            f".\nWith the machine to itself the load takes at least {ours / cpus:.0f}s "
            f"({ours:.0f} CPU-seconds over {cpus} CPUs)."
        )
    else:
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, default=20, help="10k users, 50k listings, 100k offers per unit"
    )
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
            asyncio.run(run(pg.url, args.scale, args.verbose, pg.pgdata))
        finally:
            pg.release()


if __name__ == "__main__":
    main()

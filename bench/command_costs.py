"""What one command costs, issued by one member at a time: queries, CPU and time.

    python bench/command_costs.py --data-dir DIR [--times 20]

Uses a server seeded by bench/commands_under_jobs.py (`--scale 20 --data-dir DIR`). Each
command runs `--times` times after three unmeasured runs, through discord.py (the real bot
and cogs, the Discord stand-in in a process of its own) and directly (the cogs' database
work only, as `commands_under_jobs.py --through direct` runs it). Per command it prints
the queries run, this process's CPU time and the wall time, one at a time: with 32 members
at once the bot's one event loop serves their CPU time one after another, so the CPU a
command costs bounds what a burst of commands waits.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import commands_under_jobs as bench
from tortoise import Tortoise, connections

from bot.db import start_embedded, tortoise_config
from models import Guild, User
from models.enums import KycTier


async def main(a: argparse.Namespace) -> None:
    data = Path(a.data_dir)
    server = start_embedded(data / "pg")
    bot = stop = None
    try:
        config = tortoise_config(server.url, pool_min=2, pool_max=8, light_release=True)
        await Tortoise.init(config=config)
        guild = await Guild.filter(discord_id__gt=0).order_by("id").first()
        assert guild is not None, "seed the database first (bench/commands_under_jobs.py)"
        members = (
            await User.filter(
                kyc_tier__in=[KycTier.TIER_1, KycTier.TIER_2], terms_accepted_at__isnull=False
            )
            .order_by("id")
            .limit(4)
        )
        rows = await connections.get("default").execute_query_dict(
            "SELECT id FROM listings WHERE status = 'ACTIVE' AND visibility = 'PUBLIC' LIMIT 500"
        )
        ids = [r["id"] for r in rows]
        rng = random.Random(2)
        bot, gateway, place, stop = await bench.discord_bot(data, guild, False)
        print(f"load {os.getloadavg()}")
        print(f"{'':10} {'command':15} {'queries':>8} {'CPU ms':>7} {'wall ms':>8}")
        for mode, commands in (
            ("discordpy", bench.discord_commands(gateway, place, ids, rng)),
            ("direct", bench.direct_commands(guild, ids, rng)),
        ):
            for name, command in commands.items():
                for _ in range(3):
                    await command(members[0])
                count, cpu, wall = bench.POOL.count, time.process_time(), time.perf_counter()
                for i in range(a.times):
                    await command(members[i % len(members)])
                n = a.times
                print(
                    f"{mode:10} {name:15} {(bench.POOL.count - count) / n:8.1f} "
                    f"{(time.process_time() - cpu) / n * 1000:7.1f} "
                    f"{(time.perf_counter() - wall) / n * 1000:8.1f}"
                )
        print(f"load {os.getloadavg()}")
    finally:
        if bot is not None:
            await bot.close()
        if stop is not None:
            await stop()
        await Tortoise.close_connections()
        server.release()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data-dir", required=True, help="a server seeded by commands_under_jobs")
    p.add_argument("--times", type=int, default=20)
    asyncio.run(main(p.parse_args()))

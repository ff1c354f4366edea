"""Command latency while the background jobs drain the scale seed's backlog.

    python bench/commands_under_jobs.py --scale 1 [--members 32] [--seconds 20]
    python bench/commands_under_jobs.py --scale 20 --data-dir DIR   # 1M listings, kept in DIR
    python bench/commands_under_jobs.py ... --through direct        # the cogs' work, no Discord

Starts an embedded PostgreSQL (kept in `--data-dir` and reused when given), applies the
migrations and loads `bot.seed.seed_scale(url, scale)` (scale 20 = 1M listings; the seed
leaves offers past their expiry and escrows due for release). Then `--members` signed-up
members of one seeded guild issue commands at once, back to back (or with a random pause
of mean `--think-ms` between one member's commands), for `--seconds`, in two
phases: with the jobs paused, then while the jobs drain the backlog. Per command it prints
p50/p99 in ms, and the jobs' drain rate (offers expired per second).

`--through discordpy` (the default) runs the real bot: `bot.app.create_bot` with the cogs
loaded as `bloxtr8 run` loads them, discord.py's HTTP client pointed at the Discord REST
stand-in (tests/fakes/discord_api.py, on loopback, in a process of its own unless
`--api-here`), READY and the guild's GUILD_CREATE fed to discord.py's parsers (so its
cache holds the guild and channel as in production), then each member's commands fed as
INTERACTION_CREATE payloads in Discord's shape (tests/fakes/discord_gateway.py; simcord
runs one operation at a time, so 32 members at once can't go through it). A command's
latency is from feeding the payload to the stand-in receiving the answer the member sees
(the interaction callback, or the followup after a deferral). `/offer make` also DMs the
seller through the outbox (after its answer). The commands: `/listing search` (a random
word or none), `/listing view <id>`, `/offer make <id> 1.00`, `/profile`.

`--through direct` runs each command's database work and reply building as the cogs call
it, without discord.py:

* `/listing search`: the guild lookup, `Listing.search` for one page (6 rows);
* `/listing view`: guild and viewer lookups, `Listing.visible`, `details_embed`;
* `/offer make`: `User.require`, `Offer.make` (the fast path in its plain case);
* `/profile`: `User.for_profile`, `trade_stats`, `dispute_record`.

The jobs are the real job functions, back to back (as a catching-up bot would run them):
`jobs.expire_offers` (batches of 100, one statement each, catching up for at most 5 s per
run and resting `--job-rest` times as long as each batch took, `jobs.JOB_REST` by default)
with the batch's notices in its transaction (through discord.py: the cog's own
`tell_expired`, which writes both parties' DMs and the retirement of the offers' buttons to
the outbox in one statement; they are not sent here; direct: the listings read as the
notice does) and `jobs.seal_audit` (batches of 250, resting the same). The bot runs the
expiry job once a minute; here its runs follow each other at once, the most it can take
from interactions. Escrow releases are not included (each needs a Stripe transfer call).
With `--jobs-in-worker` the jobs run in a process of their own, as `bloxtr8 worker` runs
them (compose.yaml's deployment: the gateway processes run no jobs). The bot's event loop
is uvloop's when installed, as `bloxtr8 run` chooses (`--asyncio` for asyncio's own).

Stalls: with `--sample-ms` (default 10) a separate connection samples pg_stat_activity
(backend type, state, wait event, query) that often; the server logs checkpoints and every
autovacuum run (`log_checkpoints`, `log_autovacuum_min_duration = 0`, set here with ALTER
SYSTEM on the bench's embedded server). After each phase the commands slower than
`--stall-ms` are grouped into stalls, and each is printed next to what the server was
doing then (the samples' wait events and states, the checkpoint/autovacuum log lines
overlapping it) and what this process was doing (new pool connections, pool waits,
queries slow as the client saw them, Python gc pauses, the job steps running). Times when
the event loop was held up over 50 ms are listed with the gc pause or job step under them.

The stall of every earlier run (all 32 commands in flight 50-100 ms slower at once) began
0.00 s into each phase: every member issued its first command in the same instant, and
the bot's one event loop served their CPU time one after another. The server was idle
then (its backends waiting on the client), no checkpoint or autovacuum ran in any run
(checkpoints only at shutdown, autovacuum never within 40 s). Members now start at a
random point of their pause (with `--think-ms`). What remains under the jobs was the
audit sealer hashing 1000 rows without returning to the loop (models/audit.py now
returns every 100) and the expiry job taking a second pool connection per offer for its
retirement notice while holding the batch (bot/cogs/offers/cog.py now reads in the
batch's transaction). bench/command_costs.py shows what one command costs.
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from tortoise import Tortoise, connections

from bot import jobs, migrate
from bot.__main__ import fast_loop
from bot.app import create_bot, freeze_startup_objects
from bot.cogs.listings.embeds import details_embed
from bot.config import Settings
from bot.db import start_embedded, tortoise_config
from bot.seed import seed_scale
from models import Guild, Listing, Offer, User
from models.base import utcnow
from models.dispute import dispute_record
from models.enums import KycTier, OfferStatus
from models.errors import DomainError
from tests.fakes.discord_api import DiscordApiProcess, FakeDiscordApi, start
from tests.fakes.discord_gateway import Gateway, Place

WORDS = ["tycoon", "simulator", "obby", "sword", "neon", "valkyrie", "zzqx", None, None]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs)) - 1))] if xs else float("nan")


async def backlog() -> int:
    return await Offer.filter(status=OfferStatus.PENDING, expires_at__lte=utcnow()).count()


Command = Callable[[User], Awaitable[bool]]  # True: the member was refused (a reply too)
NAMES = ("listing search", "listing view", "offer make", "profile")


def direct_commands(guild: Guild, listing_ids: list[int], rng: random.Random) -> dict[str, Command]:
    """Each command's database work and reply building, as the cogs call it."""

    async def search(u: User) -> bool:
        g = await Guild.get_or_none(discord_id=guild.discord_id)
        await Listing.search(rng.choice(WORDS), None, None, None, g.id if g else None, limit=6)
        return False

    async def view(u: User) -> bool:
        g = await Guild.get_or_none(discord_id=guild.discord_id)
        viewer = await User.by_discord_id(u.discord_id)
        listing = await Listing.visible(
            rng.choice(listing_ids), g.id if g else None, viewer_id=viewer.id if viewer else None
        )
        await details_embed(listing)
        return False

    async def offer(u: User) -> bool:
        buyer = await User.require(u.discord_id)
        lid = rng.choice(listing_ids)
        await Offer.make(lid, buyer, 100, None, None, rail_threshold_cents=1_000_000,
                         guild_id=guild.id)  # fmt: skip
        return False

    async def profile(u: User) -> bool:
        account = await User.for_profile(u.discord_id)
        assert account is not None
        await account.trade_stats()
        await dispute_record(account.id)
        return False

    def refusing(command: Callable[[User], Awaitable[bool]]) -> Command:
        async def run(u: User) -> bool:
            try:
                return await command(u)
            except DomainError:
                return True  # e.g. the listing isn't visible here

        return run

    found = {"listing search": search, "listing view": view, "offer make": offer}
    found["profile"] = profile
    return {name: refusing(command) for name, command in found.items()}


def discord_commands(
    gateway: Gateway, place: Place, listing_ids: list[int], rng: random.Random
) -> dict[str, Command]:
    """The commands as members issue them: INTERACTION_CREATE in, the answer out over REST."""

    def issue(name: str, options: Callable[[], dict[str, object]]) -> Command:
        async def run(u: User) -> bool:
            payload = gateway.command(place, u.discord_id, name, options())
            reply, _took = await gateway.ask(payload)
            gateway.api.replies.pop(payload["token"], None)
            return not reply.payload.get("embeds")  # every answer but a refusal has one

        return run

    return {
        "listing search": issue("listing search", lambda: {"text": rng.choice(WORDS)}),
        "listing view": issue("listing view", lambda: {"id": rng.choice(listing_ids)}),
        "offer make": issue(
            "offer make", lambda: {"listing": rng.choice(listing_ids), "amount": "1.00"}
        ),
        "profile": issue("profile", dict),
    }


Slow = tuple[float, float, str]  # wall-clock start, ms, command
PHASE_STARTED = 0.0  # wall clock
HELD: list[tuple[float, float]] = []  # the event loop held up over 50 ms: wall clock, ms


async def phase(
    members: list[User],
    commands: dict[str, Command],
    seconds: float,
    rng: random.Random,
    think_ms: float,
    stall_ms: float,
) -> tuple[dict[str, list[float]], int, list[Slow]]:
    lat: dict[str, list[float]] = {name: [] for name in commands}
    slow: list[Slow] = []
    refused = 0
    end = time.perf_counter() + seconds

    async def member(u: User) -> None:
        nonlocal refused
        if think_ms:  # as in a steady state, each member is somewhere in its pause
            await asyncio.sleep(rng.uniform(0, 2 * think_ms) / 1000)
        while time.perf_counter() < end:
            name = rng.choice(list(commands))
            wall, start = time.time(), time.perf_counter()
            refused += await commands[name](u)
            ms = (time.perf_counter() - start) * 1000
            lat[name].append(ms)
            if ms >= stall_ms:
                slow.append((wall, ms, name))
            if think_ms:
                await asyncio.sleep(rng.uniform(0, 2 * think_ms) / 1000)

    lags: list[float] = []

    async def loop_lag() -> None:  # how late a 10 ms timer fires: the event loop held up
        while time.perf_counter() < end:
            start, wall = time.perf_counter(), time.time()
            await asyncio.sleep(0.01)
            lags.append((time.perf_counter() - start - 0.01) * 1000)
            if lags[-1] > 50:
                HELD.append((wall, lags[-1]))

    global PHASE_STARTED
    PHASE_STARTED = time.time()
    await asyncio.gather(loop_lag(), *(member(u) for u in members))
    lat["(event loop lag)"] = lags
    return lat, refused, slow


# --------------------------------------------------------------------------- the server's side

ACTIVITY = """
SELECT backend_type, state, coalesce(wait_event_type, '') AS wtype,
       coalesce(wait_event, '') AS wevent, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS q
FROM pg_stat_activity
WHERE pid <> pg_backend_pid()
  AND (state IS DISTINCT FROM 'idle' OR backend_type <> 'client backend')
"""


class Sampler:
    """pg_stat_activity every `every` seconds on a connection of its own, kept with the
    wall-clock time of each sample (a stalled server shows as a gap between samples)."""

    def __init__(self, url: str, every: float) -> None:
        self.url = url
        self.every = every
        self.samples: list[tuple[float, float, list[dict[str, Any]]]] = []  # start, end, rows
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.conn = await asyncpg.connect(asyncpg_url(self.url))
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        statement = await self.conn.prepare(ACTIVITY)
        while True:
            begun = time.time()
            rows = [dict(r) for r in await statement.fetch()]
            self.samples.append((begun, time.time(), rows))
            await asyncio.sleep(max(0.0, self.every - (time.time() - begun)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.conn.close()

    def during(self, start: float, end: float) -> list[tuple[float, float, list[dict[str, Any]]]]:
        return [s for s in self.samples if s[1] >= start and s[0] <= end]


class GcPauses:
    """Python's garbage collections over 5 ms (wall-clock start, ms, generation)."""

    def __init__(self) -> None:
        import gc

        self.pauses: list[tuple[float, float, int]] = []
        self._began = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.time()
        elif (took := (time.time() - self._began) * 1000) > 5:
            self.pauses.append((self._began, took, info["generation"]))

    def during(self, start: float, end: float) -> list[tuple[float, float, int]]:
        return [g for g in self.pauses if g[0] <= end and g[0] + g[1] / 1000 >= start]


GC = GcPauses()


class PoolWaits:
    """The client side of the pool: new server connections opened, acquisitions that
    waited over 5 ms and queries over 20 ms as the client saw them (wall-clock start, ms)."""

    def __init__(self) -> None:
        from asyncpg.pool import Pool, PoolConnectionHolder

        self.connects: list[tuple[float, float]] = []
        self.acquires: list[tuple[float, float]] = []
        self.queries: list[tuple[float, float, str]] = []
        self.count = 0  # every query run
        connect, acquire = PoolConnectionHolder.connect, Pool._acquire

        async def timed_connect(holder: Any) -> None:
            began = time.time()
            await connect(holder)
            self.connects.append((began, (time.time() - began) * 1000))
            holder._con.add_query_logger(self._query)

        async def timed_acquire(pool: Any, timeout: Any) -> Any:  # noqa: ASYNC109
            began = time.time()
            try:
                return await acquire(pool, timeout)
            finally:
                if (took := (time.time() - began) * 1000) > 5:
                    self.acquires.append((began, took))

        PoolConnectionHolder.connect = timed_connect  # type: ignore[method-assign]
        Pool._acquire = timed_acquire  # type: ignore[method-assign]

    def _query(self, q: Any) -> None:
        self.count += 1
        if q.elapsed > 0.02:
            began = time.time() - q.elapsed
            self.queries.append((began, q.elapsed * 1000, " ".join(q.query.split())[:60]))

    @staticmethod
    def during(xs: list[Any], start: float, end: float) -> list[Any]:
        return [x for x in xs if x[0] <= end and x[0] + x[1] / 1000 >= start]


POOL = PoolWaits()


def asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def log_server_activity(url: str) -> None:
    """Checkpoints and every autovacuum in the server log (the bench's own server)."""
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute("ALTER SYSTEM SET log_checkpoints = on")
        await conn.execute("ALTER SYSTEM SET log_autovacuum_min_duration = 0")
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()


def stalls(slow: list[Slow], gap: float = 0.05) -> list[tuple[float, float, list[Slow]]]:
    """Slow commands grouped by overlap in time: (first start, last end, the commands)."""
    groups: list[tuple[float, float, list[Slow]]] = []
    for wall, ms, name in sorted(slow):
        end = wall + ms / 1000
        if groups and wall <= groups[-1][1] + gap:
            first, last, members = groups[-1]
            groups[-1] = (first, max(last, end), [*members, (wall, ms, name)])
        else:
            groups.append((wall, end, [(wall, ms, name)]))
    return groups


def server_log(pgdata: Path, start: float, end: float) -> list[str]:
    """The server log's checkpoints and autovacuum runs that overlap `start`..`end` (wall
    clock). Each is logged when it ends, with its length ("total=", "elapsed:")."""
    import datetime as dt
    import re

    path = pgdata / "log"
    if not path.exists():
        return []
    entries: list[list[str]] = []
    for line in path.read_text(errors="replace").splitlines():
        if re.match(r"\d{4}-\d\d-\d\d \d\d:", line):
            entries.append([line])
        elif entries:
            entries[-1].append(line.strip())
    found = []
    for entry in entries:
        head, text = entry[0], " ".join(entry)
        if "checkpoint complete" not in text and "automatic" not in text:
            continue
        at = dt.datetime.strptime(head[:23], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=dt.UTC)
        took = re.search(r"(?:total=|elapsed: )([\d.]+) s", text)
        finished = at.timestamp()
        began = finished - (float(took.group(1)) if took else 0.0)
        if began <= end and finished >= start:
            what = head[24:].split("LOG:", 1)[-1].strip()
            found.append(f"{head[11:23]} ({finished - began:.1f} s) {what[:110]}")
    return found


def explain_stalls(
    slow: list[Slow], sampler: Sampler | None, pgdata: Path, stall_ms: float, top: int = 6
) -> None:
    import collections
    import datetime as dt

    for wall, ms in [h for h in HELD if h[0] >= PHASE_STARTED]:
        why = [f"gc generation {g} {t:.0f} ms" for _, t, g in GC.during(wall, wall + ms / 1000)]
        why += [f"{w} ({t:.0f} ms)" for _, t, w in PoolWaits.during(STEPS, wall, wall + ms / 1000)]
        print(f"event loop held up {ms:.0f} ms at {wall - PHASE_STARTED:.2f} s: "
              f"{'; '.join(why) or 'no gc, no job step'}")  # fmt: skip
    groups = [g for g in stalls(slow) if len(g[2]) >= 2]
    print(f"\nstalls (>= 2 commands over {stall_ms:.0f} ms overlapping): {len(groups)}")
    for first, last, cmds in sorted(groups, key=lambda g: -len(g[2]))[:top]:
        when = dt.datetime.fromtimestamp(first, dt.UTC).strftime("%H:%M:%S.%f")[:-3]
        print(f"- {when} ({first - PHASE_STARTED:.2f} s into the phase) for "
              f"{(last - first) * 1000:.0f} ms: {len(cmds)} commands, "
              f"slowest {max(c[1] for c in cmds):.0f} ms")  # fmt: skip
        if sampler is not None:
            seen = sampler.during(first, last)
            longest = max((s[1] - s[0] for s in seen), default=0.0) * 1000
            waits: collections.Counter[str] = collections.Counter()
            others: collections.Counter[str] = collections.Counter()
            for _begun, _end, rows in seen:
                for r in rows:
                    if r["backend_type"] == "client backend":
                        what = f"{r['wtype']}:{r['wevent']}" if r["wtype"] else "CPU"
                        waits[what] += 1
                    elif r["wtype"] not in ("Activity",) or r["backend_type"].startswith("auto"):
                        others[f"{r['backend_type']} {r['wtype']}:{r['wevent']}"] += 1
            print(f"    {len(seen)} samples, the slowest took {longest:.0f} ms; "
                  f"client backends: {dict(waits.most_common(5))}")  # fmt: skip
            if others:
                print(f"    other processes: {dict(others.most_common(5))}")
            queries: collections.Counter[str] = collections.Counter(
                r["q"] for _b, _e, rows in seen for r in rows
                if r["backend_type"] == "client backend" and r["wtype"] not in ("", "Client")
            )  # fmt: skip
            for q, n in queries.most_common(3):
                print(f"    waiting x{n}: {q}")
            states: collections.Counter[str] = collections.Counter(
                f"{r['state']} {r['wtype']}:{r['wevent']}" for _b, _e, rows in seen for r in rows
                if r["backend_type"] == "client backend"
            )  # fmt: skip
            print(f"    client backends by state: {dict(states.most_common(6))}")
        opened = POOL.during(POOL.connects, first, last)
        waited = POOL.during(POOL.acquires, first, last)
        slowq = POOL.during(POOL.queries, first, last)
        print(f"    client: {len(opened)} connections opened, {len(waited)} pool acquisitions "
              f"over 5 ms (longest {max((x[1] for x in waited), default=0):.0f} ms), "
              f"{len(slowq)} queries over 20 ms"
              + "".join(f"\n      {ms:.0f} ms {q}" for _, ms, q in slowq[:3]))  # fmt: skip
        for _began, took, what in PoolWaits.during(STEPS, first, last):
            print(f"    job {what} ({took:.0f} ms)")
        for _began, took, generation in GC.during(first, last):
            print(f"    Python gc (generation {generation}) for {took:.0f} ms")
        for line in server_log(pgdata, first, last)[:4]:
            print(f"    log {line}")


async def drain(
    stop: asyncio.Event, done: dict[str, float], tell: Callable[[list[Offer], Any], Awaitable[Any]]
) -> None:
    while not stop.is_set():
        start, wall = time.perf_counter(), time.time()
        expired = await jobs.expire_offers(tell)
        STEPS.append((wall, (time.time() - wall) * 1000, f"expire_offers: {expired} offers"))
        wall = time.time()
        sealed = await jobs.seal_audit()
        STEPS.append((wall, (time.time() - wall) * 1000, f"seal_audit: {sealed} rows"))
        done["expired"] += expired
        done["steps"] += 1
        done["longest_step_ms"] = max(done["longest_step_ms"], (time.perf_counter() - start) * 1e3)
        if not expired:
            await asyncio.sleep(0.5)


STEPS: list[tuple[float, float, str]] = []  # the jobs' runs: wall-clock start, ms, what


def bench_settings(api_base: str, data_dir: Path) -> Settings:
    """A bot logged in to the REST stand-in at `api_base`; the bench runs the job functions
    itself (drain), and nothing listens for the outbox."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        discord_application_id=1000,
        discord_api_base=api_base,
        data_dir=data_dir,
        web_enabled=False,
        jobs="none",
        outbox_listen=False,
    )


async def drain_worker(url: str, api_base: str, data: Path) -> None:
    """`--jobs-in-worker`'s other process, as `bloxtr8 worker` runs the jobs: its own pool
    and a REST-only bot (no gateway) whose Offers cog tells the parties; drains until
    stdin closes, then prints what it did as one line of JSON."""
    import json

    await Tortoise.init(config=tortoise_config(url, pool_min=2, pool_max=4, light_release=True))
    bot = create_bot(bench_settings(api_base, data / "worker"), freeze_gc=True)
    await bot.login("stand-in-token")
    stop, done = asyncio.Event(), {"expired": 0.0, "steps": 0.0, "longest_step_ms": 0.0}
    job = asyncio.create_task(drain(stop, done, bot.get_cog("Offers").tell_expired))
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    stop.set()
    await job
    await bot.close()
    await Tortoise.close_connections()
    print(json.dumps({**done, "steps_log": STEPS}), flush=True)


async def read_listing(offers: list[Offer], conn: Any) -> None:
    """What the cog's notice reads before it messages both parties (direct mode)."""
    await Listing.filter(id__in=[o.listing_id for o in offers]).using_db(conn)


def report(
    title: str, lat: dict[str, list[float]], refused: int, seconds: float, cpu: float
) -> None:
    total = sum(len(v) for k, v in lat.items() if not k.startswith("("))
    print(f"\n{title}: {total} commands in {seconds:.0f} s ({total / seconds:.0f}/s), "
          f"{refused} refusals; this process's CPU {cpu:.1f} s "
          f"({cpu / max(total, 1) * 1000:.1f} ms a command, all included)")  # fmt: skip
    print(f"{'command':<16} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, xs in lat.items():
        top = max(xs, default=0.0)
        print(f"{name:<16} {len(xs):>6} {pct(xs, 50):8.1f} {pct(xs, 99):8.1f} {top:8.1f}")


async def discord_bot(
    data: Path, guild: Guild, api_here: bool
) -> tuple[Any, Gateway, Place, Callable[[], Awaitable[None]]]:
    """The real bot, logged in to the REST stand-in, with the seeded guild in its cache.
    The stand-in runs in a process of its own unless `api_here`."""
    if api_here:
        api: FakeDiscordApi | DiscordApiProcess = FakeDiscordApi(per_channel=50, window=1.0)
        runner, base = await start(api)
        stop = runner.cleanup
    else:
        api = DiscordApiProcess(per_channel=50, window=1.0)
        base = await api.start()
        stop = api.stop
    bot = create_bot(bench_settings(base, data / "bot"), freeze_gc=True)  # as `bloxtr8 run`
    await bot.login("stand-in-token")  # runs setup_hook: the services and the cogs
    gateway = Gateway(bot, api)
    place = Place(guild.discord_id, guild.discord_id + 1, guild.name)
    bot._connection.guild_ready_timeout = 0.1
    await gateway.connect([place])
    return bot, gateway, place, stop


async def main(a: argparse.Namespace) -> None:
    data = Path(a.data_dir) if a.data_dir else Path(tempfile.mkdtemp(prefix="bloxtr8-cuj-"))
    fresh = not (data / "pg" / "PG_VERSION").exists()
    server = start_embedded(data / "pg")
    bot = stop_api = None
    try:
        if fresh:
            await migrate.upgrade(server.url)
            t0 = time.perf_counter()
            await seed_scale(server.url, a.scale)
            print(f"seeded scale {a.scale} in {time.perf_counter() - t0:.0f} s")
        await log_server_activity(server.url)
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
              f"members: {len(members)}; through {a.through}")  # fmt: skip
        rng = random.Random(1)
        if a.through == "discordpy":
            bot, gateway, place, stop_api = await discord_bot(data, guild, a.api_here)
            commands = discord_commands(gateway, place, listing_ids, rng)
            tell = bot.get_cog("Offers").tell_expired
        else:
            commands = direct_commands(guild, listing_ids, rng)
            tell = read_listing
            freeze_startup_objects()  # as the running bot does after its setup
        sampler = Sampler(server.url, a.sample_ms / 1000) if a.sample_ms else None
        if sampler is not None:
            await sampler.start()
        # Warm-up, not counted: each pool connection prepares its statements once.
        await phase(members, commands, a.warmup, rng, a.think_ms, a.stall_ms)

        cpu = time.process_time()
        lat, refused, slow = await phase(members, commands, a.seconds, rng, a.think_ms, a.stall_ms)
        report("jobs paused", lat, refused, a.seconds, time.process_time() - cpu)
        explain_stalls(slow, sampler, data / "pg", a.stall_ms)

        stop = asyncio.Event()
        done = {"expired": 0.0, "steps": 0.0, "longest_step_ms": 0.0}
        before = await backlog()
        t0 = time.perf_counter()
        worker = None
        if a.jobs_in_worker:  # the jobs in a process of their own, as `bloxtr8 worker`
            assert bot is not None, "--jobs-in-worker needs --through discordpy"
            worker = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--drain-worker", server.url,
                bot.settings.discord_api_base, "--data-dir", str(data),
                *(["--asyncio"] if a.asyncio else []), "--job-rest", str(a.job_rest),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            assert worker.stdout is not None and worker.stdin is not None
            assert (await worker.stdout.readline()).strip() == b"ready"
            t0 = time.perf_counter()
            job = None
        else:
            job = asyncio.create_task(drain(stop, done, tell))
        cpu = time.process_time()
        lat, refused, slow = await phase(members, commands, a.seconds, rng, a.think_ms, a.stall_ms)
        stop.set()
        if worker is not None:
            import json

            assert worker.stdin is not None
            worker.stdin.close()
            out, _ = await worker.communicate()
            got = json.loads(out.decode().strip().splitlines()[-1])
            STEPS.extend(tuple(x) for x in got.pop("steps_log"))
            done.update(got)
        elif job is not None:
            await job
        spent = time.perf_counter() - t0
        report("while the jobs drain the backlog", lat, refused, a.seconds,
               time.process_time() - cpu)  # fmt: skip
        explain_stalls(slow, sampler, data / "pg", a.stall_ms)
        print(
            f"\njobs: {done['expired']:.0f} offers expired in {spent:.0f} s "
            f"({done['expired'] / spent:.0f}/s), {done['steps']:.0f} steps, longest step "
            f"{done['longest_step_ms']:.0f} ms; backlog {before:,} -> {await backlog():,}"
        )
        for wall, ms, what in STEPS:
            print(f"  {time.strftime('%H:%M:%S', time.gmtime(wall))} {what} in {ms:.0f} ms")
        print(f"load {os.getloadavg()}")  # fmt: skip
        if sampler is not None:
            await sampler.stop()
    finally:
        if bot is not None:
            await bot.close()
        if stop_api is not None:
            await stop_api()
        await Tortoise.close_connections()
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
    p.add_argument(
        "--through",
        choices=("discordpy", "direct"),
        default="discordpy",
        help="the real bot fed gateway payloads, or the cogs' database work called directly",
    )
    p.add_argument(
        "--sample-ms", type=float, default=10, help="pg_stat_activity every N ms (0: off)"
    )
    p.add_argument(
        "--api-here",
        action="store_true",
        help="serve the Discord stand-in in this process (default: a process of its own)",
    )
    p.add_argument("--stall-ms", type=float, default=20, help="a command this slow is in a stall")
    p.add_argument(
        "--jobs-in-worker",
        action="store_true",
        help="drain in a process of its own (as `bloxtr8 worker` runs the jobs), not the bot's",
    )
    p.add_argument(
        "--job-rest",
        type=float,
        default=jobs.JOB_REST,
        help="how many times a batch's time a job rests before its next (the bot's setting)",
    )
    p.add_argument(
        "--asyncio",
        action="store_true",
        help="asyncio's own event loop (default: uvloop's when installed, as `bloxtr8 run`)",
    )
    p.add_argument("--drain-worker", nargs=2, metavar=("URL", "API_BASE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    jobs.JOB_REST = args.job_rest
    run = asyncio.run if args.asyncio else fast_loop()
    if args.drain_worker:
        run(drain_worker(*args.drain_worker, Path(args.data_dir)))
    else:
        print(f"event loop: {'asyncio' if run is asyncio.run else 'uvloop'}")
        run(main(args))

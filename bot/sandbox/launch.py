"""`bloxtr8 demo` from the command line: its data directory, its port, its lifetime."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import importlib
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import asyncpg

from bot.config import Settings, SetupError
from bot.db import Database, libpq_url, orm
from bot.sandbox.phases import Phases

WithDatabase = Callable[[Settings, Callable[[Database], Coroutine[Any, Any, int]]], int]


def check_port(port: int) -> None:
    """Refuse at once, in one line, when the demo's port is taken (a demo already runs)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SetupError(
                    f"a demo is already running on port {port} (open http://127.0.0.1:{port}/)"
                    ", or another program uses that port; pass --port to pick another."
                ) from exc
            raise SetupError(
                f"the demo cannot listen on 127.0.0.1:{port} ({exc.strerror})."
            ) from exc


# What a demo world leaves in its data directory besides the database.
WORLD_FILES = ("audit-heads.log", "contracts")


async def clear_world(url: str, data_dir: Path) -> bool:
    """Empty the database of the previous demo world; returns whether there was one.

    Simulated Discord, the Stripe stand-in and the chain live in memory, so a restarted
    demo has new Discord ids, no payments and no chain: a world kept from the last run
    would stand beside a second one seeded now, with trades nobody can continue. So the
    world is made afresh, the same way, at every start; the data directory (and its
    initialised PostgreSQL) is kept, which makes the next start quick.
    """
    conn = await asyncpg.connect(libpq_url(url))
    try:
        had = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if had:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()
    for name in WORLD_FILES:
        path = data_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return bool(had)


def import_in_background(module: str) -> threading.Thread:
    """Import `module` on a thread, to be joined before it is used.

    The demo's imports (simulated Discord, web3.py, py-evm, the bot) take seconds of
    Python's time; starting the embedded PostgreSQL (initdb on a first start) is another
    process's, so the two go side by side. A failed import is left for the importer to
    raise again where the module is used."""

    def load() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    thread = threading.Thread(target=load, name=f"import {module}", daemon=True)
    thread.start()
    return thread


def run_demo(
    settings: Settings,
    args: argparse.Namespace,
    *,
    with_database: WithDatabase,
    say: Callable[..., None],
) -> int:
    check_port(args.port)
    data_dir = (args.data_dir or settings.data_dir / "demo").absolute()
    if args.reset and data_dir.exists():
        shutil.rmtree(data_dir)
        say(f"Removed the demo's data in {data_dir}.")
    demo_settings = settings.model_copy(update={"data_dir": data_dir, "database_url": None})
    phases = Phases()

    importer = import_in_background("bot.sandbox.demo")

    async def work(database: Database) -> int:
        phases.add("embedded PostgreSQL start", time.perf_counter() - phases.started)
        with phases.timed("imports"):
            importer.join()
            from bot import audit_cli, migrate
            from bot.sandbox.chain import start_chain
            from bot.sandbox.demo import running_demo

        # The in-process chain deploys its contracts (Python's work) while PostgreSQL
        # clears the last world and migrates (the server's work).
        chain = asyncio.create_task(start_chain())
        try:
            url = audit_cli.migration_url(demo_settings, database)
            with phases.timed("clearing the last world"):
                cleared = await clear_world(url, data_dir)
            if cleared:
                say("Cleared the last demo world: simulated Discord, Stripe and chain start empty.")
            with phases.timed("migrations"):
                await migrate.upgrade(url)
        except BaseException:
            chain.cancel()
            raise
        with phases.timed("chain and contracts (after the migrations)"):
            deployed = await chain
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        demo = running_demo(demo_settings, args.port, phases, deployed)
        async with orm(database.url), demo as url:
            phases.summary("started")
            say(f"Database: {libpq_url(database.url)}")
            print(f"Bloxtr8 demo: {url}", flush=True)
            say("Open it in a browser; Ctrl-C stops the demo.")
            await stop.wait()
            say("Stopping the demo…")
        return 0

    code = with_database(demo_settings, work)
    # Everything is closed by now. Python's last garbage collection on the way out walks
    # every object the demo made (web3, py-evm, simulated Discord): seconds more after
    # Ctrl-C. Frozen objects are left out of that collection.
    gc.freeze()
    return code

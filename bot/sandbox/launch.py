"""`bloxtr8 demo` from the command line: its data directory, its port, its lifetime."""

from __future__ import annotations

import argparse
import asyncio
import errno
import shutil
import signal
import socket
from collections.abc import Callable, Coroutine
from typing import Any

from bot.config import Settings, SetupError
from bot.db import Database, libpq_url, orm

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

    async def work(database: Database) -> int:
        from bot import audit_cli, migrate
        from bot.sandbox.demo import running_demo

        await migrate.upgrade(audit_cli.migration_url(demo_settings, database))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        async with orm(database.url), running_demo(demo_settings, args.port) as url:
            say(f"Database: {libpq_url(database.url)}")
            print(f"Bloxtr8 demo: {url}", flush=True)
            say("Open it in a browser; Ctrl-C stops the demo.")
            await stop.wait()
            say("Stopping the demo…")
        return 0

    return with_database(demo_settings, work)

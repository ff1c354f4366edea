"""The `bloxtr8` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot import audit_cli, chain_cli
from bot.config import Settings, SetupError, load_settings
from bot.db import (
    EXIT_BUG,
    EXIT_DATABASE,
    EXIT_NOT_MIGRATED,
    EXIT_PROBLEM,
    EXIT_USAGE,
    Database,
    check_url,
    describe_url,
    embedded_status,
    libpq_url,
    open_database,
    orm,
    start_embedded,
    stop_embedded,
)
from bot.logs import setup_logging
from models import storage

log = logging.getLogger("bloxtr8")

MISSING_CREDENTIALS_HELP = """\
No Discord bot token is configured, so the bot cannot log in.

To get one:
  1. Open https://discord.com/developers/applications and create an application.
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Put it in a .env file next to where you run bloxtr8:  DISCORD_TOKEN=<token>
     (and DISCORD_APPLICATION_ID=<the application id from "General Information">).
  4. Invite the bot with the "bot" and "applications.commands" scopes.

See .env.example for every setting."""


EXIT_INTERRUPTED = 130

EXIT_CODES = f"""\
exit codes:
  0    success
  {EXIT_PROBLEM}    the command ran and reports a problem (broken audit chain, unmigrated
       model changes, a confirmation answered "no")
  {EXIT_USAGE}    a bad argument or setting, or a missing token or confirmation
  {EXIT_DATABASE}    the database cannot be reached or the embedded one cannot start
  {EXIT_NOT_MIGRATED}    the database is not in the state the command needs (e.g. no migrations
       applied yet, or nothing to downgrade)
  {EXIT_BUG}   an unexpected error (run again with --debug and report the traceback)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)

Errors are one or two plain lines; --debug (or LOG_LEVEL=DEBUG) adds the traceback."""

OLD_DATA_DIR = Path(".bloxtr8")


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def _say_data_dir(settings: Settings) -> None:
    """Say which database and data directory this command uses (on stderr)."""
    if _external(settings):
        assert settings.database_url is not None
        check_url(settings.database_url.get_secret_value())
        where = f"PostgreSQL at {describe_url(settings.database_url.get_secret_value())}"
        _eprint(f"Database: {where} (DATABASE_URL); data directory: {settings.data_dir}")
    else:
        _eprint(f"Data directory: {settings.data_dir} (embedded PostgreSQL in {settings.pg_dir})")
    if "data_dir" not in settings.model_fields_set and (OLD_DATA_DIR / "pg").is_dir():
        old = OLD_DATA_DIR.absolute()
        _eprint(
            f"note: {old} holds a database from an earlier bloxtr8, which used ./.bloxtr8 by "
            f"default; set DATA_DIR={old} to keep using it."
        )


def _open(settings: Settings) -> Database:
    _say_data_dir(settings)
    return open_database(settings, say=_eprint)


def _with_database(
    settings: Settings,
    work: Callable[[Database], Coroutine[Any, Any, int]],
    run: Callable[[Coroutine[Any, Any, int]], int] = asyncio.run,
) -> int:
    """Open the database (embedded if needed), run `work`, and release the server after."""
    database = _open(settings)
    try:
        return run(work(database))
    finally:
        database.release()


def fast_loop() -> Callable[[Coroutine[Any, Any, int]], int]:
    """uvloop's event loop when it is installed (`pip install bloxtr8[fast]`), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    run: Callable[[Coroutine[Any, Any, int]], int] = uvloop.run
    return run


def _applying(name: str) -> None:
    _eprint(f"Applying migration {name}…")


def _check_port_free(host: str, port: int) -> None:
    """Fail before anything starts when the web server could not listen where configured."""
    if port == 0:
        return
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise SetupError(
            f"WEB_HOST={host!r} is not a name or address of this machine ({exc.strerror}).",
            "Set WEB_HOST to an address to listen on, e.g. 127.0.0.1 or 0.0.0.0.",
        ) from exc
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SetupError(
                    f"the web server cannot listen on {host}:{port}: the port is already in use.",
                    "Stop the program that uses it, or set WEB_PORT to a free port.",
                ) from exc
            raise SetupError(
                f"the web server cannot listen on {host}:{port} ({exc.strerror}).",
                "Set WEB_HOST and WEB_PORT to an address and port this user may listen on.",
            ) from exc


def _quiet_voice_warnings() -> None:
    """Bloxtr8 has no voice features: discord.py need not warn that voice is unsupported."""
    import discord

    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


# --- bloxtr8 run --------------------------------------------------------------------------


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """All in one (gateway, web server, jobs), or with `--shards` those gateway shards only."""
    return _serve(run_settings(settings, args), args, gateway=True)


def run_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings `bloxtr8 run` serves with: with `--shards`, those shards of
    `--shard-count` (or SHARD_COUNT), and no web server unless `--web-port` asks for one
    (health, `/readyz` per shard, `/metrics`)."""
    if args.shards is None:
        if args.web_port is None:
            return settings
        return settings.model_copy(update={"web_port": args.web_port})
    count = args.shard_count or settings.shard_count
    if count is None:
        raise SetupError("--shards needs the total number of shards.", "Add --shard-count N.")
    if max(args.shards) >= count:
        raise SetupError(
            f"shard {max(args.shards)} is out of range for {count} shards (0 to {count - 1}).",
            "Name shards below --shard-count.",
        )
    web: dict[str, Any] = {"web_enabled": args.web_port is not None}
    if args.web_port is not None:
        web["web_port"] = args.web_port
    return settings.model_copy(update={"shard_ids": args.shards, "shard_count": count, **web})


def cmd_web(settings: Settings, args: argparse.Namespace) -> int:
    """Webhooks and pages with no gateway connection (Discord's REST API only)."""
    args.sync = False
    return _serve(settings.model_copy(update={"web_enabled": True}), args, gateway=False)


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Background jobs and the notification outbox only: no gateway, no web server."""
    args.sync = False
    return _serve(settings.model_copy(update={"web_enabled": False}), args, gateway=False)


def _serve(settings: Settings, args: argparse.Namespace, *, gateway: bool) -> int:
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    if not token:
        _eprint(MISSING_CREDENTIALS_HELP)
        return EXIT_USAGE
    if settings.web_enabled:
        _check_port_free(settings.web_host, settings.web_port)
    _quiet_voice_warnings()

    async def work(database: Database) -> int:
        import aiohttp
        import discord

        from bot import migrate
        from bot.app import create_bot

        applied = await migrate.upgrade(
            audit_cli.migration_url(settings, database), on_apply=_applying
        )
        if applied:
            log.info("Applied migrations: %s", ", ".join(applied))
        async with orm(database.url, pool_min=settings.db_pool_min, pool_max=settings.db_pool_max):
            bot = create_bot(settings, sync_commands=args.sync, freeze_gc=True)
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, _shutdown, bot, sig)
            try:
                if gateway:
                    await bot.start(token)
                else:
                    await bot.start_rest_only(token)
            except discord.LoginFailure:
                _eprint(
                    "Discord refused the bot token. " + MISSING_CREDENTIALS_HELP.split("\n", 2)[2]
                )
                return EXIT_USAGE
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:  # taken between the check and the start
                    raise SetupError(
                        f"the web server cannot listen on port {settings.web_port}: "
                        "the port is already in use.",
                        "Stop the program that uses it, or set WEB_PORT to a free port.",
                    ) from exc
                _eprint(f"Could not reach Discord ({exc}). Check the network and try again.")
                return EXIT_PROBLEM
            except aiohttp.ClientError as exc:
                _eprint(f"Could not reach Discord ({exc}). Check the network and try again.")
                return EXIT_PROBLEM
            finally:
                if not bot.is_closed():
                    await bot.close()
        log.info("Bloxtr8 stopped cleanly.")
        return 0

    return _with_database(settings, work, fast_loop())


_closing: set[asyncio.Task[None]] = set()


def _shutdown(bot: Any, sig: signal.Signals) -> None:
    """Close the bot (jobs, web server, Discord, Roblox client, rails) and let `run` finish."""
    log.info("Received %s, shutting down…", sig.name)
    task = asyncio.get_running_loop().create_task(bot.close())
    _closing.add(task)  # keep a reference until it is done
    task.add_done_callback(_closing.discard)


# --- bloxtr8 demo ------------------------------------------------------------------------


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox.launch import run_demo

    return run_demo(settings, args, with_database=_with_database, say=_eprint)


# --- bloxtr8 db … -------------------------------------------------------------------------


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    async def work(database: Database) -> int:
        applied = await migrate.upgrade(
            audit_cli.migration_url(settings, database), on_apply=_applying
        )
        print("Applied: " + ", ".join(applied) if applied else "Database is up to date.")
        return 0

    return _with_database(settings, work)


def cmd_db_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    async def work(database: Database) -> int:
        pending = await migrate.pending(database.url)
        if pending:
            _eprint("Apply pending migrations first (bloxtr8 db upgrade): " + ", ".join(pending))
            return EXIT_NOT_MIGRATED
        version = await migrate.make_migration(database.url, args.name)
        if version is None:
            print("No model changes: no migration written.")
            return 0
        print(f"Wrote migrations/models/{version}. Read it, then run `bloxtr8 db upgrade`.")
        return 0

    return _with_database(settings, work)


def cmd_db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    async def work(database: Database) -> int:
        reverted = await migrate.downgrade(database.url, args.version)
        print("Reverted: " + ", ".join(reverted))
        return 0

    return _with_database(settings, work)


def cmd_db_history(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    async def work(database: Database) -> int:
        rows = await migrate.history(database.url)
        for name, applied in rows:
            print(f"{'applied' if applied else 'pending'}  {name}")
        if not any(applied for _, applied in rows):
            _eprint("No migrations applied yet: run `bloxtr8 db upgrade`.")
        return 0

    return _with_database(settings, work)


def cmd_db_check(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    async def work(database: Database) -> int:
        changes = await migrate.unmigrated_changes(database.url)
        if changes:
            _eprint("The models have changes that no migration holds:")
            for sql in changes:
                _eprint(f"  {sql}")
            _eprint("Run `bloxtr8 db migrate --name <what changed>` to write one.")
            return EXIT_PROBLEM
        print("Models and migrations agree.")
        return 0

    return _with_database(settings, work)


def cmd_db_start(settings: Settings, args: argparse.Namespace) -> int:
    if _external(settings):
        _eprint("DATABASE_URL is set: there is no embedded server to start.")
        return EXIT_USAGE
    _say_data_dir(settings)
    embedded = start_embedded(settings.pg_dir, keep_running=True, say=_eprint)
    print(f"Embedded PostgreSQL is running in {embedded.pgdata}")
    print(f"URL: {libpq_url(embedded.url)}")
    print("Other bloxtr8 commands reuse it; `bloxtr8 db stop` stops it.")
    return 0


def cmd_db_stop(settings: Settings, args: argparse.Namespace) -> int:
    if _external(settings):
        _eprint("DATABASE_URL is set: there is no embedded server to stop.")
        return EXIT_USAGE
    _say_data_dir(settings)
    if stop_embedded(settings.pg_dir):
        print("Embedded PostgreSQL stopped.")
    else:
        print("Embedded PostgreSQL was not running.")
    return 0


def cmd_db_status(settings: Settings, args: argparse.Namespace) -> int:
    _say_data_dir(settings)
    if _external(settings):
        assert settings.database_url is not None
        where = describe_url(settings.database_url.get_secret_value())
        print(f"Using DATABASE_URL (an external PostgreSQL at {where}).")
        return 0
    running = embedded_status(settings.pg_dir)
    print(f"Embedded PostgreSQL in {settings.pg_dir}: {'running' if running else 'stopped'}")
    return 0


def cmd_db_url(settings: Settings, args: argparse.Namespace) -> int:
    async def work(database: Database) -> int:
        print(libpq_url(database.url))
        if database.embedded is not None and not database.embedded.shared:
            _eprint(
                "note: this embedded server stops when the command exits; "
                "run `bloxtr8 db start` to keep it running for other tools."
            )
        return 0

    return _with_database(settings, work)


def cmd_db_shell(settings: Settings, args: argparse.Namespace) -> int:
    database = _open(settings)
    try:
        psql = str(database.bin_dir / "psql") if database.bin_dir else shutil.which("psql")
        if psql is None:
            _eprint("psql was not found on PATH. Install the PostgreSQL client.")
            return EXIT_USAGE
        return subprocess.call([psql, libpq_url(database.url), *args.psql_args])  # noqa: S603
    finally:
        database.release()


def cmd_db_reset(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate

    if not args.yes:
        where = (
            "the external database in DATABASE_URL"
            if _external(settings)
            else "the embedded database"
        )
        try:
            answer = input(f"This deletes every row in {where}. Type 'reset' to go on: ")
        except EOFError:
            raise SetupError(
                "db reset asks for confirmation, but there is no terminal to answer it.",
                "Run `bloxtr8 db reset --yes` to reset without asking.",
            ) from None
        if answer.strip().lower() != "reset":
            print("Nothing changed.")
            return EXIT_PROBLEM

    async def work(database: Database) -> int:
        import asyncpg

        conn = await asyncpg.connect(libpq_url(database.url))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()
        applied = await migrate.upgrade(
            audit_cli.migration_url(settings, database), on_apply=_applying
        )
        print(f"Database reset; applied {len(applied)} migration(s).")
        return 0

    return _with_database(settings, work)


def cmd_db_seed(settings: Settings, args: argparse.Namespace) -> int:
    from bot import migrate, seed

    async def work(database: Database) -> int:
        await migrate.upgrade(audit_cli.migration_url(settings, database), on_apply=_applying)
        if args.scale and not args.yes:
            await _refuse_scale_over_data(database.url, args.scale)
        started = time.perf_counter()
        if args.scale:
            counts = await seed.seed_scale(database.url, args.scale, progress=_progress)
        else:
            async with orm(database.url):
                counts = await seed.seed_demo(contracts_dir=settings.contracts_dir)
        elapsed = time.perf_counter() - started
        _eprint("")
        for table, count in counts.items():
            print(f"{table:24} {count:>12,}")
        print(f"done in {elapsed:.1f} s")
        return 0

    return _with_database(settings, work)


async def _refuse_scale_over_data(url: str, scale: int) -> None:
    import asyncpg

    conn = await asyncpg.connect(libpq_url(url))
    try:
        users = await conn.fetchval("SELECT count(*) FROM users")
        listings = await conn.fetchval("SELECT count(*) FROM listings")
    finally:
        await conn.close()
    if users or listings:
        raise SetupError(
            f"the database already has data ({users:,} users, {listings:,} listings); "
            f"--scale {scale} would add {scale * 10_000:,} users and {scale * 50_000:,} "
            "listings to it.",
            "Run again with --yes to add them anyway, or `bloxtr8 db reset` first.",
        )


_last_progress = [0.0]


def _progress(table: str, done: int, total: int) -> None:
    now = time.monotonic()
    if done < total and now - _last_progress[0] < 0.5:
        return
    _last_progress[0] = now
    pct = 100 * done / total if total else 100
    sys.stderr.write(f"\r{table:20} {done:>10,}/{total:,} ({pct:5.1f}%)")
    sys.stderr.flush()
    if done >= total:
        sys.stderr.write("\n")


# --- bloxtr8 audit … and db runtime-role: bot/audit_cli.py ----------------------------------


def _external(settings: Settings) -> bool:
    return bool(settings.database_url and settings.database_url.get_secret_value())


# --- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bloxtr8",
        description="Bloxtr8: escrow and verification for Roblox trades.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the bot (database, migrations, Discord)")
    run.add_argument(
        "--no-sync", dest="sync", action="store_false", help="don't sync slash commands"
    )
    run.add_argument(
        "--shards",
        type=_shard_list,
        metavar="IDS",
        help="run these gateway shards only (e.g. 0-3 or 0,2), no web server; DMs arrive on 0",
    )
    run.add_argument(
        "--shard-count", type=_positive_int, metavar="N", help="how many shards in all"
    )
    run.add_argument(
        "--web-port",
        type=_port,
        metavar="PORT",
        help="the web server's port; with --shards, serve one (health, /readyz per shard)",
    )
    run.set_defaults(func=cmd_run)
    sub.add_parser(
        "web", help="serve webhooks and pages, and run the jobs set for it, with no gateway"
    ).set_defaults(func=cmd_web)
    sub.add_parser(
        "worker", help="run background jobs and send notifications, with no gateway"
    ).set_defaults(func=cmd_worker)

    demo = sub.add_parser(
        "demo", help="try Bloxtr8 in a browser: simulated Discord, local Stripe, Roblox, chain"
    )
    demo.add_argument("--port", type=_positive_int, default=8780, help="the demo page's port")
    demo.add_argument("--data-dir", type=Path, help="where the demo keeps its database (kept)")
    demo.add_argument(
        "--reset", action="store_true", help="remove the data directory first (database included)"
    )
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="database commands").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="apply pending migrations").set_defaults(func=cmd_db_upgrade)
    migrate_p = db.add_parser("migrate", help="write a migration from model changes")
    migrate_p.add_argument("--name", required=True, help="what changed, e.g. add_wallet_note")
    migrate_p.set_defaults(func=cmd_db_migrate)
    down = db.add_parser("downgrade", help="revert the last migration")
    down.add_argument(
        "--version", type=int, default=-1, help="revert every migration from this number on"
    )
    down.set_defaults(func=cmd_db_downgrade)
    db.add_parser("history", help="list migrations").set_defaults(func=cmd_db_history)
    db.add_parser("check", help="fail when models have unmigrated changes").set_defaults(
        func=cmd_db_check
    )
    db.add_parser("start", help="keep the embedded server running").set_defaults(func=cmd_db_start)
    db.add_parser("stop", help="stop the embedded server").set_defaults(func=cmd_db_stop)
    db.add_parser("status", help="is the embedded server running?").set_defaults(func=cmd_db_status)
    db.add_parser("url", help="print the database URL").set_defaults(func=cmd_db_url)
    shell = db.add_parser("shell", help="open psql on the database")
    shell.set_defaults(func=cmd_db_shell)
    reset = db.add_parser("reset", help="drop everything and re-apply migrations")
    reset.add_argument("--yes", action="store_true", help="don't ask for confirmation")
    reset.set_defaults(func=cmd_db_reset)
    seed_p = db.add_parser("seed", help="load demo data (or --scale S for benchmark volume)")
    seed_p.add_argument(
        "--scale", type=_positive_int, default=0, help="S×10k users, S×50k listings, …"
    )
    seed_p.add_argument(
        "--yes", action="store_true", help="with --scale: add to a database that has data"
    )
    seed_p.set_defaults(func=cmd_db_seed)

    audit = sub.add_parser("audit", help="audit trail").add_subparsers(dest="audit", required=True)
    audit_cli.add_commands(audit, db, _with_database)
    chain_cli.add_commands(sub)
    return parser


def _shard_list(text: str) -> list[int]:
    """`0-3`, `0,2,5` or `0-3,8`: shard ids, sorted, each once."""
    ids: set[int] = set()
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            ids.update(range(int(first), int(last or first) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of shards like 0-3") from None
    if not ids or min(ids) < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of shards like 0-3")
    return sorted(ids)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is 0 to 65535")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bloxtr8")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "func", None) is not cmd_db_shell:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.psql_args = extra  # `bloxtr8 db shell -c "select 1"` passes the rest to psql
    debug = args.debug or os.environ.get("LOG_LEVEL", "").strip().upper() == "DEBUG"
    try:
        settings = load_settings()
        setup_logging("DEBUG" if debug else settings.log_level, settings.log_format)
        storage.configure(settings.documents_s3)
        return int(args.func(settings, args))
    except SetupError as exc:
        if debug:
            traceback.print_exc()
        _eprint(f"error: {exc.message}")
        if exc.hint:
            _eprint(exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        _eprint("Interrupted.")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _eprint(f"error: unexpected {type(exc).__name__}: {exc}")
        if not debug:
            _eprint("Run again with --debug to see the traceback, and report it if it persists.")
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())

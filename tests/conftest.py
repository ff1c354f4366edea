"""Test harness: one real PostgreSQL for the session, a clean database per test.

With `TEST_DATABASE_URL` (a superuser URL to any database on a PostgreSQL server) the
tests create their databases on that server; otherwise they start an embedded
PostgreSQL in a temporary directory and stop it at the end.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import simcord
from pydantic import SecretStr
from tortoise import Tortoise, connections
from tortoise.exceptions import OperationalError

from bot import migrate
from bot.app import Bloxtr8Bot, create_bot
from bot.config import Settings
from bot.db import libpq_url, start_embedded, tortoise_config
from bot.sandbox.roblox_app import FakeRoblox
from bot.sandbox.stripe_server import StripeServer, running_stripe
from models.errors import DomainError
from models.roblox_api import RobloxError


@dataclass
class PgServer:
    """Where test databases live: `url_for(name)` gives a database's URL on the server."""

    admin_url: str

    def url_for(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

    async def create_database(self, name: str) -> str:
        conn = await asyncpg.connect(libpq_url(self.admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.url_for(name)

    async def drop_database(self, name: str) -> None:
        conn = await asyncpg.connect(libpq_url(self.admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield PgServer(admin_url=external)
        return
    pgdata = tmp_path_factory.mktemp("pg") / "data"
    embedded = start_embedded(pgdata)
    parts = urlsplit(embedded.url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    # The session's databases are thrown away: no flushing to disk. Every DROP DATABASE
    # (a fresh database per test that needs one) forces a checkpoint, which wrote and
    # synced every buffer the session had dirtied so far (13 s late in a whole run).
    durability_off = ("fsync", "synchronous_commit", "full_page_writes")
    subprocess.run(
        [
            str(embedded.bin_dir / "psql"),
            "-qX",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            libpq_url(admin),
            *(arg for name in durability_off for arg in ("-c", f"ALTER SYSTEM SET {name} = off")),
            "-c",
            "SELECT pg_reload_conf()",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PgServer(admin_url=admin)
    finally:
        embedded.release()


@pytest.fixture(scope="session")
async def database_url(pg_server: PgServer) -> AsyncIterator[str]:
    """A migrated database for the whole session, with Tortoise connected to it."""
    name = f"bloxtr8_test_{os.getpid()}"
    url = await pg_server.create_database(name)
    await migrate.upgrade(url)
    await _ensure_orm(url)
    try:
        yield url
    finally:
        await Tortoise.close_connections()
        await pg_server.drop_database(name)


_TABLES: list[str] = []


async def _ensure_orm(url: str) -> None:
    """Reconnect Tortoise to the session database if a test (migrations, CLI) re-pointed it."""
    config = tortoise_config(url, pool_min=1, pool_max=20, light_release=True)
    try:
        current = connections.db_config.get("default")
    except Exception:  # not initialised
        current = None
    if current != config["connections"]["default"]:
        await Tortoise.close_connections()
        await Tortoise.init(config=config)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """A clean database: every table emptied before the test (triggers off for the purge)."""
    if not _TABLES:
        for model in Tortoise.apps["models"].values():
            table = model._meta.db_table
            if table != "aerich":
                _TABLES.append(table)
        _TABLES.append("listing_search")  # filled by triggers on listings, no model
    await _ensure_orm(database_url)
    conn = connections.get("default")
    tables = ", ".join(f'"{t}"' for t in _TABLES)
    purge = (
        "SET session_replication_role = replica; "
        f"TRUNCATE {tables} RESTART IDENTITY CASCADE; "
        "SET session_replication_role = DEFAULT;"
    )
    # A previous test's late work (a webhook delivered a second later, a job step) may still
    # hold row locks; TRUNCATE then deadlocks with it. Whichever side PostgreSQL aborts, the
    # purge is simply run again.
    for attempt in range(5):
        try:
            await conn.execute_script(purge)
            break
        except (asyncpg.DeadlockDetectedError, OperationalError) as exc:
            if attempt == 4 or "deadlock" not in str(exc):
                raise
            await conn.execute_script("SET session_replication_role = DEFAULT;")
    yield database_url


@pytest.fixture
async def fresh_database(pg_server: PgServer) -> AsyncIterator[str]:
    """An empty database (no migrations) of its own, dropped afterwards."""
    name = f"bloxtr8_fresh_{uuid.uuid4().hex[:10]}"
    url = await pg_server.create_database(name)
    try:
        yield url
    finally:
        await pg_server.drop_database(name)


@pytest.fixture
async def roblox() -> AsyncIterator[FakeRoblox]:
    """A local Roblox web API (users, games, groups, thumbnails) with an in-memory world."""
    fake = FakeRoblox()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


STAFF_ID = 900_000_000_000_000_001
WEBHOOK_SECRET = "whsec_test_bloxtr8"


@pytest.fixture(scope="session")
async def stripe_server() -> AsyncIterator[StripeServer]:
    """A Stripe API on loopback (localstripe, extended: Connect, transfers, idempotency)."""
    async with running_stripe() as server:
        yield server


@pytest.fixture
async def stripe(stripe_server: StripeServer) -> AsyncIterator[StripeServer]:
    await stripe_server.reset()
    yield stripe_server
    await stripe_server.drain_webhooks()


@pytest.fixture
def settings(tmp_path: Path, roblox: FakeRoblox, stripe: StripeServer) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        discord_token=None,
        discord_application_id=1234567890,
        data_dir=tmp_path / "data",
        staff_user_ids=[STAFF_ID],
        web_port=0,  # any free port: several bots may run at once
        outbox_listen=False,  # helpers send at once; tests/test_outbox.py covers listening
        stripe_secret_key=SecretStr(StripeServer.api_key),
        stripe_publishable_key=StripeServer.publishable_key,
        stripe_webhook_secret=SecretStr(WEBHOOK_SECRET),
        stripe_api_base=stripe.url,
        roblox_users_api=roblox.url,
        roblox_games_api=roblox.url,
        roblox_apis_api=roblox.url,
        roblox_groups_api=roblox.url,
        roblox_thumbnails_api=roblox.url,
    )


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bloxtr8Bot]:
    instance = create_bot(settings, sync_commands=True)
    try:
        yield instance
    finally:
        await instance.outbox.stop()  # give back its LISTEN connection to the shared pool
        await instance.roblox.close()


@pytest.fixture
async def env(db: str, bot: Bloxtr8Bot) -> AsyncIterator[simcord.Env]:
    """The real bot running against simulated Discord and the test database.

    Started and stopped by hand (not `simcord.run`) so that the clock context is entered
    by simcord's pytest hook in the test's own context, as its `simcord_env` fixture does.
    Errors the bot raised fail the test at teardown, except plain refusals (DomainError,
    RobloxError), which are a designed outcome that tests assert through the replies.
    """
    environment = simcord.Env(bot)
    await environment.start()
    try:
        yield environment
    finally:
        await environment.shutdown()
        if environment.check_errors:
            unexpected = [
                error
                for error in environment.errors_since(environment._errors_acknowledged)
                if not is_refusal(error)
            ]
            if unexpected:
                raise BaseExceptionGroup("the bot raised unexpected errors", unexpected)


def is_refusal(error: BaseException) -> bool:
    """A rule saying no (shown to the user by the error handler), not a bug."""
    return isinstance(getattr(error, "original", error), DomainError | RobloxError)

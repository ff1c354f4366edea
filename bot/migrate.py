"""Schema migrations (Aerich), driven with a config computed for the database in use."""

from __future__ import annotations

import pkgutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from aerich import Command
from aerich.migrate import Migrate
from aerich.utils import get_models_describe
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from bot.config import SetupError
from bot.db import APP, EXIT_BUG, EXIT_NOT_MIGRATED, MIGRATIONS_DIR, libpq_url, tortoise_config


class _Command(Command):
    """Aerich's command, telling `on_apply` about each migration before it runs."""

    on_apply: Callable[[str], None] | None = None

    async def _upgrade(
        self,
        conn: BaseDBAsyncClient,
        version_file: str,
        fake: bool = False,
        version_module: pkgutil.ModuleInfo | None = None,
    ) -> None:
        if self.on_apply is not None:
            self.on_apply(version_file)
        await super()._upgrade(conn, version_file, fake, version_module)


@asynccontextmanager
async def _command(
    url: str, on_apply: Callable[[str], None] | None = None
) -> AsyncIterator[Command]:
    migration_files()  # fail plainly when the installation has none
    config = tortoise_config(url)
    await Tortoise.init(config=config)
    cmd = _Command(config, app=APP, location=str(MIGRATIONS_DIR))
    cmd.on_apply = on_apply
    try:
        await cmd.init()
        yield cmd
    finally:
        await Tortoise.close_connections()


def migration_files(location: Path = MIGRATIONS_DIR) -> list[str]:
    """The migration files in order (`0_…py`, `1_…py`, …), as Aerich numbers them."""
    names = [
        path.name
        for path in (location / APP).glob("*_*.py")
        if path.name.split("_", 1)[0].isdigit()
    ]
    if not names:
        raise SetupError(
            f"no migration files in {location / APP}: this installation of bloxtr8 is incomplete.",
            "Reinstall it (`pip install --force-reinstall bloxtr8`).",
            exit_code=EXIT_BUG,
        )
    return sorted(names, key=lambda name: int(name.split("_", 1)[0]))


async def applied(url: str) -> list[str]:
    """The migrations applied to this database, oldest first (none on a fresh database)."""
    conn = await asyncpg.connect(libpq_url(url))
    try:
        if await conn.fetchval("SELECT to_regclass('aerich')") is None:
            return []
        rows = await conn.fetch("SELECT version FROM aerich WHERE app = $1 ORDER BY id", APP)
    finally:
        await conn.close()
    return [row["version"] for row in rows]


async def require_migrated(url: str) -> None:
    """Refuse plainly when no migration is applied (a new database has no tables)."""
    if not await applied(url):
        raise SetupError(
            "no migrations applied yet: run `bloxtr8 db upgrade`.",
            exit_code=EXIT_NOT_MIGRATED,
        )


async def upgrade(url: str, on_apply: Callable[[str], None] | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction. Returns the files applied.

    `on_apply` is told the name of each migration before it runs.
    """
    async with _command(url, on_apply) as cmd:
        return await cmd.upgrade(run_in_transaction=True)


async def downgrade(url: str, version: int = -1) -> list[str]:
    """Revert the last migration (or every migration from `version` on)."""
    done = await applied(url)
    if not done:
        raise SetupError(
            "nothing to downgrade: no migrations are applied to this database.",
            exit_code=EXIT_NOT_MIGRATED,
        )
    if version < -1:
        raise SetupError(
            f"--version {version} is not a migration number.",
            "Give the number a migration file starts with (see `bloxtr8 db history`).",
        )
    if version != -1 and not any(name.startswith(f"{version}_") for name in done):
        numbers = ", ".join(name.split("_", 1)[0] for name in done)
        raise SetupError(
            f"no applied migration is numbered {version} (applied: {numbers}).",
            "See `bloxtr8 db history` for the numbers.",
            exit_code=EXIT_NOT_MIGRATED,
        )
    async with _command(url) as cmd:
        return await cmd.downgrade(version=version, delete=False)


async def history(url: str) -> list[tuple[str, bool]]:
    """Every migration file, with whether it is applied to this database."""
    done = set(await applied(url))
    return [(name, name in done) for name in migration_files()]


async def pending(url: str) -> list[str]:
    done = set(await applied(url))
    return [name for name in migration_files() if name not in done]


async def make_migration(url: str, name: str) -> str | None:
    """Write a migration for the model changes since the last file; None when there are none."""
    async with _command(url) as cmd:
        version = await cmd.migrate(name=name, no_input=True)
        return version or None


def _reset_migrate_state() -> None:
    Migrate.upgrade_operators = []
    Migrate.downgrade_operators = []
    Migrate._upgrade_fk_m2m_index_operators = []
    Migrate._downgrade_fk_m2m_index_operators = []
    Migrate._upgrade_m2m = []
    Migrate._downgrade_m2m = []
    Migrate._rename_fields = {}
    Migrate._rename_models = {}


async def unmigrated_changes(url: str, *, location: Path = MIGRATIONS_DIR) -> list[str]:
    """SQL for model changes that no migration file holds (empty when models and files agree).

    Compares the models with the state stored in the newest migration file, so it needs
    no applied migrations (only a connection to know the SQL dialect).
    """
    config: dict[str, Any] = tortoise_config(url)
    await Tortoise.init(config=config)
    try:
        _reset_migrate_state()
        await Migrate.init(config, APP, str(location), offline=True)
        last = Migrate._last_version_content
        if last is None:
            return ["(no migration files)"]
        new = get_models_describe(APP)
        last, new = Migrate._exclude_model_name_changes(last, new)
        Migrate.diff_models(last, new, no_input=True)
        Migrate.diff_models(new, last, False, no_input=True)
        Migrate._merge_operators()
        return list(Migrate.upgrade_operators)
    finally:
        _reset_migrate_state()
        await Tortoise.close_connections()

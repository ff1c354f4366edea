"""Schema migrations (Aerich), driven with a config computed for the database in use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aerich import Command
from aerich.migrate import Migrate
from aerich.utils import get_models_describe
from tortoise import Tortoise

from bot.db import APP, MIGRATIONS_DIR, tortoise_config


@asynccontextmanager
async def _command(url: str) -> AsyncIterator[Command]:
    config = tortoise_config(url)
    await Tortoise.init(config=config)
    cmd = Command(config, app=APP, location=str(MIGRATIONS_DIR))
    try:
        await cmd.init()
        yield cmd
    finally:
        await Tortoise.close_connections()


async def upgrade(url: str) -> list[str]:
    """Apply every pending migration, each in its own transaction. Returns the files applied."""
    async with _command(url) as cmd:
        return await cmd.upgrade(run_in_transaction=True)


async def downgrade(url: str, version: int = -1) -> list[str]:
    """Revert the last migration (or every migration from `version` on)."""
    async with _command(url) as cmd:
        return await cmd.downgrade(version=version, delete=False)


async def history(url: str) -> list[tuple[str, bool]]:
    """Every migration file, with whether it is applied to this database."""
    async with _command(url) as cmd:
        files = await cmd.history()
        pending = set(await cmd.heads())
        return [(name, name not in pending) for name in files]


async def pending(url: str) -> list[str]:
    async with _command(url) as cmd:
        return await cmd.heads()


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

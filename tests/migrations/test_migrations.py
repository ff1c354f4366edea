"""Migrations: upgrade from empty, downgrade then upgrade, and models in step with files."""

from __future__ import annotations

import shutil
from pathlib import Path

import asyncpg
from aerich.utils import compress_dict, decompress_dict

from bot import migrate
from bot.db import MIGRATIONS_DIR, libpq_url


async def public_tables(url: str) -> set[str]:
    conn = await asyncpg.connect(libpq_url(url))
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return {r["tablename"] for r in rows}


async def test_upgrade_downgrade_upgrade(fresh_database: str) -> None:
    assert await public_tables(fresh_database) == set()
    applied = await migrate.upgrade(fresh_database)
    assert applied and applied[0].startswith("0_")
    tables = await public_tables(fresh_database)
    assert {"users", "escrows", "audit_logs", "webhook_events", "escrow_events"} <= tables
    assert await migrate.upgrade(fresh_database) == []  # nothing pending the second time

    # The newest one alone, then all of them.
    assert await migrate.downgrade(fresh_database) == applied[-1:]
    assert await migrate.upgrade(fresh_database) == applied[-1:]
    reverted = await migrate.downgrade(fresh_database, version=0)
    assert sorted(reverted) == sorted(applied)
    assert await public_tables(fresh_database) <= {"aerich"}

    assert await migrate.upgrade(fresh_database) == applied
    assert tables == await public_tables(fresh_database)
    history = await migrate.history(fresh_database)
    assert all(done for _, done in history)


async def test_models_and_migrations_agree(fresh_database: str) -> None:
    assert await migrate.unmigrated_changes(fresh_database) == []


async def test_check_notices_a_model_change_no_migration_holds(
    fresh_database: str, tmp_path: Path
) -> None:
    """Drop a column from the stored state: the models now have a change no file holds."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, location)
    newest = max((location / "models").glob("[0-9]*_*.py"), key=lambda p: int(p.name.split("_")[0]))
    namespace: dict[str, object] = {}
    exec(compile(newest.read_text(), str(newest), "exec"), namespace)
    state = decompress_dict(str(namespace["MODELS_STATE"]))
    users = state["models.User"]
    users["data_fields"] = [f for f in users["data_fields"] if f["name"] != "wallet_address"]
    text = newest.read_text()
    start = text.index("MODELS_STATE = (")
    newest.write_text(text[:start] + f"MODELS_STATE = {compress_dict(state)!r}\n")

    changes = await migrate.unmigrated_changes(fresh_database, location=location)
    assert any("wallet_address" in sql for sql in changes)


async def test_the_word_index_migration_indexes_the_listings_already_there(
    fresh_database: str,
) -> None:
    applied = await migrate.upgrade(fresh_database)
    word_index = next(name for name in applied if name.endswith("_listing_search.py"))
    since = applied[applied.index(word_index) :]
    # back to before the word index (and the migrations after it)
    await migrate.downgrade(fresh_database, version=int(word_index.split("_")[0]))
    conn = await asyncpg.connect(libpq_url(fresh_database))
    try:
        await conn.execute(
            "INSERT INTO guilds (created_at, updated_at, discord_id, name, active) "
            "VALUES (now(), now(), 1, 'g', true);"
            "INSERT INTO users (created_at, updated_at, discord_id, username, kyc_tier, "
            "kyc_verified, wallet_risk, stripe_payouts_enabled) "
            "VALUES (now(), now(), 2, 'u', 'TIER_1', false, 'UNKNOWN', false);"
            "INSERT INTO listings (created_at, updated_at, title, summary, price, currency, "
            "category, status, visibility, guild_id, seller_id) VALUES "
            "(now(), now(), 'Frozen Zoo Tycoon', '', 100, 'USD', 'GAME', 'ACTIVE', 'PUBLIC', "
            "1, 1), (now(), now(), 'Sold Obby', '', 100, 'USD', 'GAME', 'SOLD', 'PUBLIC', 1, 1)"
        )
        assert await migrate.upgrade(fresh_database) == since
        terms = await conn.fetch("SELECT term FROM listing_search ORDER BY term")
        assert [r["term"] for r in terms] == ["frozen", "tycoon", "zoo"]
        trigram = await conn.fetchval("SELECT to_regclass('idx_listings_title_trgm') IS NULL")
        assert trigram  # dropped with the old search; a downgrade builds it again
    finally:
        await conn.close()

"""`bloxtr8 db seed --scale`: the bulk load keeps every rule, and the word index with it."""

from __future__ import annotations

import asyncpg

from bot import migrate
from bot.db import libpq_url
from bot.seed import seed_scale

REBUILT = (
    "SELECT t.term, l.category, l.created_at, l.id AS listing_id, l.price, l.visibility, "
    "l.guild_id, ' ' || array_to_string(listing_search_terms(l.title), ' ') || ' ' AS words "
    "FROM listings l, unnest(listing_search_terms(l.title)) AS t(term) "
    "WHERE l.status = 'ACTIVE'"
)


async def test_a_scale_load_indexes_every_active_listing_for_search(fresh_database: str) -> None:
    await migrate.upgrade(fresh_database)
    counts = await seed_scale(fresh_database, 1)
    assert counts["listings"] == 50_000
    conn = await asyncpg.connect(libpq_url(fresh_database))
    try:
        # The statement triggers indexed the COPY set-wise; the dropped indexes are back.
        differences = await conn.fetchval(
            f"SELECT count(*) FROM ((TABLE listing_search EXCEPT ALL {REBUILT}) "
            f"UNION ALL ({REBUILT} EXCEPT ALL TABLE listing_search)) AS d"
        )
        assert differences == 0
        assert await conn.fetchval("SELECT count(*) FROM listing_search") > 100_000
        indexes = await conn.fetch(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'listing_search' ORDER BY 1"
        )
        assert [r["indexname"] for r in indexes] == [
            "idx_listing_search_newest",
            "idx_listing_search_price",
        ]
        # Escrows as the models write them: opened at version 1 (an "opened" event), one
        # event per later version; by card up to $10,000.00, in USDC above.
        off = await conn.fetchval(
            "SELECT count(*) FROM escrows e WHERE e.version <> (SELECT max(v.version) "
            "FROM escrow_events v WHERE v.escrow_id = e.id) OR NOT EXISTS (SELECT 1 FROM "
            "escrow_events v WHERE v.escrow_id = e.id AND v.version = 1 AND v.kind = 'opened')"
        )
        assert off == 0
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM escrows WHERE (rail = 'STRIPE') <> (amount <= 1000000)"
            )
            == 0
        )
        # Vacuumed, so that searches read the index alone: an index-only scan (forced, as
        # the planner's choice follows statistics a concurrent autovacuum may have left
        # behind) visits no heap page.
        await conn.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        rows = await conn.fetch(
            "EXPLAIN (ANALYZE) SELECT listing_id FROM listing_search "
            "WHERE term = 'tycoon' ORDER BY created_at DESC, listing_id DESC LIMIT 500"
        )
        plan = "\n".join(r[0] for r in rows)
        assert "Index Only Scan" in plan and "Heap Fetches: 0" in plan, plan
    finally:
        await conn.close()


async def test_the_load_waits_for_older_snapshots_before_its_last_vacuum(
    fresh_database: str,
) -> None:
    """A transaction older than the load (as an autovacuum ANALYZE that began during it)
    keeps VACUUM from marking the new pages all-visible; the seed vacuums again once that
    transaction has ended, so index-only scans fetch no heap rows."""
    import asyncio

    from bot.seed.scale import _vacuum_all_visible

    dsn = libpq_url(fresh_database)
    old, loader, watch = [await asyncpg.connect(dsn) for _ in range(3)]
    try:
        await loader.execute("CREATE TABLE words (term text, n int)")
        await loader.execute("CREATE INDEX ON words (term, n)")
        older = old.transaction(isolation="repeatable_read")
        await older.start()
        await old.fetchval("SELECT 1")  # its snapshot predates the rows below
        await loader.execute(
            "INSERT INTO words SELECT 'w' || (i % 50), i FROM generate_series(1, 20000) AS i"
        )
        vacuuming = asyncio.create_task(_vacuum_all_visible(loader, ["words"]))
        await _until_waiting_for_old_snapshots(watch, loader.get_server_pid())
        assert not vacuuming.done()
        await older.commit()
        await vacuuming
        pages, visible = await loader.fetchrow(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'words'"
        )
        assert pages > 0 and visible == pages
        await loader.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        plan = "\n".join(
            r[0]
            for r in await loader.fetch(
                "EXPLAIN (ANALYZE) SELECT n FROM words WHERE term = 'w7' ORDER BY n LIMIT 100"
            )
        )
        assert "Index Only Scan" in plan and "Heap Fetches: 0" in plan, plan
    finally:
        for conn in (old, loader, watch):
            await conn.close()


async def _until_waiting_for_old_snapshots(watch: asyncpg.Connection, pid: int) -> None:
    """Poll `pg_stat_activity` until backend `pid` has vacuumed once and is polling for the
    transactions older than its load (its last statement is that poll)."""
    import asyncio

    async with asyncio.timeout(30):
        while True:
            query = await watch.fetchval("SELECT query FROM pg_stat_activity WHERE pid = $1", pid)
            if "xact_start <" in (query or ""):
                return
            await asyncio.sleep(0.01)  # another backend's state: polled

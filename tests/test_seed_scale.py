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

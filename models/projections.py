"""Read paths in one statement: plain-dict projections built by PostgreSQL.

The ORM loads each relation with its own query (`prefetch_related`), and every statement
outside a transaction takes and returns a pool connection. For the hot read paths below,
PostgreSQL assembles the whole answer (the row, its related rows and lists) as one JSON
value in a single round trip. The results are plain dicts keyed by column name, with the
values as JSON gives them (timestamps as ISO 8601 text, enums as their text, money in
integer cents); they are for showing and listing, not for changing rows: code that changes
a row loads the model (`Escrow.locked`, ...) as before.

`tests/test_projections.py` checks each one against the same data read through the ORM.
"""

from __future__ import annotations

import json
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

Row = dict[str, Any]

_ESCROW_DETAIL = """
SELECT json_build_object(
    'escrow', row_to_json(e),
    'contract', row_to_json(c),
    'offer', (SELECT row_to_json(o) FROM offers o WHERE o.id = c.offer_id),
    'listing', (SELECT row_to_json(l) FROM listings l WHERE l.id = c.listing_id),
    'buyer', (SELECT row_to_json(u) FROM users u WHERE u.id = e.buyer_id),
    'seller', (SELECT row_to_json(u) FROM users u WHERE u.id = e.seller_id),
    'deliveries', (SELECT coalesce(json_agg(d ORDER BY d.id), '[]'::json)
                   FROM deliveries d WHERE d.escrow_id = e.id),
    'disputes', (SELECT coalesce(json_agg(x ORDER BY x.id), '[]'::json)
                 FROM disputes x WHERE x.escrow_id = e.id)
)::text AS doc
FROM escrows e JOIN contracts c ON c.id = e.contract_id
WHERE e.id = $1
"""

_USER_PAGE = """
SELECT json_build_object(
    'user', row_to_json(u),
    'listings', (SELECT coalesce(json_agg(l ORDER BY l.created_at DESC, l.id DESC), '[]'::json)
                 FROM (SELECT * FROM listings WHERE seller_id = u.id
                       ORDER BY created_at DESC, id DESC LIMIT $2) l),
    'offers', (SELECT coalesce(json_agg(o ORDER BY o.created_at DESC, o.id DESC), '[]'::json)
               FROM (SELECT * FROM offers WHERE buyer_id = u.id
                     ORDER BY created_at DESC, id DESC LIMIT $2) o)
)::text AS doc
FROM users u
WHERE u.discord_id = $1
"""

_ACTIVE_PAGE = """
SELECT coalesce(json_agg(json_build_object(
    'listing', row_to_json(l),
    'seller', (SELECT row_to_json(u) FROM users u WHERE u.id = l.seller_id),
    'offers', (SELECT coalesce(json_agg(o ORDER BY o.id), '[]'::json)
               FROM offers o WHERE o.listing_id = l.id)
) ORDER BY l.created_at DESC, l.id DESC), '[]'::json)::text AS doc
FROM (SELECT * FROM listings WHERE status = 'ACTIVE'
      ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2) l
"""


async def _doc(sql: str, args: list[Any], conn: BaseDBAsyncClient | None) -> Any:
    db = conn or connections.get("default")
    rows = await db.execute_query_dict(sql, args)
    return json.loads(rows[0]["doc"]) if rows else None


async def escrow_detail(escrow_id: int, conn: BaseDBAsyncClient | None = None) -> Row | None:
    """Escrow `escrow_id` with its contract, offer, listing, buyer, seller, deliveries and
    disputes (each list by id), or None when there is no such escrow."""
    if not 0 < escrow_id < 2**63:
        return None
    doc: Row | None = await _doc(_ESCROW_DETAIL, [escrow_id], conn)
    return doc


async def user_page(
    discord_id: int, limit: int = 20, conn: BaseDBAsyncClient | None = None
) -> Row | None:
    """The user with this Discord id, their newest `limit` listings (as seller) and newest
    `limit` offers (as buyer), newest first; None for someone who never signed up."""
    doc: Row | None = await _doc(_USER_PAGE, [discord_id, limit], conn)
    return doc


async def active_listings_page(
    limit: int = 50, offset: int = 0, conn: BaseDBAsyncClient | None = None
) -> list[Row]:
    """One page of ACTIVE listings, newest first, each as {listing, seller, offers}."""
    doc: list[Row] = await _doc(_ACTIVE_PAGE, [limit, offset], conn)
    return doc

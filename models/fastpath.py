"""Hand-written SQL for the two hottest commands: making an offer and marking a delivery.

The ORM path of `Offer.make` costs about ten statements (listing, guild, settings
get-or-create, then a transaction: BEGIN, listing FOR UPDATE, seller, pending offer FOR
UPDATE, insert, audit, COMMIT), each built by the query builder and each outside a
transaction taking and returning a pool connection. `mark_delivered` is about the same.
Here each is two round trips on one connection:

1. one read (no lock) of everything the checks need;
2. one write statement (its own implicit transaction) that re-checks under lock what the
   read saw (listing still ACTIVE at a price the amount fits; escrow still at the version
   read) and writes every row of the ORM path: the same rows, the same audit entries
   (unsealed, so the chain's sealer stays the only serial step), the same events.

Only the plain, common case is handled here. Anything else (a refusal, a milestone escrow,
a high-value offer, a guild without its settings row, a row that changed between the read
and the write, a concurrent duplicate) returns None and the caller runs the ORM path,
which gives the same answer and the same refusal text. `tests/models/test_fastpath.py`
compares the rows, audit entries and events both paths write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

import asyncpg
from tortoise import connections

from models.audit import to_jsonable
from models.base import utcnow
from models.enums import (
    EscrowStatus,
    ListingStatus,
    ListingVisibility,
    NotificationKind,
    NotificationStatus,
    OfferStatus,
)
from models.notification import CHANNEL as OUTBOX_CHANNEL
from models.terms import Terms

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from models.escrow import Escrow
    from models.offer import Offer
    from models.user import User

# False: the callers run their ORM path only (the tests compare the two paths).
ENABLED = True


def _json(value: Any) -> str:
    return json.dumps(to_jsonable(value))


def _in_outer_transaction() -> bool:
    from tortoise.backends.base.client import TransactionalDBClient

    return isinstance(connections.get("default"), TransactionalDBClient)


@contextlib.asynccontextmanager
async def _connection(conn: BaseDBAsyncClient | None) -> AsyncIterator[Any]:
    """A pool connection for the statements, or, with `conn` (a transaction the caller
    opened to write its notifications with the change), that transaction's own connection
    (a refused write raises `StandAside` there)."""
    if conn is None:
        async with connections.get("default").acquire_connection() as con:
            yield con
    else:
        yield conn._connection


class StandAside(Exception):
    """Raised inside a caller's transaction that a fast-path write aborted: roll it back
    and run the ORM path."""


def in_caller_transaction_only(conn: BaseDBAsyncClient | None) -> bool:
    """Whether the fast path must stand aside: a caller's transaction is open that did not
    hand itself over as `conn`."""
    return conn is None and _in_outer_transaction()


# ---------------------------------------------------------------------- Offer.make

_OFFER_READ = """
SELECT l.status, l.price, l.seller_id, l.guild_id, l.visibility, gs.offer_expiry_hours,
       gs.platform_fee_bps AS guild_fee_bps, g.discord_id AS guild_discord_id
FROM listings l LEFT JOIN guild_settings gs ON gs.guild_id = l.guild_id
LEFT JOIN guilds g ON g.id = l.guild_id
WHERE l.id = $1
"""

# $1 listing, $2 buyer, $3 seller, $4 amount, $5 conditions, $6 expires_at, $7 now,
# $8 guild id, $9 the replaced offer's audit "after", $10 the new offer's audit "after"
# (`Offer._snapshot()`, which has no id). The pending offer is withdrawn before the insert
# (the scalar subquery on `prev` runs the UPDATE to completion first), so the partial
# unique index (one PENDING offer per listing and buyer) sees the old one gone; audit ids
# come in the ORM path's order (replaced, then made). It also returns what the caller's
# notices need, as of the lock: the listing (`l_` columns), the seller's Discord id and the
# listing's home thread (`Listing.home_thread_id`: its post in its own guild, the listing's
# own thread, then any post's).
_LISTING_COLUMNS = (
    "created_at",
    "updated_at",
    "id",
    "title",
    "summary",
    "price",
    "currency",
    "category",
    "status",
    "visibility",
    "asset_type",
    "asset_id",
    "channel_id",
    "thread_id",
    "message_id",
    "guild_id",
    "seller_id",
    "snapshot_id",
)
_OFFER_WRITE = """
WITH l AS (
    SELECT * FROM listings
    WHERE id = $1 AND status = 'ACTIVE' AND price >= $4 AND seller_id = $3
    FOR UPDATE
), prev AS (
    UPDATE offers o SET status = 'WITHDRAWN', decided_at = $7, updated_at = $7
    FROM l
    WHERE o.listing_id = l.id AND o.buyer_id = $2 AND o.status = 'PENDING'
    RETURNING o.*
), a_prev AS (
    INSERT INTO audit_logs (created_at, actor_id, guild_id, action, object_type, object_id,
                            before, after)
    SELECT $7, $2, $8, 'offer.replaced', 'offer', prev.id::text,
           '{"status": "PENDING"}'::jsonb, $9::jsonb
    FROM prev
    RETURNING id
), ins AS (
    INSERT INTO offers (created_at, updated_at, amount, currency, conditions, expires_at,
                        status, buyer_id, listing_id, made_by_id, parent_id, seller_id)
    SELECT $7, $7, $4, 'USD', $5, $6, 'PENDING', $2, l.id, $2, NULL, $3
    FROM l
    WHERE (SELECT count(*) FROM a_prev) >= 0
    RETURNING *
), a_new AS (
    INSERT INTO audit_logs (created_at, actor_id, guild_id, action, object_type, object_id,
                            before, after)
    SELECT $7, $2, $8, 'offer.made', 'offer', ins.id::text, NULL,
           $10::jsonb
    FROM ins
    RETURNING id
)
SELECT ins.*, (SELECT count(*) FROM a_new) AS audited,
       p.id AS p_id, p.created_at AS p_created_at, p.updated_at AS p_updated_at,
       p.amount AS p_amount, p.currency AS p_currency, p.conditions AS p_conditions,
       p.expires_at AS p_expires_at, p.status AS p_status, p.decided_at AS p_decided_at,
       p.buyer_id AS p_buyer_id, p.listing_id AS p_listing_id, p.made_by_id AS p_made_by_id,
       p.parent_id AS p_parent_id, p.seller_id AS p_seller_id,
       (SELECT discord_id FROM users WHERE id = $3) AS seller_discord_id,
       COALESCE(
           (SELECT lp.thread_id FROM listing_posts lp
            WHERE lp.listing_id = l.id AND lp.thread_id IS NOT NULL AND lp.guild_id = l.guild_id
            ORDER BY lp.id LIMIT 1),
           l.thread_id,
           (SELECT lp.thread_id FROM listing_posts lp
            WHERE lp.listing_id = l.id AND lp.thread_id IS NOT NULL ORDER BY lp.id LIMIT 1)
       ) AS home_thread_id,
       $listing_columns
FROM ins JOIN l ON true LEFT JOIN prev p ON true
""".replace("$listing_columns", ", ".join(f"l.{c} AS l_{c}" for c in _LISTING_COLUMNS))


async def make_offer(
    offer_cls: type[Offer],
    listing_id: int,
    buyer: User,
    amount: int,
    conditions: str | None,
    expires_in_hours: int | None,
    now: dt.datetime,
    *,
    rail_threshold_cents: int,
    guild_id: int | None,
    guild_discord_id: int | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> Offer | None:
    """`Offer.make` in two round trips, or None for the ORM path to decide.

    The caller has checked the buyer's tier and cleaned `conditions`."""
    from models.listing import Listing
    from models.offer import MAX_EXPIRY_HOURS, MIN_EXPIRY_HOURS, MadeWith

    if not (0 < listing_id < 2**63) or not (0 < amount <= rail_threshold_cents):
        return None
    if in_caller_transaction_only(conn):
        return None  # the caller's transaction decides; keep to the ORM path there
    async with _connection(conn) as con:
        row = await con.fetchrow(_OFFER_READ, listing_id)
        if row is None or row["status"] != ListingStatus.ACTIVE:
            return None
        visible = (
            row["visibility"] == ListingVisibility.PUBLIC
            or (guild_id is not None and row["guild_id"] == guild_id)
            or (guild_discord_id is not None and row["guild_discord_id"] == guild_discord_id)
        )
        seller_id = row["seller_id"]
        hours = expires_in_hours if expires_in_hours is not None else row["offer_expiry_hours"]
        if (
            not visible
            or seller_id == buyer.id
            or amount > row["price"]
            or row["guild_id"] is None
            or hours is None
            or not MIN_EXPIRY_HOURS <= hours <= MAX_EXPIRY_HOURS
        ):
            return None
        expires_at = now + dt.timedelta(hours=hours)
        snapshot = {
            "listing_id": listing_id,
            "buyer_id": buyer.id,
            "seller_id": seller_id,
            "made_by_id": buyer.id,
            "parent_id": None,
            "amount": amount,
            "conditions": conditions,
            "expires_at": expires_at,
            "status": OfferStatus.PENDING,
        }
        try:
            out = await con.fetchrow(
                _OFFER_WRITE,
                listing_id,
                buyer.id,
                seller_id,
                amount,
                conditions,
                expires_at,
                now,
                row["guild_id"],
                _json({"status": OfferStatus.WITHDRAWN, "decided_at": now}),
                _json(snapshot),
            )
        except asyncpg.UniqueViolationError:
            # A concurrent offer by the same buyer: the ORM path sees it under lock. In the
            # caller's transaction, which the error aborted, `StandAside` rolls it back
            # (cheaper than a savepoint around every write).
            if conn is not None:
                raise StandAside from None
            return None
    if out is None:
        return None  # the listing changed since the read
    offer = offer_cls._init_from_db(**{k: out[k] for k in _OFFER_COLUMNS})
    offer.made_with = MadeWith(
        listing=Listing._init_from_db(**{c: out["l_" + c] for c in _LISTING_COLUMNS}),
        seller_discord_id=out["seller_discord_id"],
        thread_id=out["home_thread_id"],
        guild_fee_bps=row["guild_fee_bps"],
    )
    offer.replaced = (
        offer_cls._init_from_db(**{k: out["p_" + k] for k in _OFFER_COLUMNS})
        if out["p_id"] is not None
        else None
    )
    return offer


_OFFER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "amount",
    "currency",
    "conditions",
    "expires_at",
    "status",
    "decided_at",
    "buyer_id",
    "listing_id",
    "made_by_id",
    "parent_id",
    "seller_id",
)


# ---------------------------------------------------------------------- mark_delivered

_DELIVER_READ = """
SELECT e.*, c.terms AS contract_terms,
       EXISTS (SELECT 1 FROM milestone_escrows m WHERE m.escrow_id = e.id) AS has_milestones
FROM escrows e JOIN contracts c ON c.id = e.contract_id
WHERE e.id = $1
"""

# $1 escrow, $2 version read, $3 seller (the actor), $4 now, $5 delivered_at,
# $6 auto_release_at, $7 evidence, $8 event data, $9 audit before, $10 audit after,
# $11 the wall clock, $12-$14 the trade-card notification's kind, status and channel.
# Rows in the ORM path's order: delivery, escrow update, event, audit, then the escrow's
# trade-card row (`Notification.card_changed`, as `Escrow.move` writes it) and its wake-up.
_DELIVER_WRITE = """
WITH upd AS (
    UPDATE escrows SET status = 'DELIVERED', version = version + 1, updated_at = $4,
                       delivered_at = $5, auto_release_at = $6
    WHERE id = $1 AND version = $2 AND status = 'FUNDS_HELD' AND seller_id = $3
      AND NOT EXISTS (SELECT 1 FROM milestone_escrows m WHERE m.escrow_id = $1)
    RETURNING *
), dlv AS (
    INSERT INTO deliveries (created_at, updated_at, status, evidence, delivered_at,
                            confirmed_at, delivered_by_id, escrow_id, milestone_id)
    SELECT $4, $4, 'DELIVERED', $7::jsonb, $4, NULL, $3, upd.id, NULL FROM upd
    RETURNING id
), ev AS (
    INSERT INTO escrow_events (version, kind, from_status, to_status, data, created_at,
                               actor_id, escrow_id)
    SELECT upd.version, 'delivered', 'FUNDS_HELD', 'DELIVERED', $8::jsonb, $4, $3, upd.id
    FROM upd
    WHERE (SELECT count(*) FROM dlv) >= 0
    RETURNING id
), au AS (
    INSERT INTO audit_logs (created_at, actor_id, actor_label, guild_id, action, object_type,
                            object_id, before, after)
    SELECT $4, $3, NULL, upd.guild_id, 'escrow.delivered', 'escrow', upd.id::text,
           $9::jsonb, $10::jsonb
    FROM upd
    WHERE (SELECT count(*) FROM ev) >= 0
    RETURNING id
), card AS (
    INSERT INTO notifications (created_at, updated_at, kind, target_id, payload, status,
                               attempts, next_attempt_at)
    SELECT $11, $11, $12, upd.id, '{}'::jsonb, $13, 0, $11
    FROM upd
    WHERE (SELECT count(*) FROM au) >= 0
    RETURNING id
)
SELECT upd.*, (SELECT count(*) FROM au) AS audited,
       (SELECT pg_notify($14, card.id::text) FROM card) AS announced
FROM upd
"""


async def mark_delivered(
    escrow_cls: type[Escrow],
    escrow_id: int,
    *,
    by: User,
    evidence: dict[str, Any],
    now: dt.datetime,
    read: Mapping[str, Any] | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> Escrow | None:
    """`escrow_actions.mark_delivered` for an escrow without milestones, in two round trips
    (one when `read` is the escrow as `deliver_start` read it earlier in the command), or
    None for the ORM path to decide. `evidence` is already cleaned."""
    if not (0 < escrow_id < 2**63) or in_caller_transaction_only(conn):
        return None
    async with _connection(conn) as con:
        row = read if read is not None and read["id"] == escrow_id else None
        if row is None:
            row = await con.fetchrow(_DELIVER_READ, escrow_id)
        if (
            row is None
            or row["has_milestones"]
            or row["status"] != EscrowStatus.FUNDS_HELD
            or row["seller_id"] != by.id
        ):
            return None
        raw_terms = row["contract_terms"]
        terms = Terms.of(json.loads(raw_terms) if isinstance(raw_terms, str) else raw_terms)
        version = row["version"]
        data = {"evidence": sorted(evidence)}
        out = await con.fetchrow(
            _DELIVER_WRITE,
            escrow_id,
            version,
            by.id,
            now,
            row["delivered_at"] or now,
            terms.auto_release_at(now),
            _json(evidence),
            _json(data),
            _json({"status": EscrowStatus.FUNDS_HELD, "version": version}),
            _json({"status": EscrowStatus.DELIVERED, "version": version + 1, **data}),
            utcnow(),
            NotificationKind.CARD.value,
            NotificationStatus.PENDING.value,
            OUTBOX_CHANNEL,
        )
    if out is None:
        return None  # changed since the read: the ORM path decides under lock
    return escrow_cls._init_from_db(
        **{k: v for k, v in out.items() if k not in ("audited", "announced")}
    )


# ---------------------------------------------------------------------- /escrow deliver's reads

_USER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "discord_id",
    "username",
    "kyc_tier",
    "kyc_verified",
    "terms_accepted_at",
    "roblox_user_id",
    "roblox_username",
    "roblox_created_at",
    "roblox_linked_at",
    "link_code",
    "link_roblox_user_id",
    "link_code_expires_at",
    "wallet_address",
    "wallet_risk",
    "wallet_screened_at",
    "stripe_account_id",
    "stripe_payouts_enabled",
)

# $1 the caller's Discord id, $2 the escrow. One row when the user exists; the escrow's
# columns are NULL when there is no such escrow. The `s_` columns are `delivery_subject`'s
# (the contract's listing asset, the buyer's Roblox account), NULL when a row is missing.
_START_READ = (
    "SELECT e.*, c.terms AS contract_terms,"  # noqa: S608 (constant column names)
    " EXISTS (SELECT 1 FROM milestone_escrows m WHERE m.escrow_id = e.id) AS has_milestones,"
    " l.id AS s_listing_id, l.asset_type AS s_asset_type, l.asset_id AS s_asset_id,"
    " b.id AS s_buyer_id, b.roblox_user_id AS s_buyer_roblox_id, "
    + ", ".join(f"u.{c} AS u_{c}" for c in _USER_COLUMNS)
    + """
FROM users u
LEFT JOIN escrows e ON e.id = $2
LEFT JOIN contracts c ON c.id = e.contract_id
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN users b ON b.id = e.buyer_id
WHERE u.discord_id = $1
"""
)

_NOT_ESCROW = frozenset(("contract_terms", "has_milestones"))


async def deliver_start(
    user_cls: type[User], escrow_cls: type[Escrow], discord_id: int, escrow_id: int
) -> tuple[User, Escrow | None, tuple[str | None, int | None, int | None] | None, Any] | None:
    """What `/escrow deliver` reads before it asks Roblox, in one statement: the caller (by
    Discord id), the escrow (None when there is none), `delivery_subject`'s raw row (None when
    the contract, listing or buyer is missing) and the row `mark_delivered` reads.

    None when the caller has not signed up, or anything is unusual: the ORM path decides."""
    if not (0 < escrow_id < 2**63) or not (-(2**63) <= discord_id < 2**63):
        return None
    if _in_outer_transaction():
        return None
    client = connections.get("default")
    async with client.acquire_connection() as con:
        row = await con.fetchrow(_START_READ, discord_id, escrow_id)
    if row is None:
        return None  # not signed up: `User.require` gives the refusal
    user = user_cls._init_from_db(**{c: row["u_" + c] for c in _USER_COLUMNS})
    if row["id"] is None:
        return user, None, None, None
    escrow = escrow_cls._init_from_db(
        **{k: v for k, v in row.items() if not (k.startswith(("u_", "s_")) or k in _NOT_ESCROW)}
    )
    subject = None
    if row["s_listing_id"] is not None and row["s_buyer_id"] is not None:
        subject = (row["s_asset_type"], row["s_asset_id"], row["s_buyer_roblox_id"])
    return user, escrow, subject, row


# ---------------------------------------------------------------------- Offer.expire_due

# $1 now, $2 limit, $3 the wall clock (updated_at, created_at), $4 the audit actor label,
# $5 the audit "after". The batch the ORM path takes (oldest expiry first, locked rows of
# other transactions skipped), moved and audited in one statement instead of two per offer;
# audit ids in the batch's order.
_EXPIRE = """
WITH due AS (
    SELECT id FROM offers
    WHERE status = 'PENDING' AND expires_at <= $1
    ORDER BY expires_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), upd AS (
    UPDATE offers o SET status = 'EXPIRED', decided_at = $1, updated_at = $3
    FROM due WHERE o.id = due.id
    RETURNING o.*
), au AS (
    INSERT INTO audit_logs (created_at, actor_id, actor_label, guild_id, action, object_type,
                            object_id, before, after)
    SELECT $3, NULL, $4, NULL, 'offer.expired', 'offer', upd.id::text,
           '{"status": "PENDING"}'::jsonb, $5::jsonb
    FROM upd ORDER BY upd.expires_at, upd.id
    RETURNING id
)
SELECT upd.*, (SELECT count(*) FROM au) AS audited FROM upd ORDER BY upd.expires_at, upd.id
"""


async def expire_offers(
    offer_cls: type[Offer],
    now: dt.datetime,
    limit: int,
    *,
    actor_label: str,
    clock: dt.datetime,
    conn: BaseDBAsyncClient | None = None,
) -> list[Offer] | None:
    """`Offer.expire_due` in one statement, or None inside a caller's transaction (the ORM
    path decides there)."""
    if in_caller_transaction_only(conn):
        return None
    async with _connection(conn) as con:
        rows = await con.fetch(
            _EXPIRE,
            now,
            limit,
            clock,
            actor_label,
            _json({"status": OfferStatus.EXPIRED, "decided_at": now}),
        )
    return [offer_cls._init_from_db(**{k: r[k] for k in _OFFER_COLUMNS}) for r in rows]

"""Load the neutral CSV dataset (prisma-baseline/gen_data.py) into the Python project's schema.

    python load_project.py DATA_DIR DATABASE_URL

The database must already be migrated (`bloxtr8 db upgrade`). Everything is loaded in one
transaction with all constraints and triggers in force (the listing_search statement
triggers fill the word index from the one INSERT into listings), then VACUUM ANALYZE.

Mapping (logical CSV row -> project table), ids kept as-is (sequences moved past them):
  users         -> users: discord_id, username<-name, kyc_tier, kyc_verified,
                   terms_accepted_at<-created_at (everyone signed up), roblox_user_id,
                   roblox_username/roblox_linked_at when linked, wallet_address, wallet_risk,
                   stripe_account_id, stripe_payouts_enabled<-(stripe_account_id not null).
                   (email, email_verified: no column in the project.)
  guilds        -> guilds (active, joined_at<-created_at) + one guild_settings row per guild
                   with the model defaults (the bot creates it on join).
  guild_members -> guild_members (created_at<-joined_at).
  listings      -> listings: seller_id<-user_id, price<-price_cents, currency USD,
                   category game/group/item/service -> GAME/GROUP/ITEM/SERVICE,
                   asset/account -> OTHER; asset_type for GAME/GROUP/ITEM; a NULL guild_id
                   (project: NOT NULL) -> the seller's lowest guild membership (else guild 1).
                   (price_range, media_urls, thread_activity_score: no columns.)
  offers        -> offers: made_by_id <- seller for counter-offers (parent_id set), else
                   buyer; decided_at<-updated_at unless PENDING. A (listing, buyer) with two
                   PENDING offers violates uq_offers_one_pending_per_buyer: the older one
                   becomes WITHDRAWN (what Offer.make does when an offer is replaced).
  contracts     -> contracts: amount/buyer/seller/listing from its offer; EXECUTING ->
                   EXECUTED; pdf_path<-pdf_url; asset_snapshot/terms '{}' ;
                   executed_at/voided_at<-updated_at by status.
  escrows       -> escrows: buyer/seller from the offer, guild from the listing, fee_bps 500,
                   version as given (1 AWAIT_FUNDS, 2 FUNDS_HELD ... = the project's own
                   numbering), funded_at/delivered_at/released_at/refunded_at/cancelled_at
                   from status and updated_at.
                 + stripe_escrows (STRIPE rail) / stablecoin_escrows (USDC_BASE rail), one
                   per escrow, amounts consistent with the status;
                 + escrow_events v1..version following the status path (opened, funded,
                   delivered, released/disputed/refunded/cancelled).
  deliveries    -> deliveries: delivered_by_id, status, evidence (NULL -> '{}'),
                   confirmed_at<-updated_at for CONFIRMED. (title/description/offer/listing/
                   contract: no columns.)
  disputes      -> disputes: reason<-title || ': ' || description, evidence '[]',
                   opened_by_id, guild from the escrow, outcome from resolution
                   ('release to seller' -> RELEASE, 'refund buyer' -> REFUND).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import asyncpg

STAGING = {
    "users": "id bigint, discord_id bigint, roblox_user_id bigint, name text, email text, "
    "email_verified boolean, kyc_tier text, kyc_verified boolean, wallet_address text, "
    "wallet_risk text, stripe_account_id text, created_at timestamptz, updated_at timestamptz",
    "guilds": "id bigint, discord_id bigint, name text, description text, marketplace_setup boolean, "
    "setup_completed_at timestamptz, created_at timestamptz, updated_at timestamptz",
    "guild_members": "id bigint, guild_id bigint, user_id bigint, role text, joined_at timestamptz",
    "listings": "id bigint, user_id bigint, guild_id bigint, title text, summary text, "
    "price_cents bigint, category text, status text, visibility text, price_range text, "
    "message_id bigint, channel_id bigint, media_urls jsonb, thread_activity_score int, "
    "created_at timestamptz, updated_at timestamptz",
    "offers": "id bigint, listing_id bigint, buyer_id bigint, seller_id bigint, parent_id bigint, "
    "amount_cents bigint, currency text, conditions text, expires_at timestamptz, status text, "
    "created_at timestamptz, updated_at timestamptz",
    "contracts": "id bigint, offer_id bigint, status text, pdf_url text, sha256 text, "
    "template_version text, created_at timestamptz, updated_at timestamptz",
    "escrows": "id bigint, offer_id bigint, contract_id bigint, rail text, amount_cents bigint, "
    "currency text, status text, version int, expires_at timestamptz, "
    "auto_release_at timestamptz, created_at timestamptz, updated_at timestamptz",
    "deliveries": "id bigint, escrow_id bigint, offer_id bigint, listing_id bigint, "
    "contract_id bigint, delivered_by bigint, title text, description text, status text, "
    "evidence jsonb, delivered_at timestamptz, created_at timestamptz, updated_at timestamptz",
    "disputes": "id bigint, escrow_id bigint, opened_by bigint, title text, description text, "
    "status text, resolution text, created_at timestamptz, updated_at timestamptz, "
    "resolved_at timestamptz",
}

DEFAULT_PRICE_RANGES = None  # filled from the project (models.guild) when importable

MAP_SQL = r"""
INSERT INTO users (id, created_at, updated_at, discord_id, username, kyc_tier, kyc_verified,
  terms_accepted_at, roblox_user_id, roblox_username, roblox_created_at, roblox_linked_at,
  link_code, link_roblox_user_id, link_code_expires_at, wallet_address, wallet_risk,
  wallet_screened_at, stripe_account_id, stripe_payouts_enabled)
SELECT id, created_at, updated_at, discord_id, name, kyc_tier, kyc_verified,
  created_at, roblox_user_id,
  CASE WHEN roblox_user_id IS NOT NULL THEN left(name || '_rbx', 64) END, NULL,
  CASE WHEN roblox_user_id IS NOT NULL THEN created_at END,
  NULL, NULL, NULL, wallet_address, wallet_risk,
  CASE WHEN wallet_address IS NOT NULL THEN updated_at END,
  stripe_account_id, stripe_account_id IS NOT NULL
FROM s_users ORDER BY id;

INSERT INTO guilds (id, created_at, updated_at, discord_id, name, active, joined_at, left_at)
SELECT id, created_at, updated_at, discord_id, left(name, 100), true, created_at, NULL
FROM s_guilds ORDER BY id;

INSERT INTO guild_settings (created_at, updated_at, guild_id, min_tier_to_list,
  default_visibility, inspection_days, offer_expiry_hours, platform_fee_bps,
  max_active_listings, dispute_deadline_days, price_ranges)
SELECT created_at, created_at, id, 'TIER_1', 'PUBLIC', 7, 72, 500, 10, 7, $1::jsonb
FROM s_guilds ORDER BY id;

INSERT INTO guild_members (id, created_at, updated_at, role, guild_id, user_id)
SELECT id, joined_at, joined_at, role, guild_id, user_id FROM s_guild_members ORDER BY id;

INSERT INTO listings (id, created_at, updated_at, title, summary, price, currency, category,
  status, visibility, asset_type, asset_id, channel_id, thread_id, message_id, guild_id,
  seller_id, snapshot_id)
SELECT l.id, l.created_at, l.updated_at, left(l.title, 100), coalesce(l.summary, ''),
  l.price_cents, 'USD', c.cat, l.status, l.visibility,
  CASE WHEN c.cat IN ('GAME', 'GROUP', 'ITEM') THEN c.cat END, NULL,
  l.channel_id, NULL, l.message_id,
  coalesce(l.guild_id, m.guild_id, 1),
  l.user_id, NULL
FROM s_listings l
LEFT JOIN (SELECT user_id, min(guild_id) AS guild_id FROM s_guild_members GROUP BY user_id) m
  ON m.user_id = l.user_id
CROSS JOIN LATERAL (SELECT CASE lower(l.category)
  WHEN 'game' THEN 'GAME' WHEN 'group' THEN 'GROUP' WHEN 'item' THEN 'ITEM'
  WHEN 'service' THEN 'SERVICE' ELSE 'OTHER' END AS cat) c
ORDER BY l.id;

-- One PENDING offer per (listing, buyer): older duplicates become WITHDRAWN.
UPDATE s_offers o SET status = 'WITHDRAWN'
FROM (SELECT id, row_number() OVER (PARTITION BY listing_id, buyer_id
        ORDER BY created_at DESC, id DESC) AS rn
      FROM s_offers WHERE status = 'PENDING') d
WHERE d.id = o.id AND d.rn > 1;

INSERT INTO offers (id, created_at, updated_at, amount, currency, conditions, expires_at,
  status, decided_at, buyer_id, listing_id, made_by_id, parent_id, seller_id)
SELECT id, created_at, updated_at, amount_cents, currency, conditions, expires_at, status,
  CASE WHEN status <> 'PENDING' THEN updated_at END, buyer_id, listing_id,
  CASE WHEN parent_id IS NOT NULL THEN seller_id ELSE buyer_id END, parent_id, seller_id
FROM s_offers ORDER BY id;

INSERT INTO contracts (id, created_at, updated_at, amount, status, template_version, pdf_path,
  sha256, asset_snapshot, terms, executed_at, voided_at, buyer_id, listing_id, seller_id, offer_id)
SELECT c.id, c.created_at, c.updated_at, o.amount_cents,
  CASE c.status WHEN 'EXECUTING' THEN 'EXECUTED' ELSE c.status END,
  left(c.template_version, 16), left(c.pdf_url, 500), c.sha256, '{}'::jsonb, '{}'::jsonb,
  CASE WHEN c.status IN ('EXECUTED', 'EXECUTING') THEN c.updated_at END,
  CASE WHEN c.status = 'VOID' THEN c.updated_at END,
  o.buyer_id, o.listing_id, o.seller_id, c.offer_id
FROM s_contracts c JOIN s_offers o ON o.id = c.offer_id ORDER BY c.id;

INSERT INTO escrows (id, created_at, updated_at, rail, amount, currency, fee_bps, status,
  version, expires_at, auto_release_at, funded_at, delivered_at, released_at, refunded_at,
  cancelled_at, buyer_id, guild_id, seller_id, contract_id)
SELECT e.id, e.created_at, e.updated_at, e.rail, e.amount_cents, e.currency, 500, e.status,
  e.version, e.expires_at, e.auto_release_at,
  CASE WHEN e.status NOT IN ('AWAIT_FUNDS', 'CANCELLED') THEN e.created_at + interval '30 min' END,
  CASE WHEN e.status IN ('DELIVERED', 'RELEASED', 'DISPUTED') THEN e.updated_at END,
  CASE WHEN e.status = 'RELEASED' THEN e.updated_at END,
  CASE WHEN e.status = 'REFUNDED' THEN e.updated_at END,
  CASE WHEN e.status = 'CANCELLED' THEN e.updated_at END,
  o.buyer_id, l.guild_id, o.seller_id, e.contract_id
FROM s_escrows e JOIN s_offers o ON o.id = e.offer_id JOIN listings l ON l.id = o.listing_id
ORDER BY e.id;

INSERT INTO stripe_escrows (created_at, updated_at, payment_intent_id, charge_id,
  amount_received, amount_refunded, transfer_id, refund_id, escrow_id)
SELECT e.created_at, e.updated_at, 'pi_bench_' || e.id,
  CASE WHEN e.status NOT IN ('AWAIT_FUNDS', 'CANCELLED') THEN 'ch_bench_' || e.id END,
  CASE WHEN e.status NOT IN ('AWAIT_FUNDS', 'CANCELLED') THEN e.amount_cents ELSE 0 END,
  CASE WHEN e.status = 'REFUNDED' THEN e.amount_cents ELSE 0 END,
  CASE WHEN e.status = 'RELEASED' THEN 'tr_bench_' || e.id END,
  CASE WHEN e.status = 'REFUNDED' THEN 're_bench_' || e.id END, e.id
FROM s_escrows e WHERE e.rail = 'STRIPE' ORDER BY e.id;

INSERT INTO stablecoin_escrows (created_at, updated_at, chain_id, token_address,
  deposit_address, amount_base_units, received_base_units, deposit_tx_hash, release_tx_hash,
  refund_tx_hash, escrow_id)
SELECT e.created_at, e.updated_at, 8453, '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
  '0x' || lpad(to_hex(e.id), 40, '0'), e.amount_cents * 10000,
  CASE WHEN e.status NOT IN ('AWAIT_FUNDS', 'CANCELLED') THEN e.amount_cents * 10000 ELSE 0 END,
  CASE WHEN e.status NOT IN ('AWAIT_FUNDS', 'CANCELLED') THEN '0x' || md5('dep' || e.id) || md5('x' || e.id) END,
  NULL, NULL, e.id
FROM s_escrows e WHERE e.rail = 'USDC_BASE' ORDER BY e.id;

-- Event history consistent with each escrow's version (v1 opened, v2 funded, ...).
INSERT INTO escrow_events (version, kind, from_status, to_status, data, created_at, actor_id, escrow_id)
SELECT p.v, p.kind, p.frm, p.too, '{}'::jsonb,
  e.created_at + (p.v - 1) * interval '1 hour', NULL, e.id
FROM s_escrows e
CROSS JOIN LATERAL (VALUES
  (1, 'opened', NULL, 'AWAIT_FUNDS'),
  (2, CASE WHEN e.status = 'CANCELLED' THEN 'cancelled' ELSE 'funded' END, 'AWAIT_FUNDS',
      CASE WHEN e.status = 'CANCELLED' THEN 'CANCELLED' ELSE 'FUNDS_HELD' END),
  (3, CASE WHEN e.status = 'REFUNDED' THEN 'refunded' ELSE 'delivered' END, 'FUNDS_HELD',
      CASE WHEN e.status = 'REFUNDED' THEN 'REFUNDED' ELSE 'DELIVERED' END),
  (4, CASE WHEN e.status = 'DISPUTED' THEN 'disputed' ELSE 'released' END, 'DELIVERED',
      CASE WHEN e.status = 'DISPUTED' THEN 'DISPUTED' ELSE 'RELEASED' END)
) AS p(v, kind, frm, too)
WHERE p.v <= e.version
ORDER BY e.id, p.v;

INSERT INTO deliveries (id, created_at, updated_at, status, evidence, delivered_at,
  confirmed_at, delivered_by_id, escrow_id, milestone_id)
SELECT id, created_at, updated_at, status, coalesce(evidence, '{}'::jsonb), delivered_at,
  CASE WHEN status = 'CONFIRMED' THEN updated_at END, delivered_by, escrow_id, NULL
FROM s_deliveries ORDER BY id;

INSERT INTO disputes (id, created_at, updated_at, reason, evidence, status, outcome,
  buyer_percent, resolution, thread_id, deadline_at, escalated_at, resolved_at, escrow_id,
  guild_id, moderator_id, opened_by_id)
SELECT d.id, d.created_at, d.updated_at, coalesce(d.title, '') || ': ' || coalesce(d.description, ''),
  '[]'::jsonb, d.status,
  CASE d.resolution WHEN 'release to seller' THEN 'RELEASE' WHEN 'refund buyer' THEN 'REFUND' END,
  NULL, d.resolution, NULL, d.created_at + interval '7 days', NULL, d.resolved_at, d.escrow_id,
  e.guild_id, NULL, d.opened_by
FROM s_disputes d JOIN escrows e ON e.id = d.escrow_id ORDER BY d.id;
"""

TABLES = [
    "users",
    "guilds",
    "guild_members",
    "listings",
    "offers",
    "contracts",
    "escrows",
    "deliveries",
    "disputes",
]
SEQ_TABLES = TABLES + ["guild_settings", "stripe_escrows", "stablecoin_escrows", "escrow_events"]


def price_ranges() -> str:
    try:
        sys.path.insert(0, os.environ.get("PROJECT_DIR", "p"))
        from models.guild import default_price_ranges

        return json.dumps(default_price_ranges())
    except Exception:  # pragma: no cover
        return json.dumps([])


async def main(data_dir: Path, url: str) -> None:
    t0 = time.perf_counter()
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            for t, cols in STAGING.items():
                await conn.execute(f"CREATE TEMP TABLE s_{t} ({cols}) ON COMMIT DROP")
                await conn.copy_to_table(
                    f"s_{t}", source=str(data_dir / f"{t}.csv"), format="csv", header=True
                )
            for stmt in [s for s in MAP_SQL.split(";\n") if s.strip()]:
                if "$1" in stmt:
                    await conn.execute(stmt, price_ranges())
                else:
                    await conn.execute(stmt)
            for t in SEQ_TABLES:
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {t}), 0) + 1, false)"
                )
        t1 = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        t2 = time.perf_counter()
        manifest = json.loads((data_dir / "manifest.json").read_text())["counts"]
        ok = True
        counts = {}
        for t in TABLES:
            n = await conn.fetchval(f"SELECT count(*) FROM {t}")
            counts[t] = n
            if n != manifest[t]:
                ok = False
        for t in [
            "guild_settings",
            "stripe_escrows",
            "stablecoin_escrows",
            "escrow_events",
            "listing_search",
        ]:
            counts[t] = await conn.fetchval(f"SELECT count(*) FROM {t}")
        counts["offers_withdrawn_dups"] = await conn.fetchval(
            "SELECT count(*) FROM offers WHERE status = 'WITHDRAWN'"
        )
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(
            json.dumps(
                {
                    "counts": counts,
                    "manifest_match": ok,
                    "load_s": round(t1 - t0, 1),
                    "vacuum_analyze_s": round(t2 - t1, 1),
                    "db_size": size,
                }
            )
        )
        if not ok:
            sys.exit(1)
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))

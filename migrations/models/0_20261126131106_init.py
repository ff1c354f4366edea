from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "guilds" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "discord_id" BIGINT NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "active" BOOL NOT NULL,
    "joined_at" TIMESTAMPTZ,
    "left_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_guilds_created_fb50d4" ON "guilds" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_guilds_active_8e9a78" ON "guilds" ("active");
CREATE TABLE IF NOT EXISTS "guild_settings" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "moderator_role_id" BIGINT,
    "category_id" BIGINT,
    "log_channel_id" BIGINT,
    "disputes_channel_id" BIGINT,
    "min_tier_to_list" VARCHAR(16) NOT NULL,
    "default_visibility" VARCHAR(16) NOT NULL,
    "inspection_days" INT NOT NULL,
    "offer_expiry_hours" INT NOT NULL,
    "platform_fee_bps" INT NOT NULL,
    "max_active_listings" INT NOT NULL,
    "dispute_deadline_days" INT NOT NULL,
    "price_ranges" JSONB NOT NULL,
    "guild_id" BIGINT NOT NULL UNIQUE REFERENCES "guilds" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_guild_setti_created_0f7683" ON "guild_settings" ("created_at");
COMMENT ON COLUMN "guild_settings"."min_tier_to_list" IS 'TIER_0: TIER_0\nTIER_1: TIER_1\nTIER_2: TIER_2';
COMMENT ON COLUMN "guild_settings"."default_visibility" IS 'PUBLIC: PUBLIC\nPRIVATE: PRIVATE';
CREATE TABLE IF NOT EXISTS "marketplace_channels" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "channel_id" BIGINT NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "min_price" BIGINT,
    "max_price" BIGINT,
    "guild_id" BIGINT NOT NULL REFERENCES "guilds" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_marketplace_created_7e00ba" ON "marketplace_channels" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_marketplace_kind_5d3bb9" ON "marketplace_channels" ("kind");
CREATE INDEX IF NOT EXISTS "idx_marketplace_guild_i_6640b1" ON "marketplace_channels" ("guild_id", "kind");
COMMENT ON COLUMN "marketplace_channels"."kind" IS 'PRICE_RANGE: PRICE_RANGE\nDISPUTES: DISPUTES\nLOG: LOG';
CREATE TABLE IF NOT EXISTS "roblox_snapshots" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "asset_type" VARCHAR(16) NOT NULL,
    "asset_id" BIGINT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "owner_type" VARCHAR(16) NOT NULL,
    "owner_id" BIGINT NOT NULL,
    "data" JSONB NOT NULL,
    "captured_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_roblox_snap_capture_52bcb9" ON "roblox_snapshots" ("captured_at");
CREATE INDEX IF NOT EXISTS "idx_roblox_snap_asset_t_839a83" ON "roblox_snapshots" ("asset_type", "asset_id");
COMMENT ON COLUMN "roblox_snapshots"."asset_type" IS 'GAME: GAME\nGROUP: GROUP\nITEM: ITEM';
COMMENT ON COLUMN "roblox_snapshots"."owner_type" IS 'USER: USER\nGROUP: GROUP';
CREATE TABLE IF NOT EXISTS "users" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "discord_id" BIGINT NOT NULL UNIQUE,
    "username" VARCHAR(100) NOT NULL,
    "kyc_tier" VARCHAR(16) NOT NULL,
    "kyc_verified" BOOL NOT NULL,
    "terms_accepted_at" TIMESTAMPTZ,
    "roblox_user_id" BIGINT UNIQUE,
    "roblox_username" VARCHAR(64),
    "roblox_created_at" TIMESTAMPTZ,
    "roblox_linked_at" TIMESTAMPTZ,
    "link_code" VARCHAR(32),
    "link_roblox_user_id" BIGINT,
    "link_code_expires_at" TIMESTAMPTZ,
    "wallet_address" VARCHAR(42) UNIQUE,
    "wallet_risk" VARCHAR(16) NOT NULL,
    "wallet_screened_at" TIMESTAMPTZ,
    "stripe_account_id" VARCHAR(64) UNIQUE,
    "stripe_payouts_enabled" BOOL NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_users_created_43d91f" ON "users" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_users_kyc_tie_76a748" ON "users" ("kyc_tier");
COMMENT ON COLUMN "users"."kyc_tier" IS 'TIER_0: TIER_0\nTIER_1: TIER_1\nTIER_2: TIER_2';
COMMENT ON COLUMN "users"."wallet_risk" IS 'UNKNOWN: UNKNOWN\nLOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH\nSANCTIONED: SANCTIONED';
CREATE TABLE IF NOT EXISTS "asset_verifications" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "asset_type" VARCHAR(16) NOT NULL,
    "asset_id" BIGINT NOT NULL,
    "verified" BOOL NOT NULL,
    "method" VARCHAR(32) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "snapshot_id" BIGINT REFERENCES "roblox_snapshots" ("id") ON DELETE SET NULL,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_asset_verif_created_66b1cd" ON "asset_verifications" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_asset_verif_expires_db2409" ON "asset_verifications" ("expires_at");
CREATE INDEX IF NOT EXISTS "idx_asset_verif_snapsho_b67c71" ON "asset_verifications" ("snapshot_id");
CREATE INDEX IF NOT EXISTS "idx_asset_verif_user_id_9e10d1" ON "asset_verifications" ("user_id", "asset_type", "asset_id");
COMMENT ON COLUMN "asset_verifications"."asset_type" IS 'GAME: GAME\nGROUP: GROUP\nITEM: ITEM';
CREATE TABLE IF NOT EXISTS "audit_logs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "actor_label" VARCHAR(64),
    "action" VARCHAR(64) NOT NULL,
    "object_type" VARCHAR(32) NOT NULL,
    "object_id" VARCHAR(64) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "chain_seq" BIGINT UNIQUE,
    "prev_hash" VARCHAR(64),
    "hash" VARCHAR(64),
    "sealed_at" TIMESTAMPTZ,
    "actor_id" BIGINT REFERENCES "users" ("id") ON DELETE RESTRICT,
    "guild_id" BIGINT REFERENCES "guilds" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_audit_logs_created_bdaee3" ON "audit_logs" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_audit_logs_action_4eb755" ON "audit_logs" ("action");
CREATE INDEX IF NOT EXISTS "idx_audit_logs_actor_i_2df92a" ON "audit_logs" ("actor_id");
CREATE INDEX IF NOT EXISTS "idx_audit_logs_guild_i_113e9a" ON "audit_logs" ("guild_id");
CREATE INDEX IF NOT EXISTS "idx_audit_logs_object__3fc967" ON "audit_logs" ("object_type", "object_id");
CREATE TABLE IF NOT EXISTS "guild_members" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "guild_id" BIGINT NOT NULL REFERENCES "guilds" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_guild_membe_guild_i_711443" UNIQUE ("guild_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_guild_membe_created_37291e" ON "guild_members" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_guild_membe_role_c94345" ON "guild_members" ("role");
CREATE INDEX IF NOT EXISTS "idx_guild_membe_user_id_f90736" ON "guild_members" ("user_id");
COMMENT ON COLUMN "guild_members"."role" IS 'MEMBER: MEMBER\nMODERATOR: MODERATOR\nADMIN: ADMIN\nOWNER: OWNER';
CREATE TABLE IF NOT EXISTS "listings" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(100) NOT NULL,
    "summary" TEXT NOT NULL,
    "price" BIGINT NOT NULL,
    "currency" VARCHAR(8) NOT NULL,
    "category" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "visibility" VARCHAR(16) NOT NULL,
    "asset_type" VARCHAR(16),
    "asset_id" BIGINT,
    "channel_id" BIGINT,
    "thread_id" BIGINT,
    "message_id" BIGINT,
    "guild_id" BIGINT NOT NULL REFERENCES "guilds" ("id") ON DELETE RESTRICT,
    "seller_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "snapshot_id" BIGINT REFERENCES "roblox_snapshots" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_listings_created_0b0447" ON "listings" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_listings_categor_101c31" ON "listings" ("category");
CREATE INDEX IF NOT EXISTS "idx_listings_visibil_2a3e95" ON "listings" ("visibility");
CREATE INDEX IF NOT EXISTS "idx_listings_thread__d4790f" ON "listings" ("thread_id");
CREATE INDEX IF NOT EXISTS "idx_listings_snapsho_4d7a3c" ON "listings" ("snapshot_id");
CREATE INDEX IF NOT EXISTS "idx_listings_status_55b4db" ON "listings" ("status", "price");
CREATE INDEX IF NOT EXISTS "idx_listings_guild_i_9963e7" ON "listings" ("guild_id", "status");
CREATE INDEX IF NOT EXISTS "idx_listings_seller__2ee633" ON "listings" ("seller_id", "status");
CREATE INDEX IF NOT EXISTS "idx_listings_status_b04368" ON "listings" ("status", "created_at");
COMMENT ON COLUMN "listings"."currency" IS 'USD: USD\nUSDC: USDC';
COMMENT ON COLUMN "listings"."category" IS 'GAME: GAME\nGROUP: GROUP\nITEM: ITEM\nSERVICE: SERVICE\nOTHER: OTHER';
COMMENT ON COLUMN "listings"."status" IS 'ACTIVE: ACTIVE\nINACTIVE: INACTIVE\nSOLD: SOLD\nCANCELLED: CANCELLED';
COMMENT ON COLUMN "listings"."visibility" IS 'PUBLIC: PUBLIC\nPRIVATE: PRIVATE';
COMMENT ON COLUMN "listings"."asset_type" IS 'GAME: GAME\nGROUP: GROUP\nITEM: ITEM';
CREATE TABLE IF NOT EXISTS "listing_posts" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "channel_id" BIGINT NOT NULL,
    "thread_id" BIGINT UNIQUE,
    "message_id" BIGINT,
    "guild_id" BIGINT NOT NULL REFERENCES "guilds" ("id") ON DELETE CASCADE,
    "listing_id" BIGINT NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_listing_pos_listing_1074aa" UNIQUE ("listing_id", "guild_id")
);
CREATE INDEX IF NOT EXISTS "idx_listing_pos_created_70a5fe" ON "listing_posts" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_listing_pos_guild_i_9e7eb9" ON "listing_posts" ("guild_id");
COMMENT ON TABLE "listing_posts" IS 'Where a listing is shown: its thread and message in one guild (PUBLIC ones are mirrored).';
CREATE TABLE IF NOT EXISTS "offers" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(8) NOT NULL,
    "conditions" TEXT,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "decided_at" TIMESTAMPTZ,
    "buyer_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "listing_id" BIGINT NOT NULL REFERENCES "listings" ("id") ON DELETE RESTRICT,
    "made_by_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "parent_id" BIGINT REFERENCES "offers" ("id") ON DELETE SET NULL,
    "seller_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_offers_created_e82cc9" ON "offers" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_offers_made_by_4d566a" ON "offers" ("made_by_id");
CREATE INDEX IF NOT EXISTS "idx_offers_parent__8d32c9" ON "offers" ("parent_id");
CREATE INDEX IF NOT EXISTS "idx_offers_status_44c386" ON "offers" ("status", "expires_at");
CREATE INDEX IF NOT EXISTS "idx_offers_listing_1fd0ad" ON "offers" ("listing_id", "status");
CREATE INDEX IF NOT EXISTS "idx_offers_buyer_i_989c30" ON "offers" ("buyer_id", "status");
CREATE INDEX IF NOT EXISTS "idx_offers_seller__1e42aa" ON "offers" ("seller_id", "status");
COMMENT ON COLUMN "offers"."currency" IS 'USD: USD\nUSDC: USDC';
COMMENT ON COLUMN "offers"."status" IS 'PENDING: PENDING\nACCEPTED: ACCEPTED\nCOUNTERED: COUNTERED\nDECLINED: DECLINED\nEXPIRED: EXPIRED\nWITHDRAWN: WITHDRAWN';
CREATE TABLE IF NOT EXISTS "contracts" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "amount" BIGINT NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "template_version" VARCHAR(16) NOT NULL,
    "pdf_path" VARCHAR(500),
    "sha256" VARCHAR(64),
    "asset_snapshot" JSONB NOT NULL,
    "terms" JSONB NOT NULL,
    "executed_at" TIMESTAMPTZ,
    "voided_at" TIMESTAMPTZ,
    "buyer_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "listing_id" BIGINT NOT NULL REFERENCES "listings" ("id") ON DELETE RESTRICT,
    "seller_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "offer_id" BIGINT NOT NULL UNIQUE REFERENCES "offers" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_contracts_created_330f24" ON "contracts" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_contracts_status_dd0a46" ON "contracts" ("status");
CREATE INDEX IF NOT EXISTS "idx_contracts_buyer_i_fc2cee" ON "contracts" ("buyer_id");
CREATE INDEX IF NOT EXISTS "idx_contracts_listing_29d974" ON "contracts" ("listing_id");
CREATE INDEX IF NOT EXISTS "idx_contracts_seller__2952bd" ON "contracts" ("seller_id");
COMMENT ON COLUMN "contracts"."status" IS 'PENDING_SIGNATURE: PENDING_SIGNATURE\nEXECUTED: EXECUTED\nVOID: VOID';
CREATE TABLE IF NOT EXISTS "escrows" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "rail" VARCHAR(16) NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(8) NOT NULL,
    "fee_bps" INT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "version" INT NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "auto_release_at" TIMESTAMPTZ,
    "funded_at" TIMESTAMPTZ,
    "delivered_at" TIMESTAMPTZ,
    "released_at" TIMESTAMPTZ,
    "refunded_at" TIMESTAMPTZ,
    "cancelled_at" TIMESTAMPTZ,
    "buyer_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "guild_id" BIGINT REFERENCES "guilds" ("id") ON DELETE SET NULL,
    "seller_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "contract_id" BIGINT NOT NULL UNIQUE REFERENCES "contracts" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_escrows_created_3d6b1b" ON "escrows" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_escrows_rail_2a819c" ON "escrows" ("rail");
CREATE INDEX IF NOT EXISTS "idx_escrows_buyer_i_32f1e9" ON "escrows" ("buyer_id");
CREATE INDEX IF NOT EXISTS "idx_escrows_guild_i_c76217" ON "escrows" ("guild_id");
CREATE INDEX IF NOT EXISTS "idx_escrows_seller__60b6b5" ON "escrows" ("seller_id");
CREATE INDEX IF NOT EXISTS "idx_escrows_status_812e3d" ON "escrows" ("status", "expires_at");
CREATE INDEX IF NOT EXISTS "idx_escrows_status_54c34e" ON "escrows" ("status", "auto_release_at");
COMMENT ON COLUMN "escrows"."rail" IS 'STRIPE: STRIPE\nUSDC_BASE: USDC_BASE';
COMMENT ON COLUMN "escrows"."currency" IS 'USD: USD\nUSDC: USDC';
COMMENT ON COLUMN "escrows"."status" IS 'AWAIT_FUNDS: AWAIT_FUNDS\nFUNDS_HELD: FUNDS_HELD\nDELIVERED: DELIVERED\nDISPUTED: DISPUTED\nRELEASED: RELEASED\nREFUNDED: REFUNDED\nCANCELLED: CANCELLED';
CREATE TABLE IF NOT EXISTS "disputes" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "reason" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "outcome" VARCHAR(16),
    "buyer_percent" INT,
    "resolution" TEXT,
    "thread_id" BIGINT,
    "deadline_at" TIMESTAMPTZ,
    "escalated_at" TIMESTAMPTZ,
    "resolved_at" TIMESTAMPTZ,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    "guild_id" BIGINT REFERENCES "guilds" ("id") ON DELETE SET NULL,
    "moderator_id" BIGINT REFERENCES "users" ("id") ON DELETE RESTRICT,
    "opened_by_id" BIGINT REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_disputes_created_5c816d" ON "disputes" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_disputes_escrow__bcfc35" ON "disputes" ("escrow_id");
CREATE INDEX IF NOT EXISTS "idx_disputes_guild_i_b95882" ON "disputes" ("guild_id");
CREATE INDEX IF NOT EXISTS "idx_disputes_moderat_d4a619" ON "disputes" ("moderator_id");
CREATE INDEX IF NOT EXISTS "idx_disputes_opened__f2534d" ON "disputes" ("opened_by_id");
CREATE INDEX IF NOT EXISTS "idx_disputes_status_29c6af" ON "disputes" ("status", "created_at");
CREATE INDEX IF NOT EXISTS "idx_disputes_status_a97cec" ON "disputes" ("status", "deadline_at");
COMMENT ON COLUMN "disputes"."status" IS 'OPEN: OPEN\nIN_REVIEW: IN_REVIEW\nRESOLVED: RESOLVED\nCLOSED: CLOSED';
COMMENT ON COLUMN "disputes"."outcome" IS 'RELEASE: RELEASE\nREFUND: REFUND\nSPLIT: SPLIT';
CREATE TABLE IF NOT EXISTS "escrow_events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "version" INT NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16),
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "actor_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_escrow_even_escrow__2abb5c" UNIQUE ("escrow_id", "version")
);
CREATE INDEX IF NOT EXISTS "idx_escrow_even_created_e02d78" ON "escrow_events" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_escrow_even_actor_i_e3c4c1" ON "escrow_events" ("actor_id");
COMMENT ON COLUMN "escrow_events"."from_status" IS 'AWAIT_FUNDS: AWAIT_FUNDS\nFUNDS_HELD: FUNDS_HELD\nDELIVERED: DELIVERED\nDISPUTED: DISPUTED\nRELEASED: RELEASED\nREFUNDED: REFUNDED\nCANCELLED: CANCELLED';
COMMENT ON COLUMN "escrow_events"."to_status" IS 'AWAIT_FUNDS: AWAIT_FUNDS\nFUNDS_HELD: FUNDS_HELD\nDELIVERED: DELIVERED\nDISPUTED: DISPUTED\nRELEASED: RELEASED\nREFUNDED: REFUNDED\nCANCELLED: CANCELLED';
CREATE TABLE IF NOT EXISTS "milestone_escrows" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "position" INT NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "transfer_id" VARCHAR(255),
    "delivered_at" TIMESTAMPTZ,
    "released_at" TIMESTAMPTZ,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_milestone_e_escrow__98db9a" UNIQUE ("escrow_id", "position")
);
CREATE INDEX IF NOT EXISTS "idx_milestone_e_created_07ef12" ON "milestone_escrows" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_milestone_e_status_b34206" ON "milestone_escrows" ("status");
COMMENT ON COLUMN "milestone_escrows"."status" IS 'PENDING: PENDING\nDELIVERED: DELIVERED\nRELEASED: RELEASED\nREFUNDED: REFUNDED';
CREATE TABLE IF NOT EXISTS "deliveries" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "evidence" JSONB NOT NULL,
    "delivered_at" TIMESTAMPTZ,
    "confirmed_at" TIMESTAMPTZ,
    "delivered_by_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    "milestone_id" BIGINT REFERENCES "milestone_escrows" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_deliveries_created_1840ab" ON "deliveries" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_deliveries_status_3acd85" ON "deliveries" ("status");
CREATE INDEX IF NOT EXISTS "idx_deliveries_deliver_372ef7" ON "deliveries" ("delivered_by_id");
CREATE INDEX IF NOT EXISTS "idx_deliveries_escrow__b5719d" ON "deliveries" ("escrow_id");
CREATE INDEX IF NOT EXISTS "idx_deliveries_milesto_d3dabe" ON "deliveries" ("milestone_id");
COMMENT ON COLUMN "deliveries"."status" IS 'PENDING: PENDING\nIN_PROGRESS: IN_PROGRESS\nDELIVERED: DELIVERED\nCONFIRMED: CONFIRMED\nREJECTED: REJECTED';
CREATE TABLE IF NOT EXISTS "signatures" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "method" VARCHAR(24) NOT NULL,
    "interaction_id" BIGINT,
    "signed_at" TIMESTAMPTZ NOT NULL,
    "contract_id" BIGINT NOT NULL REFERENCES "contracts" ("id") ON DELETE RESTRICT,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_signatures_contrac_25cdf5" UNIQUE ("contract_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_signatures_user_id_59af52" ON "signatures" ("user_id");
COMMENT ON COLUMN "signatures"."method" IS 'DISCORD_NATIVE: DISCORD_NATIVE';
CREATE TABLE IF NOT EXISTS "stablecoin_escrows" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" INT NOT NULL,
    "token_address" VARCHAR(42) NOT NULL,
    "deposit_address" VARCHAR(42) NOT NULL UNIQUE,
    "amount_base_units" DECIMAL(78,0) NOT NULL,
    "received_base_units" DECIMAL(78,0) NOT NULL,
    "deposit_tx_hash" VARCHAR(66) UNIQUE,
    "release_tx_hash" VARCHAR(66),
    "refund_tx_hash" VARCHAR(66),
    "escrow_id" BIGINT NOT NULL UNIQUE REFERENCES "escrows" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_stablecoin__created_90fcaa" ON "stablecoin_escrows" ("created_at");
CREATE TABLE IF NOT EXISTS "stripe_escrows" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "payment_intent_id" VARCHAR(255) UNIQUE,
    "charge_id" VARCHAR(255) UNIQUE,
    "amount_received" BIGINT NOT NULL,
    "amount_refunded" BIGINT NOT NULL,
    "transfer_id" VARCHAR(255),
    "refund_id" VARCHAR(255),
    "escrow_id" BIGINT NOT NULL UNIQUE REFERENCES "escrows" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_stripe_escr_created_b2b3fa" ON "stripe_escrows" ("created_at");
CREATE TABLE IF NOT EXISTS "webhook_events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "provider" VARCHAR(16) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "type" VARCHAR(100) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "processed" BOOL NOT NULL,
    "processed_at" TIMESTAMPTZ,
    "error" TEXT,
    CONSTRAINT "uid_webhook_eve_provide_466200" UNIQUE ("provider", "event_id")
);
CREATE INDEX IF NOT EXISTS "idx_webhook_eve_type_75fb38" ON "webhook_events" ("type");
CREATE INDEX IF NOT EXISTS "idx_webhook_eve_receive_e059dd" ON "webhook_events" ("received_at");
CREATE INDEX IF NOT EXISTS "idx_webhook_eve_process_76cbfe" ON "webhook_events" ("processed");
COMMENT ON COLUMN "webhook_events"."provider" IS 'STRIPE: STRIPE\nCHAIN: CHAIN';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
-- Hand-written: what Tortoise models cannot express.
-- Money is positive; percentages and fees stay in range.
ALTER TABLE "listings" ADD CONSTRAINT "ck_listings_price_positive" CHECK ("price" > 0);
ALTER TABLE "offers" ADD CONSTRAINT "ck_offers_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "contracts" ADD CONSTRAINT "ck_contracts_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "escrows" ADD CONSTRAINT "ck_escrows_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "escrows" ADD CONSTRAINT "ck_escrows_fee_bps_range" CHECK ("fee_bps" BETWEEN 0 AND 10000);
ALTER TABLE "escrows" ADD CONSTRAINT "ck_escrows_version_nonneg" CHECK ("version" >= 0);
ALTER TABLE "milestone_escrows" ADD CONSTRAINT "ck_milestones_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "stripe_escrows" ADD CONSTRAINT "ck_stripe_amounts_nonneg" CHECK ("amount_received" >= 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= "amount_received");
ALTER TABLE "stablecoin_escrows" ADD CONSTRAINT "ck_stablecoin_amount_positive" CHECK ("amount_base_units" > 0 AND "received_base_units" >= 0);
ALTER TABLE "disputes" ADD CONSTRAINT "ck_disputes_buyer_percent" CHECK ("buyer_percent" IS NULL OR "buyer_percent" BETWEEN 1 AND 99);
ALTER TABLE "guild_settings" ADD CONSTRAINT "ck_settings_ranges" CHECK ("platform_fee_bps" BETWEEN 0 AND 10000 AND "inspection_days" BETWEEN 1 AND 60 AND "offer_expiry_hours" BETWEEN 1 AND 168 AND "max_active_listings" BETWEEN 1 AND 1000 AND "dispute_deadline_days" BETWEEN 1 AND 60);
ALTER TABLE "marketplace_channels" ADD CONSTRAINT "ck_channels_price_range" CHECK ("min_price" IS NULL OR "min_price" >= 0) ;
ALTER TABLE "marketplace_channels" ADD CONSTRAINT "ck_channels_price_order" CHECK ("max_price" IS NULL OR "min_price" IS NULL OR "max_price" > "min_price");
-- One pending offer per buyer per listing.
CREATE UNIQUE INDEX "uq_offers_one_pending_per_buyer" ON "offers" ("listing_id", "buyer_id") WHERE "status" = 'PENDING';
-- A Roblox link code is unique while it is pending.
CREATE UNIQUE INDEX "uq_users_link_code" ON "users" ("link_code") WHERE "link_code" IS NOT NULL;
-- Listing search: newest first among active listings, and trigram matching on titles.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "idx_listings_title_trgm" ON "listings" USING gin ("title" gin_trgm_ops);
CREATE INDEX "idx_listings_active_newest" ON "listings" ("created_at" DESC, "id" DESC) WHERE "status" = 'ACTIVE';
-- Unprocessed webhook events (the retry queue) and unsealed audit rows (the sealer's queue).
CREATE INDEX "idx_webhook_events_unprocessed" ON "webhook_events" ("received_at") WHERE NOT "processed";
CREATE INDEX "idx_audit_logs_unsealed" ON "audit_logs" ("id") WHERE "chain_seq" IS NULL;
-- The audit trail is append-only: no DELETE, no TRUNCATE, and no UPDATE except the
-- one-time sealing of an unsealed row (chain position and hashes, nothing else).
CREATE OR REPLACE FUNCTION "audit_logs_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD."chain_seq" IS NOT NULL OR OLD."hash" IS NOT NULL THEN
        RAISE EXCEPTION 'audit_logs row % is sealed and cannot be changed', OLD."id"
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW."chain_seq" IS NULL OR NEW."hash" IS NULL OR NEW."prev_hash" IS NULL
       OR (NEW."id", NEW."created_at", NEW."actor_id", NEW."actor_label", NEW."guild_id",
           NEW."action", NEW."object_type", NEW."object_id", NEW."before", NEW."after")
          IS DISTINCT FROM
          (OLD."id", OLD."created_at", OLD."actor_id", OLD."actor_label", OLD."guild_id",
           OLD."action", OLD."object_type", OLD."object_id", OLD."before", OLD."after") THEN
        RAISE EXCEPTION 'audit_logs is append-only: row % may only be sealed', OLD."id"
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER "audit_logs_append_only" BEFORE UPDATE OR DELETE ON "audit_logs"
    FOR EACH ROW EXECUTE FUNCTION "audit_logs_guard"();
CREATE TRIGGER "audit_logs_no_truncate" BEFORE TRUNCATE ON "audit_logs"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_logs_guard"();
"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "listing_posts", "signatures", "deliveries", "milestone_escrows", "escrow_events",
            "stripe_escrows", "stablecoin_escrows", "disputes", "escrows", "contracts", "offers",
            "listings", "asset_verifications", "roblox_snapshots", "audit_logs",
            "webhook_events", "marketplace_channels", "guild_settings", "guild_members",
            "users", "guilds" CASCADE;
        DROP FUNCTION IF EXISTS "audit_logs_guard"();
        """


MODELS_STATE = (
    "eJztXe1z2jrW/1c8fLo7w9NJaZp2mZ2dIeCm3CWQAZJ29nLHY0BJvDEy1zZpM7v93x/Jr7"
    "ItgyUMyEZfwNg+An5HPtJ5/29jZS2B6bzrOA5wH4BtPBoL3TUs2Ggr/21AfQXQQf5NTaWh"
    "r9fxLfiEq89Nj0rHt2uvxP3edX3uuLa+cNEtj7rpAHRqCZyFbayD74Ub08QnrQW60YBP8a"
    "kNNP7aAM21noD7DGx04Y8/0WkDLsFP4OCPfzQ2DrrQDL/dfVuD+JOxbPyJCdYv2qMBzGXi"
    "T6KL6JJ33idD566Npz50v3j34p801xaWuVnB+P71m/tswYjAgC4++wQgsHUX4G9w7Q3+j/"
    "gvBMiEf9v/O/Et/v8gaJbgUd+YLoHJXIvPNTRtOJpqE3WqaQ0GFBeIEYgD6Kc6HgBP+Cf8"
    "399brQ8fPrUuPlx9/nj56dPHzxef0b3e781e+vTL/zExWv5QHmb9m/5win+QhdjsTwV84p"
    "dHo7u6T+WxK0Z/YQOMl6a7WS700BXXWAE6H5KUKX4sA9J34UGaOyEvtrEnPHEi/qD/txxB"
    "8y343i3QT/u36mTaub3DX7dynL9MD77OVMVXWt7Zt9TZ367+luRVNIjyrT/9quCPyr9HQ9"
    "VD13LcJ9v7xvi+6b8b+DfpG9fSoPVD05cEROHZEEZ0Z8z0zXrJyfQk5XGYHksryfU8rocY"
    "EWwPfn3M9aRkTnK9+6zbKtysPK73ESI6XIAM95MjpLiPUBSH342bzq3aVvDrDN6MR/d36A"
    "N+m8H+VL1tK/i1UWxGrPSfmgngk/uMPr6/2jIjHjrj7tfO+Lf3aS4Pgyst79IvCltYV0GS"
    "avdaWIUH74jLYQy+v0sCNPAtywQ6pKNPkqXQnyO6CsK/DcnRaJAQcdf9FK7D+9trFU17b9"
    "ajmww3B+4V2j9aFLCx+KEjHVOILG6Kz/KEMPnQKiBMPrRyhQm+lAQY/FwbaMXgWNmTlPXb"
    "zlV3Ic/u3xyor51ni33VSBFyLRwB0wRh62mWDazsMoNPEMkVmwl6bDt4fKHqr6HZIcmGL5"
    "YNjCf4L/CW2dCmoA9MLPfBMBVjwa9wjoVn46fP1n9ExhZy6qH/jv4x8FfobmfS7fTUBlW6"
    "lADr2Jqb1s8JMWClhEtReFNiNQEx+g3K8H4waHizeK4vXn7o9lJLTGd8xWpZqTPRvdlLq9"
    "YqfUaH+pMHEP4r+IeHxsPN0nAH1lODZlgMrzW32hPxXZppPR3DjGjN/wMWsY4ZfJQGRGlA"
    "rNyOs6KmpCIGRPT8W7aGcAcmizKXIuPS6HavECdU6K4uCyh0V5e5Ch2+9CuNdODwYQA5oD"
    "iUxnzUh+jA+KbWm6Igp8ikbaKAbSJey9mBpq7ZdYC5/Bk9B49om57F+PfJaEjHOKZIL8LG"
    "wlX+p5iGU87eXRSLJoYisdKGeP522/mehro7GF2nl1A8wHVaUj+6NFU0H/aIQKLOj/riGX"
    "215oC/2HSABFkpZrCzUQVi7Nc2eNWedeeZRaAniOQOcLc8ZwVYYlscWwfoJpfumiAsQXUV"
    "DPeKqKqFnCW+0snsXyeopJuEc4F42hiIkhV6kkpCX46bxJvOx/OTiMWBomZ88plP2PDHSA"
    "iN+91pIzu7S8D0JhynlqCST3MOqKdxjHQtGDoyMo6R6Fpzm2NkEdx1eL+I9H1I30e1zLb1"
    "9X3I4Om6cb1Q8PTK2kAKx7fqEBGNjPfh1iHQ7sndOHQDyO6I9Zj6aM6wxp067PWHN9qkfz"
    "PsTO/HaoONIdkB2krm1Ayq39Xu/VTttZXwaAYfRn30Gb82irE0YV9pFbGvtPLtK62MfcUF"
    "q7WJ4MXZaA6jH5NGW0MHUPkJBevlo7bWXTarLEFTP8Phx4uLAiCju3JR9q6lBNOz3vp4xQ"
    "JyTFE/iA8Q+eBluOQHI25xrGUo9/KwccmPxj8eN9CLxFDmSAN2Dei8w1/7T8bFQFjHmwvs"
    "FWVZzudKRCCZUToz0D9fbPiUkhSp9GWIo4Rkdc9Xy1hycTlBKHksMo/nmzeO5BKS6lDaZl"
    "0NfDH2eBFCv4oZ/SSdxJ9b2QemyTH5E2QSfV70rcdHDvBJqnKwPxPPwhZ3bSBPSnAuDuKR"
    "qvUIFPUvJkVvAbett1KWgGx5KYMiwkruJwqA6ktgiequREFyoWL2hhNwI0x1d4N3nVlZHd"
    "B++dcYmFG5MDrak3CcCppR8zD/lQ0aSC1xWcxGEEwt9FJwko7CUSq1shWdpOSCXmSO5mGN"
    "fyXScXInaAj67mmqRiNVUi2lT1GGUJUeMI1XYL81KKEq0bXmtlCVpX+XAWSsSo13lE1Fxq"
    "qcTdSCjFU5R64XiVWpbMgEozsmJIvCI2awP9TuxqMbtFOZtBXiwwz21EH/QR3jeInocAa7"
    "o+GX/vgWn40OZ3Cs/q52vdCK8KhRbE4d2LMPXo0lCHhW1O1G0kjPW+met2BjxSVj07TSLy"
    "OOUM2upeivPRr2im8LlaKVnBaZ0/FzOX9jNodTiKVHgtcj4ZsQmHmQIJPo86K/MkzguBYE"
    "zAxIU8o0vnL8QnkmNWYze2GLmmAPQlEbZkICFPBfRBO2BGxvw7FKNFuKiHH6IS8AM7k4Sm"
    "fRDnwpOwmhEih7hrPeeD8la5QOLjW32qT9m45RVTK2aRDGTHQXeWUJ9KVpoNmML0kjtjRi"
    "V0qoVNScKY3Y58j1IkZs9M8cWsLYFPzMEbUxRS3SxLbxUv0+3W7JjFg5GA1vwtvT5s06Gp"
    "fx99XGuCy6I4fCktGdOmR142CatoJfPQfOWH3oq988941/iB0yk9HgwXfI+EcziECceH4b"
    "710MB421cRfWiru/FkEucIYgUjwGameiYmZ4B5g/X+6HHnfw+wxO7gb9aVvx3sTgjB/PuA"
    "b2AtDS+HfkVRB0BzJlHXfb4G/mW+8vP11+/nB1Ge3hozPbtu5ZQyESYQgweqHqbes1SSXw"
    "hBd2yXaf8f6P2TqbIKvRfD6yeZw0GDAqJilS6Q4URxHJ6p8IAd3k1EDTtJLTInPaW5FeuR"
    "idIpV8FpnP0q0sq8KeJfTYC4Mg4qiHnKaULOBNsl0jjLgii9KUkgUyqELooApZILkIqrkF"
    "kuPOkVT5UQKwta7mnRaXRaKAwkVOYrsj9Ce1GxAqLiUQw5SwlFhA50el+ELuuEEpRO/1VF"
    "CKp8bYCFrdkYEpJ9/FycCUswlRkIEp58j1QoEpupHT9Ha3gzekFbgzawMv3ndqW/HfZ/B+"
    "0utq156/NzoUw6cra7KfyIax2Ng2gAuKClLsMSDpjxibgqZvg/FhQCTetPcfA/8J4Jn8nw"
    "vM/c+5U/9zeuY/AqDN15TIoNx5T1Acb+JfHHbWlxa/UME4q863Tn+q4WibCeucJkjbCvFh"
    "Br037as6QJM+Ps7Lne/1J3d+A4LwCAcCeRFBvSg2qBcGB6lReJAXvNUZdtXBwIvfCg/FWF"
    "RyOxXkPlr5/Qnko0Wqtox75CSldKiKsyXOakJpMwUjqynkkt8i8/txA/nqkCcIJY9F5rGs"
    "bHIunA4kL1/YU4JU8llsPnPL7RSp5LPIfF5gNdXka2yfppWcFpnTsldIQ4Yxnh/0sk3ISa"
    "3/QdtzZvxThLJZSDnxi7KhRZGQJdnQ4hCoFmloIUNCDxASmh9al7HgGPt2CSFbDFTMP56H"
    "eNLSRRSi2gOluOZVHUECrwDfvhdEfvyl+goqGWtRCKaoKN6eULEXEawMXNnY3+zeMgseY4"
    "ueLjFQpbaURdeI1GZ6n0Y9jhf8vLAMitebvVnPJBqtdm17kjEjaGRKpRcewPBItQOLK2rf"
    "XxtyQ/ejpWNX/L4WL1flRvH/QaSLhYEff6ZC+2WMvpAx+hWJ7Dk8H0oL7nlB/yMLJ46ao+"
    "MZ3l+L+nzJQLTLIhGel/khnpfZGE/bWmn7RSamhhC4xJIMStwalOhae86ExAByHlR1HuC1"
    "LTsF8utzhveLUZuzVo2fZMZfzXK/imT8ITWCo3YKSSV9vjVsBVTTlK+q1UwRwu7R3LNoii"
    "csjud3FEu0FAWVlKjMDrJD1p7w/ZIU+1XksMy3XHleP9mfu9brmawgIfeTsoJEjblOCdul"
    "xRssLJs9djRJJ8PnODUJ7z0DfL7VOry/hlbr9xcXRUxUFxf5Nip87Vd6B2u80jyjlmUCHe"
    "bqyAFRCuY5ojrQmhWeOK416no0GiQE1XU/Xer//vZaRbB7oKObDDdnJv/HMiDX6pEglCke"
    "4qwV2S2CCR5dDg4TZJK/ovE3Y1gpEs2pb5aGqwHo7h/Q2cFDDaynynJerHjOKmJElLncN5"
    "6zpgitwGoO7D0R8sw+t95IFdwsFsIJexHRIHsCNfBHqTlIGl49ykHqzjqc8/bUaC2edQgD"
    "8+geIdS6/QLctakvQNcfsE54MVmxybwmd8fTWjxw1RNuE2LAmqwCPDb/QMbnWf7jJWCH/V"
    "8jlp2yI1ej5KsN9g3JqFWBrFPSL3A2FmLpFzhHrhfxC9iWyd06OKQ9WmXpxq2KrZQNNjYH"
    "VG3Ff5/B21FPHXemI3wqPJzBTu+2P2wr3tsMjr4NMYn31ig2SQ4ch3mi2h/CPYsn8d/g3Q"
    "sz9gSRrPxRUhDYsZP5RZv+e6fzdzuTbqenNjLTuwRQ6113gnic6YieMPwr0ojzlEFSZd6l"
    "DpL6ugwLq6eIbUr173wUAan+nSPXi6h/cVM9rMzt0aGXID9QuskZaBkLhM+TZbO36U0RSg"
    "7wcsC0nrTAE8TMhCyt5AMvH8JwCm5m5AwgOcLLkZWBYDOQBoQWkzCJl8doSBvniD2Mpn11"
    "rL1ntSB6VBdtxX+fQX+U4PP74HMr+NwSw14Y/Dnt1XCMuWEaLnfrNPpIR2Ta3f31oN9lZZ"
    "pP1Vb89xm8G/cf0JYLnfAPxGCTAZ018JLWtaX+xtJejUJ5PAvvp8MKt9LKxViPj0jWeH2d"
    "3rRna0MLrspFmE58RJBbFUF5beruo2WvNPYmgTTS4yH88aIqTc2wGPITFrT86Ld8RY1OfT"
    "yg31cF52DjiH6ovjQNCFilci69lM0ZqWEbC6DZOnyixU3nV5hJ05200kxgZPcs5+/CnRL5"
    "C2tTfUYUB/SZWOgZEjay7qWdDlPG0rbc7tJK1LXd7Swtz10XBp1THHVEPHq+i45cvg/qnP"
    "uDbDKM5VkD3UAEdAZXvZNx54LE2Yie8Av9KZ1+0uknnX7S6SedfofgehGnn2u4eUGfdGZH"
    "BLIcQbFyBM5mtdJtisF1Cn7mNQqLSWqB8rbnRf0+3a6dRI/LYDS8CW9PqywUZZJtAxGRyM"
    "BYfpf1xrYBXHD7Fkj6I3oU7ic9VncCImkr6GUG0UvXO+zyuBCKFO3Or9mdKdkduv65GUDQ"
    "Hy2Qn/0xaNx0btW2gl9n8GY8ur9DH/DbDPan6m1bwa8zOFHHD/0uujE4mMHR9KsXyI/fxP"
    "D47FdVe8+S2nyPS6c77T+orE+MT9VW/HfEqGF4JjxCDBvh2tr4VeQa2Pv7UI/jO81mzNTZ"
    "dao7DnB9EDm5khxB5Br1RcSfSFxhrldNUMkgHe7dGGe0lAySKgd/9xlbDZjhT5DJau28EW"
    "rAcfQnjiDmBJ2c/Lz4i+IfPEvwRW5Pfw7wQ33tPFvs+54UoRT+5aQJC9hKXcg0YdF7qVcV"
    "19yIAjqsoRQoAdmxNTetnxNiwEpJj8ITNyk39+hYHzY13rPy2z7NnwWd1En/iqwiWAAlL2"
    "J8T5hGeIw6AXTI6gfknMoPqQqn3M6wqrhY5s7Yqsa3Z2ADRVcCUsVwFCSRfsC2YriO4uv0"
    "ig6XSqBgKgZULAgUb21QfvNtq/iMo+hooJVh20jYL//2Lm3HO+w3Ucv2mURpVG+plpX7hN"
    "n2YhoZxXUm8TwyiuscuV4kiuuEtn7huHzexv6zWfekrV8U/MW19dd/7oeqCnN9kgSdFPxl"
    "2ZoJXWlP2139GlI0U2a75BzcXZhSQHuziNZQxgS2o9WmpLTDoBhp6E0z8m01q/h+jWzbce"
    "B0uGguvqDTMo9NWkAqJkwqqgtLC8g5cr1qFpCzkbwx/N4ymAG+WOB1SCtyxsnduN9VtXFn"
    "eOMHvocfZrDXn9zdT9VJWwmPZnAwumkr6CXtvDlNELbsN33YBE9cxZAj4zBBJq1P3NY/xF"
    "8e9EkyiX79bH81BX+L7UlA+4iQdidhDSSGCRzXgiBoa0yzjqRuaW41jYQ3a0Sz5bJ7OoLo"
    "h6ANveGNIcNDhJEWTWkcOR81WRpHzpHrRYwjkWjO8Dy/HgpBUqctWmkFS2XhpEPr1frK2k"
    "CKnNqaOh7R1GnSHjuBTfCiJJTKFuqw1x/eNNjYEJK1leBgBnvqoP+gjnHZkehwBsfqQO1M"
    "8MnwCJ/7cj/s+ef8IzGsfeiroPOYk/65RTolyQQuf8EpolofPxaAGt2Vi7V3Ld1XwzRegc"
    "21oUrTlrClEowB1d1BZTfONjCB7nAxOkUq+Swyn317BrNFM0Emtx5lmTRj69KeNs3YXlYx"
    "NhQ1aiYmYE6WcZEM2GBVMmhdGFgSF3v+OG+VlWbHTV308zwpFt8oATTfzhvnmR6tBrzXBg"
    "k4Xg13XN2dCHsli77PN2+USvCZ+vDSQCwNxNJALA3Egi/FFeV6EQOxNLXJktlnWjLbgkvP"
    "0UHZ7+YX6E9S1cFYtk2YHaJEP7GDZFxnkpQ1XGequ65ktxOiuxIosq00X0Kn21XvpthDEB"
    "7NYHd0P5z6/oXoEHsduoP+0Hc6+EczqH6/63v3BQcziLnVG3e+DdtKdCiGz2EJFsaS0whO"
    "UkrTqMjPsqfNM1tGSSq5UZSJ3lVlwEpfAm3+xl5lIkEnKx3w4r/WkaLDXlM3QSYr6sqK0l"
    "WBXxaZOHSRCXr53chnsSe0NS8WTW7rihQ1ljW4C8HKWoM72F0IBayIRVGSu7ACwPr7hhJw"
    "LVrBV6xtRlFcE9urvQpvb6B7tGrJYhoJ9ow4yFYxzwdzBMHUQi+lljKvEqoMoRmpIvqUGI"
    "1smf38YA3bu1cLS9YfI2wj2dguaq4mwy7EDLsQopPhkfZPspWhIIwQ8hmRJUxoeQyFUq1a"
    "W1KtWtlUK+sHQmQvmZMcQWTcG/cT3AQavyZljhhyxgeSVc6QVFLOcMsZvChngf99MhrmuC"
    "+D+9OOS2PhKv/zWnQczE39j8cNXGBUlfnGMF0DOu/w1/6T0W9dhicT45NwYmYCRNKxIM2k"
    "dxIPkA4QWehrd8OXWZUilfGngniZ8+JPM6buIhYDnKTwaCz0nNgtFrNBB2/SHojxaqTsUn"
    "zI5XTuqhFGh0zsmBhPUMfSqEExHMQXm9tsBk5420Eq+JDWog02Asv6PQLtTfLtBCvEQ4u7"
    "6GZMfcTQul5/0h2Ne9qwM+0/qIw7lRS1V28zPRqrLnVZRJW6zNekLtO7dwNbsXVvX8a8h8"
    "/SyrqE3AELSGRy7R0ThDUMLq7Z1jEVyu8tZOw1oJOEUn/mfuzw/oEZfoJIhseVFCKU7wJk"
    "dmDXsJlxM+XFTgmAAuEBG0ewaBYRgwOIB5u5IsFBdTJPs1pYBsyvtJq5p7lVQ4vuPlytVa"
    "mViSJ3m1u0Mpk0f4Y7T5k0XzeuUxKiaC1nDLqWv63bjLGXci8ce8uuqmq9AIh5gNiUkzZK"
    "RzZDKLILmtP1f9kqYK66bOWaq/CldOKmV+eXB3AKaTmQn3YTcWDA/aIZ2lx3gIb+sUuBvA"
    "cWxko3c+KJaPTpZcMf4F0wUAWn/RbUe2q3f9sZ/Pbpc9OPcEELguGrFRFDMuEtNlgA4xUt"
    "s9y454xwGuQvKgJ7KCLcn9qz7jzzSBeCtJQqGwIJl6sioUNX+aFDV5nQoaDQKA/eFNI6VD"
    "U5POKPG7jkAzxNKfHejbc41VnPxNTBEJqTtdjtruMa5qEUNJfyV3E9KbuK2kuZa7juaQVF"
    "f2VLr6nE9eZ26ye+U1o+6y8OmtLyeT42MGn5PEeuF7F8rvW3lZf2C928miz5O18qcd2Uu4"
    "N0G1kgTJ8AI9wJIglzAZgDG1to8mHbU1CIj2foP5Rh6DTBRBGUWFPm5kNMLPnAxwfZUeqI"
    "wiewC7FBnSCSQBcCWpqSpClJmpLKMSV5YYwUE1IY3phvOsIhgtJiVOOnviktRudjO5AWo3"
    "PkehGL0dJwFpZN39duE7hJOrnf2iMvh7WGDklTw2C6g7Qsf3lbaK5BSw0plpVL0h+ve/a0"
    "r461iwYb7AFVW/HfZ9B7fx98fh98bgWfPYl0+uI6GF+/cATVnmRZJtAh/XFIk6bYM0e0h3"
    "omojPHjfm6Ho0GieXlup9u7HN/e60iFqQiwigmJGCvHE1fLMCab+2nDiDbhYiz4mc3ekGl"
    "S66U0CxtKanwZ7jyE0iybgAopPWzLV4VKQFxlV8C4ipTAiKAjV+5pQ4gZV0FZJ1pwJd9WJ"
    "6glxwXmeOYVYiBSyaJmiCqnyz9UCRd5kN+usyHTLqMB9g+G4mcAWRhHd79RDSFNf4Onnlj"
    "SIknssT7oZsm4EoVzFLWLQ6p/ETBADPbcF54jUmpIY7ZHnr4r+EoaE7KUpjZJ2srwcEMDk"
    "bf2gp6mcFbtde/v20r/vsMfu3ffG0r+HUGJ51hd9ofeQ1U42MxLE4BE9D/BICvIhl9BCkr"
    "RZaVQUaEvvD62jBG81CJ6yYxy9e7A9jW+pu1cR0NQAwCq5U3fxBp791h72WI70l31ThxLW"
    "fRHFV5QT7J6NjN0nDRBEVDgX0xw0MNrDqVdKbVhURqhqPltHdkgauGBfHy8cpr3CgBI+sc"
    "mAYWYfs+hz1/nLfa4mQ4642L1H38f/0/tx9e/ng1FVsRWtYa7/slVPlQBZnHJcl3/tDgim"
    "FVhmw/B7A08AogrWQQO1DqK6iirbkQWCuwmgPbeTbWe0J1szHM5a03Wl0n1rFbsVQSJAu3"
    "80W7BZ3mZTtEX+Aqo6Rv0D+3990nnANSWxJ7JVJx+4y44xA/SIkGR3UBKpudVl4m1Tcwf7"
    "asF3+bQMmoSlxvbsus+uHfSexdym4ctbatV2PpPwTet0RdpWXqlRhu+/zUK5J3PL5Fkl7k"
    "5IAGTna8U9uK/z6D3a+d/rCteG9ieAijR4fKipws5Nc9S6eIJmyPkPDtAcSAcXj/0fIwjg"
    "bvQVJf1vqbaemUWZzfPZcgOX4D3dN4sg/SKjcqTswReJoklZm0gkQZFMmkRWvwAjgOs487"
    "QXcwt3aGydX0alMB53jQ0rQyfkfk+B1g2xZlbzwFP/PKwoQEdYjq3sZJ9ft0+/oVMXIwGt"
    "6Et6cXtT2rwZSnb3eAbSyeGxRNO7jS3KZj6/E9wpQvORcFes+WM/mq8SuwncCoVVRVIEik"
    "NlawyCJ6qBgQDm6vIboHUcZwCE9gISyqjBEkUhljVMZOupj9+n+1BtSV"
)

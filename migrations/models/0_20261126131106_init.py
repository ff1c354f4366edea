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
        DROP TABLE IF EXISTS "signatures", "deliveries", "milestone_escrows", "escrow_events",
            "stripe_escrows", "stablecoin_escrows", "disputes", "escrows", "contracts", "offers",
            "listings", "asset_verifications", "roblox_snapshots", "audit_logs",
            "webhook_events", "marketplace_channels", "guild_settings", "guild_members",
            "users", "guilds" CASCADE;
        DROP FUNCTION IF EXISTS "audit_logs_guard"();
        """


MODELS_STATE = (
    "eJztXW1z4riy/isUn/ZW5W5lmExmDnXrVhHwZDhLIAUkM3WWLZcBJfEZY7O2yUzq3PnvV/"
    "KrbEtEkg2Rjb6Asd0CnpZbUvej7v+0N84aWN7vPc8D/j1wzQdzZfimY7e7rf+0bWMD4AH9"
    "prNW29hu01vQCd9YWoGUgW7Xn7H7g+vG0vNdY+XDWx4MywPw1Bp4K9fcRt9r7ywLnXRW8E"
    "bTfkxP7Wzz7x3QfecR+E/AhRf+/AueNu01+Ak89PHP9s6DF87ib/dftiD9ZK7bfyGB7Xf9"
    "wQTWOvMn4UV4KTgfisFzV+bj0PY/B/ein7TUV46129jp/dsX/8mxEwHT9tHZR2AD1/AB+g"
    "bf3aH/iP5ChEz8t8O/k94S/g9MZg0ejJ3lY5gs9fRcW9fHk7k+0+a63uZAcQUVATUAf6oX"
    "APCIfsJ//6PTef/+Y+f8/eWnDxcfP374dP4J3hv83uKlj7/CH5OiFTYVYDa8Ho7n6Ac5UM"
    "1hV0AnfgUyhm+EUoG6UvRXLkB46YZf1MIAXvHNDSDrISuZ08c6Ev09PshrJ9bFPvXEJ95I"
    "P/D/rSe29RJ97x7o58MbbTbv3dyir9t43t9WAF9vrqErneDsS+7sb5f/ldVV0kjr63D+pY"
    "U+tv41GWsBuo7nP7rBN6b3zf/VRr/J2PmObjs/dGONQRSfjWGEd6ZK323XgkrPSh5H6am1"
    "UlqnaT3GCFN79OtTrWctc1br/SfD1ezdJtD6ECJi2CtQ0H62hZz2IYry6Lt93bvRui30ur"
    "Cvp5O7W/gBvS3s4Vy76bbQa5utR2yMn7oF7Ef/CX58d7mnR9z3pv0vvelv7/JaHkdXOsGl"
    "XwS18I6CuNTrY2EdHrwjDocp+OEsCZDAdxwLGDYZfVwsh/4SytUQ/n1ITiajjIm7GuZwHd"
    "/dXGmw2we9Ht5k+hS4N3D+6BDARuaHjHQqIbO5Ye/lGWPyvsNgTN53qMYEXcoCDH5uTThi"
    "CIzsWcnmTefqO5AX52+ebWy9J4d/1MgJCg0ckdIkUevbDBtoscsNPiakRmwu6JHv4OE7cf"
    "0aux2yavjsuMB8tP8AL4UJbQ76yMVyFzVTMxX8ivtYfDZ9+lzjR+Jswbse/O/wH4NwhO73"
    "Zv3eQGsTrUsFsE6dpeX8nGEN1sq4sMKbM6sZiOFvaI3vRqN20IuXxur7D8Nd65nujK44HS"
    "d3Jrm3eGnT2eTPGLbxGACE/gr64bHzcLc2/ZHz2CY5FuNrZ3v9iegu3XIej+FGdJb/Bqt0"
    "jRl9VA5E5UCs3Yyzpq4kFgcifP4dV4e4A4tnMZcTE1rRvT5CvOGC7vKCYUF3eUFd0KFLv/"
    "JIRwEfDpAjiUOtmI/6EB0Y39x4wwpyTkz5Jhh8E+lYzg80ccxuAszV9+gleIDT9CLG/5xN"
    "xmSMU4n8IGyu/Nb/tSzTq2buLotHE0GRGWljPH+76X3LQ90fTa7yQyhq4CpvqR980lKUDn"
    "sioFAXR331BL9a98DffGuAjFglbrCTWQqk2G9d8Kw/Gd4Tj0HPCKkZ4Ov2nBdghS07th4w"
    "LKG1a0awgqWrZLjXZKnKFCwJF53c8XVMSoVJBAeIx50JJXmhx6UU9NWESYLufLw4iVwaYH"
    "Xj4898xoc/hUZoOuzP28XeXQGm13E7jQQVf5opoL5NYKTv2HEgoxAYSa6d7QuMrKK7Dh8X"
    "UbEPFfuol9u2ubEPRZ5umtaZyNMbZ2cTNL53DZHIKL6P8BoCzp78nUd2gLzOWE+ljxYMa9"
    "9q48FwfK3Phtfj3vxuqrX5FFJsoNsqnFrY2jetfzfXBt1WfLSw7ydD+Bm9ttlUmvGvdFj8"
    "Kx26f6VT8K/4YLO1ILxoN5rHGcckyTYwAFT9hoLt+kHfGj6fVxaTaZ7j8MP5OQPI8C4qys"
    "G1nGF6MjofLnlATiWaB/EBmA/BDhc6GXFPYK0gWSrCJmQ/2v/zsLMDJkZrCVfAvml7v6Ov"
    "/V/OwUDawJsP3A1hWKZrJRFQyqhcGfCfr3Zii5KcqIplyLMIKa49nx1zLaTljKDSscw6Xu"
    "5eBDaX4FKHWm021cGXYo8GIfiruNHPyin8hRf7wLIEOn9GTKEvir7z8CAAPi5VDfYnElnY"
    "E66N7EkFwcVR2lK9HgHW+GLW9DKEbYORsgJkq9syKCOs+HyCAdTQAitUX9soiA9U3NFwDG"
    "6IqeHv0KyzaKsj2c9/TIGVpAsjoz2L26mhG5WG+a8iaSA3xBUxm9hg7sAXxk46iVup1cjG"
    "2knxAZ2lj9KwRr8SrnGoHTQG/fVuqiUt1XJZSu6iHFSVAbDMZ+C+tAlUleTa2T6qyjq8yw"
    "SKq9LgGeVZS3FVToa1oLgqp6h1Fq5KbSkTnOGYWCyhRyzs4Vi/nU6u4Uxl1m1hHxb2QBsN"
    "77Up4kskhwu7Pxl/Hk5v0NnkcGFPtX9q/YBaER+12frUgSP74Nlcg0hnrGE3XEZF3iqPvE"
    "UTKyEbm5dVcRl5jGpxLIV/7cF0N2JTqJys0rTMmk6fy+ULtzucIKwiEqIRidCFwK2DjJhC"
    "XxT9jWkBz3dswK2AvKTaxldNXIjmUuN2szN71CR7EFh9mBkLwBC/SDpsBdjexG1V6LaUEe"
    "P8Q84AMz44qmDRK/gSZhJSbaAcmN52F/yUolM6unS21ycd3nSMrJKpTwNzZsK78CtrYKwt"
    "E/ZmdEk5sZUTu1ZGpabuTOXEPkWtszix4T/zSBvG5uAnxdSmEo3YJrZPl9q3+X5PZqLK0W"
    "R8Hd+ed2820bmMvq8xzmXZAzkElUxutTFvGAfJdFvoNQjgTLX7ofY1CN+EhyggM5uM7sOA"
    "THi0sCGIsyBuE7zLEaBxdv7K2QjX18LEJd4hCBceI60305AyggOkn89340A76H1hz25Hw3"
    "m3FbzJoZmQz7gF7gqQtvG/sq8CkzuQK+u404ZwMt95d/Hx4tP7y4tkDp+c2Td1LzoKoQmD"
    "gJETVe8br3EpiTu8tEO2/4Tmf9ze2YxYg/rzkd3juMOAc2GSE1XhQHkWIsX1J0TAsARXoH"
    "lZpWmZNR2MSM9Cis6JKj3LrGcVVlZZYU8SehSFgRAJ5EPOSyoViG6y3UKMhJhFeUmlAkWq"
    "kJpUoRIks6BKTZCcVo4k2o8KgG10Nu+8uWRhAcWDnML2FepPbjYgFS8lMsMEWkpqoOmslN"
    "DIHZeUgtVez5FSgmWMC6E1PEVMefNZnCKmnAxFQRFTTlHrTMQUw6QUvX09wBvLSlyZtY0G"
    "71ut2wrfF/bdbNDXr4J4b3IoR0xX5WR/Ix/Gaue6wF4RliBsjwEuf0RuCuy+bc6HAYoE3T"
    "58DMInQKTzf2Lo+5+oXf9Tvuc/AKAvtwRmELXfYxLH6/jnh+31lfEXasiz6n3tDec6YtvM"
    "ePs0JtptYR8WdvCmf9FGsNOnx7S984Ph7DYsQBAfISJQwAgaJNygQUwO0hJ6UEDe6o372m"
    "gU8LfiQzkGFWqlAuqjRa9PoB4tfGnLOUfOSqqAqjxT4uJKKO+m4FQ1QVzpW2Z9P+xssTzk"
    "GUGlY5l1rDKbnIqmI8srRnvKiCo9y61nYbudE1V6llnPK7RMtcQK2+dllaZl1rSqFdJWNM"
    "bTg16VCXlT739U9pwb/5ygKhZSDX9RFbRgoSypghaHQJWloIWihB6AEkqn1hU8OGbZKiF4"
    "iYGaxcdpiGc9XVgiqhIopTmvmggSeAbo9lIQhfxL7RnUkmvBBFOSFK8kVPxJBGsDV5H7W5"
    "xbFsHjLNHTxxqq1ZSSdYzITabLFOrxAvLzyjEJUW/+Yj2zpLXGle3JckZgy4RMLyKAoZYa"
    "B5YQaz8cG6jU/WToeI2/r6fDVbUs/j+x7WIx8eOvHLVfcfSl5OjXhNlzeD1URu75Dv9HEU"
    "7EmiPjGd/fiPx8WSLaBQvD84JO8bwocjxdZ6OXYybmmpA4xZIiJe4lJfpOyZ6QaUD1g7r2"
    "AzS2FbsAPT9nfL8cuTkbVfhJ7fhr2N4vlh1/cBkhkDsFl1Ix3waWAmrolq+65UyRwu9xVj"
    "JpSmAsjhd3lMu0sIKKW1TuANkhc0+EcUmC/yoJWNI9V0HUT9XnbvR4pjJIqPmkyiDRYK0T"
    "aLskvsHKcfm5o1k5RZ8TXEkE7wXg6V7r+P4Geq3fnZ+zuKjOz+k+KnTtV34Gaz6TIqOOYw"
    "HDpq6RI6EczEsodaAxKz5xXG/U1WQyyhiqq2E+1f/dzZUGYQ9AhzeZPqUn/9sxbaHRIyOo"
    "tnjIM1YUpwgWePAFNIyJKf3Kpt+CY4WFzWns1qavA9svT+jsoaZGzmNtNS8Xn7OOGGFpLs"
    "vyORuK0AZslsAtiVDg9rkJWqrhZJEJJxRFhI2UBGoUttJUkFZPhm1HDr8SpGDD/Q78rWWs"
    "QD9ssEl4cfll8Z06/iv9j52KGTyuM6zBhtg1ES92ZLVovuzUqL3i0dYxQ1o1FzPZTrRD0Q"
    "7Fw5TI36I83Sfj81Se7lPUOoun23Us4WK4sezRciW3bzTkd2vzqTmS6rbC94V9Mxlo0958"
    "gk7Fhwu7N7gZjrut4G1hT76OkUjw1mbrJAdmFr5RNgvpnsU3iUig2Qs39piQymVREa3p2N"
    "vTZev+pTeo93uzfm+gtQvduwJQm51JAXucyYi+IaEpWRHTFoP4kvm15SC+XldEp2aa2DO1"
    "/DudhYBa/p2i1lmWf2mZOLSYK1FzFhM/0AaKE1hlrCA+j47LX3g2J6g0IKoBy3nUo0gQtx"
    "KKskoPonqICQLCyqA0oDQiqpGNCWEz4QoIDibxtlQRpyGpnSNW5ZkPtan+jteDGEidd1vh"
    "+8IOW4k+v4s+d6LPHTn8hdGf059Nz1yalukLFwMjt3REpd3eXY2GfV6lhVLdVvi+sG+nw3"
    "s45YInwgM51GTa3hYE27D1tfHCUzCMIHk8D+/Hwxq3yhKgOA8P0NYElYpe9CdnR6ILUREm"
    "Cx8R5E5NUN5ahv/guBudv+wdSfR4CH84r0uZLmSGQgq+Tudz0RdqZOnjAf2uLjhHE0f4Q4"
    "21ZdqA1ypT5ZVtLlgN11wB3TXsRxITmJ4zJS/3prlTIid74Dn/PZ4p4b+wMflUZAlAn4iH"
    "nmMLQjG89GrAlDNZq3C4tBaZWl8PllYXrotp1IRAHcawpofo8OH7oMG5P/GyucieteENGK"
    "EzuhqcTHPxZ84m8lhc6C8V9FNBPxX0U0E/FfQ7hNZZgn6+6dNIn2RlJwJqgz3bBntvt9kY"
    "LsHhOgc/aaWvUpFGoLzvedG+zfevTpLHZTQZX8e355cshMUk3wQiEVHEWPGQ9c51gb0Sji"
    "3g8keMKNzNBrzhBCjSbcGXhQ1f+sFhXySEwJKGmp6FupCEOg79CysAkz8akZ//MWhf9260"
    "bgu9Luzr6eTuFn5Abwt7ONduui30urBn2vR+2Ic3RgcLezL/EhD50ZscEZ9yeaJLJokWe1"
    "x6/fnwXuN9YkKpbit8h4oax2fiI6iwCcoWjV5lzupcPoZ6nNhpccdMk0OnhucBPwRRUCvZ"
    "FmTOus5i/mTSCncGZkxKkXSEZ2OCbClFkqoGf/8JeQ244c+Iqfzjogw14HnGowCJOSOnOr"
    "8o/rLEB08SfJkLrp8C/Lax9Z4c/nlPTlAZ/2q2CUtYHFzKbcKyVwevK65URgGlln1kBSpA"
    "duosLefnDGuwVtaDueNm7WaJGuxxmd6Smd/KlDOWtFMXidQlMZqgNpoE0CH39RNSCRI4Q+"
    "SEg3T60Ca9X8dTHh6YSpSMG0GBUcUBUhwgKaJKTWeDKA7QKWqdhQP0hp7i07W8LHW5Xw9a"
    "HbpGdxXR+lu4xtH0aW98HQYN4w9J2d9ZUvZ3trBHk+tuC77IEcBS1WcOS45DO8AF2FoZMe"
    "WlF46SQP2KoI+LKfRVjKQm4O/xEStfZklf5hsnPrwxLeD5jg2iIick70julrO9rpH4Zh0r"
    "vVJ1Pvy0LDOc0JtBGyopvjTW4kw5R05nmaycI6eodRbnSGKaCzqn7yXBRJo0Rass2YPadH"
    "bwqq4bZ2cT7NRe2m0i06ROe2zyj+QbOgi7ArTxYDi+bvOpIRbrtqKDhT3QRsN7bYq2bCSH"
    "C3uqjbTeDJ2Mj9C5z3fjQXguPJLD2we/yvYeKNS5PdYpKybx1gFBE9X58IEBangXFevgWj"
    "4noWU+A1doQpWXVUVz5ZlBFSfOLrCA4QkpOieq9CyznkN/BrdHMyOmph5VuTRT71JJnyZz"
    "3WDZ1MDq1Mx0QApDk4U9GI1KpQt+D8J2XmprzY5LjguZhASPb0IxpPt5Uybj0fJnBSlkgR"
    "fkv0KZsaw00xeeMGu5eyFk0Srk1lIOYuUgVg5i5SCWfCiuqdZZHMTK1abSDZ1ouiHHXgeB"
    "DsJ8l57cLCvVBGfZsdObYTNIznEmK9nAcaa+40pxOiF7KIFg2yqLJfT6fe12jiIE8dHC7k"
    "/uxvMwvpAcoqhDfzQch0GH8Ghha99uh8F90cHCRtoaTHtfx91WcihHzGENVuZa0AmOSyrX"
    "qMzPcrCa5/aM4lJqoig8UYw8LPxF/DJySgEleOZroC/5S1lm5Q6lgKZ6pzAOkwEXOvz5SD"
    "JiKhuJysZTF/j3RMUwb3vJsBhWoaNmimCNi2XHP4bUJUnMoiS0DU+0g0/rWBLCqPxFB8lf"
    "FM0upAJWxvQ62VkYA7DhvKECXFlzxMg1zWDFNTO9KpW0aGf7R8vHI6eToCTjoJgBig5mXC"
    "2t0jRQdUKVg5qRS0BG4GgUU5TRyRpucK8ep/s6Bm0jmxQ8SUytaBdy0i6kyAJ/pPmTSgMv"
    "iSKkfEZUChPSPgamrVadPVutOsWtVs4PiEgpm5NtQWbc23czVEAHvWZtjhx2JgSS187gUs"
    "rOCNsZNCgXgadX7o7vf9OK3cudafmm7f2OvrYx1blXxtbfie2syokq/qkkUWYa/7Tg6mbx"
    "GKBNCg/myqBwt3jcBj00SbvH2mvQYpcQQy6JFnvMoC4YHXJjx8x8tA1kjdoEx0F68Wyfz8"
    "CLbztIBh/cW7RDTmCVv0eiuQndT7CBOnSEk26m0kek1g2Gs/5kOtDHPZHyi1npIN9mvjXe"
    "tdQFy1Lqgr6SusjP3k3kxTaCeRn3HL4oq/ISChMWoMkUmjtmBBtILm7Y1DFH5Q8GMv4c0F"
    "lBtX4WfuzQ/IEbfkxI0eMqogjRQ4DcAewGFoI5y0WxcwaAgR6w8yRjs8hIDsAebO6MBAdd"
    "kwUrq5Vj2vRMq4V7zvau0JK7D5drVa3KZLG7Z3tWZWrT/AnOPNWm+aZpnbAhilRyxiSv8v"
    "dVmzFLLe6lU2/VWVWd78BGOoBqomwbJSNbEJQ5BC0Y+r/oMLirLjpUdxW6lN+4GeT5FQGc"
    "IFoN5G87iTgw4GHSDH1peECH/5hUpHMAVubGsCh8IpJ8ftgIG/g9aqiG3X4P6gOtP7zpjX"
    "77+OksZLjAAcEMlxWJQgr0FhesgPkMh1lh3CktvA3y5zWBPTYR/k/9yfCeRKwLJlpJlg2J"
    "jMslC3Xokk4duixQh6JEoyJ4E0SbkNXk8Ig/7Oy1GOB5SYX363jLk531RFwdHNScosfu9T"
    "yu8T4URnepeBbXN1UXq7+UO4drSS8o/Ct7ak1lrp/t936iO5Xns/nm4Ex5Pk/HB6Y8n6eo"
    "dRbP59Z42QTbfm2flpOFPvMlCjdtcXeQaiMriOkj4IQ7I6RgZoA58rHFLh++OQVB+HiO/k"
    "M5ht6GTJRAiVbKwnpIhZUexPSgKkod0fhEfiE+qDNCCmgmoJUrSbmSlCupGldSQGMkuJBi"
    "eiPddYQogspj1OCn/kx5jE7Hd6A8RqeodRaP0dr0Vo5LntfuM7hZOTXfKrEvhzeHDi7TQD"
    "LdQUqWf39Z6b5J2hrCtisXlz9e9ez5UJvq520+2COpbit8X9jB+7vo87vocyf6HFikt0+u"
    "g/ANE0cQ/UmOYwHDJj8OedGcepZQ9lDPRHLmuJyvq8lklBlerob5wj53N1caVEGOEUZwIQ"
    "F34+nGagW2YmM/sQFVLkSeEb840YsyXQptCS3KVrIV/gRHfgxJ3gkAQbR5vsVLlhQQl/QU"
    "EJeFFBARbOKLW2IDytbVwNZZpv29jMoz8krjMmscqQoqcM1lUTNCzbOl71m2y7ynb5d5X9"
    "guEwBWZiJBaUAl1hGdTyRdWBev4ElrQ1k8mS3eD8OygNBWwaJk03hI1W8UjDBzTe+7qDMp"
    "18Qxy0OP/xhPouKkPImZQ7FuKzpY2KPJ124LvizsG20wvLvptsL3hf1leP2l20KvC3vWG/"
    "fnw0lQQDU9lsPjFCkB/k8AxDKSkVtQtlJmWxntiDBWQV0bTjYPUbhpFrP6dXcE29Z4cXa+"
    "pwMbgcDr5aU3ovy9r/h7Ofg9+aoab5zLWbZAFY3kk2XH7tamDzsobAqUxQw1NXKalNKZlB"
    "cSLjM8nVLekQeuBibEo+NFK9yoAMPzHFgmMmFln8NB2M5LY3Eyve3Oh8t99H/DP1cOr7C9"
    "hpqtBC1ni+b9Cio6VNHO44rsuzg1uGZYVWHbTwEsHTwDm5QyiB8o7RnU0dfMBNYGbJbA9Z"
    "7MbUmornemtb4JWmtqxzp2KZZaguSgcr5wtmCQomyHqAtcZ5SMHfznbtl5wikgtWdjr0Iq"
    "LZ+RVhwSBylT4KgpQBV3p1W3k+orWD45zvdwmkDYUZW5frZvZ9WP8E5s7lJ14ait6zyb6/"
    "AhCL4lqSqttl7JEbanb73CdScSW8TlZd4c0EabHW+1bit8X9j9L73huNsK3uSIECaPDlEV"
    "lF3IzyVTp8hmbI+w4TsAiAPj+P6j7cM4GrwH2fqyNV4sxyD0Ynr1XEzk+AV03yaSfZBSuU"
    "lyYgHiaVZU7aSVhGXAspMWjsEr4HncMe6M3MHC2gUl1zOqTQRc4EHLyyr+jsz8HeC6DmFu"
    "PAc/aWlhYoEmsLr3aVL7Nt8/fiWKHE3G1/Ht+UGtZDaY6tbbPeCaq6c2YaUdXTnbt8Y20n"
    "ukSV9yKgvokiVn6EvjZ+B6kVOLdamAiajVGGOSRfhQcSAc3d5AdA+yGEMUnshDyLoYw0TU"
    "YoxzMfamg9mv/wfj4Hdo"
)

"""The database refuses rows the domain forbids (CHECK and unique constraints)."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import (
    Dispute,
    Escrow,
    GuildSettings,
    MilestoneEscrow,
    Offer,
    Signature,
    StripeEscrow,
    User,
    WebhookEvent,
)
from models.enums import OfferStatus, WebhookProvider
from tests.factories import (
    make_contract,
    make_escrow,
    make_guild,
    make_listing,
    make_offer,
    make_user,
)

pytestmark = pytest.mark.usefixtures("db")


async def refused(coro: object) -> None:
    with pytest.raises(IntegrityError):
        async with in_transaction():
            await coro  # type: ignore[misc]


@pytest.mark.parametrize("price", [0, -1])
async def test_listing_price_must_be_positive(price: int) -> None:
    seller, guild = await make_user(), await make_guild()
    await refused(make_listing(seller=seller, guild=guild, price=price))


@pytest.mark.parametrize("amount", [0, -100])
async def test_offer_amount_must_be_positive(amount: int) -> None:
    listing = await make_listing()
    await refused(make_offer(listing=listing, amount=amount))


async def test_contract_escrow_and_milestone_amounts_must_be_positive() -> None:
    offer = await make_offer()
    await refused(make_contract(offer=offer, amount=0))
    contract = await make_contract(offer=offer)
    await refused(make_escrow(contract=contract, amount=-1))
    escrow = await make_escrow(contract=contract)
    await refused(MilestoneEscrow.create(escrow=escrow, position=1, title="Half", amount=0))
    await refused(Escrow.filter(id=escrow.id).update(fee_bps=10_001))


async def test_refund_cannot_exceed_what_was_received() -> None:
    escrow = await make_escrow()
    await refused(StripeEscrow.create(escrow=escrow, amount_received=100, amount_refunded=101))


async def test_one_signature_per_user_per_contract() -> None:
    contract = await make_contract()
    buyer = await User.get(id=contract.buyer_id)
    await Signature.create(contract=contract, user=buyer)
    await refused(Signature.create(contract=contract, user=buyer))


async def test_provider_event_ids_are_unique_per_provider() -> None:
    await WebhookEvent.create(
        provider=WebhookProvider.STRIPE, event_id="evt_1", type="x", payload={}
    )
    await refused(
        WebhookEvent.create(provider=WebhookProvider.STRIPE, event_id="evt_1", type="x", payload={})
    )
    # The same id from another provider is a different event.
    await WebhookEvent.create(
        provider=WebhookProvider.CHAIN, event_id="evt_1", type="x", payload={}
    )


async def test_one_roblox_account_per_user_and_one_user_per_account() -> None:
    await make_user(roblox_user_id=42)
    await refused(make_user(roblox_user_id=42))


async def test_discord_ids_are_unique() -> None:
    await make_user(discord_id=777)
    await refused(make_user(discord_id=777))


async def test_one_pending_offer_per_buyer_per_listing() -> None:
    listing, buyer = await make_listing(), await make_user()
    first = await make_offer(listing=listing, buyer=buyer)
    await refused(make_offer(listing=listing, buyer=buyer))
    # Once the first is no longer pending, a new one is fine.
    await Offer.filter(id=first.id).update(status=OfferStatus.DECLINED)
    await make_offer(listing=listing, buyer=buyer)


async def test_one_contract_per_offer_and_one_escrow_per_contract() -> None:
    offer = await make_offer()
    contract = await make_contract(offer=offer)
    await refused(make_contract(offer=offer))
    await make_escrow(contract=contract)
    await refused(make_escrow(contract=contract))


@pytest.mark.parametrize("percent", [0, 100, -5])
async def test_split_percent_between_1_and_99(percent: int) -> None:
    escrow = await make_escrow()
    await refused(Dispute.create(escrow=escrow, reason="Not delivered", buyer_percent=percent))
    await Dispute.create(escrow=escrow, reason="Not delivered", buyer_percent=50)


@pytest.mark.parametrize(
    "field", [{"platform_fee_bps": 10_001}, {"inspection_days": 0}, {"offer_expiry_hours": 500}]
)
async def test_guild_settings_stay_in_range(field: dict[str, Any]) -> None:
    guild = await make_guild()
    await refused(GuildSettings.create(guild=guild, **field))


async def test_every_table_of_the_brief_exists(database_url: str) -> None:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )
    tables = {r["tablename"] for r in rows}
    expected = {
        "users", "guilds", "guild_members", "guild_settings", "marketplace_channels",
        "listing_posts",
        "listings", "offers", "contracts", "signatures", "escrows", "stripe_escrows",
        "stablecoin_escrows", "milestone_escrows", "deliveries", "disputes",
        "roblox_snapshots", "asset_verifications", "audit_logs", "webhook_events",
        "escrow_events",
    }  # fmt: skip
    assert expected <= tables


async def test_every_foreign_key_is_indexed() -> None:
    """Each FK column is the leading column of some index (PostgreSQL doesn't add one)."""
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        """
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
            WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]
          )
        """
    )
    assert rows == []

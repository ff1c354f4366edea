"""`bloxtr8 db seed`: the demo world, built through the model functions the bot calls."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from bot.seed import DEMO_GUILD_DISCORD_ID, seed_demo
from models import AuditLog, Contract, Escrow, EscrowEvent, Guild, Listing, Offer, User
from models.audit import seal_pending, verify_chain
from models.enums import (
    ContractStatus,
    EscrowRail,
    EscrowStatus,
    KycTier,
    ListingStatus,
    OfferStatus,
)


async def test_the_demo_world_has_every_status_and_follows_the_rules(
    db: str, tmp_path: Path
) -> None:
    counts = await seed_demo(contracts_dir=tmp_path)
    assert counts["guilds"] == 1 and counts["users"] == 9 and counts["listings"] == 9
    assert counts["disputes"] == 2 and counts["milestone_escrows"] == 3
    assert counts["deliveries"] > 0 and counts["roblox_snapshots"] == 4
    guild = await Guild.get(discord_id=DEMO_GUILD_DISCORD_ID)
    escrows = await Escrow.filter(guild=guild)
    assert {e.status for e in escrows} == set(EscrowStatus)
    assert {e.rail for e in escrows} == {EscrowRail.STRIPE, EscrowRail.USDC_BASE}
    assert {u.kyc_tier for u in await User.all()} == set(KycTier)
    # `flat=True` gives the values themselves; tortoise's stubs say tuples.
    offer_statuses = cast(list[OfferStatus], await Offer.all().values_list("status", flat=True))
    assert set(offer_statuses) == set(OfferStatus)
    listing_statuses = cast(
        list[ListingStatus], await Listing.all().values_list("status", flat=True)
    )
    assert set(listing_statuses) == set(ListingStatus)
    statuses = set(
        cast(list[ContractStatus], await Contract.all().values_list("status", flat=True))
    )
    assert statuses == {
        ContractStatus.PENDING_SIGNATURE,
        ContractStatus.EXECUTED,
        ContractStatus.VOID,
    }
    # The real conventions: each escrow's events are numbered 1..version, the first opened.
    for escrow in escrows:
        events = await EscrowEvent.filter(escrow=escrow).order_by("version")
        assert [e.version for e in events] == list(range(1, escrow.version + 1))
        assert events[0].kind == "opened"
    assert await AuditLog.filter(action="escrow.opened").count() == len(escrows)
    for contract in await Contract.all():  # its PDF, with the hash its row has
        assert (await contract.verify_file()).ok
    await seal_pending()
    assert (await verify_chain()).ok

    again = await seed_demo(contracts_dir=tmp_path)
    assert again == counts  # idempotent

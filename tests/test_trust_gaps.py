"""The last gaps of the trust model against a hostile seller: ownership asked again on
Roblox before the buyer pays, and a release to a seller who still holds the asset asked
twice."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from models import AuditLog, Listing, User
from models.checkout import CheckoutSession
from models.enums import EscrowStatus, RobloxAssetType
from models.escrow import Escrow
from models.ownership import LOST, RELEASE_WARNED, RELEASED_DESPITE
from models.roblox import AssetVerification
from tests.fakes import stripe_checkout as fake
from tests.fakes.roblox_app import FakeRoblox
from tests.test_checkout import get, page_kind, pay_link
from tests.test_escrow import World, fund, last_dm, open_escrow, reply_text
from tests.test_escrow import world as world  # the escrow tests' world

SELLER_ROBLOX, OTHER_ROBLOX, GROUP = 5150, 6160, 88


@pytest.fixture
async def checkout(world: World) -> AsyncIterator[World]:
    world.bot.settings.public_url = f"http://127.0.0.1:{world.bot.web.port}"
    async with fake.running_checkout_pages():
        yield world


async def group_escrow(w: World, roblox: FakeRoblox) -> Escrow:
    """An escrow for a Roblox group the seller owned when listing it."""
    escrow = await open_escrow(w)
    seller = await User.get(id=escrow.seller_id)
    seller.roblox_user_id = SELLER_ROBLOX
    await seller.save()
    contract = await escrow.contract
    await Listing.filter(id=contract.listing_id).update(  # type: ignore[attr-defined]
        asset_type=RobloxAssetType.GROUP, asset_id=GROUP
    )
    roblox.add_user(SELLER_ROBLOX, "groupseller")
    roblox.add_user(OTHER_ROBLOX, "someoneelse")
    roblox.add_group(GROUP, "Builders", owner_id=SELLER_ROBLOX)
    return escrow


def group_lookups(roblox: FakeRoblox) -> int:
    return sum(roblox.hits.values())


async def test_the_pay_link_is_withheld_when_the_seller_gave_the_group_away(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    roblox.set_group_owner(GROUP, OTHER_ROBLOX)
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 409 and page_kind(text) == "ownership_withheld"
    assert "no longer owns" in text and "Nothing was charged" in text
    assert not await CheckoutSession.filter(escrow_id=escrow.id).exists()
    assert w.stripe.calls("POST", r"^/v1/checkout") == []
    await w.env.settle()
    assert "Don't pay escrow" in last_dm(w.buyer).content
    assert "no longer shows you as the owner" in last_dm(w.seller).content
    (entry,) = await AuditLog.filter(action=LOST, object_id=str(escrow.id))
    assert entry.after["asset_id"] == GROUP and "don't own" in entry.after["why"]

    # Clicking again: same page, no second Roblox call, the parties aren't told twice.
    asked = group_lookups(roblox)
    buyer_dms = len(w.buyer.user.dm_channel.history())
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 409 and page_kind(text) == "ownership_withheld"
    await w.env.settle()
    assert group_lookups(roblox) == asked
    assert len(w.buyer.user.dm_channel.history()) == buyer_dms

    # /escrow pay says the same and gives no Pay button.
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert "Don't pay escrow" in reply_text(result)
    assert result.response is not None and not result.response.components


async def test_an_owning_seller_is_checked_once_in_a_few_minutes(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    status, _, headers = await get(pay_link(w, escrow))
    assert status == 303 and "Location" in headers
    asked = group_lookups(roblox)
    assert asked >= 1
    assert await AssetVerification.filter(asset_id=GROUP, verified=True).count() == 1
    status, _, _ = await get(pay_link(w, escrow))
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert status == 303, status
    assert result.response is not None and result.response.components
    assert group_lookups(roblox) == asked  # reused, not asked again


async def test_payment_goes_ahead_on_the_listing_check_when_roblox_is_down(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    roblox.fail_next(20, status=503)
    status, _, _ = await get(pay_link(w, escrow))
    assert status == 303
    assert not await AuditLog.filter(action=LOST).exists()


# --------------------------------------------------------------------------- release


async def delivered_group_escrow(w: World, roblox: FakeRoblox) -> Escrow:
    escrow = await group_escrow(w, roblox)
    buyer = await User.get(id=escrow.buyer_id)
    buyer.roblox_user_id = OTHER_ROBLOX
    await buyer.save()
    await fund(w, escrow)
    await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, evidence="Done, trust me")
    return await Escrow.get(id=escrow.id)


async def test_releasing_to_a_seller_who_still_holds_the_group_is_asked_twice(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    warned = await w.buyer.click(asked.response, label="Yes, release $500.00")
    assert warned.response is not None and "Warning" in warned.response.content
    assert "still shows the seller as the owner" in warned.response.content
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DELIVERED
    assert w.stripe.transfers() == []
    (entry,) = await AuditLog.filter(action=RELEASE_WARNED, object_id=str(escrow.id))
    assert entry.after["roblox"]["owner_id"] == SELLER_ROBLOX

    done = await w.buyer.click(warned.response, label="Release $500.00 anyway")
    assert "Released" in reply_text(done)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    assert await AuditLog.filter(action=RELEASED_DESPITE, object_id=str(escrow.id)).exists()


async def test_the_buyer_can_stop_at_the_warning(world: World, roblox: FakeRoblox) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    warned = await w.buyer.click(asked.response, label="Yes, release $500.00")
    await w.buyer.click(warned.response, label="Don't release")
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DELIVERED
    assert not await AuditLog.filter(action=RELEASED_DESPITE).exists()


async def test_a_handed_over_group_is_released_on_one_click(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    roblox.set_group_owner(GROUP, OTHER_ROBLOX)  # the buyer owns it now
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    done = await w.buyer.click(asked.response, label="Yes, release $500.00")
    assert "Released" in reply_text(done)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    assert not await AuditLog.filter(action=RELEASE_WARNED).exists()

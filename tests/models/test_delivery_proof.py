"""What counts as Roblox proof of delivery is decided in `models.delivery.roblox_proof`,
asked of the bot's real Roblox client against the local Roblox app."""

from __future__ import annotations

from bot.app import Bloxtr8Bot
from bot.sandbox.roblox_app import FakeRoblox
from models.delivery import roblox_proof
from models.enums import RobloxAssetType
from models.escrow import Escrow
from models.user import User
from tests.factories import make_contract, make_escrow, make_listing, make_offer, make_user

BUYER_ROBLOX = 4_242
SELLER_ROBLOX = 1_111


async def escrow_for(asset_type: RobloxAssetType | None, asset_id: int | None) -> Escrow:
    seller = await User.get_or_none(roblox_user_id=SELLER_ROBLOX) or await make_user(
        roblox_user_id=SELLER_ROBLOX
    )
    buyer = await User.get_or_none(roblox_user_id=BUYER_ROBLOX) or await make_user(
        roblox_user_id=BUYER_ROBLOX
    )
    listing = await make_listing(seller=seller, asset_type=asset_type, asset_id=asset_id)
    offer = await make_offer(listing=listing, buyer=buyer)
    return await make_escrow(contract=await make_contract(offer=offer))


async def test_a_game_counts_only_when_the_buyer_created_it(
    db: str, bot: Bloxtr8Bot, roblox: FakeRoblox
) -> None:
    roblox.add_user(BUYER_ROBLOX, "buyer")
    roblox.add_user(SELLER_ROBLOX, "seller")
    roblox.add_game(501, 9_001, "Obby", BUYER_ROBLOX, "User")
    roblox.add_game(502, 9_002, "Group game", BUYER_ROBLOX, "Group", creator_name="Crew")

    owned = await roblox_proof(await escrow_for(RobloxAssetType.GAME, 501), bot.roblox)
    assert owned == {
        "checked": True,
        "universe": 501,
        "creator_type": "User",
        "creator_id": BUYER_ROBLOX,
        "owned_by_buyer": True,
    }
    # A group that happens to share the buyer's number is not the buyer.
    grouped = await roblox_proof(await escrow_for(RobloxAssetType.GAME, 502), bot.roblox)
    assert grouped["checked"] and grouped["owned_by_buyer"] is False
    missing = await roblox_proof(await escrow_for(RobloxAssetType.GAME, 503), bot.roblox)
    assert missing == {"checked": True, "game": 503, "found": False}


async def test_a_group_counts_when_the_buyer_owns_it(
    db: str, bot: Bloxtr8Bot, roblox: FakeRoblox
) -> None:
    roblox.add_user(BUYER_ROBLOX, "buyer")
    roblox.add_group(77, "Builders", owner_id=SELLER_ROBLOX)
    escrow = await escrow_for(RobloxAssetType.GROUP, 77)
    before = await roblox_proof(escrow, bot.roblox)
    assert before["checked"] and before["owned_by_buyer"] is False
    roblox.set_group_owner(77, BUYER_ROBLOX)
    after = await roblox_proof(escrow, bot.roblox)
    assert after == {"checked": True, "group": 77, "owner_id": BUYER_ROBLOX, "owned_by_buyer": True}


async def test_without_an_answer_or_an_asset_it_says_why(
    db: str, bot: Bloxtr8Bot, roblox: FakeRoblox
) -> None:
    no_asset = await roblox_proof(await escrow_for(None, None), bot.roblox)
    assert no_asset == {"checked": False, "why": "no Roblox asset on the listing"}
    roblox.add_group(78, "Builders", owner_id=BUYER_ROBLOX)
    escrow = await escrow_for(RobloxAssetType.GROUP, 78)
    roblox.fail_next(20)
    down = await roblox_proof(escrow, bot.roblox)
    assert down["checked"] is False and down["why"]

"""The trade card through Discord: after every step of a whole trade (and of a dispute)
no earlier message keeps a live button for a step that is over, each party's card shows
only the buttons valid now, and nothing a party holds shows an enum name, a provider id
or an ISO timestamp."""

from __future__ import annotations

import re
from typing import Any

import discord
import simcord

from bot.cogs.disputes.cog import DisputesCog
from bot.cogs.offers.cog import Offers
from models.contract import Contract
from models.dispute import Dispute
from models.enums import EscrowStatus, KycTier
from models.escrow import Escrow
from models.guild import Guild
from models.trade_card import TradeCard
from models.user import User
from tests.bot.cogs.test_contracts import button_labels, contract_dm, sign
from tests.bot.cogs.test_escrow import World, fund, last_dm, reply_text, trade_card, world  # noqa: F401
from tests.factories import make_listing, make_offer, make_user
from tests.leaks import LEAKS, leaks_in, readable_text


def test_the_scanner_finds_what_it_looks_for() -> None:
    class M:
        content = "Status AWAIT_FUNDS, pi_3Nabcdefgh, at 2026-11-30T02:03:04.123456, fee 500 bps"
        embeds: list[Any] = []
        components: list[Any] = []

    kinds = {what for what, _ in leaks_in([M()])}  # type: ignore[list-item]
    assert kinds == set(LEAKS)
    M.content = "Waiting for payment · Bloxtr8 fee (5%) $12.50 · <t:1764468184:f>"
    assert leaks_in([M()]) == []  # type: ignore[list-item]


# --- the checks after each step -------------------------------------------------------


def last_message(result: Any) -> Any:
    """The last message an interaction produced (a deferred reply's last follow-up)."""
    return [m for m in [result.response, *result.followups] if m is not None][-1]


def reply_buttons(message: Any) -> list[str]:
    """The button labels of an interaction reply (its components as raw payloads)."""
    return [
        str(child.get("label", ""))
        for row in message.components
        for child in row.get("components", [])
        if child.get("type") == 2
    ]


def live_buttons(member: simcord.MemberActor) -> list[tuple[discord.Message, list[str]]]:
    """Messages in the party's DMs that still carry a button that does something."""
    out = []
    for message in member.user.dm_channel.history():
        labels = [
            child.label or ""
            for row in message.components
            for child in getattr(row, "children", [])
            if isinstance(child, discord.Button) and child.url is None
        ]
        if labels:
            out.append((message, labels))
    return out


async def check(w: World, escrow_id: int | None, expected: dict[str, Any]) -> None:
    """Only the card holds live buttons, and exactly the ones for this state and reader;
    no message a party holds leaks internals."""
    await w.env.settle()
    for role in ("buyer", "seller"):
        member = getattr(w, role)
        card = trade_card(member, escrow_id) if escrow_id is not None else None
        stale = [
            (m.id, labels) for m, labels in live_buttons(member) if card is None or m.id != card.id
        ]
        assert stale == expected.get(f"{role}-stale", []), (role, stale)
        if card is not None:
            assert button_labels(card) == expected[role], (role, button_labels(card))
        leaks = leaks_in(member.user.dm_channel.history())
        assert leaks == [], (role, leaks)


async def start(w: World) -> tuple[Contract, User, User]:
    guild = await Guild.ensure(w.guild.id, "Trading Post")
    seller = await make_user(
        discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_1, roblox_user_id=111
    )
    buyer = await make_user(
        discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_1, roblox_user_id=222
    )
    await seller.ensure_payout_account(w.rail)
    await seller.refresh_payouts(w.rail)
    listing = await make_listing(seller=seller, guild=guild, price=110_000, title="Obby Tycoon")
    offer = await make_offer(listing=listing, buyer=buyer, amount=110_000)
    rival = await make_offer(
        listing=listing, buyer=await make_user(username="rival"), amount=90_000
    )
    offers = w.bot.get_cog("Offers")
    assert isinstance(offers, Offers)
    await offers.notify_answer_needed(offer, listing, "New offer on your listing")
    await offers.notify_answer_needed(rival, listing, "New offer on your listing")
    await w.env.settle()
    assert [labels for _, labels in live_buttons(w.seller)] == [
        ["Accept", "Counter", "Decline"]
    ] * 2

    offer_dm = next(m for m, _ in live_buttons(w.seller) if f"#{offer.id}" in readable_text(m))
    await w.seller.user.click(offer_dm, label="Accept")
    await w.env.settle()
    # Both offer DMs (the accepted one and the rival's) lost their buttons and say why.
    contract = await Contract.get(offer_id=offer.id)
    await check(
        w,
        None,
        {
            "seller-stale": [(m.id, ["Sign", "Void"]) for m in [contract_dm(w.seller, contract)]],
            "buyer-stale": [(m.id, ["Sign", "Void"]) for m in [contract_dm(w.buyer, contract)]],
        },
    )
    assert any("Accepted" in (m.content or "") for m in w.seller.user.dm_channel.history())

    await sign(w.seller, contract_dm(w.seller, contract))
    await sign(w.buyer, contract_dm(w.buyer, contract))
    return contract, buyer, seller


async def test_a_whole_trade_keeps_every_message_true(world: World) -> None:  # noqa: F811
    w = world
    contract, _, _ = await start(w)
    escrow = await Escrow.get(contract_id=contract.id)
    await check(
        w, escrow.id, {"buyer": ["Pay into escrow", "Cancel trade"], "seller": ["Cancel trade"]}
    )
    card = trade_card(w.buyer, escrow.id)
    text = readable_text(card)
    assert "$1,100.00" in text and "$55.00" in text and "$1,045.00" in text
    assert re.search(r"<t:\d+:f> \(<t:\d+:R>\)", text)
    assert await TradeCard.filter(escrow_id=escrow.id).count() == 2

    await fund(w, escrow)
    await check(
        w, escrow.id, {"buyer": ["Open dispute"], "seller": ["Mark delivered", "Refund the buyer"]}
    )
    assert trade_card(w.buyer, escrow.id).id == card.id  # the same message, edited

    asked = await w.seller.user.click(trade_card(w.seller, escrow.id), label="Mark delivered")
    assert asked.modal is not None
    done = await w.seller.user.submit_modal(asked, {"delivery_evidence": "Gave group ownership"})
    assert "Marked escrow" in reply_text(done)
    await check(
        w,
        escrow.id,
        {"buyer": ["Confirm delivery", "Open dispute"], "seller": ["Refund the buyer"]},
    )
    told = last_dm(w.buyer).content
    assert "Gave group ownership" in told and "<t:" in told
    assert "Gave group ownership" in readable_text(trade_card(w.buyer, escrow.id))

    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Confirm delivery")
    done = await w.buyer.user.click(asked.response, label="Yes, release $1,100.00")
    assert not done.response.components  # the prompt lost its buttons
    await check(w, escrow.id, {"buyer": [], "seller": []})
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    assert "$1,045.00" in last_dm(w.seller).content  # what was really transferred
    assert "Seller received" in readable_text(trade_card(w.seller, escrow.id))


async def test_a_disputed_trade_keeps_every_message_true(world: World) -> None:  # noqa: F811
    w = world
    contract, _, _ = await start(w)
    escrow = await Escrow.get(contract_id=contract.id)
    await fund(w, escrow)
    await w.env.settle()
    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Open dispute")
    assert asked.modal is not None
    await w.buyer.user.submit_modal(asked, {"dispute_reason": "Nothing arrived"})
    await check(w, escrow.id, {"buyer": [], "seller": []})
    assert "In dispute" in readable_text(trade_card(w.seller, escrow.id))

    # Platform staff decide from the case file's buttons: both cards show the outcome,
    # no case file keeps a live button, nothing stale, nothing leaked.
    w.bot.settings.staff_user_ids = [w.outsider.id]
    await make_user(discord_id=w.outsider.id, username="staffer")
    dispute = await Dispute.get(escrow_id=escrow.id)
    viewed = await w.outsider.slash(w.channel, "dispute view", id=dispute.id)
    case = last_message(viewed)
    assert reply_buttons(case) == ["Claim", "Request evidence", "Resolve"]
    # A party reads no case file with buttons (the arbiter rules decide, on every press).
    refused = await w.buyer.slash(w.channel, "dispute view", id=dispute.id)
    assert refused.ephemeral and not reply_buttons(last_message(refused))

    claimed = await w.outsider.click(case, label="Claim")
    assert "is yours" in reply_text(claimed)
    assert reply_buttons(last_message(viewed)) == ["Request evidence", "Resolve"]
    assert (await Dispute.get(id=dispute.id)).moderator_id is not None

    form = await w.outsider.click(last_message(viewed), label="Request evidence")
    assert form.modal is not None
    asked = await w.outsider.submit_modal(
        form, {"request_party": "seller", "request_text": "Show the transfer", "request_days": "2"}
    )
    assert "Asked the seller" in reply_text(asked)
    assert "Show the transfer" in (last_dm(w.seller).content or "")

    # A second case file, opened from the queue's select menu.
    listed = await w.outsider.slash(w.channel, "dispute list")
    assert listed.response is not None
    picked = await w.outsider.select(listed.response, [str(dispute.id)])
    other = last_message(picked)
    assert reply_buttons(other) == ["Request evidence", "Resolve"]

    # As after a restart: the bot no longer remembers this second case file.
    cog = w.bot.get_cog("Disputes")
    assert isinstance(cog, DisputesCog)
    cog.case_messages[dispute.id] = [
        (m, mod) for m, mod in cog.case_messages[dispute.id] if m.id != other.id
    ]

    form = await w.outsider.click(last_message(viewed), label="Resolve")
    assert form.modal is not None
    bad = await w.outsider.submit_modal(
        form, {"resolve_outcome": "maybe", "resolve_reason": "No delivery shown"}
    )
    assert "release, refund or split" in reply_text(bad)
    form = await w.outsider.click(last_message(viewed), label="Resolve")
    asked = await w.outsider.submit_modal(
        form, {"resolve_outcome": "Refund", "resolve_reason": "No delivery shown"}
    )
    assert asked.response is not None
    done = await w.outsider.click(asked.response, label="Yes, refund")
    assert "is resolved" in reply_text(done)
    assert not reply_buttons(asked.response)  # the question lost its Yes / Cancel
    await check(w, escrow.id, {"buyer": [], "seller": []})
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.REFUNDED
    assert "Refunded" in readable_text(trade_card(w.buyer, escrow.id))
    message = last_message(viewed)  # the case file the bot sent updates with the decision
    assert reply_buttons(message) == [] and "decided" in (message.content or "")
    # The forgotten one: a press re-checks, refuses, and clears that message's buttons.
    stale = await w.outsider.click(last_message(picked), label="Resolve")
    assert "already resolved" in reply_text(stale) or "is closed" in reply_text(stale)
    assert reply_buttons(last_message(picked)) == []
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.REFUNDED


async def test_cancel_from_the_card_asks_then_updates_both_cards(world: World) -> None:  # noqa: F811
    w = world
    contract, _, _ = await start(w)
    escrow = await Escrow.get(contract_id=contract.id)
    asked = await w.seller.user.click(trade_card(w.seller, escrow.id), label="Cancel trade")
    done = await w.seller.user.click(asked.response, label="Yes, cancel the trade")
    assert "cancelled" in done.response.content and not done.response.components
    await check(w, escrow.id, {"buyer": [], "seller": []})
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.CANCELLED

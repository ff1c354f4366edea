"""Escrow on the Stripe rail, against a Stripe server on loopback with signed webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import random
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import aiohttp
import pytest
import simcord
from tortoise.transactions import in_transaction

from bot.app import Bloxtr8Bot
from bot.cogs.escrow.cog import EscrowCog
from bot.sandbox.stripe_server import StripeServer
from models import escrow_actions, payments
from models.audit import verify_chain
from models.base import utcnow
from models.dispute import Dispute
from models.enums import (
    ContractStatus,
    EscrowStatus,
    ListingStatus,
    MilestoneStatus,
    OfferStatus,
    ProviderCallStatus,
)
from models.errors import DomainError
from models.escrow import Escrow, EscrowEvent, MilestoneEscrow, StripeEscrow
from models.guild import Guild
from models.listing import Listing
from models.payments import ProviderCall
from models.user import User
from tests.conftest import WEBHOOK_SECRET
from tests.factories import make_contract, make_listing, make_offer, make_user
from tests.helpers import holding, wait_for_lock_waiters
from tests.leaks import leaks_in


@dataclass
class World:
    env: simcord.Env
    bot: Bloxtr8Bot
    cog: EscrowCog
    stripe: StripeServer
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    buyer: simcord.MemberActor
    seller: simcord.MemberActor
    outsider: simcord.MemberActor
    webhook_url: str

    @property
    def rail(self) -> Any:
        assert self.bot.rails.stripe is not None
        return self.bot.rails.stripe


@pytest.fixture
async def world(env: simcord.Env, bot: Bloxtr8Bot, stripe: StripeServer) -> World:
    guild = env.create_guild("Trading Post")
    channel = guild.create_text_channel("market")
    buyer = guild.add_member(env.create_user("buyer"))
    seller = guild.add_member(env.create_user("seller"))
    outsider = guild.add_member(env.create_user("outsider"))
    cog = bot.get_cog("Escrow")
    assert isinstance(cog, EscrowCog) and bot.web.port
    url = f"http://127.0.0.1:{bot.web.port}/webhooks/stripe"
    stripe.add_webhook(url, WEBHOOK_SECRET)
    return World(env, bot, cog, stripe, guild, channel, buyer, seller, outsider, url)


async def open_escrow(
    w: World,
    *,
    amount: int = 50_000,
    fee_bps: int = 500,
    milestones: tuple[tuple[str, int], ...] = (),
    payouts: bool = True,
) -> Escrow:
    """An executed contract's escrow between the world's buyer and seller."""
    buyer = await User.get_or_none(discord_id=w.buyer.id) or await make_user(
        discord_id=w.buyer.id, username="buyer"
    )
    seller = await User.get_or_none(discord_id=w.seller.id) or await make_user(
        discord_id=w.seller.id, username="seller"
    )
    if payouts and not seller.stripe_account_id:
        await seller.ensure_payout_account(w.rail)
        await seller.refresh_payouts(w.rail)
    guild = await Guild.ensure(w.guild.id, "Trading Post")
    listing = await make_listing(
        seller=seller, guild=guild, price=amount, status=ListingStatus.INACTIVE
    )
    offer = await make_offer(
        listing=listing, buyer=buyer, amount=amount, status=OfferStatus.ACCEPTED
    )
    contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
    async with in_transaction() as conn:
        return await Escrow.open_for_contract(
            contract,
            rail_threshold_cents=1_000_000,
            fee_bps=fee_bps,
            milestones=milestones,
            guild_id=guild.id,
            using_db=conn,
        )


async def fund(w: World, escrow: Escrow, *, card: str = "4242424242424242") -> dict[str, Any]:
    buyer = await User.get(id=escrow.buyer_id)
    intent_id = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=w.rail)
    paid = await w.stripe.pay(intent_id, card=card)
    await w.stripe.drain_webhooks()
    return paid


@contextlib.asynccontextmanager
async def webhooks_paused(w: World) -> AsyncIterator[None]:
    """Stripe acts but nothing reaches the bot; the test delivers events itself. The
    stand-in sends an event about a second after it happens, to the endpoints registered
    *then*: the deliveries scheduled while paused are let run out (to nobody) before the
    endpoint comes back, or a slow test would receive them after all."""
    from localstripe import webhooks as ls_webhooks

    ls_webhooks._webhooks.clear()
    try:
        yield
    finally:
        await w.stripe.drain_webhooks()
        w.stripe.add_webhook(w.webhook_url, WEBHOOK_SECRET)


async def refreshed(escrow: Escrow) -> Escrow:
    return await Escrow.get(id=escrow.id)


def reply_text(result: Any) -> str:
    """What the user saw: the response, or the last follow-up after a deferral."""
    parts = [result.response.content if result.response else ""]
    parts += [f.content for f in result.followups]
    return "\n".join(p for p in parts if p)


def last_dm(member: simcord.MemberActor) -> Any:
    return member.user.dm_channel.last_message


def trade_card(member: simcord.MemberActor, escrow_id: int) -> Any:
    """The party's trade card for an escrow: the one DM whose title names the trade."""
    cards = [
        m
        for m in member.user.dm_channel.history()
        if m.embeds and (m.embeds[0].title or "").endswith(f"· trade {escrow_id}")
    ]
    assert len(cards) == 1, f"{len(cards)} trade cards for escrow {escrow_id}"
    return cards[0]


# --- funding ---------------------------------------------------------------------------


async def test_a_signed_webhook_funds_the_escrow(world: World) -> None:
    escrow = await open_escrow(world)
    paid = await fund(world, escrow)
    assert paid["status"] == "succeeded"
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.FUNDS_HELD
    row = await StripeEscrow.get(escrow_id=escrow.id)
    assert row.amount_received == 50_000 and row.charge_id
    # One PaymentIntent, created with a deterministic idempotency key.
    creates = world.stripe.calls("POST", r"^/v1/payment_intents$")
    assert len(creates) == 1 and creates[0].idempotency_key == f"escrow-{escrow.id}-payment"


async def test_a_declined_card_leaves_it_waiting(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow, card="4000000000000002")
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS


async def test_the_same_payment_intent_is_reused(world: World) -> None:
    escrow = await open_escrow(world)
    buyer = await User.get(id=escrow.buyer_id)
    first = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=world.rail)
    second = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=world.rail)
    assert first == second
    seller = await User.get(id=escrow.seller_id)
    with pytest.raises(DomainError, match="Only the buyer"):
        await escrow_actions.payment_intent_for(escrow.id, by=seller, rail=world.rail)


# --- webhooks ---------------------------------------------------------------------------


async def post_raw(url: str, body: bytes, signature: str) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers={"Stripe-Signature": signature}) as response,
    ):
        return response.status


async def test_bad_signatures_are_refused_and_change_nothing(world: World) -> None:
    escrow = await open_escrow(world)
    buyer = await User.get(id=escrow.buyer_id)
    intent_id = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=world.rail)
    async with webhooks_paused(world):
        intent = await world.stripe.pay(intent_id)
    event = world.stripe.make_event("payment_intent.succeeded", intent)
    stale = int(utcnow().timestamp()) - 301
    statuses = [
        await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event, tamper=True),
        await world.stripe.send_event(world.webhook_url, "whsec_wrong", event),
        await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event, timestamp=stale),
        await post_raw(world.webhook_url, json.dumps(event).encode(), "t=1,v1=deadbeef"),
    ]
    assert statuses == [400, 400, 400, 400]
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS
    from models.webhook import WebhookEvent

    assert not await WebhookEvent.filter(event_id=event["id"]).exists()
    # The genuine one still works.
    assert await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event) == 200
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD


async def test_replayed_and_shuffled_webhooks_have_one_effect(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    await escrow_actions.refund(escrow.id, rail=world.rail, by=seller)
    await world.stripe.drain_webhooks()
    final = await refreshed(escrow)
    assert final.status is EscrowStatus.REFUNDED
    events = world.stripe.captured_events()
    assert {"payment_intent.succeeded", "charge.refunded"} <= {e["type"] for e in events}
    replay = events * 3
    random.Random(7).shuffle(replay)
    for event in replay:
        assert await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event) == 200
    again = await refreshed(escrow)
    assert (again.status, again.version) == (final.status, final.version)
    assert len(world.stripe.refunds()) == 1
    funded = await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count()
    assert funded == 1


async def test_webhooks_out_of_order_before_the_payment_was_recorded(world: World) -> None:
    """Deliveries shuffled from the first moment still fund exactly once."""
    escrow = await open_escrow(world)
    buyer = await User.get(id=escrow.buyer_id)
    intent_id = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=world.rail)
    async with webhooks_paused(world):
        await world.stripe.pay(intent_id)
    events = world.stripe.captured_events() * 3
    random.Random(3).shuffle(events)
    results = await asyncio.gather(
        *(world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, e) for e in events)
    )
    assert set(results) == {200}
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD
    assert await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count() == 1


async def test_an_amount_that_does_not_match_does_not_fund(world: World) -> None:
    escrow = await open_escrow(world)
    buyer = await User.get(id=escrow.buyer_id)
    intent_id = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=world.rail)
    # Someone changes the amount on the PaymentIntent before paying (Stripe allows updates).
    await world.stripe.client().v1.payment_intents.update_async(intent_id, {"amount": 100})
    await world.stripe.pay(intent_id)
    await world.stripe.drain_webhooks()
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS
    from models.audit import AuditLog

    assert await AuditLog.filter(
        action="escrow.payment_mismatch", object_id=str(escrow.id)
    ).exists()


# --- deliver, confirm, release ----------------------------------------------------------


async def test_full_path_deliver_confirm_release_in_discord(world: World) -> None:
    escrow = await open_escrow(world, amount=125_050, fee_bps=500)
    await fund(world, escrow)
    delivered = await world.seller.slash(
        world.channel, "escrow deliver", id=escrow.id, evidence="Transferred the game to buyer"
    )
    assert delivered.ephemeral and "Marked escrow" in reply_text(delivered)
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.DELIVERED and escrow.auto_release_at is not None

    assert "was delivered" in last_dm(world.buyer).content
    message = trade_card(world.buyer, escrow.id)
    asked = await world.buyer.user.click(message, label="Confirm delivery")
    assert asked.ephemeral and asked.response is not None
    done = await world.buyer.user.click(asked.response, label="Yes, release $1,250.50")
    # The prompt itself says what happened and loses its buttons.
    assert done.response is not None and done.response.ephemeral
    assert "Released $1,250.50" in done.response.content and not done.response.components
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.RELEASED
    transfers = world.stripe.transfers()
    assert len(transfers) == 1
    fee = 125_050 * 500 // 10_000
    assert transfers[0]["amount"] == 125_050 - fee
    seller = await User.get(id=escrow.seller_id)
    assert world.stripe.account_balance(seller.stripe_account_id or "") == 125_050 - fee
    assert world.stripe.platform_balance() == fee
    assert (await Listing.get(id=(await escrow.contract).listing_id)).status is ListingStatus.SOLD
    assert (await verify_chain()).ok


async def test_release_waits_for_a_payout_account(world: World) -> None:
    escrow = await open_escrow(world, payouts=False)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    with pytest.raises(escrow_actions.PayoutAccountMissing, match="payouts setup"):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED
    assert world.stripe.transfers() == []
    # The seller sets up payouts; the release then goes ahead.
    await seller.ensure_payout_account(world.rail)
    await seller.refresh_payouts(world.rail)
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED


async def test_milestones_release_one_by_one(world: World) -> None:
    escrow = await open_escrow(
        world, amount=200_000, fee_bps=0, milestones=(("Map", 50_000), ("Scripts", 150_000))
    )
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={"m": 1})
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    middle = await refreshed(escrow)
    assert middle.status is EscrowStatus.FUNDS_HELD
    statuses = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[MilestoneStatus],
        await MilestoneEscrow.filter(escrow_id=escrow.id)
        .order_by("position")
        .values_list("status", flat=True),
    )
    assert statuses == [MilestoneStatus.RELEASED, MilestoneStatus.PENDING]
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={"m": 2})
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    assert sorted(t["amount"] for t in world.stripe.transfers()) == [50_000, 150_000]


async def test_seller_refund_and_cancel_before_funding(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    refunded = await world.seller.slash(world.channel, "escrow refund", id=escrow.id)
    assert refunded.ephemeral and refunded.response is not None
    await world.seller.click(refunded.response, label="Yes, refund the buyer")
    assert (await refreshed(escrow)).status is EscrowStatus.REFUNDED
    assert world.stripe.refunds()[0]["amount"] == 50_000
    assert world.stripe.platform_balance() == 0

    other = await open_escrow(world)
    buyer = await User.get(id=other.buyer_id)
    await escrow_actions.payment_intent_for(other.id, by=buyer, rail=world.rail)
    cancelled = await world.buyer.slash(world.channel, "escrow cancel", id=other.id)
    assert cancelled.ephemeral
    other = await refreshed(other)
    assert other.status is EscrowStatus.CANCELLED
    intent = (await StripeEscrow.get(escrow_id=other.id)).payment_intent_id
    assert world.stripe.payment_intent(intent or "")["status"] == "canceled"
    listing_id = (await other.contract).listing_id
    assert (await Listing.get(id=listing_id)).status is ListingStatus.ACTIVE


async def cancelled_with_a_live_payment_intent(w: World) -> tuple[Escrow, str]:
    """An escrow cancelled while Stripe still takes payments on its PaymentIntent: the race
    of a cancellation against a payment intent whose creation hadn't been recorded yet."""
    escrow = await open_escrow(w)
    buyer = await User.get(id=escrow.buyer_id)
    intent = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=w.rail)
    await Escrow.filter(id=escrow.id).update(status=EscrowStatus.CANCELLED)
    return escrow, intent


async def test_a_payment_after_cancellation_is_refunded_automatically(world: World) -> None:
    escrow, intent = await cancelled_with_a_live_payment_intent(world)
    await world.stripe.pay(intent)
    await world.stripe.drain_webhooks()
    await world.env.settle()

    final = await refreshed(escrow)
    assert final.status is EscrowStatus.CANCELLED  # never funded, never releasable
    assert [r["amount"] for r in world.stripe.refunds()] == [50_000]
    assert world.stripe.platform_balance() == 0
    row = await StripeEscrow.get(escrow_id=escrow.id)
    assert (row.amount_received, row.amount_refunded) == (50_000, 50_000)
    kinds = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str],
        await EscrowEvent.filter(escrow_id=escrow.id)
        .order_by("version")
        .values_list("kind", flat=True),
    )
    assert list(kinds)[-2:] == ["payment_after_cancel", "late_payment_returned"]
    assert "refunding all of it" in last_dm(world.buyer).content

    # Every event again, shuffled (Stripe retries, replays): still one refund.
    events = world.stripe.captured_events()
    replay = events * 3
    random.Random(3).shuffle(replay)
    for event in replay:
        assert await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event) == 200
    assert len(world.stripe.refunds()) == 1
    assert (await refreshed(escrow)).version == final.version
    assert (await verify_chain()).ok


async def test_a_late_payment_refund_during_an_outage_is_finished_by_the_reconciler(
    world: World,
) -> None:
    escrow, intent = await cancelled_with_a_live_payment_intent(world)
    world.stripe.fail_next("POST", r"^/v1/refunds$", status=500, times=3)
    await world.stripe.pay(intent)
    await world.stripe.drain_webhooks()
    assert world.stripe.refunds() == []
    call = await ProviderCall.get(escrow_id=escrow.id, kind="REFUND")
    assert call.status is ProviderCallStatus.PENDING
    assert await payments.reconcile(world.rail, older_than_seconds=0) == 1
    assert [r["amount"] for r in world.stripe.refunds()] == [50_000]
    assert (await ProviderCall.get(id=call.id)).status is ProviderCallStatus.SUCCEEDED
    assert (await StripeEscrow.get(escrow_id=escrow.id)).amount_refunded == 50_000
    assert (await refreshed(escrow)).status is EscrowStatus.CANCELLED


# --- jobs with a controllable clock -----------------------------------------------------


async def test_funding_timeout_and_auto_release(world: World) -> None:
    unpaid = await open_escrow(world)
    paid = await open_escrow(world)
    await fund(world, paid)
    seller = await User.get(id=paid.seller_id)
    await escrow_actions.mark_delivered(paid.id, by=seller, evidence={})

    soon = utcnow() + dt.timedelta(hours=71)
    assert await world.cog.run_jobs(now=soon) == {"cancelled": 0, "released": 0, "reconciled": 0}
    later = utcnow() + dt.timedelta(days=8)
    counts = await world.cog.run_jobs(now=later)
    assert counts["cancelled"] == 1 and counts["released"] == 1
    assert (await refreshed(unpaid)).status is EscrowStatus.CANCELLED
    assert (await refreshed(paid)).status is EscrowStatus.RELEASED
    # The parties read what happened, when, and what it means for them, in plain words.
    await world.env.settle()
    buyer_dms = [m.content or "" for m in world.buyer.user.dm_channel.history()]
    seller_dms = [m.content or "" for m in world.seller.user.dm_channel.history()]
    (timed_out,) = [t for t in buyer_dms if f"Trade #{unpaid.id} is called off" in t]
    assert "no payment arrived in time" in timed_out and "nothing was charged" in timed_out
    assert re.search(r"until <t:\d+:f> \(<t:\d+:R>\)", timed_out)
    (told,) = [t for t in seller_dms if f"Trade #{unpaid.id} is called off" in t]
    assert "listing is for sale again" in told
    (released,) = [t for t in seller_dms if f"Trade #{paid.id} is complete" in t]
    assert "You receive $475.00 ($500.00 less Bloxtr8's fee of $25.00)" in released
    assert "<t:" in released
    (released,) = [t for t in buyer_dms if f"Trade #{paid.id} is complete" in t]
    assert "released to the seller automatically" in released
    assert leaks_in(world.buyer.user.dm_channel.history()) == []
    assert leaks_in(world.seller.user.dm_channel.history()) == []
    # Running again (another process, a replay) changes nothing.
    assert await world.cog.run_jobs(now=later) == {"cancelled": 0, "released": 0, "reconciled": 0}
    assert len(world.stripe.transfers()) == 1


async def test_no_auto_release_while_disputed(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    await Dispute.open(escrow.id, by=buyer, reason="The game isn't mine on Roblox")
    await world.cog.run_jobs(now=utcnow() + dt.timedelta(days=30))
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    assert world.stripe.transfers() == []


# --- money moves once ------------------------------------------------------------------


async def test_fifty_concurrent_confirm_refund_cancel_attempts_move_money_once(
    world: World,
) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    version_before = (await refreshed(escrow)).version

    attempts = []
    for i in range(50):
        if i % 3 == 0:
            attempts.append(escrow_actions.release(escrow.id, rail=world.rail, by=buyer))
        elif i % 3 == 1:
            attempts.append(escrow_actions.refund(escrow.id, rail=world.rail, by=seller))
        else:
            attempts.append(escrow_actions.cancel(escrow.id, rail=world.rail, by=buyer))
    results = await asyncio.gather(*attempts, return_exceptions=True)
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)
    ]
    assert unexpected == []
    await world.stripe.drain_webhooks()
    assert len(world.stripe.transfers()) + len(world.stripe.refunds()) == 1
    final = await refreshed(escrow)
    assert final.status in (EscrowStatus.RELEASED, EscrowStatus.REFUNDED)
    assert final.version == version_before + 1
    assert (
        await ProviderCall.filter(escrow_id=escrow.id, status=ProviderCallStatus.SUCCEEDED).count()
        == 2
    )


async def test_the_row_lock_is_what_serialises_them(world: World) -> None:
    """Hold the escrow's row lock; two releases queue behind it and only one pays."""
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    async with holding(lambda conn: Escrow.locked(escrow.id, conn)):
        racers = [
            asyncio.create_task(escrow_actions.release(escrow.id, rail=world.rail, by=buyer))
            for _ in range(2)
        ]
        await wait_for_lock_waiters(2)  # both wait on the escrow's row lock
        assert not any(r.done() for r in racers)
    results = await asyncio.gather(*racers, return_exceptions=True)
    assert sum(isinstance(r, Escrow) for r in results) == 1
    assert len(world.stripe.transfers()) == 1


async def test_a_crash_after_the_transfer_is_finished_by_the_reconciler(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})

    class Crash(Exception):
        pass

    real_complete = payments.complete

    async def crash_before_commit(call_id: int, result: Any, *, then: Any = None) -> Any:
        raise Crash("process died after Stripe answered, before the database commit")

    payments.complete = crash_before_commit
    try:
        with pytest.raises(Crash):
            await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    finally:
        payments.complete = real_complete
    assert len(world.stripe.transfers()) == 1  # Stripe moved the money
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED  # we never recorded it
    call = await ProviderCall.get(escrow_id=escrow.id, kind="TRANSFER")
    assert call.status is ProviderCallStatus.PENDING

    # Meanwhile nobody can start another money movement on it.
    with pytest.raises(DomainError, match="already in progress"):
        await escrow_actions.refund(escrow.id, rail=world.rail, by=seller)

    assert await payments.reconcile(world.rail, older_than_seconds=0) == 1
    assert len(world.stripe.transfers()) == 1  # the same key: Stripe replayed its answer
    replays = [c for c in world.stripe.calls("POST", r"^/v1/transfers$") if c.replayed]
    assert len(replays) == 1
    final = await refreshed(escrow)
    assert final.status is EscrowStatus.RELEASED
    assert (await ProviderCall.get(id=call.id)).provider_id == world.stripe.transfers()[0]["id"]


async def test_a_provider_outage_leaves_the_call_for_the_reconciler(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    world.stripe.fail_next("POST", r"^/v1/transfers$", status=500, times=3)
    with pytest.raises(payments.ProviderPending):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED
    assert await payments.reconcile(world.rail, older_than_seconds=0) == 1
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    assert len(world.stripe.transfers()) == 1


# --- who may do what ------------------------------------------------------------------


async def test_non_parties_guessed_ids_and_old_buttons_change_nothing(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    await make_user(discord_id=world.outsider.id, username="outsider")
    for command in (
        "escrow status",
        "escrow deliver",
        "escrow confirm",
        "escrow refund",
        "escrow cancel",
    ):
        result = await world.outsider.slash(world.channel, command, id=escrow.id)
        assert result.ephemeral
        text = reply_text(result)
        assert f"no escrow #{escrow.id} of yours" in text
    guessed = await world.buyer.slash(world.channel, "escrow status", id=escrow.id + 999)
    assert guessed.ephemeral and "no escrow" in (
        guessed.response.content if guessed.response else ""
    )
    # The buyer can't deliver, the seller can't confirm.
    seller_confirm = await world.seller.slash(world.channel, "escrow confirm", id=escrow.id)
    assert "Only the buyer" in (seller_confirm.response.content if seller_confirm.response else "")

    buyer = await User.get(id=escrow.buyer_id)
    await world.seller.slash(world.channel, "escrow deliver", id=escrow.id, evidence="done")
    old_dm = trade_card(world.buyer, escrow.id)
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    version = (await refreshed(escrow)).version
    # The old Confirm button on the old message: a plain answer, no second transfer.
    again = await world.buyer.user.click(old_dm, label="Confirm delivery")
    assert again.ephemeral and "already released" in reply_text(again)
    assert len(world.stripe.transfers()) == 1
    assert (await refreshed(escrow)).version == version


async def test_a_chargeback_freezes_the_escrow_for_moderators(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    row = await StripeEscrow.get(escrow_id=escrow.id)
    dispute = world.stripe.dispute(row.charge_id or "", reason="fraudulent")
    event = world.stripe.make_event("charge.dispute.created", dispute)
    for _ in range(2):
        assert await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event) == 200
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.DISPUTED
    disputes = await Dispute.filter(escrow_id=escrow.id)
    assert len(disputes) == 1 and "chargeback" in disputes[0].reason.lower()


# --- moderator outcomes (the money side of disputes) ----------------------------------


@pytest.mark.parametrize("outcome", ["release", "refund", "split"])
async def test_moderator_outcomes_move_the_money(world: World, outcome: str) -> None:
    escrow = await open_escrow(world, amount=100_000, fee_bps=1_000)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    await Dispute.open(escrow.id, by=buyer, reason="Wrong game")
    # Parties can't settle it themselves while it is disputed.
    with pytest.raises(DomainError):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    expected: tuple[EscrowStatus, list[int], list[int]]
    if outcome == "release":
        await escrow_actions.release(escrow.id, rail=world.rail, actor_label="mod", moderator=True)
        expected = (EscrowStatus.RELEASED, [90_000], [])
    elif outcome == "refund":
        await escrow_actions.refund(escrow.id, rail=world.rail, actor_label="mod", moderator=True)
        expected = (EscrowStatus.REFUNDED, [], [100_000])
    else:
        await escrow_actions.split(escrow.id, rail=world.rail, buyer_percent=30, actor_label="mod")
        # 30% back to the buyer; the seller's 70% less the 10% fee.
        expected = (EscrowStatus.RELEASED, [63_000], [30_000])
    await world.stripe.drain_webhooks()
    final = await refreshed(escrow)
    assert final.status is expected[0]
    assert [t["amount"] for t in world.stripe.transfers()] == expected[1]
    assert [r["amount"] for r in world.stripe.refunds()] == expected[2]
    # Nothing more can move afterwards.
    with pytest.raises(DomainError):
        await escrow_actions.split(escrow.id, rail=world.rail, buyer_percent=50)
    assert (await verify_chain()).ok


async def test_split_percent_must_be_between_1_and_99(world: World) -> None:
    escrow = await open_escrow(world)
    for bad in (0, 100, -3):
        with pytest.raises(DomainError, match="between 1 and 99"):
            await escrow_actions.split(escrow.id, rail=world.rail, buyer_percent=bad)


async def test_webhook_events_are_stored_raw_once(world: World) -> None:
    from models.webhook import WebhookEvent

    escrow = await open_escrow(world)
    await fund(world, escrow)
    events = world.stripe.captured_events("payment_intent.succeeded")
    assert len(events) == 1
    for _ in range(3):
        await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, events[0])
    rows = await WebhookEvent.filter(event_id=events[0]["id"])
    assert len(rows) == 1 and rows[0].processed
    assert rows[0].payload["data"]["object"]["id"] == events[0]["data"]["object"]["id"]


async def test_a_refused_transfer_can_be_tried_again_with_a_fresh_key(world: World) -> None:
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    world.stripe.set_account(seller.stripe_account_id or "", capabilities={"transfers": "inactive"})
    with pytest.raises(payments.ProviderSaidNo):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED
    world.stripe.set_account(seller.stripe_account_id or "", capabilities={"transfers": "active"})
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    keys = (
        await ProviderCall.filter(escrow_id=escrow.id, kind="TRANSFER")
        .order_by("id")
        .values_list("idempotency_key", "status")
    )
    assert keys == [
        (f"escrow-{escrow.id}-transfer", ProviderCallStatus.FAILED),
        (f"escrow-{escrow.id}-transfer-retry1", ProviderCallStatus.SUCCEEDED),
    ]
    assert len(world.stripe.transfers()) == 1


async def test_delivery_records_what_roblox_shows(world: World, roblox: Any) -> None:
    from models.delivery import Delivery
    from models.enums import RobloxAssetType

    escrow = await open_escrow(world)
    contract = await escrow.contract
    buyer = await User.get(id=escrow.buyer_id)
    buyer.roblox_user_id = 4242
    await buyer.save()
    await Listing.filter(id=contract.listing_id).update(
        asset_type=RobloxAssetType.GROUP, asset_id=77
    )
    roblox.add_user(4242, "newowner")
    roblox.add_group(77, "Builders", owner_id=4242)
    await fund(world, escrow)
    await world.seller.slash(world.channel, "escrow deliver", id=escrow.id, evidence="Done")
    delivery = await Delivery.get(escrow_id=escrow.id)
    assert delivery.evidence["text"] == "Done"
    assert delivery.evidence["roblox"] == {
        "checked": True,
        "group": 77,
        "owner_id": 4242,
        "owned_by_buyer": True,
    }

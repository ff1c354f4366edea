"""What a state change tells people is written in the change's own transaction.

For a few representative changes (a buyer's release, the funding timeout job, an offer's
acceptance, a dispute's decision, a payment webhook): when the change rolls back, no
notification row is left; when it commits, its rows are there even if the process dies
right after that commit (before any later code), and the outbox delivers them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import simcord
from tortoise.backends.base.client import BaseDBAsyncClient

from bot import jobs
from bot.cogs.contracts import cog as contracts_cog
from bot.cogs.disputes import opening as dispute_opening
from models import Offer, escrow_actions, payments
from models.base import utcnow
from models.dispute import Dispute
from models.enums import (
    DisputeStatus,
    EscrowStatus,
    ListingStatus,
    NotificationKind,
    NotificationStatus,
    OfferStatus,
)
from models.escrow import Escrow
from models.listing import Listing
from models.notification import Notification
from models.trade_card import TradeCard
from models.user import User
from tests.bot.cogs.test_disputes import Desk, delivered_escrow, disputed, resolve, thread_text
from tests.bot.cogs.test_disputes import desk as desk  # the dispute tests' fixture
from tests.bot.cogs.test_escrow import World, fund, open_escrow, refreshed
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.bot.cogs.test_offers import world as offers_world
from tests.factories import make_offer


class Boom(Exception):
    """The change fails after its notifications were written, before it commits."""


class Crash(Exception):
    """The process dies right after the change committed."""


@contextlib.contextmanager
def failing_after_writing(cog: Any, name: str) -> Iterator[None]:
    """The cog's helper `name` writes its rows as usual, then the change's transaction
    fails (only when it is given the change's connection)."""
    real = getattr(cog, name)

    async def failing(*args: Any, **kwargs: Any) -> Any:
        result = await real(*args, **kwargs)
        if any(isinstance(a, BaseDBAsyncClient) for a in (*args, *kwargs.values())):
            raise Boom("the change fails after writing its notifications")
        return result

    setattr(cog, name, failing)
    try:
        yield
    finally:
        delattr(cog, name)  # the class's method again


@contextlib.contextmanager
def crash_after(owner: Any, name: str) -> Iterator[None]:
    """`owner.name` commits its change, then the process dies before any later code."""
    real = getattr(owner, name)

    async def crashing(*args: Any, **kwargs: Any) -> Any:
        await real(*args, **kwargs)
        raise Crash(f"the process died right after {name} committed")

    setattr(owner, name, crashing)
    try:
        yield
    finally:
        setattr(owner, name, real)


def failed_with(env: simcord.Env, kind: type[Exception]) -> None:
    """The bot's last interaction failed with the injected `kind` (acknowledged, so the
    fixture doesn't count it as a bug)."""
    seen = env.errors
    assert seen, "the change should have failed"
    error: BaseException | None = seen[-1]
    chain = []
    while error is not None:
        chain.append(error)
        error = getattr(error, "original", None) or error.__cause__
    assert any(isinstance(e, kind) for e in chain), chain


async def rows_to(discord_id: int, words: str) -> list[Notification]:
    """The DM rows to a user whose message carries `words`."""
    rows = await Notification.filter(kind=NotificationKind.DM, target_id=discord_id)
    return [r for r in rows if words in json.dumps(r.payload, ensure_ascii=False)]


def dm_texts(member: simcord.MemberActor) -> list[str]:
    texts = []
    for message in member.user.dm_channel.history():
        texts.append(message.content or "")
        texts += [str(e.title) for e in message.embeds]
    return texts


async def delivered_after_restart(env: simcord.Env, bot: Any) -> None:
    """What the outbox job of a restarted (or any other) process does."""
    await jobs.deliver_notifications(bot.outbox)
    await env.settle()


# --- a buyer's release ---------------------------------------------------------------------


async def confirm_release(w: World, escrow_id: int) -> Any:
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow_id)
    assert asked.response is not None
    return await w.buyer.click(asked.response, label="Yes, release $500.00")


async def delivered(w: World) -> Any:
    escrow = await open_escrow(w)
    await fund(w, escrow)
    seller = await User.get(id=escrow.seller_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    return escrow


async def test_a_release_tells_the_seller_in_its_own_transaction(world: World) -> None:
    words = "The buyer confirmed escrow"
    rolled_back = await delivered(world)
    with failing_after_writing(world.cog, "tell"):
        await confirm_release(world, rolled_back.id)
    failed_with(world.env, Boom)
    assert (await refreshed(rolled_back)).status is EscrowStatus.DELIVERED
    assert await rows_to(world.seller.id, words) == []  # no DM for a change that didn't happen

    escrow = await delivered(world)
    with crash_after(payments, "complete"):
        await confirm_release(world, escrow.id)
    failed_with(world.env, Crash)
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    (row,) = await rows_to(world.seller.id, f"{words} #{escrow.id}")
    assert row.status is NotificationStatus.PENDING  # written with the release, not sent yet
    assert not any(words in t for t in dm_texts(world.seller))
    await delivered_after_restart(world.env, world.bot)
    (told,) = [t for t in dm_texts(world.seller) if f"{words} #{escrow.id}" in t]
    assert "you receive $475.00" in told


# --- the funding timeout job -----------------------------------------------------------------


async def test_the_funding_timeout_tells_both_parties_in_its_own_transaction(
    world: World,
) -> None:
    escrow = await open_escrow(world)
    later = utcnow() + dt.timedelta(days=8)
    words = f"Trade #{escrow.id} is called off"
    with failing_after_writing(world.cog, "tell"), contextlib.suppress(Boom):
        await world.cog.run_jobs(now=later)
        raise AssertionError("the job's change should have failed")
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS  # rolled back
    assert await rows_to(world.buyer.id, words) == await rows_to(world.seller.id, words) == []

    with crash_after(escrow_actions, "cancel"), contextlib.suppress(Crash):
        await world.cog.run_jobs(now=later)
        raise AssertionError("the process should have died")
    assert (await refreshed(escrow)).status is EscrowStatus.CANCELLED
    for party in (world.buyer, world.seller):
        (row,) = await rows_to(party.id, words)
        assert row.status is NotificationStatus.PENDING
        assert not any(words in t for t in dm_texts(party))
    await delivered_after_restart(world.env, world.bot)
    for party in (world.buyer, world.seller):
        assert len([t for t in dm_texts(party) if words in t]) == 1


# --- an offer's acceptance -------------------------------------------------------------------


async def test_an_acceptance_tells_the_buyer_in_its_own_transaction(env: simcord.Env) -> None:
    w = await offers_world(env)
    cog = env.bot.get_cog("Offers")  # type: ignore[attr-defined]
    offer = await make_offer(listing=w.listing, buyer=w.buyer_row)
    with failing_after_writing(cog, "notify"):
        await w.seller.slash(w.channel, "offer accept", id=offer.id)
    failed_with(env, Boom)
    assert (await Offer.get(id=offer.id)).status is OfferStatus.PENDING  # rolled back
    assert (await Listing.get(id=w.listing.id)).status is ListingStatus.ACTIVE
    assert await rows_to(w.buyer.id, "Your offer was accepted") == []

    with crash_after(Offer, "accept"):
        await w.seller.slash(w.channel, "offer accept", id=offer.id)
    failed_with(env, Crash)
    assert (await Offer.get(id=offer.id)).status is OfferStatus.ACCEPTED
    (row,) = await rows_to(w.buyer.id, "Your offer was accepted")
    assert row.status is NotificationStatus.PENDING
    assert "Your offer was accepted" not in dm_texts(w.buyer)
    await delivered_after_restart(env, env.bot)
    assert dm_texts(w.buyer).count("Your offer was accepted") == 1


# --- a dispute's decision ----------------------------------------------------------------------


async def test_a_decision_is_told_in_the_transaction_that_closes_the_dispute(desk: Desk) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    with failing_after_writing(d.cog, "tell"):
        await resolve(d, d.mod, dispute, "release", reason="Checked Roblox")
    failed_with(d.w.env, Boom)
    # Decided and paid out, but the closing (with its announcement) rolled back.
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.RESOLVED
    for party in (d.w.buyer, d.w.seller):
        assert await rows_to(party.id, "Checked Roblox") == []

    # The deadlines job closes it; the process dies right after that commit.
    with crash_after(Dispute, "close"), contextlib.suppress(Crash):
        await d.cog.run_deadlines()
        raise AssertionError("the process should have died")
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.CLOSED
    for party in (d.w.buyer, d.w.seller):
        (row,) = await rows_to(party.id, "Checked Roblox")
        assert row.status is NotificationStatus.PENDING
    await delivered_after_restart(d.w.env, d.w.bot)
    for party in (d.w.buyer, d.w.seller):
        assert len([t for t in dm_texts(party) if "> Checked Roblox" in t]) == 1


# --- a payment event -------------------------------------------------------------------------


async def test_a_payment_event_tells_the_parties_in_its_own_transaction(world: World) -> None:
    from bot.rails import stripe_events

    escrow = await open_escrow(world)
    words = f"for escrow #{escrow.id} is held"
    with crash_after(stripe_events, "handle"):  # dies after the event's commit, before dispatch
        await fund(world, escrow)
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD
    for party in (world.buyer, world.seller):
        (row,) = await rows_to(party.id, words)  # once, however often the event came
        assert row.status is NotificationStatus.PENDING
    await delivered_after_restart(world.env, world.bot)
    for party in (world.buyer, world.seller):
        assert len([t for t in dm_texts(party) if words in t]) == 1


# --- a dispute's opening -----------------------------------------------------------------------


async def test_an_opened_dispute_is_told_in_the_transaction_that_opens_it(desk: Desk) -> None:
    d = desk
    escrow = await delivered_escrow(d)
    words = "was opened on escrow #"
    ask = {"escrow": escrow.id, "reason": "The game is still the seller's on Roblox"}
    with module_failing_after_writing(dispute_opening, "tell"):
        await d.w.buyer.slash(d.ch, "dispute open", **ask)
    failed_with(d.w.env, Boom)
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED  # rolled back
    assert not await Dispute.filter(escrow_id=escrow.id).exists()
    assert await rows_to(d.w.seller.id, words) == []

    with crash_after(Dispute, "open"):
        await d.w.buyer.slash(d.ch, "dispute open", **ask)
    failed_with(d.w.env, Crash)
    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.authority is not None  # who decides, recorded with the opening
    (row,) = await rows_to(d.w.seller.id, f"A dispute (#{dispute.id}) {words}{escrow.id}")
    assert row.status is NotificationStatus.PENDING
    assert not any(words in t for t in dm_texts(d.w.seller))
    await delivered_after_restart(d.w.env, d.w.bot)
    (told,) = [t for t in dm_texts(d.w.seller) if words in t]
    assert "Trading Post" in told  # the words of who decides: the server's moderators


# --- a proposed resolution ---------------------------------------------------------------------


async def posts_to(channel_id: int, words: str) -> list[Notification]:
    rows = await Notification.filter(kind=NotificationKind.POST, target_id=channel_id)
    return [r for r in rows if words in json.dumps(r.payload, ensure_ascii=False)]


async def test_a_proposed_resolution_asks_the_second_arbiter_in_its_own_transaction(
    desk: Desk,
) -> None:
    d = desk
    escrow, dispute = await disputed(d, amount=300_000)  # above the approval threshold
    await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    words = f"A resolution of dispute #{dispute.id} (refund) was proposed"
    with failing_after_writing(d.cog, "post_in_thread"):
        await resolve(d, d.mod, dispute, "refund", reason="Not delivered")
    failed_with(d.w.env, Boom)
    assert (await Dispute.get(id=dispute.id)).proposal is None  # rolled back
    assert await posts_to(d.disputes.id, words) == []

    with crash_after(Dispute, "decide"):
        await resolve(d, d.mod, dispute, "refund", reason="Not delivered")
    failed_with(d.w.env, Crash)
    assert (await Dispute.get(id=dispute.id)).proposal is not None
    (alert,) = await posts_to(d.disputes.id, words)  # the moderators' channel
    assert alert.status is NotificationStatus.PENDING
    before = [m.content for m in d.disputes.history()]
    assert not any(words in (c or "") for c in before)
    await delivered_after_restart(d.w.env, d.w.bot)
    after = [m.content or "" for m in d.disputes.history()]
    assert len([c for c in after if words in c]) == 1
    assert words in thread_text(d)
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED  # nothing moved


# --- an escrow's opening -----------------------------------------------------------------------


async def test_an_opened_escrow_s_dms_are_written_with_the_signature_that_opens_it(
    env: simcord.Env,
) -> None:
    from bot.outbox import UNLESS_CARD
    from models.contract import Contract
    from tests.bot.cogs.test_contracts import contract_dm, contract_for, deal, sign

    d = await deal(env)
    contract = await contract_for(d)
    await sign(d.seller, contract_dm(d.seller, contract))
    last = contract_dm(d.buyer, contract)
    with module_failing_after_writing(contracts_cog, "tell_escrow_opened"):
        await sign(d.buyer, last)
    failed_with(env, Boom)
    assert not await Escrow.filter(contract_id=contract.id).exists()  # rolled back
    assert await rows_to(d.buyer.id, "is open. Pay") == []

    with crash_after(Contract, "sign"):
        await sign(d.buyer, last)
    failed_with(env, Crash)
    escrow = await Escrow.get(contract_id=contract.id)
    (pay,) = await rows_to(d.buyer.id, f"Escrow #{escrow.id} is open. Pay")
    (wait,) = await rows_to(d.seller.id, f"Escrow #{escrow.id} is open: waiting")
    for row in (pay, wait):  # said only to a party whose trade card can't reach them
        assert row.status is NotificationStatus.PENDING and row.payload[UNLESS_CARD] == escrow.id
    # After the restart the buyer's card is refused once (as for closed DMs); the seller's
    # card arrives.
    env.inject_error(
        "POST",
        f"/channels/{d.buyer.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=1,
    )
    await delivered_after_restart(env, env.bot)
    assert len([t for t in dm_texts(d.buyer) if f"Escrow #{escrow.id} is open. Pay" in t]) == 1
    assert not any(f"Escrow #{escrow.id} is open: waiting" in t for t in dm_texts(d.seller))
    assert await TradeCard.filter(escrow_id=escrow.id).count() == 1  # the seller's
    for row in (pay, wait):
        await row.refresh_from_db()
        assert row.status is NotificationStatus.SENT


# --- a listing's cancellation --------------------------------------------------------------


@contextlib.contextmanager
def module_failing_after_writing(module: Any, name: str) -> Iterator[None]:
    """`failing_after_writing` for a module's function (put back afterwards)."""
    real = getattr(module, name)

    async def failing(*args: Any, **kwargs: Any) -> Any:
        result = await real(*args, **kwargs)
        if any(isinstance(a, BaseDBAsyncClient) for a in (*args, *kwargs.values())):
            raise Boom("the change fails after writing its notifications")
        return result

    setattr(module, name, failing)
    try:
        yield
    finally:
        setattr(module, name, real)


async def test_a_cancelled_listing_s_declined_offers_are_told_in_its_own_transaction(
    env: simcord.Env,
) -> None:
    from bot.cogs.listings import cog as listings_cog

    w = await offers_world(env)
    offer = await make_offer(listing=w.listing, buyer=w.buyer_row)
    words = f"on listing #{w.listing.id}"

    async def cancel() -> None:
        asked = await w.seller.slash(w.channel, "listing cancel", id=w.listing.id)
        assert asked.response is not None
        await w.seller.click(asked.response.message, label="Cancel listing")

    with module_failing_after_writing(listings_cog, "notify_declined"):
        await cancel()
    failed_with(env, Boom)
    assert (await Offer.get(id=offer.id)).status is OfferStatus.PENDING  # rolled back
    assert (await Listing.get(id=w.listing.id)).status is ListingStatus.ACTIVE
    assert await rows_to(w.buyer.id, words) == []

    with crash_after(Listing, "cancel"):
        await cancel()
    failed_with(env, Crash)
    assert (await Listing.get(id=w.listing.id)).status is ListingStatus.CANCELLED
    (row,) = await rows_to(w.buyer.id, words)
    assert row.status is NotificationStatus.PENDING
    assert not any(words in t for t in dm_texts(w.buyer))
    await delivered_after_restart(env, env.bot)
    (told,) = [t for t in dm_texts(w.buyer) if words in t]
    assert "was declined: the seller cancelled the listing" in told


# --- the seller's Roblox ownership lost ------------------------------------------------------


async def test_a_lost_ownership_is_told_in_the_transaction_that_records_it(
    world: World, roblox: Any
) -> None:
    from models import ownership
    from models.audit import AuditLog
    from tests.scenarios.test_trust_gaps import GROUP, OTHER_ROBLOX, group_escrow

    escrow = await group_escrow(world, roblox)
    roblox.set_group_owner(GROUP, OTHER_ROBLOX)
    words = f"Don't pay escrow #{escrow.id}"
    with failing_after_writing(world.cog, "tell_ownership_lost"):
        await world.buyer.slash(world.channel, "escrow pay", id=escrow.id)
    failed_with(world.env, Boom)
    assert not await AuditLog.filter(action=ownership.LOST, object_id=str(escrow.id)).exists()
    assert await rows_to(world.buyer.id, words) == []

    with crash_after(ownership, "before_payment"):
        await world.buyer.slash(world.channel, "escrow pay", id=escrow.id)
    failed_with(world.env, Crash)
    assert await AuditLog.filter(action=ownership.LOST, object_id=str(escrow.id)).exists()
    (row,) = await rows_to(world.buyer.id, words)
    assert row.status is NotificationStatus.PENDING
    (row,) = await rows_to(world.seller.id, "no longer shows you as the owner")
    assert not any(words in t for t in dm_texts(world.buyer))
    await delivered_after_restart(world.env, world.bot)
    assert len([t for t in dm_texts(world.buyer) if words in t]) == 1
    assert len([t for t in dm_texts(world.seller) if "no longer shows you" in t]) == 1


# --- the operator's gas running low --------------------------------------------------------


async def test_low_gas_is_told_to_staff_once_per_episode_with_its_record(world: World) -> None:
    from bot.sandbox.chain import start_chain
    from models import gas
    from models.audit import AuditLog
    from tests.bot.rails.test_usdc_trade import with_usdc

    w = world
    rail = await with_usdc(w, await start_chain(), confirmations=0)
    staff = w.guild.add_member(w.env.create_user("staff"))
    w.bot.settings.staff_user_ids.append(staff.id)
    balance = int(await rail.w3.eth.get_balance(rail.signer.address))  # type: ignore[arg-type]
    w.bot.settings.usdc_min_gas_wei = balance + 1
    words = "is low on gas"
    with failing_after_writing(w.cog.usdc, "tell_gas_low"), contextlib.suppress(Boom):
        await w.cog.usdc.check_gas()
        raise AssertionError("the check's change should have failed")
    assert not await AuditLog.filter(action=gas.GAS_LOW).exists()  # rolled back
    assert await rows_to(staff.id, words) == []

    with crash_after(gas, "record_gas"), contextlib.suppress(Crash):
        await w.cog.usdc.check_gas()
        raise AssertionError("the process should have died")
    (row,) = await rows_to(staff.id, words)
    assert row.status is NotificationStatus.PENDING
    # Restarted (no memory of the episode), the process finds it still low: told once.
    w.bot.web.degraded.clear()
    assert await w.cog.usdc.check_gas() is True
    await delivered_after_restart(w.env, w.bot)
    assert len([t for t in dm_texts(staff) if words in t]) == 1
    assert len(await rows_to(staff.id, words)) == 1

    # Refilled, then low again: a new episode, told again.
    w.bot.settings.usdc_min_gas_wei = 0
    assert await w.cog.usdc.check_gas() is False
    w.bot.settings.usdc_min_gas_wei = balance + 1
    assert await w.cog.usdc.check_gas() is True
    await w.env.settle()
    assert len([t for t in dm_texts(staff) if words in t]) == 2


# --- a contract ready to sign, with its PDF ----------------------------------------------------


async def test_a_new_contract_s_dms_carry_its_pdf_from_the_outbox(env: simcord.Env) -> None:
    import pytest

    from bot.ui.notify import DOCUMENTS
    from models import storage
    from models.contract import Contract
    from tests.bot.cogs.test_contracts import contract_dm, deal

    d = await deal(env)
    cog = env.bot.get_cog("Contracts")  # type: ignore[attr-defined]
    words = "is ready to sign"
    with failing_after_writing(cog, "notify"), pytest.raises(Boom):
        await cog.make_contract(d.offer.id)
    assert not await Contract.filter(offer_id=d.offer.id).exists()  # rolled back
    assert await rows_to(d.buyer.id, words) == []

    with crash_after(Contract, "create_for_offer"), pytest.raises(Crash):
        await cog.make_contract(d.offer.id)
    contract = await Contract.get(offer_id=d.offer.id)
    (row,) = await rows_to(d.buyer.id, f"Contract #{contract.id} {words}")
    assert row.status is NotificationStatus.PENDING
    (document,) = row.payload[DOCUMENTS]  # the PDF by reference, read when it is sent
    assert (document["ref"], document["sha256"]) == (contract.pdf_path, contract.sha256)
    await delivered_after_restart(env, env.bot)
    data = await storage.read(contract.pdf_path or "")
    for actor in (d.seller, d.buyer):
        message = contract_dm(actor, contract)
        assert [a.filename for a in message.attachments] == [f"bloxtr8-contract-{contract.id}.pdf"]
        assert await message.attachments[0].read() == data
        assert [t for t in dm_texts(actor) if words in t] == [f"Contract #{contract.id} {words}"]

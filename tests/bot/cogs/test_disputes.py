"""Disputes, moderation and the audit trail: simcord, real PostgreSQL, the Stripe stand-in
and FakeRoblox. Builds on the escrow tests' `world` (a funded escrow between two members)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, cast

import discord
import pytest
import simcord

from bot.app import Bloxtr8Bot
from bot.cogs.disputes.cog import DisputesCog
from bot.sandbox.roblox_app import FakeRoblox
from models import escrow_actions
from models.arbiter import ArbiterKind
from models.audit import AuditLog, seal_pending, verify_chain
from models.base import utcnow
from models.contract import Contract
from models.dispute import Dispute, Moderator, dispute_record
from models.enums import (
    ChannelKind,
    DisputeOutcome,
    DisputeStatus,
    EscrowStatus,
    RobloxAssetType,
    RobloxOwnerType,
)
from models.errors import DomainError
from models.escrow import Escrow, StripeEscrow
from models.guild import Guild, MarketplaceChannel
from models.listing import Listing
from models.roblox import RobloxSnapshot
from models.terms import Terms
from models.user import User
from tests.bot.cogs.test_escrow import World, fund, open_escrow, refreshed, reply_text
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.conftest import WEBHOOK_SECRET
from tests.factories import make_user
from tests.helpers import holding, reply, wait_for_lock_waiters
from tests.leaks import text_leaks
from tests.pdfs import not_for_readers, pdf_images, pdf_text, render_page

UNIVERSE = 4_242
SELLER_ROBLOX = 7_001
BUYER_ROBLOX = 7_002


@dataclass
class Desk:
    """The escrow world plus a moderator, a disputes channel and platform staff."""

    w: World
    cog: DisputesCog
    roblox: FakeRoblox
    mods: simcord.RoleHandle
    mod: simcord.MemberActor
    mod2: simcord.MemberActor
    staff: simcord.MemberActor
    disputes: simcord.ChannelHandle

    @property
    def ch(self) -> simcord.ChannelHandle:
        return self.w.channel


@pytest.fixture
async def desk(world: World, bot: Bloxtr8Bot, env: simcord.Env, roblox: FakeRoblox) -> Desk:
    for extension in ("bot.cogs.disputes", "bot.cogs.audit"):
        if extension not in bot.extensions:  # until bot/app.py lists them
            await bot.load_extension(extension)
    await bot.tree.sync()
    g = world.guild
    mods = g.create_role("mods")
    mod = g.add_member(env.create_user("mod"), roles=[mods])
    mod2 = g.add_member(env.create_user("mod2"), roles=[mods])
    staff = g.add_member(env.create_user("staff"))
    bot.settings.staff_user_ids.append(staff.id)
    for member in (mod, mod2, staff):
        await make_user(discord_id=member.id, username=member.name)
    disputes = g.create_text_channel("disputes")
    guild = await Guild.ensure(g.id, "Trading Post")
    await MarketplaceChannel.create(
        guild=guild, channel_id=disputes.id, kind=ChannelKind.DISPUTES, name="disputes"
    )
    settings = await guild.get_settings()
    await settings.update_setting("moderator_role_id", mods.id, has_manage_guild=True)
    # A deployment serving one community approves its own server as the arbiter once, so
    # its moderators decide disputes between its members (tests/scenarios/test_threat_model.py has
    # the servers that are not approved).
    approved = await staff.slash(world.channel, "staff arbiter approve")
    assert "is an approved arbiter" in (reply(approved).content or ""), approved.response
    roblox.add_user(SELLER_ROBLOX, "sellerblox")
    roblox.add_user(BUYER_ROBLOX, "buyerblox")
    roblox.add_game(UNIVERSE, 9_001, "Obby Tycoon", SELLER_ROBLOX, "User", visits=1_000)
    cog = bot.get_cog("Disputes")
    assert isinstance(cog, DisputesCog)
    return Desk(world, cog, roblox, mods, mod, mod2, staff, disputes)


async def delivered_escrow(d: Desk, *, amount: int = 100_000, fee_bps: int = 1_000) -> Escrow:
    """A funded, delivered escrow for a listed Roblox game with its listing-time snapshot."""
    escrow = await open_escrow(d.w, amount=amount, fee_bps=fee_bps)
    await User.filter(id=escrow.seller_id).update(
        roblox_user_id=SELLER_ROBLOX, roblox_username="sellerblox"
    )
    await User.filter(id=escrow.buyer_id).update(
        roblox_user_id=BUYER_ROBLOX, roblox_username="buyerblox"
    )
    snapshot = await RobloxSnapshot.create(
        asset_type=RobloxAssetType.GAME,
        asset_id=UNIVERSE,
        name="Obby Tycoon",
        owner_type=RobloxOwnerType.USER,
        owner_id=SELLER_ROBLOX,
        data={"visits": 1_000},
    )
    contract = await escrow.contract
    await Listing.filter(id=contract.listing_id).update(
        asset_type=RobloxAssetType.GAME, asset_id=UNIVERSE, snapshot_id=snapshot.id
    )
    await fund(d.w, escrow)
    seller = await User.get(id=escrow.seller_id)
    await escrow_actions.mark_delivered(
        escrow.id, by=seller, evidence={"text": "Transferred the game"}
    )
    return await refreshed(escrow)


async def disputed(d: Desk, **kw: Any) -> tuple[Escrow, Dispute]:
    escrow = await delivered_escrow(d, **kw)
    result = await d.w.buyer.slash(
        d.ch, "dispute open", escrow=escrow.id, reason="The game is still the seller's on Roblox"
    )
    assert result.ephemeral and "is open" in reply_text(result), reply_text(result)
    return await refreshed(escrow), await Dispute.get(escrow_id=escrow.id)


def screenshot_png() -> bytes:
    """A small picture a party might attach (a striped image, so it isn't blank)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 160), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 240, 20):
        draw.rectangle((x, 0, x + 9, 160), fill=(60, 120, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def messages(result: Any) -> list[Any]:
    """What the user got: the response (a deferred one carries the first follow-up) and the
    follow-ups."""
    return [m for m in [result.response, *result.followups] if m is not None]


def dms(member: simcord.MemberActor) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


def thread_text(d: Desk) -> str:
    (thread,) = d.disputes.threads
    parts = []
    for message in thread.history():
        parts.append(message.content)
        for embed in message.embeds:
            parts.append(str(embed.title))
            parts.append(str(embed.description))
            parts += [f"{f.name}: {f.value}" for f in embed.fields]
    return "\n".join(parts)


async def resolve(
    d: Desk, who: simcord.MemberActor, dispute: Dispute, outcome: str, **kw: Any
) -> Any:
    asked = await who.slash(d.ch, "dispute resolve", id=dispute.id, outcome=outcome, **kw)
    assert asked.ephemeral
    if asked.response is None or not asked.response.components:
        return asked
    return await who.click(asked.response, label=f"Yes, {outcome}")


async def money_moves() -> int:
    from models.payments import ProviderCall

    return await ProviderCall.filter(kind__in=("TRANSFER", "REFUND")).count()


# --- opening -----------------------------------------------------------------------------


async def test_a_party_opens_a_dispute_with_evidence_and_a_private_thread(desk: Desk) -> None:
    d = desk
    escrow = await delivered_escrow(d)
    d.roblox.set_game_owner(UNIVERSE, SELLER_ROBLOX, "User")  # never handed over
    result = await d.w.buyer.slash(
        d.ch,
        "dispute open",
        escrow=escrow.id,
        reason="The game is still the seller's on Roblox",
        evidence1=("roblox.png", b"\x89PNG fake screenshot"),
        evidence2=("chat.txt", b"seller: will transfer tomorrow"),
    )
    assert result.ephemeral and "is open" in reply_text(result)
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.DISPUTED and escrow.auto_release_at is None
    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.status is DisputeStatus.OPEN
    files = [e for e in dispute.evidence if e["kind"] == "attachment"]
    assert [(f["filename"], f["size"], f["party"]) for f in files] == [
        ("roblox.png", 20, "buyer"),
        ("chat.txt", 30, "buyer"),
    ]
    assert all(f["url"].startswith("http") for f in files)
    assert dispute.deadline_at is not None
    days = (dispute.deadline_at - dispute.created_at).total_seconds() / 86_400
    assert 6.99 < days < 7.01

    # The private thread: both parties in it, the role mentioned, the case file first.
    (thread,) = d.disputes.threads
    assert dispute.thread_id == thread.id
    members = set(d.w.env.backend.channels[thread.id].thread_members)
    assert {d.w.buyer.id, d.w.seller.id} <= members
    assert d.w.outsider.id not in members
    text = thread_text(d)
    assert f"<@&{d.mods.id}>" in text
    contract = await escrow.contract
    assert "SHA-256" in text and "Roblox at listing time" in text and "Roblox now" in text
    assert "Roblox at listing time: Game 4242" in text
    assert "owner: user 7001 (the seller)" in text  # the snapshot at listing time
    assert "owner: user 7001 (sellerblox) (the seller)" in text  # what Roblox shows now
    assert f"#{contract.id}" in text and "Accepted · by the buyer" in text
    # Both parties read the thread: no provider ids, internals or raw times in it.
    assert text_leaks(text) == []
    assert "Provider calls" not in text and "version" not in text
    assert "completed trades" in text and "roblox.png" in text
    # The other party is told.
    assert any("dispute (#" in m for m in dms(d.w.seller))
    assert (await verify_chain()).ok


async def test_dispute_refusals_change_nothing(desk: Desk) -> None:
    d = desk
    unfunded = await open_escrow(d.w)
    refused = await d.w.buyer.slash(d.ch, "dispute open", escrow=unfunded.id, reason="x")
    assert "can't open a dispute" in reply_text(refused)
    assert (await refreshed(unfunded)).status is EscrowStatus.AWAIT_FUNDS

    escrow = await delivered_escrow(d)
    version = escrow.version
    too_big = ("video.mp4", b"\0" * (8 * 1024 * 1024 + 1))
    big = await d.w.buyer.slash(
        d.ch, "dispute open", escrow=escrow.id, reason="Wrong game", evidence1=too_big
    )
    assert big.ephemeral and "over 8 MB" in reply_text(big)
    long = await d.w.buyer.slash(d.ch, "dispute open", escrow=escrow.id, reason="x" * 1001)
    assert "under 1,000 characters" in reply_text(long)
    await make_user(discord_id=d.w.outsider.id, username="outsider")
    stranger = await d.w.outsider.slash(d.ch, "dispute open", escrow=escrow.id, reason="mine")
    assert f"no escrow #{escrow.id} of yours" in reply_text(stranger)
    same = await refreshed(escrow)
    assert (same.status, same.version) == (EscrowStatus.DELIVERED, version)
    assert not await Dispute.exists()
    assert d.disputes.threads == []

    # A settled escrow can't be disputed either.
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.release(escrow.id, rail=d.w.rail, by=buyer)
    settled = await d.w.seller.slash(d.ch, "dispute open", escrow=escrow.id, reason="late")
    assert "already released" in reply_text(settled)
    assert not await Dispute.exists()


# --- outcomes ----------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["release", "refund", "split"])
async def test_a_moderator_settles_it_and_the_money_moves_once(desk: Desk, outcome: str) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    claimed = await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(claimed)
    dispute = await Dispute.get(id=dispute.id)
    assert dispute.status is DisputeStatus.IN_REVIEW
    assert dispute.moderator_id == (await User.get(discord_id=d.mod.id)).id

    extra = {"buyer_percent": 30} if outcome == "split" else {}
    asked = await d.mod.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome=outcome, reason="Checked Roblox", **extra
    )
    assert asked.ephemeral and asked.response is not None
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED  # nothing before confirm
    done = await d.mod.click(asked.response, label=f"Yes, {outcome}")
    assert "resolved" in reply_text(done), reply_text(done)
    await d.w.stripe.drain_webhooks()

    seller = await User.get(id=escrow.seller_id)
    balance = d.w.stripe.account_balance(seller.stripe_account_id or "")
    final = await refreshed(escrow)
    transfers = [t["amount"] for t in d.w.stripe.transfers()]
    refunds = [r["amount"] for r in d.w.stripe.refunds()]
    if outcome == "release":
        assert (final.status, transfers, refunds) == (EscrowStatus.RELEASED, [90_000], [])
        assert (balance, d.w.stripe.platform_balance()) == (90_000, 10_000)
    elif outcome == "refund":
        assert (final.status, transfers, refunds) == (EscrowStatus.REFUNDED, [], [100_000])
        assert (balance, d.w.stripe.platform_balance()) == (0, 0)
    else:
        # 30% back to the buyer; the seller's 70% less the 10% fee.
        assert (final.status, transfers, refunds) == (EscrowStatus.RELEASED, [63_000], [30_000])
        assert (balance, d.w.stripe.platform_balance()) == (63_000, 7_000)

    dispute = await Dispute.get(id=dispute.id)
    assert dispute.status is DisputeStatus.CLOSED
    assert dispute.outcome is DisputeOutcome(outcome.upper())
    assert dispute.resolution == "Checked Roblox"
    for party in (d.w.buyer, d.w.seller):
        assert "> Checked Roblox" in dms(party)[-1]
    actions = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str],
        await AuditLog.filter(object_type="dispute", object_id=str(dispute.id)).values_list(
            "action", flat=True
        ),
    )
    assert [
        a for a in actions if a in ("dispute.claimed", "dispute.resolved", "dispute.closed")
    ] == ["dispute.claimed", "dispute.resolved", "dispute.closed"]
    # Resolving again: refused, nothing moves.
    again = await resolve(d, d.mod, dispute, "refund", reason="Changed my mind")
    assert "is closed" in reply_text(again)
    assert await money_moves() == (2 if outcome == "split" else 1)

    # Reputation: the resolved dispute counts in both trade records.
    buyer_record = await dispute_record(escrow.buyer_id)
    seller_record = await dispute_record(escrow.seller_id)
    assert buyer_record.resolved == seller_record.resolved == 1
    if outcome == "refund":
        assert (buyer_record.won, seller_record.lost) == (1, 1)
    elif outcome == "release":
        assert (buyer_record.lost, seller_record.won) == (1, 1)
    else:
        assert buyer_record.split == seller_record.split == 1
    await seal_pending()
    assert (await verify_chain()).ok


# --- who may decide ----------------------------------------------------------------------


async def test_moderation_refusals(desk: Desk) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    # A member without the role.
    await make_user(discord_id=d.w.outsider.id, username="outsider")
    for command, options in (
        ("dispute list", {}),
        ("dispute view", {"id": dispute.id}),
        ("dispute claim", {"id": dispute.id}),
        ("dispute note", {"id": dispute.id, "text": "hm"}),
        ("dispute export", {"id": dispute.id}),
        ("audit escrow", {"id": escrow.id}),
    ):
        refused = await d.w.outsider.slash(d.ch, command, **options)
        assert refused.ephemeral and "Only this server's moderators" in reply_text(refused)
    no_role = await resolve(d, d.w.outsider, dispute, "refund", reason="because")
    assert "Only this server's moderators" in reply_text(no_role)

    # Manage Server counts as a moderator, without the role.
    admins = d.w.guild.create_role("admins", permissions=discord.Permissions(manage_guild=True))
    admin = d.w.guild.add_member(d.w.env.create_user("admin"), roles=[admins])
    await make_user(discord_id=admin.id, username="admin")
    listed = await admin.slash(d.ch, "dispute list")
    assert f"`#{dispute.id}`" in (listed.response.embeds[0].description or "")  # type: ignore[union-attr]

    # A split outside 1-99.
    for bad in (0, 100):
        split = await resolve(d, d.mod, dispute, "split", reason="half", buyer_percent=bad)
        assert "between 1 and 99" in reply_text(split)
    missing = await resolve(d, d.mod, dispute, "split", reason="half")
    assert "between 1 and 99" in reply_text(missing)

    # Two moderators both confirm: the second confirmation is refused.
    first = await d.mod.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome="refund", reason="Refund it"
    )
    second = await d.mod2.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome="release", reason="Release it"
    )
    assert first.response is not None and second.response is not None
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.OPEN  # nothing yet
    await d.mod.click(first.response, label="Yes, refund")
    late = await d.mod2.click(second.response, label="Yes, release")
    assert "already resolved" in reply_text(late) or "is closed" in reply_text(late)
    assert len(d.w.stripe.refunds()) == 1 and d.w.stripe.transfers() == []
    final = await Dispute.get(id=dispute.id)
    assert (final.status, final.outcome) == (DisputeStatus.CLOSED, DisputeOutcome.REFUND)
    assert (await refreshed(escrow)).status is EscrowStatus.REFUNDED

    # A party, even with the moderator role, can't touch their own dispute. (Made a
    # moderator while a dispute is open, they also send it to platform staff: see
    # tests/scenarios/test_threat_model.py.)
    d.w.env.backend.add_member_role(d.w.guild.id, d.w.seller.id, d.mods.id)
    own = await resolve(d, d.w.seller, dispute, "release", reason="I delivered")
    assert "You're a party" in reply_text(own)
    claim_own = await d.w.seller.slash(d.ch, "dispute claim", id=dispute.id)
    assert "You're a party" in reply_text(claim_own)
    _, second_dispute = await disputed(d)
    assert second_dispute.authority is ArbiterKind.STAFF  # a party moderates the server
    own_new = await d.w.seller.slash(d.ch, "dispute claim", id=second_dispute.id)
    assert "You're a party" in reply_text(own_new)


async def test_a_second_resolve_racing_the_first_moves_money_once(desk: Desk) -> None:
    """Hold the dispute's row lock; two decisions queue behind it and exactly one wins."""
    d = desk
    escrow, dispute = await disputed(d)
    mods = [
        Moderator(user=await User.get(discord_id=m.id), guild_id=dispute.guild_id)
        for m in (d.mod, d.mod2)
    ]
    async with holding(lambda conn: Dispute.locked(dispute.id, conn)):
        racers = [
            asyncio.create_task(
                Dispute.resolve(
                    dispute.id,
                    mod=mod,
                    outcome=outcome,
                    reason="decided",
                    rail=d.w.rail,
                    buyer_percent=40,
                )
            )
            for mod, outcome in zip(
                mods, (DisputeOutcome.RELEASE, DisputeOutcome.SPLIT), strict=True
            )
        ]
        await wait_for_lock_waiters(2)  # both wait on the dispute's lock
        assert not any(r.done() for r in racers)
    results = await asyncio.gather(*racers, return_exceptions=True)
    won = [r for r in results if isinstance(r, Dispute)]
    lost = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "already resolved" in lost[0].message
    await d.w.stripe.drain_webhooks()
    if won[0].outcome is DisputeOutcome.RELEASE:
        assert (len(d.w.stripe.transfers()), len(d.w.stripe.refunds())) == (1, 0)
    else:
        assert (len(d.w.stripe.transfers()), len(d.w.stripe.refunds())) == (1, 1)
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    decided = await AuditLog.filter(action="dispute.resolved", object_id=str(dispute.id)).count()
    assert decided == 1


async def test_a_refused_money_step_reopens_the_dispute(desk: Desk) -> None:
    """The seller has no payout account: the release is refused, the decision undone."""
    d = desk
    escrow, dispute = await disputed(d)
    seller = await User.get(id=escrow.seller_id)
    await User.filter(id=seller.id).update(stripe_payouts_enabled=False)
    refused = await resolve(d, d.mod, dispute, "release", reason="Delivered")
    assert "payouts" in reply_text(refused)
    again = await Dispute.get(id=dispute.id)
    assert (again.status, again.outcome) == (DisputeStatus.IN_REVIEW, None)
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    assert d.w.stripe.transfers() == []
    # A refund still works afterwards.
    await resolve(d, d.mod, dispute, "refund", reason="Seller can't be paid; refunding")
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.CLOSED
    assert [r["amount"] for r in d.w.stripe.refunds()] == [100_000]


# --- queue, view, notes, requests ----------------------------------------------------------


async def test_queue_view_notes_and_evidence_requests(desk: Desk) -> None:
    d = desk
    first_escrow, first = await disputed(d)
    ids = [first.id]
    for _ in range(11):
        escrow = await delivered_escrow(d, amount=10_000, fee_bps=0)
        buyer = await User.get(id=escrow.buyer_id)
        ids.append((await Dispute.open(escrow.id, by=buyer, reason="Not delivered")).id)
        await d.cog.settle_authority(ids[-1])  # who decides, as the bot records it on opening
    listed = await d.mod.slash(d.ch, "dispute list")
    assert listed.ephemeral and listed.response is not None
    embed = listed.response.embeds[0]
    assert embed.description is not None and embed.description.index(f"`#{ids[0]}`") == 0
    assert "Page 1 of 2" in (embed.footer.text or "") and "12 in all" in (embed.footer.text or "")
    nxt = await d.mod.click(listed.response, label="Next")
    assert nxt.response is not None and f"`#{ids[10]}`" in (
        nxt.response.embeds[0].description or ""
    )
    page2 = await d.mod.slash(d.ch, "dispute list", page=2)
    assert f"`#{ids[11]}`" in (page2.response.embeds[0].description or "")  # type: ignore[union-attr]
    closed = await d.mod.slash(d.ch, "dispute list", status="CLOSED")
    assert "No disputes" in (closed.response.embeds[0].description or "")  # type: ignore[union-attr]

    noted = await d.mod.slash(
        d.ch, "dispute note", id=first.id, text="Seller has 3 prior chargebacks"
    )
    assert "don't see it" in reply_text(noted)
    asked = await d.mod.slash(
        d.ch, "dispute request", id=first.id, party="seller", text="Show the transfer log", days=2
    )
    assert "Asked the seller" in reply_text(asked)
    request_dm = dms(d.w.seller)[-1]
    assert (
        "Show the transfer log" in request_dm and f"/dispute evidence id:{first.id}" in request_dm
    )
    answer = await d.w.seller.slash(
        d.ch, "dispute evidence", id=first.id, text="Here it is", attachment=("log.txt", b"log")
    )
    assert "Added to dispute" in reply_text(answer)
    dispute = await Dispute.get(id=first.id)
    kinds = [e["kind"] for e in dispute.evidence]
    assert kinds == ["request", "statement"]
    assert dispute.evidence[1]["attachments"][0]["filename"] == "log.txt"
    # The note is internal: in the moderator's view, not in the thread or the evidence.
    viewed = await d.mod.slash(d.ch, "dispute view", id=first.id)
    shown = "\n".join(
        str(e.description) + " ".join(str(f.value) for f in e.fields)
        for f_msg in messages(viewed)
        for e in f_msg.embeds
    )
    assert "dispute.note" in shown and "Seller has 3 prior chargebacks" in shown
    assert "prior chargebacks" not in thread_text(d)
    assert all("prior chargebacks" not in m for m in dms(d.w.buyer) + dms(d.w.seller))
    # A party can't read the case file as a moderator.
    peek = await d.w.buyer.slash(d.ch, "dispute view", id=first.id)
    assert "Only this server's moderators" in reply_text(peek)
    assert first_escrow.id


# --- chargebacks ---------------------------------------------------------------------------


async def test_a_chargeback_opens_a_dispute_in_the_queue(desk: Desk) -> None:
    d = desk
    escrow = await delivered_escrow(d)
    row = await StripeEscrow.get(escrow_id=escrow.id)
    stripe_dispute = d.w.stripe.dispute(row.charge_id or "", reason="fraudulent")
    event = d.w.stripe.make_event("charge.dispute.created", stripe_dispute)
    assert await d.w.stripe.send_event(d.w.webhook_url, WEBHOOK_SECRET, event) == 200
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.opened_by_id is None
    # Platform staff decide every chargeback: it is in their queue, not the server's.
    listed = await d.staff.slash(d.ch, "dispute list")
    assert f"`#{dispute.id}` escrow #{escrow.id}" in (listed.response.embeds[0].description or "")  # type: ignore[union-attr]
    mods_queue = await d.mod.slash(d.ch, "dispute list")
    assert f"`#{dispute.id}`" not in (mods_queue.response.embeds[0].description or "")  # type: ignore[union-attr]
    # It got its thread too, with the case file.
    assert (await Dispute.get(id=dispute.id)).thread_id is not None
    assert (await Dispute.get(id=dispute.id)).authority is ArbiterKind.STAFF
    assert "Card chargeback" in thread_text(d)
    assert "Who decides: Bloxtr8 platform staff (a card chargeback" in thread_text(d)
    # Platform staff see it from anywhere (here: a DM-less check through the model).
    staff = Moderator(user=await User.get(discord_id=d.staff.id), guild_id=None, staff=True)
    rows, total = await Dispute.queue(staff)
    assert total == 1 and rows[0].id == dispute.id


# --- deadlines ---------------------------------------------------------------------------


async def test_deadlines_remind_then_escalate_and_never_release(desk: Desk) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    start = utcnow()
    assert await d.cog.run_deadlines(now=start + dt.timedelta(days=6)) == {
        "reminded": 0,
        "escalated": 0,
        "closed": 0,
        "overdue": 0,
    }
    past = start + dt.timedelta(days=7, hours=1)
    counts = await d.cog.run_deadlines(now=past)
    assert counts["reminded"] == 1 and counts["escalated"] == 0
    reminder = d.disputes.history()[-1].content
    assert f"<@&{d.mods.id}>" in reminder and f"Dispute #{dispute.id}" in reminder
    # Another process, or the next minute: nothing repeated, nothing escalated yet.
    assert (await d.cog.run_deadlines(now=past + dt.timedelta(hours=2)))["reminded"] == 0
    assert dms(d.staff) == []
    later = past + dt.timedelta(days=1, minutes=1)
    counts = await d.cog.run_deadlines(now=later)
    assert counts["escalated"] == 1
    assert any(f"dispute #{dispute.id}" in m and "Escalated" in m for m in dms(d.staff))
    assert (await Dispute.get(id=dispute.id)).escalated_at == later
    assert (await d.cog.run_deadlines(now=later + dt.timedelta(days=30)))["escalated"] == 0
    # Platform staff act everywhere, without the server's moderator role.
    took = await d.staff.slash(d.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(took)
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.IN_REVIEW
    # Nothing was ever released or refunded, and the escrow jobs don't either.
    await d.w.cog.run_jobs(now=later + dt.timedelta(days=60))
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    assert d.w.stripe.transfers() == [] and d.w.stripe.refunds() == []
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.IN_REVIEW


async def test_a_claimed_dispute_past_its_guild_deadline_is_escalated_too(desk: Desk) -> None:
    d = desk
    guild = await Guild.get(discord_id=d.w.guild.id)
    settings = await guild.get_settings()
    await settings.update_setting("dispute_deadline_days", 2, has_manage_guild=True)
    escrow = await delivered_escrow(d)
    # The contract froze the guild's 2-day dispute window when it was made.
    frozen = Terms.frozen_from(settings).stored()
    await Contract.filter(id=escrow.contract_id).update(terms=frozen)
    await d.w.buyer.slash(d.ch, "dispute open", escrow=escrow.id, reason="Still the seller's")
    dispute = await Dispute.get(escrow_id=escrow.id)
    await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    now = utcnow()
    assert (await d.cog.run_deadlines(now=now + dt.timedelta(days=1)))["reminded"] == 0
    assert (await d.cog.run_deadlines(now=now + dt.timedelta(days=2, hours=1)))["reminded"] == 1
    assert (await d.cog.run_deadlines(now=now + dt.timedelta(days=3, hours=2)))["escalated"] == 1


async def test_unanswered_evidence_requests_are_reported_once(desk: Desk) -> None:
    d = desk
    _, dispute = await disputed(d)
    for party in ("buyer", "seller"):
        asked = await d.mod.slash(
            d.ch, "dispute request", id=dispute.id, party=party, text="Screenshots", days=2
        )
        assert "Asked the" in reply_text(asked)
    answer = await d.w.seller.slash(d.ch, "dispute evidence", id=dispute.id, text="Attached")
    assert "Added to dispute" in reply_text(answer)
    now = utcnow()
    assert (await d.cog.run_deadlines(now=now + dt.timedelta(days=1)))["overdue"] == 0
    late = now + dt.timedelta(days=2, minutes=5)
    assert (await d.cog.run_deadlines(now=late))["overdue"] == 1
    alert = d.disputes.history()[-1].content
    assert f"<@&{d.mods.id}>" in alert and "The buyer didn't send the evidence" in alert
    assert "The buyer didn't send the evidence" in thread_text(d)
    requests = [e for e in (await Dispute.get(id=dispute.id)).evidence if e["kind"] == "request"]
    assert [("overdue_at" in r, "answered_at" in r) for r in requests] == [
        (True, False),
        (False, True),
    ]
    # The next pass, or another process: nothing said twice.
    assert (await d.cog.run_deadlines(now=late + dt.timedelta(hours=1)))["overdue"] == 0
    assert await AuditLog.filter(action="dispute.evidence_overdue").count() == 1


# --- evidence packet and audit -------------------------------------------------------------


async def test_the_evidence_packet(desk: Desk) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    await d.mod.slash(d.ch, "dispute note", id=dispute.id, text="Looked at Roblox")
    added = await d.w.seller.slash(
        d.ch,
        "dispute evidence",
        id=dispute.id,
        text="The transfer screen",
        attachment=("transfer.png", screenshot_png()),
    )
    assert "Added to dispute" in reply_text(added)
    await resolve(d, d.mod, dispute, "refund", reason="Never transferred")
    exported = await d.mod.slash(d.ch, "dispute export", id=dispute.id)
    assert exported.ephemeral
    (message,) = messages(exported)
    names = sorted(a.filename for a in message.attachments)
    assert names == [f"dispute-{dispute.id}.json", f"dispute-{dispute.id}.pdf"]
    by_name = {a.filename: a for a in message.attachments}
    raw_json = d.w.env.backend.cdn.get(by_name[f"dispute-{dispute.id}.json"].url)
    raw_pdf = d.w.env.backend.cdn.get(by_name[f"dispute-{dispute.id}.pdf"].url)
    assert raw_pdf is not None and raw_pdf.startswith(b"%PDF") and len(raw_pdf) > 2_000
    # The PDF reads as a report: dollars, UTC dates without microseconds, names, the
    # screenshot embedded from the stored copy, the chain hashes in an appendix.
    text = pdf_text(raw_pdf)
    buyer, seller = await User.get(id=escrow.buyer_id), await User.get(id=escrow.seller_id)
    for expected in (
        f"Evidence packet: dispute #{dispute.id}",
        "Price $1,000.00",
        f"{buyer.username} (buyer)",
        f"{seller.username} (seller)",
        "Decision the buyer is refunded in full",
        'the seller wrote: "The transfer screen"',
        "Attached by the seller: transfer.png",
        "Refunded to the buyer $1,000.00",
        "Appendix C. The audit chain",
        "UTC",
    ):
        assert expected in text, expected
    assert not_for_readers(text, allowed="Appendix A") == []
    assert pdf_images(raw_pdf) == 1
    picture = render_page(raw_pdf, d.w.bot.settings.data_dir / "packet")
    assert picture is None or picture.stat().st_size > 10_000
    assert raw_json is not None
    packet = json.loads(raw_json)
    case = packet["case"]
    assert case["dispute"]["outcome"] == "REFUND"
    assert case["contract"]["id"] == escrow.contract_id
    assert case["roblox"]["at_listing"]["owner_id"] == SELLER_ROBLOX
    assert case["roblox"]["now"]["creator_id"] == SELLER_ROBLOX
    assert case["payments"]["stripe"]["amount_refunded"] == 100_000
    assert [p["role"] for p in case["parties"]] == ["buyer", "seller"]
    kinds = [e["kind"] for e in packet["escrow_events"]]
    assert (
        kinds[:2] == ["opened", "funded"] and "dispute_opened" in kinds and kinds[-1] == "refunded"
    )
    actions = {a["action"] for a in packet["audit"]}
    assert {"escrow.funded", "dispute.resolved", "dispute.note", "dispute.closed"} <= actions
    assert all(a["hash"] and len(a["hash"]) == 64 for a in packet["audit"])
    assert all(a["hash"] in text for a in packet["audit"])  # the appendix has every hash
    seqs = [a["chain_seq"] for a in packet["audit"]]
    assert seqs == sorted(seqs)
    # The hashes in the packet are the chain's.
    row = await AuditLog.get(id=packet["audit"][0]["id"])
    assert row.hash == packet["audit"][0]["hash"]
    assert (await verify_chain()).ok


async def test_audit_commands_for_moderators(desk: Desk) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    for i in range(12):
        await d.mod.slash(d.ch, "dispute note", id=dispute.id, text=f"note {i}")
    shown = await d.mod.slash(d.ch, "audit escrow", id=escrow.id)
    assert shown.ephemeral and shown.response is not None
    embed = shown.response.embeds[0]
    assert "escrow.opened" in (embed.description or "")
    total = await AuditLog.filter(object_type="escrow", object_id=str(escrow.id)).count() + (
        await AuditLog.filter(object_type="dispute", object_id=str(dispute.id)).count()
    )
    assert f"{total} entries" in (embed.footer.text or "") and "Page 1 of 2" in (
        embed.footer.text or ""
    )
    second = await d.mod.click(shown.response, label="Next")
    assert "dispute.note" in (second.response.embeds[0].description or "")  # type: ignore[union-attr]

    user_audit = await d.mod.slash(d.ch, "audit user", user=d.w.buyer)
    assert user_audit.response is not None
    assert "dispute_opened" in (user_audit.response.embeds[0].description or "")
    nobody = await d.mod.slash(d.ch, "audit user", user=d.w.outsider)
    assert "hasn't signed up" in reply_text(nobody)
    missing = await d.mod.slash(d.ch, "audit escrow", id=escrow.id + 999)
    assert f"no escrow #{escrow.id + 999}" in reply_text(missing)
    await seal_pending()
    assert (await verify_chain()).ok

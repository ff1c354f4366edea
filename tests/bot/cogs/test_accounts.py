"""Accounts: /signup, /link roblox|check, Verify, /unlink, /profile and /staff.

Every refusal must be ephemeral and leave the database as it was (`rows()` before and
after). Refusals raised as DomainErrors are read from `env.errors` so that simcord
doesn't re-raise them at teardown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import discord
import pytest
import simcord
from discord import app_commands
from discord.ext import commands

from bot.app import Bloxtr8Bot, create_bot
from bot.cogs.accounts.embeds import describe_age
from bot.cogs.accounts.views import verify_view
from bot.config import Settings
from bot.db import libpq_url
from bot.roblox import RobloxClient
from bot.sandbox.roblox_app import FakeRoblox
from models import AuditLog, User
from models.base import utcnow
from models.enums import (
    ContractStatus,
    EscrowStatus,
    KycTier,
    ListingStatus,
    OfferStatus,
    WalletRisk,
)
from models.errors import InvalidState, NotAllowed, NotSignedUp
from models.roblox_api import RobloxUser
from models.user import LINK_CODE_TTL, new_link_code
from tests.factories import make_contract, make_escrow, make_listing, make_offer, make_user
from tests.helpers import wait_for_lock_waiters

ALICE_RBX = 4_242_001
BOB_RBX = 4_242_002
CODE_RE = re.compile(r"BLOX-[BCDFGHJKMNPQRSTVWXZ]{8}")
CREATED = dt.datetime(2015, 3, 1, 12, 0, 0, tzinfo=dt.UTC)


class Harness(commands.Cog):
    """Test-only: posts a Verify button publicly, as an old message others can see."""

    @app_commands.command(name="harness-verify", description="Post a Verify button (tests)")
    async def post(self, interaction: discord.Interaction[Any], pk: str) -> None:
        await interaction.response.send_message("Verify here", view=verify_view(int(pk)))


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bloxtr8Bot]:
    """The whole real bot, with Roblox retries that don't sleep and a test-only harness cog."""
    bot = create_bot(settings, sync_commands=True)
    bot.roblox = RobloxClient.from_settings(settings, backoff=0.0)
    await bot.add_cog(Harness())
    yield bot
    await bot.roblox.close()


@pytest.fixture
def world(env: simcord.Env, roblox: FakeRoblox) -> dict[str, Any]:
    roblox.add_user(ALICE_RBX, "AliceBlox", created=CREATED)
    roblox.add_user(BOB_RBX, "BobBlox")
    guild = env.create_guild()
    return {
        "guild": guild,
        "ch": guild.create_text_channel("market"),
        "alice": guild.add_member(env.create_user("alice")),
        "bob": guild.add_member(env.create_user("bob")),
    }


async def rows() -> tuple[list[dict[str, Any]], int]:
    """Everything the accounts code can change: the users and their audit entries.

    (Only entries about users: other cogs write their own, e.g. when a guild is registered.)
    """
    users = await User.all().order_by("id").values()
    return users, await AuditLog.filter(object_type="user").count()


def text_of(result: simcord.InteractionResult) -> str:
    """The reply's text: the (possibly deferred-then-edited) response or the last followup."""
    messages = [m for m in [result.response, *result.followups] if m is not None]
    assert messages, "the bot did not answer"
    return "\n".join(m.content for m in messages)


def assert_refused(env: simcord.Env, result: simcord.InteractionResult, *words: str) -> None:
    assert result.ephemeral
    messages = [m for m in [result.response, *result.followups] if m is not None]
    assert messages and all(m.ephemeral for m in messages)
    text = text_of(result)
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"
    env.errors  # noqa: B018 - acknowledge the refusals the handler already answered


async def sign_up(member: simcord.MemberActor) -> User:
    user, _ = await User.sign_up(member.id, member.name)
    return user


async def linked(member: simcord.MemberActor, roblox_id: int, name: str) -> User:
    user = await sign_up(member)
    await User.filter(pk=user.pk).update(
        roblox_user_id=roblox_id,
        roblox_username=name,
        roblox_created_at=CREATED,
        roblox_linked_at=utcnow(),
        kyc_tier=KycTier.TIER_1,
    )
    return await User.get(pk=user.pk)


def profile_of(
    roblox_id: int, name: str, description: str = "", banned: bool = False
) -> RobloxUser:
    return RobloxUser(
        id=roblox_id,
        name=name,
        display_name=name,
        description=description,
        created=CREATED,
        is_banned=banned,
    )


# -- the full path ---------------------------------------------------------------------------


async def test_signup_link_verify_full_path(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    ch, alice = world["ch"], world["alice"]

    shown = await alice.slash(ch, "signup")
    assert shown.ephemeral and shown.response is not None
    terms = shown.response.embeds[0].description or ""
    for word in ("Escrow", "fee", "Disputes", "Discord id", "Roblox user id"):
        assert word in terms
    assert await User.all().count() == 0  # nothing before Accept

    before = utcnow()
    accepted = await alice.click(shown.response, label="Accept")
    assert accepted.response is not None and "signed up" in accepted.response.content
    assert accepted.response.components == []  # buttons gone
    user = await User.get(discord_id=alice.id)
    assert user.kyc_tier == KycTier.TIER_0
    assert user.terms_accepted_at is not None and user.terms_accepted_at >= before
    assert await AuditLog.filter(action="user.signed_up", object_id=str(user.pk)).count() == 1

    again = await alice.slash(ch, "signup")
    assert again.ephemeral and "already signed up" in text_of(again)
    assert await User.all().count() == 1

    started = await alice.slash(ch, "link roblox", username="aliceblox")
    assert started.ephemeral and started.response is not None and started.response.ephemeral
    user = await User.get(discord_id=alice.id)
    assert user.link_code is not None and CODE_RE.fullmatch(user.link_code)
    assert user.link_code in started.response.content
    assert "About" in started.response.content
    assert user.link_roblox_user_id == ALICE_RBX
    assert user.link_code_expires_at is not None
    remaining = user.link_code_expires_at - utcnow()
    assert dt.timedelta(minutes=14) < remaining <= LINK_CODE_TTL
    assert user.roblox_user_id is None and user.kyc_tier == KycTier.TIER_0

    roblox.set_description(ALICE_RBX, f"I trade on Bloxtr8 {user.link_code} :)")
    verified = await alice.click(started.response, label="Verify")
    assert verified.ephemeral and "Linked" in text_of(verified)
    user = await User.get(discord_id=alice.id)
    assert user.kyc_tier == KycTier.TIER_1
    assert user.roblox_user_id == ALICE_RBX and user.roblox_username == "AliceBlox"
    assert user.roblox_created_at == CREATED and user.roblox_linked_at is not None
    assert user.link_code is None and user.link_roblox_user_id is None
    entry = await AuditLog.get(action="user.roblox_linked")
    assert entry.before["tier"] == "TIER_0" and entry.after["tier"] == "TIER_1"
    assert entry.after["roblox_user_id"] == ALICE_RBX and entry.actor_id == user.pk

    # The old button now only says it's done, and changes nothing.
    snapshot = await rows()
    stale = await alice.click(started.response, label="Verify")
    assert_refused(env, stale, "already linked")
    assert await rows() == snapshot


async def test_decline_saves_nothing(env: simcord.Env, world: dict[str, Any]) -> None:
    shown = await world["alice"].slash(world["ch"], "signup")
    assert shown.response is not None
    declined = await world["alice"].click(shown.response, label="Decline")
    assert declined.response is not None and "nothing was saved" in declined.response.content
    assert await rows() == ([], 0)


async def test_sign_up_is_idempotent(db: str) -> None:
    first, created = await User.sign_up(77, "zed")
    second, created_again = await User.sign_up(77, "zed")
    assert created and not created_again and first.pk == second.pk
    assert await AuditLog.filter(action="user.signed_up").count() == 1


async def test_link_check_command(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice = world["alice"]
    await sign_up(alice)
    await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    code = (await User.get(discord_id=alice.id)).link_code
    roblox.set_description(ALICE_RBX, str(code).lower())  # case doesn't matter
    checked = await alice.slash(world["ch"], "link check")
    assert checked.ephemeral and "Linked" in text_of(checked)
    user = await User.get(discord_id=alice.id)
    assert user.kyc_tier == KycTier.TIER_1 and user.roblox_user_id == ALICE_RBX


async def test_link_never_lowers_tier_2(db: str) -> None:
    user = await make_user(kyc_tier=KycTier.TIER_2, terms_accepted_at=utcnow())
    code = await user.start_roblox_link(profile_of(ALICE_RBX, "AliceBlox"))
    await user.complete_roblox_link(profile_of(ALICE_RBX, "AliceBlox", description=code))
    assert (await User.get(pk=user.pk)).kyc_tier == KycTier.TIER_2


# -- refusals on the link path ---------------------------------------------------------------


async def test_expired_code_is_refused(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice = world["alice"]
    await sign_up(alice)
    started = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    user = await User.get(discord_id=alice.id)
    roblox.set_description(ALICE_RBX, str(user.link_code))
    await User.filter(pk=user.pk).update(link_code_expires_at=utcnow() - dt.timedelta(seconds=1))
    snapshot = await rows()
    assert started.response is not None
    pressed = await alice.click(started.response, label="Verify")
    assert_refused(env, pressed, "expired", "/link roblox")
    checked = await alice.slash(world["ch"], "link check")
    assert_refused(env, checked, "expired")
    assert await rows() == snapshot


async def test_expiry_uses_the_given_clock(db: str) -> None:
    user = await make_user(kyc_tier=KycTier.TIER_0, terms_accepted_at=utcnow())
    t0 = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    code = await user.start_roblox_link(profile_of(ALICE_RBX, "AliceBlox"), now=t0)
    profile = profile_of(ALICE_RBX, "AliceBlox", description=code)
    with pytest.raises(InvalidState, match="expired"):
        await user.complete_roblox_link(profile, now=t0 + LINK_CODE_TTL)
    assert (await User.get(pk=user.pk)).link_code == code  # a refusal changes nothing
    await user.complete_roblox_link(profile, now=t0 + LINK_CODE_TTL - dt.timedelta(seconds=1))
    assert (await User.get(pk=user.pk)).roblox_user_id == ALICE_RBX


@pytest.mark.parametrize("description", ["", "my code is BLOX-BBBBBBBB", "BLOX-"])
async def test_missing_or_wrong_code_is_refused(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any], description: str
) -> None:
    alice = world["alice"]
    await sign_up(alice)
    started = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    roblox.set_description(ALICE_RBX, description)
    snapshot = await rows()
    assert started.response is not None
    pressed = await alice.click(started.response, label="Verify")
    code = (await User.get(discord_id=alice.id)).link_code
    assert_refused(env, pressed, str(code), "About", "Verify")
    assert await rows() == snapshot


async def test_roblox_down_changes_nothing(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice = world["alice"]
    await sign_up(alice)
    snapshot = await rows()
    roblox.fail_next(4, 503)  # the first call and its 3 retries
    started = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    assert_refused(env, started, "Roblox isn't answering")
    assert await rows() == snapshot

    started = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    code = (await User.get(discord_id=alice.id)).link_code
    roblox.set_description(ALICE_RBX, str(code))
    snapshot = await rows()
    roblox.fail_next(4, 503)
    assert started.response is not None
    pressed = await alice.click(started.response, label="Verify")
    assert_refused(env, pressed, "Roblox isn't answering")
    roblox.fail_next(4, 503)
    checked = await alice.slash(world["ch"], "link check")
    assert_refused(env, checked, "Roblox isn't answering")
    assert await rows() == snapshot


async def test_roblox_account_linked_by_someone_else(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice, bob = world["alice"], world["bob"]
    await linked(bob, ALICE_RBX, "AliceBlox")
    await sign_up(alice)
    snapshot = await rows()
    refused = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    assert_refused(env, refused, "already linked to another Discord user")
    assert await rows() == snapshot


async def test_roblox_account_taken_while_linking(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice, bob = world["alice"], world["bob"]
    await sign_up(alice)
    started = await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    code = (await User.get(discord_id=alice.id)).link_code
    roblox.set_description(ALICE_RBX, str(code))
    await linked(bob, ALICE_RBX, "AliceBlox")  # meanwhile, bob got it
    snapshot = await rows()
    assert started.response is not None
    pressed = await alice.click(started.response, label="Verify")
    assert_refused(env, pressed, "already linked to another Discord user")
    assert await rows() == snapshot


async def test_link_race_on_unique_roblox_id_is_a_plain_refusal(db: str) -> None:
    """Both pass the "is it taken?" check; the unique index decides; the loser is told why."""
    alice = await make_user(kyc_tier=KycTier.TIER_0, terms_accepted_at=utcnow())
    bob = await make_user(kyc_tier=KycTier.TIER_0, terms_accepted_at=utcnow())
    code = await alice.start_roblox_link(profile_of(ALICE_RBX, "AliceBlox"))
    other = await asyncpg.connect(libpq_url(db))
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute(
            "UPDATE users SET roblox_user_id = $1 WHERE id = $2", ALICE_RBX, bob.pk
        )  # bob's link, not committed yet: alice's check can't see it
        task = asyncio.create_task(
            alice.complete_roblox_link(profile_of(ALICE_RBX, "AliceBlox", description=code))
        )
        await wait_for_lock_waiters(1)  # alice's UPDATE waits on the unique index
        await tx.commit()
        with pytest.raises(NotAllowed, match="already linked to another Discord user"):
            await task
    finally:
        await other.close()
    fresh = await User.get(pk=alice.pk)
    assert fresh.roblox_user_id is None and fresh.link_code == code
    assert fresh.kyc_tier == KycTier.TIER_0
    assert not await AuditLog.filter(action="user.roblox_linked").exists()


async def test_unknown_or_invalid_username(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice = world["alice"]
    await sign_up(alice)
    snapshot = await rows()
    unknown = await alice.slash(world["ch"], "link roblox", username="NobodyHere")
    assert_refused(env, unknown, "couldn't find a Roblox account named `NobodyHere`")
    invalid = await alice.slash(world["ch"], "link roblox", username="no spaces!")
    assert_refused(env, invalid, "isn't a Roblox username")
    assert await rows() == snapshot


async def test_banned_roblox_account_is_refused(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    roblox.add_user(777, "BannedGuy", is_banned=True)
    await sign_up(world["alice"])
    snapshot = await rows()
    refused = await world["alice"].slash(world["ch"], "link roblox", username="BannedGuy")
    assert_refused(env, refused, "banned")
    assert await rows() == snapshot


async def test_commands_need_signup(env: simcord.Env, world: dict[str, Any]) -> None:
    alice = world["alice"]
    for command, options in (
        ("link roblox", {"username": "AliceBlox"}),
        ("link check", {}),
        ("unlink roblox", {}),
    ):
        refused = await alice.slash(world["ch"], command, **options)
        assert_refused(env, refused, "/signup")
    assert await rows() == ([], 0)


async def test_link_check_without_pending_link(env: simcord.Env, world: dict[str, Any]) -> None:
    await sign_up(world["alice"])
    snapshot = await rows()
    refused = await world["alice"].slash(world["ch"], "link check")
    assert_refused(env, refused, "no Roblox link in progress", "/link roblox")
    assert await rows() == snapshot


async def test_second_account_needs_unlink_first(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    await linked(world["alice"], ALICE_RBX, "AliceBlox")
    snapshot = await rows()
    refused = await world["alice"].slash(world["ch"], "link roblox", username="BobBlox")
    assert_refused(env, refused, "/unlink roblox")
    same = await world["alice"].slash(world["ch"], "link roblox", username="AliceBlox")
    assert_refused(env, same, "already linked")
    assert await rows() == snapshot


async def test_someone_elses_verify_button_changes_nothing(
    env: simcord.Env, roblox: FakeRoblox, world: dict[str, Any]
) -> None:
    alice, bob = world["alice"], world["bob"]
    await sign_up(bob)
    user = await sign_up(alice)
    await alice.slash(world["ch"], "link roblox", username="AliceBlox")
    code = (await User.get(pk=user.pk)).link_code
    roblox.set_description(ALICE_RBX, str(code))
    posted = await alice.slash(world["ch"], "harness-verify", pk=str(user.pk))
    assert posted.response is not None and not posted.response.ephemeral
    snapshot = await rows()
    pressed = await bob.click(posted.response, label="Verify")
    assert pressed.ephemeral and "isn't yours" in text_of(pressed)
    assert await rows() == snapshot
    # A button for a user that doesn't exist anymore is just as harmless.
    gone = await alice.slash(world["ch"], "harness-verify", pk="999999")
    assert gone.response is not None
    pressed = await alice.click(gone.response, label="Verify")
    assert pressed.ephemeral and "isn't yours" in text_of(pressed)
    assert await rows() == snapshot


# -- unlink ----------------------------------------------------------------------------------


async def test_unlink_refused_with_open_trade_then_allowed(
    env: simcord.Env, world: dict[str, Any]
) -> None:
    alice = world["alice"]
    user = await linked(alice, ALICE_RBX, "AliceBlox")
    listing = await make_listing(seller=user, status=ListingStatus.ACTIVE)
    snapshot = await rows()
    refused = await alice.slash(world["ch"], "unlink roblox")
    assert_refused(env, refused, "open trades", "1 active listing")
    assert await rows() == snapshot

    listing.status = ListingStatus.CANCELLED
    await listing.save()
    done = await alice.slash(world["ch"], "unlink roblox")
    assert done.ephemeral and "unlinked" in text_of(done)
    fresh = await User.get(pk=user.pk)
    assert fresh.roblox_user_id is None and fresh.roblox_username is None
    assert fresh.kyc_tier == KycTier.TIER_0
    entry = await AuditLog.get(action="user.roblox_unlinked")
    assert entry.before["roblox_user_id"] == ALICE_RBX and entry.after["tier"] == "TIER_0"

    again = await alice.slash(world["ch"], "unlink roblox")
    assert_refused(env, again, "don't have a Roblox account linked")


async def test_unlink_drops_tier_2_and_says_so(env: simcord.Env, world: dict[str, Any]) -> None:
    user = await linked(world["alice"], ALICE_RBX, "AliceBlox")
    await User.filter(pk=user.pk).update(kyc_tier=KycTier.TIER_2, kyc_verified=True)
    done = await world["alice"].slash(world["ch"], "unlink roblox")
    assert "TIER_2" in text_of(done) and "removed" in text_of(done)
    fresh = await User.get(pk=user.pk)
    assert fresh.kyc_tier == KycTier.TIER_0 and not fresh.kyc_verified


@pytest.mark.parametrize(
    "kind",
    ["offer_as_buyer", "offer_as_seller", "contract", *[s.value for s in EscrowStatus]],
)
async def test_what_counts_as_an_open_trade(db: str, kind: str) -> None:
    user = await make_user(
        roblox_user_id=ALICE_RBX, roblox_username="AliceBlox", terms_accepted_at=utcnow()
    )
    if kind == "offer_as_buyer":
        offer = await make_offer(buyer=user)
        await offer.listing.update_from_dict({"status": ListingStatus.SOLD}).save()
        expected_open = True
    elif kind == "offer_as_seller":
        listing = await make_listing(seller=user, status=ListingStatus.INACTIVE)
        await make_offer(listing=listing)
        expected_open = True
    elif kind == "contract":
        offer = await make_offer(buyer=user, status=OfferStatus.ACCEPTED)
        await offer.listing.update_from_dict({"status": ListingStatus.SOLD}).save()
        await make_contract(offer=offer, status=ContractStatus.PENDING_SIGNATURE)
        expected_open = True
    else:
        offer = await make_offer(buyer=user, status=OfferStatus.ACCEPTED)
        await offer.listing.update_from_dict({"status": ListingStatus.SOLD}).save()
        contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
        await make_escrow(contract=contract, status=EscrowStatus(kind))
        expected_open = kind in {"AWAIT_FUNDS", "FUNDS_HELD", "DELIVERED", "DISPUTED"}
    stats = await user.trade_stats()
    assert (stats.open_trades == 1) is expected_open
    if expected_open:
        with pytest.raises(NotAllowed, match="open trades"):
            await user.unlink_roblox()
        assert (await User.get(pk=user.pk)).roblox_user_id == ALICE_RBX
    else:
        await user.unlink_roblox()
        assert (await User.get(pk=user.pk)).roblox_user_id is None


# -- profile ---------------------------------------------------------------------------------


async def test_trade_stats(db: str) -> None:
    user = await make_user(terms_accepted_at=utcnow())
    other = await make_user()
    for amount, status, as_buyer in (
        (10_000, EscrowStatus.RELEASED, True),
        (250_050, EscrowStatus.RELEASED, False),
        (99_999, EscrowStatus.REFUNDED, True),
        (5_000, EscrowStatus.FUNDS_HELD, False),
    ):
        buyer, seller = (user, other) if as_buyer else (other, user)
        listing = await make_listing(seller=seller, status=ListingStatus.SOLD)
        offer = await make_offer(
            listing=listing, buyer=buyer, amount=amount, status=OfferStatus.ACCEPTED
        )
        contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
        await make_escrow(contract=contract, status=status)
    await make_listing(seller=user)  # ACTIVE
    await make_listing(seller=other)  # someone else's
    stats = await user.trade_stats()
    assert stats.completed_trades == 2 and stats.volume_cents == 260_050
    assert stats.active_listings == 1 and stats.open_escrows == 1
    assert stats.pending_offers == 0 and stats.pending_contracts == 0
    assert stats.open_trades == 2
    assert stats.describe_open() == "1 active listing and 1 escrow in progress"


async def test_trade_records_of_many_users_count_as_each_user_s_own(db: str) -> None:
    """`trade_records` (a page of search results reads every seller's in one statement)
    gives each user what `trade_stats` and a dispute-by-dispute count give."""
    from models.dispute import Dispute, DisputeRecord, trade_records
    from models.enums import DisputeOutcome, DisputeStatus, KycTier

    users = [await make_user(kyc_tier=tier) for tier in (KycTier.TIER_1, KycTier.TIER_2)]
    users.append(await make_user())  # no trades at all
    plan = [  # buyer, seller, amount, escrow status, dispute (status, outcome) or None
        (0, 1, 10_000, EscrowStatus.RELEASED, None),
        (1, 0, 250_050, EscrowStatus.RELEASED, (DisputeStatus.RESOLVED, DisputeOutcome.RELEASE)),
        (0, 1, 99_999, EscrowStatus.REFUNDED, (DisputeStatus.CLOSED, DisputeOutcome.REFUND)),
        (1, 0, 7_000, EscrowStatus.REFUNDED, (DisputeStatus.RESOLVED, DisputeOutcome.SPLIT)),
        (0, 1, 5_000, EscrowStatus.DISPUTED, (DisputeStatus.OPEN, None)),
        (1, 0, 3_000, EscrowStatus.FUNDS_HELD, None),
    ]
    for b, s_, amount, status, dispute in plan:
        listing = await make_listing(seller=users[s_], status=ListingStatus.SOLD)
        offer = await make_offer(
            listing=listing, buyer=users[b], amount=amount, status=OfferStatus.ACCEPTED
        )
        contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
        escrow = await make_escrow(contract=contract, status=status)
        if dispute is not None:
            await Dispute.create(
                escrow=escrow, reason="x", status=dispute[0], outcome=dispute[1],
                buyer_percent=50 if dispute[1] is DisputeOutcome.SPLIT else None,
            )  # fmt: skip

    records = await trade_records([u.id for u in users] + [10**12])
    assert set(records) == {u.id for u in users}  # no such user: left out
    for user in users:
        stats, record = await user.trade_stats(), records[user.id]
        assert (record.discord_id, record.kyc_tier) == (user.discord_id, user.kyc_tier)
        assert (record.completed_trades, record.volume_cents) == (
            stats.completed_trades,
            stats.volume_cents,
        )
        won = lost = split = resolved = open_ = 0
        for d in await Dispute.all().prefetch_related("escrow"):
            mine = user.id in (d.escrow.buyer_id, d.escrow.seller_id)
            if not mine:
                continue
            if d.status in (DisputeStatus.OPEN, DisputeStatus.IN_REVIEW):
                open_ += 1
                continue
            resolved += 1
            favour = (
                DisputeOutcome.REFUND if d.escrow.buyer_id == user.id else DisputeOutcome.RELEASE
            )
            if d.outcome is DisputeOutcome.SPLIT:
                split += 1
            elif d.outcome is favour:
                won += 1
            else:
                lost += 1
        assert record.disputes == DisputeRecord(resolved, won, lost, split, open_)
    first = records[users[0].id]
    assert (first.completed_trades, first.volume_cents) == (2, 260_050)
    assert first.disputes == DisputeRecord(resolved=3, won=2, lost=0, split=1, open=1)


async def test_profile_of_self_other_and_not_signed_up(
    env: simcord.Env, world: dict[str, Any]
) -> None:
    alice, bob, ch = world["alice"], world["bob"], world["ch"]
    user = await linked(alice, ALICE_RBX, "AliceBlox")
    await User.filter(pk=user.pk).update(
        wallet_address="0x" + "ab" * 20, wallet_risk=WalletRisk.LOW
    )
    listing = await make_listing(seller=user, status=ListingStatus.SOLD)
    offer = await make_offer(listing=listing, amount=125_050, status=OfferStatus.ACCEPTED)
    contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
    await make_escrow(contract=contract, status=EscrowStatus.RELEASED)
    await make_listing(seller=user)

    mine = await alice.slash(ch, "profile")
    assert mine.ephemeral and mine.response is not None
    fields = {f.name: f.value for f in mine.response.embeds[0].fields}
    assert "TIER_1" in str(fields["Tier"])
    assert "AliceBlox" in str(fields["Roblox"]) and "Account age: " in str(fields["Roblox"])
    assert fields["Completed trades"] == "1" and fields["Volume"] == "$1,250.50"
    assert fields["Open trades"] == "1"
    assert fields["Wallet"] == "`0xabab…abab` (risk: low)"

    seen_by_bob = await bob.slash(ch, "profile", user=alice)
    assert seen_by_bob.ephemeral and seen_by_bob.response is not None
    assert seen_by_bob.response.embeds[0].fields[0].value == fields["Tier"]

    await sign_up(bob)
    bobs = await bob.slash(ch, "profile")
    assert bobs.response is not None
    bob_fields = {f.name: f.value for f in bobs.response.embeds[0].fields}
    assert bob_fields["Roblox"] == "Not linked" and bob_fields["Wallet"] == "none"
    assert bob_fields["Volume"] == "$0.00"

    carol = world["guild"].add_member(env.create_user("carol"))
    nobody = await alice.slash(ch, "profile", user=carol)
    assert nobody.ephemeral and "carol hasn't signed up yet" in text_of(nobody)
    self_nobody = await carol.slash(ch, "profile")
    assert self_nobody.ephemeral and "/signup" in text_of(self_nobody)


def test_describe_age() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert describe_age(now - dt.timedelta(days=3), now) == "3 days"
    assert describe_age(now - dt.timedelta(days=1), now) == "1 day"
    assert describe_age(now - dt.timedelta(days=65), now) == "2 months"
    assert describe_age(now - dt.timedelta(days=365 * 3 + 40), now) == "3 years, 1 month"


def test_link_codes() -> None:
    codes = {new_link_code() for _ in range(200)}
    assert len(codes) == 200 and all(CODE_RE.fullmatch(c) for c in codes)


# -- staff -----------------------------------------------------------------------------------


async def test_staff_verify_and_revoke(
    env: simcord.Env, bot: Bloxtr8Bot, world: dict[str, Any]
) -> None:
    alice, ch = world["alice"], world["ch"]
    staff = world["guild"].add_member(env.create_user("staffer"))
    bot.settings.staff_user_ids = [staff.id]
    user = await linked(alice, ALICE_RBX, "AliceBlox")

    granted = await staff.slash(ch, "staff verify", user=alice)
    assert granted.ephemeral and "TIER_2" in text_of(granted)
    fresh = await User.get(pk=user.pk)
    assert fresh.kyc_tier == KycTier.TIER_2 and fresh.kyc_verified
    entry = await AuditLog.get(action="user.staff_verified")
    assert entry.actor_label == f"staff:{staff.id}" and entry.object_id == str(user.pk)
    assert entry.before["tier"] == "TIER_1" and entry.after["tier"] == "TIER_2"

    snapshot = await rows()
    twice = await staff.slash(ch, "staff verify", user=alice)
    assert_refused(env, twice, "already verified")
    assert await rows() == snapshot

    revoked = await staff.slash(ch, "staff revoke", user=alice)
    assert revoked.ephemeral and "TIER_1" in text_of(revoked)
    fresh = await User.get(pk=user.pk)
    assert fresh.kyc_tier == KycTier.TIER_1 and not fresh.kyc_verified
    assert (await AuditLog.get(action="user.staff_revoked")).actor_label == f"staff:{staff.id}"


async def test_staff_revoke_without_link_drops_to_tier_0(db: str) -> None:
    user = await make_user(kyc_tier=KycTier.TIER_2, kyc_verified=True, terms_accepted_at=utcnow())
    await user.staff_revoke(actor=None, actor_label="staff:1")
    assert (await User.get(pk=user.pk)).kyc_tier == KycTier.TIER_0


async def test_staff_commands_refuse_others_and_bad_targets(
    env: simcord.Env, bot: Bloxtr8Bot, world: dict[str, Any]
) -> None:
    alice, bob, ch = world["alice"], world["bob"], world["ch"]
    staff = world["guild"].add_member(env.create_user("staffer"))
    bot.settings.staff_user_ids = [staff.id]
    await linked(alice, ALICE_RBX, "AliceBlox")
    snapshot = await rows()

    for command in ("staff verify", "staff revoke"):
        refused = await bob.slash(ch, command, user=alice)
        assert_refused(env, refused, "Only Bloxtr8 platform staff")
        self_service = await alice.slash(ch, command, user=alice)
        assert_refused(env, self_service, "Only Bloxtr8 platform staff")

    not_signed = await staff.slash(ch, "staff verify", user=bob)
    assert_refused(env, not_signed, "bob hasn't signed up yet")
    await sign_up(bob)
    snapshot = await rows()
    not_linked = await staff.slash(ch, "staff verify", user=bob)
    assert_refused(env, not_linked, "no Roblox account linked")
    not_verified = await staff.slash(ch, "staff revoke", user=bob)
    assert_refused(env, not_verified, "isn't verified")
    assert await rows() == snapshot

    help_for_bob = await bob.slash(ch, "help")
    assert help_for_bob.response is not None
    assert "/staff" not in (help_for_bob.response.embeds[0].description or "")


# -- model-level guards that the cog relies on -----------------------------------------------


async def test_model_refusals(db: str) -> None:
    with pytest.raises(NotSignedUp):
        await User.require(123)
    user = await make_user(kyc_tier=KycTier.TIER_0, terms_accepted_at=utcnow())
    with pytest.raises(NotAllowed, match="banned"):
        await user.start_roblox_link(profile_of(ALICE_RBX, "AliceBlox", banned=True))
    code = await user.start_roblox_link(profile_of(ALICE_RBX, "AliceBlox"))
    with pytest.raises(InvalidState, match="isn't the Roblox account"):
        await user.complete_roblox_link(profile_of(BOB_RBX, "BobBlox", description=code))
    with pytest.raises(NotAllowed, match="banned"):
        await user.complete_roblox_link(
            profile_of(ALICE_RBX, "AliceBlox", description=code, banned=True)
        )
    assert (await User.get(pk=user.pk)).roblox_user_id is None

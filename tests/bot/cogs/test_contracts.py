"""Contracts: the PDF for an accepted offer, signing in Discord, voiding, verification."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import shutil
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import discord
import pytest
import simcord

from bot.app import Bloxtr8Bot, create_bot
from bot.cogs.contracts import Contracts
from bot.config import Settings
from models import (
    AuditLog,
    Contract,
    Escrow,
    EscrowEvent,
    Guild,
    Listing,
    MilestoneEscrow,
    Offer,
    RobloxSnapshot,
    Signature,
    StripeEscrow,
    User,
)
from models.base import utcnow
from models.contract import parse_milestones
from models.contract_pdf import pdf_text
from models.enums import (
    ContractStatus,
    Currency,
    EscrowRail,
    EscrowStatus,
    KycTier,
    ListingStatus,
    OfferStatus,
    RobloxAssetType,
    RobloxOwnerType,
)
from models.errors import DomainError, InvalidAmount, InvalidState, NotAllowed, NotFound
from tests.factories import make_listing, make_offer, make_user
from tests.helpers import app, fields_of, holding, reply, wait_for_lock_waiters

# --------------------------------------------------------------------------- fixtures


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bloxtr8Bot]:
    """The real bot, with the contracts cog loaded even before bot/app.py lists it, and its
    web server (if a cog starts one) on a free port so that test runs don't collide."""
    settings.web_port = 0
    instance = create_bot(settings, sync_commands=True)
    original = instance.setup_hook

    async def setup_hook() -> None:
        await original()
        if "bot.cogs.contracts" not in instance.extensions:
            await instance.load_extension("bot.cogs.contracts")
            await instance.tree.sync()

    instance.setup_hook = setup_hook  # type: ignore[method-assign]
    try:
        yield instance
    finally:
        await instance.roblox.close()


# --------------------------------------------------------------------------- helpers


def refusal(env: simcord.Env, result: Any) -> str:
    """The ephemeral words a refused interaction got; only DomainErrors may have been raised."""
    assert result.acknowledged and result.ephemeral, result
    assert result.modal is None
    message = result.response if result.response is not None else result.followups[-1]
    for error in env.errors:
        assert isinstance(getattr(error, "original", error), DomainError), error
    return str(message.content)


def dms(actor: Any) -> list[discord.Message]:
    user = actor.user if hasattr(actor, "user") else actor
    history: list[discord.Message] = user.dm_channel.history()
    return history


def titled(actor: Any, title: str) -> discord.Message:
    """The newest DM whose embed has this title (other cogs may DM in between)."""
    found = [m for m in dms(actor) if m.embeds and m.embeds[0].title == title]
    assert found, (title, [m.embeds[0].title if m.embeds else m.content for m in dms(actor)])
    return found[-1]


def button_labels(message: discord.Message) -> list[str]:
    return [
        child.label or ""
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    ]


def pdf_strings(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (page streams are zlib-compressed), with the
    lines joined by single spaces so that wrapped sentences can be searched."""
    pieces = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        body = match.group(1)
        try:
            body = zlib.decompress(body)
        except zlib.error:
            continue
        for shown in re.finditer(rb"\(((?:\\.|[^\\)])*)\) Tj", body):
            text = re.sub(rb"\\(.)", rb"\1", shown.group(1))
            pieces.append(text.decode("latin-1"))
    return " ".join(" ".join(pieces).split())


async def file_bytes(path: str | Path | None) -> bytes:
    return await asyncio.to_thread(Path(path or "").read_bytes)


def append_byte(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\n")


async def state() -> list[Any]:
    """Everything a contract action may change, to prove that a refusal changed nothing."""
    contracts = await Contract.all().order_by("id").values_list("id", "status", "sha256", "terms")
    signatures = await Signature.all().order_by("id").values_list("id", "contract_id", "user_id")
    listings = await Listing.all().order_by("id").values_list("id", "status")
    offers = await Offer.all().order_by("id").values_list("id", "status")
    return [
        *contracts,
        *signatures,
        *listings,
        *offers,
        ("escrows", await Escrow.all().count()),
        ("audit", await AuditLog.all().count()),
    ]


@dataclass
class Deal:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    seller: simcord.MemberActor
    buyer: simcord.MemberActor
    stranger: simcord.MemberActor
    guild_row: Guild
    seller_row: User
    buyer_row: User
    listing: Listing
    offer: Offer


async def deal(
    env: simcord.Env,
    *,
    amount: int = 40_000,
    tiers: tuple[KycTier, KycTier] = (KycTier.TIER_1, KycTier.TIER_1),
    seller_name: str = "seller",
    fee_bps: int | None = None,
    inspection_days: int | None = None,
    accepted: bool = True,
) -> Deal:
    """A guild with a seller, a buyer and a stranger, and an ACCEPTED offer (listing INACTIVE)."""
    guild = env.create_guild("Market")
    channel = guild.create_text_channel("market")
    seller = guild.add_member(env.create_user("seller"))
    buyer = guild.add_member(env.create_user("buyer"))
    stranger = guild.add_member(env.create_user("stranger"))
    await env.settle()  # the guild admin cog registers the guild (and its settings)
    guild_row = await Guild.get(discord_id=guild.id)
    settings = await guild_row.get_settings()
    if fee_bps is not None:
        settings.platform_fee_bps = fee_bps
    if inspection_days is not None:
        settings.inspection_days = inspection_days
    await settings.save()
    seller_row = await make_user(
        discord_id=seller.id,
        username=seller_name,
        kyc_tier=tiers[0],
        roblox_user_id=5_001,
        roblox_username="SellerOnRoblox",
    )
    buyer_row = await make_user(
        discord_id=buyer.id,
        username="buyer",
        kyc_tier=tiers[1],
        roblox_user_id=5_002,
        roblox_username="BuyerOnRoblox",
    )
    await make_user(discord_id=stranger.id, username="stranger")
    snapshot = await RobloxSnapshot.create(
        asset_type=RobloxAssetType.GAME,
        asset_id=777,
        name="Obby Tycoon",
        owner_type=RobloxOwnerType.USER,
        owner_id=5_001,
        data={"visits": 1_234_567, "playing": 42, "url": "https://www.roblox.com/games/778"},
    )
    listing = await make_listing(
        seller=seller_row,
        guild=guild_row,
        price=max(amount, 50_000),
        status=ListingStatus.INACTIVE if accepted else ListingStatus.ACTIVE,
        asset_type=RobloxAssetType.GAME,
        asset_id=777,
        snapshot=snapshot,
    )
    offer = await make_offer(
        listing=listing,
        buyer=buyer_row,
        amount=amount,
        status=OfferStatus.ACCEPTED if accepted else OfferStatus.PENDING,
        conditions="Transfer within 24 h",
    )
    return Deal(
        env,
        guild,
        channel,
        seller,
        buyer,
        stranger,
        guild_row,
        seller_row,
        buyer_row,
        listing,
        offer,
    )


async def contract_for(d: Deal) -> Contract:
    """What the `offer_accepted` event does (the handler, called as the dispatch would)."""
    cog = app(d.env).get_cog("Contracts")
    assert isinstance(cog, Contracts)
    await cog.on_offer_accepted(d.offer.id)
    await d.env.settle()
    return await Contract.get(offer_id=d.offer.id)


def contract_dm(actor: Any, contract: Contract) -> discord.Message:
    return next(
        m
        for m in reversed(dms(actor))
        if m.embeds
        and m.embeds[0].footer.text
        and f"Contract #{contract.id} " in m.embeds[0].footer.text
        and button_labels(m) == ["Sign", "Void"]
    )


def assert_retired(d: Any, contract: Contract, note: str) -> None:
    """Every DM about the contract has lost its buttons, and the ones that had them say
    what happened."""
    for actor in (d.seller, d.buyer):
        about = [
            m
            for m in dms(actor)
            if m.embeds
            and m.embeds[0].footer.text
            and f"Contract #{contract.id} " in m.embeds[0].footer.text
        ]
        assert about and all(button_labels(m) == [] for m in about)
        assert any(note in (m.content or "") for m in about)


async def sign(actor: Any, message: discord.Message, phrase: str = "I AGREE") -> Any:
    shown = await actor.user.click(message, label="Sign")
    assert shown.modal is not None, shown
    return await actor.user.submit_modal(shown, {"contract_sign_phrase": phrase})


# --------------------------------------------------------------------------- creation


async def test_accepted_offer_gets_a_contract_pdf_and_both_parties_a_dm(
    env: simcord.Env, settings: Settings
) -> None:
    d = await deal(
        env, seller_name="sell🎉er “quotes”", fee_bps=250, inspection_days=5, accepted=False
    )
    # The real trigger: the seller accepts the offer; the offers cog dispatches the event.
    accepted = await d.seller.slash(d.channel, "offer accept", id=d.offer.id)
    assert accepted.ephemeral
    await env.settle()
    contract = await Contract.get(offer_id=d.offer.id)

    assert contract.status == ContractStatus.PENDING_SIGNATURE
    assert (contract.buyer_id, contract.seller_id, contract.listing_id, contract.amount) == (
        d.buyer_row.id,
        d.seller_row.id,
        d.listing.id,
        40_000,
    )
    assert contract.template_version == "1"
    assert contract.terms["rail"] == "STRIPE"
    assert contract.terms["inspection_days"] == 5
    assert contract.terms["platform_fee_bps"] == 250
    assert contract.terms["milestones"] == []
    assert contract.asset_snapshot["roblox"]["asset_id"] == 777
    assert contract.asset_snapshot["roblox"]["visits"] == 1_234_567

    # The file lives under <data_dir>/contracts and its SHA-256 is the stored one.
    path = Path(contract.pdf_path or "")
    assert path.parent == settings.contracts_dir.resolve()
    data = await file_bytes(path)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == contract.sha256
    text = pdf_strings(data)
    for expected in (
        f"Bloxtr8 Trade Contract #{contract.id}",
        "$400.00",
        "SellerOnRoblox",
        "BuyerOnRoblox",
        str(d.seller.id),
        str(d.buyer.id),
        'sell?er "quotes"',  # the emoji became "?", the curly quotes plain ones
        "inspection period of 5 days",
        "Transfer within 24 h",
        "Obby Tycoon",
        "1,234,567",
        "2.5% of the price",
        "moderator",
        "Template version",
    ):
        assert expected in text, expected

    # Both parties got a DM with the PDF and Sign / Void.
    for actor in (d.seller, d.buyer):
        message = contract_dm(actor, contract)
        assert message.embeds[0].title == f"Contract #{contract.id} is ready to sign"
        assert [a.filename for a in message.attachments] == [f"bloxtr8-contract-{contract.id}.pdf"]
        assert await message.attachments[0].read() == data
        custom_ids = [c.custom_id for row in message.components for c in row.children]  # type: ignore[union-attr]
        assert custom_ids == [f"contract:sign:{contract.id}", f"contract:void:{contract.id}"]
    assert await AuditLog.filter(action="contract.created", object_id=str(contract.id)).exists()

    # A second trigger changes nothing and sends nothing.
    before = (await state(), len(dms(d.seller)), len(dms(d.buyer)))
    await contract_for(d)
    again = await Contract.create_for_offer(
        d.offer.id, contracts_dir=settings.contracts_dir, rail_threshold_cents=1_000_000
    )
    assert again.id == contract.id and not again.was_created
    assert (await state(), len(dms(d.seller)), len(dms(d.buyer))) == before


async def test_the_sweep_makes_a_contract_that_acceptance_could_not(
    env: simcord.Env, settings: Settings
) -> None:
    """The PDF can't be written when the offer is accepted (a file stands where the
    contracts directory should be): the offer stays accepted without a contract, and the
    sweep makes it later, once, with the DMs."""
    d = await deal(env, accepted=False)
    folder = settings.contracts_dir
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"not a directory")
    accepted = await d.seller.slash(d.channel, "offer accept", id=d.offer.id)
    assert accepted.ephemeral
    await env.settle()
    assert not await Contract.filter(offer_id=d.offer.id).exists()
    assert (await Listing.get(id=d.listing.id)).status is ListingStatus.INACTIVE
    cog = app(env).get_cog("Contracts")
    assert isinstance(cog, Contracts)
    assert await cog.make_missing_contracts() == 0  # within grace

    folder.unlink()
    later = utcnow() + dt.timedelta(minutes=3)
    assert await Contract.offers_missing_one(later) == [d.offer.id]
    assert await cog.make_missing_contracts(later) == 1
    await env.settle()
    contract = await Contract.get(offer_id=d.offer.id)
    assert contract.status == ContractStatus.PENDING_SIGNATURE
    assert (await file_bytes(contract.pdf_path)).startswith(b"%PDF-")
    for actor in (d.seller, d.buyer):
        assert contract_dm(actor, contract).attachments
    before = (len(dms(d.seller)), len(dms(d.buyer)))
    assert await Contract.offers_missing_one(later) == []
    assert await cog.make_missing_contracts(later) == 0
    assert (len(dms(d.seller)), len(dms(d.buyer))) == before
    # Offers accepted long ago are not looked at (the scan is bounded by time).
    assert await Contract.offers_missing_one(later + dt.timedelta(days=31)) == []


async def test_concurrent_creation_makes_one_contract(db: str, tmp_path: Path) -> None:
    listing = await make_listing(status=ListingStatus.INACTIVE)
    offer = await make_offer(listing=listing, status=OfferStatus.ACCEPTED)
    results = await asyncio.gather(
        *(
            Contract.create_for_offer(
                offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
            )
            for _ in range(6)
        )
    )
    assert len({c.id for c in results}) == 1
    assert sum(c.was_created for c in results) == 1
    assert await Contract.all().count() == 1
    assert await AuditLog.filter(action="contract.created").count() == 1


async def test_no_contract_for_an_offer_that_is_not_accepted(db: str, tmp_path: Path) -> None:
    offer = await make_offer()
    with pytest.raises(InvalidState, match="not accepted"):
        await Contract.create_for_offer(
            offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
        )
    with pytest.raises(NotFound):
        await Contract.create_for_offer(
            987_654, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
        )
    assert await Contract.all().count() == 0


def test_pdf_text_is_latin1_safe() -> None:
    assert pdf_text("a🎉b “c” — d…") == 'a?b "c" - d...'
    assert pdf_text("Zoë") == "Zoë"
    pdf_text("x\x00y").encode("latin-1")


# --------------------------------------------------------------------------- signing


async def test_both_sign_through_buttons_and_the_contract_executes(
    env: simcord.Env, settings: Settings
) -> None:
    d = await deal(env, fee_bps=300)
    contract = await contract_for(d)
    opened: list[int] = []

    async def on_escrow_opened(escrow_id: int) -> None:
        opened.append(escrow_id)

    app(env).add_listener(on_escrow_opened, "on_escrow_opened")

    # A wrong phrase is refused and signs nothing.
    seller_dm = contract_dm(d.seller, contract)
    before = await state()
    wrong = await sign(d.seller, seller_dm, phrase="I agree to nothing")
    assert "To sign, type `I AGREE`" in refusal(env, wrong)
    assert await state() == before

    # The seller signs (case and spacing forgiven); the buyer is told their signature is last.
    signed = await sign(d.seller, seller_dm, phrase="  i   agree ")
    assert signed.ephemeral and f"You signed contract #{contract.id}" in signed.response.content
    signature = await Signature.get(contract_id=contract.id)
    assert signature.user_id == d.seller_row.id
    assert signature.method.value == "DISCORD_NATIVE"
    assert signature.interaction_id is not None and signature.signed_at is not None
    await contract.refresh_from_db()
    assert contract.status == ContractStatus.PENDING_SIGNATURE
    buyer_note = titled(d.buyer, f"The seller signed contract #{contract.id}")
    assert button_labels(buyer_note) == ["Sign", "Void"]
    assert opened == []

    # Signing twice is refused before the form, and changes nothing.
    before = await state()
    again = await d.seller.user.click(seller_dm, label="Sign")
    assert refusal(env, again) == f"You already signed contract #{contract.id}."
    assert await state() == before

    # The buyer signs from the newest DM: executed, escrow opened in the same transaction.
    done = await sign(d.buyer, buyer_note)
    assert done.ephemeral and "executed" in done.response.content
    await env.settle()
    await contract.refresh_from_db()
    assert contract.status == ContractStatus.EXECUTED and contract.executed_at is not None
    escrow = await Escrow.get(contract_id=contract.id)
    assert (escrow.status, escrow.rail, escrow.currency) == (
        EscrowStatus.AWAIT_FUNDS,
        EscrowRail.STRIPE,
        Currency.USD,
    )
    assert (escrow.amount, escrow.fee_bps, escrow.guild_id) == (40_000, 300, d.guild_row.id)
    assert (escrow.buyer_id, escrow.seller_id) == (d.buyer_row.id, d.seller_row.id)
    assert await StripeEscrow.filter(escrow=escrow).exists()
    assert await MilestoneEscrow.filter(escrow=escrow).count() == 0
    assert await EscrowEvent.filter(escrow=escrow, kind="opened").exists()
    assert opened == [escrow.id]
    assert await Signature.filter(contract_id=contract.id).count() == 2
    for actor in (d.seller, d.buyer):
        news = titled(actor, f"Contract #{contract.id} is executed")
        assert f"escrow #{escrow.id}" in (news.embeds[0].description or "")
        assert button_labels(news) == []
    actions = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str],
        await AuditLog.filter(object_type="contract")
        .order_by("id")
        .values_list("action", flat=True),
    )
    assert actions == [
        "contract.created",
        "contract.signed",
        "contract.signed",
        "contract.executed",
    ]
    assert await AuditLog.filter(action="escrow.opened", object_id=str(escrow.id)).exists()

    # Old messages say what happened and lose Sign and Void; the commands (which the
    # buttons call) refuse, and nothing changes.
    before = await state()
    assert_retired(d, contract, "is executed")
    late_sign = await d.buyer.slash(d.channel, "contract sign", id=contract.id)
    assert "is executed" in refusal(env, late_sign)
    slash_void = await d.buyer.slash(d.channel, "contract void", id=contract.id)
    assert "can't void it anymore" in refusal(env, slash_void)
    assert await state() == before


async def test_high_value_deal_goes_to_usdc_and_needs_tier2_on_both_sides(
    env: simcord.Env,
) -> None:
    d = await deal(env, amount=1_200_000, tiers=(KycTier.TIER_1, KycTier.TIER_2))
    contract = await contract_for(d)
    assert contract.terms["rail"] == "USDC_BASE"
    assert "USDC stablecoin on the Base network" in pdf_strings(await file_bytes(contract.pdf_path))

    # The seller isn't TIER_2: refused before the form (the seller) and at signing (the buyer).
    before = await state()
    seller_try = await d.seller.user.click(contract_dm(d.seller, contract), label="Sign")
    assert "You need TIER_2 to sign a deal paid in USDC" in refusal(env, seller_try)
    buyer_try = await sign(d.buyer, contract_dm(d.buyer, contract))
    text = refusal(env, buyer_try)
    assert "paid in USDC" in text and "The seller isn't verified yet" in text
    assert await state() == before

    # Staff verify the seller; both sign; the escrow is on the USDC rail.
    await User.filter(id=d.seller_row.id).update(kyc_tier=KycTier.TIER_2)
    await sign(d.seller, contract_dm(d.seller, contract))
    # The buyer signs with `/contract sign` instead of the button.
    form = await d.buyer.slash(d.channel, "contract sign", id=contract.id)
    assert form.modal is not None
    done = await d.buyer.submit_modal(form, {"contract_sign_phrase": "I AGREE"})
    assert done.ephemeral and "executed" in reply(done).content
    escrow = await Escrow.get(contract_id=contract.id)
    assert (escrow.rail, escrow.currency, escrow.amount, escrow.status) == (
        EscrowRail.USDC_BASE,
        Currency.USDC,
        1_200_000,
        EscrowStatus.AWAIT_FUNDS,
    )
    assert not await StripeEscrow.filter(escrow=escrow).exists()


async def test_tier_is_checked_again_at_the_second_signature(db: str, tmp_path: Path) -> None:
    """Verified when the first party signed, revoked before the second: refused."""
    seller = await make_user(kyc_tier=KycTier.TIER_2)
    buyer = await make_user(kyc_tier=KycTier.TIER_2)
    listing = await make_listing(seller=seller, price=1_500_000, status=ListingStatus.INACTIVE)
    offer = await make_offer(
        listing=listing, buyer=buyer, amount=1_500_000, status=OfferStatus.ACCEPTED
    )
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
    )
    await contract.sign(by=seller, rail_threshold_cents=1_000_000)
    await User.filter(id=seller.id).update(kyc_tier=KycTier.TIER_1)
    with pytest.raises(NotAllowed, match="The seller isn't verified yet"):
        await contract.sign(by=buyer, rail_threshold_cents=1_000_000)
    await contract.refresh_from_db()
    assert contract.status == ContractStatus.PENDING_SIGNATURE
    assert await Escrow.all().count() == 0
    assert await Signature.all().count() == 1


async def test_signature_on_changed_terms_is_refused(db: str, tmp_path: Path) -> None:
    listing = await make_listing(status=ListingStatus.INACTIVE, price=200_000)
    offer = await make_offer(listing=listing, amount=200_000, status=OfferStatus.ACCEPTED)
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
    )
    seller = await User.get(id=contract.seller_id)
    buyer = await User.get(id=contract.buyer_id)
    shown = contract.sha256
    await contract.set_milestones(
        by=seller, milestones=[("A", 100_000), ("B", 100_000)], contracts_dir=tmp_path
    )
    with pytest.raises(InvalidState, match="changed while you were signing"):
        await contract.sign(by=buyer, rail_threshold_cents=1_000_000, expected_sha256=shown)
    assert await Signature.all().count() == 0
    await contract.sign(by=buyer, rail_threshold_cents=1_000_000, expected_sha256=contract.sha256)
    assert await Signature.all().count() == 1


async def test_both_parties_signing_at_once_open_exactly_one_escrow(
    db: str, tmp_path: Path
) -> None:
    """Both signers are held up at the same point (the test locks the audit table, which
    each signer writes right after inserting its signature), then released together.
    Only the contract's row lock keeps the second signer from counting signatures before
    the first one committed; without it neither sees two signatures and the contract
    never executes (this test fails when the lock in `Contract.sign` is removed)."""
    listing = await make_listing(status=ListingStatus.INACTIVE)
    offer = await make_offer(listing=listing, status=OfferStatus.ACCEPTED)
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
    )
    seller = await User.get(id=contract.seller_id)
    buyer = await User.get(id=contract.buyer_id)
    copies = [await Contract.get(id=contract.id) for _ in range(2)]
    lock_audit = "LOCK TABLE audit_logs IN SHARE ROW EXCLUSIVE MODE"
    async with holding(lambda conn: conn.execute_script(lock_audit)):
        attempts = [
            asyncio.create_task(copies[0].sign(by=seller, rail_threshold_cents=1_000_000)),
            asyncio.create_task(copies[1].sign(by=buyer, rail_threshold_cents=1_000_000)),
        ]
        await wait_for_lock_waiters(2)
    results = await asyncio.gather(*attempts)
    assert sorted(r.executed for r in results) == [False, True]
    assert await Escrow.filter(contract_id=contract.id).count() == 1
    await contract.refresh_from_db()
    assert contract.status == ContractStatus.EXECUTED


async def test_the_same_party_signing_twice_at_once_signs_once(db: str, tmp_path: Path) -> None:
    listing = await make_listing(status=ListingStatus.INACTIVE)
    offer = await make_offer(listing=listing, status=OfferStatus.ACCEPTED)
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=tmp_path, rail_threshold_cents=1_000_000
    )
    seller = await User.get(id=contract.seller_id)
    copies = [await Contract.get(id=contract.id) for _ in range(5)]
    results = await asyncio.gather(
        *(c.sign(by=seller, rail_threshold_cents=1_000_000) for c in copies),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    errors = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(e, InvalidState) and "already signed" in str(e) for e in errors)
    assert await Signature.all().count() == 1
    assert await AuditLog.filter(action="contract.signed").count() == 1


# --------------------------------------------------------------------------- milestones


async def test_milestones_change_the_terms_and_reach_the_escrow(env: simcord.Env) -> None:
    d = await deal(env, amount=200_000)
    contract = await contract_for(d)
    first_sha, first_path = contract.sha256, contract.pdf_path

    done = await d.buyer.slash(
        d.channel, "contract milestones", id=contract.id, spec="Map design: $500; Scripts: $1,500"
    )
    assert done.ephemeral and "now has 2 milestones" in reply(done).content
    await contract.refresh_from_db()
    assert contract.terms["milestones"] == [
        {"title": "Map design", "amount": 50_000},
        {"title": "Scripts", "amount": 150_000},
    ]
    assert contract.terms["revision"] == 2
    assert contract.sha256 != first_sha and contract.pdf_path != first_path
    data = await file_bytes(contract.pdf_path)
    assert hashlib.sha256(data).hexdigest() == contract.sha256
    text = pdf_strings(data)
    assert "Map design" in text and "$1,500.00" in text and "Terms revision" in text
    assert await file_bytes(first_path)  # the first revision is kept
    # The reply carries the new PDF; the seller is told, with the PDF and the buttons.
    assert [a.filename for a in reply(done).attachments] == [f"bloxtr8-contract-{contract.id}.pdf"]
    note = titled(d.seller, f"The buyer changed the terms of contract #{contract.id}")
    assert await note.attachments[0].read() == data
    assert button_labels(note) == ["Sign", "Void"]
    change = await AuditLog.get(action="contract.terms_changed", object_id=str(contract.id))
    assert change.before["sha256"] == first_sha and change.after["sha256"] == contract.sha256

    # Both sign: the escrow gets the milestone rows.
    await sign(d.seller, note)
    await sign(d.buyer, contract_dm(d.buyer, contract))
    escrow = await Escrow.get(contract_id=contract.id)
    rows = await MilestoneEscrow.filter(escrow=escrow).order_by("position")
    assert [(m.position, m.title, m.amount) for m in rows] == [
        (1, "Map design", 50_000),
        (2, "Scripts", 150_000),
    ]


async def test_milestone_refusals_change_nothing(env: simcord.Env) -> None:
    d = await deal(env, amount=200_000)
    contract = await contract_for(d)
    cases = [
        ("Map: $500; Scripts: $1,000", "add up to $1,500.00, but the price is $2,000.00"),
        ("Map: $500; Scripts: $1,600", "($100.00 over it)"),
        ("Map: $abc; Scripts: $1,500", "Milestone 1 (“Map”): `$abc` isn't an amount I can read"),
        ("Map: $5.001; Scripts: $1,995", "more than two decimals"),
        ("Map: $0; Scripts: $2,000", "must be more than $0.00"),
        ("Everything: $2,000", "2 to 10 milestones; you gave 1"),
        ("; ".join(f"Part {i}: $100" for i in range(20)), "you gave 20"),
        (f"{'x' * 101}: $500; Rest: $1,500", "the limit is 100"),
        ("Map $500; Scripts: $1,500", "needs a title and an amount"),
    ]
    before = (await state(), len(dms(d.seller)))
    for spec, expected in cases:
        result = await d.buyer.slash(d.channel, "contract milestones", id=contract.id, spec=spec)
        assert expected in refusal(env, result), (spec, reply(result).content)
    assert (await state(), len(dms(d.seller))) == before

    # A stranger can't touch them; once someone signed, nobody can.
    nosy = await d.stranger.slash(
        d.channel, "contract milestones", id=contract.id, spec="A: $1,000; B: $1,000"
    )
    assert refusal(env, nosy) == f"There's no contract #{contract.id} of yours."
    await sign(d.seller, contract_dm(d.seller, contract))
    signed_before = await state()
    late = await d.buyer.slash(
        d.channel, "contract milestones", id=contract.id, spec="A: $1,000; B: $1,000"
    )
    assert "already has a signature" in refusal(env, late)
    assert await state() == signed_before


def test_parse_milestones() -> None:
    assert parse_milestones("Map design: $500; Scripts: $1,500", 200_000) == [
        ("Map design", 50_000),
        ("Scripts", 150_000),
    ]
    # New lines work as separators; a colon inside a title is kept; spaces are tidied.
    assert parse_milestones("Phase 1: map:  $1,000.50\nPhase  2: 999.50", 200_000) == [
        ("Phase 1: map", 100_050),
        ("Phase 2", 99_950),
    ]
    assert parse_milestones("none", 200_000) == []
    with pytest.raises(InvalidAmount, match="must add up to the price exactly"):
        parse_milestones("A: 1; B: 2", 200_000)
    with pytest.raises(DomainError, match="for example"):
        parse_milestones(" ; ", 200_000)


# --------------------------------------------------------------------------- voiding


async def test_void_before_both_signed_reopens_the_listing(env: simcord.Env) -> None:
    d = await deal(env)
    contract = await contract_for(d)
    await sign(d.seller, contract_dm(d.seller, contract))

    # The buyer presses Void: a confirmation form with an optional reason.
    shown = await d.buyer.user.click(contract_dm(d.buyer, contract), label="Void")
    assert shown.modal is not None
    voided = await d.buyer.user.submit_modal(shown, {"contract_void_reason": "Changed my mind"})
    assert voided.ephemeral
    assert "You voided contract" in voided.response.content
    assert "back on the market" in voided.response.content
    await contract.refresh_from_db()
    await d.listing.refresh_from_db()
    await d.offer.refresh_from_db()
    assert contract.status == ContractStatus.VOID and contract.voided_at is not None
    assert d.listing.status == ListingStatus.ACTIVE
    assert d.offer.status == OfferStatus.ACCEPTED
    assert await Escrow.all().count() == 0
    for actor in (d.seller, d.buyer):
        news = titled(actor, f"Contract #{contract.id} was voided")
        assert "Changed my mind" in (news.embeds[0].description or "")
    audit = await AuditLog.get(action="contract.voided", object_id=str(contract.id))
    assert audit.after["reason"] == "Changed my mind" and audit.after["by"] == "buyer"
    assert await AuditLog.filter(action="listing.reactivated", object_id=str(d.listing.id)).exists()

    # Old messages lose Sign and Void and say so; the commands refuse; nothing changes.
    before = await state()
    assert_retired(d, contract, "was voided")
    stale_sign = await d.buyer.slash(d.channel, "contract sign", id=contract.id)
    assert refusal(env, stale_sign) == f"Contract #{contract.id} was voided, so you can't sign it."
    stale_void = await d.seller.slash(d.channel, "contract void", id=contract.id)
    assert "was voided" in refusal(env, stale_void)
    slash_sign = await d.seller.slash(d.channel, "contract sign", id=contract.id)
    assert "was voided" in refusal(env, slash_sign)
    assert await state() == before


async def test_void_by_slash_command_without_reason(env: simcord.Env) -> None:
    d = await deal(env)
    contract = await contract_for(d)
    done = await d.seller.slash(d.channel, "contract void", id=contract.id)
    assert done.ephemeral and "You voided contract" in reply(done).content
    await contract.refresh_from_db()
    assert contract.status == ContractStatus.VOID
    news = titled(d.buyer, f"Contract #{contract.id} was voided")
    assert "The seller called the deal off" in (news.embeds[0].description or "")


# --------------------------------------------------------------------------- strangers


async def test_non_parties_are_refused_everywhere(env: simcord.Env) -> None:
    d = await deal(env)
    contract = await contract_for(d)
    newcomer = d.guild.add_member(env.create_user("newcomer"))
    before = await state()
    theirs = f"There's no contract #{contract.id} of yours."
    for name in ("contract view", "contract sign", "contract void", "contract verify"):
        result = await d.stranger.slash(d.channel, name, id=contract.id)
        assert refusal(env, result) == theirs, name
        unknown = await d.buyer.slash(d.channel, name, id=987_654)
        assert refusal(env, unknown) == "There's no contract #987654 of yours.", name
        no_account = await newcomer.slash(d.channel, name, id=contract.id)
        assert refusal(env, no_account).startswith("You haven't signed up yet."), name

    # Sign / Void buttons seen by someone else (e.g. a forwarded or shared message).
    channel = env.bot.get_channel(d.channel.id)
    assert isinstance(channel, discord.TextChannel)
    from bot.cogs.contracts.views import signing_view

    posted = await channel.send("buttons", view=signing_view(contract.id))
    await env.settle()
    for label in ("Sign", "Void"):
        result = await d.stranger.click(posted, label=label)
        assert refusal(env, result) == theirs, label
    assert await state() == before


# --------------------------------------------------------------------------- reading


async def test_view_list_and_verify(env: simcord.Env, settings: Settings) -> None:
    d = await deal(env)
    contract = await contract_for(d)

    assert contract.sha256 is not None
    shown = await d.buyer.slash(d.channel, "contract view", id=contract.id)
    assert shown.ephemeral
    embed = reply(shown).embeds[0]
    assert embed.title == f"Contract #{contract.id}"
    fields = fields_of(embed)
    assert fields["Status"] == "Waiting for signatures"
    assert fields["Price"] == "$400.00"
    assert "has not signed" in fields["Signatures"]
    assert contract.sha256 in fields["PDF SHA-256"]
    assert [a.filename for a in reply(shown).attachments] == [f"bloxtr8-contract-{contract.id}.pdf"]
    await sign(d.seller, contract_dm(d.seller, contract))
    shown = await d.buyer.slash(d.channel, "contract view", id=contract.id)
    fields = fields_of(reply(shown).embeds[0])
    assert f"✅ Seller <@{d.seller.id}> signed" in fields["Signatures"]

    listed = await d.seller.slash(d.channel, "contract list")
    assert listed.ephemeral
    assert f"`#{contract.id}`" in (reply(listed).embeds[0].description or "")
    assert "you are the seller" in (reply(listed).embeds[0].description or "")
    empty = await d.stranger.slash(d.channel, "contract list")
    assert "no contracts" in (reply(empty).embeds[0].description or "")

    ok = await d.buyer.slash(d.channel, "contract verify", id=contract.id)
    assert ok.ephemeral and reply(ok).content.startswith("✅")
    assert contract.sha256 in reply(ok).content

    # One byte appended to the stored file: verify reports the mismatch, view warns.
    path = Path(contract.pdf_path or "")
    await asyncio.to_thread(append_byte, path)
    tampered = await d.seller.slash(d.channel, "contract verify", id=contract.id)
    assert tampered.ephemeral and reply(tampered).content.startswith("⚠️")
    assert "does not match the stored hash" in reply(tampered).content
    assert hashlib.sha256(await file_bytes(path)).hexdigest() in reply(tampered).content
    warned = await d.buyer.slash(d.channel, "contract view", id=contract.id)
    assert "can't be trusted" in (reply(warned).embeds[0].description or "")

    # Platform staff may verify any contract; a missing file is reported as such.
    staff = d.guild.add_member(env.create_user("staff"))
    settings.staff_user_ids = [staff.id]
    await asyncio.to_thread(path.unlink)
    gone = await staff.slash(d.channel, "contract verify", id=contract.id)
    assert gone.ephemeral and "the stored PDF file is missing" in reply(gone).content

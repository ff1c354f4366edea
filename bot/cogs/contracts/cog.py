"""`/contract …`, the contract made for an accepted offer, and the flows behind the buttons."""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import jobs
from bot.cogs.contracts.embeds import contract_embed, list_embed
from bot.cogs.contracts.views import SignContractModal, VoidContractModal, signing_view
from bot.cogs.escrow.opening import tell_escrow_opened
from bot.ui.notify import sent_after, tell
from bot.ui.retire import contract_buttons, retire
from models import Contract, Listing, Signature, User, storage
from models.contract import SIGN_PHRASE, Signing, parse_milestones
from models.enums import ContractStatus, EscrowRail, ListingStatus
from models.errors import DomainError
from models.money import format_amount

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot
    from models import Escrow

log = logging.getLogger(__name__)

SIGN_HELP = (
    "Read the attached PDF. Press **Sign** and type `I AGREE` to sign, or **Void** to call "
    "the deal off."
)


def sign_help_without_pdf(contract_id: int) -> str:
    return (
        f"`/contract view id:{contract_id}` shows the PDF. Press **Sign** and type `I AGREE` "
        "to sign, or **Void** to call the deal off."
    )


class Contracts(
    commands.GroupCog, group_name="contract", group_description="Trade contracts: view and sign"
):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.jobs.every(300, "contract-sweep", self.make_missing_contracts)

    async def cog_unload(self) -> None:
        self.bot.jobs.cancel("contract-sweep")

    # ------------------------------------------------------------------ the trigger

    @commands.Cog.listener()
    async def on_offer_accepted(self, offer_id: int) -> None:
        """The offers cog accepted an offer: make its contract and send it to both parties."""
        try:
            await self.make_contract(offer_id)
        except Exception:  # a disk or database error: the sweep tries again in a few minutes
            log.exception("Contract for offer %s not made yet", offer_id)

    async def make_contract(self, offer_id: int) -> bool:
        """The contract of an accepted offer, sent to both parties; False when it already
        existed (another process or an earlier call made it) or can't be made."""

        async def tell_ready(contract: Contract, conn: BaseDBAsyncClient) -> None:
            for user_id in (contract.seller_id, contract.buyer_id):
                await self.notify(
                    contract,
                    user_id,
                    title=f"Contract #{contract.id} is ready to sign",
                    description=SIGN_HELP,
                    with_pdf=True,
                    buttons=True,
                    conn=conn,
                )

        try:
            async with sent_after(self.bot):
                contract = await Contract.create_for_offer(
                    offer_id,
                    contracts_dir=self.bot.settings.contracts_dir,
                    rail_threshold_cents=self.bot.settings.rail_threshold_cents,
                    platform_fee_bps=self.bot.settings.platform_fee_bps,
                    guild_fee_cap_bps=self.bot.settings.guild_fee_cap_bps,
                    then=tell_ready,
                )
        except DomainError as exc:
            log.warning("No contract for offer %s: %s", offer_id, exc.message)
            return False
        if not contract.was_created:
            return False
        log.info("Contract %s created for offer %s", contract.id, offer_id)
        return True

    async def make_missing_contracts(self, now: dt.datetime | None = None) -> int:
        """The contract sweep job (bot/jobs.py): contracts acceptance didn't get to."""
        return await jobs.missing_contracts(self.make_contract, now)

    # ------------------------------------------------------------------ commands

    @app_commands.command(name="view", description="Show one of your contracts with its PDF")
    @app_commands.rename(contract_id="id")
    @app_commands.describe(contract_id="The contract number")
    async def view(self, interaction: discord.Interaction[Any], contract_id: int) -> None:
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        check = await contract.verify_file()
        description = None
        if not check.ok:
            description = f"⚠️ The stored PDF can't be trusted: {check.problem}."
        elif contract.status == ContractStatus.PENDING_SIGNATURE:
            description = SIGN_HELP
        kwargs: dict[str, Any] = {
            "embed": await self.embed(contract, f"Contract #{contract.id}", description)
        }
        pdf = await self.pdf_file(contract)
        if pdf is not None:
            kwargs["file"] = pdf
        if contract.status == ContractStatus.PENDING_SIGNATURE:
            kwargs["view"] = signing_view(contract.id)
        await interaction.response.send_message(ephemeral=True, **kwargs)

    @app_commands.command(name="sign", description="Sign one of your contracts")
    @app_commands.rename(contract_id="id")
    @app_commands.describe(contract_id="The contract number")
    async def sign(self, interaction: discord.Interaction[Any], contract_id: int) -> None:
        await self.start_signing(interaction, contract_id)

    @app_commands.command(name="void", description="Call off a contract before both signed")
    @app_commands.rename(contract_id="id")
    @app_commands.describe(
        contract_id="The contract number", reason="Why (optional, shown to the other party)"
    )
    async def void(
        self,
        interaction: discord.Interaction[Any],
        contract_id: int,
        reason: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        await self.void_contract(interaction, contract_id, reason)

    @app_commands.command(name="list", description="Your contracts, newest first")
    async def list_contracts(self, interaction: discord.Interaction[Any]) -> None:
        user = await User.require(interaction.user.id)
        contracts = await Contract.listed_for(user)
        await interaction.response.send_message(embed=list_embed(contracts, user), ephemeral=True)

    @app_commands.command(name="verify", description="Check a contract's PDF against its hash")
    @app_commands.rename(contract_id="id")
    @app_commands.describe(contract_id="The contract number")
    async def verify(self, interaction: discord.Interaction[Any], contract_id: int) -> None:
        staff = self.bot.is_staff(interaction.user)
        user = await User.by_discord_id(interaction.user.id)
        if user is None and not staff:
            await User.require(interaction.user.id)  # the sign-up refusal
        contract = await Contract.get_visible(contract_id, user, staff=staff)
        check = await contract.verify_file()
        if check.ok:
            message = (
                f"✅ Contract #{contract.id}: the stored PDF matches its SHA-256 "
                f"`{check.stored}`. It has not been changed."
            )
        else:
            actual = f"\nThe file's SHA-256 is now `{check.actual}`." if check.actual else ""
            message = (
                f"⚠️ Contract #{contract.id} does not verify: {check.problem}.\n"
                f"Stored SHA-256: `{check.stored}`.{actual}"
            )
        await interaction.response.send_message(message, ephemeral=True)

    @app_commands.command(
        name="milestones", description="Split the price into milestones (before anyone signs)"
    )
    @app_commands.rename(contract_id="id")
    @app_commands.describe(
        contract_id="The contract number",
        spec="e.g. Map design: $500; Scripts: $1,500 (must add up to the price), or none",
    )
    async def milestones(
        self,
        interaction: discord.Interaction[Any],
        contract_id: int,
        spec: app_commands.Range[str, 1, 1500],
    ) -> None:
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        pairs = parse_milestones(
            spec, contract.amount, ceiling_cents=self.bot.settings.max_amount_cents
        )
        await contract.set_milestones(
            by=user, milestones=pairs, contracts_dir=self.bot.settings.contracts_dir
        )
        summary = (
            f"{len(pairs)} milestones adding up to {format_amount(contract.amount)}"
            if pairs
            else "no milestones (one payment)"
        )
        kwargs: dict[str, Any] = {
            "embed": await self.embed(contract, f"Contract #{contract.id}: new terms", SIGN_HELP)
        }
        pdf = await self.pdf_file(contract)
        if pdf is not None:
            kwargs["file"] = pdf
        await interaction.response.send_message(
            f"Contract #{contract.id} now has {summary}. The PDF was updated and the other "
            "party was told.",
            ephemeral=True,
            **kwargs,
        )
        role = contract.role_of(user.id)
        await self.notify(
            contract,
            contract.other_party_id(user.id),
            title=f"The {role} changed the terms of contract #{contract.id}",
            description=f"It now has {summary}. {SIGN_HELP}",
            with_pdf=True,
            buttons=True,
        )

    # ------------------------------------------------------------------ flows

    async def start_signing(self, interaction: discord.Interaction[Any], contract_id: int) -> None:
        """Refuse early, or show the form where the user types I AGREE."""
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        signed = await Signature.exists(contract_id=contract.id, user_id=user.id)
        contract.check_can_sign(
            user, rail_threshold_cents=self.bot.settings.rail_threshold_cents, signed=signed
        )
        await interaction.response.send_modal(SignContractModal(contract.id, contract.sha256))

    async def finish_signing(
        self,
        interaction: discord.Interaction[Any],
        contract_id: int,
        phrase: str,
        sha256: str | None,
    ) -> None:
        if " ".join((phrase or "").split()).upper() != SIGN_PHRASE:
            raise DomainError(
                f"To sign, type `{SIGN_PHRASE}` in the box. Nothing was signed; press Sign "
                "again when you're ready."
            )
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        other = contract.other_party_id(user.id)
        role = contract.role_of(user.id)

        async def tell_parties(signing: Signing, conn: BaseDBAsyncClient) -> None:
            signed, escrow = signing.contract, signing.escrow
            if escrow is None:
                await self.notify(
                    signed,
                    other,
                    title=f"The {role} signed contract #{signed.id}",
                    description="Your signature is the last one needed. "
                    + sign_help_without_pdf(signed.id),
                    with_pdf=False,
                    buttons=True,
                    conn=conn,
                )
                return
            await self.retire_contract(
                signed, f"✅ Contract #{signed.id} is executed: both parties signed.", conn
            )
            for user_id in (signed.seller_id, signed.buyer_id):
                await self.notify(
                    signed,
                    user_id,
                    title=f"Contract #{signed.id} is executed",
                    description=executed_words(signed, escrow, user_id),
                    with_pdf=False,
                    buttons=False,
                    conn=conn,
                )
            await tell_escrow_opened(self.bot, escrow, conn)  # besides the new escrow's cards

        async with sent_after(self.bot):
            result = await contract.sign(
                by=user,
                interaction_id=interaction.id,
                rail_threshold_cents=self.bot.settings.rail_threshold_cents,
                expected_sha256=sha256,
                then=tell_parties,
            )
            if result.escrow is None:
                await interaction.response.send_message(
                    f"You signed contract #{contract.id}. It is executed as soon as the other "
                    "party signs too.",
                    ephemeral=True,
                )
                return
            await interaction.response.send_message(
                f"You signed contract #{contract.id}. Both parties have signed, so it is "
                f"executed and escrow #{result.escrow.id} is open.",
                ephemeral=True,
            )
        self.bot.dispatch("escrow_opened", result.escrow.id)

    async def start_voiding(self, interaction: discord.Interaction[Any], contract_id: int) -> None:
        """Refuse early, or ask for confirmation (and an optional reason)."""
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        contract.check_can_void(user)
        await interaction.response.send_modal(VoidContractModal(contract.id))

    async def void_contract(
        self, interaction: discord.Interaction[Any], contract_id: int, reason: str | None
    ) -> None:
        user = await User.require(interaction.user.id)
        contract = await Contract.for_party(contract_id, user)
        role = contract.role_of(user.id)
        because = f" Reason: {reason.strip()}" if reason and reason.strip() else ""

        async def tell_parties(voided: Contract, conn: BaseDBAsyncClient) -> None:
            await self.retire_contract(voided, f"❌ Contract #{voided.id} was voided.", conn)
            for user_id in (voided.seller_id, voided.buyer_id):
                await self.notify(
                    voided,
                    user_id,
                    title=f"Contract #{voided.id} was voided",
                    description=f"The {role} called the deal off before both parties signed."
                    f"{because}",
                    with_pdf=False,
                    buttons=False,
                    conn=conn,
                )

        async with sent_after(self.bot):
            await contract.void(by=user, reason=reason, then=tell_parties)
            listing = await Listing.get(id=contract.listing_id)
            back = (
                " and the listing is back on the market"
                if listing.status == ListingStatus.ACTIVE
                else ""
            )
            await interaction.response.send_message(
                f"You voided contract #{contract.id}. The deal is off{back}.", ephemeral=True
            )

    async def retire_contract(
        self, contract: Contract, note: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        """Both parties' Sign / Void DMs for the contract lose their buttons and say `note`
        (in `conn`'s transaction when given)."""
        users = await User.filter(id__in=[contract.buyer_id, contract.seller_id])
        await retire(
            self.bot,
            [u.discord_id for u in users],
            contract_buttons(contract.id),
            note,
            conn=conn,
        )

    # ------------------------------------------------------------------ rendering

    async def embed(
        self,
        contract: Contract,
        title: str,
        description: str | None = None,
        conn: BaseDBAsyncClient | None = None,
    ) -> discord.Embed:
        """The contract's embed, as `conn`'s transaction sees it when given."""
        buyer = await User.get(id=contract.buyer_id)
        seller = await User.get(id=contract.seller_id)
        listing = await Listing.get(id=contract.listing_id, using_db=conn)
        return contract_embed(
            contract,
            buyer=buyer,
            seller=seller,
            listing=listing,
            signed=await contract.signed_by(conn),
            title=title,
            description=description,
        )

    async def pdf_file(self, contract: Contract) -> discord.File | None:
        """The stored PDF as an attachment (a fresh File each time: one per message)."""
        if not contract.pdf_path:
            return None
        try:
            data = await storage.read(contract.pdf_path)
        except Exception as exc:  # missing, a disk error, the bucket unreachable
            log.warning(
                "Contract %s: PDF %s can't be read: %r", contract.id, contract.pdf_path, exc
            )
            return None
        return discord.File(io.BytesIO(data), filename=f"bloxtr8-contract-{contract.id}.pdf")

    # ------------------------------------------------------------------ notifications

    async def notify(
        self,
        contract: Contract,
        user_id: int,
        *,
        title: str,
        description: str,
        with_pdf: bool,
        buttons: bool,
        conn: BaseDBAsyncClient | None = None,
    ) -> bool:
        """DM a party (by `users.id`); when their DMs are closed, mention them in the
        listing's thread (without the PDF, which stays private). In `conn`'s transaction
        when given (then the PDF goes by reference to the document store, read when the
        message is sent)."""
        kwargs: dict[str, Any] = {"embed": await self.embed(contract, title, description, conn)}
        if buttons and contract.status == ContractStatus.PENDING_SIGNATURE:
            kwargs["view"] = signing_view(contract.id)
        if with_pdf and conn is not None and contract.pdf_path:
            kwargs["documents"] = [
                {
                    "ref": contract.pdf_path,
                    "sha256": contract.sha256 or "",
                    "filename": f"bloxtr8-contract-{contract.id}.pdf",
                }
            ]
        elif with_pdf:
            pdf = await self.pdf_file(contract)
            if pdf is not None:
                kwargs["file"] = pdf
        listings = Listing.filter(id=contract.listing_id)
        listing = await (listings.using_db(conn) if conn is not None else listings).first()
        return await tell(
            self.bot,
            user_id,
            listing,
            thread_text=f"{title}. Your DMs are closed, so see `/contract view id:{contract.id}` "
            "(open your DMs to get contracts privately).",
            conn=conn,
            **kwargs,
        )


def executed_words(contract: Contract, escrow: Escrow, user_id: int) -> str:
    rail = "card (Stripe)" if escrow.rail == EscrowRail.STRIPE else "USDC on Base"
    if user_id == contract.buyer_id:
        step = (
            f"Next: pay {format_amount(escrow.amount)} into escrow #{escrow.id} by {rail}. "
            "Payment instructions follow in a separate message."
        )
    else:
        step = (
            f"Next: the buyer pays {format_amount(escrow.amount)} into escrow #{escrow.id} by "
            f"{rail}. Don't transfer the asset before Bloxtr8 tells you the payment is held."
        )
    return f"Both parties signed, so the contract is binding. {step}"

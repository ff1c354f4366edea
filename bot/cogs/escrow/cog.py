"""Escrow in Discord: pay, deliver, confirm, cancel, refund; payouts; the escrow jobs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from tortoise.expressions import Q

from bot import jobs
from bot.attachments import keep
from bot.cogs.disputes import opening as dispute_opening
from bot.ui.confirm import confirm
from bot.ui.cooldown import roblox_cooldown
from bot.ui.labels import badge, still_moving, when
from bot.ui.notify import alert_moderators, send_now, sent_after, tell
from bot.web import payout_urls
from models import escrow_actions, ownership, payments
from models.base import utcnow
from models.checkout import payable
from models.delivery import roblox_proof
from models.dispute import Dispute
from models.enums import EscrowRail, EscrowStatus, MilestoneStatus, NotificationKind
from models.errors import DomainError, InvalidState, NotFound
from models.escrow import Escrow, MilestoneEscrow
from models.money import format_amount
from models.payments import CallNotice, ProviderCall, ProviderPending
from models.user import User

from . import card, opening, payout_notices
from .usdc_cog import UsdcPayments
from .views import NOT_YOURS, pay_view

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot
    from bot.rails.stripe_events import Notice
    from bot.rails.stripe_rail import StripeRail

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024


async def settle_prompt(
    interaction: discord.Interaction[Any], working: str, act: Callable[[], Awaitable[str]]
) -> None:
    """Run a confirmed action from its Yes button: the prompt loses its buttons at once,
    then says what happened (or that nothing changed)."""
    await interaction.response.edit_message(content=working, view=None)
    try:
        text = await act()
    except Exception:
        await interaction.edit_original_response(content="Nothing changed.")
        raise
    await interaction.edit_original_response(content=text)


class EscrowCog(commands.Cog, name="Escrow"):
    escrow = app_commands.Group(name="escrow", description="Your escrows: pay, deliver, confirm")
    payouts = app_commands.Group(name="payouts", description="Get paid for what you sell")

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        self.usdc = UsdcPayments(bot, self)

    async def cog_load(self) -> None:
        self.bot.outbox.handlers[NotificationKind.CARD] = self.render_cards
        payments.tell_completions(self.tell_completed)
        self.bot.jobs.every(60, "escrow-deadlines", self.run_jobs)
        self.usdc.start_jobs()

    async def cog_unload(self) -> None:
        self.bot.outbox.handlers.pop(NotificationKind.CARD, None)
        if payments.completions_teller() == self.tell_completed:
            payments.tell_completions(None)
        self.bot.jobs.cancel("escrow-deadlines")
        self.usdc.stop_jobs()

    # --- helpers ---------------------------------------------------------------------------

    def require_rail(self) -> StripeRail:
        rail: StripeRail = self.bot.rails.require(EscrowRail.STRIPE)
        return rail

    async def party_escrow(self, escrow_id: int, user: User) -> Escrow:
        escrow = await Escrow.get_or_none(id=escrow_id)
        if escrow is None or user.id not in escrow.party_ids():
            raise NotFound(f"There's no escrow #{escrow_id} of yours.")
        return escrow

    def pay_url(self, escrow: Escrow, buyer_discord_id: int) -> str:
        """The buyer's stable Pay link (to Stripe Checkout), valid until the funding deadline."""
        return opening.buyer_pay_url(self.bot, escrow, buyer_discord_id)

    async def tell(
        self,
        user_id: int,
        text: str,
        *,
        view: discord.ui.View | None = None,
        conn: BaseDBAsyncClient | None = None,
    ) -> None:
        """DM a party (their thread when DMs are closed); in `conn`'s transaction when given."""
        await tell(self.bot, user_id, content=text, view=view, conn=conn)

    async def tell_completed(
        self, call: ProviderCall, escrow: Escrow, conn: BaseDBAsyncClient
    ) -> None:
        """A release or refund just completed (`payments.complete`, in its transaction):
        each party's DM for it, whoever started it and whatever path finished it."""
        for user_id, text in (await payout_notices.completed_words(call, escrow, conn)).items():
            await self.tell(user_id, text, conn=conn)

    async def refresh_cards(self, escrow_id: int) -> dict[int, discord.Message | None] | None:
        """Edit both parties' trade cards to the escrow's state now (send them if new),
        covering the escrow's card rows in the outbox. None in a process that leaves
        sending to others (they render the rows the change wrote)."""
        cards: dict[int, discord.Message | None] | None
        cards = await self.bot.outbox.now(NotificationKind.CARD, escrow_id, {})
        return cards

    async def render_cards(
        self, escrow_id: int, _payload: Any = None
    ) -> dict[int, discord.Message | None]:
        """The outbox's CARD rows: both parties' cards rendered from the state now."""

        def link(escrow: Escrow, buyer: User) -> str | None:
            if escrow.rail is not EscrowRail.STRIPE or self.bot.rails.stripe is None:
                return None
            return self.pay_url(escrow, buyer.discord_id)

        return await card.refresh(self.bot, escrow_id, link)

    # --- events from other parts -----------------------------------------------------------

    @commands.Cog.listener()
    async def on_escrow_opened(self, escrow_id: int) -> None:
        """An escrow opened: its cards (the DMs that go with them were written with the
        opening, `tell_opened`, and sent when its block ended)."""
        escrow = await Escrow.get(id=escrow_id)
        if escrow.rail is EscrowRail.USDC_BASE and self.bot.rails.usdc is not None:
            await self.usdc.opened(escrow)
            return
        await self.refresh_cards(escrow.id)

    async def tell_opened(self, escrow: Escrow, conn: BaseDBAsyncClient | None = None) -> None:
        await opening.tell_escrow_opened(self.bot, escrow, conn)

    @commands.Cog.listener()
    async def on_escrow_changed(self, escrow_id: int) -> None:
        """Another area moved the escrow (a dispute decided): the cards catch up."""
        await self.refresh_cards(escrow_id)

    @commands.Cog.listener()
    async def on_dispute_opened(self, dispute_id: int) -> None:
        """A dispute opened here or with `/dispute open`: the cards lose their buttons."""
        dispute = await Dispute.get(id=dispute_id)
        await self.refresh_cards(dispute.escrow_id)

    @commands.Cog.listener()
    async def on_escrow_notice(self, notice: Notice) -> None:
        await self.refresh_cards(notice.escrow_id)
        if notice.told:  # written with the event (`tell_notice`): sent now, after the cards
            await send_now(self.bot, notice.rows)
        else:
            await self.tell_notice(notice)

    async def tell_dispute_opened(self, escrow_id: int, conn: BaseDBAsyncClient | None) -> None:
        """The words for the dispute a chargeback opened on the escrow (bot/cogs/disputes)."""
        await dispute_opening.tell_chargeback_dispute(self.bot, escrow_id, conn)

    async def tell_notice(self, notice: Notice, conn: BaseDBAsyncClient | None = None) -> None:
        """What a payment event calls for: the parties' DMs and the moderators' alerts, in
        the event's transaction when `conn` is given (`stripe_events.handle(then=…)`)."""
        escrow = await Escrow.get(id=notice.escrow_id, using_db=conn)
        amount = format_amount(escrow.amount)
        if notice.kind == "funded":
            await self.tell(
                escrow.buyer_id,
                f"Your payment of {amount} for escrow #{escrow.id} is held safely.",
                conn=conn,
            )
            await self.tell(
                escrow.seller_id,
                f"The buyer's payment of {amount} for escrow #{escrow.id} is held. Hand the asset "
                "over on Roblox, then press **Mark delivered** on your trade card.",
                conn=conn,
            )
        elif notice.kind == "payment_failed":
            await self.tell(
                escrow.buyer_id,
                f"Your payment for escrow #{escrow.id} didn't go through"
                f"{': ' + notice.detail if notice.detail else ''}. "
                "Try again with **Pay into escrow** on your trade card.",
                conn=conn,
            )
        elif notice.kind == "mismatch":
            await self.tell(
                escrow.buyer_id,
                f"The payment received for escrow #{escrow.id} doesn't match {amount}, so the "
                "escrow is not funded. Bloxtr8 staff have been told; don't pay again yet.",
                conn=conn,
            )
        elif notice.kind == "chargeback":
            text = (
                f"Escrow #{escrow.id} is frozen: the buyer's card issuer opened a chargeback. "
                "A moderator will look at it; nothing is released meanwhile."
            )
            await self.tell(escrow.buyer_id, text, conn=conn)
            await self.tell(escrow.seller_id, text, conn=conn)
            await self.alert_moderators(
                escrow, f"Chargeback on escrow #{escrow.id} ({amount}): {notice.detail}", conn=conn
            )
            await self.tell_dispute_opened(escrow.id, conn)
        elif notice.kind in ("chargeback_after_release", "refund_after_release"):
            # The seller was already paid: nothing is frozen; say what happens instead.
            what = (
                "the buyer's card issuer opened a chargeback"
                if notice.kind == "chargeback_after_release"
                else "the buyer's payment was refunded outside Bloxtr8"
            )
            await self.tell(
                escrow.buyer_id,
                f"Escrow #{escrow.id} was already released to the seller when {what}. "
                "Bloxtr8 staff have been told and will review it.",
                conn=conn,
            )
            await self.tell(
                escrow.seller_id,
                f"Escrow #{escrow.id} was already paid out to you when {what}. Bloxtr8 has "
                "asked Stripe to take the transfer back from your account, and staff will "
                "review the trade.",
                conn=conn,
            )
            await self.alert_moderators(
                escrow,
                f"Escrow #{escrow.id} ({amount}), already released: {what}"
                f"{' (' + notice.detail + ')' if notice.detail else ''}. A transfer reversal "
                "was attempted; platform staff are alerted.",
                conn=conn,
            )
        elif notice.kind == "reversal_refused":
            await self.alert_moderators(
                escrow,
                f"Stripe refused to reverse the seller's transfer on escrow #{escrow.id} "
                f"({notice.detail}). Platform staff are alerted.",
                conn=conn,
            )
        elif notice.kind == "late":
            await self.tell(
                escrow.buyer_id,
                f"Your payment for escrow #{escrow.id} arrived after the escrow was cancelled, "
                "so Bloxtr8 is refunding all of it to your card. Nothing else is needed.",
                conn=conn,
            )
            await self.alert_moderators(
                escrow,
                f"A payment arrived for cancelled escrow #{escrow.id}; it is being refunded "
                "to the buyer automatically.",
                conn=conn,
            )
        elif notice.kind == "refund_refused":
            await self.alert_moderators(
                escrow,
                f"Stripe refused the automatic refund on escrow #{escrow.id} "
                f"({notice.detail}). Refund the buyer from the Stripe dashboard.",
                conn=conn,
            )

    @commands.Cog.listener()
    async def on_escrow_ownership_lost(self, escrow_id: int) -> None:
        """A loss found where no `then=` could be given (`ownership.before_payment`)."""
        await self.tell_ownership_lost(await Escrow.get(id=escrow_id))

    async def tell_ownership_lost(
        self, escrow: Escrow, conn: BaseDBAsyncClient | None = None
    ) -> None:
        """Both parties hear that the seller no longer owns the asset (in `conn`, the
        transaction recording the loss, when given)."""
        await self.tell(
            escrow.buyer_id,
            f"Don't pay escrow #{escrow.id}: Roblox no longer shows the seller as the owner of "
            "what they listed, so Bloxtr8 is holding back the payment link. Nothing was "
            "charged; you can cancel with `/escrow cancel`.",
            conn=conn,
        )
        await self.tell(
            escrow.seller_id,
            f"The buyer can't pay escrow #{escrow.id}: Roblox no longer shows you as the owner "
            "of what you listed. Take the asset back on Roblox (the buyer can then pay), or "
            "cancel the escrow.",
            conn=conn,
        )

    async def alert_moderators(
        self, escrow: Escrow, text: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        if not await alert_moderators(self.bot, escrow.guild_id, text, conn=conn):
            log.warning("Escrow %s: moderators not alerted", escrow.id)

    # --- commands --------------------------------------------------------------------------

    @escrow.command(name="status", description="Show one of your escrows")
    @app_commands.rename(escrow_id="id")
    async def status(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        p = await card.parties(escrow)
        link = None
        if (
            user.id == escrow.buyer_id
            and escrow.status is EscrowStatus.AWAIT_FUNDS
            and escrow.rail is EscrowRail.STRIPE
            and self.bot.rails.stripe is not None
        ):
            link = self.pay_url(escrow, user.discord_id)
        embed, view = await card.render(escrow, p, user.id, link)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @escrow.command(name="list", description="Your escrows, newest first")
    async def list_(self, interaction: discord.Interaction[Any]) -> None:
        user = await User.require(interaction.user.id)
        rows = (
            await Escrow.filter(Q(buyer_id=user.id) | Q(seller_id=user.id))
            .order_by("-id")
            .limit(20)
        )
        if not rows:
            await interaction.response.send_message("You have no escrows yet.", ephemeral=True)
            return
        lines = [
            f"`#{e.id}` {format_amount(e.amount)} · "
            f"{'buying' if e.buyer_id == user.id else 'selling'} · {badge(e.status)}"
            for e in rows
        ]
        embed = discord.Embed(title="Your escrows", description="\n".join(lines))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @escrow.command(name="pay", description="Get the payment link for an escrow you're buying")
    @roblox_cooldown()
    @app_commands.rename(escrow_id="id")
    async def pay(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        if self.bot.rails.usdc is None:
            self.require_rail()
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        if user.id != escrow.buyer_id:
            raise DomainError(f"Only the buyer of escrow #{escrow.id} can pay it.")
        if escrow.rail is EscrowRail.USDC_BASE:
            await self.usdc.pay(interaction, escrow)
            return
        self.require_rail()
        payable(escrow, user.id, utcnow())  # says why not, in plain words
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with sent_after(self.bot):
            check = await ownership.before_payment(
                escrow, self.bot.roblox, then=self.tell_ownership_lost
            )
        if check.withheld:
            await interaction.followup.send(
                f"Don't pay escrow #{escrow.id} yet: Roblox no longer shows the seller as the "
                "owner of what they listed, so Bloxtr8 is holding back the payment link. "
                "Nothing was charged.",
                ephemeral=True,
            )
            return
        await interaction.followup.send(
            f"Pay {format_amount(escrow.amount)} into escrow #{escrow.id} here. The seller is "
            "paid only after you confirm delivery.",
            view=pay_view(self.pay_url(escrow, user.discord_id)),
            ephemeral=True,
        )

    @escrow.command(name="deliver", description="Say you handed the asset over (seller)")
    @roblox_cooldown()
    @app_commands.rename(escrow_id="id")
    @app_commands.describe(
        evidence="What you did, e.g. 'transferred group ownership to buyer123'",
        attachment="A screenshot or file as proof (up to 8 MB)",
        milestone="The milestone number, for escrows paid in milestones",
    )
    async def deliver(
        self,
        interaction: discord.Interaction[Any],
        escrow_id: int,
        evidence: app_commands.Range[str, 1, 1000] | None = None,
        attachment: discord.Attachment | None = None,
        milestone: app_commands.Range[int, 1, 10] | None = None,
    ) -> None:
        await self.deliver_flow(interaction, escrow_id, evidence, attachment, milestone)

    async def check_can_deliver(
        self, interaction: discord.Interaction[Any], escrow_id: int
    ) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        if user.id != escrow.seller_id:
            raise DomainError("Only the seller marks the trade delivered.")
        escrow.refuse_unless((EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), "mark it delivered")

    async def deliver_flow(
        self,
        interaction: discord.Interaction[Any],
        escrow_id: int,
        evidence: str | None,
        attachment: discord.Attachment | None = None,
        milestone: int | None = None,
    ) -> None:
        start = await escrow_actions.deliver_start(interaction.user.id, escrow_id)
        user, escrow = start.user, start.escrow  # as User.require and party_escrow, one read
        if attachment is not None and attachment.size > MAX_ATTACHMENT_BYTES:
            raise InvalidState("That attachment is over 8 MB. Please send a smaller file.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        proof: dict[str, Any] = {}
        if evidence:
            proof["text"] = evidence
        if attachment is not None:  # a copy kept by Bloxtr8: Discord's URLs expire
            proof["attachment"] = await keep(attachment, self.bot.settings.data_dir)
        proof["roblox"] = await roblox_proof(escrow, self.bot.roblox, start.subject)
        note = f"\n> {discord.utils.escape_markdown(evidence)[:500]}" if evidence else ""

        async def tell_buyer(done: Escrow, conn: BaseDBAsyncClient) -> None:
            await self.tell(
                done.buyer_id,
                f"The seller says escrow #{done.id} was delivered.{note}\nCheck it on Roblox, "
                "then press **Confirm delivery** on your trade card, or **Open dispute** if "
                f"something is wrong. Unless you do, the payment is released to the seller "
                f"{when(done.auto_release_at)}.",
                conn=conn,
            )

        async with sent_after(self.bot):
            escrow = await escrow_actions.mark_delivered(
                escrow.id,
                by=user,
                evidence=proof,
                milestone_position=milestone,
                read=start.read,
                then=tell_buyer,
            )
            await interaction.followup.send(
                f"Marked escrow #{escrow.id} delivered. The buyer has until "
                f"{when(escrow.auto_release_at)} to confirm or open a dispute; after that it is "
                "released automatically.",
                ephemeral=True,
            )
            await self.refresh_cards(escrow.id)

    @escrow.command(name="confirm", description="Confirm delivery and release the payment (buyer)")
    @roblox_cooldown()
    @app_commands.rename(escrow_id="id")
    async def confirm(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        await self.ask_confirm(interaction, escrow_id)

    async def ask_confirm(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        if user.id != escrow.buyer_id:
            raise DomainError("Only the buyer can confirm delivery.")
        escrow.refuse_unless((EscrowStatus.DELIVERED,), "confirm delivery")
        pending = await MilestoneEscrow.filter(
            escrow_id=escrow.id, status=MilestoneStatus.DELIVERED
        ).first()
        what = (
            f"milestone {pending.position} ({format_amount(pending.amount)})"
            if pending
            else format_amount(escrow.amount)
        )

        async def go(confirm_interaction: discord.Interaction[Any]) -> None:
            await confirm_interaction.response.edit_message(
                content="Checking the asset on Roblox…", view=None
            )
            try:
                held = await ownership.seller_still_holds(escrow, self.bot.roblox)
                if held is not None:  # the seller still owns it on Roblox: ask a second time
                    await ownership.record_release_warning(escrow, held, by=user, released=False)

                    async def anyway(again: discord.Interaction[Any]) -> None:
                        await ownership.record_release_warning(escrow, held, by=user, released=True)
                        await settle_prompt(again, f"Releasing {what}…", release)

                    await confirm_interaction.edit_original_response(
                        content="Roblox still shows the seller as the owner."
                    )
                    await confirm(
                        confirm_interaction,
                        "**Warning:** Roblox still shows the seller as the owner of this asset, "
                        "so it has not been handed to you. If you release now the seller is paid "
                        "and Bloxtr8 can't get the money back. Release anyway?",
                        yes=f"Release {what} anyway",
                        action=anyway,
                        no="Don't release",
                        not_yours=NOT_YOURS,
                    )
                    return
                text = await release()
            except ProviderPending as exc:  # recorded; the money finishes moving on its own
                await confirm_interaction.edit_original_response(content=still_moving(exc))
                return
            except Exception:
                await confirm_interaction.edit_original_response(content="Nothing changed.")
                raise
            await confirm_interaction.edit_original_response(content=text)

        async def release() -> str:
            rail = self.bot.rails.require(escrow.rail)
            async with sent_after(self.bot):
                # Both parties' DMs are written with the payout's completion, on this path or
                # a later one (`tell_completed`).
                done = await escrow_actions.release(
                    escrow.id, rail=rail, by=user, notice=CallNotice.CONFIRMED
                )
                await self.refresh_cards(done.id)
            return f"Released {what} of escrow #{done.id} to the seller. Thanks for trading safely!"

        await confirm(
            interaction,
            f"Release {what} to the seller? Only do this once you own the asset on Roblox.",
            yes=f"Yes, release {what}",
            action=go,
            no="Not now",
            not_yours=NOT_YOURS,
        )

    async def check_can_dispute(
        self, interaction: discord.Interaction[Any], escrow_id: int
    ) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        escrow.refuse_unless((EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), "open a dispute")

    async def dispute(
        self, interaction: discord.Interaction[Any], escrow_id: int, reason: str
    ) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        # Who decides, and what the other party hears, written with the opening.
        dispute = await dispute_opening.open_dispute(self.bot, escrow, by=user, reason=reason)
        await interaction.response.send_message(
            f"Dispute #{dispute.id} is open. Escrow #{escrow.id} is frozen until a moderator "
            "decides.",
            ephemeral=True,
        )
        # The disputes cog tells the other party and opens the thread, as for `/dispute open`.
        self.bot.dispatch("dispute_opened", dispute.id)

    @escrow.command(
        name="cancel", description="Call the deal off before any payment (either party)"
    )
    @app_commands.rename(escrow_id="id")
    async def cancel(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = await self._cancel(escrow, user)
        await interaction.followup.send(text, ephemeral=True)

    async def ask_cancel(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        escrow.refuse_unless((EscrowStatus.AWAIT_FUNDS,), "cancel it")

        async def go(confirm_interaction: discord.Interaction[Any]) -> None:
            await settle_prompt(
                confirm_interaction, "Cancelling…", lambda: self._cancel(escrow, user)
            )

        await confirm(
            interaction,
            f"Call off escrow #{escrow.id}? Nothing has been paid; this can't be undone.",
            yes="Yes, cancel the trade",
            action=go,
            no="Keep it",
            not_yours=NOT_YOURS,
        )

    async def _cancel(self, escrow: Escrow, user: User) -> str:
        async def tell_other(done: Escrow, conn: BaseDBAsyncClient) -> None:
            other = done.seller_id if user.id == done.buyer_id else done.buyer_id
            await self.tell(
                other,
                f"Escrow #{done.id} was cancelled by the other party before payment.",
                conn=conn,
            )

        async with sent_after(self.bot):
            done = await escrow_actions.cancel(
                escrow.id, rail=self.bot.rails[escrow.rail], by=user, then=tell_other
            )
            await self.refresh_cards(done.id)
        return f"Escrow #{done.id} is cancelled. Nothing was paid."

    @escrow.command(name="refund", description="Give the buyer their money back (seller)")
    @app_commands.rename(escrow_id="id")
    async def refund(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        await self.ask_refund(interaction, escrow_id)

    async def ask_refund(self, interaction: discord.Interaction[Any], escrow_id: int) -> None:
        user = await User.require(interaction.user.id)
        escrow = await self.party_escrow(escrow_id, user)
        if user.id != escrow.seller_id:
            raise DomainError("Only the seller can refund the buyer.")
        escrow.refuse_unless((EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), "refund it")

        async def go(confirm_interaction: discord.Interaction[Any]) -> None:
            async def act() -> str:
                rail = self.bot.rails.require(escrow.rail)
                async with sent_after(self.bot):
                    done = await escrow_actions.refund(  # told with its completion
                        escrow.id, rail=rail, by=user, notice=CallNotice.SELLER_REFUNDED
                    )
                    await self.refresh_cards(done.id)
                return f"Escrow #{done.id} is refunded to the buyer."

            await settle_prompt(confirm_interaction, "Refunding…", act)

        await confirm(
            interaction,
            f"Refund escrow #{escrow.id} to the buyer? This can't be undone.",
            yes="Yes, refund the buyer",
            action=go,
            no="Not now",
            not_yours=NOT_YOURS,
        )

    @payouts.command(name="setup", description="Connect a payout account so sales can pay you")
    async def payouts_setup(self, interaction: discord.Interaction[Any]) -> None:
        rail = self.require_rail()
        user = await User.require(interaction.user.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await user.ensure_payout_account(rail)
        return_url, refresh_url = payout_urls(self.bot.settings, user.id)
        url = await rail.onboarding_link(
            user.stripe_account_id or "", return_url=return_url, refresh_url=refresh_url
        )
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label="Set up payouts", url=url))
        await interaction.followup.send(
            "Open this link to tell Stripe where to send your money (it expires soon; run "
            "`/payouts setup` again for a new one). Then run `/payouts status`.",
            view=view,
            ephemeral=True,
        )

    @payouts.command(name="status", description="Can sales pay you yet?")
    async def payouts_status(self, interaction: discord.Interaction[Any]) -> None:
        rail = self.require_rail()
        user = await User.require(interaction.user.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        enabled = await user.refresh_payouts(rail)
        await interaction.followup.send(
            "Payouts are ready: released escrows are paid to your account."
            if enabled
            else "Payouts aren't ready yet. Finish the steps from `/payouts setup`.",
            ephemeral=True,
        )

    # --- jobs ------------------------------------------------------------------------------

    async def run_jobs(self, now: Any = None) -> dict[str, int]:
        """The escrow deadlines job (bot/jobs.py); the parties hear about it by DM."""
        now = now or jobs.job_now()
        due = await escrow_actions.due_for_timeout(now)
        due += await escrow_actions.due_for_release(now)
        async with sent_after(self.bot):
            counts = await jobs.escrow_deadlines(self.bot.rails, self.tell, now)
            for escrow_id in due:
                await self.refresh_cards(escrow_id)
        return counts

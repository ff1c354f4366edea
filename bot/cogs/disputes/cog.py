"""`/dispute …`: parties open disputes; moderators review, decide and export them."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import jobs
from bot.attachments import keep, keep_all
from bot.evidence import case_file, evidence_packet, keep_packet, packet_json
from bot.evidence_report import names_in, render_report
from bot.shards import channel_by_id
from bot.ui.confirm import confirm
from bot.ui.cooldown import pdf_cooldown, roblox_cooldown
from bot.ui.errors import send_ephemeral
from bot.ui.labels import still_moving
from bot.ui.notify import dm, post, sent_after, tell
from bot.ui.pager import send_paged
from models.arbiter import ArbiterKind, PartyStanding
from models.audit import AuditLog, seal_pending
from models.dispute import (
    Dispute,
    Moderator,
    check_attachments,
    check_decision,
)
from models.enums import ChannelKind, DisputeOutcome, DisputeStatus
from models.errors import NotAllowed, NotFound
from models.escrow import Escrow
from models.guild import Guild, MarketplaceChannel
from models.payments import ProviderPending
from models.user import User

from . import opening
from .embeds import PAGE_SIZE, case_embeds, chunk_embeds, pages_of, queue_embed
from .views import FOR_THE_MODERATOR, PickDisputeSelect, case_buttons

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot
    from bot.rails.stripe_events import Notice
    from models.dispute import Due

log = logging.getLogger(__name__)

CASE_MESSAGES_KEPT = 20  # case files per dispute the bot redraws after each step

_OUTCOME_WORDS = {
    DisputeOutcome.RELEASE: "release the payment to the seller",
    DisputeOutcome.REFUND: "refund the buyer in full",
    DisputeOutcome.SPLIT: "split the payment",
}


async def moderator_of(bot: Bloxtr8Bot, interaction: discord.Interaction[Any]) -> Moderator:
    """The person acting, if they are a moderator here (moderator role or Manage Server,
    re-checked now) or platform staff; otherwise a plain refusal. Being a moderator of a
    server is not enough to handle one of its disputes: every step then asks the dispute
    (`Dispute.check_authority`), which lets a server's moderators act only when Bloxtr8
    approved that server as the dispute's arbiter, and never lets a party act. With
    `dispute_id`, a server moderator's step first re-reads the parties' standing in that
    server: a party who became an admin or moderator (or left) sends the dispute to staff
    (`DisputesCog.moderator`)."""
    staff = bot.is_staff(interaction.user)
    guild_row: Guild | None = None
    if interaction.guild is not None:
        guild_row = await Guild.ensure(interaction.guild.id, interaction.guild.name)
    if not staff:
        member = interaction.user
        if guild_row is None or not isinstance(member, discord.Member):
            raise NotAllowed("Moderator commands only work inside a server.")
        settings = await guild_row.get_settings()
        settings.require_moderator(
            [r.id for r in member.roles], member.guild_permissions.manage_guild
        )
    user = await User.require(interaction.user.id)
    return Moderator(user=user, guild_id=guild_row.id if guild_row else None, staff=staff)


class DisputesCog(commands.Cog, name="Disputes"):
    dispute = app_commands.Group(name="dispute", description="Disputes: open, review, settle")

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        # Case files sent with buttons, by dispute: refreshed after each step so no
        # button outlives the step it offered (after a restart a press re-checks and
        # clears its own message instead).
        self.case_messages: dict[int, list[tuple[discord.Message, Moderator]]] = {}

    async def cog_load(self) -> None:
        self.bot.jobs.every(300, "dispute-deadlines", self.run_deadlines)

    async def cog_unload(self) -> None:
        self.bot.jobs.cancel("dispute-deadlines")

    # --- helpers ---------------------------------------------------------------------------

    async def tell(self, user_id: int, text: str, conn: BaseDBAsyncClient | None = None) -> None:
        await tell(self.bot, user_id, content=text, conn=conn)

    async def thread_of(self, dispute: Dispute) -> discord.Thread | None:
        if dispute.thread_id is None:
            return None
        channel = self.bot.get_channel(dispute.thread_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(dispute.thread_id)
            except discord.HTTPException:
                return None
        return channel if isinstance(channel, discord.Thread) else None

    async def post_in_thread(
        self, dispute: Dispute, text: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        if dispute.thread_id is not None:
            await post(self.bot, dispute.thread_id, text, conn=conn)

    async def alert(
        self, dispute: Dispute, text: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        await opening.alert(self.bot, dispute, text, conn)

    async def open_thread(self, dispute_id: int) -> discord.Thread | None:
        """The dispute's private thread in the disputes channel, with both parties, the
        moderator role mentioned, and the case file as its first messages."""
        dispute = await Dispute.get(id=dispute_id)
        if dispute.thread_id is not None:
            return await self.thread_of(dispute)
        row = (
            await MarketplaceChannel.filter(guild_id=dispute.guild_id, kind=ChannelKind.DISPUTES)
            .order_by("id")
            .first()
            if dispute.guild_id is not None
            else None
        )
        channel = await channel_by_id(self.bot, row.channel_id) if row is not None else None
        if not isinstance(channel, discord.TextChannel):
            await self.alert(
                dispute, f"Dispute #{dispute.id} opened on escrow #{dispute.escrow_id}."
            )
            return None
        try:
            thread = await channel.create_thread(
                name=f"Dispute #{dispute.id} · escrow #{dispute.escrow_id}",
                type=discord.ChannelType.private_thread,
                invitable=False,
            )
        except discord.HTTPException as exc:
            log.warning("Dispute %s: could not create its thread (%s)", dispute.id, exc)
            await self.alert(
                dispute, f"Dispute #{dispute.id} opened on escrow #{dispute.escrow_id}."
            )
            return None
        if not await Dispute.set_thread(dispute.id, thread.id):
            await thread.delete()  # another process opened it first
            return None
        escrow = await Escrow.get(id=dispute.escrow_id)
        parties = [await User.get(id=uid) for uid in escrow.party_ids()]
        for party in parties:
            try:
                await thread.add_user(discord.Object(id=party.discord_id))
            except discord.HTTPException as exc:
                log.info("Dispute %s: could not add %s (%s)", dispute.id, party.discord_id, exc)
        settings = await (await Guild.get(id=dispute.guild_id)).get_settings()
        role = ""
        if dispute.authority is ArbiterKind.GUILD and settings.moderator_role_id:
            role = f"<@&{settings.moderator_role_id}> "
        await thread.send(
            f"{role}Dispute #{dispute.id} on escrow #{escrow.id} between "
            f"<@{parties[0].discord_id}> (buyer) and <@{parties[1].discord_id}> (seller). "
            "The money stays held until it is decided. Parties: add what you can show "
            f"with `/dispute evidence id:{dispute.id}`.\n{await self.who_decides(dispute)}",
            allowed_mentions=discord.AllowedMentions(roles=True, users=True, everyone=False),
        )
        case = await case_file(await Dispute.get(id=dispute.id), self.bot.roblox)
        for group in chunk_embeds(case_embeds(case, for_parties=True)):
            await thread.send(embeds=group, allowed_mentions=discord.AllowedMentions.none())
        return thread

    async def party_standings(self, dispute: Dispute) -> dict[int, PartyStanding] | None:
        """Each party's place in the listing's server as Discord shows it now (member? admin
        or moderator?), when that server is an approved arbiter; otherwise None."""
        return await self.standings_in_venue(await Escrow.get(id=dispute.escrow_id))

    async def standings_in_venue(self, escrow: Escrow) -> dict[int, PartyStanding] | None:
        return await opening.standings_in_venue(self.bot, escrow)

    async def settle_authority(self, dispute_id: int, *, chargeback: bool = False) -> Dispute:
        """Record who decides a newly opened dispute (staff unless its server qualifies)."""
        dispute = await Dispute.get(id=dispute_id)
        if dispute.authority is not None:
            return dispute
        standings = None if chargeback else await self.party_standings(dispute)
        dispute = await Dispute.assign_authority(
            dispute_id, standings=standings, chargeback=chargeback
        )
        if dispute.authority is ArbiterKind.STAFF:
            await self.alert(
                dispute,
                f"Dispute #{dispute.id} (escrow #{dispute.escrow_id}) waits for a platform "
                f"staff decision: {dispute.authority_reason}. `/dispute view id:{dispute.id}`",
            )
        return dispute

    async def rail_of(self, dispute_id: int) -> Any:
        """The configured rail the disputed escrow's money is on (a plain refusal if not)."""
        dispute = await Dispute.get_or_none(id=dispute_id)
        if dispute is None:
            raise NotFound(f"There's no dispute #{dispute_id}.")
        escrow = await Escrow.get(id=dispute.escrow_id)
        return self.bot.rails.require(escrow.rail, ", so nothing can move.")

    async def moderator(self, interaction: discord.Interaction[Any], dispute_id: int) -> Moderator:
        """`moderator_of` for a step on one dispute: a server moderator's step first re-reads
        the parties' standing in that server (`recheck_authority`)."""
        mod = await moderator_of(self.bot, interaction)
        if not mod.staff:
            await self.recheck_authority(dispute_id)
        return mod

    async def recheck_authority(self, dispute_id: int) -> None:
        """A server's moderators decide only while both parties are plain members there."""
        dispute = await Dispute.get_or_none(id=dispute_id)
        if dispute is None or dispute.authority is not ArbiterKind.GUILD or not dispute.is_open:
            return
        standings = await self.party_standings(dispute)
        dispute = await Dispute.assign_authority(dispute_id, standings=standings, reassess=True)
        if dispute.authority is ArbiterKind.STAFF:
            text = (
                f"Dispute #{dispute.id} (escrow #{dispute.escrow_id}) now goes to platform "
                f"staff: {dispute.authority_reason}. `/dispute view id:{dispute.id}`"
            )
            await self.alert(dispute, text)
            await self.post_in_thread(
                dispute, f"Who decides: Bloxtr8 platform staff ({dispute.authority_reason})."
            )

    async def who_decides(self, dispute: Dispute, conn: BaseDBAsyncClient | None = None) -> str:
        return await opening.decides_text(dispute, conn)

    async def open_dispute(
        self,
        escrow: Escrow,
        *,
        by: User,
        reason: str,
        evidence: list[dict[str, Any]] | None = None,
    ) -> Dispute:
        return await opening.open_dispute(self.bot, escrow, by=by, reason=reason, evidence=evidence)

    async def tell_opened(self, dispute: Dispute, conn: BaseDBAsyncClient | None = None) -> None:
        await opening.tell_opened(self.bot, dispute, conn)

    async def after_open(self, dispute_id: int) -> None:
        """A dispute opened without its words (`Dispute.open` with no `then`): say them now."""
        dispute = await Dispute.get(id=dispute_id)
        escrow = await Escrow.get(id=dispute.escrow_id)
        decides = await self.who_decides(dispute)
        for party in escrow.party_ids():
            if party != dispute.opened_by_id:
                await self.tell(party, opening.opened_words(dispute, decides))
        await self.open_thread(dispute.id)

    # --- events from other parts -----------------------------------------------------------

    @commands.Cog.listener()
    async def on_dispute_opened(self, dispute_id: int) -> None:
        """Another part (the escrow DM button) opened a dispute: who decides, tell, thread
        (told already when it was opened with `open_dispute`)."""
        if (await Dispute.get(id=dispute_id)).authority is not None:
            await self.open_thread(dispute_id)
            return
        await self.settle_authority(dispute_id)
        await self.after_open(dispute_id)

    @commands.Cog.listener()
    async def on_escrow_notice(self, notice: Notice) -> None:
        if notice.kind != "chargeback":
            return
        dispute = (
            await Dispute.filter(escrow_id=notice.escrow_id, thread_id__isnull=True)
            .order_by("-id")
            .first()
        )
        if dispute is not None and dispute.is_open:
            if not notice.told:  # else written with the event (`tell_notice` → `tell_opened`)
                await self.tell_opened(dispute)
            await self.settle_authority(dispute.id, chargeback=True)
            await self.open_thread(dispute.id)

    # --- parties ---------------------------------------------------------------------------

    @dispute.command(name="open", description="Open a dispute on one of your escrows")
    @app_commands.rename(escrow_id="escrow")
    @app_commands.describe(
        escrow_id="The escrow's number",
        reason="What went wrong (up to 1,000 characters)",
        evidence1="A screenshot or file (up to 8 MB each, 5 in all)",
    )
    async def open_(
        self,
        interaction: discord.Interaction[Any],
        escrow_id: int,
        reason: str,
        evidence1: discord.Attachment | None = None,
        evidence2: discord.Attachment | None = None,
        evidence3: discord.Attachment | None = None,
        evidence4: discord.Attachment | None = None,
        evidence5: discord.Attachment | None = None,
    ) -> None:
        user = await User.require(interaction.user.id)
        escrow = await Escrow.get_or_none(id=escrow_id)
        if escrow is None or user.id not in escrow.party_ids():
            raise NotFound(f"There's no escrow #{escrow_id} of yours.")
        uploads = [a for a in (evidence1, evidence2, evidence3, evidence4, evidence5) if a]
        check_attachments(  # count and sizes, before anything is downloaded
            [{"url": a.url, "filename": a.filename, "size": a.size} for a in uploads]
        )
        party = "buyer" if user.id == escrow.buyer_id else "seller"
        await interaction.response.defer(ephemeral=True, thinking=True)
        files = await keep_all(uploads, self.bot.settings.data_dir)  # Discord's URLs expire
        dispute = await self.open_dispute(
            escrow,
            by=user,
            reason=reason,
            evidence=[{"kind": "attachment", "party": party, **f} for f in files],
        )
        await interaction.followup.send(
            f"Dispute #{dispute.id} is open. Escrow #{escrow.id} is frozen: nothing is released "
            "or refunded until it is decided. Follow it in the dispute thread.\n"
            + await self.who_decides(dispute),
            ephemeral=True,
        )
        await self.open_thread(dispute.id)

    @dispute.command(name="evidence", description="Add evidence to a dispute you're part of")
    @app_commands.rename(dispute_id="id")
    async def evidence(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        text: str,
        attachment: discord.Attachment | None = None,
    ) -> None:
        user = await User.require(interaction.user.id)
        files = []
        if attachment is not None:
            row = await Dispute.get_or_none(id=dispute_id)  # a party's, before downloading
            escrow = await Escrow.get_or_none(id=row.escrow_id) if row else None
            if escrow is None or user.id not in escrow.party_ids():
                raise NotFound(f"There's no dispute #{dispute_id} of yours.")
            check_attachments([{"filename": attachment.filename, "size": attachment.size}])
            await interaction.response.defer(ephemeral=True, thinking=True)
            files = [await keep(attachment, self.bot.settings.data_dir)]
        dispute = await Dispute.add_evidence(dispute_id, by=user, text=text, attachments=files)
        await send_ephemeral(
            interaction, f"Added to dispute #{dispute.id}. The moderators can see it."
        )
        await self.post_in_thread(dispute, f"New evidence from <@{user.discord_id}>: {text[:1500]}")

    # --- moderators ------------------------------------------------------------------------

    @dispute.command(name="list", description="The dispute queue, oldest first (moderators)")
    async def list_(
        self,
        interaction: discord.Interaction[Any],
        status: Literal["OPEN", "IN_REVIEW", "RESOLVED", "CLOSED"] | None = None,
        page: app_commands.Range[int, 1, 1000] = 1,
    ) -> None:
        mod = await moderator_of(self.bot, interaction)
        wanted = DisputeStatus(status) if status else None
        title = f"Disputes · {status or 'open'}"

        shown: dict[int, list[Dispute]] = {}

        async def render(index: int) -> tuple[discord.Embed, bool]:
            rows, total = await Dispute.queue(
                mod, status=wanted, limit=PAGE_SIZE, offset=index * PAGE_SIZE
            )
            shown[index] = rows
            embed = queue_embed(rows, page=index, total=total, title=title)
            return embed, index < pages_of(total) - 1

        def pick(index: int) -> list[discord.ui.Item[Any]]:
            select = PickDisputeSelect.for_rows(index, shown.get(index, []))
            return [select] if select is not None else []

        await send_paged(interaction, render, page - 1, not_yours=FOR_THE_MODERATOR, extra=pick)

    @dispute.command(name="view", description="The whole case file of a dispute (moderators)")
    @roblox_cooldown()
    @app_commands.rename(dispute_id="id")
    async def view(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        await self.show_case(interaction, dispute_id)

    async def show_case(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        """The case file for a moderator allowed to handle it, its last message carrying the
        steps they can take now (Claim, Request evidence, Resolve)."""
        mod = await self.moderator(interaction, dispute_id)
        dispute = await Dispute.for_moderator(dispute_id, mod)
        await interaction.response.defer(ephemeral=True, thinking=True)
        case = await case_file(dispute, self.bot.roblox)
        notes = await dispute.notes_query()
        groups = chunk_embeds(case_embeds(case, notes))
        buttons = case_buttons(dispute, mod)
        for index, group in enumerate(groups):
            if index < len(groups) - 1 or buttons is None:
                await interaction.followup.send(embeds=group, ephemeral=True)
                continue
            sent = await interaction.followup.send(
                embeds=group, view=buttons, ephemeral=True, wait=True
            )
            sent_before = self.case_messages.setdefault(dispute.id, [])
            sent_before.append((sent, mod))
            del sent_before[:-CASE_MESSAGES_KEPT]  # older ones refuse and clear when pressed

    async def refresh_cases(self, dispute_id: int) -> None:
        """Re-draw the buttons of every case file sent for the dispute: only the steps still
        possible stay; a decided dispute's case files say so and lose their buttons."""
        dispute = await Dispute.get(id=dispute_id)
        kept = []
        for message, mod in self.case_messages.pop(dispute_id, []):
            view = case_buttons(dispute, mod)
            try:
                if view is None:
                    await message.edit(content=_case_note(dispute), view=None)
                    continue
                await message.edit(view=view)
                kept.append((message, mod))
            except discord.HTTPException as exc:
                log.info("Dispute %s: could not update a case file (%s)", dispute_id, exc.status)
        if kept:
            self.case_messages[dispute_id] = kept

    async def check_can_act(
        self, interaction: discord.Interaction[Any], dispute_id: int, doing: str
    ) -> Moderator:
        """A case-file button pressed: the person may handle the dispute and it is still
        open; an old message whose step is over is cleared first."""
        mod = await self.moderator(interaction, dispute_id)
        dispute = await Dispute.for_moderator(dispute_id, mod)
        if (not dispute.is_open or dispute.proposal) and interaction.message is not None:
            await interaction.response.edit_message(content=_case_note(dispute), view=None)
        if dispute.proposal and dispute.is_open:
            raise NotAllowed(
                f"Dispute #{dispute.id} has a proposed resolution waiting for a second "
                f"arbiter: `/dispute approve id:{dispute.id}`."
            )
        dispute.refuse_unless_open(doing)
        return mod

    @dispute.command(name="claim", description="Take a dispute on (moderators)")
    @app_commands.rename(dispute_id="id")
    async def claim(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        await self.claim_now(interaction, dispute_id)

    async def claim_now(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        """Claim (typed or the case file's button): re-checked under the dispute's lock."""
        if interaction.message is not None:
            await self.check_can_act(interaction, dispute_id, "claim it")
        mod = await self.moderator(interaction, dispute_id)

        async def tell_thread(dispute: Dispute, conn: BaseDBAsyncClient) -> None:
            await self.post_in_thread(
                dispute, f"<@{interaction.user.id}> is now handling this dispute.", conn
            )

        async with sent_after(self.bot):
            dispute = await Dispute.claim(dispute_id, mod=mod, then=tell_thread)
            text = f"Dispute #{dispute.id} is yours and in review."
            if interaction.message is not None:  # the case file's button: redraw that message
                await interaction.response.edit_message(
                    content=text, view=case_buttons(dispute, mod)
                )
            else:
                await interaction.response.send_message(text, ephemeral=True)
            await self.refresh_cases(dispute.id)

    @dispute.command(name="note", description="Add an internal note (moderators only see it)")
    @app_commands.rename(dispute_id="id")
    async def note(self, interaction: discord.Interaction[Any], dispute_id: int, text: str) -> None:
        mod = await self.moderator(interaction, dispute_id)
        await Dispute.add_note(dispute_id, mod=mod, text=text)
        await interaction.response.send_message(
            f"Note added to dispute #{dispute_id}. The parties don't see it.", ephemeral=True
        )

    @dispute.command(name="request", description="Ask a party for evidence (moderators)")
    @app_commands.rename(dispute_id="id")
    @app_commands.describe(days="How many days they have to answer (default 3)")
    async def request(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        party: Literal["buyer", "seller"],
        text: str,
        days: app_commands.Range[int, 1, 14] = 3,
    ) -> None:
        await self.request_now(interaction, dispute_id, party, text, days)

    async def request_now(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        party: str,
        text: str,
        days: int,
    ) -> None:
        """Ask a party for evidence (typed or the case file's form), under the lock."""
        mod = await self.moderator(interaction, dispute_id)

        async def ask(asked: tuple[Dispute, int, dt.datetime], conn: BaseDBAsyncClient) -> None:
            dispute, party_id, due = asked
            await self.tell(
                party_id,
                f"A moderator asks for evidence on dispute #{dispute.id} (escrow "
                f"#{dispute.escrow_id}) by {discord.utils.format_dt(due, 'f')}:\n"
                f"> {text[:1500]}\n"
                f"Answer with `/dispute evidence id:{dispute.id}` (you can attach a file).",
                conn,
            )
            await self.post_in_thread(
                dispute,
                f"A moderator asked the {party} for evidence, due "
                f"{discord.utils.format_dt(due, 'f')}.",
                conn,
            )

        async with sent_after(self.bot):
            dispute, _party_id, due = await Dispute.request_evidence(
                dispute_id, mod=mod, party=party, text=text, days=days, then=ask
            )
            await interaction.response.send_message(
                f"Asked the {party} for evidence on dispute #{dispute.id}, due "
                f"{discord.utils.format_dt(due, 'f')}.",
                ephemeral=True,
            )

    @dispute.command(name="resolve", description="Decide a dispute and move the money (moderators)")
    @app_commands.rename(dispute_id="id")
    @app_commands.describe(
        outcome="release: seller paid · refund: buyer refunded · split: shared",
        buyer_percent="For a split: the buyer's share, 1 to 99",
        reason="The written reason both parties receive",
    )
    async def resolve(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        outcome: Literal["release", "refund", "split"],
        reason: str,
        buyer_percent: int | None = None,
    ) -> None:
        await self.ask_resolve(interaction, dispute_id, outcome, reason, buyer_percent)

    async def ask_resolve(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        outcome: str,
        reason: str,
        buyer_percent: int | None,
    ) -> None:
        """The decision asked for (typed or the case file's form), then confirmed."""
        mod = await self.moderator(interaction, dispute_id)
        decided = DisputeOutcome(outcome.upper())
        reason, percent = check_decision(decided, reason, buyer_percent)
        dispute = await Dispute.for_moderator(dispute_id, mod)
        dispute.refuse_unless_open("resolve it")
        escrow = await Escrow.get(id=dispute.escrow_id)
        words = _OUTCOME_WORDS[decided]
        if percent is not None:
            words += f": {percent}% back to the buyer, the rest to the seller"
        after = "The money moves at once and can't be moved back."
        if escrow.amount > self.bot.settings.dispute_approval_threshold_cents:
            after = (
                "This is a large escrow: your decision is recorded as proposed, and the money "
                "moves only when a second arbiter approves it."
            )

        async def go(yes: discord.Interaction[Any]) -> None:
            await self.resolve_now(yes, dispute_id, decided, reason, percent)

        await confirm(
            interaction,
            f"Resolve dispute #{dispute.id} on escrow #{escrow.id} and {words}? {after}",
            yes=f"Yes, {outcome}",
            action=go,
            not_yours=FOR_THE_MODERATOR,
        )

    async def resolve_now(
        self,
        interaction: discord.Interaction[Any],
        dispute_id: int,
        outcome: DisputeOutcome,
        reason: str,
        buyer_percent: int | None,
    ) -> None:
        """The confirmed decision: everything re-checked under the dispute's row lock."""
        mod = await self.moderator(interaction, dispute_id)
        rail = await self.rail_of(dispute_id)
        await _clear_prompt(interaction, dispute_id)

        async def tell_proposed(dispute: Dispute, conn: BaseDBAsyncClient) -> None:
            text = (
                f"A resolution of dispute #{dispute.id} ({outcome.lower()}) was proposed and "
                f"waits for a second arbiter: `/dispute approve id:{dispute.id}`."
            )
            await self.alert(dispute, text, conn)
            await self.post_in_thread(dispute, text, conn)

        try:
            async with sent_after(self.bot):
                dispute = await Dispute.resolve(
                    dispute_id,
                    mod=mod,
                    outcome=outcome,
                    reason=reason,
                    buyer_percent=buyer_percent,
                    rail=rail,
                    approval_threshold_cents=self.bot.settings.dispute_approval_threshold_cents,
                    proposed=tell_proposed,
                )
        except ProviderPending as exc:
            await interaction.followup.send(
                f"Dispute #{dispute_id} is decided. {still_moving(exc)}", ephemeral=True
            )
            return
        if dispute.status is not DisputeStatus.RESOLVED:
            await interaction.followup.send(
                f"Your decision on dispute #{dispute.id} is recorded as proposed. A second "
                f"arbiter approves it with `/dispute approve id:{dispute.id}`; nothing moves "
                "until then.",
                ephemeral=True,
            )
            await self.refresh_cases(dispute.id)
            return
        await self.announce(dispute)
        await interaction.followup.send(
            f"Dispute #{dispute.id} is resolved ({outcome.lower()}) and the money has moved. "
            "Both parties were told the reason.",
            ephemeral=True,
        )

    @dispute.command(
        name="approve", description="Approve another arbiter's proposed resolution (moderators)"
    )
    @app_commands.rename(dispute_id="id")
    async def approve(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        mod = await self.moderator(interaction, dispute_id)
        dispute = await Dispute.for_moderator(dispute_id, mod)
        dispute.refuse_unless_open("approve its resolution")
        proposal = dispute.proposal
        if not proposal:
            raise NotFound(f"Dispute #{dispute.id} has no proposed resolution to approve.")
        outcome = DisputeOutcome(proposal["outcome"])
        words = _OUTCOME_WORDS[outcome]
        if proposal.get("buyer_percent") is not None:
            words += f": {proposal['buyer_percent']}% back to the buyer, the rest to the seller"

        async def go(yes: discord.Interaction[Any]) -> None:
            await self.approve_now(yes, dispute_id)

        await confirm(
            interaction,
            f"Approve the proposed resolution of dispute #{dispute.id}: {words}?\n"
            f"> {str(proposal.get('reason', ''))[:1500]}\n"
            "The money moves at once and can't be moved back.",
            yes="Yes, approve",
            action=go,
            not_yours=FOR_THE_MODERATOR,
        )

    async def approve_now(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        """The confirmed approval: re-checked under the dispute's row lock, then the money."""
        mod = await self.moderator(interaction, dispute_id)
        rail = await self.rail_of(dispute_id)
        await _clear_prompt(interaction, dispute_id)
        try:
            dispute = await Dispute.approve(dispute_id, mod=mod, rail=rail)
        except ProviderPending as exc:
            await interaction.followup.send(
                f"Dispute #{dispute_id} is approved. {still_moving(exc)}", ephemeral=True
            )
            return
        await self.announce(dispute)
        await interaction.followup.send(
            f"Dispute #{dispute.id} is resolved ({(dispute.outcome or '').lower()}) with your "
            "approval and the money has moved. Both parties were told the reason.",
            ephemeral=True,
        )

    async def announce(self, dispute: Dispute) -> None:
        """Close the decided dispute, telling both parties the decision and its written
        reason in the closing transaction (nothing when the money step isn't finished: the
        deadlines job closes it, and tells them, once it is)."""
        self.bot.dispatch("escrow_changed", dispute.escrow_id)  # the cards show the outcome
        async with sent_after(self.bot):
            await Dispute.close(dispute.id, actor_label="discord:resolve", then=self.tell_decision)
            await self.refresh_cases(dispute.id)

    async def tell_decision(self, dispute: Dispute, conn: BaseDBAsyncClient) -> None:
        """The decision and its reason to both parties and the dispute's thread, in `conn`."""
        escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
        what = {
            DisputeOutcome.RELEASE: "the payment was released to the seller",
            DisputeOutcome.REFUND: "the buyer was refunded in full",
            DisputeOutcome.SPLIT: f"the payment was split: {dispute.buyer_percent}% back to the "
            "buyer, the rest to the seller",
        }[dispute.outcome or DisputeOutcome.RELEASE]
        text = (
            f"Dispute #{dispute.id} on escrow #{escrow.id} is resolved: {what}.\n"
            f"The moderator's reason:\n> {dispute.resolution}"
        )
        for party in escrow.party_ids():
            await self.tell(party, text, conn)
        await self.post_in_thread(dispute, text, conn)

    @dispute.command(name="export", description="The evidence packet, JSON and PDF (moderators)")
    @pdf_cooldown()
    @app_commands.rename(dispute_id="id")
    async def export(self, interaction: discord.Interaction[Any], dispute_id: int) -> None:
        mod = await self.moderator(interaction, dispute_id)
        dispute = await Dispute.for_moderator(dispute_id, mod)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await AuditLog.record(
            "dispute.exported",
            object_type="dispute",
            object_id=dispute.id,
            actor=mod.user,
            actor_label="staff" if mod.staff else "moderator",
            guild_id=dispute.guild_id,
        )
        await seal_pending()  # so the packet carries the chain hashes of every row
        packet = await evidence_packet(dispute, self.bot.roblox)
        names = {u.id: u.username for u in await User.filter(id__in=names_in(packet))}
        pdf = await asyncio.to_thread(render_report, packet, names)  # fpdf off the loop
        body = packet_json(packet)
        await keep_packet(dispute.id, body, pdf, self.bot.settings.data_dir)
        files = [
            discord.File(io.BytesIO(body), filename=f"dispute-{dispute.id}.json"),
            discord.File(io.BytesIO(pdf), filename=f"dispute-{dispute.id}.pdf"),
        ]
        await interaction.followup.send(
            f"Evidence packet for dispute #{dispute.id}: the case file, "
            f"{len(packet['escrow_events'])} escrow events and {len(packet['audit'])} audit "
            "entries with their chain hashes.",
            files=files,
            ephemeral=True,
        )

    # --- deadlines (the job lives in bot/jobs.py; these are what people are told) ----------

    async def run_deadlines(self, now: dt.datetime | None = None) -> dict[str, int]:
        """Remind moderators of disputes past the guild's deadline, then escalate to platform
        staff; close disputes whose money finished late. Never moves any money."""
        closed: list[Dispute] = []

        async def announce_closed(dispute: Dispute, conn: BaseDBAsyncClient) -> None:
            await self.announce_closed(dispute, conn)
            closed.append(dispute)

        async with sent_after(self.bot):
            counts = await jobs.dispute_deadlines(
                self.report_overdue, self.report_due, announce_closed, now
            )
            for dispute in closed:  # committed: the cards and case messages catch up
                self.bot.dispatch("escrow_changed", dispute.escrow_id)
                await self.refresh_cases(dispute.id)
        return counts

    async def report_overdue(
        self, found: tuple[Dispute, dict[str, Any]], conn: BaseDBAsyncClient | None = None
    ) -> None:
        dispute, request = found
        due_at = _parse_due(request)
        when = discord.utils.format_dt(due_at, "f") if due_at else "its due date"
        text = (
            f"The {request.get('party')} didn't send the evidence asked for on dispute "
            f"#{dispute.id} by {when}. Moderators: decide with what the case file holds, "
            f"or ask again with `/dispute request id:{dispute.id}`."
        )
        await self.warn(dispute, text, conn)

    async def warn(
        self, dispute: Dispute, text: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        """Tell the moderators (disputes channel) and the dispute's thread."""
        await self.alert(dispute, text, conn)
        await self.post_in_thread(dispute, text, conn)

    async def report_due(self, due: Due, conn: BaseDBAsyncClient | None = None) -> None:
        dispute = due.dispute
        if due.step == "remind":
            text = (
                f"Dispute #{dispute.id} (escrow #{dispute.escrow_id}) is past its deadline "
                f"and still {dispute.status.lower().replace('_', ' ')}. Please claim and "
                f"resolve it: `/dispute view id:{dispute.id}`."
            )
            await self.warn(dispute, text, conn)
            return
        guild = await Guild.get_or_none(id=dispute.guild_id) if dispute.guild_id else None
        text = (
            f"Escalated: dispute #{dispute.id} (escrow #{dispute.escrow_id}) in "
            f"{guild.name if guild else 'an unknown server'} is still "
            f"{dispute.status.lower().replace('_', ' ')} past its deadline and after a "
            "reminder. Nothing has been released. `/dispute view id:"
            f"{dispute.id}` works for staff everywhere."
        )
        for staff_id in self.bot.settings.staff_user_ids:
            await dm(self.bot, staff_id, content=text, conn=conn)
        await self.post_in_thread(
            dispute, "This dispute was escalated to Bloxtr8 platform staff.", conn
        )

    async def announce_closed(self, dispute: Dispute, conn: BaseDBAsyncClient) -> None:
        """The money finished late (the reconciler) and the job closes the dispute: the
        parties are told in its transaction; the cards and case messages catch up after."""
        await self.tell_decision(dispute, conn)


async def _clear_prompt(interaction: discord.Interaction[Any], dispute_id: int) -> None:
    """Acknowledge the confirming click by taking the question's buttons away (so no
    stale Yes stays), or defer when there is no question message."""
    if interaction.message is not None and not interaction.response.is_done():
        await interaction.response.edit_message(
            content=f"Working on dispute #{dispute_id}…", view=None
        )
    else:
        await interaction.response.defer(ephemeral=True, thinking=True)


def _case_note(dispute: Dispute) -> str:
    """What an old case file says once its buttons are gone."""
    if dispute.is_open and dispute.proposal:
        return (
            f"Dispute #{dispute.id}: a resolution was proposed and waits for a second "
            f"arbiter (`/dispute approve id:{dispute.id}`)."
        )
    return f"Dispute #{dispute.id} is decided: nothing is left to do here."


def _parse_due(request: dict[str, Any]) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(request.get("due")))
    except ValueError:
        return None

"""The escrow cog's USDC part: deposit instructions for the buyer, the deposit watcher
and the returns job, and what the parties are told when a deposit counts."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord

from bot import jobs
from bot.rails.stripe_events import Notice
from bot.ui.notify import dm, sent_after, tell
from models import gas, storage
from models.errors import DomainError
from models.escrow import Escrow, StablecoinEscrow
from models.money import format_amount

from .usdc import (
    QR_FILENAME,
    deposit_instructions,
    deposit_link,
    format_usdc,
    instructions,
    qr_bytes,
    screen_buyer,
)

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot
    from bot.rails.usdc.rail import UsdcRail
    from bot.rails.usdc.watcher import DepositWatcher
    from models.stablecoin import DepositOutcome
    from models.storage import StoredDocument

    from .cog import EscrowCog

log = logging.getLogger(__name__)

JOB_DEPOSITS = "usdc-deposits"
JOB_RETURNS = "usdc-returns"
JOB_GAS = "usdc-gas"
JOB_PAYOUTS = "usdc-payouts"
JOB_OPENINGS = "usdc-openings"
OPENING_GRACE_SECONDS = 60  # the opening process's own `opened` goes first


class UsdcPayments:
    def __init__(self, bot: Bloxtr8Bot, cog: EscrowCog) -> None:
        self.bot = bot
        self.cog = cog
        self.watcher: DepositWatcher | None = None

    @property
    def rail(self) -> UsdcRail:
        from models.enums import EscrowRail

        rail: UsdcRail = self.bot.rails.require(EscrowRail.USDC_BASE)
        return rail

    # --- jobs ------------------------------------------------------------------------------

    def start_jobs(self) -> None:
        rail = self.bot.rails.usdc
        if rail is None:
            return
        from bot.rails.usdc.watcher import DepositWatcher

        if self.watcher is None:
            self.watcher = DepositWatcher.from_settings(
                self.bot.settings, rail.w3, screeners=self.bot.rails.screeners
            )
        self.bot.jobs.every(jobs.DEPOSIT_POLL_SECONDS, JOB_DEPOSITS, self.watch_deposits)
        self.bot.jobs.every(jobs.RETURNS_SECONDS, JOB_RETURNS, self.return_owed)
        self.bot.jobs.every(jobs.GAS_CHECK_SECONDS, JOB_GAS, self.check_gas)
        self.bot.jobs.every(jobs.DEPOSIT_POLL_SECONDS, JOB_PAYOUTS, self.finish_payouts)
        self.bot.jobs.every(jobs.DEPOSIT_POLL_SECONDS, JOB_OPENINGS, self.open_missing)

    def stop_jobs(self) -> None:
        self.bot.jobs.cancel(JOB_DEPOSITS)
        self.bot.jobs.cancel(JOB_RETURNS)
        self.bot.jobs.cancel(JOB_GAS)
        self.bot.jobs.cancel(JOB_PAYOUTS)
        self.bot.jobs.cancel(JOB_OPENINGS)

    async def watch_deposits(self) -> dict[str, int]:
        """The deposit job: each counted deposit's DMs are written as it is counted and
        sent once the poll is over, after its escrow's cards are brought up to date."""
        assert self.watcher is not None
        counted: list[int] = []

        async def on_counted(outcome: DepositOutcome, conn: BaseDBAsyncClient) -> None:
            await self.on_counted(outcome, conn)
            counted.append(outcome.escrow_id)

        async with sent_after(self.bot):
            report = await jobs.watch_deposits(self.watcher, on_counted)
            for escrow_id in dict.fromkeys(counted):
                await self.cog.refresh_cards(escrow_id)
        return report

    async def return_owed(self) -> int:
        return await jobs.return_owed_payments(self.bot.rails)

    async def finish_payouts(self) -> int:
        """Releases and refunds that became final on the chain: each recipient's DM (what
        reached their wallet, with the words of who started the step) was written with
        the completion (`payout_notices`) and is sent now; the trade cards catch up."""
        from bot.rails.usdc.payouts import finish_payouts

        async with sent_after(self.bot):
            done = await finish_payouts(self.rail)
        for escrow_id in dict.fromkeys(p.escrow_id for p in done if not p.returned):
            self.bot.dispatch("escrow_changed", escrow_id)
        return len(done)

    async def check_gas(self) -> bool:
        """Low operator gas degrades `/healthz` and is told to staff once per episode."""
        minimum = self.bot.settings.usdc_min_gas_wei
        balance, low = await jobs.check_operator_gas(self.rail, minimum)
        if not low:
            self.bot.web.degraded.pop("operator_gas", None)
            # An episode ends (recorded, so the next low one is told again).
            await gas.record_gas(self.rail.signer.address, balance, minimum)
            return False
        self.bot.web.degraded["operator_gas"] = (
            f"operator {self.rail.signer.address} has {balance} wei, below {minimum}"
        )
        # Told once per episode: the episode is the database's (`models.gas`), in any process.
        async with sent_after(self.bot):
            await gas.record_gas(self.rail.signer.address, balance, minimum, then=self.tell_gas_low)
        return True

    async def tell_gas_low(self, balance: int, conn: BaseDBAsyncClient | None = None) -> None:
        """Staff hear of a low-gas episode once, with its record (in `conn` when given)."""
        minimum = self.bot.settings.usdc_min_gas_wei
        text = (
            f"⚠️ The USDC operator key `{self.rail.signer.address}` is low on gas: "
            f"{balance / 10**18:.6f} ETH left (minimum {minimum / 10**18:.6f}). "
            "Releases and refunds stay pending until it is refilled."
        )
        for staff_id in self.bot.settings.staff_user_ids:
            await dm(self.bot, staff_id, content=text, conn=conn)

    async def on_counted(
        self, outcome: DepositOutcome, conn: BaseDBAsyncClient | None = None
    ) -> None:
        """The parties hear about a counted deposit (in `conn`, the counting transaction)."""
        escrow = await Escrow.get(id=outcome.escrow_id, using_db=conn)
        if outcome.result == "funded":
            await self.cog.tell_notice(Notice("funded", escrow.id), conn)
            if outcome.excess_base_units:
                await tell(
                    self.bot,
                    escrow.buyer_id,
                    content=f"You sent {format_usdc(outcome.excess_base_units)} more than the "
                    f"price of escrow #{escrow.id}; the extra is being sent back to the "
                    "address it came from.",
                    conn=conn,
                )
        elif outcome.result == "waiting":
            await tell(
                self.bot,
                escrow.buyer_id,
                content=f"Part of the payment for escrow #{escrow.id} arrived; it isn't funded "
                f"until the full {format_amount(escrow.amount)} in USDC is there. Run "
                f"`/escrow pay id:{escrow.id}` to see the address again.",
                conn=conn,
            )
        elif outcome.result == "extra":
            await tell(
                self.bot,
                escrow.buyer_id,
                content=f"A payment of {format_usdc(outcome.excess_base_units)} arrived for "
                f"escrow #{escrow.id}, which no longer takes payments; it is being sent back "
                "to the address it came from.",
                conn=conn,
            )

    # --- the buyer's instructions ----------------------------------------------------------

    async def opened(self, escrow: Escrow) -> None:
        """A USDC escrow just opened: its deposit address is opened, and the parties' DMs
        are written in the transaction that opens it (`tell_opened`), so a crash after
        that commit still delivers them and a rollback says nothing. The buyer's wallet is
        screened first (no transaction is open while screeners answer) and the QR code
        stored in the document store; an address already opened (by `/escrow pay`, or
        another process) calls for no DM here."""
        rail = self.rail
        if await StablecoinEscrow.exists(escrow_id=escrow.id):
            return
        refused: str | None = None
        qr: StoredDocument | None = None
        try:
            await screen_buyer(rail, escrow)
        except DomainError as exc:
            refused = exc.message
        else:
            link = deposit_link(
                escrow,
                token=rail.token,
                chain_id=rail.chain_id,
                deposit=rail.deposit_address(escrow.id),
            )
            qr = await self.keep_qr(link)

        async def tell_parties(row: StablecoinEscrow, conn: BaseDBAsyncClient) -> None:
            await self.tell_opened(escrow, row, conn, refused=refused, qr=qr)

        async with sent_after(self.bot):
            await rail.open_deposit(escrow.id, then=tell_parties)

    async def open_missing(self) -> int:
        """USDC escrows waiting for money whose deposit address was never opened (the
        process stopped between the escrow's opening and `opened`): opened now, with
        their DMs. Returns how many."""
        from models.base import utcnow
        from models.enums import EscrowRail, EscrowStatus

        before = utcnow() - dt.timedelta(seconds=OPENING_GRACE_SECONDS)
        missing = await Escrow.filter(
            rail=EscrowRail.USDC_BASE,
            status=EscrowStatus.AWAIT_FUNDS,
            stablecoin=None,
            created_at__lte=before,
        ).order_by("id")
        return await jobs.each(missing, self.opened, "Opening a USDC deposit address")

    async def keep_qr(self, link: str) -> StoredDocument:
        """The QR code of `link`, kept in the document store under its SHA-256."""
        folder = Path(self.bot.settings.data_dir) / storage.DEPOSITS
        where = storage.documents(storage.DEPOSITS, folder)
        return await where.put_bytes(qr_bytes(link), ".png")

    async def tell_opened(
        self,
        escrow: Escrow,
        row: StablecoinEscrow,
        conn: BaseDBAsyncClient,
        *,
        refused: str | None,
        qr: StoredDocument | None,
    ) -> None:
        """The opened address's DMs, in `conn` (the transaction that opens it): the buyer's
        instructions with the QR code attached by reference (read and checked against its
        hash when sent), or what to do first when their wallet isn't cleared; the seller's
        note."""
        amount = format_amount(escrow.amount)
        if qr is None:
            await tell(
                self.bot,
                escrow.buyer_id,
                content=f"Escrow #{escrow.id} ({amount}, paid in USDC on Base) is open. {refused}",
                conn=conn,
            )
        else:
            embed, _link = instructions(row, escrow)
            document = {"ref": qr.ref, "sha256": qr.sha256, "filename": QR_FILENAME}
            await tell(self.bot, escrow.buyer_id, embed=embed, documents=[document], conn=conn)
        await tell(
            self.bot,
            escrow.seller_id,
            content=f"Escrow #{escrow.id} is open: waiting for the buyer's payment of {amount} "
            "in USDC on Base. Don't hand anything over until Bloxtr8 tells you the payment "
            "is held.",
            conn=conn,
        )

    async def pay(self, interaction: discord.Interaction[Any], escrow: Escrow) -> None:
        from models.base import utcnow
        from models.enums import EscrowStatus
        from models.errors import InvalidState

        self.rail  # noqa: B018 - refuses plainly when the rail isn't configured
        if escrow.status is EscrowStatus.CANCELLED:
            raise InvalidState(f"Escrow #{escrow.id} was cancelled: don't send anything.")
        if escrow.status is not EscrowStatus.AWAIT_FUNDS:
            raise InvalidState(f"Escrow #{escrow.id} is already paid.")
        if escrow.expires_at is not None and escrow.expires_at <= utcnow():
            raise InvalidState(f"The payment window of escrow #{escrow.id} is over.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, file = await deposit_instructions(self.rail, escrow)
        await interaction.followup.send(embed=embed, file=file, ephemeral=True)

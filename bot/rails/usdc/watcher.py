"""The deposit watcher: reads USDC `Transfer` logs into open deposit addresses.

Each `poll()` reads from the stored cursor (the first block not yet final) to the chain
head, records every transfer into a deposit address as SEEN (with its block hash), then
settles the SEEN deposits whose blocks are now final: still in the canonical chain →
counted (`models.stablecoin.count_deposit`), gone → VANISHED. The cursor then moves to
the first block that is not final, so unfinalised blocks are read again on the next poll
and a reorganisation that moved or removed a transfer is seen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eth_utils import keccak, to_checksum_address
from tortoise.transactions import in_transaction
from web3 import AsyncWeb3
from web3.exceptions import TransactionNotFound

from models.audit import AuditLog
from models.chain import ChainCursor, ChainDeposit, DepositStatus
from models.enums import EscrowStatus
from models.escrow import OPEN_STATUSES, StablecoinEscrow
from models.screening import ScreeningUnavailable, WalletSanctioned, screen_wallet
from models.stablecoin import DepositOutcome, count_deposit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.config import Settings
    from models.notification import Then
    from models.screening import WalletScreener

log = logging.getLogger(__name__)

TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
WATCHED = (*OPEN_STATUSES, EscrowStatus.CANCELLED)  # late payments are returned too


def _topic_for(address: str) -> str:
    return "0x" + "00" * 12 + address.lower().removeprefix("0x")


def _hex(value: Any) -> str:
    return "0x" + bytes(value).hex().removeprefix("0x") if not isinstance(value, str) else value


@dataclass
class PollReport:
    head: int = 0
    scanned: tuple[int, int] | None = None
    seen: int = 0
    counted: list[DepositOutcome] = field(default_factory=list)
    vanished: int = 0
    blocked: int = 0
    waiting_for_screening: int = 0


class DepositWatcher:
    def __init__(
        self,
        w3: AsyncWeb3[Any],
        *,
        chain_id: int,
        token: str,
        confirmations: int,
        start_block: int = 0,
        max_blocks: int = 2_000,
        addresses_per_query: int = 500,
        screeners: Sequence[WalletScreener] | None = None,
    ) -> None:
        self.w3 = w3
        self.chain_id = chain_id
        self.token = to_checksum_address(token)
        self.confirmations = confirmations
        self.start_block = start_block
        self.max_blocks = max_blocks
        self.addresses_per_query = addresses_per_query
        # With screeners, a final deposit counts only once its sender is screened clear;
        # while screening can't answer, it waits (fails closed).
        self.screeners = screeners
        self.cursor_name = f"usdc-deposits:{chain_id}:{self.token}"

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        w3: AsyncWeb3[Any],
        *,
        screeners: Sequence[WalletScreener] | None = None,
    ) -> DepositWatcher:
        if not settings.usdc_token_address:
            raise RuntimeError("USDC_TOKEN_ADDRESS is not set")
        return cls(
            w3,
            chain_id=settings.chain_id,
            token=settings.usdc_token_address,
            confirmations=settings.chain_confirmations,
            start_block=settings.chain_start_block,
            screeners=screeners,
        )

    async def _cursor(self) -> int:
        cursor, _ = await ChainCursor.get_or_create(
            name=self.cursor_name, defaults={"next_block": self.start_block}
        )
        return int(cursor.next_block)

    async def _watched(self) -> dict[str, int]:
        rows = await StablecoinEscrow.filter(
            chain_id=self.chain_id, escrow__status__in=WATCHED
        ).values_list("deposit_address", "escrow_id")
        return {str(address).lower(): int(escrow_id) for address, escrow_id in rows}

    async def poll(self, *, then: Then[DepositOutcome] | None = None) -> PollReport:
        """One poll; `then(outcome, conn)` tells about each deposit counted, in the
        transaction that counts it."""
        report = PollReport(head=int(await self.w3.eth.block_number))
        final_upto = report.head - self.confirmations  # blocks <= this are final
        start = await self._cursor()
        end = min(report.head, start + self.max_blocks - 1)
        if start <= end:
            report.scanned = (start, end)
            watched = await self._watched()
            if watched:
                report.seen = await self._scan(start, end, watched)
        await self._settle(final_upto, report, then)
        # Next time, start at the first block that wasn't final (or past what was read).
        next_block = min(end + 1, max(start, final_upto + 1))
        await ChainCursor.filter(name=self.cursor_name).update(next_block=next_block)
        return report

    async def _scan(self, start: int, end: int, watched: dict[str, int]) -> int:
        addresses = list(watched)
        seen = 0
        for i in range(0, len(addresses), self.addresses_per_query):
            chunk = addresses[i : i + self.addresses_per_query]
            logs = await self.w3.eth.get_logs(
                {
                    "address": self.token,
                    "fromBlock": start,
                    "toBlock": end,
                    "topics": [TRANSFER_TOPIC, None, [_topic_for(a) for a in chunk]],
                }
            )
            recorded = await self._already_recorded(logs)
            new: list[ChainDeposit] = []
            for entry in logs:
                receiver = "0x" + _hex(entry["topics"][2])[-40:]
                escrow_id = watched.get(receiver.lower())
                if escrow_id is None:
                    continue
                key = (_hex(entry["transactionHash"]), int(entry["logIndex"]))
                if key not in recorded:
                    new.append(self._row(entry, escrow_id))
                elif recorded[key] != (_hex(entry["blockHash"]), True):
                    await self._record(entry, escrow_id)
                seen += 1
            # Logs never seen before: one insert (another watcher's copy is left alone).
            await ChainDeposit.bulk_create(new, batch_size=1_000, ignore_conflicts=True)
        return seen

    async def _already_recorded(
        self, logs: Sequence[Any]
    ) -> dict[tuple[str, int], tuple[str, bool]]:
        """(tx hash, log index) → (block hash, still standing: SEEN or COUNTED) of the logs
        already recorded: re-reading an unfinalised block finds them where they were,
        nothing to write (a poll re-reads every block that isn't final yet)."""
        hashes = list({_hex(entry["transactionHash"]) for entry in logs})
        if not hashes:
            return {}
        rows = await ChainDeposit.filter(chain_id=self.chain_id, tx_hash__in=hashes).values_list(
            "tx_hash", "log_index", "block_hash", "status"
        )
        standing = (DepositStatus.SEEN, DepositStatus.COUNTED)
        return {
            (str(tx), int(index)): (str(block), DepositStatus(status) in standing)
            for tx, index, block, status in rows
        }

    def _row(self, entry: Any, escrow_id: int) -> ChainDeposit:
        return ChainDeposit(
            chain_id=self.chain_id,
            tx_hash=_hex(entry["transactionHash"]),
            log_index=int(entry["logIndex"]),
            block_number=int(entry["blockNumber"]),
            block_hash=_hex(entry["blockHash"]),
            escrow_id=escrow_id,
            sender=to_checksum_address("0x" + _hex(entry["topics"][1])[-40:]),
            amount_base_units=Decimal(int(_hex(entry["data"]), 16)),
        )

    async def _record(self, entry: Any, escrow_id: int) -> None:
        """Insert the log as SEEN, or move an existing SEEN/VANISHED row to where the log
        is now (a reorganisation may re-include a transaction in another block)."""
        tx_hash = _hex(entry["transactionHash"])
        key = {"chain_id": self.chain_id, "tx_hash": tx_hash, "log_index": int(entry["logIndex"])}
        where = {"block_number": int(entry["blockNumber"]), "block_hash": _hex(entry["blockHash"])}
        async with in_transaction() as conn:
            row = await ChainDeposit.filter(**key).select_for_update().using_db(conn).first()
            if row is None:
                await self._row(entry, escrow_id).save(using_db=conn)
            elif row.status is not DepositStatus.COUNTED:
                await (
                    ChainDeposit.filter(id=row.id)
                    .using_db(conn)
                    .update(**where, status=DepositStatus.SEEN)
                )

    async def _settle(
        self, final_upto: int, report: PollReport, then: Then[DepositOutcome] | None = None
    ) -> None:
        pending = await ChainDeposit.filter(
            chain_id=self.chain_id, status=DepositStatus.SEEN, block_number__lte=final_upto
        ).order_by("block_number", "log_index")
        receipts: dict[str, Any] = {}  # one transaction may pay many deposits (a batch)
        for deposit in pending:
            if deposit.tx_hash not in receipts:
                try:
                    receipts[deposit.tx_hash] = await self.w3.eth.get_transaction_receipt(
                        deposit.tx_hash  # type: ignore[arg-type]
                    )
                except TransactionNotFound:
                    receipts[deposit.tx_hash] = None
            receipt = receipts[deposit.tx_hash]
            if receipt is None or _hex(receipt["blockHash"]) != deposit.block_hash:
                # Reorganised away (or moved: the next scan records it where it is now).
                await ChainDeposit.filter(id=deposit.id, status=DepositStatus.SEEN).update(
                    status=DepositStatus.VANISHED
                )
                log.warning(
                    "Deposit %s to escrow %s vanished in a reorganisation",
                    deposit.tx_hash,
                    deposit.escrow_id,
                )
                report.vanished += 1
                continue
            if self.screeners is not None and not await self._sender_clear(deposit, report):
                continue
            outcome = await count_deposit(deposit.id, then=then)
            log.info(
                "Deposit %s counted for escrow %s: %s",
                deposit.tx_hash,
                deposit.escrow_id,
                outcome.result,
            )
            report.counted.append(outcome)

    async def _sender_clear(self, deposit: ChainDeposit, report: PollReport) -> bool:
        assert self.screeners is not None
        try:
            await screen_wallet(deposit.sender, self.screeners)
        except ScreeningUnavailable:
            log.warning("Deposit %s waits: screening unavailable", deposit.tx_hash)
            report.waiting_for_screening += 1
            return False
        except WalletSanctioned:
            await ChainDeposit.filter(id=deposit.id, status=DepositStatus.SEEN).update(
                status=DepositStatus.BLOCKED
            )
            await AuditLog.record(
                "escrow.deposit_blocked",
                object_type="escrow",
                object_id=deposit.escrow_id,
                actor_label="chain",
                after={"tx": deposit.tx_hash, "sender": deposit.sender},
            )
            log.warning(
                "Deposit %s to escrow %s blocked: sender on a sanctions list",
                deposit.tx_hash,
                deposit.escrow_id,
            )
            report.blocked += 1
            return False
        return True

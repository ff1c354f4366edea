"""The USDC rail: release and refund from the vault, each as a transaction signed by the
operator key and stored before it is broadcast.

`execute(call)` (the `Rail` protocol, run by the provider-call outbox like the card rail):

1. If the call has no signed transaction yet: read gas and fees from the chain (no
   database transaction open), then in one transaction lock the call, allocate the next
   nonce of the operator key from the database (`chain_nonces`, row lock), sign, and store
   the raw bytes and hash (`chain_transactions`, one per call). Commit.
2. Broadcast the stored bytes. A retry, a concurrent attempt or the reconciler after a
   crash broadcasts the *same* bytes (same hash, same nonce), so the chain runs it at
   most once.
3. Look for the receipt: mined with status 1 → success (the outbox completes the escrow
   transition); reverted → refused (nothing moved); not mined yet → unavailable (the call
   stays pending and is repeated later, with the same bytes).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eth_utils import to_checksum_address
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction
from web3 import AsyncWeb3
from web3.exceptions import TransactionNotFound

from bot.rails.usdc.artifacts import artifact, deposit_address
from bot.rails.usdc.chain import web3_from_settings
from bot.rails.usdc.signer import Signer
from models.base import utcnow
from models.chain import (
    AwaitingFinality,
    ChainNonce,
    ChainTransaction,
    ChainTxReplacement,
    ChainTxStatus,
)
from models.enums import EscrowRail, ProviderCallKind, ProviderCallStatus
from models.payments import ProviderCall
from models.provider import ProviderRefused, ProviderResult, ProviderUnavailable
from models.stablecoin import open_deposit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.config import Settings
    from models.escrow import StablecoinEscrow
    from models.notification import Then
    from models.screening import WalletScreener

log = logging.getLogger(__name__)


class UsdcRail:
    kind = EscrowRail.USDC_BASE

    def __init__(
        self,
        w3: AsyncWeb3[Any],
        signer: Signer,
        *,
        chain_id: int,
        token: str,
        vault: str,
        forwarder: str,
        confirmations: int,
        screeners: Sequence[WalletScreener] = (),
        stuck_after_seconds: float = 180,
    ) -> None:
        self.w3 = w3
        # Payouts screen the recipient with these (none = screening unavailable: refused).
        self.screeners: Sequence[WalletScreener] = list(screeners)
        self.signer = signer
        # A transaction unmined this long after it was signed is replaced with a higher fee.
        self.stuck_after_seconds = stuck_after_seconds
        # A payout counts once its block has this many blocks on top, the deposits' rule.
        self.confirmations = confirmations
        self.chain_id = chain_id
        self.token = to_checksum_address(token)
        self.forwarder = to_checksum_address(forwarder)
        self.vault_address = to_checksum_address(vault)
        self.vault = w3.eth.contract(address=self.vault_address, abi=artifact("Vault").abi)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        w3: AsyncWeb3[Any] | None = None,
        screeners: Sequence[WalletScreener] = (),
    ) -> UsdcRail:
        missing = [
            name
            for name, value in (
                ("USDC_OPERATOR_KEY", settings.usdc_operator_key),
                ("USDC_TOKEN_ADDRESS", settings.usdc_token_address),
                ("USDC_VAULT_ADDRESS", settings.usdc_vault_address),
                ("USDC_FORWARDER_ADDRESS", settings.usdc_forwarder_address),
            )
            if not value
        ]
        if missing:
            raise RuntimeError(f"USDC rail not configured: {', '.join(missing)} not set")
        assert settings.usdc_operator_key is not None
        return cls(
            w3 or web3_from_settings(settings),
            Signer(settings.usdc_operator_key.get_secret_value()),
            chain_id=settings.chain_id,
            token=str(settings.usdc_token_address),
            vault=str(settings.usdc_vault_address),
            forwarder=str(settings.usdc_forwarder_address),
            confirmations=settings.chain_confirmations,
            screeners=screeners,
        )

    # --- deposits -----------------------------------------------------------------------

    def deposit_address(self, escrow_id: int) -> str:
        return deposit_address(self.vault_address, self.forwarder, escrow_id)

    async def open_deposit(
        self, escrow_id: int, *, then: Then[StablecoinEscrow] | None = None
    ) -> StablecoinEscrow:
        """The escrow's deposit address, recorded once (what the buyer pays to);
        `then(row, conn)` in the transaction that records it (`stablecoin.open_deposit`)."""
        return await open_deposit(
            escrow_id,
            chain_id=self.chain_id,
            token=self.token,
            deposit_address=self.deposit_address(escrow_id),
            then=then,
        )

    # --- calls recorded in the outbox ------------------------------------------------------

    async def execute(self, call: ProviderCall) -> ProviderResult:
        if call.kind is ProviderCallKind.CREATE_PAYMENT:
            row = await self.open_deposit(call.escrow_id)
            return ProviderResult(row.deposit_address)
        if call.kind is ProviderCallKind.CANCEL_PAYMENT:
            return ProviderResult("nothing-to-cancel")  # a deposit address needs no cancelling
        if call.kind not in (ProviderCallKind.TRANSFER, ProviderCallKind.REFUND):
            raise ValueError(f"{call.kind} is not a USDC call")
        tx = await self._signed_with_pair(call)
        try:
            return await self._outcome(tx)
        except AwaitingFinality:
            raise  # mined: it only waits for its confirmations
        except ProviderUnavailable:
            if utcnow() - tx.updated_at < dt.timedelta(seconds=self.stuck_after_seconds):
                raise
        # Unmined for too long (fees rose since it was signed): the same call at the same
        # nonce with a higher fee. Whichever of the two is mined wins; the other can't be.
        try:
            tx = await self.replace_stuck(call)
        except Exception as exc:  # the node or the fee reads failed: the call stays pending
            raise ProviderUnavailable(
                f"replacing {tx.tx_hash} failed: {type(exc).__name__}"
            ) from exc
        return await self._outcome(tx)

    async def _signed_with_pair(self, call: ProviderCall) -> ChainTransaction:
        """The call's transaction, signed and stored once, then (re-)broadcast. The halves
        of a split (`split_pair`) still pending are all signed and stored before any is
        broadcast, then broadcast in nonce order; re-sending one already mined is refused
        by the node (its nonce is spent), so it can't pay twice."""
        pair = call.request.get("split_pair")
        if not pair:
            tx = await self._signed(call)
            await self._broadcast(tx)
            return tx
        calls = await ProviderCall.filter(id__in=pair).order_by("id")
        txs = [
            await self._signed(c)
            for c in calls
            if c.id == call.id or c.status is ProviderCallStatus.PENDING
        ]
        for tx in sorted(txs, key=lambda t: int(t.nonce)):
            await self._broadcast(tx)
        return next(tx for tx in txs if tx.call_id == call.id)

    async def replace_stuck(self, call: ProviderCall) -> ChainTransaction:
        """Re-sign the call's unmined transaction at its nonce with fees raised by at least
        `FEE_BUMP_PERCENT` (nodes refuse a smaller bump), keep the one it replaces
        (`ChainTxReplacement`), store the new bytes and broadcast them."""
        old = await ChainTransaction.get(call_id=call.id)
        if await self._mined_hash(old) is not None:
            return old
        old_priority, old_max = _fees_of(bytes(old.raw_tx))
        current = await self.signer.fees(self.w3)
        fees = {
            "maxPriorityFeePerGas": max(current["maxPriorityFeePerGas"], _bumped(old_priority)),
            "maxFeePerGas": max(current["maxFeePerGas"], _bumped(old_max)),
        }
        gas = _gas_of(bytes(old.raw_tx))
        signed = await self.signer.sign(
            self.w3,
            {"to": self.vault_address, "data": self._call_data(call)},
            nonce=int(old.nonce),
            chain_id=self.chain_id,
            gas=gas,
            fees=fees,
        )
        async with in_transaction() as conn:
            row = await ChainTransaction.filter(id=old.id).select_for_update().using_db(conn).get()
            if row.tx_hash != old.tx_hash or row.status is not ChainTxStatus.SIGNED:
                return row  # another process replaced it (or saw it mined) meanwhile
            await ChainTxReplacement.create(
                tx_id=row.id,
                tx_hash=row.tx_hash,
                raw_tx=bytes(row.raw_tx),
                max_fee_per_gas=Decimal(old_max),
                using_db=conn,
            )
            row.tx_hash, row.raw_tx, row.broadcasts = signed.tx_hash, signed.raw, 0
            await row.save(
                using_db=conn, update_fields=["tx_hash", "raw_tx", "broadcasts", "updated_at"]
            )
        log.warning(
            "Transaction %s (nonce %s) was stuck; replaced by %s with max fee %s",
            old.tx_hash,
            old.nonce,
            signed.tx_hash,
            fees["maxFeePerGas"],
        )
        await self._broadcast(row)
        return row

    async def _mined_hash(self, tx: ChainTransaction) -> tuple[str, Any] | None:
        """The hash (and receipt) of whichever of the call's transactions was mined."""
        hashes = [tx.tx_hash, *[r.tx_hash for r in await ChainTxReplacement.filter(tx_id=tx.id)]]
        for tx_hash in hashes:
            try:
                receipt = await self.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
            except TransactionNotFound:
                continue
            if receipt is not None and receipt.get("blockNumber") is not None:
                return tx_hash, receipt
        return None

    def _call_data(self, call: ProviderCall) -> str:
        request = call.request
        function = "release" if call.kind is ProviderCallKind.TRANSFER else "refund"
        fn = getattr(self.vault.functions, function)(
            int(request["escrow_id"]),
            to_checksum_address(request["to"]),
            int(request["amount_base_units"]),
        )
        return str(fn._encode_transaction_data())

    async def _signed(self, call: ProviderCall) -> ChainTransaction:
        existing = await ChainTransaction.get_or_none(call_id=call.id)
        if existing is not None:
            return existing
        data = self._call_data(call)
        tx: dict[str, Any] = {"to": self.vault_address, "data": data}
        try:  # reads only; nothing is open in the database while the chain answers
            estimate = await self.w3.eth.estimate_gas({**tx, "from": self.signer.address})  # type: ignore[typeddict-item]
            chain_nonce = int(
                await self.w3.eth.get_transaction_count(self.signer.address, "pending")  # type: ignore[arg-type]
            )
        except Exception as exc:
            reason = _revert_reason(exc)
            if reason is not None:
                raise ProviderRefused(f"the vault refused: {reason}", code="reverted") from exc
            raise ProviderUnavailable(f"chain unavailable: {type(exc).__name__}") from exc
        gas = estimate * 13 // 10
        try:
            async with in_transaction() as conn:
                await ProviderCall.filter(id=call.id).select_for_update().using_db(conn).get()
                again = await ChainTransaction.filter(call_id=call.id).using_db(conn).first()
                if again is not None:
                    return again
                nonce = await self._allocate_nonce(conn, chain_nonce)
                signed = await self.signer.sign(
                    self.w3, tx, nonce=nonce, chain_id=self.chain_id, gas=gas
                )
                row = await ChainTransaction.create(
                    call_id=call.id,
                    chain_id=self.chain_id,
                    sender=self.signer.address,
                    nonce=nonce,
                    tx_hash=signed.tx_hash,
                    raw_tx=signed.raw,
                    using_db=conn,
                )
        except IntegrityError:  # another process stored this call's transaction first
            return await ChainTransaction.get(call_id=call.id)
        log.info(
            "Signed %s for escrow %s: tx %s nonce %s",
            call.kind,
            call.request.get("escrow_id"),
            row.tx_hash,
            row.nonce,
        )
        return row

    async def _allocate_nonce(self, conn: Any, chain_nonce: int) -> int:
        key = {"chain_id": self.chain_id, "address": self.signer.address}
        await conn.execute_query(
            "INSERT INTO chain_nonces (chain_id, address, next_nonce) VALUES ($1, $2, $3) "
            "ON CONFLICT (chain_id, address) DO NOTHING",
            [self.chain_id, self.signer.address, chain_nonce],
        )
        row = await ChainNonce.filter(**key).select_for_update().using_db(conn).get()
        nonce = max(int(row.next_nonce), chain_nonce)
        row.next_nonce = nonce + 1
        await row.save(using_db=conn, update_fields=["next_nonce"])
        return nonce

    async def _broadcast(self, tx: ChainTransaction) -> None:
        await ChainTransaction.filter(id=tx.id).update(broadcasts=tx.broadcasts + 1)
        try:
            await self.w3.eth.send_raw_transaction(bytes(tx.raw_tx))
        except Exception as exc:  # already known / already mined / node down: the receipt tells
            log.info("Broadcast of %s answered %s", tx.tx_hash, type(exc).__name__)

    async def _outcome(self, tx: ChainTransaction) -> ProviderResult:
        """Succeeded or reverted once the receipt's block is final (`confirmations` blocks
        on top, as for deposits); mined but not final: `AwaitingFinality`. A receipt seen
        before and gone now was removed by a reorganisation: the transaction is SIGNED
        again and the next attempt re-broadcasts the same bytes."""
        try:
            mined = await self._mined_hash(tx)
            head = int(await self.w3.eth.block_number)
        except Exception as exc:
            raise ProviderUnavailable(f"chain unavailable: {type(exc).__name__}") from exc
        if mined is None:
            if tx.block_number is not None:
                # Its stuck clock starts again: the same bytes are re-sent for a while
                # before any replacement with a higher fee.
                await ChainTransaction.filter(id=tx.id).update(
                    status=ChainTxStatus.SIGNED, block_number=None, updated_at=utcnow()
                )
                log.warning(
                    "Transaction %s left the chain (block %s reorganised away); it is sent again",
                    tx.tx_hash,
                    tx.block_number,
                )
                raise AwaitingFinality(f"transaction {tx.tx_hash} was reorganised away")
            raise ProviderUnavailable(f"transaction {tx.tx_hash} is not mined yet")
        mined_hash, receipt = mined
        if mined_hash != tx.tx_hash:
            tx = await self._swap_to(tx, mined_hash)
        block = int(receipt["blockNumber"])
        status = ChainTxStatus.MINED if receipt["status"] == 1 else ChainTxStatus.REVERTED
        await ChainTransaction.filter(id=tx.id).update(status=status, block_number=block)
        if block > head - self.confirmations:
            raise AwaitingFinality(
                f"transaction {tx.tx_hash} in block {block} waits for "
                f"{self.confirmations} confirmations (head {head})"
            )
        if status is ChainTxStatus.REVERTED:
            raise ProviderRefused(f"transaction {tx.tx_hash} reverted", code="reverted")
        return ProviderResult(tx.tx_hash, {"block": block})

    async def _swap_to(self, tx: ChainTransaction, mined_hash: str) -> ChainTransaction:
        """A replaced transaction was the one mined: it becomes the call's transaction and
        the one that replaced it is kept in its place (both hashes stay stored)."""
        async with in_transaction() as conn:
            row = await ChainTransaction.filter(id=tx.id).select_for_update().using_db(conn).get()
            if row.tx_hash == mined_hash:
                return row
            other = await ChainTxReplacement.filter(tx_hash=mined_hash).using_db(conn).get()
            mined_raw = bytes(other.raw_tx)
            other.tx_hash, other.raw_tx = row.tx_hash, bytes(row.raw_tx)
            other.max_fee_per_gas = Decimal(_fees_of(bytes(row.raw_tx))[1])
            row.tx_hash, row.raw_tx = mined_hash, mined_raw
            # Two tables, each with its own unique hashes: the swap can't collide.
            await other.save(
                using_db=conn, update_fields=["tx_hash", "raw_tx", "max_fee_per_gas", "updated_at"]
            )
            await row.save(using_db=conn, update_fields=["tx_hash", "raw_tx", "updated_at"])
            return row


FEE_BUMP_PERCENT = 25  # nodes want at least +10 % on both fees to replace at a nonce


def _bumped(fee: int) -> int:
    return fee * (100 + FEE_BUMP_PERCENT) // 100 + 1


def _decoded(raw: bytes) -> list[Any]:
    """The fields of a signed EIP-1559 transaction: chain id, nonce, priority fee, max fee,
    gas, to, value, data, access list, v, r, s."""
    import rlp

    if not raw or raw[0] != 2:
        raise ValueError("not an EIP-1559 transaction")
    return list(rlp.decode(raw[1:]))


def _fees_of(raw: bytes) -> tuple[int, int]:
    fields = _decoded(raw)
    return int.from_bytes(fields[2], "big"), int.from_bytes(fields[3], "big")


def _gas_of(raw: bytes) -> int:
    return int.from_bytes(_decoded(raw)[4], "big")


def _revert_reason(exc: Exception) -> str | None:
    """The contract's refusal when the exception is a revert, else None (no answer)."""
    from web3.exceptions import ContractLogicError

    if isinstance(exc, ContractLogicError):
        return str(exc.message or exc)
    name = type(exc).__name__
    if name == "TransactionFailed":  # eth-tester's revert
        return str(exc)
    return None

"""Rows the USDC rail keeps about the chain: the watcher's block cursor, the deposits it
saw, and the signed-transaction outbox with the nonces allocated to the operator key."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.provider import ProviderUnavailable

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.payments import ProviderCall


class ChainCursor(TimestampMixin, BaseModel):
    """The next block a watcher reads from, per watcher name (e.g. chain id and token)."""

    name = fields.CharField(max_length=128, unique=True)
    next_block = fields.BigIntField()

    class Meta:
        table = "chain_cursors"


class DepositStatus(StrEnum):
    SEEN = "SEEN"  # in a block not final yet: counts for nothing
    COUNTED = "COUNTED"  # final: credited to the escrow
    VANISHED = "VANISHED"  # its block was reorganised away before it was final
    BLOCKED = "BLOCKED"  # final, but the sender is on a sanctions list: frozen for staff


class ChainDeposit(TimestampMixin, BaseModel):
    """One USDC `Transfer` log into an escrow's deposit address."""

    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="chain_deposits", on_delete=fields.RESTRICT, db_index=True
    )
    chain_id = fields.BigIntField()
    tx_hash = fields.CharField(max_length=66)
    log_index = fields.IntField()
    block_number = fields.BigIntField()
    block_hash = fields.CharField(max_length=66)
    sender = fields.CharField(max_length=42)
    amount_base_units = fields.DecimalField(max_digits=78, decimal_places=0)
    status = fields.CharEnumField(
        DepositStatus, max_length=16, default=DepositStatus.SEEN, db_index=True
    )
    counted_at = fields.DatetimeField(null=True)
    escrow_id: int

    class Meta:
        table = "chain_deposits"
        unique_together = (("chain_id", "tx_hash", "log_index"),)


class AwaitingFinality(ProviderUnavailable):
    """The transaction is mined but not final yet (fewer confirmations than configured):
    the call stays pending; a reorganisation may still remove it."""


class ChainTxStatus(StrEnum):
    SIGNED = "SIGNED"  # raw bytes stored; may or may not have been broadcast
    MINED = "MINED"  # a receipt with status 1 (final once its block has the confirmations)
    REVERTED = "REVERTED"  # a receipt with status 0: nothing moved, the nonce is spent


class ChainTransaction(TimestampMixin, BaseModel):
    """A transaction signed by the operator key, stored before it is broadcast: every
    retry sends these same bytes (same hash), so it can't pay twice."""

    call: fields.OneToOneRelation[ProviderCall] = fields.OneToOneField(
        "models.ProviderCall", related_name="chain_tx", on_delete=fields.RESTRICT
    )
    chain_id = fields.BigIntField()
    sender = fields.CharField(max_length=42)
    nonce = fields.BigIntField()
    tx_hash = fields.CharField(max_length=66, unique=True)
    raw_tx = fields.BinaryField()
    status = fields.CharEnumField(
        ChainTxStatus, max_length=16, default=ChainTxStatus.SIGNED, db_index=True
    )
    broadcasts = fields.IntField(default=0)
    block_number = fields.BigIntField(null=True)
    call_id: int

    class Meta:
        table = "chain_transactions"
        unique_together = (("chain_id", "sender", "nonce"),)


class ChainTxReplacement(TimestampMixin, BaseModel):
    """A transaction that `ChainTransaction` replaced with a higher fee at the same nonce
    (it was stuck unmined). Kept with its bytes: either one may be the one that is mined,
    so the outcome looks for both receipts."""

    tx: fields.ForeignKeyRelation[ChainTransaction] = fields.ForeignKeyField(
        "models.ChainTransaction",
        related_name="replaced",
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    tx_hash = fields.CharField(max_length=66, unique=True)
    raw_tx = fields.BinaryField()
    max_fee_per_gas = fields.DecimalField(max_digits=78, decimal_places=0)
    tx_id: int

    class Meta:
        table = "chain_tx_replacements"


class ChainNonce(BaseModel):
    """The operator key's next nonce per chain, allocated under a row lock."""

    chain_id = fields.BigIntField()
    address = fields.CharField(max_length=42)
    next_nonce = fields.BigIntField()

    class Meta:
        table = "chain_nonces"
        unique_together = (("chain_id", "address"),)


class ReturnStatus(StrEnum):
    OWED = "OWED"  # recorded; to be sent back through the transaction outbox
    RETURNED = "RETURNED"


class ChainReturn(TimestampMixin, BaseModel):
    """Money that arrived but isn't the escrow's to keep: the excess of an over-payment,
    or a payment after the escrow closed. Recorded in the transaction that counted the
    deposit, to be sent back to the address it came from."""

    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="chain_returns", on_delete=fields.RESTRICT, db_index=True
    )
    deposit: fields.OneToOneRelation[ChainDeposit] = fields.OneToOneField(
        "models.ChainDeposit", related_name="chain_return", on_delete=fields.RESTRICT
    )
    to_address = fields.CharField(max_length=42)
    amount_base_units = fields.DecimalField(max_digits=78, decimal_places=0)
    reason = fields.CharField(max_length=32)  # "overpayment", "after_close"
    call: fields.OneToOneNullableRelation[ProviderCall] = fields.OneToOneField(
        "models.ProviderCall", related_name="chain_return", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(
        ReturnStatus, max_length=16, default=ReturnStatus.OWED, db_index=True
    )
    escrow_id: int
    call_id: int | None

    class Meta:
        table = "chain_returns"

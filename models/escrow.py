"""Escrows, their rail-specific rows, milestones and event history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import Currency, EscrowRail, EscrowStatus, MilestoneStatus

if TYPE_CHECKING:
    from models.contract import Contract
    from models.guild import Guild
    from models.user import User


class Escrow(TimestampMixin, BaseModel):
    contract: fields.OneToOneRelation[Contract] = fields.OneToOneField(
        "models.Contract", related_name="escrow", on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="escrows_as_buyer", on_delete=fields.RESTRICT, db_index=True
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="escrows_as_seller", on_delete=fields.RESTRICT, db_index=True
    )
    guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="escrows",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    rail = fields.CharEnumField(EscrowRail, max_length=16, db_index=True)
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    currency = fields.CharEnumField(Currency, max_length=8, default=Currency.USD)
    fee_bps = fields.IntField(default=0)  # CHECK (0 <= fee_bps <= 10000)
    status = fields.CharEnumField(EscrowStatus, max_length=16, default=EscrowStatus.AWAIT_FUNDS)
    version = fields.IntField(default=0)
    expires_at = fields.DatetimeField(null=True)  # funding deadline
    auto_release_at = fields.DatetimeField(null=True)
    funded_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    released_at = fields.DatetimeField(null=True)
    refunded_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)

    milestones: fields.ReverseRelation[MilestoneEscrow]
    events: fields.ReverseRelation[EscrowEvent]

    class Meta:
        table = "escrows"
        indexes = (("status", "expires_at"), ("status", "auto_release_at"))


class StripeEscrow(TimestampMixin, BaseModel):
    escrow: fields.OneToOneRelation[Escrow] = fields.OneToOneField(
        "models.Escrow", related_name="stripe", on_delete=fields.RESTRICT
    )
    payment_intent_id = fields.CharField(max_length=255, null=True, unique=True)
    charge_id = fields.CharField(max_length=255, null=True, unique=True)
    amount_received = fields.BigIntField(default=0)  # cents
    amount_refunded = fields.BigIntField(default=0)  # cents
    transfer_id = fields.CharField(max_length=255, null=True)
    refund_id = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "stripe_escrows"


class StablecoinEscrow(TimestampMixin, BaseModel):
    escrow: fields.OneToOneRelation[Escrow] = fields.OneToOneField(
        "models.Escrow", related_name="stablecoin", on_delete=fields.RESTRICT
    )
    chain_id = fields.IntField()
    token_address = fields.CharField(max_length=42)
    deposit_address = fields.CharField(max_length=42, unique=True)
    # Base units (6 decimals): may exceed a bigint, so an exact decimal.
    amount_base_units = fields.DecimalField(max_digits=78, decimal_places=0)
    received_base_units = fields.DecimalField(max_digits=78, decimal_places=0, default=0)
    deposit_tx_hash = fields.CharField(max_length=66, null=True, unique=True)
    release_tx_hash = fields.CharField(max_length=66, null=True)
    refund_tx_hash = fields.CharField(max_length=66, null=True)

    class Meta:
        table = "stablecoin_escrows"


class MilestoneEscrow(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="milestones", on_delete=fields.RESTRICT
    )
    position = fields.IntField()
    title = fields.CharField(max_length=100)
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    status = fields.CharEnumField(
        MilestoneStatus, max_length=16, default=MilestoneStatus.PENDING, db_index=True
    )
    transfer_id = fields.CharField(max_length=255, null=True)
    delivered_at = fields.DatetimeField(null=True)
    released_at = fields.DatetimeField(null=True)

    class Meta:
        table = "milestone_escrows"
        unique_together = (("escrow", "position"),)


class EscrowEvent(BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="events", on_delete=fields.RESTRICT
    )
    version = fields.IntField()
    kind = fields.CharField(max_length=48)
    from_status = fields.CharEnumField(EscrowStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(EscrowStatus, max_length=16, null=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="escrow_events",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    data: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "escrow_events"
        unique_together = (("escrow", "version"),)

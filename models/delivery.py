"""Deliveries of an escrowed asset (or one milestone of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import DeliveryStatus

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow
    from models.user import User


class Delivery(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="deliveries", on_delete=fields.RESTRICT, db_index=True
    )
    milestone: fields.ForeignKeyNullableRelation[MilestoneEscrow] = fields.ForeignKeyField(
        "models.MilestoneEscrow",
        related_name="deliveries",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    delivered_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="deliveries", on_delete=fields.RESTRICT, db_index=True
    )
    status = fields.CharEnumField(
        DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING, db_index=True
    )
    evidence: dict[str, Any] = fields.JSONField(
        default=dict
    )  # text, attachment URLs, what Roblox showed
    delivered_at = fields.DatetimeField(null=True)
    confirmed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "deliveries"

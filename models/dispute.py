"""Disputes that moderators settle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import DisputeOutcome, DisputeStatus

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.guild import Guild
    from models.user import User


class Dispute(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="disputes", on_delete=fields.RESTRICT, db_index=True
    )
    guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="disputes",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    opened_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="disputes_opened",
        null=True,  # a chargeback opens a dispute with no Discord actor
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    moderator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="disputes_moderated",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    reason = fields.TextField()
    evidence: list[Any] = fields.JSONField(default=list)
    status = fields.CharEnumField(DisputeStatus, max_length=16, default=DisputeStatus.OPEN)
    outcome = fields.CharEnumField(DisputeOutcome, max_length=16, null=True)
    buyer_percent = fields.IntField(null=True)  # CHECK (1..99) for a split
    resolution = fields.TextField(null=True)
    thread_id = fields.BigIntField(null=True)
    deadline_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "disputes"
        indexes = (("status", "created_at"), ("status", "deadline_at"))

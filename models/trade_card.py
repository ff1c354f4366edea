"""Where each party's trade card lives: one Discord message per escrow and party.

The bot edits that message in place at every step, so any process (a command, a webhook,
a job) can find the card by escrow and party and bring it up to date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import BaseModel, TimestampMixin

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.user import User


class TradeCard(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="cards", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="trade_cards", on_delete=fields.CASCADE, db_index=True
    )
    channel_id = fields.BigIntField()  # the party's DM channel
    message_id = fields.BigIntField()

    escrow_id: int
    user_id: int

    class Meta:
        table = "trade_cards"
        unique_together = (("escrow", "user"),)

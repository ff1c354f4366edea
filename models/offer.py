"""Offers and counter-offers on a listing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import Currency, OfferStatus

if TYPE_CHECKING:
    from models.listing import Listing
    from models.user import User


class Offer(TimestampMixin, BaseModel):
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="offers", on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_made", on_delete=fields.RESTRICT
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_received", on_delete=fields.RESTRICT
    )
    # Who made this offer: the buyer, or the seller for a counter-offer.
    made_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_authored", on_delete=fields.RESTRICT, db_index=True
    )
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    currency = fields.CharEnumField(Currency, max_length=8, default=Currency.USD)
    conditions = fields.TextField(null=True)
    expires_at = fields.DatetimeField()
    status = fields.CharEnumField(OfferStatus, max_length=16, default=OfferStatus.PENDING)
    parent: fields.ForeignKeyNullableRelation[Offer] = fields.ForeignKeyField(
        "models.Offer",
        related_name="counters",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    decided_at = fields.DatetimeField(null=True)

    counters: fields.ReverseRelation[Offer]

    class Meta:
        table = "offers"
        indexes = (
            ("status", "expires_at"),
            ("listing", "status"),
            ("buyer", "status"),
            ("seller", "status"),
        )

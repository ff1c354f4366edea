"""Contracts (a PDF and its hash) and their signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import ContractStatus, SignatureMethod

if TYPE_CHECKING:
    from models.listing import Listing
    from models.offer import Offer
    from models.user import User


class Contract(TimestampMixin, BaseModel):
    offer: fields.OneToOneRelation[Offer] = fields.OneToOneField(
        "models.Offer", related_name="contract", on_delete=fields.RESTRICT
    )
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="contracts", on_delete=fields.RESTRICT, db_index=True
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="contracts_as_buyer", on_delete=fields.RESTRICT, db_index=True
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="contracts_as_seller", on_delete=fields.RESTRICT, db_index=True
    )
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    status = fields.CharEnumField(
        ContractStatus, max_length=24, default=ContractStatus.PENDING_SIGNATURE, db_index=True
    )
    template_version = fields.CharField(max_length=16)
    pdf_path = fields.CharField(max_length=500, null=True)
    sha256 = fields.CharField(max_length=64, null=True)
    asset_snapshot: dict[str, Any] = fields.JSONField(default=dict)
    terms: dict[str, Any] = fields.JSONField(
        default=dict
    )  # milestones, inspection period, delivery terms
    executed_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)

    signatures: fields.ReverseRelation[Signature]

    class Meta:
        table = "contracts"


class Signature(BaseModel):
    contract: fields.ForeignKeyRelation[Contract] = fields.ForeignKeyField(
        "models.Contract", related_name="signatures", on_delete=fields.RESTRICT
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="signatures", on_delete=fields.RESTRICT, db_index=True
    )
    method = fields.CharEnumField(
        SignatureMethod, max_length=24, default=SignatureMethod.DISCORD_NATIVE
    )
    interaction_id = fields.BigIntField(null=True)
    signed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "signatures"
        unique_together = (("contract", "user"),)

"""Deliveries of an escrowed asset (or one milestone of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.exceptions import DoesNotExist

from models.base import BaseModel, TimestampMixin
from models.enums import DeliveryStatus, RobloxAssetType
from models.roblox_api import RobloxError

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow
    from models.roblox_api import RobloxApi
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

    escrow_id: int
    milestone_id: int | None
    delivered_by_id: int

    class Meta:
        table = "deliveries"


async def roblox_proof(
    escrow: Escrow,
    roblox: RobloxApi,
    subject: tuple[str | None, int | None, int | None] | None = None,
) -> dict[str, Any]:
    """What Roblox shows now about the asset's owner, recorded with a delivery.

    A group counts as handed over when Roblox names the buyer's linked account its owner; a
    game when it is created by that account (a group-owned game is shown, never counted).
    When Roblox can't be asked, or the listing names no Roblox asset, the record says why.
    `subject` is `delivery_subject`'s row when the caller read it already (`deliver_start`).
    """
    if subject is None:
        asset_type, asset_id, buyer_roblox_id = await delivery_subject(escrow)
    else:
        asset_type, asset_id, buyer_roblox_id = _subject(*subject)
    if asset_id is None or asset_type is None:
        return {"checked": False, "why": "no Roblox asset on the listing"}
    try:
        if asset_type is RobloxAssetType.GROUP:
            group = await roblox.group(asset_id)
            owner = group.owner_id if group else None
            return {
                "checked": True,
                "group": asset_id,
                "owner_id": owner,
                "owned_by_buyer": owner is not None and owner == buyer_roblox_id,
            }
        if asset_type is RobloxAssetType.GAME:
            game = await roblox.game(asset_id)
            if game is None:
                return {"checked": True, "game": asset_id, "found": False}
            by_buyer = game.creator_type == "User" and game.creator_id == buyer_roblox_id
            return {
                "checked": True,
                "universe": asset_id,
                "creator_type": game.creator_type,
                "creator_id": game.creator_id,
                "owned_by_buyer": by_buyer,
            }
    except RobloxError as exc:
        return {"checked": False, "why": str(exc)}
    return {"checked": False, "why": "asset type not checkable"}


_SUBJECT = """
SELECT l.asset_type, l.asset_id, b.roblox_user_id
FROM contracts c JOIN listings l ON l.id = c.listing_id, users b
WHERE c.id = $1 AND b.id = $2
"""


async def delivery_subject(escrow: Escrow) -> tuple[RobloxAssetType | None, int | None, int | None]:
    """The contract's listing's Roblox asset (type, id) and the buyer's linked Roblox account,
    in one statement (the contract, the listing and the buyer as three ORM reads before)."""
    from tortoise import connections

    row = await connections.get("default").execute_query_dict(
        _SUBJECT, [escrow.contract_id, escrow.buyer_id]
    )
    if not row:
        raise DoesNotExist(f"escrow #{escrow.id}: its contract, listing or buyer is missing")
    return _subject(row[0]["asset_type"], row[0]["asset_id"], row[0]["roblox_user_id"])


def _subject(
    kind: str | None, asset_id: int | None, buyer_roblox_id: int | None
) -> tuple[RobloxAssetType | None, int | None, int | None]:
    return (RobloxAssetType(kind) if kind is not None else None, asset_id, buyer_roblox_id)

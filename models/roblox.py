"""What the bot saw on Roblox: asset snapshots and cached ownership checks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import KycTier, RobloxAssetType, RobloxOwnerType
from models.errors import DomainError, NotAllowed, NotFound
from models.roblox_api import AssetRef, parse_asset_reference

if TYPE_CHECKING:
    from models.roblox_api import RobloxApi
    from models.user import User


class RobloxSnapshot(BaseModel):
    asset_type = fields.CharEnumField(RobloxAssetType, max_length=16)
    asset_id = fields.BigIntField()
    name = fields.CharField(max_length=200)
    owner_type = fields.CharEnumField(RobloxOwnerType, max_length=16)
    owner_id = fields.BigIntField()
    data: dict[str, Any] = fields.JSONField(
        default=dict
    )  # the API's facts (visits, playing, members, …)
    captured_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "roblox_snapshots"
        indexes = (("asset_type", "asset_id"),)


class AssetVerification(TimestampMixin, BaseModel):
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="asset_verifications", on_delete=fields.CASCADE
    )
    asset_type = fields.CharEnumField(RobloxAssetType, max_length=16)
    asset_id = fields.BigIntField()
    verified = fields.BooleanField()
    method = fields.CharField(max_length=32)  # USER_OWNED_GAME, GROUP_OWNED_GAME, GROUP_OWNER
    snapshot: fields.ForeignKeyNullableRelation[RobloxSnapshot] = fields.ForeignKeyField(
        "models.RobloxSnapshot",
        related_name="verifications",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "asset_verifications"
        indexes = (("user", "asset_type", "asset_id"),)

    @classmethod
    async def verify(
        cls, seller: User, reference: str | AssetRef, roblox: RobloxApi
    ) -> AssetVerification:
        """Verify (or reuse a fresh check) that `seller` owns the asset; see `verify_asset`."""
        return await verify_asset(seller, reference, roblox)


# -- ownership verification ----------------------------------------------------------------------

VERIFICATION_TTL = dt.timedelta(hours=24)
METHOD_USER_GAME = "USER_OWNED_GAME"
METHOD_GROUP_GAME = "GROUP_OWNED_GAME"
METHOD_GROUP_OWNER = "GROUP_OWNER"


async def verify_asset(
    seller: User,
    reference: str | AssetRef,
    roblox: RobloxApi,
    *,
    max_age: dt.timedelta | None = None,
) -> AssetVerification:
    """Check that `seller` owns the Roblox game or group `reference` points at.

    A verified check for the same (user, asset) younger than 24 h is reused without
    calling Roblox. Refusals are `DomainError`s in plain words; Roblox trouble surfaces
    as `RobloxError`. Nothing is written unless the check succeeds (failures are not
    cached, so a seller who fixes the ownership can retry at once). On success a
    `RobloxSnapshot` of the asset's facts and the `AssetVerification` are stored in one
    transaction with an audit entry. The returned verification has `snapshot` loaded.
    With `max_age`, only a check younger than that is reused (a re-check before payment).
    """
    seller.require_tier(KycTier.TIER_1, "list assets")
    if seller.roblox_user_id is None:
        raise NotAllowed("Link your Roblox account with `/link roblox` first.")
    owner_id = seller.roblox_user_id
    if isinstance(reference, AssetRef):
        ref = reference
    else:
        try:
            ref = parse_asset_reference(reference)
        except ValueError as exc:
            raise DomainError(str(exc)) from None

    cached = await _cached_verification(seller, ref, max_age=max_age)
    if cached is not None:
        return cached

    if ref.kind == "group":
        asset_type, asset_id, method, snapshot_fields = await _check_group(ref.id, owner_id, roblox)
    else:
        asset_type, asset_id, method, snapshot_fields = await _check_game(ref, owner_id, roblox)

    now = utcnow()
    async with in_transaction() as conn:
        snapshot = await RobloxSnapshot.create(
            asset_type=asset_type, asset_id=asset_id, using_db=conn, **snapshot_fields
        )
        verification = await AssetVerification.create(
            user=seller,
            asset_type=asset_type,
            asset_id=asset_id,
            verified=True,
            method=method,
            snapshot=snapshot,
            expires_at=now + VERIFICATION_TTL,
            using_db=conn,
        )
        await AuditLog.record(
            "asset.verified",
            object_type="asset_verification",
            object_id=verification.id,
            actor=seller,
            after={
                "asset_type": asset_type,
                "asset_id": asset_id,
                "method": method,
                "snapshot_id": snapshot.id,
                "roblox_user_id": owner_id,
            },
            using_db=conn,
        )
    return verification


async def _cached_verification(
    seller: User, ref: AssetRef, *, max_age: dt.timedelta | None = None
) -> AssetVerification | None:
    """A still-valid verified check of this asset by this seller (for their current link)."""
    query = AssetVerification.filter(
        user=seller, verified=True, expires_at__gt=utcnow()
    ).prefetch_related("snapshot")
    if max_age is not None:
        query = query.filter(created_at__gt=utcnow() - max_age)
    if ref.kind == "group":
        query = query.filter(asset_type=RobloxAssetType.GROUP, asset_id=ref.id)
    elif ref.kind == "universe":
        query = query.filter(asset_type=RobloxAssetType.GAME, asset_id=ref.id)
    else:
        query = query.filter(asset_type=RobloxAssetType.GAME)
    for verification in await query.order_by("-expires_at"):
        snapshot = verification.snapshot
        if snapshot is None or snapshot.data.get("verified_for") != seller.roblox_user_id:
            continue
        if ref.kind == "place" and ref.id not in snapshot.data.get("place_ids", []):
            continue
        return verification
    return None


async def _check_group(
    group_id: int, owner_id: int, roblox: RobloxApi
) -> tuple[RobloxAssetType, int, str, dict[str, Any]]:
    group = await roblox.group(group_id)
    if group is None:
        raise NotFound(f"I couldn't find a Roblox group with id {group_id}.")
    if group.owner_id != owner_id:
        raise NotAllowed(
            f"You don't own the Roblox group “{group.name}”: only its owner can list it."
        )
    return (
        RobloxAssetType.GROUP,
        group.id,
        METHOD_GROUP_OWNER,
        {
            "name": group.name[:200],
            "owner_type": RobloxOwnerType.USER,
            "owner_id": owner_id,
            "data": {
                "verified_for": owner_id,
                "group_id": group.id,
                "member_count": group.member_count,
                "description": group.description[:1000],
                "url": f"https://www.roblox.com/groups/{group.id}",
            },
        },
    )


async def _check_game(
    ref: AssetRef, owner_id: int, roblox: RobloxApi
) -> tuple[RobloxAssetType, int, str, dict[str, Any]]:
    if ref.kind == "place":
        universe_id = await roblox.universe_for_place(ref.id)
        if universe_id is None:
            raise NotFound(f"I couldn't find a Roblox place with id {ref.id}.")
    else:
        universe_id = ref.id
    game = await roblox.game(universe_id)
    if game is None:
        raise NotFound(f"I couldn't find a Roblox game with universe id {universe_id}.")

    if game.creator_type == "User":
        if game.creator_id != owner_id:
            raise NotAllowed(
                f"The game “{game.name}” belongs to another Roblox account, not yours."
            )
        method, owner_type = METHOD_USER_GAME, RobloxOwnerType.USER
        group_owner = None
    else:
        group = await roblox.group(game.creator_id)
        if group is None or group.owner_id != owner_id:
            raise NotAllowed(f"The game “{game.name}” belongs to a Roblox group you don't own.")
        method, owner_type = METHOD_GROUP_GAME, RobloxOwnerType.GROUP
        group_owner = group.owner_id

    icons = await roblox.game_icons([game.universe_id])
    place_ids = sorted({game.root_place_id} | ({ref.id} if ref.kind == "place" else set()))
    return (
        RobloxAssetType.GAME,
        game.universe_id,
        method,
        {
            "name": game.name[:200],
            "owner_type": owner_type,
            "owner_id": game.creator_id,
            "data": {
                "verified_for": owner_id,
                "universe_id": game.universe_id,
                "root_place_id": game.root_place_id,
                "place_ids": place_ids,
                "creator_name": game.creator_name,
                "group_owner_id": group_owner,
                "visits": game.visits,
                "playing": game.playing,
                "created": game.created.isoformat(),
                "icon_url": icons.get(game.universe_id),
                "description": game.description[:1000],
                "url": f"https://www.roblox.com/games/{game.root_place_id}",
            },
        },
    )

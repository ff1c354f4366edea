"""Does the seller still own the asset? Asked again on Roblox before the buyer pays.

A listing's ownership check may be a day old when the buyer clicks Pay; a hostile seller
could have handed the group or game to someone else meanwhile. `before_payment` re-checks
it cheaply: a verification of this seller and asset younger than `FRESH_FOR` is reused, and
so is a recent "no longer owns it" answer (so repeated clicks neither call Roblox nor tell
the parties again). When Roblox can't be asked the payment goes ahead on the listing's
earlier check (the buyer's money is held, not released, and delivery is checked again).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import utcnow
from models.enums import RobloxAssetType
from models.errors import DomainError
from models.roblox import AssetVerification, verify_asset
from models.roblox_api import AssetRef, RobloxError

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.notification import Then
    from models.roblox_api import RobloxApi
    from models.user import User

log = logging.getLogger(__name__)

FRESH_FOR = dt.timedelta(minutes=5)
LOST = "escrow.ownership_lost"


@dataclass(frozen=True, slots=True)
class OwnershipCheck:
    """`owned` is None when nothing could be checked (no Roblox asset, or Roblox down)."""

    owned: bool | None
    detail: str = ""
    fresh_loss: bool = False  # this call found the loss (tell the parties once)

    @property
    def withheld(self) -> bool:
        return self.owned is False


async def before_payment(
    escrow: Escrow, roblox: RobloxApi, *, then: Then[Escrow] | None = None
) -> OwnershipCheck:
    """Re-check that the escrow's seller still owns the listed Roblox asset. A loss found
    now (`fresh_loss`) is recorded, and `then(escrow, conn)` called, in one transaction
    (`models.notification.Then`): the parties are told once, with the record."""
    from models.contract import Contract
    from models.listing import Listing
    from models.user import User

    contract = await Contract.get(id=escrow.contract_id)
    listing = await Listing.get(id=contract.listing_id)
    if listing.asset_id is None or listing.asset_type is None:
        return OwnershipCheck(None, "no Roblox asset on the listing")
    since = utcnow() - FRESH_FOR
    lost = (
        await AuditLog.filter(
            action=LOST, object_type="escrow", object_id=str(escrow.id), created_at__gt=since
        )
        .order_by("-id")
        .first()
    )
    if lost is not None:
        return OwnershipCheck(False, str((lost.after or {}).get("why", "")))
    seller = await User.get(id=escrow.seller_id)
    recent = await AssetVerification.filter(
        user_id=seller.id,
        asset_type=listing.asset_type,
        asset_id=listing.asset_id,
        verified=True,
        created_at__gt=since,
    ).exists()
    if recent and seller.roblox_user_id is not None:
        return OwnershipCheck(True, "checked in the last few minutes")
    if listing.asset_type is RobloxAssetType.GROUP:
        ref = AssetRef(kind="group", id=listing.asset_id)
    else:
        ref = AssetRef(kind="universe", id=listing.asset_id)
    try:
        await verify_asset(seller, ref, roblox, max_age=FRESH_FOR)
    except DomainError as exc:
        async with in_transaction() as conn:
            await AuditLog.record(
                LOST,
                object_type="escrow",
                object_id=escrow.id,
                actor_label="check:before-payment",
                guild_id=escrow.guild_id,
                after={
                    "asset_type": listing.asset_type,
                    "asset_id": listing.asset_id,
                    "seller_roblox_id": seller.roblox_user_id,
                    "why": exc.message,
                },
                using_db=conn,
            )
            if then is not None:
                await then(escrow, conn)
        log.warning("Escrow %s: seller no longer owns the asset; payment withheld", escrow.id)
        return OwnershipCheck(False, exc.message, fresh_loss=True)
    except RobloxError as exc:
        log.info("Escrow %s: Roblox not answering before payment (%s)", escrow.id, exc)
        return OwnershipCheck(None, str(exc))
    return OwnershipCheck(True, "checked on Roblox now")


RELEASE_WARNED = "escrow.release_warned"
RELEASED_DESPITE = "escrow.released_despite_warning"


async def seller_still_holds(escrow: Escrow, roblox: RobloxApi) -> dict[str, Any] | None:
    """What Roblox shows now, when it names the seller as the asset's owner; else None.

    Read before the buyer releases: a release to a seller who still holds the asset is
    either a mistake or a scam, so the buyer is asked twice (see the escrow cog). When the
    owner can't be read (no asset, Roblox down) nothing extra is asked.
    """
    from models.delivery import roblox_proof
    from models.user import User

    proof = await roblox_proof(escrow, roblox)
    if not proof.get("checked"):
        return None
    seller = await User.get(id=escrow.seller_id)
    if seller.roblox_user_id is None:
        return None
    if "group" in proof:
        held = proof.get("owner_id") == seller.roblox_user_id
    else:
        held = proof.get("creator_type") == "User" and (
            proof.get("creator_id") == seller.roblox_user_id
        )
    if not held:
        return None
    return {**proof, "seller_roblox_id": seller.roblox_user_id}


async def record_release_warning(
    escrow: Escrow, proof: dict[str, Any], *, by: User, released: bool
) -> None:
    """The audit line a case file shows: warned, and (later) released anyway."""
    await AuditLog.record(
        RELEASED_DESPITE if released else RELEASE_WARNED,
        object_type="escrow",
        object_id=escrow.id,
        actor=by,
        guild_id=escrow.guild_id,
        after={"roblox": proof},
    )

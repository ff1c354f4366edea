"""The case file of a dispute and its evidence packet (JSON and PDF).

`case_file()` gathers what a moderator needs in front of them: the contract and its
hash, the payments, the deliveries and their evidence, the Roblox snapshot taken at
listing time beside what the Roblox API shows now, the offer history and both parties'
trade records. `evidence_packet()` adds every escrow event and the audit rows of the
trade with their chain hashes: what a platform needs to answer a chargeback.
The packet is printed for people by `bot/evidence_report.py`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tortoise.expressions import Q

from bot.logs import new_ref
from models import storage
from models.audit import AuditLog, to_jsonable
from models.base import utcnow
from models.contract import Contract, Signature
from models.delivery import Delivery
from models.dispute import Dispute, dispute_record
from models.enums import RobloxAssetType
from models.escrow import Escrow, EscrowEvent, MilestoneEscrow, StripeEscrow
from models.listing import Listing
from models.offer import Offer
from models.payments import ProviderCall
from models.roblox import RobloxSnapshot
from models.roblox_api import RobloxError
from models.user import User

if TYPE_CHECKING:
    from bot.roblox import RobloxClient

log = logging.getLogger(__name__)

PACKET_VERSION = 1


def _row(model: Any, *names: str) -> dict[str, Any]:
    return {n: to_jsonable(getattr(model, n, None)) for n in names}


async def _party(user_id: int, role: str) -> dict[str, Any]:
    user = await User.get(id=user_id)
    stats = await user.trade_stats()
    record = await dispute_record(user.id)
    return {
        "role": role,
        "user_id": user.id,
        "discord_id": user.discord_id,
        "username": user.username,
        "roblox_user_id": user.roblox_user_id,
        "roblox_username": user.roblox_username,
        "trade_record": to_jsonable(dataclasses.asdict(stats)),
        "disputes": dataclasses.asdict(record),
    }


_FOUND = {"checked": True, "found": True}


def _not_found(key: str, asset_id: int) -> dict[str, Any]:
    return {"checked": True, "found": False, key: asset_id}


async def roblox_now(listing: Listing | None, roblox: RobloxClient | None) -> dict[str, Any]:
    """What the Roblox API shows about the listed asset right now."""
    if listing is None or listing.asset_id is None or listing.asset_type is None:
        return {"checked": False, "why": "no Roblox asset on the listing"}
    if roblox is None:
        return {"checked": False, "why": "Roblox isn't reachable from here"}
    try:
        if listing.asset_type is RobloxAssetType.GROUP:
            group = await roblox.group(listing.asset_id)
            if group is None:
                return _not_found("group_id", listing.asset_id)
            return {
                **_FOUND,
                "group_id": group.id,
                "name": group.name,
                "owner_id": group.owner_id,
                "member_count": group.member_count,
            }
        if listing.asset_type is RobloxAssetType.GAME:
            game = await roblox.game(listing.asset_id)
            if game is None:
                return _not_found("universe_id", listing.asset_id)
            return {
                **_FOUND,
                "universe_id": game.universe_id,
                "name": game.name,
                "creator_type": game.creator_type,
                "creator_id": game.creator_id,
                "creator_name": game.creator_name,
                "visits": game.visits,
                "playing": game.playing,
            }
    except RobloxError as exc:
        return {"checked": False, "why": str(exc)}
    return {"checked": False, "why": "this kind of asset can't be checked"}


async def case_file(dispute: Dispute, roblox: RobloxClient | None = None) -> dict[str, Any]:
    """Everything about the trade behind `dispute`, as JSON values."""
    escrow = await Escrow.get(id=dispute.escrow_id)
    contract = await Contract.get(id=escrow.contract_id)
    listing = await Listing.get_or_none(id=contract.listing_id)
    signatures = await Signature.filter(contract_id=contract.id).order_by("signed_at")
    stripe_row = await StripeEscrow.get_or_none(escrow_id=escrow.id)
    calls = await ProviderCall.filter(escrow_id=escrow.id).order_by("id")
    milestones = await MilestoneEscrow.filter(escrow_id=escrow.id).order_by("position")
    deliveries = await Delivery.filter(escrow_id=escrow.id).order_by("id")
    snapshot = None
    if listing is not None and listing.snapshot_id is not None:  # type: ignore[attr-defined]
        snapshot = await RobloxSnapshot.get_or_none(id=listing.snapshot_id)  # type: ignore[attr-defined]
    offers = (
        await Offer.filter(
            listing_id=contract.listing_id,
            buyer_id=escrow.buyer_id,
        ).order_by("created_at", "id")
        if listing is not None
        else []
    )
    return {
        "dispute": {
            **_row(
                dispute,
                "id",
                "status",
                "reason",
                "outcome",
                "buyer_percent",
                "resolution",
                "thread_id",
                "created_at",
                "deadline_at",
                "escalated_at",
                "resolved_at",
            ),
            "opened_by": dispute.opened_by_id,
            "moderator": dispute.moderator_id,
            "guild_id": dispute.guild_id,
            "evidence": to_jsonable(dispute.evidence),
        },
        "escrow": {
            **_row(
                escrow,
                "id",
                "rail",
                "amount",
                "currency",
                "fee_bps",
                "status",
                "version",
                "created_at",
                "funded_at",
                "delivered_at",
                "released_at",
                "refunded_at",
            ),
            "milestones": [
                _row(m, "position", "title", "amount", "status", "released_at") for m in milestones
            ],
        },
        "contract": {
            **_row(
                contract,
                "id",
                "status",
                "amount",
                "sha256",
                "template_version",
                "executed_at",
                "terms",
                "asset_snapshot",
            ),
            "signatures": [
                {"user_id": s.user_id, **_row(s, "method", "signed_at")} for s in signatures
            ],
        },
        "payments": {
            "stripe": (
                _row(
                    stripe_row,
                    "payment_intent_id",
                    "charge_id",
                    "amount_received",
                    "amount_refunded",
                    "transfer_id",
                    "refund_id",
                )
                if stripe_row is not None
                else None
            ),
            "provider_calls": [
                _row(
                    c,
                    "id",
                    "kind",
                    "status",
                    "amount",
                    "idempotency_key",
                    "provider_id",
                    "error",
                    "created_at",
                    "completed_at",
                )
                for c in calls
            ],
        },
        "deliveries": [
            {
                "delivered_by": d.delivered_by_id,
                **_row(d, "id", "status", "evidence", "delivered_at", "confirmed_at"),
            }
            for d in deliveries
        ],
        "listing": (
            _row(listing, "id", "title", "summary", "price", "category", "asset_type", "asset_id")
            if listing is not None
            else None
        ),
        "roblox": {
            "at_listing": (
                _row(
                    snapshot,
                    "asset_type",
                    "asset_id",
                    "name",
                    "owner_type",
                    "owner_id",
                    "data",
                    "captured_at",
                )
                if snapshot is not None
                else None
            ),
            "now": await roblox_now(listing, roblox),
        },
        "offers": [
            {
                "made_by": o.made_by_id,
                "parent": o.parent_id,
                **_row(o, "id", "amount", "status", "conditions", "created_at", "decided_at"),
            }
            for o in offers
        ],
        "parties": [
            await _party(escrow.buyer_id, "buyer"),
            await _party(escrow.seller_id, "seller"),
        ],
    }


async def audit_rows(dispute: Dispute) -> list[dict[str, Any]]:
    """The audit entries of the trade (dispute, escrow, contract, listing, its offers)."""
    escrow = await Escrow.get(id=dispute.escrow_id)
    contract = await Contract.get(id=escrow.contract_id)
    offer_ids = await Offer.filter(
        listing_id=contract.listing_id, buyer_id=escrow.buyer_id
    ).values_list("id", flat=True)
    wanted = (
        Q(object_type="dispute", object_id__in=[str(d) for d in await _dispute_ids(escrow.id)])
        | Q(object_type="escrow", object_id=str(escrow.id))
        | Q(object_type="contract", object_id=str(contract.id))
        | Q(object_type="listing", object_id=str(contract.listing_id))
        | Q(object_type="offer", object_id__in=[str(o) for o in offer_ids])
    )
    rows = await AuditLog.filter(wanted).order_by("id")
    return [
        _row(
            r,
            "id",
            "created_at",
            "actor_id",
            "actor_label",
            "guild_id",
            "action",
            "object_type",
            "object_id",
            "before",
            "after",
            "chain_seq",
            "prev_hash",
            "hash",
            "sealed_at",
        )
        for r in rows
    ]


async def _dispute_ids(escrow_id: int) -> list[int]:
    ids = await Dispute.filter(escrow_id=escrow_id).values_list("id", flat=True)
    return [int(i) for i in ids]  # type: ignore[call-overload]


async def evidence_packet(dispute: Dispute, roblox: RobloxClient | None = None) -> dict[str, Any]:
    """The case file, every escrow event and the audit rows with their chain hashes."""
    events = await EscrowEvent.filter(escrow_id=dispute.escrow_id).order_by("version")
    audit = await audit_rows(dispute)
    return {
        "packet_version": PACKET_VERSION,
        "generated_at": utcnow().isoformat(),
        "case": await case_file(dispute, roblox),
        "escrow_events": [
            {
                "actor_id": e.actor_id,
                **_row(e, "version", "kind", "from_status", "to_status", "data", "created_at"),
            }
            for e in events
        ],
        "audit": audit,
        "audit_unsealed": sum(1 for r in audit if r["hash"] is None),
    }


async def keep_packet(dispute_id: int, body: bytes, pdf: bytes, data_dir: Path) -> list[str]:
    """Store an exported packet (JSON and PDF, each under its SHA-256) with the documents;
    returns the references. A storage failure is logged and does not stop the export."""
    where = storage.documents(storage.PACKETS, Path(data_dir) / storage.PACKETS)
    refs: list[str] = []
    try:
        for data, suffix in ((body, ".json"), (pdf, ".pdf")):
            refs.append((await where.put_bytes(data, suffix)).ref)
    except Exception:
        ref = new_ref()
        log.exception(
            "Evidence packet of dispute %s not stored (ref %s)",
            dispute_id,
            ref,
            extra={"ref": ref, "dispute_id": dispute_id},
        )
    else:
        log.info("Evidence packet of dispute %s stored: %s", dispute_id, ", ".join(refs))
    return refs


def packet_json(packet: dict[str, Any]) -> bytes:
    return json.dumps(packet, indent=2, sort_keys=True, ensure_ascii=False).encode()

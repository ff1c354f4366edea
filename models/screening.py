"""Wallet screening: who may send or receive USDC through the platform.

Screeners (an on-chain sanctions oracle, the OFAC SDN address list…) implement
`WalletScreener`. `screen_wallet` asks every configured screener, stores each answer in
the screening history with its source, and updates the user's `wallet_risk`. Any hit
blocks; a screener that cannot answer (outage, stale list) makes the whole screening
*unavailable*, which blocks too: screening fails closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from tortoise import fields
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, utcnow
from models.enums import WalletRisk
from models.errors import DomainError

if TYPE_CHECKING:
    from models.user import User


class ScreeningOutcome(StrEnum):
    CLEAR = "CLEAR"
    HIT = "HIT"
    UNAVAILABLE = "UNAVAILABLE"


@dataclass(frozen=True)
class ScreeningResult:
    source: str  # e.g. "oracle:0x40C5…", "ofac-sdn"
    outcome: ScreeningOutcome
    detail: str = ""


class ScreeningUnavailableError(Exception):
    """Raised by a screener that cannot answer (outage, stale list)."""


class WalletScreener(Protocol):
    source: str

    async def screen(self, address: str) -> ScreeningResult:
        """CLEAR or HIT for `address`; raise `ScreeningUnavailableError` when it can't tell."""
        ...


class WalletSanctioned(DomainError):
    """A screener listed the address: nothing moves to or from it."""


class ScreeningUnavailable(DomainError):
    """Screening could not answer; nothing moves until it can (fails closed)."""


class WalletScreening(BaseModel):
    """One screener's answer about one address, kept as history."""

    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="wallet_screenings",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    address = fields.CharField(max_length=42, db_index=True)
    source = fields.CharField(max_length=80)
    outcome = fields.CharEnumField(ScreeningOutcome, max_length=16)
    detail = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "wallet_screenings"


async def _ask(screener: WalletScreener, address: str) -> ScreeningResult:
    try:
        return await screener.screen(address)
    except ScreeningUnavailableError as exc:
        return ScreeningResult(screener.source, ScreeningOutcome.UNAVAILABLE, str(exc)[:500])


async def screen_wallet(
    address: str, screeners: Sequence[WalletScreener], *, user: User | None = None
) -> list[ScreeningResult]:
    """Screen `address` with every screener (no transaction is open while they answer),
    record the answers, update the user's risk, and refuse on a hit or when any screener
    could not answer. With no screener configured, screening is unavailable."""
    results = [await _ask(s, address) for s in screeners]
    if not results:
        results = [ScreeningResult("none", ScreeningOutcome.UNAVAILABLE, "no screener set up")]
    hit = any(r.outcome is ScreeningOutcome.HIT for r in results)
    unavailable = any(r.outcome is ScreeningOutcome.UNAVAILABLE for r in results)
    async with in_transaction() as conn:
        for r in results:
            await WalletScreening.create(
                user=user,
                address=address,
                source=r.source,
                outcome=r.outcome,
                detail=r.detail,
                using_db=conn,
            )
        if user is not None and (hit or not unavailable):
            user.wallet_risk = WalletRisk.SANCTIONED if hit else WalletRisk.LOW
            user.wallet_screened_at = utcnow()
            await user.save(
                using_db=conn, update_fields=["wallet_risk", "wallet_screened_at", "updated_at"]
            )
        if hit or unavailable:
            await AuditLog.record(
                "wallet.screening_blocked",
                object_type="wallet",
                object_id=address,
                actor=user,
                after={"hit": hit, "sources": [f"{r.source}:{r.outcome}" for r in results]},
                using_db=conn,
            )
    if hit:
        raise WalletSanctioned(
            "This wallet can't be used on Bloxtr8: it appears on a sanctions list."
        )
    if unavailable:
        raise ScreeningUnavailable(
            "We can't check this wallet against the sanctions lists right now, so nothing "
            "can move to or from it. Please try again later."
        )
    return results

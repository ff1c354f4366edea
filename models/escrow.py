"""Escrows, their rail-specific rows, milestones and event history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import Currency, EscrowRail, EscrowStatus, MilestoneStatus
from models.errors import InvalidState, NotAllowed, NotFound
from models.notification import Notification
from models.terms import Terms

OPEN_STATUSES = (
    EscrowStatus.AWAIT_FUNDS,
    EscrowStatus.FUNDS_HELD,
    EscrowStatus.DELIVERED,
    EscrowStatus.DISPUTED,
)
_STATUS_WORDS = {
    EscrowStatus.AWAIT_FUNDS: "is still waiting for the buyer's payment",
    EscrowStatus.FUNDS_HELD: "holds the payment and is waiting for delivery",
    EscrowStatus.DELIVERED: "was marked delivered and is waiting for the buyer",
    EscrowStatus.DISPUTED: "is in dispute and waits for a moderator",
    EscrowStatus.RELEASED: "was already released to the seller",
    EscrowStatus.REFUNDED: "was already refunded to the buyer",
    EscrowStatus.CANCELLED: "was cancelled",
}

if TYPE_CHECKING:
    from models.contract import Contract
    from models.guild import Guild
    from models.user import User


class Escrow(TimestampMixin, BaseModel):
    contract: fields.OneToOneRelation[Contract] = fields.OneToOneField(
        "models.Contract", related_name="escrow", on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="escrows_as_buyer", on_delete=fields.RESTRICT, db_index=True
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="escrows_as_seller", on_delete=fields.RESTRICT, db_index=True
    )
    guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="escrows",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    rail = fields.CharEnumField(EscrowRail, max_length=16, db_index=True)
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    currency = fields.CharEnumField(Currency, max_length=8, default=Currency.USD)
    fee_bps = fields.IntField(default=0)  # CHECK (0 <= fee_bps <= 10000)
    status = fields.CharEnumField(EscrowStatus, max_length=16, default=EscrowStatus.AWAIT_FUNDS)
    version = fields.IntField(default=0)
    expires_at = fields.DatetimeField(null=True)  # funding deadline
    auto_release_at = fields.DatetimeField(null=True)
    funded_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    released_at = fields.DatetimeField(null=True)
    refunded_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    # Set aside by a job for a lasting reason (no payout account, a provider refusal): the
    # job skips it until `set_aside_until`, and its party is told at most once a day.
    set_aside_reason = fields.TextField(null=True)
    set_aside_until = fields.DatetimeField(null=True)
    set_aside_told_at = fields.DatetimeField(null=True)

    milestones: fields.ReverseRelation[MilestoneEscrow]
    events: fields.ReverseRelation[EscrowEvent]
    contract_id: int
    buyer_id: int
    seller_id: int
    guild_id: int | None

    class Meta:
        table = "escrows"
        indexes = (("status", "expires_at"), ("status", "auto_release_at"))

    def __str__(self) -> str:
        return f"escrow #{self.id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def party_ids(self) -> tuple[int, int]:
        return (self.buyer_id, self.seller_id)

    @staticmethod
    def rail_for(amount: int, threshold_cents: int) -> EscrowRail:
        """Stripe up to the threshold (inclusive), USDC on Base above it."""
        return EscrowRail.STRIPE if amount <= threshold_cents else EscrowRail.USDC_BASE

    @classmethod
    async def open_for_contract(
        cls,
        contract: Contract,
        *,
        rail_threshold_cents: int,
        fee_bps: int | None = None,
        milestones: Sequence[tuple[str, int]] = (),
        guild_id: int | None = None,
        now: dt.datetime | None = None,
        using_db: BaseDBAsyncClient,
    ) -> Escrow:
        """Create the escrow for an executed contract, inside the caller's transaction.

        `milestones` are (title, cents) pairs that must sum to the contract amount. The fee
        (unless given) and the funding window are the contract's frozen terms.
        """
        now = now or utcnow()
        terms = contract.binding_terms
        if fee_bps is None:
            fee_bps = terms.fee_bps
        if milestones and sum(amount for _, amount in milestones) != contract.amount:
            raise InvalidState("The milestones must add up to the contract price.")
        rail = cls.rail_for(contract.amount, rail_threshold_cents)
        escrow = await cls.create(
            contract_id=contract.id,
            buyer_id=contract.buyer_id,
            seller_id=contract.seller_id,
            guild_id=guild_id,
            rail=rail,
            amount=contract.amount,
            currency=Currency.USD if rail is EscrowRail.STRIPE else Currency.USDC,
            fee_bps=fee_bps,
            status=EscrowStatus.AWAIT_FUNDS,
            version=1,
            expires_at=terms.funding_deadline(now),
            using_db=using_db,
        )
        for position, (title, amount) in enumerate(milestones, start=1):
            await MilestoneEscrow.create(
                escrow=escrow, position=position, title=title, amount=amount, using_db=using_db
            )
        if rail is EscrowRail.STRIPE:
            await StripeEscrow.create(escrow=escrow, using_db=using_db)
        await EscrowEvent.create(
            escrow=escrow,
            version=1,
            kind="opened",
            to_status=EscrowStatus.AWAIT_FUNDS,
            data={"rail": rail.value, "amount": contract.amount, "milestones": len(milestones)},
            using_db=using_db,
        )
        await AuditLog.record(
            "escrow.opened",
            object_type="escrow",
            object_id=escrow.id,
            guild_id=guild_id,
            actor_label="system",
            after={"status": escrow.status, "rail": rail, "amount": escrow.amount},
            using_db=using_db,
        )
        await Notification.card_changed(escrow.id, using_db)  # its first cards
        return escrow

    @classmethod
    async def locked(cls, escrow_id: int, conn: BaseDBAsyncClient) -> Escrow:
        """The escrow row, locked FOR UPDATE until the caller's transaction ends."""
        escrow = await cls.filter(id=escrow_id).select_for_update().using_db(conn).first()
        if escrow is None:
            raise NotFound(f"There is no escrow #{escrow_id}.")
        return escrow

    def require_party(self, by: User, *roles: str) -> None:
        """Refuse `by` unless they are one of `roles` ("buyer", "seller") of this escrow."""
        allowed = {"buyer": self.buyer_id, "seller": self.seller_id}
        if by.id not in {allowed[r] for r in roles}:
            who = " or ".join(roles)
            raise NotAllowed(f"Only the {who} of escrow #{self.id} can do that.")

    async def terms(self, conn: BaseDBAsyncClient | None = None) -> Terms:
        """The terms the signed contract froze. The fee is the one this escrow was opened
        with (copied from the contract when both signed)."""
        from models.contract import Contract

        contract = await Contract.filter(id=self.contract_id).using_db(conn).get()
        return replace(contract.binding_terms, fee_bps=self.fee_bps)

    def refuse_unless(self, allowed: Collection[EscrowStatus], doing: str) -> None:
        """A plain-language refusal when the escrow is not in one of `allowed`."""
        if self.status not in allowed:
            raise InvalidState(
                f"You can't {doing}: escrow #{self.id} {_STATUS_WORDS[self.status]}."
            )

    async def move(
        self,
        kind: str,
        to: EscrowStatus | None,
        *,
        conn: BaseDBAsyncClient,
        actor: User | None = None,
        actor_label: str | None = None,
        data: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        """Record a change on a row locked with `locked()`: new status (or none), other
        `fields`, version bump, escrow event and audit entry, in the caller's transaction."""
        previous = self.status
        changes = {**(fields or {}), "version": self.version + 1}
        if to is not None:
            changes["status"] = to
        await self.save_audited(
            conn,
            action=f"escrow.{kind}",
            actor=actor,
            actor_label=actor_label,
            guild_id=self.guild_id,
            changes=changes,
            state=self._move_state,
            note=data,
        )
        await EscrowEvent.create(
            escrow=self,
            version=self.version,
            kind=kind,
            from_status=previous,
            to_status=self.status,
            actor=actor,
            data=data or {},
            using_db=conn,
        )
        await Notification.card_changed(self.id, conn)  # the cards show it once committed

    def _move_state(self) -> dict[str, Any]:
        """What every move audits (its `data` is added after)."""
        return {"status": self.status, "version": self.version}


class StripeEscrow(TimestampMixin, BaseModel):
    escrow: fields.OneToOneRelation[Escrow] = fields.OneToOneField(
        "models.Escrow", related_name="stripe", on_delete=fields.RESTRICT
    )
    payment_intent_id = fields.CharField(max_length=255, null=True, unique=True)
    charge_id = fields.CharField(max_length=255, null=True, unique=True)
    amount_received = fields.BigIntField(default=0)  # cents
    amount_refunded = fields.BigIntField(default=0)  # cents
    transfer_id = fields.CharField(max_length=255, null=True)
    refund_id = fields.CharField(max_length=255, null=True)

    escrow_id: int

    class Meta:
        table = "stripe_escrows"


class StablecoinEscrow(TimestampMixin, BaseModel):
    escrow: fields.OneToOneRelation[Escrow] = fields.OneToOneField(
        "models.Escrow", related_name="stablecoin", on_delete=fields.RESTRICT
    )
    chain_id = fields.BigIntField()
    token_address = fields.CharField(max_length=42)
    deposit_address = fields.CharField(max_length=42, unique=True)
    # Base units (6 decimals): may exceed a bigint, so an exact decimal.
    amount_base_units = fields.DecimalField(max_digits=78, decimal_places=0)
    received_base_units = fields.DecimalField(max_digits=78, decimal_places=0, default=0)
    # Not unique: one transaction (an exchange's batch withdrawal) can pay several escrows.
    deposit_tx_hash = fields.CharField(max_length=66, null=True, db_index=True)
    release_tx_hash = fields.CharField(max_length=66, null=True)
    refund_tx_hash = fields.CharField(max_length=66, null=True)

    escrow_id: int

    class Meta:
        table = "stablecoin_escrows"


class MilestoneEscrow(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="milestones", on_delete=fields.RESTRICT
    )
    position = fields.IntField()
    title = fields.CharField(max_length=100)
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    status = fields.CharEnumField(
        MilestoneStatus, max_length=16, default=MilestoneStatus.PENDING, db_index=True
    )
    transfer_id = fields.CharField(max_length=255, null=True)
    delivered_at = fields.DatetimeField(null=True)
    released_at = fields.DatetimeField(null=True)

    escrow_id: int

    class Meta:
        table = "milestone_escrows"
        unique_together = (("escrow", "position"),)


class EscrowEvent(BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="events", on_delete=fields.RESTRICT
    )
    version = fields.IntField()
    kind = fields.CharField(max_length=48)
    from_status = fields.CharEnumField(EscrowStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(EscrowStatus, max_length=16, null=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="escrow_events",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    data: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    escrow_id: int
    actor_id: int | None

    class Meta:
        table = "escrow_events"
        unique_together = (("escrow", "version"),)

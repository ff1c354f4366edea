"""Who decides a dispute: platform staff, or the moderators of an approved guild.

A listing mirrored into every server was created in one guild, and for a PUBLIC listing
that guild is usually the seller's own: its moderators and admins are the seller's
friends (or the seller's second account). So a guild's moderators never decide by
default. Platform staff decide every chargeback and every dispute on a trade whose
parties did not meet inside one *approved* guild. A guild's moderators decide only when:

- platform staff approved that guild as an arbiter (`ArbiterGuild`, `/staff arbiter`),
- the listing was created there,
- both parties are members of it, and
- neither party holds Manage Server or the moderator role there.

The membership and role facts come from Discord (the caller reads them and hands them in
as `PartyStanding`s); without them the dispute goes to staff. Whoever decides, a party of
the trade never claims, decides or approves its dispute, not even as staff.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.errors import InvalidState, NotAllowed, NotFound

if TYPE_CHECKING:
    from models.dispute import Dispute, Moderator
    from models.escrow import Escrow
    from models.guild import Guild
    from models.user import User

# Resolutions of escrows above this amount need a second arbiter's approval ($2,500.00).
DEFAULT_APPROVAL_THRESHOLD_CENTS = 250_000


class ArbiterKind(enum.StrEnum):
    STAFF = "STAFF"  # Bloxtr8 platform staff
    GUILD = "GUILD"  # the moderators of an approved guild


@dataclass(frozen=True)
class PartyStanding:
    """A party's place in a guild, as Discord shows it now."""

    member: bool
    privileged: bool = False  # Manage Server (or admin/owner) or the moderator role


@dataclass(frozen=True)
class Authority:
    """Who decides one dispute, and why (in words a party reads)."""

    kind: ArbiterKind
    guild_id: int | None = None  # our Guild row id when kind is GUILD
    reason: str = ""

    @classmethod
    def staff(cls, reason: str) -> Authority:
        return cls(ArbiterKind.STAFF, None, reason)


class ArbiterGuild(TimestampMixin, BaseModel):
    """A guild that platform staff approved to decide disputes of trades made inside it.

    One row per guild; `revoked_at` set means the approval was withdrawn (approving again
    clears it). Every change is an audit entry."""

    guild: fields.OneToOneRelation[Guild] = fields.OneToOneField(
        "models.Guild", related_name="arbiter", on_delete=fields.CASCADE
    )
    approved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="arbiter_approvals",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    approved_at = fields.DatetimeField()
    revoked_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="arbiter_revocations",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    revoked_at = fields.DatetimeField(null=True)

    guild_id: int
    approved_by_id: int | None
    revoked_by_id: int | None

    class Meta:
        table = "arbiter_guilds"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    async def is_approved(cls, guild_id: int | None, conn: BaseDBAsyncClient | None = None) -> bool:
        if guild_id is None:
            return False
        return await cls.filter(guild_id=guild_id, revoked_at__isnull=True).using_db(conn).exists()

    @classmethod
    async def approve(cls, guild: Guild, *, by: User, actor_label: str) -> ArbiterGuild:
        """Staff approve `guild`: its moderators may decide disputes of trades made there."""
        async with in_transaction() as conn:
            row = await cls.filter(guild_id=guild.id).select_for_update().using_db(conn).first()
            if row is not None and row.active:
                raise InvalidState(f"{guild.name} is already an approved arbiter.")
            now = utcnow()
            if row is None:
                row = await cls.create(
                    guild_id=guild.id, approved_by_id=by.id, approved_at=now, using_db=conn
                )
            else:
                row.approved_by_id = by.id
                row.approved_at = now
                row.revoked_by_id = None
                row.revoked_at = None
                await row.save(using_db=conn)
            await _audit_approval("arbiter.approved", guild, by, actor_label, conn)
            return row

    @classmethod
    async def revoke(cls, guild: Guild, *, by: User, actor_label: str) -> ArbiterGuild:
        """Staff withdraw the approval: from now on staff decide this guild's disputes,
        including the ones already open (the authority check reads the approval each time)."""
        async with in_transaction() as conn:
            row = await cls.filter(guild_id=guild.id).select_for_update().using_db(conn).first()
            if row is None or not row.active:
                raise InvalidState(f"{guild.name} is not an approved arbiter.")
            row.revoked_by_id = by.id
            row.revoked_at = utcnow()
            await row.save(using_db=conn)
            await _audit_approval("arbiter.revoked", guild, by, actor_label, conn)
            return row


async def _audit_approval(
    action: str, guild: Guild, by: User, actor_label: str, conn: BaseDBAsyncClient
) -> None:
    await AuditLog.record(
        action,
        object_type="guild",
        object_id=guild.id,
        actor=by,
        actor_label=actor_label,
        guild_id=guild.id,
        after={"guild": guild.id, "discord_id": guild.discord_id, "name": guild.name},
        using_db=conn,
    )


async def venue_of(escrow: Escrow, conn: BaseDBAsyncClient | None = None) -> Guild | None:
    """The guild the trade's listing was created in (None if it is gone)."""
    from models.contract import Contract
    from models.guild import Guild
    from models.listing import Listing

    contract = await Contract.filter(id=escrow.contract_id).using_db(conn).first()
    if contract is None:
        return None
    listing = await Listing.filter(id=contract.listing_id).using_db(conn).first()
    if listing is None:
        return None
    return await Guild.filter(id=listing.guild_id).using_db(conn).first()  # type: ignore[attr-defined]


async def authority_for(
    escrow: Escrow,
    *,
    chargeback: bool,
    standings: Mapping[int, PartyStanding] | None,
    conn: BaseDBAsyncClient | None = None,
) -> Authority:
    """Who decides a dispute on `escrow`. `standings` maps each party's user id to their
    standing in the listing's guild (None: not known, so staff decide)."""
    if chargeback:
        return Authority.staff("a card chargeback is always decided by Bloxtr8 staff")
    venue = await venue_of(escrow, conn)
    if venue is None or not await ArbiterGuild.is_approved(venue.id, conn):
        return Authority.staff("the listing's server is not an approved arbiter")
    if standings is None:
        return Authority.staff("the parties' membership in the listing's server is unknown")
    for party in escrow.party_ids():
        standing = standings.get(party)
        if standing is None or not standing.member:
            return Authority.staff("the buyer and seller did not both meet in one approved server")
        if standing.privileged:
            return Authority.staff("a party is an admin or moderator of the listing's server")
    return Authority(ArbiterKind.GUILD, venue.id, f"the moderators of {venue.name}")


async def require_arbiter(
    dispute: Dispute, mod: Moderator, conn: BaseDBAsyncClient | None = None
) -> None:
    """Refuse anyone who may not handle `dispute`: a party always (even staff); a guild
    moderator unless the dispute is their approved guild's to decide."""
    from models.escrow import Escrow

    escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
    if mod.user.id in escrow.party_ids():
        raise NotAllowed(
            f"You're a party to the trade in dispute #{dispute.id}, so someone else has to "
            "handle it."
        )
    if mod.staff:
        return
    if mod.guild_id is None:
        raise NotFound(f"There is no dispute #{dispute.id} in this server.")
    if (
        dispute.authority is ArbiterKind.GUILD
        and dispute.arbiter_guild_id == mod.guild_id
        and await ArbiterGuild.is_approved(mod.guild_id, conn)
    ):
        return
    if dispute.guild_id == mod.guild_id or dispute.arbiter_guild_id == mod.guild_id:
        raise NotAllowed(
            f"Bloxtr8 platform staff decide dispute #{dispute.id}, not this server's moderators."
        )
    raise NotFound(f"There is no dispute #{dispute.id} in this server.")


def who_decides(dispute: Dispute, guild_name: str | None = None) -> str:
    """One line for the parties: who will decide their dispute."""
    if dispute.authority is ArbiterKind.GUILD:
        where = guild_name or "the listing's server"
        return (
            f"Who decides: the moderators of {where} (a server Bloxtr8 approved as an "
            "arbiter); a decision over the approval limit also needs a second arbiter."
        )
    why = f" ({dispute.authority_reason})" if dispute.authority_reason else ""
    return f"Who decides: Bloxtr8 platform staff{why}."

"""Disputes that moderators settle.

`Dispute.open` freezes an escrow for moderators, whoever asks: a party (the slash command
or the button on the delivery message) or the card issuer (a chargeback). The money side
lives in `models.escrow_actions` (`release`/`refund` with `moderator=True`, `split`); this
module holds the moderators' steps around it. Each step locks the dispute row, checks who
may act and in what state, changes it and writes the audit entry in one transaction.
Internal notes and evidence requests are audit entries (notes) and items of the `evidence`
list (requests, party evidence), so the schema needs nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.arbiter import (
    DEFAULT_APPROVAL_THRESHOLD_CENTS,
    ArbiterKind,
    PartyStanding,
    authority_for,
    require_arbiter,
)
from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import (
    DisputeOutcome,
    DisputeStatus,
    EscrowStatus,
    KycTier,
    ProviderCallKind,
    ProviderCallStatus,
)
from models.errors import DomainError, InvalidState, NotAllowed, NotFound
from models.text import strip_invisible

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.guild import Guild
    from models.notification import Then
    from models.provider import Rail
    from models.user import User

OPEN_DISPUTE_STATUSES = (DisputeStatus.OPEN, DisputeStatus.IN_REVIEW)
TEXT_LIMIT = 1000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
ESCALATE_AFTER = dt.timedelta(days=1)  # after the reminder, platform staff are told
PARTIES = ("buyer", "seller")


class Dispute(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="disputes", on_delete=fields.RESTRICT, db_index=True
    )
    guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="disputes",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    opened_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="disputes_opened",
        null=True,  # a chargeback opens a dispute with no Discord actor
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    moderator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="disputes_moderated",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    reason = fields.TextField()
    evidence: list[Any] = fields.JSONField(default=list)
    status = fields.CharEnumField(DisputeStatus, max_length=16, default=DisputeStatus.OPEN)
    outcome = fields.CharEnumField(DisputeOutcome, max_length=16, null=True)
    buyer_percent = fields.IntField(null=True)  # CHECK (1..99) for a split
    resolution = fields.TextField(null=True)
    thread_id = fields.BigIntField(null=True)
    deadline_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    # Who decides (`models.arbiter`): unset or STAFF means platform staff.
    authority = fields.CharEnumField(ArbiterKind, max_length=8, null=True)
    arbiter_guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="arbitrated_disputes",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    authority_reason = fields.CharField(max_length=200, null=True)
    # Two-person rule: a large decision is proposed first (`proposal`), then approved.
    proposal: Any = fields.JSONField(null=True)
    approver: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="disputes_approved",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )

    escrow_id: int
    guild_id: int | None
    opened_by_id: int | None
    moderator_id: int | None
    arbiter_guild_id: int | None
    approver_id: int | None

    class Meta:
        table = "disputes"
        indexes = (("status", "created_at"), ("status", "deadline_at"))

    def __str__(self) -> str:
        return f"dispute #{self.id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DISPUTE_STATUSES

    def state(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "moderator": self.moderator_id,
            "outcome": self.outcome,
            "buyer_percent": self.buyer_percent,
            "authority": self.authority or ArbiterKind.STAFF,
            "arbiter_guild": self.arbiter_guild_id,
            "approver": self.approver_id,
        }

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    async def locked(cls, dispute_id: int, conn: BaseDBAsyncClient) -> Dispute:
        """The dispute row, locked FOR UPDATE until the caller's transaction ends."""
        dispute = await cls.filter(id=dispute_id).select_for_update().using_db(conn).first()
        if dispute is None:
            raise NotFound(f"There is no dispute #{dispute_id}.")
        return dispute

    @classmethod
    async def for_moderator(cls, dispute_id: int, mod: Moderator) -> Dispute:
        """The dispute, if `mod` may handle it (their server's, not their own trade)."""
        dispute = await cls.get_or_none(id=dispute_id)
        if dispute is None:
            raise NotFound(f"There is no dispute #{dispute_id}.")
        await mod.check(dispute)
        return dispute

    @classmethod
    async def queue(
        cls,
        mod: Moderator,
        *,
        status: DisputeStatus | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> tuple[list[Dispute], int]:
        """Disputes `mod` can see, oldest first, one page, and how many there are in all.

        Without a status: the open ones (OPEN and IN_REVIEW)."""
        query = cls.all()
        if not mod.staff:  # a guild's moderators see only what their guild decides
            query = query.filter(authority=ArbiterKind.GUILD, arbiter_guild_id=mod.guild_id)
        elif mod.guild_id is not None:
            query = query.filter(guild_id=mod.guild_id)
        if status is None:
            query = query.filter(status__in=OPEN_DISPUTE_STATUSES)
        else:
            query = query.filter(status=status)
        total = await query.count()
        rows = await query.order_by("created_at", "id").offset(offset).limit(limit)
        return list(rows), total

    def notes_query(self) -> Any:
        return AuditLog.filter(object_type="dispute", object_id=str(self.id)).order_by("id")

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        escrow_id: int,
        *,
        reason: str,
        by: User | None = None,
        evidence: Sequence[dict[str, Any]] = (),
        chargeback: dict[str, Any] | None = None,
        now: dt.datetime | None = None,
        using_db: BaseDBAsyncClient | None = None,
        standings: Mapping[int, PartyStanding] | None = None,
        then: Then[Dispute] | None = None,
    ) -> Dispute:
        """Something went wrong: the escrow freezes as DISPUTED (no auto-release) and a
        dispute waits for moderators, with the deadline of the contract's dispute window.

        Either a party opens it (`by`: buyer or seller, while the escrow holds the money and
        no money step is under way), or a card chargeback does (`chargeback`: the provider's
        data, no Discord actor). Runs in `using_db` when given (the caller holds the lock).

        With `then`, or for a chargeback, who decides is recorded in the same transaction
        (`standings` as for `assign_authority`; a chargeback is always staff's), so that
        `then(dispute, conn)` can say so in the words it writes there.
        """
        from models.escrow import Escrow
        from models.payments import refuse_if_money_call_open

        if (by is None) == (chargeback is None):
            raise ValueError("A dispute is opened by a party or by a chargeback.")
        now = now or utcnow()
        reason = strip_invisible(reason).strip()
        if by is not None:
            if not reason:
                raise InvalidState("Please say what went wrong.")
            if len(reason) > TEXT_LIMIT:
                raise InvalidState("Please keep the reason under 1,000 characters.")

        async def run(conn: BaseDBAsyncClient) -> Dispute:
            escrow = await Escrow.locked(escrow_id, conn)
            if by is not None:
                escrow.require_party(by, "buyer", "seller")
            escrow.refuse_unless(
                (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), "open a dispute"
            )
            if by is not None:
                await refuse_if_money_call_open(escrow, conn)
            terms = await escrow.terms(conn)
            dispute = await cls.create(
                escrow_id=escrow.id,
                guild_id=escrow.guild_id,
                opened_by=by,
                reason=reason,
                evidence=list(evidence) if by is not None else [chargeback],
                deadline_at=terms.dispute_deadline(now),
                using_db=conn,
            )
            if by is not None:
                await escrow.move(
                    "dispute_opened",
                    EscrowStatus.DISPUTED,
                    conn=conn,
                    actor=by,
                    data={"dispute": dispute.id},
                    fields={"auto_release_at": None},
                )
            else:
                await escrow.move(
                    "chargeback",
                    EscrowStatus.DISPUTED,
                    conn=conn,
                    actor_label="stripe",
                    data=chargeback,
                    fields={"auto_release_at": None},
                )
            if then is not None or chargeback is not None:
                await dispute._take_authority(escrow, conn, standings=standings)
            if then is not None:
                await then(dispute, conn)
            return dispute

        if using_db is not None:
            return await run(using_db)
        async with in_transaction() as conn:
            return await run(conn)

    # -- moderators' steps -----------------------------------------------------------------

    @classmethod
    async def claim(
        cls, dispute_id: int, *, mod: Moderator, then: Then[Dispute] | None = None
    ) -> Dispute:
        """Take the dispute on: IN_REVIEW, assigned to `mod` (staff may take one over);
        `then(dispute, conn)` in the same transaction (`models.notification.Then`)."""
        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            await mod.check(dispute, conn)
            dispute.refuse_unless_open("claim it")
            if dispute.moderator_id == mod.user.id:
                raise InvalidState(f"Dispute #{dispute.id} is already yours.")
            if dispute.moderator_id is not None and not mod.staff:
                raise InvalidState(
                    f"Dispute #{dispute.id} is already being handled by another moderator."
                )
            await dispute._save_audited(
                conn,
                "dispute.claimed",
                mod,
                {"status": DisputeStatus.IN_REVIEW, "moderator_id": mod.user.id},
            )
            if then is not None:
                await then(dispute, conn)
            return dispute

    @classmethod
    async def add_note(cls, dispute_id: int, *, mod: Moderator, text: str) -> AuditLog:
        """An internal note for moderators (never shown to the parties)."""
        text = _clean(text, "the note")
        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            await mod.check(dispute, conn)
            return await dispute._audit("dispute.note", mod, conn, after={"note": text})

    @classmethod
    async def request_evidence(
        cls,
        dispute_id: int,
        *,
        mod: Moderator,
        party: str,
        text: str,
        days: int = 3,
        now: dt.datetime | None = None,
        then: Then[tuple[Dispute, int, dt.datetime]] | None = None,
    ) -> tuple[Dispute, int, dt.datetime]:
        """Ask the buyer or the seller for evidence by a deadline.

        Returns the dispute, the asked party's user id and the deadline (also given to
        `then(…, conn)` in the same transaction)."""
        if party not in PARTIES:
            raise InvalidState("Ask either the buyer or the seller.")
        if not 1 <= days <= 14:
            raise InvalidState("Give the party between 1 and 14 days to answer.")
        text = _clean(text, "the request")
        now = now or utcnow()
        due = now + dt.timedelta(days=days)
        from models.escrow import Escrow

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            await mod.check(dispute, conn)
            dispute.refuse_unless_open("ask for evidence")
            escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
            party_id = escrow.buyer_id if party == "buyer" else escrow.seller_id
            item = {
                "kind": "request",
                "party": party,
                "text": text,
                "due": due.isoformat(),
                "by": mod.user.id,
                "at": now.isoformat(),
            }
            dispute.evidence = [*dispute.evidence, item]
            await dispute.save(using_db=conn, update_fields=["evidence", "updated_at"])
            await dispute._audit("dispute.evidence_requested", mod, conn, after=item)
            if then is not None:
                await then((dispute, party_id, due), conn)
            return dispute, party_id, due

    @classmethod
    async def add_evidence(
        cls,
        dispute_id: int,
        *,
        by: User,
        text: str,
        attachments: Sequence[dict[str, Any]] = (),
        now: dt.datetime | None = None,
    ) -> Dispute:
        """A party adds a statement and files (url, filename, size) to an open dispute."""
        text = _clean(text, "your evidence")
        files = check_attachments(attachments)
        now = now or utcnow()
        from models.escrow import Escrow

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
            if by.id not in escrow.party_ids():
                raise NotFound(f"There's no dispute #{dispute_id} of yours.")
            dispute.refuse_unless_open("add evidence")
            party = "buyer" if by.id == escrow.buyer_id else "seller"
            item = {
                "kind": "statement",
                "party": party,
                "text": text,
                "attachments": files,
                "by": by.id,
                "at": now.isoformat(),
            }
            dispute.evidence = [*dispute.evidence, item]
            await dispute.save(using_db=conn, update_fields=["evidence", "updated_at"])
            await AuditLog.record(
                "dispute.evidence_added",
                object_type="dispute",
                object_id=dispute.id,
                actor=by,
                guild_id=dispute.guild_id,
                after={"party": party, "text": text, "attachments": files},
                using_db=conn,
            )
            return dispute

    @classmethod
    async def decide(
        cls,
        dispute_id: int,
        *,
        mod: Moderator,
        outcome: DisputeOutcome,
        reason: str,
        buyer_percent: int | None = None,
        now: dt.datetime | None = None,
        approval_threshold_cents: int = DEFAULT_APPROVAL_THRESHOLD_CENTS,
        proposed: Then[Dispute] | None = None,
    ) -> Dispute:
        """Record a moderator's decision (RESOLVED) under the dispute's row lock.

        This is the step a second, racing `resolve` fails at: only one decision is ever
        recorded. The money then moves through `escrow_actions` (outside any transaction);
        if that is refused, `undo_decision` reopens the dispute. On an escrow above
        `approval_threshold_cents` the decision is only proposed (the dispute stays in
        review) until a second arbiter approves it (`approve`), and `proposed(dispute, conn)`
        is called in that transaction (`models.notification.Then`)."""
        reason, buyer_percent = check_decision(outcome, reason, buyer_percent)
        now = now or utcnow()

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            await mod.check(dispute, conn)
            dispute.refuse_unless_open("resolve it")
            escrow = await dispute._escrow_in_dispute(conn)
            if escrow.amount > approval_threshold_cents:
                await dispute._propose(mod, conn, outcome, reason, buyer_percent, now)
                if proposed is not None:
                    await proposed(dispute, conn)
                return dispute
            await dispute._save_audited(
                conn,
                "dispute.resolved",
                mod,
                _resolution(outcome, buyer_percent, reason, mod.user.id, now),
                note={"reason": reason},
            )
            return dispute

    @classmethod
    async def resolve(
        cls,
        dispute_id: int,
        *,
        mod: Moderator,
        outcome: DisputeOutcome,
        reason: str,
        rail: Rail,
        buyer_percent: int | None = None,
        now: dt.datetime | None = None,
        approval_threshold_cents: int = DEFAULT_APPROVAL_THRESHOLD_CENTS,
        proposed: Then[Dispute] | None = None,
    ) -> Dispute:
        """Decide and move the money: a transfer (release), a refund, or a partial refund
        plus a transfer of the rest (split). Exactly one decision and one money movement:
        the decision is recorded under the dispute's lock first, and `escrow_actions` refuses
        any second money call on the escrow. Raises `payments.ProviderPending` when the
        provider didn't answer (the decision stands; the reconciler finishes the money).
        Above the approval threshold nothing moves: the dispute comes back in review with
        the decision proposed (`proposal`), waiting for `approve` (`proposed` as for
        `decide`)."""
        dispute = await cls.decide(
            dispute_id,
            mod=mod,
            outcome=outcome,
            reason=reason,
            buyer_percent=buyer_percent,
            now=now,
            approval_threshold_cents=approval_threshold_cents,
            proposed=proposed,
        )
        if dispute.status is not DisputeStatus.RESOLVED:
            return dispute  # proposed: a second arbiter has to approve it
        return await cls._move_money(dispute, mod, rail)

    @classmethod
    async def _move_money(cls, dispute: Dispute, mod: Moderator, rail: Rail) -> Dispute:
        """The money of a recorded decision (see `resolve`)."""
        from models import escrow_actions
        from models.payments import CallNotice, ProviderPending

        outcome = dispute.outcome
        label = f"{'staff' if mod.staff else 'moderator'}:{mod.user.discord_id}"
        moves_before = await _money_moves(dispute.escrow_id)
        try:
            if outcome is DisputeOutcome.RELEASE:
                await escrow_actions.release(
                    dispute.escrow_id,
                    rail=rail,
                    by=mod.user,
                    actor_label=label,
                    moderator=True,
                    notice=CallNotice.DECIDED,  # told when the dispute closes
                )
            elif outcome is DisputeOutcome.REFUND:
                await escrow_actions.refund(
                    dispute.escrow_id,
                    rail=rail,
                    by=mod.user,
                    actor_label=label,
                    moderator=True,
                    notice=CallNotice.DECIDED,
                )
            else:
                assert dispute.buyer_percent is not None
                await escrow_actions.split(
                    dispute.escrow_id,
                    rail=rail,
                    buyer_percent=dispute.buyer_percent,
                    by=mod.user,
                    actor_label=label,
                )
        except ProviderPending:
            raise
        except DomainError as exc:
            moved = await _money_moves(dispute.escrow_id) > moves_before
            if not moved:  # nothing moved: the decision is undone and can be made again
                await cls.undo_decision(dispute.id, mod=mod, why=exc.message)
                raise
            # Half of a split went through: the decision stands for staff to finish.
            await AuditLog.record(
                "dispute.resolution_incomplete",
                object_type="dispute",
                object_id=dispute.id,
                actor=mod.user,
                guild_id=dispute.guild_id,
                after={"why": exc.message[:500]},
            )
            raise InvalidState(
                f"Part of the money for dispute #{dispute.id} moved, but the rest was refused: "
                f"{exc.message} Platform staff need to finish it."
            ) from exc
        return await cls.get(id=dispute.id)

    @classmethod
    async def undo_decision(cls, dispute_id: int, *, mod: Moderator, why: str) -> Dispute:
        """The money step was refused (nothing moved): the dispute goes back to review."""
        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            if dispute.status is not DisputeStatus.RESOLVED:
                return dispute
            await dispute._save_audited(
                conn,
                "dispute.resolution_failed",
                mod,
                {
                    "status": DisputeStatus.IN_REVIEW,
                    "outcome": None,
                    "buyer_percent": None,
                    "resolution": None,
                    "resolved_at": None,
                    "approver_id": None,
                    "proposal": None,
                },
                note={"why": why[:500]},
            )
            return dispute

    @classmethod
    async def close(
        cls, dispute_id: int, *, actor_label: str = "system", then: Then[Dispute] | None = None
    ) -> bool:
        """RESOLVED → CLOSED once the escrow is settled; True when this call closed it.
        `then(dispute, conn)` writes the announcement in the same transaction, so the
        parties hear the decision exactly when (and once) the dispute closes."""
        from models.escrow import Escrow

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            if dispute.status is not DisputeStatus.RESOLVED:
                return False
            escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
            if escrow.status not in (EscrowStatus.RELEASED, EscrowStatus.REFUNDED):
                return False  # the money step is still being finished
            await dispute.save_audited(
                conn,
                action="dispute.closed",
                actor_label=actor_label,
                guild_id=dispute.guild_id,
                changes={"status": DisputeStatus.CLOSED},
                note={"escrow_status": escrow.status},
            )
            if then is not None:
                await then(dispute, conn)
            return True

    @classmethod
    async def set_thread(cls, dispute_id: int, thread_id: int) -> bool:
        """Remember the dispute's private thread (only the first one is kept)."""
        async with in_transaction() as conn:
            updated = (
                await cls.filter(id=dispute_id, thread_id__isnull=True)
                .using_db(conn)
                .update(thread_id=thread_id)
            )
            if updated:
                dispute = await cls.filter(id=dispute_id).using_db(conn).get()
                await AuditLog.record(
                    "dispute.thread_opened",
                    object_type="dispute",
                    object_id=dispute_id,
                    actor_label="system",
                    guild_id=dispute.guild_id,
                    after={"thread_id": thread_id},
                    using_db=conn,
                )
            return bool(updated)

    # -- deadlines -------------------------------------------------------------------------

    @classmethod
    async def run_deadlines(
        cls, now: dt.datetime | None = None, limit: int = 100, *, then: Then[Due] | None = None
    ) -> list[Due]:
        """Disputes past their deadline: the first pass reminds the moderators, a pass
        `ESCALATE_AFTER` later escalates to platform staff (once). Nothing is ever released
        or refunded here. Rows another process holds are skipped; each step is recorded
        with what it tells (`then(due, conn)`, in the same transaction), so a second
        process does not repeat it."""
        now = now or utcnow()
        done: list[Due] = []
        async with in_transaction() as conn:
            rows = await conn.execute_query_dict(
                "SELECT id FROM disputes WHERE status IN ('OPEN', 'IN_REVIEW') "
                "AND escalated_at IS NULL AND deadline_at IS NOT NULL AND deadline_at <= $1 "
                "ORDER BY deadline_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
                [now, limit],
            )
            for row in rows:
                dispute = await cls.filter(id=row["id"]).using_db(conn).get()
                reminder = (
                    await AuditLog.filter(
                        action="dispute.deadline_reminder",
                        object_type="dispute",
                        object_id=str(dispute.id),
                    )
                    .using_db(conn)
                    .order_by("-id")
                    .first()
                )
                if reminder is None:
                    await AuditLog.record(
                        "dispute.deadline_reminder",
                        object_type="dispute",
                        object_id=dispute.id,
                        actor_label="job:dispute-deadlines",
                        guild_id=dispute.guild_id,
                        after={"deadline_at": dispute.deadline_at, "at": now, **dispute.state()},
                        using_db=conn,
                    )
                    done.append(Due(dispute, "remind"))
                    if then is not None:
                        await then(done[-1], conn)
                    continue
                reminded_at = _parse_time((reminder.after or {}).get("at"))
                if reminded_at is None or now < reminded_at + ESCALATE_AFTER:
                    continue
                dispute.escalated_at = now
                await dispute.save(using_db=conn, update_fields=["escalated_at", "updated_at"])
                await AuditLog.record(
                    "dispute.escalated",
                    object_type="dispute",
                    object_id=dispute.id,
                    actor_label="job:dispute-deadlines",
                    guild_id=dispute.guild_id,
                    after={"escalated_at": now, **dispute.state()},
                    using_db=conn,
                )
                done.append(Due(dispute, "escalate"))
                if then is not None:
                    await then(done[-1], conn)
        return done

    @classmethod
    async def overdue_requests(
        cls,
        now: dt.datetime | None = None,
        limit: int = 100,
        *,
        then: Then[tuple[Dispute, dict[str, Any]]] | None = None,
    ) -> list[tuple[Dispute, dict[str, Any]]]:
        """Evidence requests past their due time that the asked party didn't answer (no
        statement from them since), each returned once. Every request past due is closed in
        the same transaction: `answered_at` (the answer's time) or `overdue_at` (now), so a
        second pass, or another process, finds nothing to say. Open disputes only.
        `then((dispute, request), conn)` tells about each in the same transaction."""
        now = now or utcnow()
        found: list[tuple[Dispute, dict[str, Any]]] = []
        async with in_transaction() as conn:
            rows = await conn.execute_query_dict(
                "SELECT id FROM disputes WHERE status IN ('OPEN', 'IN_REVIEW') AND "
                'jsonb_path_exists(evidence, \'$[*] ? (@.kind == "request" && '
                "!(exists(@.overdue_at)) && !(exists(@.answered_at)) && @.due <= $now)', "
                "jsonb_build_object('now', $1::text)) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
                [now.astimezone(dt.UTC).isoformat(), limit],
            )
            for row in rows:
                dispute = await cls.filter(id=row["id"]).using_db(conn).get()
                evidence = [dict(item) for item in dispute.evidence]
                for item in evidence:
                    due = _parse_time(item.get("due"))
                    if (
                        item.get("kind") != "request"
                        or "overdue_at" in item
                        or "answered_at" in item
                        or due is None
                        or due > now
                    ):
                        continue
                    asked = _parse_time(item.get("at"))
                    answers = [
                        answered
                        for other in evidence
                        if other.get("kind") == "statement"
                        and other.get("party") == item.get("party")
                        and (answered := _parse_time(other.get("at"))) is not None
                        and (asked is None or answered >= asked)
                    ]
                    if answers:
                        item["answered_at"] = min(answers).isoformat()
                        continue
                    item["overdue_at"] = now.isoformat()
                    found.append((dispute, item))
                    await AuditLog.record(
                        "dispute.evidence_overdue",
                        object_type="dispute",
                        object_id=dispute.id,
                        actor_label="job:dispute-deadlines",
                        guild_id=dispute.guild_id,
                        after={"party": item.get("party"), "due": item.get("due"), "at": now},
                        using_db=conn,
                    )
                dispute.evidence = evidence
                await dispute.save(using_db=conn, update_fields=["evidence", "updated_at"])
                for one in found:
                    if then is not None and one[0] is dispute:
                        await then(one, conn)
        return found

    @classmethod
    async def resolved_to_close(cls, limit: int = 100) -> list[int]:
        """RESOLVED disputes whose escrow has since settled (a money step finished late)."""
        rows = await conn_query(
            "SELECT d.id FROM disputes d JOIN escrows e ON e.id = d.escrow_id "
            "WHERE d.status = 'RESOLVED' AND e.status IN ('RELEASED', 'REFUNDED') "
            "ORDER BY d.id LIMIT $1",
            [limit],
        )
        return [int(r["id"]) for r in rows]

    # -- deciding authority and the two-person rule (`models.arbiter`) ---------------------

    async def check_authority(self, mod: Moderator, conn: BaseDBAsyncClient | None = None) -> None:
        """The one authority check of every moderator step: a party never (even staff);
        staff always; a guild's moderators only for a dispute their approved guild decides."""
        await require_arbiter(self, mod, conn)

    @classmethod
    async def assign_authority(
        cls,
        dispute_id: int,
        *,
        standings: Mapping[int, PartyStanding] | None,
        chargeback: bool = False,
        reassess: bool = False,
    ) -> Dispute:
        """Record who decides a newly opened dispute (once; until then staff decide).

        `standings` are the parties' places in the listing's guild as Discord shows them
        (see `models.arbiter.authority_for`). With `reassess`, a dispute a guild decides
        goes to staff when it no longer qualifies; authority never moves the other way."""
        from models.escrow import Escrow

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            if dispute.authority is not None and not (
                reassess and dispute.authority is ArbiterKind.GUILD
            ):
                return dispute
            escrow = await Escrow.filter(id=dispute.escrow_id).using_db(conn).get()
            await dispute._take_authority(escrow, conn, standings=standings, chargeback=chargeback)
            return dispute

    async def _take_authority(
        self,
        escrow: Escrow,
        conn: BaseDBAsyncClient,
        *,
        standings: Mapping[int, PartyStanding] | None,
        chargeback: bool = False,
    ) -> None:
        """Record who decides, in `conn` (the dispute locked or just created there); a
        dispute a guild decides only ever moves to staff."""
        chargeback = chargeback or self.opened_by_id is None
        found = await authority_for(escrow, chargeback=chargeback, standings=standings, conn=conn)
        if self.authority is not None and found.kind is not ArbiterKind.STAFF:
            return  # still the guild's
        self.authority = found.kind
        self.arbiter_guild_id = found.guild_id
        self.authority_reason = found.reason[:200]
        await self.save(
            using_db=conn,
            update_fields=["authority", "arbiter_guild_id", "authority_reason", "updated_at"],
        )
        await AuditLog.record(
            "dispute.authority",
            object_type="dispute",
            object_id=self.id,
            actor_label="system",
            guild_id=self.guild_id,
            after={**self.state(), "reason": found.reason},
            using_db=conn,
        )

    async def _propose(
        self,
        mod: Moderator,
        conn: BaseDBAsyncClient,
        outcome: DisputeOutcome,
        reason: str,
        buyer_percent: int | None,
        now: dt.datetime,
    ) -> Dispute:
        """A decision above the approval threshold: recorded as proposed (a newer proposal
        replaces an older one); the money waits for a second arbiter."""
        proposal = {
            "outcome": outcome.value,
            "buyer_percent": buyer_percent,
            "reason": reason,
            "by": mod.user.id,
            "staff": mod.staff,
            "at": now.isoformat(),
        }
        changes = {
            "status": DisputeStatus.IN_REVIEW,
            "moderator_id": mod.user.id,
            "proposal": proposal,
        }
        await self._save_audited(
            conn, "dispute.resolution_proposed", mod, changes, note={"proposal": proposal}
        )
        return self

    @classmethod
    async def approve(
        cls, dispute_id: int, *, mod: Moderator, rail: Rail, now: dt.datetime | None = None
    ) -> Dispute:
        """A second arbiter approves the proposed decision; only then the money moves.
        The proposer can't approve their own proposal, and a party never can."""
        now = now or utcnow()

        async with in_transaction() as conn:
            dispute = await cls.locked(dispute_id, conn)
            await mod.check(dispute, conn)
            dispute.refuse_unless_open("approve its resolution")
            proposal = dispute.proposal
            if not proposal:
                raise InvalidState(f"Dispute #{dispute.id} has no proposed resolution to approve.")
            if proposal.get("by") == mod.user.id:
                raise NotAllowed(
                    "You proposed this resolution, so a second arbiter has to approve it."
                )
            await dispute._escrow_in_dispute(conn)
            changes = _resolution(
                DisputeOutcome(proposal["outcome"]),
                proposal.get("buyer_percent"),
                proposal["reason"],
                int(proposal["by"]),
                now,
            )
            await dispute._save_audited(
                conn,
                "dispute.resolved",
                mod,
                {**changes, "approver_id": mod.user.id},
                note={"reason": proposal["reason"], "proposal": proposal},
            )
        return await cls._move_money(dispute, mod, rail)

    # -- helpers ---------------------------------------------------------------------------

    def refuse_unless_open(self, doing: str) -> None:
        if self.status is DisputeStatus.RESOLVED:
            raise InvalidState(f"You can't {doing}: dispute #{self.id} was already resolved.")
        if self.status is DisputeStatus.CLOSED:
            raise InvalidState(f"You can't {doing}: dispute #{self.id} is closed.")

    async def _escrow_in_dispute(self, conn: BaseDBAsyncClient) -> Escrow:
        """The disputed escrow, refused when its money was already decided."""
        from models.escrow import Escrow

        escrow = await Escrow.filter(id=self.escrow_id).using_db(conn).get()
        if escrow.status is not EscrowStatus.DISPUTED:
            raise InvalidState(
                f"Escrow #{escrow.id} is no longer in dispute ({escrow.status.lower()}), "
                "so there is no money left to decide on."
            )
        return escrow

    async def _save_audited(
        self,
        conn: BaseDBAsyncClient,
        action: str,
        mod: Moderator,
        changes: Mapping[str, Any],
        *,
        note: Mapping[str, Any] | None = None,
    ) -> None:
        """Change the dispute as `mod` and audit it (before/after: its `state()`)."""
        await self.save_audited(
            conn,
            action=action,
            changes=changes,
            actor=mod.user,
            actor_label="staff" if mod.staff else "moderator",
            guild_id=self.guild_id,
            state=self.state,
            note=note,
        )

    async def _audit(
        self,
        action: str,
        mod: Moderator,
        conn: BaseDBAsyncClient,
        *,
        after: dict[str, Any] | None = None,
    ) -> AuditLog:
        """An entry with no before: a note, or an evidence request (`after` names it)."""
        return await AuditLog.record(
            action,
            object_type="dispute",
            object_id=self.id,
            actor=mod.user,
            actor_label="staff" if mod.staff else "moderator",
            guild_id=self.guild_id,
            after={**self.state(), **(after or {})},
            using_db=conn,
        )


def _resolution(
    outcome: DisputeOutcome,
    buyer_percent: int | None,
    reason: str,
    moderator_id: int,
    now: dt.datetime,
) -> dict[str, Any]:
    """The fields a decision sets on its dispute."""
    return {
        "status": DisputeStatus.RESOLVED,
        "outcome": outcome,
        "buyer_percent": buyer_percent,
        "resolution": reason,
        "moderator_id": moderator_id,
        "resolved_at": now,
    }


@dataclass(frozen=True)
class Moderator:
    """Someone acting as a moderator. The cog checks the Discord side (moderator role or
    Manage Server in `guild_id`, or platform staff); `check` adds the rest."""

    user: User
    guild_id: int | None  # our Guild row id where the command was used
    staff: bool = False

    async def check(self, dispute: Dispute, conn: BaseDBAsyncClient | None = None) -> None:
        """Refuse anyone who may not decide `dispute` (see `Dispute.check_authority`)."""
        await dispute.check_authority(self, conn)


@dataclass(frozen=True)
class Due:
    dispute: Dispute
    step: str  # "remind" or "escalate"


@dataclass(frozen=True)
class DisputeRecord:
    """How someone's disputes ended, for profiles, listing embeds and case files."""

    resolved: int = 0
    won: int = 0  # decided in their favour
    lost: int = 0  # decided against them
    split: int = 0
    open: int = 0

    def describe(self) -> str:
        if not self.resolved and not self.open:
            return "no disputes"
        parts = [f"{self.resolved} resolved"]
        if self.resolved:
            parts.append(f"{self.won} won, {self.lost} lost, {self.split} split")
        if self.open:
            parts.append(f"{self.open} open")
        return ", ".join(parts)


@dataclass(frozen=True)
class TradeRecord:
    """Someone's standing as the other side of a trade sees it: their verification, their
    completed trades and what they were worth, and how their disputes ended."""

    discord_id: int
    kyc_tier: KycTier
    completed_trades: int
    volume_cents: int
    disputes: DisputeRecord


# Per user: completed trades and their value as `User.trade_stats` counts them, and the
# dispute record as `dispute_record` counts it ($1 the users, $2 RELEASED).
_TRADE_RECORDS_SQL = """
SELECT u.id, u.discord_id, u.kyc_tier, t.completed, t.volume,
       r.resolved, r.won, r.lost, r.split, r.open
FROM users u
CROSS JOIN LATERAL (
    SELECT count(*) AS completed, coalesce(sum(amount), 0) AS volume
    FROM escrows WHERE (buyer_id = u.id OR seller_id = u.id) AND status = $2
) t
CROSS JOIN LATERAL (
    SELECT
      count(*) FILTER (WHERE d.status IN ('RESOLVED', 'CLOSED')) AS resolved,
      count(*) FILTER (WHERE d.status IN ('RESOLVED', 'CLOSED') AND (
          (e.buyer_id = u.id AND d.outcome = 'REFUND')
          OR (e.seller_id = u.id AND d.outcome = 'RELEASE')
      )) AS won,
      count(*) FILTER (WHERE d.status IN ('RESOLVED', 'CLOSED') AND (
          (e.buyer_id = u.id AND d.outcome = 'RELEASE')
          OR (e.seller_id = u.id AND d.outcome = 'REFUND')
      )) AS lost,
      count(*) FILTER (WHERE d.status IN ('RESOLVED', 'CLOSED') AND d.outcome = 'SPLIT') AS split,
      count(*) FILTER (WHERE d.status IN ('OPEN', 'IN_REVIEW')) AS open
    FROM disputes d JOIN escrows e ON e.id = d.escrow_id
    WHERE e.buyer_id = u.id OR e.seller_id = u.id
) r
WHERE u.id = ANY($1::bigint[])
"""


async def trade_records(
    user_ids: Collection[int], *, using_db: BaseDBAsyncClient | None = None
) -> dict[int, TradeRecord]:
    """`TradeRecord`s by user id, for any number of users in one statement (a page of search
    results shows each seller's); users that don't exist are left out."""
    if not user_ids:
        return {}
    rows = await conn_query(
        _TRADE_RECORDS_SQL, [list(user_ids), EscrowStatus.RELEASED.value], using_db=using_db
    )
    return {
        int(row["id"]): TradeRecord(
            discord_id=int(row["discord_id"]),
            kyc_tier=KycTier(row["kyc_tier"]),
            completed_trades=int(row["completed"]),
            volume_cents=int(row["volume"]),
            disputes=DisputeRecord(
                resolved=int(row["resolved"]),
                won=int(row["won"]),
                lost=int(row["lost"]),
                split=int(row["split"]),
                open=int(row["open"]),
            ),
        )
        for row in rows
    }


async def dispute_record(
    user_id: int, *, using_db: BaseDBAsyncClient | None = None
) -> DisputeRecord:
    """The disputes of every trade `user_id` was in (buyer or seller), in one query."""
    record = (await trade_records([user_id], using_db=using_db)).get(user_id)
    return record.disputes if record is not None else DisputeRecord()


async def conn_query(
    sql: str, params: list[Any], *, using_db: BaseDBAsyncClient | None = None
) -> list[dict[str, Any]]:
    from tortoise import connections

    conn = using_db or connections.get("default")
    return list(await conn.execute_query_dict(sql, params))


def check_attachments(attachments: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence files as `{url, filename, size}` (with `sha256` and `stored` when Bloxtr8
    kept a copy, see models/evidence_files.py): at most 5, each at most 8 MB."""
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidState(f"Attach at most {MAX_ATTACHMENTS} files.")
    files = []
    for item in attachments:
        size = int(item.get("size") or 0)
        name = str(item.get("filename") or "file")
        if size > MAX_ATTACHMENT_BYTES:
            raise InvalidState(
                f"`{name[:60]}` is over 8 MB. Please attach a smaller file (or a link to it)."
            )
        kept: dict[str, Any] = {k: item[k] for k in ("sha256", "stored") if k in item}
        files.append({"url": str(item.get("url") or ""), "filename": name, "size": size, **kept})
    return files


async def _money_moves(escrow_id: int) -> int:
    """How many transfers and refunds on this escrow went through."""
    from models.payments import ProviderCall

    return await ProviderCall.filter(
        escrow_id=escrow_id,
        kind__in=(ProviderCallKind.TRANSFER, ProviderCallKind.REFUND),
        status=ProviderCallStatus.SUCCEEDED,
    ).count()


def check_decision(
    outcome: DisputeOutcome, reason: str, buyer_percent: int | None
) -> tuple[str, int | None]:
    """A decision's written reason and buyer share, or a plain refusal."""
    reason = _clean(reason, "the reason")
    if outcome is DisputeOutcome.SPLIT:
        if buyer_percent is None or not 1 <= buyer_percent <= 99:
            raise InvalidState("For a split, the buyer's share must be between 1 and 99 percent.")
        return reason, buyer_percent
    return reason, None


def _clean(text: str, what: str) -> str:
    text = strip_invisible(text or "").strip()
    if not text:
        raise InvalidState(f"Please write {what}.")
    if len(text) > TEXT_LIMIT:
        raise InvalidState(f"Please keep {what} under 1,000 characters.")
    return text


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)

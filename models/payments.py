"""Money-moving calls to a provider, recorded before they are made (an outbox).

A call is written as PENDING with its idempotency key and committed *before* the
provider is asked (`record_call`, inside the caller's transaction); `settle` then asks
the provider with that key and `complete` records the result in a second transaction,
making the escrow transition the call stands for (`escrow_actions.COMPLETIONS`). A crash
in between leaves a PENDING row that `reconcile` claims and repeats with the same key, so
the provider replays its first answer instead of moving money twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import EscrowRail, EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.errors import DomainError, InvalidState
from models.provider import ProviderRefused, ProviderResult, ProviderUnavailable

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow
    from models.notification import Then
    from models.provider import Rail

log = logging.getLogger(__name__)

MONEY_KINDS = (
    ProviderCallKind.TRANSFER,
    ProviderCallKind.REFUND,
    ProviderCallKind.CANCEL_PAYMENT,
    ProviderCallKind.REVERSE_TRANSFER,
)
# Escrow statuses in which a transfer to the seller may still be made. A transfer recorded
# before the escrow was refunded (a refund on the provider's dashboard while it waited) is
# dropped unasked if the provider was never asked.
_TRANSFER_STATUSES = (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED, EscrowStatus.DISPUTED)

# Watchers of provider calls (rail, kind, outcome, seconds): the bot's metrics register
# one; the domain stays free of them. Outcomes: ok, refused, unavailable, error.
CallObserver = Callable[[str, str, str, float], None]
_observers: list[CallObserver] = []


def observe_calls(observer: CallObserver) -> None:
    """Call `observer` after every provider call `settle` makes (once per observer)."""
    if observer not in _observers:
        _observers.append(observer)


def _observed(call: ProviderCall, outcome: str, started: float) -> None:
    seconds = time.perf_counter() - started
    for observer in _observers:
        try:
            observer(call.rail.value, call.kind.value, outcome, seconds)
        except Exception:  # a watcher's bug never stops money code
            log.exception("A provider-call observer failed")


class CallNotice(StrEnum):
    """Who started a release or refund, recorded with its call (`request["notice"]`): the
    parties' DMs depend on it, and whoever completes the call (the caller, the reconciler,
    a webhook, the USDC payouts job) writes them in the completion's transaction."""

    CONFIRMED = "confirmed"  # the buyer confirmed delivery
    AUTO_RELEASED = "auto_released"  # the inspection period ended without a dispute
    SELLER_REFUNDED = "seller_refunded"  # the seller refunded the buyer
    DECIDED = "decided"  # an arbiter's decision: the dispute's close tells it


def notice_fields(notice: CallNotice | None) -> dict[str, Any]:
    """What a call's stored request carries of its notice (nothing when there is none)."""
    return {} if notice is None else {"notice": notice.value}


# What a completed call tells people (the bot registers one: the words are its own; the
# domain only says when). Called in the completion's transaction, once per completed call,
# with the call, its escrow after the transition and the connection.
CompletionTeller = Callable[["ProviderCall", "Escrow", BaseDBAsyncClient], Awaitable[object]]
_teller: list[CompletionTeller] = []


def tell_completions(teller: CompletionTeller | None) -> None:
    """Have `teller` write what each completed call tells (None: nobody, e.g. a process
    without the bot). One at a time: the last one set replaces the others."""
    _teller[:] = [] if teller is None else [teller]


def completions_teller() -> CompletionTeller | None:
    return _teller[0] if _teller else None


class ProviderSaidNo(DomainError):
    """The provider refused a money call; nothing moved."""


class ProviderPending(DomainError):
    """The provider didn't answer clearly; the call will be finished automatically."""


class ProviderCall(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="provider_calls", on_delete=fields.RESTRICT, db_index=True
    )
    milestone: fields.ForeignKeyNullableRelation[MilestoneEscrow] = fields.ForeignKeyField(
        "models.MilestoneEscrow",
        related_name="provider_calls",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    rail = fields.CharEnumField(EscrowRail, max_length=16)
    kind = fields.CharEnumField(ProviderCallKind, max_length=16)
    idempotency_key = fields.CharField(max_length=128, unique=True)
    amount = fields.BigIntField()  # cents
    status = fields.CharEnumField(
        ProviderCallStatus, max_length=16, default=ProviderCallStatus.PENDING
    )
    request: dict[str, Any] = fields.JSONField(default=dict)
    provider_id = fields.CharField(max_length=255, null=True)  # pi_…, tr_…, re_…, tx hash
    error = fields.TextField(null=True)
    attempts = fields.IntField(default=0)
    completed_at = fields.DatetimeField(null=True)

    escrow_id: int
    milestone_id: int | None
    # Set by `complete` only: calls its completion recorded, for `settle` to make next.
    follow_ups: list[int]

    class Meta:
        table = "provider_calls"
        indexes = (("status", "created_at"),)

    @classmethod
    async def claim_stale(cls, *, older_than_seconds: int = 60, limit: int = 50) -> list[int]:
        """Take a lease on PENDING calls nobody touched for a while (crashed mid-way).

        The lease is the `updated_at` bump: of several processes, only the one whose
        UPDATE matched gets the id, and it holds the call for `older_than_seconds`.
        """
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(
            """
            UPDATE provider_calls SET attempts = attempts + 1, updated_at = now()
            WHERE id IN (
                SELECT id FROM provider_calls
                WHERE status = 'PENDING'
                  AND updated_at < now() - make_interval(secs => $1)
                ORDER BY id LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            RETURNING id
            """,
            [older_than_seconds, limit],
        )
        return [int(r["id"]) for r in rows]


async def refuse_if_money_call_open(escrow: Escrow, conn: BaseDBAsyncClient) -> None:
    """Refuse a step while another money call on this escrow is still pending."""
    busy = (
        await ProviderCall.filter(
            escrow_id=escrow.id, status=ProviderCallStatus.PENDING, kind__in=MONEY_KINDS
        )
        .using_db(conn)
        .exists()
    )
    if busy:
        raise InvalidState(
            f"A payment step on escrow #{escrow.id} is already in progress. "
            "Check `/escrow status` in a minute."
        )


async def record_call(
    escrow: Escrow,
    conn: BaseDBAsyncClient,
    *,
    kind: ProviderCallKind,
    key: str,
    amount: int,
    request: dict[str, Any],
    milestone: MilestoneEscrow | None = None,
) -> ProviderCall:
    """Step 1: record the intent under `key`; after refused attempts, under `key-retryN`.

    A refused call moved nothing, so trying again is allowed, but with a fresh key: the
    provider may have stored its refusal under the old one. A pending or successful call
    under the current key makes this raise (the step is under way or done).
    """
    refused = (
        await ProviderCall.filter(
            escrow_id=escrow.id,
            kind=kind,
            status=ProviderCallStatus.FAILED,
            idempotency_key__startswith=key,
        )
        .using_db(conn)
        .count()
    )
    if refused:
        key = f"{key}-retry{refused}"
    try:
        async with in_transaction() as savepoint:  # nested: a savepoint inside `conn`
            return await ProviderCall.create(
                escrow_id=escrow.id,
                milestone=milestone,
                rail=escrow.rail,
                kind=kind,
                idempotency_key=key,
                amount=amount,
                request=request,
                using_db=savepoint,
            )
    except IntegrityError:
        raise InvalidState(f"That step was already taken on escrow #{escrow.id}.") from None


async def settle(call_id: int, rail: Rail, *, then: Then[Escrow] | None = None) -> ProviderCall:
    """Step 2: perform a recorded call and complete it. Safe to repeat (same key).
    `then` is called in the completion's transaction (`complete`).

    The escrow is re-checked first: a transfer whose escrow was refunded meanwhile is
    dropped without asking the provider when it was never sent. Calls that a completion
    records (the seller's share after a split refund, a transfer reversal) are settled
    next; a refused reversal is recorded and alerted, not raised."""
    call = await ProviderCall.get(id=call_id)
    if call.status is not ProviderCallStatus.PENDING:
        return call
    await _drop_if_unwanted(call_id)
    await ProviderCall.filter(id=call_id).update(attempts=F("attempts") + 1)
    started = time.perf_counter()
    try:
        result = await rail.execute(call)
    except ProviderRefused as exc:
        _observed(call, "refused", started)
        await _fail(call_id, str(exc))
        raise ProviderSaidNo(
            f"The payment provider refused this: {exc}. Nothing was moved."
        ) from exc
    except ProviderUnavailable as exc:
        _observed(call, "unavailable", started)
        log.warning("Provider call %s left pending: %s", call_id, exc)
        raise ProviderPending(
            "The payment provider isn't answering right now. Nothing is lost: "
            "this step will be finished automatically."
        ) from exc
    except Exception:
        _observed(call, "error", started)
        raise
    _observed(call, "ok", started)
    done = await complete(call_id, result, then=then)
    for next_id in getattr(done, "follow_ups", []):
        try:
            await settle(next_id, rail)
        except (ProviderSaidNo, ProviderPending) as exc:
            next_call = await ProviderCall.get(id=next_id)
            if next_call.kind is not ProviderCallKind.REVERSE_TRANSFER:
                raise
            log.warning("Reversal call %s not done: %s", next_id, exc.message)
    return done


async def _drop_if_unwanted(call_id: int) -> None:
    """Refuse (FAILED, nothing asked) a transfer never sent whose escrow left the states
    a transfer is made in, e.g. refunded on the provider's dashboard while it waited."""
    from models.alerts import alert_staff
    from models.escrow import Escrow

    async with in_transaction() as conn:
        call = await ProviderCall.filter(id=call_id).select_for_update().using_db(conn).get()
        if (
            call.status is not ProviderCallStatus.PENDING
            or call.kind is not ProviderCallKind.TRANSFER
            or call.attempts > 0
        ):
            return
        escrow = await Escrow.locked(call.escrow_id, conn)
        if escrow.status in _TRANSFER_STATUSES:
            return
        error = f"escrow #{escrow.id} is {escrow.status.value.lower()}: transfer not made"
        await _mark_failed(call, error, conn)
        await alert_staff(
            "transfer_dropped", escrow, {"call": call.id, "amount": call.amount}, conn=conn
        )
    raise InvalidState(
        f"Escrow #{escrow.id} was {escrow.status.value.lower()} meanwhile, so nothing was "
        "paid to the seller."
    )


async def _fail(call_id: int, error: str) -> None:
    async with in_transaction() as conn:
        call = await ProviderCall.filter(id=call_id).select_for_update().using_db(conn).get()
        if call.status is not ProviderCallStatus.PENDING:
            return
        await _mark_failed(call, error, conn)
        if call.kind is ProviderCallKind.REVERSE_TRANSFER:
            from models.alerts import alert_staff
            from models.escrow import Escrow

            escrow = await Escrow.locked(call.escrow_id, conn)
            await escrow.move(
                "transfer_reversal_failed",
                None,
                conn=conn,
                actor_label="system",
                data={"call": call.id, "amount": call.amount, "error": call.error},
            )
            await alert_staff(
                "transfer_reversal_failed",
                escrow,
                {"call": call.id, "amount": call.amount, "error": call.error},
                conn=conn,
            )


async def _mark_failed(call: ProviderCall, error: str, conn: BaseDBAsyncClient) -> None:
    call.status = ProviderCallStatus.FAILED
    call.error = error[:2000]
    call.completed_at = utcnow()
    await call.save(using_db=conn, update_fields=["status", "error", "completed_at", "updated_at"])
    await AuditLog.record(
        "provider.call_failed",
        object_type="escrow",
        object_id=call.escrow_id,
        actor_label="system",
        after={"call": call.id, "kind": call.kind, "error": call.error},
        using_db=conn,
    )


async def complete(
    call_id: int, result: ProviderResult, *, then: Then[Escrow] | None = None
) -> ProviderCall:
    """Step 3: record a provider's success and make the escrow transition it stands for;
    `then(escrow, conn)` writes what that calls for in the same transaction (not called
    when the call was already completed, e.g. by the provider's webhook). The parties'
    DMs for a finished release or refund are written there too, by the registered teller
    (`tell_completions`), from the notice recorded with the call: whichever path completes
    it, they are written once, with the completion.

    The calls the completion recorded, to be settled next, are in `call.follow_ups`."""
    from models.escrow import Escrow
    from models.escrow_actions import COMPLETIONS

    async with in_transaction() as conn:
        call = await ProviderCall.filter(id=call_id).select_for_update().using_db(conn).get()
        if call.status is ProviderCallStatus.SUCCEEDED:
            return call
        escrow = await Escrow.locked(call.escrow_id, conn)
        call.status = ProviderCallStatus.SUCCEEDED
        call.provider_id = result.provider_id
        call.completed_at = utcnow()
        await call.save(
            using_db=conn,
            update_fields=["status", "provider_id", "completed_at", "error", "updated_at"],
        )
        call.follow_ups = list(await COMPLETIONS[call.kind](escrow, call, result, conn) or [])
        if then is not None:
            await then(escrow, conn)
        teller = completions_teller()
        if teller is not None:
            await teller(call, escrow, conn)
        return call


async def reconcile(rail: Rail, *, older_than_seconds: int = 60) -> int:
    """Finish provider calls left PENDING by a crash or an outage; returns how many."""
    finished = 0
    for call_id in await ProviderCall.claim_stale(older_than_seconds=older_than_seconds):
        try:
            await settle(call_id, rail)
            finished += 1
        except DomainError as exc:
            log.warning("Reconciling provider call %s: %s", call_id, exc.message)
    return finished

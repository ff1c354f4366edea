"""What a verified Stripe event means for our escrows.

Events are stored raw once per Stripe event id, then processed in one transaction that
locks the stored row, so a duplicate or concurrent delivery finds it processed and does
nothing. Where order matters the object is re-read from Stripe first, so an old event
arriving late acts on the current state, not on its stale copy.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import card_events, checkout, payments
from models.audit import AuditLog
from models.base import utcnow
from models.checkout import CheckoutSession, CheckoutStatus
from models.enums import WebhookProvider
from models.escrow import StripeEscrow
from models.notification import Notification
from models.provider import ProviderUnavailable
from models.user import User
from models.webhook import WebhookEvent

if TYPE_CHECKING:
    from bot.rails.stripe_rail import StripeRail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """Something people should hear about. `told`: its DMs and alerts were written in the
    event's transaction (`handle(then=…)`); what is left after the commit is the cards."""

    kind: str  # funded, payment_failed, mismatch, chargeback, late, refund_refused,
    # checkout_expired
    escrow_id: int
    detail: str = ""
    told: bool = False
    rows: tuple[int, ...] = ()  # the notification rows written for it, when told


_PAID_SESSION = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
_CLOSED_SESSION = ("checkout.session.expired", "checkout.session.async_payment_failed")
_ASKS_STRIPE = ("payment_intent.succeeded", "payment_intent.payment_failed", *_PAID_SESSION)


async def handle(
    event: dict[str, Any],
    rail: StripeRail,
    raw: str | None = None,
    *,
    then: Callable[[Notice, BaseDBAsyncClient], Awaitable[object]] | None = None,
) -> list[Notice]:
    """Store and process one verified event (`raw`: its JSON text as received, stored as
    is). Safe to call any number of times. `then(notice, conn)` writes what each notice
    calls for in the event's transaction (those notices come back `told`); a refusal found
    after the commit is not told."""
    obj: dict[str, Any] = event.get("data", {}).get("object", {}) or {}
    kind = str(event["type"])
    fresh: dict[str, Any] | None = None  # the PaymentIntent as Stripe has it now
    checkout_escrow: int | None = None  # a declined attempt on one of our sessions
    session: dict[str, Any] | None = None  # its paid Checkout Session, if it has one
    # A replay is found here only where processing first asks Stripe (skipping the calls);
    # every other event is deduplicated by `WebhookEvent.claim` alone, one round trip less.
    done = kind in _ASKS_STRIPE and (
        await WebhookEvent.filter(
            provider=WebhookProvider.STRIPE, event_id=str(event["id"]), processed=True
        ).exists()
    )
    if not done and kind in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        intent_id = str(obj.get("id"))
        ours = await StripeEscrow.filter(payment_intent_id=intent_id).exists()
        if not ours and kind == "payment_intent.succeeded":
            session = await _paid_session_of(intent_id, obj, rail)
            ours = session is not None
        if not ours and kind == "payment_intent.payment_failed":
            checkout_escrow = await _checkout_escrow(intent_id, obj)
            ours = checkout_escrow is not None
        if ours:
            fresh = await rail.payment_intent(intent_id)  # current truth, not the snapshot
    elif (
        not done
        and kind in _PAID_SESSION
        and await checkout.escrow_of_session(str(obj.get("id"))) is not None
    ):
        current = await rail.checkout_session(str(obj["id"]))
        if current["payment_status"] == "paid" and current["payment_intent"]:
            session = current
            fresh = await rail.payment_intent(str(current["payment_intent"]))
    notices: list[Notice] = []
    to_settle: list[tuple[int, int]] = []  # (provider call, escrow)
    async with in_transaction() as conn:
        locked = await WebhookEvent.claim(
            WebhookProvider.STRIPE, str(event["id"]), kind, event, conn, raw=raw, done_at=utcnow()
        )
        if locked is None:
            return []
        if session is not None and fresh is not None:
            await checkout.attach_payment(session["id"], str(fresh["id"]), conn)
        if fresh is not None and kind in ("payment_intent.succeeded", *_PAID_SESSION):
            outcome = await card_events.record_payment(fresh)
            if session is not None and outcome.result == "unknown" and kind in _PAID_SESSION:
                await _unmatched(session, fresh, conn)
            if outcome.escrow_id is not None and outcome.result in ("funded", "mismatch", "late"):
                notices.append(Notice(outcome.result, outcome.escrow_id))
            if outcome.call_id is not None and outcome.escrow_id is not None:
                to_settle.append((outcome.call_id, outcome.escrow_id))
        elif fresh is not None and kind == "payment_intent.payment_failed":
            escrow_id = await _escrow_for_intent(str(obj["id"])) or checkout_escrow
            error = (obj.get("last_payment_error") or {}).get("message", "")
            if escrow_id is not None and fresh.get("status") != "succeeded":
                notices.append(Notice("payment_failed", escrow_id, str(error)))
        elif kind in _CLOSED_SESSION:
            escrow_id = await checkout.mark(str(obj.get("id")), CheckoutStatus.EXPIRED)
            if escrow_id is not None and kind == "checkout.session.async_payment_failed":
                notices.append(Notice("payment_failed", escrow_id, "the payment failed"))
        elif kind == "account.updated":
            await _account_updated(obj, rail)
        elif kind == "charge.dispute.created":
            escrow_id = await card_events.record_chargeback(obj)
            if escrow_id is not None:
                released = await card_events.was_released(escrow_id)
                kind = "chargeback_after_release" if released else "chargeback"
                notices.append(Notice(kind, escrow_id, str(obj.get("reason", ""))))
                to_settle += [
                    (c, escrow_id) for c in await card_events.pending_reversals(escrow_id)
                ]
        elif event["type"] == "charge.refunded":
            escrow_id = await card_events.record_external_refund(obj)
            reversals = await card_events.pending_reversals(escrow_id) if escrow_id else []
            if escrow_id is not None and reversals:
                notices.append(Notice("refund_after_release", escrow_id))
                to_settle += [(c, escrow_id) for c in reversals]
        if not locked.processed:  # stored unprocessed before (a new row is stored done)
            locked.processed = True
            locked.processed_at = utcnow()
            await locked.save(using_db=conn, update_fields=["processed", "processed_at"])
        if then is not None:
            told = []
            for notice in notices:
                ids: list[int] = []
                token = Notification.collecting(ids)
                try:
                    await then(notice, conn)
                finally:
                    Notification.reset(token)
                told.append(replace(notice, told=True, rows=tuple(ids)))
            notices = told
    for call_id, escrow_id in to_settle:  # money calls the event led to, now committed
        try:
            await payments.settle(call_id, rail)
        except payments.ProviderPending:
            pass  # the reconciler repeats it with the same idempotency key
        except payments.ProviderSaidNo as exc:
            log.error("Provider call %s refused: %s", call_id, exc.message)
            reversal = await payments.ProviderCall.filter(
                id=call_id, kind="REVERSE_TRANSFER"
            ).exists()
            kind = "reversal_refused" if reversal else "refund_refused"
            notices.append(Notice(kind, escrow_id, exc.message))
    return notices


async def _paid_session_of(
    intent_id: str, intent: dict[str, Any], rail: StripeRail
) -> dict[str, Any] | None:
    """The paid Checkout Session of ours a PaymentIntent belongs to (asked of Stripe: the
    PaymentIntent's own event can arrive before the session's)."""
    if not (intent.get("metadata") or {}).get("escrow_id"):
        return None  # ours carry the escrow id (payment_intent_data.metadata)
    for session in await rail.checkout_sessions_for_intent(intent_id):
        if (
            session["payment_status"] == "paid"
            and await checkout.escrow_of_session(str(session["id"])) is not None
        ):
            return session
    return None


async def _checkout_escrow(intent_id: str, intent: dict[str, Any]) -> int | None:
    """The escrow of one of our Checkout Sessions a (declined) PaymentIntent belongs to."""
    row = await CheckoutSession.filter(payment_intent_id=intent_id).first()
    if row is not None:
        return row.escrow_id
    metadata = intent.get("metadata") or {}
    attempt = metadata.get("attempt")
    escrow_id = metadata.get("escrow_id")
    if not (isinstance(attempt, str) and attempt.isdigit() and len(attempt) < 10):
        return None
    if not (isinstance(escrow_id, str) and escrow_id.isdigit() and len(escrow_id) < 19):
        return None
    row = await CheckoutSession.filter(escrow_id=int(escrow_id), attempt=int(attempt)).first()
    return row.escrow_id if row is not None else None


async def _unmatched(
    session: dict[str, Any], intent: dict[str, Any], conn: BaseDBAsyncClient
) -> None:
    """A paid session whose escrow was already paid by another PaymentIntent (two sessions
    paid at once, which closing the old one first should prevent): recorded for staff."""
    escrow_id = await checkout.escrow_of_session(str(session["id"]))
    if escrow_id is None or intent.get("status") != "succeeded":
        return
    log.error(
        "Escrow %s: Checkout Session %s paid %s by %s, but another payment funded the escrow; "
        "refund it from the Stripe dashboard",
        escrow_id,
        session["id"],
        intent.get("amount_received"),
        intent["id"],
    )
    await AuditLog.record(
        "escrow.payment_unmatched",
        object_type="escrow",
        object_id=escrow_id,
        actor_label="stripe",
        after={"session": session["id"], "payment_intent": intent["id"]},
        using_db=conn,
    )


async def _account_updated(account: dict[str, Any], rail: StripeRail) -> None:
    """Keep a seller's payout status current (re-read from Stripe: events come out of order)."""
    user = await User.get_or_none(stripe_account_id=str(account.get("id")))
    if user is None:
        return
    try:
        await user.refresh_payouts(rail)
    except ProviderUnavailable:
        log.warning("User %s: payout status not refreshed, Stripe unavailable", user.id)


async def _escrow_for_intent(payment_intent_id: str) -> int | None:
    row = await StripeEscrow.filter(payment_intent_id=payment_intent_id).first()
    if row is not None:
        return row.escrow_id
    session = await CheckoutSession.filter(payment_intent_id=payment_intent_id).first()
    if session is not None:
        return session.escrow_id
    return None

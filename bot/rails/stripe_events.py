"""What a verified Stripe event means for our escrows.

Events are stored raw once per Stripe event id, then processed in one transaction that
locks the stored row, so a duplicate or concurrent delivery finds it processed and does
nothing. Where order matters the object is re-read from Stripe first, so an old event
arriving late acts on the current state, not on its stale copy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.transactions import in_transaction

from models import card_events, payments
from models.base import utcnow
from models.enums import WebhookProvider
from models.escrow import StripeEscrow
from models.webhook import WebhookEvent

if TYPE_CHECKING:
    from bot.rails.stripe_rail import StripeRail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """Something people should hear about, sent after the transaction committed."""

    kind: str  # funded, payment_failed, mismatch, chargeback, late, refund_refused
    escrow_id: int
    detail: str = ""


async def handle(event: dict[str, Any], rail: StripeRail) -> list[Notice]:
    """Store and process one verified event. Safe to call any number of times."""
    obj: dict[str, Any] = event.get("data", {}).get("object", {}) or {}
    fresh: dict[str, Any] | None = None
    if event["type"] in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        done = await WebhookEvent.filter(
            provider=WebhookProvider.STRIPE, event_id=str(event["id"]), processed=True
        ).exists()
        ours = await StripeEscrow.filter(payment_intent_id=obj.get("id")).exists()
        if ours and not done:
            fresh = await rail.payment_intent(str(obj["id"]))  # current truth, not the snapshot
    notices: list[Notice] = []
    to_settle: list[tuple[int, int]] = []  # (provider call, escrow)
    async with in_transaction() as conn:
        locked = await WebhookEvent.claim(
            WebhookProvider.STRIPE, str(event["id"]), str(event["type"]), event, conn
        )
        if locked is None:
            return []
        if fresh is not None and event["type"] == "payment_intent.succeeded":
            outcome = await card_events.record_payment(fresh)
            if outcome.escrow_id is not None and outcome.result in ("funded", "mismatch", "late"):
                notices.append(Notice(outcome.result, outcome.escrow_id))
            if outcome.call_id is not None and outcome.escrow_id is not None:
                to_settle.append((outcome.call_id, outcome.escrow_id))
        elif fresh is not None and event["type"] == "payment_intent.payment_failed":
            escrow_id = await _escrow_for_intent(str(obj["id"]))
            error = (obj.get("last_payment_error") or {}).get("message", "")
            if escrow_id is not None and fresh.get("status") != "succeeded":
                notices.append(Notice("payment_failed", escrow_id, str(error)))
        elif event["type"] == "charge.dispute.created":
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
        locked.processed = True
        locked.processed_at = utcnow()
        await locked.save(using_db=conn, update_fields=["processed", "processed_at"])
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


async def _escrow_for_intent(payment_intent_id: str) -> int | None:
    row = await StripeEscrow.filter(payment_intent_id=payment_intent_id).first()
    return row.escrow_id if row else None

"""The card rail: Stripe Checkout (or PaymentIntents) in, Connect transfers out, refunds back.

Separate charges and transfers: the buyer's payment is captured at once and held on the
platform balance (card authorisations expire after about 7 days, too short for escrow);
release is a Transfer to the seller's connected account with `source_transaction` set to
the charge, so it can't outrun the funds it comes from.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import stripe

from models.enums import EscrowRail, ProviderCallKind
from models.provider import ProviderRefused, ProviderResult, ProviderUnavailable

if TYPE_CHECKING:
    from bot.config import Settings
    from models.checkout import CheckoutPlan
    from models.payments import ProviderCall

log = logging.getLogger(__name__)

_REFUSALS = (
    stripe.CardError,
    stripe.InvalidRequestError,
    stripe.IdempotencyError,
    stripe.PermissionError,
    stripe.AuthenticationError,
)


class StripeRail:
    kind = EscrowRail.STRIPE

    def __init__(self, settings: Settings) -> None:
        if settings.stripe_secret_key is None:
            raise RuntimeError("STRIPE_SECRET_KEY is not set")
        base = {"api": settings.stripe_api_base} if settings.stripe_api_base else None
        self._http = stripe.AIOHTTPClient()
        self.client = stripe.StripeClient(
            settings.stripe_secret_key.get_secret_value(),
            base_addresses=base,  # type: ignore[arg-type]
            http_client=self._http,
            max_network_retries=2,
        )
        self.publishable_key = settings.stripe_publishable_key
        self.api_base = settings.stripe_api_base

    # --- calls recorded in the outbox ------------------------------------------------------

    async def execute(self, call: ProviderCall) -> ProviderResult:
        request = call.request
        options: Any = {"idempotency_key": call.idempotency_key}
        try:
            if call.kind is ProviderCallKind.CREATE_PAYMENT:
                intent = await self.client.v1.payment_intents.create_async(
                    {
                        "amount": call.amount,
                        "currency": request["currency"],
                        "metadata": request.get("metadata", {}),
                    },
                    options,
                )
                return ProviderResult(intent.id, {"status": intent.status})
            if call.kind is ProviderCallKind.CANCEL_PAYMENT:
                intent = await self.client.v1.payment_intents.cancel_async(
                    request["payment_intent"], options=options
                )
                return ProviderResult(intent.id, {"status": intent.status})
            if call.kind is ProviderCallKind.TRANSFER:
                transfer = await self.client.v1.transfers.create_async(
                    {
                        "amount": call.amount,
                        "currency": request["currency"],
                        "destination": request["destination"],
                        "source_transaction": request["source_transaction"],
                        "transfer_group": request["transfer_group"],
                        "metadata": request.get("metadata", {}),
                    },
                    options,
                )
                return ProviderResult(transfer.id)
            if call.kind is ProviderCallKind.REFUND:
                refund = await self.client.v1.refunds.create_async(
                    {
                        "payment_intent": request["payment_intent"],
                        "amount": call.amount,
                        "metadata": request.get("metadata", {}),
                    },
                    options,
                )
                return ProviderResult(refund.id, {"status": refund.status})
            if call.kind is ProviderCallKind.REVERSE_TRANSFER:
                reversal = await self.client.v1.transfers.reversals.create_async(
                    request["transfer"],
                    {"amount": call.amount, "metadata": request.get("metadata", {})},
                    options,
                )
                return ProviderResult(reversal.id)
        except _REFUSALS as exc:
            what = f"{call.kind} (call {call.id}, escrow {call.escrow_id})"
            raise _refused(exc, what) from exc
        except stripe.StripeError as exc:
            log.warning(
                "Stripe unavailable for %s (call %s): %s", call.kind, call.id, type(exc).__name__
            )
            raise ProviderUnavailable(str(exc)) from exc
        raise ValueError(f"{call.kind} is not a Stripe call")

    # --- reads and onboarding (no money moves) ----------------------------------------------

    async def payment_intent(self, payment_intent_id: str) -> dict[str, Any]:
        """The PaymentIntent as Stripe has it now (status, amount_received, latest_charge…)."""
        try:
            intent = await self.client.v1.payment_intents.retrieve_async(payment_intent_id)
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        charge = intent.latest_charge
        return {
            "id": intent.id,
            "status": intent.status,
            "amount": intent.amount,
            "amount_received": intent.amount_received if intent.status == "succeeded" else 0,
            "currency": intent.currency,
            "client_secret": intent.client_secret,
            "latest_charge": charge if isinstance(charge, str) or charge is None else charge.id,
        }

    # --- Checkout (no money moves until the buyer pays on Stripe's page) -------------------

    async def create_checkout_session(
        self,
        plan: CheckoutPlan,
        *,
        product: str,
        success_url: str,
        cancel_url: str,
    ) -> dict[str, Any]:
        """A hosted payment page for one attempt at paying an escrow (payment mode).

        The idempotency key is the attempt's, so a repeat after a lost answer returns the
        same session instead of opening a second one.
        """
        metadata = {"escrow_id": str(plan.escrow_id), "attempt": str(plan.attempt)}
        params: Any = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": plan.currency,
                        "unit_amount": plan.amount,
                        "product_data": {"name": product[:250]},
                    },
                }
            ],
            "payment_method_types": ["card"],
            "payment_intent_data": {
                "transfer_group": f"escrow-{plan.escrow_id}",
                "metadata": metadata,
            },
            "metadata": metadata,
            "client_reference_id": str(plan.escrow_id),
            "expires_at": int(plan.expires_at.timestamp()),
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        try:
            session = await self.client.v1.checkout.sessions.create_async(
                params, {"idempotency_key": plan.idempotency_key}
            )
        except _REFUSALS as exc:
            what = f"a Checkout Session (escrow {plan.escrow_id}, attempt {plan.attempt})"
            raise _refused(exc, what) from exc
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return _session_dict(session)

    async def checkout_session(self, session_id: str) -> dict[str, Any]:
        """The Checkout Session as Stripe has it now (status, payment_status, amounts)."""
        try:
            session = await self.client.v1.checkout.sessions.retrieve_async(session_id)
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return _session_dict(session)

    async def expire_checkout_session(self, session_id: str) -> None:
        """Close an open session so nobody can pay on it; a closed one is left alone."""
        try:
            await self.client.v1.checkout.sessions.expire_async(session_id)
        except stripe.InvalidRequestError as exc:
            log.info("Checkout Session %s not expired: %s", session_id, exc.user_message)
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc

    async def checkout_sessions_for_intent(self, payment_intent_id: str) -> list[dict[str, Any]]:
        """The Checkout Session(s) a PaymentIntent belongs to (none if it is a bare one)."""
        try:
            page = await self.client.v1.checkout.sessions.list_async(
                {"payment_intent": payment_intent_id, "limit": 3}
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return [_session_dict(s) for s in page.data]

    # --- Connect ------------------------------------------------------------------------------

    async def create_connected_account(self, *, user_id: int, discord_id: int) -> str:
        try:
            account = await self.client.v1.accounts.create_async(
                {
                    "type": "express",
                    "metadata": {"user_id": str(user_id), "discord_id": str(discord_id)},
                },
                {"idempotency_key": f"user-{user_id}-connect-account"},
            )
        except _REFUSALS as exc:
            raise ProviderRefused(str(exc.user_message or "Stripe refused the request.")) from exc
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return account.id

    async def onboarding_link(
        self, account_id: str, *, return_url: str, refresh_url: str | None = None
    ) -> str:
        try:
            link = await self.client.v1.account_links.create_async(
                {
                    "account": account_id,
                    "refresh_url": refresh_url or return_url,
                    "return_url": return_url,
                    "type": "account_onboarding",
                }
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return link.url

    async def payouts_enabled(self, account_id: str) -> bool:
        try:
            account = await self.client.v1.accounts.retrieve_async(account_id)
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return bool(account.payouts_enabled)

    async def close(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]  # untyped in stripe's stubs


def _refused(exc: stripe.StripeError, what: str) -> ProviderRefused:
    """A refusal from Stripe (logged), in words a party may read."""
    log.warning("Stripe refused %s: %s", what, exc.user_message or exc.code)
    return ProviderRefused(str(exc.user_message or "Stripe refused the request."), code=exc.code)


def _session_dict(session: Any) -> dict[str, Any]:
    intent = session.payment_intent
    return {
        "id": session.id,
        "status": session.status,
        "payment_status": session.payment_status,
        "payment_intent": intent if isinstance(intent, str) or intent is None else intent.id,
        "amount_total": session.amount_total,
        "currency": session.currency,
        "url": session.url,
        "expires_at": session.expires_at,
        "metadata": session.metadata.to_dict() if session.metadata else {},
    }

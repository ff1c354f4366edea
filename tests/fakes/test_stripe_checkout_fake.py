"""The Stripe test server's Checkout Sessions answer as Stripe's API does (stripe-python)."""

from __future__ import annotations

import time
from typing import Any, cast

import pytest
import stripe as stripe_lib
from stripe.params.checkout import SessionCreateParams

from bot.sandbox import stripe_checkout as fake
from bot.sandbox.stripe_server import StripeServer


def params(**overrides: Any) -> SessionCreateParams:
    base: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2500,
                    "product_data": {"name": "Escrow #1"},
                },
            }
        ],
        "payment_intent_data": {"transfer_group": "escrow-1", "metadata": {"escrow_id": "1"}},
        "success_url": "http://127.0.0.1:1/done?s={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:1/cancelled",
        "expires_at": int(time.time()) + 3600,
    }
    base.update(overrides)
    # Some tests send invalid parameters on purpose, so the dict is not built as the TypedDict.
    return cast(SessionCreateParams, base)


async def test_create_retrieve_list_expire(stripe: StripeServer) -> None:
    client = stripe.client().v1.checkout.sessions
    session = await client.create_async(params(), {"idempotency_key": "k1"})
    assert (session.status, session.payment_status, session.amount_total) == (
        "open",
        "unpaid",
        2500,
    )
    assert session.payment_intent is None  # created when the buyer confirms
    again = await client.create_async(params(), {"idempotency_key": "k1"})
    assert again.id == session.id
    assert (await client.retrieve_async(session.id)).url == session.url

    assert fake.pay_session(session.id, fake.DECLINED_CARD).outcome == "declined"
    assert (await client.retrieve_async(session.id)).status == "open"
    assert fake.pay_session(session.id).outcome == "paid"
    paid = await client.retrieve_async(session.id)
    assert (paid.status, paid.payment_status) == ("complete", "paid")
    found = await client.list_async({"payment_intent": str(paid.payment_intent)})
    assert [s.id for s in found.data] == [session.id]
    intent = stripe.payment_intent(str(paid.payment_intent))
    assert (intent["status"], intent["transfer_group"]) == ("succeeded", "escrow-1")
    with pytest.raises(stripe_lib.InvalidRequestError):
        await client.expire_async(session.id)  # only open sessions expire

    await stripe.drain_webhooks()
    types = [e["type"] for e in stripe.captured_events()]
    assert types.index("payment_intent.payment_failed") < types.index("payment_intent.succeeded")
    assert types[-1] == "checkout.session.completed"


async def test_expiry_and_its_event(stripe: StripeServer) -> None:
    client = stripe.client().v1.checkout.sessions
    session = await client.create_async(params())
    expired = await client.expire_async(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert fake.pay_session(session.id).outcome == "closed"
    assert (await stripe.wait_for_event("checkout.session.expired"))["data"]["object"]["id"] == (
        session.id
    )


@pytest.mark.parametrize(
    "change",
    [
        {"expires_at": int(time.time()) + 600},  # under 30 minutes
        {"expires_at": int(time.time()) + 25 * 3600},  # over 24 hours
        {"mode": "subscription"},
        {"success_url": "not a url"},
        {"payment_intent_data": {"capture_method": "bogus"}},
    ],
)
async def test_invalid_sessions_are_refused(stripe: StripeServer, change: dict[str, Any]) -> None:
    with pytest.raises(stripe_lib.InvalidRequestError):
        await stripe.client().v1.checkout.sessions.create_async(params(**change))
    assert fake.sessions() == []


async def test_an_unknown_session_is_a_404(stripe: StripeServer) -> None:
    with pytest.raises(stripe_lib.InvalidRequestError) as raised:
        await stripe.client().v1.checkout.sessions.retrieve_async("cs_test_nope")
    assert raised.value.http_status == 404

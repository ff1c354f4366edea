"""The Stripe stand-in behaves as the real API does where the bot relies on it.

Everything goes through stripe-python (aiohttp client) over loopback, as the bot's rail does.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import stripe
from aiohttp import web

from bot.sandbox.stripe_server import DECLINED_CARD, StripeServer, running_stripe

SECRET = "whsec_test_bloxtr8"


@pytest.fixture(scope="session")
async def stripe_session() -> AsyncIterator[StripeServer]:
    async with running_stripe() as server:
        yield server


@pytest.fixture
async def server(stripe_session: StripeServer) -> AsyncIterator[StripeServer]:
    await stripe_session.reset()
    yield stripe_session
    await stripe_session.drain_webhooks()


@pytest.fixture
def client(server: StripeServer) -> stripe.StripeClient:
    return server.client()


@dataclass
class Receiver:
    """A webhook endpoint that checks signatures the way the bot must."""

    url: str = ""
    events: list[stripe.Event] = field(default_factory=list)
    rejected: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        payload = await request.read()
        try:
            event = stripe.Webhook.construct_event(
                payload, request.headers.get("Stripe-Signature"), SECRET, tolerance=300
            )
        except (stripe.SignatureVerificationError, ValueError):
            self.rejected += 1
            return web.Response(status=400)
        self.events.append(event)
        self.arrived.set()
        return web.Response(status=200)

    async def wait_for(self, type_: str, count: int = 1) -> list[stripe.Event]:
        async with asyncio.timeout(5):
            while len(found := [e for e in self.events if e.type == type_]) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return found


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/stripe", hook.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    hook.url = f"http://{host}:{port}/stripe"
    try:
        yield hook
    finally:
        await runner.cleanup()


async def paid_intent(server: StripeServer, client: stripe.StripeClient, amount: int = 1000) -> Any:
    intent = await client.v1.payment_intents.create_async(
        {"amount": amount, "currency": "usd", "transfer_group": "escrow-1"}
    )
    await server.pay(intent.id)
    return await client.v1.payment_intents.retrieve_async(intent.id)


async def connected_account(client: stripe.StripeClient) -> stripe.Account:
    return await client.v1.accounts.create_async(
        {"type": "express", "capabilities": {"transfers": {"requested": True}}}
    )


# --- payments ---------------------------------------------------------------------------


async def test_buyer_pays_intent_and_it_succeeds_with_a_charge(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await client.v1.payment_intents.create_async(
        {"amount": 2500, "currency": "usd", "metadata": {"escrow_id": "7"}},
        {"idempotency_key": "escrow-7-pay"},
    )
    assert intent.status == "requires_payment_method"
    assert (intent.client_secret or "").startswith(intent.id)

    paid = await server.pay(intent.id)
    assert paid["status"] == "succeeded"

    again = await client.v1.payment_intents.retrieve_async(intent.id)
    assert again.status == "succeeded"
    assert again.amount_received == 2500
    assert again.metadata["escrow_id"] == "7"
    assert isinstance(again.latest_charge, str) and again.latest_charge.startswith("ch_")
    expanded = await client.v1.payment_intents.retrieve_async(
        intent.id, {"expand": ["latest_charge"]}
    )
    assert isinstance(expanded.latest_charge, stripe.Charge)
    assert expanded.latest_charge.paid and expanded.latest_charge.amount == 2500
    assert server.platform_balance() == 2500
    succeeded = await server.wait_for_event("payment_intent.succeeded")
    assert succeeded["data"]["object"]["id"] == intent.id


async def test_declined_card_leaves_the_intent_payable(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await client.v1.payment_intents.create_async({"amount": 900, "currency": "usd"})
    declined = await server.pay(intent.id, DECLINED_CARD)
    assert declined["status"] == "requires_payment_method"
    assert declined["last_payment_error"]["code"] == "card_declined"
    assert server.platform_balance() == 0

    paid = await server.pay(intent.id)
    assert paid["status"] == "succeeded"
    assert server.platform_balance() == 900
    await server.drain_webhooks()
    assert [e["type"] for e in server.captured_events("payment_intent.payment_failed")]


async def test_cancel_takes_a_reason_and_emits_canceled(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await client.v1.payment_intents.create_async({"amount": 500, "currency": "usd"})
    canceled = await client.v1.payment_intents.cancel_async(
        intent.id, {"cancellation_reason": "abandoned"}, {"idempotency_key": "cancel-1"}
    )
    assert canceled.status == "canceled"
    assert canceled.cancellation_reason == "abandoned"
    assert (await server.wait_for_event("payment_intent.canceled"))["data"]["object"][
        "id"
    ] == intent.id
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.payment_intents.cancel_async(intent.id)


async def test_a_succeeded_intent_cannot_be_canceled(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await paid_intent(server, client)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        await client.v1.payment_intents.cancel_async(intent.id)
    assert refused.value.code == "payment_intent_unexpected_state"


# --- idempotency --------------------------------------------------------------------------


async def test_same_key_replays_the_first_payment_intent(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    params: Any = {"amount": 1200, "currency": "usd", "metadata": {"escrow_id": "1"}}
    first = await client.v1.payment_intents.create_async(params, {"idempotency_key": "k-1"})
    second = await client.v1.payment_intents.create_async(params, {"idempotency_key": "k-1"})
    assert second.id == first.id
    assert second.last_response is not None
    assert second.last_response.headers.get("Idempotent-Replayed") == "true"
    assert len(server.payment_intents()) == 1
    replays = [c.replayed for c in server.calls("POST", r"^/v1/payment_intents$")]
    assert replays == [False, True]

    other = await client.v1.payment_intents.create_async(params, {"idempotency_key": "k-2"})
    assert other.id != first.id
    assert len(server.payment_intents()) == 2


async def test_replayed_transfer_is_not_made_twice(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await paid_intent(server, client)
    account = await connected_account(client)
    params: Any = {
        "amount": 800,
        "currency": "usd",
        "destination": account.id,
        "source_transaction": intent.latest_charge,
        "transfer_group": "escrow-1",
    }
    first = await client.v1.transfers.create_async(params, {"idempotency_key": "release-1"})
    second = await client.v1.transfers.create_async(params, {"idempotency_key": "release-1"})
    assert second.id == first.id
    assert len(server.transfers()) == 1
    assert server.account_balance(account.id) == 800
    assert server.platform_balance() == 200


async def test_reusing_a_key_with_other_params_or_path_is_an_idempotency_error(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    await client.v1.payment_intents.create_async(
        {"amount": 100, "currency": "usd"}, {"idempotency_key": "k"}
    )
    with pytest.raises(stripe.IdempotencyError):
        await client.v1.payment_intents.create_async(
            {"amount": 101, "currency": "usd"}, {"idempotency_key": "k"}
        )
    with pytest.raises(stripe.IdempotencyError):
        await client.v1.accounts.create_async({"type": "express"}, {"idempotency_key": "k"})
    assert len(server.payment_intents()) == 1
    assert server.accounts() == []


async def test_validation_errors_are_not_stored_under_the_key(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    params: Any = {"amount": 100, "currency": "usd", "bogus": "1"}
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.payment_intents.create_async(params, {"idempotency_key": "k"})
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.payment_intents.create_async(params, {"idempotency_key": "k"})
    assert [c.replayed for c in server.calls("POST")] == [False, False]


async def _race_same_key(server: StripeServer, client: stripe.StripeClient) -> list[str]:
    """Two transfers with one key; the first is held inside the server while the second runs."""
    intent = await paid_intent(server, client)
    account = await connected_account(client)
    params: Any = {
        "amount": 300,
        "currency": "usd",
        "destination": account.id,
        "source_transaction": intent.latest_charge,
    }
    hold = server.hold_next("POST", r"^/v1/transfers$")
    first = asyncio.create_task(
        client.v1.transfers.create_async(params, {"idempotency_key": "same"})
    )
    await asyncio.wait_for(hold.entered.wait(), 5)
    second = asyncio.create_task(
        client.v1.transfers.create_async(params, {"idempotency_key": "same"})
    )
    await server.wait_for_calls("POST", r"^/v1/transfers$", 2)
    # The second either queues behind the first's key or (unserialised) makes a transfer.
    await server.wait_until(lambda: server.queued_behind("same") == 1 or bool(server.transfers()))
    made_while_held = len(server.transfers())
    hold.release()
    results = await asyncio.gather(first, second)
    return [str(made_while_held), *(t.id for t in results)]


async def test_concurrent_requests_with_one_key_execute_once(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    made_while_held, first_id, second_id = await _race_same_key(server, client)
    assert made_while_held == "0"
    assert first_id == second_id
    assert len(server.transfers()) == 1


async def test_the_race_test_catches_a_missing_lock(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    server.serialize_idempotent_requests = False  # reset() turns it back on
    made_while_held, first_id, second_id = await _race_same_key(server, client)
    assert made_while_held == "1"
    assert first_id != second_id
    assert len(server.transfers()) == 2


async def test_lost_answer_is_recovered_by_retrying_with_the_key(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await paid_intent(server, client)
    account = await connected_account(client)
    params: Any = {
        "amount": 1000,
        "currency": "usd",
        "destination": account.id,
        "source_transaction": intent.latest_charge,
    }
    server.fail_next("POST", r"^/v1/transfers$", status=None, after=True)
    with pytest.raises(stripe.APIConnectionError):
        await client.v1.transfers.create_async(params, {"idempotency_key": "release-9"})
    assert len(server.transfers()) == 1  # Stripe did it; the bot doesn't know yet

    server.fail_next("POST", r"^/v1/transfers$", status=500)
    with pytest.raises(stripe.APIError):
        await client.v1.transfers.create_async(params, {"idempotency_key": "release-9"})

    retried = await client.v1.transfers.create_async(params, {"idempotency_key": "release-9"})
    assert retried.id == server.transfers()[0]["id"]
    assert len(server.transfers()) == 1


async def test_another_secret_key_is_refused(server: StripeServer) -> None:
    http = stripe.AIOHTTPClient()
    other = stripe.StripeClient(
        "sk_test_someone_else", base_addresses={"api": server.url}, http_client=http
    )
    try:
        with pytest.raises(stripe.AuthenticationError):
            await other.v1.payment_intents.create_async({"amount": 100, "currency": "usd"})
    finally:
        await http.close_async()


# --- Connect ----------------------------------------------------------------------------


async def test_account_and_onboarding_link(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    account = await client.v1.accounts.create_async(
        {
            "type": "express",
            "country": "US",
            "email": "seller@example.com",
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"user_id": "5"},
        },
        {"idempotency_key": "user-5-connect-account"},
    )
    assert account.id.startswith("acct_")
    again: Any = await client.v1.accounts.retrieve_async(account.id)
    assert again.payouts_enabled and again.charges_enabled and again.details_submitted
    assert again.metadata["user_id"] == "5"
    assert again.capabilities["transfers"] == "active"

    link = await client.v1.account_links.create_async(
        {
            "account": account.id,
            "refresh_url": "https://bot.example/stripe/refresh",
            "return_url": "https://bot.example/stripe/return",
            "type": "account_onboarding",
        }
    )
    assert link.object == "account_link"
    assert link.url.startswith(f"{server.url}/connect/onboard/{account.id}")
    assert link.expires_at > time.time()

    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.account_links.create_async(
            {
                "account": "acct_missing",
                "refresh_url": "https://bot.example/r",
                "return_url": "https://bot.example/r",
                "type": "account_onboarding",
            }
        )

    server.set_account(account.id, payouts_enabled=False)
    assert not (await client.v1.accounts.retrieve_async(account.id)).payouts_enabled
    updated = await server.wait_for_event("account.updated")
    assert updated["account"] == account.id
    assert updated["data"]["previous_attributes"]["payouts_enabled"] is True


async def test_seller_onboards_through_the_link(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    server.accounts_start_onboarded = False
    account: Any = await client.v1.accounts.create_async({"type": "express"})
    assert not account.payouts_enabled and not account.details_submitted
    assert account.requirements.currently_due

    intent = await paid_intent(server, client)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        await client.v1.transfers.create_async(
            {
                "amount": 100,
                "currency": "usd",
                "destination": account.id,
                "source_transaction": intent.latest_charge,
            }
        )
    assert refused.value.code == "insufficient_capabilities_for_transfer"

    link = await client.v1.account_links.create_async(
        {
            "account": account.id,
            "refresh_url": "https://bot.example/refresh",
            "return_url": "https://bot.example/return",
            "type": "account_onboarding",
        }
    )
    assert await server.onboard(link.url) == "https://bot.example/return"
    done = await client.v1.accounts.retrieve_async(account.id)
    assert done.payouts_enabled and done.details_submitted
    assert (await server.wait_for_event("account.updated"))["account"] == account.id


async def test_transfers_cannot_outrun_their_source_charge(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    intent = await paid_intent(server, client, amount=1000)
    account = await connected_account(client)
    charge = intent.latest_charge
    assert isinstance(charge, str)

    def transfer(amount: int, **extra: Any) -> Any:
        params: Any = {
            "amount": amount,
            "currency": "usd",
            "destination": account.id,
            "source_transaction": charge,
            "transfer_group": "escrow-1",
            "metadata": {"escrow_id": "1"},
            "description": "Escrow 1 release",
            **extra,
        }
        return client.v1.transfers.create_async(params)

    first = await transfer(700)
    assert first.destination == account.id and first.source_transaction == charge
    with pytest.raises(stripe.InvalidRequestError) as refused:
        await transfer(400)
    assert refused.value.code == "balance_insufficient"

    await client.v1.refunds.create_async({"payment_intent": intent.id, "amount": 200})
    with pytest.raises(stripe.InvalidRequestError):
        await transfer(101)
    await transfer(100)

    with pytest.raises(stripe.InvalidRequestError):
        await transfer(1, destination="acct_nobody")
    with pytest.raises(stripe.InvalidRequestError):
        await transfer(1, source_transaction="ch_nothing")

    listed = await client.v1.transfers.list_async({"transfer_group": "escrow-1"})
    assert sorted(t.amount for t in listed.data) == [100, 700]
    fetched = await client.v1.transfers.retrieve_async(first.id)
    assert fetched.metadata["escrow_id"] == "1"
    assert server.account_balance(account.id) == 800
    assert server.platform_balance() == 0
    assert len(server.captured_events("transfer.created")) == 2


async def test_transfer_without_source_is_limited_by_the_platform_balance(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    account = await connected_account(client)
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.transfers.create_async(
            {"amount": 1, "currency": "usd", "destination": account.id}
        )
    await paid_intent(server, client, amount=500)
    made = await client.v1.transfers.create_async(
        {"amount": 500, "currency": "usd", "destination": account.id}
    )
    assert made.amount == 500 and server.platform_balance() == 0


# --- refunds and webhooks -----------------------------------------------------------------


async def test_refund_emits_charge_refunded_to_a_registered_webhook(
    server: StripeServer, client: stripe.StripeClient, receiver: Receiver
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{server.url}/_config/webhooks/bot",
            json={"url": receiver.url, "secret": SECRET, "events": ["charge.refunded"]},
        ) as registered,
    ):
        assert registered.status == 200
    intent = await paid_intent(server, client, amount=1000)

    partial = await client.v1.refunds.create_async(
        {"payment_intent": intent.id, "amount": 300, "metadata": {"escrow_id": "1"}},
        {"idempotency_key": "refund-1"},
    )
    assert partial.status == "succeeded" and partial.charge == intent.latest_charge
    (event,) = await receiver.wait_for("charge.refunded")
    assert event.data.object.amount_refunded == 300
    assert event.data.object.refunded is False
    assert event.data.object.payment_intent == intent.id

    await client.v1.refunds.create_async({"payment_intent": intent.id, "amount": 700})
    events = await receiver.wait_for("charge.refunded", count=2)
    assert events[1].data.object.refunded is True
    assert [r["amount"] for r in server.refunds()] == [300, 700]
    assert server.platform_balance() == 0
    assert {e.type for e in receiver.events} == {"charge.refunded"}  # filtered by `events`

    with pytest.raises(stripe.InvalidRequestError) as refused:
        await client.v1.refunds.create_async({"payment_intent": intent.id, "amount": 1})
    assert refused.value.code == "charge_already_refunded"


async def test_refund_cannot_exceed_the_charge_or_precede_payment(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    unpaid = await client.v1.payment_intents.create_async({"amount": 400, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.refunds.create_async({"payment_intent": unpaid.id})
    intent = await paid_intent(server, client, amount=400)
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.refunds.create_async({"payment_intent": intent.id, "amount": 401})
    whole = await client.v1.refunds.create_async({"payment_intent": intent.id})
    assert whole.amount == 400
    assert server.refunds()[0]["payment_intent"] == intent.id


async def test_send_event_is_signed_so_stripe_python_accepts_it(
    server: StripeServer, client: stripe.StripeClient, receiver: Receiver
) -> None:
    intent = await paid_intent(server, client)
    charge = intent.latest_charge
    assert isinstance(charge, str)
    dispute = server.dispute(charge)
    assert dispute["payment_intent"] == intent.id and dispute["amount"] == 1000
    event = server.make_event("charge.dispute.created", dispute)

    assert await server.send_event(receiver.url, SECRET, event) == 200
    assert receiver.events[-1].id == event["id"]
    assert receiver.events[-1].data.object.charge == charge

    assert await server.send_event(receiver.url, SECRET, event, tamper=True) == 400
    assert await server.send_event(receiver.url, "whsec_wrong", event) == 400
    stale = int(time.time()) - 3600
    assert await server.send_event(receiver.url, SECRET, event, timestamp=stale) == 400
    assert receiver.rejected == 3

    payload = json.dumps(event).encode()
    header = server.signature(SECRET, payload)
    verified = stripe.Webhook.construct_event(payload, header, SECRET, tolerance=300)
    assert verified.type == "charge.dispute.created"


async def test_captured_events_can_be_redelivered_shuffled_and_twice(
    server: StripeServer, client: stripe.StripeClient, receiver: Receiver
) -> None:
    server.add_webhook(receiver.url, SECRET)
    await paid_intent(server, client)
    await server.drain_webhooks()
    captured = server.captured_events()
    types = [e["type"] for e in captured]
    assert {"payment_intent.created", "payment_intent.succeeded", "charge.succeeded"} <= set(types)
    assert len(receiver.events) == len(captured)
    assert all(d.status == 200 for d in server.deliveries())

    again = captured * 2
    random.Random(3).shuffle(again)
    for event in again:
        assert await server.deliver(event) == [200]
    assert sorted(e.id for e in receiver.events) == sorted(e["id"] for e in captured * 3)


async def test_localstripe_delay_can_be_restored(
    server: StripeServer, client: stripe.StripeClient, receiver: Receiver
) -> None:
    server.add_webhook(receiver.url, SECRET, ["payment_intent.created"])
    server.webhook_delay = 0.3
    await client.v1.payment_intents.create_async({"amount": 100, "currency": "usd"})
    await asyncio.sleep(0.1)
    assert receiver.events == []
    await receiver.wait_for("payment_intent.created")


async def test_reset_forgets_objects_keys_and_webhooks(
    server: StripeServer, client: stripe.StripeClient, receiver: Receiver
) -> None:
    server.add_webhook(receiver.url, SECRET)
    first = await client.v1.payment_intents.create_async(
        {"amount": 100, "currency": "usd"}, {"idempotency_key": "k"}
    )
    await server.reset()
    assert server.payment_intents() == [] and server.calls() == []
    assert server.captured_events() == []
    again = await client.v1.payment_intents.create_async(
        {"amount": 100, "currency": "usd"}, {"idempotency_key": "k"}
    )
    assert again.id != first.id
    await server.drain_webhooks()
    delivered_after_reset = [e for e in receiver.events if e.data.object.id == again.id]
    assert delivered_after_reset == []


async def test_a_second_handle_shares_the_running_server(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    other = StripeServer()
    assert await other.start() == server.url
    await other.stop()
    intent = await client.v1.payment_intents.create_async({"amount": 100, "currency": "usd"})
    assert intent.id.startswith("pi_")


async def test_account_update_reports_what_changed(
    server: StripeServer, client: stripe.StripeClient
) -> None:
    account = await connected_account(client)
    await client.v1.accounts.update_async(account.id, {"email": "new@example.com"})
    updated = await server.wait_for_event("account.updated")
    assert updated["data"]["object"]["email"] == "new@example.com"
    assert updated["data"]["previous_attributes"] == {"email": None}

"""Paying through Stripe Checkout: the Pay link, its sessions, the webhooks that fund, the
bot's pages, link tokens, and payout onboarding. HTTP-level; test_checkout_browser.py
drives the same flows in Chromium."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from pydantic import SecretStr

from bot.sandbox import stripe_checkout as fake
from bot.web.links import LinkKeys, pay_purpose
from bot.web.pages import SECURITY_HEADERS
from models import escrow_actions
from models.audit import AuditLog
from models.checkout import CheckoutSession, CheckoutStatus
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow, EscrowEvent, StripeEscrow
from models.user import User
from tests.bot.cogs.test_escrow import (
    World,
    last_dm,
    open_escrow,
    reply_text,
    webhooks_paused,
    world,  # noqa: F401 (the fixture)
)
from tests.conftest import WEBHOOK_SECRET
from tests.factories import make_user
from tests.helpers import reply


@pytest.fixture
async def checkout(world: World) -> AsyncIterator[World]:  # noqa: F811 (the fixture)
    """The world, with the hosted Checkout page served and the bot's public URL its own."""
    world.bot.settings.public_url = f"http://127.0.0.1:{world.bot.web.port}"
    async with fake.running_checkout_pages():
        yield world


def pay_link(w: World, escrow: Escrow) -> str:
    return w.cog.pay_url(escrow, w.buyer.id)


async def get(url: str) -> tuple[int, str, dict[str, str]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(url, allow_redirects=False) as response,
    ):
        return response.status, await response.text(), dict(response.headers)


def page_kind(text: str) -> str:
    marker = 'data-page="'
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


def assert_secure(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name


async def open_session(w: World, escrow: Escrow) -> str:
    """Follow the Pay link; returns the Checkout Session id it redirected to."""
    status, _, headers = await get(pay_link(w, escrow))
    assert status == 303, status
    assert_secure(headers)
    return headers["Location"].rsplit("/", 1)[1]


async def refreshed(escrow: Escrow) -> Escrow:
    return await Escrow.get(id=escrow.id)


# --- sessions --------------------------------------------------------------------------------


async def test_the_pay_link_opens_one_checkout_session_and_reuses_it(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w, amount=123_45)
    session_id = await open_session(w, escrow)
    row = await CheckoutSession.get(escrow_id=escrow.id)
    assert (row.session_id, row.status, row.attempt) == (session_id, CheckoutStatus.OPEN, 1)
    assert row.url and row.url.endswith(session_id)

    (create,) = w.stripe.calls("POST", r"^/v1/checkout/sessions$")
    assert create.idempotency_key == f"escrow-{escrow.id}-checkout-1"
    params = create.params
    assert params["mode"] == "payment"
    price = params["line_items"][0]["price_data"]
    assert (price["unit_amount"], price["currency"]) == ("12345", "usd")
    assert params["payment_intent_data"]["transfer_group"] == f"escrow-{escrow.id}"
    assert params["payment_intent_data"]["metadata"]["escrow_id"] == str(escrow.id)
    expires_at = int(params["expires_at"])
    assert escrow.expires_at is not None
    assert expires_at <= escrow.expires_at.timestamp()
    assert 30 * 60 <= expires_at - time.time() <= 24 * 3600
    assert params["success_url"].startswith(f"{w.bot.settings.public_url}/pay/{escrow.id}/done")

    # A second click goes to the same open session; Stripe is only asked to look it up.
    assert await open_session(w, escrow) == session_id
    assert len(w.stripe.calls("POST", r"^/v1/checkout/sessions$")) == 1
    assert await CheckoutSession.filter(escrow_id=escrow.id).count() == 1


async def test_a_lost_answer_is_repeated_with_the_same_key(checkout: World) -> None:
    """Stripe created the session but the answer never came: the next click replays it."""
    w = checkout
    escrow = await open_escrow(w)
    # Stripe created it, then every answer (the first and the client's retries) was lost.
    w.stripe.fail_next("POST", r"^/v1/checkout/sessions$", status=None, after=True, times=3)
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 503 and page_kind(text) == "unavailable"
    session_id = await open_session(w, escrow)
    creates = w.stripe.calls("POST", r"^/v1/checkout/sessions$")
    assert {c.idempotency_key for c in creates} == {f"escrow-{escrow.id}-checkout-1"}
    assert creates[-1].replayed
    assert len(fake.sessions()) == 1 and fake.sessions()[0].id == session_id


async def test_a_refused_attempt_is_not_repeated(checkout: World) -> None:
    """Stripe said no (e.g. the link key rotated, so the parameters under the attempt's key
    changed): the next click is a new attempt with a new key, not the refused one again."""
    w = checkout
    escrow = await open_escrow(w)
    w.stripe.fail_next("POST", r"^/v1/checkout/sessions$", status=400)
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 502 and page_kind(text) == "unavailable"
    await open_session(w, escrow)
    keys = [c.idempotency_key for c in w.stripe.calls("POST", r"^/v1/checkout/sessions$")]
    assert keys == [f"escrow-{escrow.id}-checkout-1", f"escrow-{escrow.id}-checkout-2"]


async def test_an_expired_session_is_replaced_on_the_next_click(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    first = await open_session(w, escrow)
    fake.expire_session(first)
    await w.stripe.drain_webhooks()
    assert (await CheckoutSession.get(session_id=first)).status is CheckoutStatus.EXPIRED
    second = await open_session(w, escrow)
    assert second != first
    keys = [c.idempotency_key for c in w.stripe.calls("POST", r"^/v1/checkout/sessions$")]
    assert keys == [f"escrow-{escrow.id}-checkout-1", f"escrow-{escrow.id}-checkout-2"]

    # Stripe expired it and the webhook never came: the click notices and replaces it.
    async with webhooks_paused(w):
        fake.expire_session(second)
        await w.stripe.drain_webhooks()  # delivered to nobody
    third = await open_session(w, escrow)
    assert third not in (first, second)
    assert [s.status for s in await CheckoutSession.filter(escrow_id=escrow.id).order_by("id")] == [
        CheckoutStatus.EXPIRED,
        CheckoutStatus.EXPIRED,
        CheckoutStatus.OPEN,
    ]


async def test_a_session_about_to_expire_is_closed_before_a_new_one_opens(
    checkout: World,
) -> None:
    w = checkout
    escrow = await open_escrow(w)
    first = await open_session(w, escrow)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    await CheckoutSession.filter(session_id=first).update(expires_at=soon)
    second = await open_session(w, escrow)
    assert second != first
    (expire,) = w.stripe.calls("POST", r"^/v1/checkout/sessions/.*/expire$")
    assert first in expire.path
    assert [s.status for s in fake.sessions() if s.id == first] == ["expired"]


async def test_a_session_paid_while_being_replaced_is_not_replaced(checkout: World) -> None:
    """The buyer paid in the last minutes: Stripe refuses to expire it, nothing new opens."""
    w = checkout
    escrow = await open_escrow(w)
    first = await open_session(w, escrow)
    async with webhooks_paused(w):
        fake.pay_session(first)
        await w.stripe.drain_webhooks()  # delivered to nobody
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    await CheckoutSession.filter(session_id=first).update(expires_at=soon)
    status, text, _ = await get(pay_link(w, escrow))
    assert (status, page_kind(text)) == (409, "processing")
    assert len(w.stripe.calls("POST", r"^/v1/checkout/sessions$")) == 1


async def test_an_async_payment_failure_closes_the_session_and_tells_the_buyer(
    checkout: World,
) -> None:
    w = checkout
    escrow = await open_escrow(w)
    first = await open_session(w, escrow)
    session = next(s for s in fake.sessions() if s.id == first)
    event = w.stripe.make_event("checkout.session.async_payment_failed", session._export())
    assert await w.stripe.send_event(w.webhook_url, WEBHOOK_SECRET, event) == 200
    await w.env.settle()
    assert (await CheckoutSession.get(session_id=first)).status is CheckoutStatus.EXPIRED
    assert "didn't go through" in last_dm(w.buyer).content
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS


# --- funding -----------------------------------------------------------------------------------


async def test_a_paid_session_funds_the_escrow_once_and_both_are_told(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    link = pay_link(w, escrow)
    session_id = await open_session(w, escrow)
    assert fake.pay_session(session_id).outcome == "paid"
    await w.stripe.drain_webhooks()
    await w.env.settle()
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.FUNDS_HELD
    session = fake.sessions()[0]
    stripe_row = await StripeEscrow.get(escrow_id=escrow.id)
    assert stripe_row.payment_intent_id == session.payment_intent
    assert stripe_row.amount_received == 50_000 and stripe_row.charge_id
    intent = w.stripe.payment_intent(str(session.payment_intent))
    assert intent["transfer_group"] == f"escrow-{escrow.id}"
    assert intent["metadata"]["escrow_id"] == str(escrow.id)
    assert "is held safely" in last_dm(w.buyer).content
    assert "is held" in last_dm(w.seller).content
    types = [e["type"] for e in w.stripe.captured_events()]
    assert types.index("payment_intent.succeeded") < types.index("checkout.session.completed")

    # Every event again, shuffled, three times over: still funded once.
    replay = w.stripe.captured_events() * 3
    random.Random(11).shuffle(replay)
    for event in replay:
        assert await w.stripe.send_event(w.webhook_url, WEBHOOK_SECRET, event) == 200
    assert await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count() == 1

    status, text, headers = await get(link.replace("?t=", "/done?t="))
    assert status == 200 and page_kind(text) == "success"
    assert_secure(headers)
    status, text, _ = await get(link)
    assert status == 409 and page_kind(text) == "already_paid"


@pytest.mark.parametrize("first", ["payment_intent.succeeded", "checkout.session.completed"])
async def test_whichever_event_comes_first_funds(checkout: World, first: str) -> None:
    w = checkout
    escrow = await open_escrow(w)
    session_id = await open_session(w, escrow)
    async with webhooks_paused(w):
        fake.pay_session(session_id)
        await w.stripe.drain_webhooks()  # delivered to nobody
    events = {e["type"]: e for e in w.stripe.captured_events()}
    await w.stripe.send_event(w.webhook_url, WEBHOOK_SECRET, events[first])
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD
    together = [events["payment_intent.succeeded"], events["checkout.session.completed"]] * 2
    statuses = await asyncio.gather(
        *(w.stripe.send_event(w.webhook_url, WEBHOOK_SECRET, e) for e in together)
    )
    assert set(statuses) == {200}
    assert await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count() == 1


async def test_a_second_paid_session_is_recorded_for_staff(checkout: World) -> None:
    """Two sessions paid for one escrow (Stripe failed to close the first): one funds, the
    other changes nothing and is recorded for staff to refund."""
    w = checkout
    escrow = await open_escrow(w)
    first = await open_session(w, escrow)
    fake.pay_session(first)
    await w.stripe.drain_webhooks()
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD
    row = await CheckoutSession.get(session_id=first)
    other = await w.stripe.client().v1.checkout.sessions.create_async(
        {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": escrow.amount,
                        "product_data": {"name": "again"},
                    },
                }
            ],
            "payment_intent_data": {"metadata": {"escrow_id": str(escrow.id)}},
            "success_url": "http://127.0.0.1:1/done",
            "expires_at": int(time.time()) + 3600,
        }
    )
    await CheckoutSession.create(
        escrow_id=escrow.id,
        attempt=2,
        idempotency_key="second",
        session_id=other.id,
        status=CheckoutStatus.OPEN,
        amount=escrow.amount,
        expires_at=row.expires_at,
    )
    assert fake.pay_session(other.id).outcome == "paid"
    await w.stripe.drain_webhooks()
    assert await AuditLog.filter(action="escrow.payment_unmatched").count() == 1
    assert await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count() == 1
    stripe_row = await StripeEscrow.get(escrow_id=escrow.id)
    paid_first = next(s for s in fake.sessions() if s.id == first)
    assert stripe_row.payment_intent_id == paid_first.payment_intent


async def test_a_declined_card_leaves_it_waiting_and_the_buyer_told(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    session_id = await open_session(w, escrow)
    attempt = fake.pay_session(session_id, fake.DECLINED_CARD)
    assert attempt.outcome == "declined"
    await w.stripe.drain_webhooks()
    await w.env.settle()
    assert (await refreshed(escrow)).status is EscrowStatus.AWAIT_FUNDS
    assert "didn't go through" in last_dm(w.buyer).content
    # The same session takes another card.
    assert await open_session(w, escrow) == session_id
    assert fake.pay_session(session_id).outcome == "paid"
    await w.stripe.drain_webhooks()
    assert (await refreshed(escrow)).status is EscrowStatus.FUNDS_HELD


async def test_a_late_completion_after_cancellation_is_refunded(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    session_id = await open_session(w, escrow)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.cancel(escrow.id, rail=w.rail, by=buyer)
    assert fake.pay_session(session_id).outcome == "paid"  # the buyer's tab was still open
    await w.stripe.drain_webhooks()
    await w.stripe.drain_webhooks()
    await w.env.settle()
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.CANCELLED
    refunds = w.stripe.refunds()
    assert [r["amount"] for r in refunds] == [50_000]
    assert "refunding all of it" in last_dm(w.buyer).content
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 410 and page_kind(text) == "cancelled_escrow"


# --- links and pages ---------------------------------------------------------------------------


async def test_bad_links_get_their_own_page_and_change_nothing(checkout: World) -> None:
    w = checkout
    base = w.bot.settings.public_url
    escrow = await open_escrow(w)
    link = pay_link(w, escrow)
    token = parse_qs(urlsplit(link).query)["t"][0]
    keys = LinkKeys.from_settings(w.bot.settings)
    deadline = int(escrow.expires_at.timestamp()) if escrow.expires_at else 0
    outsiders = keys.sign(pay_purpose(escrow.id, w.outsider.id), deadline)
    cases = {
        "tampered": (link[:-2] + ("AA" if not link.endswith("AA") else "BB"), 404, "not_found"),
        "no token": (f"{base}/pay/{escrow.id}", 404, "not_found"),
        "another user's": (
            f"{base}/pay/{escrow.id}?t={outsiders}",
            404,
            "not_found",
        ),
        "another escrow's": (f"{base}/pay/{escrow.id + 1}?t={token}", 404, "not_found"),
        "out of range": (f"{base}/pay/99999999999999999999999?t={token}", 404, "not_found"),
        "not a number": (f"{base}/pay/abc?t={token}", 404, "not_found"),
        "expired": (
            f"{base}/pay/{escrow.id}?t="
            f"{keys.sign(pay_purpose(escrow.id, w.buyer.id), int(time.time()) - 1)}",
            410,
            "link_expired",
        ),
        "unknown page": (f"{base}/pay/{escrow.id}/nope?t={token}", 404, "not_found"),
    }
    for name, (url, status, kind) in cases.items():
        got, text, headers = await get(url)
        assert (got, page_kind(text)) == (status, kind), name
        assert_secure(headers)
    assert w.stripe.calls("POST", r"checkout") == []
    assert await CheckoutSession.all().count() == 0
    assert (await refreshed(escrow)).version == escrow.version


async def test_escrows_that_cannot_be_paid_each_say_why(checkout: World) -> None:
    w = checkout
    past_window = await open_escrow(w)
    await Escrow.filter(id=past_window.id).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    closing = await open_escrow(w)
    await Escrow.filter(id=closing.id).update(
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
    )
    usdc = await open_escrow(w)
    await Escrow.filter(id=usdc.id).update(rail=EscrowRail.USDC_BASE)
    for escrow, status, kind in (
        (past_window, 410, "window_over"),
        (closing, 409, "window_closing"),
        (usdc, 409, "usdc"),
    ):
        got, text, headers = await get(pay_link(w, escrow))  # links made before the change
        assert (got, page_kind(text)) == (status, kind)
        assert "Platform fee" in text and "$500.00" in text  # the trade summary
        assert_secure(headers)
    assert w.stripe.calls("POST", r"checkout") == []


async def test_page_values_are_escaped(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    from models.contract import Contract
    from models.listing import Listing

    contract = await Contract.get(id=escrow.contract_id)
    await Listing.filter(id=contract.listing_id).update(title='<script>alert("x")</script>')
    _, text, headers = await get(pay_link(w, escrow).replace("?t=", "/cancelled?t="))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "script-src" not in headers["Content-Security-Policy"]  # no script may run


async def test_links_signed_with_the_previous_key_work_during_rotation(checkout: World) -> None:
    w = checkout
    settings = w.bot.settings
    settings.pay_link_secret = SecretStr("old-key-old-key-old-key")
    escrow = await open_escrow(w)
    old_link = pay_link(w, escrow)
    settings.pay_link_secret = SecretStr("new-key-new-key-new-key")
    settings.pay_link_previous_secret = SecretStr("old-key-old-key-old-key")
    assert (await get(old_link))[0] == 303
    assert (await get(pay_link(w, escrow)))[0] == 303
    settings.pay_link_previous_secret = None
    assert (await get(old_link))[0] == 404


# --- /escrow pay and payouts --------------------------------------------------------------------


async def test_escrow_pay_gives_the_stable_link(checkout: World) -> None:
    w = checkout
    escrow = await open_escrow(w)
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    button = reply(result).components[0]["components"][0]
    assert button["url"] == pay_link(w, escrow)
    refused = await w.seller.slash(w.channel, "escrow pay", id=escrow.id)
    assert "Only the buyer" in reply_text(refused)
    await Escrow.filter(id=escrow.id).update(status=EscrowStatus.CANCELLED)
    refused = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert "was cancelled" in reply_text(refused)
    assert w.stripe.calls("POST", r"^/v1/(payment_intents|checkout)") == []


async def test_payout_onboarding_returns_to_bot_pages(checkout: World) -> None:
    w = checkout
    w.stripe.accounts_start_onboarded = False
    seller = await make_user(discord_id=w.seller.id, username="seller")
    result = await w.seller.slash(w.channel, "payouts setup")
    message = result.followups[-1] if result.followups else result.response
    assert message is not None
    link = message.components[0]["components"][0]["url"]
    back = await w.stripe.onboard(link)
    assert back.startswith(f"{w.bot.settings.public_url}/payouts/return?")
    status, text, headers = await get(back)
    assert (status, page_kind(text)) == (200, "payouts_ready")
    assert_secure(headers)
    assert (await User.get(id=seller.id)).stripe_payouts_enabled

    # Stripe's account.updated keeps the status current without the seller asking.
    account = (await User.get(id=seller.id)).stripe_account_id
    assert account
    w.stripe.set_account(account, payouts_enabled=False)
    await w.stripe.drain_webhooks()
    assert not (await User.get(id=seller.id)).stripe_payouts_enabled
    w.stripe.set_account(account, payouts_enabled=True)
    await w.stripe.drain_webhooks()
    assert (await User.get(id=seller.id)).stripe_payouts_enabled

    # An expired onboarding link comes back through refresh_url: a fresh link.
    refresh = back.replace("/payouts/return?", "/payouts/refresh?")
    status, _, headers = await get(refresh)
    assert status == 303 and "/connect/onboard/" in headers["Location"]
    forged = refresh.replace("u=", "u=1")  # another user's id under this user's token
    assert (await get(forged))[0] == 404
    assert (await get(refresh[:-1] + ("A" if refresh[-1] != "A" else "B")))[0] == 404

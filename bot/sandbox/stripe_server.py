"""A Stripe stand-in for the tests and the demo: localstripe, extended, on loopback.

localstripe (https://github.com/adrienverge/localstripe) fakes PaymentIntents, charges,
refunds and webhooks. This module adds what the bot's card rail needs on top of it:

- idempotency keys as Stripe keeps them: the first response to a POST with an
  `Idempotency-Key` is stored and replayed (`Idempotent-Replayed: true`); the same key on
  another path or with other parameters is a 400 `idempotency_error`; concurrent requests
  with one key run one at a time, so only one of them executes;
- Connect: accounts (`acct_`), account links, transfers (`tr_`) that may not outrun the
  charge they are funded from (`source_transaction`) or the platform balance;
- the events localstripe leaves out: `payment_intent.created`, `payment_intent.canceled`,
  `charge.succeeded`, `charge.failed`, `charge.refunded`, `refund.created`,
  `transfer.created`, `account.updated`; every event is captured for re-delivery;
- fidelity fixes: `latest_charge` is an id unless expanded, `amount_received` exists,
  PaymentIntents accept `transfer_group`/`description`/`automatic_payment_methods`,
  4000000000000002 (and the other "declined" test cards) decline at charge time, a
  refund can't exceed what is left of the charge, confirm accepts `payment_method`,
  cancel accepts `cancellation_reason`;
- test helpers to drive and inspect it (`pay`, `send_event`, `transfers`, balances,
  `calls`, `fail_next`, `hold_next`...).

localstripe's aiohttp app and its store are module-level singletons, so the extension is
installed once per process and one server runs at a time (a second `start()` reuses it).
Use one session-scoped server and `reset()` it before each test; see `running_stripe`.
Webhooks go to every registered endpoint (no separate Connect endpoints); deliveries are
not retried, re-deliver with `deliver()`/`send_event()`.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any

import aiohttp
import stripe
from aiohttp import web
from localstripe import resources as ls
from localstripe import webhooks as ls_webhooks
from localstripe.errors import UserError

with warnings.catch_warnings():  # localstripe's sync handlers: "Bare functions are deprecated"
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

from bot.sandbox.stripe_connect import (
    Account,
    Transfer,
    _account_links,
    _onboarding_page,
    platform_balance,
    set_account,
)
from bot.sandbox.stripe_middleware import _harness_middleware, _recording_middleware
from bot.sandbox.stripe_patches import _attach_payment_method, _install_resource_patches
from bot.sandbox.stripe_state import (
    _STATE,
    API_KEY,
    API_VERSION,
    DECLINED_CARD,
    PUBLISHABLE_KEY,
    SUCCEEDING_CARD,
    Delivery,
    Handler,
    Hold,
    Override,
    StripeCall,
    _deliver,
    _Fault,
    _objects,
    _post_signed,
    _random_id,
    _schedule,
    _sign,
)

__all__ = [  # the public face; bot.sandbox.stripe_checkout and the tests import these
    "API_KEY",
    "API_VERSION",
    "DECLINED_CARD",
    "PUBLISHABLE_KEY",
    "SUCCEEDING_CARD",
    "Account",
    "Delivery",
    "Handler",
    "Hold",
    "Override",
    "StripeCall",
    "StripeServer",
    "Transfer",
    "platform_balance",
    "running_stripe",
    "set_account",
]

# --- installation -------------------------------------------------------------------------

_installed = False


def _install() -> None:
    """Extend localstripe's module-level app once per process (before it is first started)."""
    global _installed
    if _installed:
        return
    app = ls_server.app
    if app.frozen:
        raise RuntimeError(
            "localstripe's app was started before bot.sandbox.stripe_server extended it"
        )

    # no pickling to /tmp on every write (slow, and shared between processes)
    ls.Store.dump_to_disk = lambda self: None
    ls.Store.try_load_from_disk = lambda self: None
    ls.schedule_webhook = _schedule
    ls_webhooks.schedule_webhook = _schedule
    _install_resource_patches()

    middlewares = app.middlewares
    middlewares.insert(middlewares.index(ls_server.auth_middleware) + 1, _harness_middleware)
    middlewares.insert(0, _recording_middleware)

    router = app.router
    for method, url, make in (
        ("POST", "/v1/accounts", ls_server.api_create),
        ("GET", "/v1/accounts/{id}", ls_server.api_retrieve),
        ("POST", "/v1/accounts/{id}", ls_server.api_update),
        ("DELETE", "/v1/accounts/{id}", ls_server.api_delete),
        ("GET", "/v1/accounts", ls_server.api_list_all),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            router.add_route(method, url, make(Account, url))
    for method, url, make in (
        ("POST", "/v1/transfers", ls_server.api_create),
        ("GET", "/v1/transfers/{id}", ls_server.api_retrieve),
        ("POST", "/v1/transfers/{id}", ls_server.api_update),
        ("GET", "/v1/transfers", ls_server.api_list_all),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            router.add_route(method, url, make(Transfer, url))
    router.add_post("/v1/account_links", _account_links)
    router.add_get("/connect/onboard/{account}", _onboarding_page)
    _installed = True


@dataclass
class _Runtime:
    runner: web.AppRunner | None = None
    url: str = ""
    users: int = 0


_RUNTIME = _Runtime()


# --- the public face ------------------------------------------------------------------------


class StripeServer:
    """Handle on the in-process Stripe stand-in (one per process; handles share it)."""

    api_key = API_KEY
    publishable_key = PUBLISHABLE_KEY

    def __init__(self) -> None:
        self._started = False
        self._client: stripe.StripeClient | None = None
        self._http: stripe.AIOHTTPClient | None = None

    # lifecycle

    async def start(self) -> str:
        """Serve on 127.0.0.1 (ephemeral port) and return the base URL; reuses a running one."""
        if self._started:
            return _RUNTIME.url
        _install()
        if _RUNTIME.runner is None:
            runner = web.AppRunner(ls_server.app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            host, port = runner.addresses[0][:2]
            _RUNTIME.runner = runner
            _RUNTIME.url = f"http://{host}:{port}"
            await self.reset()
        _RUNTIME.users += 1
        self._started = True
        return _RUNTIME.url

    async def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        if self._http is not None:
            await self._http.close_async()
            self._client = self._http = None
        _RUNTIME.users -= 1
        if _RUNTIME.users == 0 and _RUNTIME.runner is not None:
            for task in list(_STATE.tasks):
                task.cancel()
            runner, _RUNTIME.runner, _RUNTIME.url = _RUNTIME.runner, None, ""
            await runner.cleanup()

    async def reset(self) -> None:
        """Forget everything: objects, webhooks, idempotency keys, calls, events, faults."""
        tasks = list(_STATE.tasks)
        _STATE.clear()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
        ls.store.clear()
        ls_webhooks._webhooks.clear()

    @property
    def url(self) -> str:
        if not _RUNTIME.url:
            raise RuntimeError("the Stripe server is not running")
        return _RUNTIME.url

    def client(self) -> stripe.StripeClient:
        """A stripe-python client for this server (aiohttp, no automatic retries)."""
        if self._client is None:
            self._http = stripe.AIOHTTPClient()
            self._client = stripe.StripeClient(
                self.api_key,
                base_addresses={"api": self.url, "connect": self.url, "files": self.url},
                http_client=self._http,
                max_network_retries=0,
            )
        return self._client

    # behaviour switches

    @property
    def webhook_delay(self) -> float:
        """Seconds between an event and its delivery (0 here; localstripe's own was 1)."""
        return _STATE.webhook_delay

    @webhook_delay.setter
    def webhook_delay(self, seconds: float) -> None:
        _STATE.webhook_delay = seconds

    @property
    def accounts_start_onboarded(self) -> bool:
        """Whether new accounts are born with payouts/charges enabled (True by default)."""
        return _STATE.accounts_start_onboarded

    @accounts_start_onboarded.setter
    def accounts_start_onboarded(self, value: bool) -> None:
        _STATE.accounts_start_onboarded = value

    @property
    def serialize_idempotent_requests(self) -> bool:
        """Run same-key requests one at a time (True); off only to show a race test can fail."""
        return _STATE.serialize_idempotent_requests

    @serialize_idempotent_requests.setter
    def serialize_idempotent_requests(self, value: bool) -> None:
        _STATE.serialize_idempotent_requests = value

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int | None = 500,
        after: bool = False,
        times: int = 1,
    ) -> None:
        """Make the next `times` requests matching `method` and the `path` regex fail.

        `status=None` drops the connection instead of answering. `after=True` lets the
        request execute (and its result be stored under its idempotency key) before
        failing: the "Stripe did it but the answer was lost" case.
        """
        _STATE.faults.append(_Fault(method.upper(), re.compile(path), status, after, times))

    def hold_next(self, method: str, path: str) -> Hold:
        """Park the next matching request just before it executes; `release()` it later."""
        hold = Hold(method.upper(), re.compile(path))
        _STATE.holds.append(hold)
        return hold

    # webhooks

    def add_webhook(self, url: str, secret: str, events: list[str] | None = None) -> str:
        """Register an endpoint (as `POST /_config/webhooks/<id>` does); returns its id."""
        hook_id = "we_" + _random_id()
        ls_webhooks.register_webhook(hook_id, url, secret, events)
        return hook_id

    def captured_events(self, type_: str | None = None) -> list[dict[str, Any]]:
        """Every event the server produced, in order, as the JSON it delivers."""
        return [e for e in _STATE.events if type_ is None or e["type"] == type_]

    def deliveries(self) -> list[Delivery]:
        return list(_STATE.deliveries)

    async def drain_webhooks(self, within: float = 5.0) -> None:
        """Wait until every scheduled webhook delivery has been attempted."""
        async with asyncio.timeout(within):
            while _STATE.tasks:
                await asyncio.gather(*list(_STATE.tasks), return_exceptions=True)

    async def wait_for_event(self, type_: str, *, within: float = 5.0) -> dict[str, Any]:
        """The first captured event of that type, waiting for it if need be."""
        async with asyncio.timeout(within):
            while not (found := self.captured_events(type_)):
                await _STATE.news.wait()
        return found[0]

    async def wait_for_calls(
        self, method: str, path: str, count: int = 1, *, within: float = 5.0
    ) -> list[StripeCall]:
        """The calls matching `method` and the `path` regex, once there are `count` of them."""
        async with asyncio.timeout(within):
            while len(found := self.calls(method, path)) < count:
                await _STATE.news.wait()
        return found

    def queued_behind(self, idempotency_key: str) -> int:
        """Requests waiting for another request with the same idempotency key to finish."""
        return _STATE.queued[idempotency_key]

    async def wait_until(self, predicate: Callable[[], bool], *, within: float = 5.0) -> None:
        """Wait until `predicate()` holds, re-checking whenever a call or an event comes in
        or a request starts waiting behind an idempotency key."""
        async with asyncio.timeout(within):
            while not predicate():
                await _STATE.news.wait()

    async def deliver(self, event: dict[str, Any]) -> list[int | None]:
        """Send an event (captured or made) to every registered endpoint, signed now."""
        return await _deliver(event)

    async def send_event(
        self,
        url: str,
        secret: str,
        event: dict[str, Any],
        *,
        timestamp: int | None = None,
        tamper: bool = False,
    ) -> int | None:
        """POST one event to `url` signed with `secret`; returns the HTTP status.

        `timestamp` signs as of another time (for tolerance tests); `tamper=True` changes
        the body after signing, so the signature no longer matches.
        """
        payload = json.dumps(event, indent=2, sort_keys=True).encode()
        when = int(time.time()) if timestamp is None else int(timestamp)
        return await _post_signed(url, secret, payload, when, tamper=tamper)

    @staticmethod
    def signature(secret: str, payload: bytes, timestamp: int | None = None) -> str:
        """A `Stripe-Signature` header value for `payload`."""
        return _sign(secret, int(time.time()) if timestamp is None else timestamp, payload)

    @staticmethod
    def make_event(
        type_: str,
        obj: dict[str, Any],
        *,
        account: str | None = None,
        previous_attributes: dict[str, Any] | None = None,
        created: int | None = None,
    ) -> dict[str, Any]:
        """An event as Stripe would send it, for types localstripe never emits."""
        data: dict[str, Any] = {"object": obj}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event: dict[str, Any] = {
            "id": "evt_" + _random_id(),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()) if created is None else created,
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type_,
        }
        if account is not None:
            event["account"] = account
        return event

    def dispute(
        self,
        charge_id: str,
        *,
        amount: int | None = None,
        reason: str = "fraudulent",
        status: str = "needs_response",
    ) -> dict[str, Any]:
        """A dispute object on an existing charge (for `charge.dispute.*` events)."""
        charge = ls.store.get(f"charge:{charge_id}")
        if charge is None:
            raise KeyError(charge_id)
        return {
            "id": "dp_" + _random_id(),
            "object": "dispute",
            "amount": charge.amount if amount is None else amount,
            "charge": charge.id,
            "created": int(time.time()),
            "currency": charge.currency,
            "is_charge_refundable": False,
            "livemode": False,
            "metadata": {},
            "payment_intent": charge.payment_intent,
            "reason": reason,
            "status": status,
        }

    # the buyer and the seller

    async def pay(
        self, payment_intent_id: str, card: str = SUCCEEDING_CARD, *, authenticate: bool = True
    ) -> dict[str, Any]:
        """Play the buyer's browser: enter `card`, confirm, pass 3-D Secure if asked.

        Returns the PaymentIntent afterwards: `succeeded`, or `requires_payment_method`
        with `last_payment_error` when the card is declined (4000000000000002).
        """
        card_data = {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"}
        try:
            intent = ls.PaymentIntent._api_retrieve(payment_intent_id)
            method = ls.PaymentMethod._api_create(type="card", card=card_data)
            _attach_payment_method(intent, method.id)
            intent = ls.PaymentIntent._api_confirm(payment_intent_id)
            if intent.status == "requires_action":
                ls.PaymentIntent._api_authenticate(
                    payment_intent_id, client_secret=intent.client_secret, success=authenticate
                )
        except UserError as exc:
            if exc.code != 402:
                raise RuntimeError(f"pay({payment_intent_id}) refused: {exc.body}") from None
        exported: dict[str, Any] = ls.PaymentIntent._api_retrieve(payment_intent_id)._export()
        return exported

    def set_account(self, account_id: str, **changes: Any) -> dict[str, Any]:
        """See the module-level `set_account`: payouts_enabled=..., charges_enabled=..."""
        return set_account(account_id, **changes)

    async def onboard(self, link_url: str) -> str:
        """Play the seller's browser on an account link; returns where Stripe sent it back."""
        async with (
            aiohttp.ClientSession() as session,
            session.get(link_url, allow_redirects=False) as response,
        ):
            if response.status != 302:
                raise RuntimeError(f"onboarding link answered {response.status}")
            return response.headers["Location"]

    # reading the books

    def calls(self, method: str | None = None, path: str | None = None) -> list[StripeCall]:
        """API requests received, oldest first; `path` is a regex searched in the path."""
        return [
            c
            for c in _STATE.calls
            if (method is None or c.method == method.upper())
            and (path is None or re.search(path, c.path))
        ]

    def transfers(self) -> list[dict[str, Any]]:
        return [t._export() for t in _objects("transfer")]

    def refunds(self) -> list[dict[str, Any]]:
        return [r._export() for r in _objects("refund")]

    def charges(self) -> list[dict[str, Any]]:
        return [c._export() for c in _objects("charge")]

    def payment_intents(self) -> list[dict[str, Any]]:
        return [p._export() for p in _objects("payment_intent")]

    def accounts(self) -> list[dict[str, Any]]:
        return [a._export() for a in _objects("account")]

    def payment_intent(self, payment_intent_id: str) -> dict[str, Any]:
        exported: dict[str, Any] = ls.PaymentIntent._api_retrieve(payment_intent_id)._export()
        return exported

    def account_balance(self, account_id: str) -> int:
        """What the platform has transferred to a connected account."""
        return sum(int(t.amount) for t in _objects("transfer") if t.destination == account_id)

    def platform_balance(self, currency: str | None = None) -> int:
        """Charges succeeded - refunds - transfers."""
        return platform_balance(currency)


@asynccontextmanager
async def running_stripe() -> AsyncIterator[StripeServer]:
    """A running server for a session fixture; reset it before each test.

    @pytest.fixture(scope="session")
    async def stripe_server() -> AsyncIterator[StripeServer]:
        async with running_stripe() as server:
            yield server

    @pytest.fixture
    async def stripe(stripe_server: StripeServer) -> AsyncIterator[StripeServer]:
        await stripe_server.reset()
        yield stripe_server
        await stripe_server.drain_webhooks()
    """
    server = StripeServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()

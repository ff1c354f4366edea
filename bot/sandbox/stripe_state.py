"""The Stripe stand-in's recorded state and its webhook events.

Constants, the per-process `_State` (idempotency store, calls, events, deliveries, faults,
holds), and the capture-and-deliver path that replaces localstripe's `schedule_webhook`:
every event is kept for re-delivery and POSTed, signed as Stripe signs, to each endpoint.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import re
import string
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from localstripe import resources as ls
from localstripe import webhooks as ls_webhooks
from localstripe.errors import UserError

API_KEY = "sk_test_bloxtr8"
PUBLISHABLE_KEY = "pk_test_bloxtr8"
API_VERSION = "2025-01-27.acacia"

SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_REPLAYED = web.RequestKey("stripe_server_replayed", bool)
Override = Callable[[web.Request, re.Match[str]], Awaitable[web.StreamResponse]]


def _random_id(n: int = 14) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(n))  # noqa: S311 (ids of a stand-in)


def _error(
    status: int, message: str, *, type_: str = "invalid_request_error", **extra: Any
) -> UserError:
    """A Stripe-shaped error (`{"error": {"type", "message", "code", "param"...}}`)."""
    err = UserError(status, message, {k: v for k, v in extra.items() if v is not None})
    err.body["error"]["type"] = type_
    return err


def _sign(secret: str, timestamp: int, payload: bytes) -> str:
    signed = b"%d." % timestamp + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _objects(kind: str) -> list[Any]:
    prefix = kind + ":"
    return [value for key, value in ls.store.items() if key.startswith(prefix)]


# --- recorded state ---------------------------------------------------------------------


@dataclass
class StripeCall:
    """One API request the server answered (the buyer's `pay()` is not one)."""

    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    status: int = 0
    replayed: bool = False


@dataclass
class Delivery:
    """One webhook POST: which event went where and what the endpoint answered."""

    event_id: str
    type: str
    url: str
    status: int | None  # None: the endpoint could not be reached


@dataclass
class Hold:
    """A request parked inside the server (after the idempotency check, before executing)."""

    method: str
    pattern: re.Pattern[str]
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        self.released.set()


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    status: int | None
    after: bool
    times: int


@dataclass
class _Stored:
    path: str
    fingerprint: str
    status: int
    body: bytes
    content_type: str


@dataclass
class _AccountLink:
    account: str
    return_url: str
    refresh_url: str
    expires_at: int


@dataclass
class _State:
    idempotency: dict[tuple[str, str, str], _Stored] = field(default_factory=dict)
    locks: dict[tuple[str, str, str], asyncio.Lock] = field(default_factory=dict)
    calls: list[StripeCall] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    faults: list[_Fault] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)
    links: dict[str, _AccountLink] = field(default_factory=dict)
    queued: Counter[str] = field(default_factory=Counter)  # requests behind a key's lock
    webhook_delay: float = 0.0
    accounts_start_onboarded: bool = True
    serialize_idempotent_requests: bool = True  # off only to prove the race test can fail
    news: asyncio.Event = field(default_factory=asyncio.Event)  # a call or an event came

    def notify(self) -> None:
        self.news.set()
        self.news = asyncio.Event()

    def clear(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.tasks.clear()
        self.idempotency.clear()
        self.locks.clear()
        self.calls.clear()
        self.events.clear()
        self.deliveries.clear()
        self.faults.clear()
        for hold in self.holds:
            hold.release()
        self.holds.clear()
        self.links.clear()
        self.queued.clear()
        self.webhook_delay = 0.0
        self.accounts_start_onboarded = True
        self.serialize_idempotent_requests = True
        self.notify()


_STATE = _State()


# --- events -----------------------------------------------------------------------------


def _schedule(event: Any) -> None:
    """Replaces localstripe's `schedule_webhook`: capture the event, deliver it soon."""
    event.api_version = API_VERSION  # also as GET /v1/events/<id> shows it
    exported: dict[str, Any] = event._export()
    exported.setdefault("pending_webhooks", len(ls_webhooks._webhooks))
    exported.setdefault("request", {"id": None, "idempotency_key": None})
    _STATE.events.append(exported)
    _STATE.notify()
    task = asyncio.ensure_future(_deliver_later(exported, _STATE.webhook_delay))
    _STATE.tasks.add(task)
    task.add_done_callback(_STATE.tasks.discard)


def _emit(
    type_: str,
    obj: Any,
    *,
    account: str | None = None,
    previous_attributes: dict[str, Any] | None = None,
) -> None:
    event = ls.Event(type_, obj)
    if account is not None:
        event.account = account
    if previous_attributes is not None:
        event.data["previous_attributes"] = previous_attributes
    _schedule(event)


async def _deliver_later(event: dict[str, Any], delay: float) -> None:
    if delay:
        await asyncio.sleep(delay)
    await _deliver(event)


async def _deliver(event: dict[str, Any]) -> list[int | None]:
    payload = json.dumps(event, indent=2, sort_keys=True).encode()
    statuses: list[int | None] = []
    for hook in list(ls_webhooks._webhooks.values()):
        if hook.events is not None and event["type"] not in hook.events:
            continue
        status = await _post_signed(hook.url, hook.secret, payload, int(time.time()))
        _STATE.deliveries.append(Delivery(event["id"], event["type"], hook.url, status))
        statuses.append(status)
    return statuses


async def _post_signed(
    url: str, secret: str, payload: bytes, timestamp: int, *, tamper: bool = False
) -> int | None:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": _sign(secret, timestamp, payload),
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    }
    if tamper:  # the body changes after signing, as a forger's would
        payload = payload.replace(b'"livemode": false', b'"livemode": true', 1) + b" "
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session,
            session.post(url, data=payload, headers=headers) as response,
        ):
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return None

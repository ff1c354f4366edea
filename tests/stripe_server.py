"""A Stripe stand-in for the tests: localstripe, extended, served in-process on loopback.

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
import hashlib
import hmac
import json
import random
import re
import string
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import stripe
from aiohttp import web
from localstripe import resources as ls
from localstripe import webhooks as ls_webhooks
from localstripe.errors import UserError

with warnings.catch_warnings():  # localstripe's sync handlers: "Bare functions are deprecated"
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

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
    return "".join(random.choice(alphabet) for _ in range(n))


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


# --- Connect ----------------------------------------------------------------------------

_ACCOUNT_TYPES = ("standard", "express", "custom")
_ONBOARDING_DUE = ["external_account", "tos_acceptance.date", "tos_acceptance.ip"]


class Account(ls.StripeObject):
    object = "account"
    _id_prefix = "acct_"

    def __init__(
        self,
        type: str | None = None,
        country: str | None = None,
        email: str | None = None,
        capabilities: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        business_type: str | None = None,
        business_profile: dict[str, Any] | None = None,
        controller: dict[str, Any] | None = None,
        default_currency: str | None = None,
        tos_acceptance: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        if type is None and controller is None:
            raise _error(400, "You must provide `type` or `controller`.", param="type")
        if type is not None and type not in _ACCOUNT_TYPES:
            raise _error(400, f"Invalid type: {type}", param="type")
        if capabilities is not None and not isinstance(capabilities, dict):
            raise _error(400, "Invalid capabilities", param="capabilities")
        requested = [
            name
            for name, spec in (capabilities or {}).items()
            if isinstance(spec, dict) and str(spec.get("requested")).lower() == "true"
        ]
        if not requested:
            if type == "custom":
                raise _error(
                    400, "Custom accounts must request capabilities.", param="capabilities"
                )
            requested = ["card_payments", "transfers"]
        country = country or "US"
        super().__init__()
        onboarded = _STATE.accounts_start_onboarded
        self.type = type or "none"
        self.country = country
        self.email = email
        self.metadata = metadata or {}
        self.business_type = business_type
        self.business_profile = business_profile or {}
        self.controller = controller or {"type": "application", "is_controller": True}
        self.default_currency = default_currency or ("usd" if country == "US" else "eur")
        self.tos_acceptance = tos_acceptance or {}
        self.settings = settings or {}
        self.capabilities = {name: "active" if onboarded else "inactive" for name in requested}
        self.charges_enabled = onboarded
        self.payouts_enabled = onboarded
        self.details_submitted = onboarded
        self.requirements = _requirements(onboarded)

    @classmethod
    def _api_update(cls, id: str, **data: Any) -> Any:
        readonly = {"charges_enabled", "payouts_enabled", "details_submitted", "requirements"}
        readonly |= {"type", "country", "controller", "capabilities", "id", "object"}
        if readonly & data.keys():
            raise _error(
                400, "Received unknown parameter: " + ", ".join(sorted(readonly & data.keys()))
            )
        before = super()._api_retrieve(id)._export()
        obj = super()._api_update(id, **data)
        after = obj._export()
        previous = {k: before[k] for k in data if k in before and before[k] != after.get(k)}
        _emit("account.updated", obj, account=obj.id, previous_attributes=previous)
        return obj

    @classmethod
    def _api_list_all(cls, url: str, limit: Any = None, starting_after: Any = None) -> Any:
        li = super()._api_list_all(url, limit=limit, starting_after=starting_after)
        li._list.reverse()
        return li


def _requirements(onboarded: bool) -> dict[str, Any]:
    due = [] if onboarded else list(_ONBOARDING_DUE)
    return {
        "currently_due": due,
        "eventually_due": list(due),
        "past_due": list(due),
        "pending_verification": [],
        "errors": [],
        "disabled_reason": None if onboarded else "requirements.past_due",
        "current_deadline": None,
    }


def _account(account_id: Any, *, param: str = "account") -> Any:
    obj = ls.store.get(f"account:{account_id}") if isinstance(account_id, str) else None
    if obj is None:
        raise _error(
            400 if param != "id" else 404,
            f"No such {param}: '{account_id}'",
            code="resource_missing",
            param=param,
        )
    return obj


class Transfer(ls.StripeObject):
    object = "transfer"
    _id_prefix = "tr_"

    def __init__(
        self,
        amount: Any = None,
        currency: str | None = None,
        destination: str | None = None,
        source_transaction: str | None = None,
        transfer_group: str | None = None,
        metadata: dict[str, Any] | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        amount = ls.try_convert_to_int(amount)
        if not isinstance(amount, int) or amount <= 0:
            raise _error(400, "Invalid positive integer", param="amount")
        if not isinstance(currency, str) or not currency:
            raise _error(400, "Missing required param: currency.", param="currency")
        if metadata is not None and not isinstance(metadata, dict):
            raise _error(400, "Invalid metadata", param="metadata")
        account = _account(destination, param="destination")
        if account.capabilities.get("transfers") != "active":
            raise _error(
                400,
                "Your destination account needs to have at least one of the following "
                "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                code="insufficient_capabilities_for_transfer",
                param="destination",
            )
        currency = currency.lower()
        if source_transaction is not None:
            charge = ls.store.get(f"charge:{source_transaction}")
            if charge is None:
                raise _error(
                    400,
                    f"No such charge: '{source_transaction}'",
                    code="resource_missing",
                    param="source_transaction",
                )
            if charge.status != "succeeded" or not charge.captured:
                raise _error(
                    400,
                    f"The source transaction {source_transaction} has not succeeded.",
                    param="source_transaction",
                )
            if charge.currency.lower() != currency:
                raise _error(
                    400,
                    "The currency of the transfer must match that of the source transaction.",
                    param="currency",
                )
            left = _left_on_charge(charge)
            if amount > left:
                raise _error(
                    400,
                    f"The transfer amount ({amount}) exceeds what is left on source "
                    f"transaction {source_transaction} ({left}).",
                    code="balance_insufficient",
                    param="amount",
                )
        elif amount > platform_balance(currency):
            raise _error(
                400,
                "You have insufficient available funds in your Stripe account.",
                code="balance_insufficient",
                param="amount",
            )
        super().__init__()
        self.amount = amount
        self.amount_reversed = 0
        self.balance_transaction = None
        self.currency = currency
        self.description = description
        self.destination = destination
        self.destination_payment = "py_" + _random_id()
        self.metadata = metadata or {}
        self.reversed = False
        self.source_transaction = source_transaction
        self.source_type = "card"
        self.transfer_group = transfer_group

    @classmethod
    def _api_create(cls, **data: Any) -> Any:
        obj = super()._api_create(**data)
        _emit("transfer.created", obj)
        return obj

    @classmethod
    def _api_update(cls, id: str, **data: Any) -> Any:
        unknown = data.keys() - {"metadata", "description"}
        if unknown:
            raise _error(400, "Received unknown parameter: " + ", ".join(sorted(unknown)))
        obj = super()._api_update(id, **data)
        _emit("transfer.updated", obj)
        return obj

    @classmethod
    def _api_list_all(
        cls,
        url: str,
        destination: str | None = None,
        transfer_group: str | None = None,
        limit: Any = None,
        starting_after: Any = None,
        **kwargs: Any,
    ) -> Any:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        li = super()._api_list_all(url, limit=limit, starting_after=starting_after)
        li._list = [
            t
            for t in reversed(li._list)
            if (destination is None or t.destination == destination)
            and (transfer_group is None or t.transfer_group == transfer_group)
        ]
        return li


def _left_on_charge(charge: Any) -> int:
    """What a charge can still fund: its amount less refunds and earlier transfers."""
    transferred = sum(t.amount for t in _objects("transfer") if t.source_transaction == charge.id)
    return int(charge.amount - charge.amount_refunded - transferred)


def platform_balance(currency: str | None = None) -> int:
    """Succeeded, captured charges less refunds less transfers (fees are zero here)."""

    def wanted(obj: Any) -> bool:
        return currency is None or obj.currency.lower() == currency.lower()

    charged = sum(
        c.amount for c in _objects("charge") if c.status == "succeeded" and c.captured and wanted(c)
    )
    refunded = sum(r.amount for r in _objects("refund") if r.status == "succeeded" and wanted(r))
    transferred = sum(t.amount for t in _objects("transfer") if wanted(t))
    return int(charged - refunded - transferred)


async def _account_links(request: web.Request) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    data.pop("expand", None)
    account = data.pop("account", None)
    refresh_url = data.pop("refresh_url", None)
    return_url = data.pop("return_url", None)
    link_type = data.pop("type", None)
    data.pop("collect", None)
    data.pop("collection_options", None)
    if data:
        raise _error(400, "Received unknown parameter: " + ", ".join(data))
    _account(account)
    if link_type not in ("account_onboarding", "account_update"):
        raise _error(400, f"Invalid type: {link_type}", param="type")
    for name, url in (("refresh_url", refresh_url), ("return_url", return_url)):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _error(400, f"Not a valid URL: {name}", param=name)
    created = int(time.time())
    token = _random_id(24)
    assert isinstance(account, str) and isinstance(return_url, str)
    assert isinstance(refresh_url, str)
    _STATE.links[token] = _AccountLink(account, return_url, refresh_url, created + 300)
    url = f"{request.url.origin()}/connect/onboard/{account}?link={token}"
    body = {"object": "account_link", "created": created, "expires_at": created + 300, "url": url}
    return ls_server.json_response(body)


async def _onboarding_page(request: web.Request) -> web.StreamResponse:
    """The seller's browser opening an account link: onboarding completes, back to return_url."""
    link = _STATE.links.get(request.query.get("link", ""))
    if link is None or link.account != request.match_info["account"]:
        raise web.HTTPNotFound(text="unknown account link")
    if link.expires_at < time.time():
        raise web.HTTPFound(link.refresh_url)
    set_account(link.account, details_submitted=True, charges_enabled=True, payouts_enabled=True)
    raise web.HTTPFound(link.return_url)


def set_account(account_id: str, **changes: Any) -> dict[str, Any]:
    """Change what Stripe decides about an account and send `account.updated`.

    Keys: `payouts_enabled`, `charges_enabled`, `details_submitted`, `email`, `metadata`,
    `capabilities` ({name: status}), `requirements` (merged). Enabling payouts without
    saying otherwise also clears the requirements and activates requested capabilities.
    """
    obj = _account(account_id, param="id")
    allowed = {"payouts_enabled", "charges_enabled", "details_submitted", "email"}
    allowed |= {"metadata", "capabilities", "requirements"}
    unknown = changes.keys() - allowed
    if unknown:
        raise ValueError(f"set_account can't change {sorted(unknown)}")
    previous: dict[str, Any] = {}
    if changes.get("payouts_enabled") and "requirements" not in changes:
        changes["requirements"] = _requirements(True)
        if "capabilities" not in changes:
            changes["capabilities"] = dict.fromkeys(obj.capabilities, "active")
    elif changes.get("payouts_enabled") is False and "requirements" not in changes:
        changes["requirements"] = _requirements(False)
    for key, value in changes.items():
        current = getattr(obj, key)
        if key in ("capabilities", "requirements", "metadata"):
            value = {**current, **value}
        if current != value:
            previous[key] = current
            setattr(obj, key, value)
    if previous:
        _emit("account.updated", obj, account=obj.id, previous_attributes=previous)
    exported: dict[str, Any] = obj._export()
    return exported


# --- patches to localstripe's own resources -----------------------------------------------

_PI_EXTRA_PARAMS = (
    "transfer_group",
    "description",
    "automatic_payment_methods",
    "receipt_email",
    "statement_descriptor_suffix",
    "setup_future_usage",
)


def _install_resource_patches() -> None:
    pi_cls = ls.PaymentIntent
    orig_pi_create = pi_cls._api_create
    orig_pi_export = pi_cls._export
    orig_create_charge = pi_cls._create_charge
    orig_refund_create = ls.Refund._api_create
    orig_declined = ls.PaymentMethod._charging_is_declined

    def pi_create(cls: Any, **data: Any) -> Any:
        extras = {name: data.pop(name, None) for name in _PI_EXTRA_PARAMS}
        automatic = extras["automatic_payment_methods"]
        if isinstance(automatic, dict):
            enabled = str(automatic.get("enabled")).lower() == "true"
            extras["automatic_payment_methods"] = {"enabled": enabled}
        # confirm after the extras are set, so the charge carries the transfer_group
        confirm = data.pop("confirm", None)
        data.pop("off_session", None)
        obj = orig_pi_create(**data)
        for name, value in extras.items():
            setattr(obj, name, value)
        obj.cancellation_reason = None
        obj.canceled_at = None
        _emit("payment_intent.created", obj)
        if str(confirm).lower() == "true":
            if not obj.payment_method:
                raise _error(
                    400,
                    "You cannot confirm this PaymentIntent because it's missing a payment method.",
                    code="payment_intent_unexpected_state",
                )
            obj._confirm(on_failure_now=obj._report_failure)
        return obj

    def pi_export(self: Any, expand: Any = None) -> Any:
        out = orig_pi_export(self, expand=expand)
        wanted = expand or []
        charge = out.get("latest_charge")
        if isinstance(charge, dict) and not any(
            p == "latest_charge" or p.startswith("latest_charge.") for p in wanted
        ):
            out["latest_charge"] = charge["id"]
        out["amount_received"] = self.amount if out["status"] == "succeeded" else 0
        out["amount_capturable"] = self.amount if out["status"] == "requires_capture" else 0
        out.setdefault("cancellation_reason", None)
        out.setdefault("canceled_at", None)
        out.setdefault("transfer_group", None)
        out.setdefault("description", None)
        return out

    def create_charge(self: Any, on_failure_now: Any) -> None:
        try:
            orig_create_charge(self, on_failure_now)
        finally:
            charge = self.latest_charge
            if charge is not None:
                charge.transfer_group = getattr(self, "transfer_group", None)
                if charge.status == "failed":
                    _emit("charge.failed", charge)
                elif charge.status == "succeeded" and charge.captured:
                    _emit("charge.succeeded", charge)

    def refund_create(cls: Any, **data: Any) -> Any:
        reason = data.pop("reason", None)
        if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
            raise _error(400, f"Invalid reason: {reason}", param="reason")
        charge = _refundable_charge(data)
        amount = ls.try_convert_to_int(data.get("amount"))
        left = charge.amount - charge.amount_refunded
        if left <= 0:
            raise _error(
                400,
                f"Charge {charge.id} has already been refunded.",
                code="charge_already_refunded",
            )
        if isinstance(amount, int) and amount > left:
            raise _error(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                param="amount",
            )
        refund = orig_refund_create(**data)
        refund.reason = reason
        refund.payment_intent = refund.payment_intent or charge.payment_intent
        _emit("refund.created", refund)
        _emit("charge.refunded", charge)
        return refund

    def charging_is_declined(self: Any) -> bool:
        return bool(orig_declined(self) or self._attaching_is_declined())

    pi_cls._api_create = classmethod(pi_create)
    pi_cls._export = pi_export
    pi_cls._create_charge = create_charge
    ls.Refund._api_create = classmethod(refund_create)
    ls.PaymentMethod._charging_is_declined = charging_is_declined


def _refundable_charge(data: dict[str, Any]) -> Any:
    if data.get("payment_intent") is not None:
        intent = ls.store.get(f"payment_intent:{data['payment_intent']}")
        if intent is None:
            raise _error(
                400,
                f"No such payment_intent: '{data['payment_intent']}'",
                code="resource_missing",
                param="payment_intent",
            )
        if intent.latest_charge is None or intent.status != "succeeded":
            raise _error(
                400,
                f"This PaymentIntent ({intent.id}) does not have a successful charge to refund.",
                code="charge_not_refundable"
                if intent.latest_charge is not None
                else "payment_intent_unexpected_state",
            )
        return intent.latest_charge
    charge = ls.store.get(f"charge:{data.get('charge')}")
    if charge is None:
        raise _error(
            400, f"No such charge: '{data.get('charge')}'", code="resource_missing", param="charge"
        )
    return charge


def _attach_payment_method(intent: Any, payment_method: str) -> None:
    ls.PaymentMethod._api_retrieve(payment_method)  # 404 if unknown
    if intent.status not in ("requires_payment_method", "requires_confirmation"):
        raise _error(
            400,
            f"This PaymentIntent's payment_method could not be updated because it has a "
            f"status of {intent.status}.",
            code="payment_intent_unexpected_state",
        )
    if intent.latest_charge is not None and intent.latest_charge.status == "failed":
        intent.latest_charge = None  # a new attempt; localstripe would stay stuck otherwise
    intent.payment_method = payment_method


async def _pi_cancel(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    expand = data.pop("expand", None)
    reason = data.pop("cancellation_reason", None)
    allowed = (None, "duplicate", "fraudulent", "requested_by_customer", "abandoned")
    if reason not in allowed:
        raise _error(400, f"Invalid cancellation_reason: {reason}", param="cancellation_reason")
    intent = ls.PaymentIntent._api_retrieve(match["id"])
    if intent.status in ("succeeded", "canceled", "processing"):
        raise _error(
            400,
            f"You cannot cancel this PaymentIntent because it has a status of {intent.status}.",
            code="payment_intent_unexpected_state",
        )
    intent = ls.PaymentIntent._api_cancel(match["id"], **data)
    intent.cancellation_reason = reason
    intent.canceled_at = int(time.time())
    _emit("payment_intent.canceled", intent)
    return ls_server.json_response(intent._export(expand=expand))


async def _pi_confirm(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    expand = data.pop("expand", None)
    data.pop("return_url", None)
    payment_method = data.pop("payment_method", None)
    if payment_method is not None:
        _attach_payment_method(ls.PaymentIntent._api_retrieve(match["id"]), payment_method)
    intent = ls.PaymentIntent._api_confirm(match["id"], **data)
    return ls_server.json_response(intent._export(expand=expand))


_OVERRIDES: list[tuple[str, re.Pattern[str], Override]] = [
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/cancel$"), _pi_cancel),
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/confirm$"), _pi_confirm),
]


# --- middlewares --------------------------------------------------------------------------


def _cacheable(status: int) -> bool:
    """Stripe stores a result once the endpoint ran: successes and card declines here.

    Validation errors (most 400s here), auth errors and 5xx are not stored, so a retry
    with the same key runs again, as Stripe says is safe for them.
    """
    return 200 <= status < 300 or status == 402


async def _fingerprint(request: web.Request) -> str:
    body = await request.read()
    if request.content_type == "application/x-www-form-urlencoded":
        canonical = repr(sorted(parse_qsl(body.decode(), keep_blank_values=True)))
    else:
        canonical = body.decode(errors="replace")
    return hashlib.sha256(f"{request.method} {canonical}".encode()).hexdigest()


def _take(items: list[Any], request: web.Request, **match: Any) -> Any:
    for item in items:
        if (
            item.method == request.method
            and item.pattern.search(request.path)
            and all(getattr(item, k) == v for k, v in match.items())
        ):
            return item
    return None


def _fault_response(fault: _Fault, request: web.Request) -> web.StreamResponse:
    fault.times -= 1
    if fault.times <= 0:
        _STATE.faults.remove(fault)
    if fault.status is None:  # the connection drops: the client never sees an answer
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=500)  # written to a closed socket: nobody reads it
    body = {"error": {"type": "api_error", "message": "Injected failure (StripeServer)."}}
    return ls_server.json_response(body, status=fault.status)


async def _execute(request: web.Request, handler: Handler) -> web.StreamResponse:
    hold = _take(_STATE.holds, request)
    if hold is not None:
        _STATE.holds.remove(hold)
        hold.entered.set()
        await hold.released.wait()
    try:
        for method, pattern, override in _OVERRIDES:
            found = pattern.match(request.path)
            if method == request.method and found:
                return await override(request, found)
        return await handler(request)
    except UserError as exc:
        return exc.to_response()


def _api_key_of(request: web.Request) -> str | None:
    key: str | None = ls_server.get_api_key(request)
    return key


@web.middleware
async def _harness_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/v1/"):
        return await handler(request)
    key = _api_key_of(request)
    if key is not None and key != API_KEY:
        raise _error(401, f"Invalid API Key provided: {key[:8]}****", type_="invalid_request_error")
    fault = _take(_STATE.faults, request, after=False)
    if fault is not None:
        return _fault_response(fault, request)
    idem = request.headers.get("Idempotency-Key") if request.method == "POST" else None
    if not idem:
        response = await _execute(request, handler)
    else:
        scope = (key or "", request.headers.get("Stripe-Account", ""), idem)
        fingerprint = await _fingerprint(request)
        lock = _STATE.locks.setdefault(scope, asyncio.Lock())
        if _STATE.serialize_idempotent_requests:
            async with lock:
                response = await _idempotent(request, handler, scope, fingerprint)
        else:
            response = await _idempotent(request, handler, scope, fingerprint)
    fault = _take(_STATE.faults, request, after=True)
    if fault is not None:
        return _fault_response(fault, request)
    return response


async def _idempotent(
    request: web.Request, handler: Handler, scope: tuple[str, str, str], fingerprint: str
) -> web.StreamResponse:
    idem = scope[2]
    stored = _STATE.idempotency.get(scope)
    if stored is not None:
        if stored.path != request.path:
            raise _error(
                400,
                f"Keys for idempotent requests can only be used for the same endpoint they "
                f"were first used for ('{stored.path}' vs '{request.path}'). Try using a key "
                f"other than '{idem}' if you meant to execute a different request.",
                type_="idempotency_error",
            )
        if stored.fingerprint != fingerprint:
            raise _error(
                400,
                f"Keys for idempotent requests can only be used with the same parameters "
                f"they were first used with. Try using a key other than '{idem}' if you "
                f"meant to execute a different request.",
                type_="idempotency_error",
            )
        replay = web.Response(
            body=stored.body, status=stored.status, content_type=stored.content_type
        )
        replay.headers["Idempotent-Replayed"] = "true"
        replay.headers["Idempotency-Key"] = idem
        request[_REPLAYED] = True
        return replay
    response = await _execute(request, handler)
    if isinstance(response, web.Response) and _cacheable(response.status):
        body = response.body
        _STATE.idempotency[scope] = _Stored(
            request.path,
            fingerprint,
            response.status,
            body if isinstance(body, bytes) else b"",
            response.content_type,
        )
    response.headers["Idempotency-Key"] = idem
    return response


@web.middleware
async def _recording_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith("/connect/onboard/"):  # a browser page: no API key
        return await _onboarding_page(request)
    if not request.path.startswith("/v1/"):
        return await handler(request)
    if request.method == "POST":
        params = await ls_server.get_post_data(request, remove_auth=False) or {}
    else:
        params = ls_server.unflatten_data(request.query) or {}
    call = StripeCall(
        request.method, request.path, dict(params), request.headers.get("Idempotency-Key")
    )
    _STATE.calls.append(call)
    _STATE.notify()
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        call.status = exc.status
        raise
    except BaseException:
        call.status = 500
        raise
    call.status = response.status
    call.replayed = request.get(_REPLAYED, False)
    response.headers.setdefault("Request-Id", "req_" + _random_id())
    return response


# --- installation -------------------------------------------------------------------------

_installed = False


def _install() -> None:
    """Extend localstripe's module-level app once per process (before it is first started)."""
    global _installed
    if _installed:
        return
    app = ls_server.app
    if app.frozen:
        raise RuntimeError("localstripe's app was started before tests.stripe_server extended it")

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

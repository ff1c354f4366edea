"""Stripe Checkout for the tests and the demo: sessions and the hosted payment page.

The API (`/v1/checkout/sessions`: create, retrieve, expire, list) is added to the test
server's request handling (its overrides run inside its idempotency and recording
middlewares, so keys are replayed as Stripe does). The hosted page is a small server of its
own on loopback (`running_checkout_pages()`), standing in for checkout.stripe.com: it takes
the test card numbers, confirms the session's PaymentIntent and sends the events in
Stripe's order:

- 4242 4242 4242 4242: `payment_intent.created`, `charge.succeeded`,
  `payment_intent.succeeded`, then `checkout.session.completed` (payment_status `paid`),
  and the browser goes to `success_url`;
- 4000 0000 0000 0002: `charge.failed`, `payment_intent.payment_failed`; the session stays
  open and the page says the card was declined;
- 4000 0025 0000 3155: a 3-D Secure challenge page first; passing it pays as above,
  failing it leaves the session open with an authentication error.

As in Stripe's API since 2022-08-01, a session's PaymentIntent is created when the buyer
first confirms, not with the session. A session past its `expires_at` expires when it is
next looked at (and sends `checkout.session.expired`); `expire_session()` does it now.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from localstripe import resources as ls
from localstripe.errors import UserError

from bot.sandbox.stripe_patches import _OVERRIDES, _attach_payment_method
from bot.sandbox.stripe_server import ls_server
from bot.sandbox.stripe_state import DECLINED_CARD, SUCCEEDING_CARD, _emit, _error

AUTHENTICATION_CARD = "4000002500003155"
MIN_LIFETIME = 30 * 60
MAX_LIFETIME = 24 * 3600

__all__ = [
    "AUTHENTICATION_CARD",
    "DECLINED_CARD",
    "SUCCEEDING_CARD",
    "CheckoutSession",
    "expire_session",
    "pay_session",
    "running_checkout_pages",
    "sessions",
]


@dataclass
class _Pages:
    runner: web.AppRunner | None = None
    url: str = ""
    users: int = 0


_PAGES = _Pages()


class CheckoutSession(ls.StripeObject):
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, **data: Any) -> None:
        mode = data.pop("mode", None)
        if mode != "payment":
            raise _error(400, "This test server only supports `mode=payment`.", param="mode")
        items = data.pop("line_items", None)
        if not isinstance(items, list) or not items:
            raise _error(400, "`line_items` is required in `payment` mode.", param="line_items")
        currency, total, names = None, 0, []
        for n, item in enumerate(items):
            price = item.get("price_data") if isinstance(item, dict) else None
            quantity = ls.try_convert_to_int(item.get("quantity", 1)) if price else None
            amount = ls.try_convert_to_int(price.get("unit_amount")) if price else None
            if not isinstance(price, dict) or not isinstance(amount, int) or amount < 0:
                raise _error(400, "Invalid price_data", param=f"line_items[{n}][price_data]")
            if not isinstance(quantity, int) or quantity < 1:
                raise _error(400, "Invalid quantity", param=f"line_items[{n}][quantity]")
            item_currency = str(price.get("currency", "")).lower()
            if currency is not None and item_currency != currency:
                raise _error(400, "All line items must share one currency.", param="line_items")
            currency = item_currency
            total += amount * quantity
            names.append(str((price.get("product_data") or {}).get("name", "")))
        success_url = data.pop("success_url", None)
        cancel_url = data.pop("cancel_url", None)
        for name, url in (("success_url", success_url), ("cancel_url", cancel_url)):
            if url is not None and not str(url).startswith(("http://", "https://")):
                raise _error(400, f"Not a valid URL: {name}", param=name)
        if success_url is None:
            raise _error(400, "Missing required param: success_url.", param="success_url")
        now = int(time.time())
        expires_at = ls.try_convert_to_int(data.pop("expires_at", now + MAX_LIFETIME))
        if not isinstance(expires_at, int) or expires_at < now + MIN_LIFETIME - 5:
            raise _error(
                400,
                "The `expires_at` timestamp must be at least 30 minutes from Checkout "
                "Session creation.",
                param="expires_at",
            )
        if expires_at > now + MAX_LIFETIME:
            raise _error(
                400,
                "The `expires_at` timestamp must be less than 24 hours from Checkout "
                "Session creation.",
                param="expires_at",
            )
        intent_data = data.pop("payment_intent_data", None) or {}
        unknown_intent = set(intent_data) - {"transfer_group", "metadata", "description"}
        if unknown_intent:
            raise _error(
                400, "Received unknown parameter: payment_intent_data[" + min(unknown_intent) + "]"
            )
        metadata = data.pop("metadata", None) or {}
        client_reference_id = data.pop("client_reference_id", None)
        methods = data.pop("payment_method_types", None) or ["card"]
        data.pop("expand", None)
        if data:
            raise _error(400, "Received unknown parameter: " + ", ".join(sorted(data)))
        super().__init__()
        self.mode = mode
        self.status = "open"
        self.payment_status = "unpaid"
        self.amount_subtotal = total
        self.amount_total = total
        self.currency = currency
        self.expires_at = expires_at
        self.success_url = success_url
        self.cancel_url = cancel_url
        self.metadata = dict(metadata)
        self.client_reference_id = client_reference_id
        self.payment_method_types = list(methods)
        self.payment_intent = None
        self.customer = None
        self.url = f"{_PAGES.url or 'http://checkout.invalid'}/c/pay/{self.id}"
        self._intent_data = intent_data
        self._names = names

    def _export(self, expand: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "object": self.object,
            "amount_subtotal": self.amount_subtotal,
            "amount_total": self.amount_total,
            "cancel_url": self.cancel_url,
            "client_reference_id": self.client_reference_id,
            "created": self.created,
            "currency": self.currency,
            "customer": None,
            "expires_at": self.expires_at,
            "livemode": False,
            "metadata": self.metadata,
            "mode": self.mode,
            "payment_intent": self.payment_intent,
            "payment_method_types": self.payment_method_types,
            "payment_status": self.payment_status,
            "status": self.status,
            "success_url": self.success_url,
            "url": self.url if self.status == "open" else None,
        }
        if self.payment_intent and expand and "payment_intent" in expand:
            out["payment_intent"] = ls.PaymentIntent._api_retrieve(self.payment_intent)._export()
        return out


def _lookup(session_id: str) -> CheckoutSession:
    obj = ls.store.get(f"checkout.session:{session_id}")
    if not isinstance(obj, CheckoutSession):
        raise _error(
            404, f"No such checkout.session: '{session_id}'", code="resource_missing", param="id"
        )
    _expire_if_due(obj)
    return obj


def _expire_if_due(session: CheckoutSession) -> None:
    if session.status == "open" and session.expires_at <= time.time():
        _expire(session)


def _expire(session: CheckoutSession) -> None:
    session.status = "expired"
    if session.payment_intent:
        intent = ls.PaymentIntent._api_retrieve(session.payment_intent)
        if intent.status in ("requires_payment_method", "requires_confirmation", "requires_action"):
            ls.PaymentIntent._api_cancel(intent.id)
            intent.cancellation_reason = "abandoned"
            intent.canceled_at = int(time.time())
            _emit("payment_intent.canceled", intent)
    _emit("checkout.session.expired", session)


def _complete(session: CheckoutSession) -> None:
    session.status = "complete"
    session.payment_status = "paid"
    _emit("checkout.session.completed", session)


# --- API --------------------------------------------------------------------------------------


async def _create(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    session = CheckoutSession(**data)
    return ls_server.json_response(session._export())


async def _retrieve(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    query = ls_server.unflatten_data(request.query) or {}
    return ls_server.json_response(_lookup(match["id"])._export(expand=query.get("expand")))


async def _expire_api(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    session = _lookup(match["id"])
    if session.status != "open":
        raise _error(
            400,
            f'Only Checkout Sessions with a status in ["open"] can be expired. This '
            f'Checkout Session has a status of "{session.status}".',
        )
    _expire(session)
    return ls_server.json_response(session._export())


async def _list(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    query = ls_server.unflatten_data(request.query) or {}
    limit = ls.try_convert_to_int(query.pop("limit", 10))
    intent = query.pop("payment_intent", None)
    status = query.pop("status", None)
    query.pop("expand", None)
    if query:
        raise _error(400, "Received unknown parameter: " + ", ".join(sorted(query)))
    found = [s for s in sessions() if (intent is None or s.payment_intent == intent)]
    found = [s for s in found if status is None or s.status == status]
    found.sort(key=lambda s: s.created, reverse=True)
    page = found[: limit if isinstance(limit, int) and limit > 0 else 10]
    body = {
        "object": "list",
        "data": [s._export() for s in page],
        "has_more": len(found) > len(page),
        "url": "/v1/checkout/sessions",
    }
    return ls_server.json_response(body)


def sessions() -> list[CheckoutSession]:
    out = [v for k, v in ls.store.items() if k.startswith("checkout.session:")]
    for session in out:
        _expire_if_due(session)
    return out


_ROUTES = [
    ("POST", re.compile(r"^/v1/checkout/sessions$"), _create),
    ("GET", re.compile(r"^/v1/checkout/sessions$"), _list),
    ("GET", re.compile(r"^/v1/checkout/sessions/(?P<id>cs_\w+)$"), _retrieve),
    ("POST", re.compile(r"^/v1/checkout/sessions/(?P<id>cs_\w+)/expire$"), _expire_api),
]
for _route in _ROUTES:
    if _route not in _OVERRIDES:
        _OVERRIDES.append(_route)


# --- what the buyer does on the hosted page -----------------------------------------------------


@dataclass
class Attempt:
    outcome: str  # "paid", "declined", "authenticate", "closed"
    message: str = ""


def _intent_for(session: CheckoutSession) -> Any:
    if session.payment_intent:
        return ls.PaymentIntent._api_retrieve(session.payment_intent)
    extra = session._intent_data
    intent = ls.PaymentIntent._api_create(
        amount=session.amount_total,
        currency=session.currency,
        metadata=dict(extra.get("metadata") or {}),
        transfer_group=extra.get("transfer_group"),
        description=extra.get("description"),
    )
    session.payment_intent = intent.id
    return intent


def pay_session(session_id: str, card: str = SUCCEEDING_CARD) -> Attempt:
    """The buyer submits the hosted form with `card` (what the page's POST does)."""
    session = _lookup(session_id)
    if session.status != "open":
        return Attempt("closed", f"This Checkout Session is {session.status}.")
    intent = _intent_for(session)
    if intent.status == "requires_action":  # a challenge left unanswered: start over
        ls.PaymentIntent._api_authenticate(
            intent.id, client_secret=intent.client_secret, success=False
        )
    card_data = {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"}
    method = ls.PaymentMethod._api_create(type="card", card=card_data)
    _attach_payment_method(intent, method.id)
    try:
        intent = ls.PaymentIntent._api_confirm(intent.id)
    except UserError as exc:
        if exc.code != 402:
            raise
        return Attempt("declined", "Your card was declined. Try another card.")
    if intent.status == "requires_action":
        return Attempt("authenticate")
    return _after_confirm(session, intent)


def authenticate(session_id: str, *, success: bool) -> Attempt:
    """The buyer passes (or fails) the 3-D Secure challenge."""
    session = _lookup(session_id)
    if session.status != "open" or not session.payment_intent:
        return Attempt("closed", f"This Checkout Session is {session.status}.")
    intent = ls.PaymentIntent._api_retrieve(session.payment_intent)
    if intent.status != "requires_action":
        return Attempt("declined", "There is nothing to authenticate.")
    try:
        intent = ls.PaymentIntent._api_authenticate(
            intent.id, client_secret=intent.client_secret, success=success
        )
    except UserError as exc:
        if exc.code != 402:
            raise
    if not success:
        _emit("payment_intent.payment_failed", intent)
        return Attempt(
            "declined",
            "We are unable to authenticate your payment method. Please choose a different "
            "payment method and try again.",
        )
    return _after_confirm(session, intent)


def _after_confirm(session: CheckoutSession, intent: Any) -> Attempt:
    if intent.status == "succeeded":
        _complete(session)
        return Attempt("paid")
    return Attempt("declined", "Your card was declined. Try another card.")


def expire_session(session_id: str) -> None:
    """Stripe's clock reached `expires_at` (or the session was abandoned): expire it now."""
    session = _lookup(session_id)
    if session.status == "open":
        _expire(session)


def success_redirect(session: CheckoutSession) -> str:
    return str(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id)


# --- the hosted page ------------------------------------------------------------------------------

_STYLE = """
body{font:16px/1.5 -apple-system,system-ui,sans-serif;background:#f6f9fc;margin:0;color:#30313d}
.wrap{display:flex;flex-wrap:wrap;gap:3rem;max-width:56rem;margin:0 auto;padding:3rem 1.5rem}
.order,.pay{flex:1 1 20rem}.merchant{color:#6d6e78;font-weight:600}
.total{font-size:2.25rem;font-weight:700;margin:.25rem 0 1rem}
label{display:block;font-size:.85rem;color:#6d6e78;margin:.9rem 0 .3rem}
input{width:100%;box-sizing:border-box;padding:.7rem;border:1px solid #e0e0e6;border-radius:.4rem;
font-size:1rem;background:#fff}.row{display:flex;gap:.75rem}.row>div{flex:1}
button{width:100%;margin-top:1.5rem;padding:.85rem;border:0;border-radius:.4rem;background:#0074d4;
color:#fff;font-size:1rem;font-weight:600;cursor:pointer}.secondary{background:#6d6e78}
.error{color:#df1b41;margin-top:1rem}.test{display:inline-block;background:#ffde92;color:#663c00;
font-size:.75rem;font-weight:700;padding:.1rem .4rem;border-radius:.25rem}
a{color:#0074d4}
"""


def _money(cents: int, currency: str) -> str:
    return f"{currency.upper()} {cents // 100:,}.{cents % 100:02d}"


def _shell(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _form_page(session: CheckoutSession, error: str = "") -> str:
    amount = html.escape(_money(session.amount_total, session.currency or "usd"))
    back = (
        f"<a href='{html.escape(session.cancel_url)}'>&larr; Back</a>" if session.cancel_url else ""
    )
    items = "".join(f"<div>{html.escape(n)}</div>" for n in session._names)
    shown_error = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    return _shell(
        "Checkout",
        f"""<div class='wrap'><section class='order'>{back}
<p class='merchant'>Bloxtr8 <span class='test'>TEST MODE</span></p>
<p class='total' id='total'>{amount}</p>{items}</section>
<section class='pay'><form method='post' action='/c/pay/{session.id}'>
<label for='email'>Email</label>
<input id='email' name='email' type='email' value='buyer@example.com'>
<label for='cardnumber'>Card information</label>
<input id='cardnumber' name='cardnumber' inputmode='numeric' autocomplete='cc-number'
 placeholder='1234 1234 1234 1234'>
<div class='row'><div><input id='exp' name='exp' placeholder='MM / YY'></div>
<div><input id='cvc' name='cvc' placeholder='CVC'></div></div>
<label for='name'>Cardholder name</label><input id='name' name='name'>
{shown_error}<button type='submit' id='submit'>Pay {amount}</button></form></section></div>""",
    )


def _challenge_page(session: CheckoutSession) -> str:
    return _shell(
        "3D Secure",
        f"""<div class='wrap'><section class='pay'><p class='merchant'>3D Secure 2 Test Page</p>
<p>Complete or fail the authentication of this test payment.</p>
<form method='post' action='/c/pay/{session.id}/3ds'>
<button type='submit' name='outcome' value='complete' id='complete'>
Complete authentication</button>
<button type='submit' name='outcome' value='fail' id='fail' class='secondary'>
Fail authentication</button>
</form></section></div>""",
    )


def _closed_page(session: CheckoutSession) -> str:
    return _shell(
        "Checkout",
        f"""<div class='wrap'><section class='pay'><p class='merchant'>Bloxtr8</p>
<h1 id='closed'>This Checkout Session is no longer active</h1>
<p>Status: {html.escape(session.status)}.</p></section></div>""",
    )


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, content_type="text/html", status=status)


async def _page(request: web.Request) -> web.StreamResponse:
    try:
        session = _lookup(request.match_info["id"])
    except UserError:
        return _html(_shell("Checkout", "<h1>Not found</h1>"), 404)
    if session.status == "complete":
        raise web.HTTPSeeOther(success_redirect(session))
    if session.status != "open":
        return _html(_closed_page(session))
    return _html(_form_page(session))


async def _submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    card = re.sub(r"\D", "", str(form.get("cardnumber", "")))
    return _answer(request.match_info["id"], lambda sid: pay_session(sid, card))


async def _challenge(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    success = form.get("outcome") == "complete"
    return _answer(request.match_info["id"], lambda sid: authenticate(sid, success=success))


def _answer(session_id: str, act: Any) -> web.StreamResponse:
    try:
        session = _lookup(session_id)
    except UserError:
        return _html(_shell("Checkout", "<h1>Not found</h1>"), 404)
    attempt: Attempt = act(session_id)
    if attempt.outcome == "paid":
        raise web.HTTPSeeOther(success_redirect(session))
    if attempt.outcome == "authenticate":
        return _html(_challenge_page(session))
    if attempt.outcome == "closed":
        return _html(_closed_page(session))
    return _html(_form_page(session, attempt.message), 402)


def _pages_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/c/pay/{id}", _page)
    app.router.add_post("/c/pay/{id}", _submit)
    app.router.add_post("/c/pay/{id}/3ds", _challenge)
    return app


@asynccontextmanager
async def running_checkout_pages() -> AsyncIterator[str]:
    """Serve the hosted page on loopback while in use; yields its base URL."""
    if _PAGES.runner is None:
        runner = web.AppRunner(_pages_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        _PAGES.runner, _PAGES.url = runner, f"http://{host}:{port}"
    _PAGES.users += 1
    try:
        yield _PAGES.url
    finally:
        _PAGES.users -= 1
        if _PAGES.users == 0 and _PAGES.runner is not None:
            runner, _PAGES.runner, _PAGES.url = _PAGES.runner, None, ""
            await runner.cleanup()

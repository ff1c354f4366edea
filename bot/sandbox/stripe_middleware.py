"""The Stripe stand-in's middlewares: recording every call, faults and holds, idempotency."""

from __future__ import annotations

import asyncio
import hashlib
import warnings
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from localstripe.errors import UserError

with warnings.catch_warnings():  # localstripe's sync handlers: "Bare functions are deprecated"
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

from bot.sandbox.stripe_connect import _onboarding_page
from bot.sandbox.stripe_patches import _OVERRIDES
from bot.sandbox.stripe_state import (
    _REPLAYED,
    _STATE,
    API_KEY,
    Handler,
    StripeCall,
    _error,
    _Fault,
    _random_id,
    _Stored,
)


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
            _STATE.queued[idem] += 1  # observable: a test waits for this, not for time
            _STATE.notify()
            try:
                await lock.acquire()
            finally:
                _STATE.queued[idem] -= 1
            try:
                response = await _idempotent(request, handler, scope, fingerprint)
            finally:
                lock.release()
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

"""The bot's web server: Stripe webhooks, the buyer's Pay link (to Stripe Checkout), the
pages around it, the seller's payout onboarding return, and a health check."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import stripe
from aiohttp import web

from bot.rails import stripe_events
from bot.web import pages
from bot.web.checkout import CheckoutPages

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot
    from bot.rails.stripe_rail import StripeRail

log = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300
MAX_WEBHOOK_BYTES = 512 * 1024


@web.middleware
async def _page_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every answer gets the security headers; an unknown address gets the 404 page."""
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = pages.not_found().response(404)
    except web.HTTPException as exc:
        response = web.Response(status=exc.status, text=exc.text, headers=exc.headers)
    except Exception:  # a bug: logged with its traceback, the visitor sees a plain page
        log.exception("Unexpected error serving %s %s", request.method, request.path)
        response = pages.unavailable(
            "Something went wrong on our side. Nothing was charged; try again in a minute."
        ).response(500)
    response.headers.update(pages.SECURITY_HEADERS)
    return response


class WebServer:
    def __init__(self, bot: Bloxtr8Bot, rail: StripeRail | None) -> None:
        self.bot = bot
        self.rail = rail
        self.app = web.Application(client_max_size=MAX_WEBHOOK_BYTES, middlewares=[_page_headers])
        self.app.router.add_get("/healthz", self.healthz)
        self.app.router.add_post("/webhooks/stripe", self.stripe_webhook)
        self.checkout = CheckoutPages(bot.settings, rail, roblox=bot.roblox, dispatch=bot.dispatch)
        self.checkout.add_routes(self.app.router)
        self.app.router.add_static("/static/", pages.STATIC_DIR, append_version=False)
        self.runner: web.AppRunner | None = None
        self.port: int | None = None
        # What jobs found wrong but not fatal (name → why); shown by /healthz.
        self.degraded: dict[str, str] = {}

    async def start(self, host: str, port: int) -> None:
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        await site.start()
        addresses = self.runner.addresses
        self.port = addresses[0][1] if addresses else port
        log.info("Web server listening on %s:%s", host, self.port)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def healthz(self, request: web.Request) -> web.Response:
        from tortoise import connections

        try:
            await connections.get("default").execute_query("SELECT 1")
        except Exception:  # the database is what matters here
            log.exception("Health check: database unreachable")
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        body: dict[str, Any] = {"ok": True, "discord": self.bot.is_ready()}
        if self.degraded:  # working, but something needs an operator (e.g. gas running out)
            body["status"] = "degraded"
            body["degraded"] = dict(self.degraded)
        return web.json_response(body)

    async def stripe_webhook(self, request: web.Request) -> web.Response:
        secret = self.bot.settings.stripe_webhook_secret
        if self.rail is None or secret is None:
            return web.Response(status=503, text="Stripe is not configured")
        payload = await request.read()
        signature = request.headers.get("Stripe-Signature")
        try:
            text = payload.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                text, signature or "", secret.get_secret_value(), WEBHOOK_TOLERANCE_SECONDS
            )
            event = json.loads(text)
        except (ValueError, UnicodeDecodeError, stripe.SignatureVerificationError):
            log.warning("Refused a Stripe webhook with a bad signature or body")
            return web.Response(status=400, text="bad signature")
        if not isinstance(event, dict) or "id" not in event or "type" not in event:
            return web.Response(status=400, text="not an event")
        notices = await stripe_events.handle(event, self.rail, text)
        for notice in notices:
            self.bot.dispatch("escrow_notice", notice)
        return web.json_response({"received": True})

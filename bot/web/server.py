"""The bot's web server: Stripe webhooks, the buyer's Pay link (to Stripe Checkout), the
pages around it, the seller's payout onboarding return, and what operators watch:
`/healthz` (the process is alive), `/readyz` (it can do its work: database reachable,
migrations current, the documents' bucket reachable if there is one, Discord connected
unless it serves the web only) and `/metrics`
(Prometheus)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
import stripe
from aiohttp import web

from bot import metrics
from bot.rails import stripe_events
from bot.web import pages
from bot.web.checkout import CheckoutPages
from models import storage

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
        self.app.router.add_get("/readyz", self.readyz)
        self.app.router.add_get("/metrics", self.metrics)
        self.app.router.add_post("/webhooks/stripe", self.stripe_webhook)
        self.checkout = CheckoutPages(
            bot.settings, rail, roblox=bot.roblox, dispatch=bot.dispatch, cog_of=bot.get_cog
        )
        self.checkout.add_routes(self.app.router)
        self.app.router.add_static("/static/", pages.STATIC_DIR, append_version=False)
        self.runner: web.AppRunner | None = None
        self.port: int | None = None
        # What jobs found wrong but not fatal (name → why); shown by /healthz.
        self.degraded: dict[str, str] = {}
        # Whether /readyz waits for the Discord gateway; a web-only process sets it False.
        self.needs_gateway = True

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
        """Alive: the process answers. Nothing outside it is asked (a database outage must
        not make an orchestrator restart every process); `/readyz` asks."""
        body: dict[str, Any] = {"ok": True, "discord": gateway_state(self.bot) == "ok"}
        if self.degraded:  # working, but something needs an operator (e.g. gas running out)
            body["status"] = "degraded"
            body["degraded"] = dict(self.degraded)
        return web.json_response(body)

    async def readyz(self, request: web.Request) -> web.Response:
        """Ready for traffic: 200 when every check passes, else 503 naming what is not."""
        checks = await readiness(needs_gateway=self.needs_gateway, gateway=gateway_state(self.bot))
        ready = all(check == "ok" for check in checks.values())
        return web.json_response({"ready": ready, **checks}, status=200 if ready else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        body, content_type = await metrics.render()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response

    async def stripe_webhook(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        response = await self._stripe_webhook(request)
        outcome = {200: "processed", 400: "refused", 503: "unconfigured"}.get(
            response.status, str(response.status)
        )
        metrics.webhook_received("stripe", outcome, time.perf_counter() - started)
        return response

    async def _stripe_webhook(self, request: web.Request) -> web.Response:
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
        # The escrow cog writes each notice's DMs and alerts in the event's transaction.
        writer = getattr(self.bot.get_cog("Escrow"), "tell_notice", None)
        notices = await stripe_events.handle(event, self.rail, text, then=writer)
        for notice in notices:
            self.bot.dispatch("escrow_notice", notice)
        return web.json_response({"received": True})


def gateway_state(bot: discord.Client) -> str:
    """ "ok" when the gateway is ready and every shard this process runs is connected, else
    what is not ("shards 1, 3 not connected"): an AutoShardedClient stays `is_ready()`
    after its first READY, while one shard of several may be down."""
    if not bot.is_ready():
        return "not connected"
    if isinstance(bot, discord.AutoShardedClient):
        down = sorted(shard.id for shard in bot.shards.values() if shard.is_closed())
        if down:
            which = ", ".join(map(str, down))
            return f"shard{'s' if len(down) > 1 else ''} {which} not connected"
    return "ok"


async def readiness(*, needs_gateway: bool, gateway: bool | str) -> dict[str, str]:
    """Each check's state ("ok" or why not): database, migrations, the documents' bucket
    (when one is configured) and the gateway (`gateway_state`, or whether it is ready)."""
    from tortoise import connections

    from bot.db import APP
    from bot.migrate import migration_files

    checks: dict[str, str] = {}
    try:
        conn = connections.get("default")
        found = await conn.execute_query_dict("SELECT to_regclass('aerich') IS NOT NULL AS t")
        rows = (
            await conn.execute_query_dict("SELECT version FROM aerich WHERE app = $1", [APP])
            if found[0]["t"]
            else []
        )
    except Exception as exc:
        log.warning("Readiness: database unreachable: %s", type(exc).__name__)
        checks["database"] = "unreachable"
        checks["migrations"] = "unknown"
    else:
        checks["database"] = "ok"
        applied = {str(row["version"]) for row in rows}
        missing = [name for name in migration_files() if name not in applied]
        checks["migrations"] = f"{len(missing)} not applied" if missing else "ok"
    bucket = storage.bucket()
    if bucket is not None:  # documents in a bucket: it must answer
        checks["documents"] = "ok" if await bucket.reachable() else "bucket unreachable"
    if needs_gateway:
        if isinstance(gateway, bool):
            gateway = "ok" if gateway else "not connected"
        checks["gateway"] = gateway
    else:
        checks["gateway"] = "ok"  # a web-only process has none to wait for
    return checks

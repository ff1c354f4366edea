"""The bot's web server: Stripe webhooks, the buyer's payment page, and a health check."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
from typing import TYPE_CHECKING

import stripe
from aiohttp import web

from bot.rails import stripe_events
from models.enums import EscrowStatus
from models.escrow import Escrow, StripeEscrow

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot
    from bot.rails.stripe_rail import StripeRail

log = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300
MAX_WEBHOOK_BYTES = 512 * 1024


def payment_token(secret: str, escrow_id: int, buyer_discord_id: int) -> str:
    """The unguessable part of a buyer's payment link (an HMAC, nothing stored)."""
    message = f"pay:{escrow_id}:{buyer_discord_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


class WebServer:
    def __init__(self, bot: Bloxtr8Bot, rail: StripeRail | None) -> None:
        self.bot = bot
        self.rail = rail
        self.app = web.Application(client_max_size=MAX_WEBHOOK_BYTES)
        self.app.router.add_get("/healthz", self.healthz)
        self.app.router.add_post("/webhooks/stripe", self.stripe_webhook)
        self.app.router.add_get("/pay/{escrow_id:[0-9]+}", self.payment_page)
        self.runner: web.AppRunner | None = None
        self.port: int | None = None

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
        return web.json_response({"ok": True, "discord": self.bot.is_ready()})

    async def stripe_webhook(self, request: web.Request) -> web.Response:
        secret = self.bot.settings.stripe_webhook_secret
        if self.rail is None or secret is None:
            return web.Response(status=503, text="Stripe is not configured")
        payload = await request.read()
        signature = request.headers.get("Stripe-Signature")
        try:
            stripe.WebhookSignature.verify_header(
                payload.decode("utf-8"),
                signature or "",
                secret.get_secret_value(),
                WEBHOOK_TOLERANCE_SECONDS,
            )
            event = json.loads(payload)
        except (ValueError, UnicodeDecodeError, stripe.SignatureVerificationError):
            log.warning("Refused a Stripe webhook with a bad signature or body")
            return web.Response(status=400, text="bad signature")
        if not isinstance(event, dict) or "id" not in event or "type" not in event:
            return web.Response(status=400, text="not an event")
        notices = await stripe_events.handle(event, self.rail)
        for notice in notices:
            self.bot.dispatch("escrow_notice", notice)
        return web.json_response({"received": True})

    async def payment_page(self, request: web.Request) -> web.Response:
        """The buyer's card form (Stripe.js): only a verified webhook funds the escrow."""
        escrow_id = int(request.match_info["escrow_id"])
        token = request.query.get("t", "")
        escrow = await Escrow.get_or_none(id=escrow_id).prefetch_related("buyer")
        if escrow is None or self.rail is None:
            return _page("Payment link not found", "<p>This payment link isn't valid.</p>", 404)
        secret = self.bot.settings.stripe_secret_key
        assert secret is not None
        expected = payment_token(secret.get_secret_value(), escrow.id, escrow.buyer.discord_id)
        if not hmac.compare_digest(token, expected):
            return _page("Payment link not found", "<p>This payment link isn't valid.</p>", 404)
        if escrow.status is not EscrowStatus.AWAIT_FUNDS:
            return _page("Nothing to pay", "<p>This escrow doesn't need a payment any more.</p>")
        row = await StripeEscrow.get_or_none(escrow_id=escrow.id)
        if row is None or row.payment_intent_id is None:
            return _page("Not ready", "<p>Run <code>/escrow pay</code> in Discord first.</p>")
        intent = await self.rail.payment_intent(row.payment_intent_id)
        js = (
            f"{self.rail.api_base}/js.stripe.com/v3/"
            if self.rail.api_base
            else "https://js.stripe.com/v3/"
        )
        body = _PAYMENT_FORM.format(
            amount=html.escape(f"${escrow.amount // 100:,}.{escrow.amount % 100:02d}"),
            escrow_id=escrow.id,
            js=html.escape(js),
            key=html.escape(json.dumps(self.rail.publishable_key or "")),
            secret=html.escape(json.dumps(intent["client_secret"])),
        )
        return _page(f"Pay escrow #{escrow.id}", body)


def _page(title: str, body: str, status: int = 200) -> web.Response:
    text = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{html.escape(title)} · Bloxtr8</title></head>"
        "<body style='font-family:system-ui;max-width:32rem;margin:3rem auto'>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return web.Response(text=text, content_type="text/html", status=status)


_PAYMENT_FORM = """
<p>You are paying <strong>{amount}</strong> into Bloxtr8 escrow #{escrow_id}. The seller
is paid only after you confirm delivery (or a moderator decides a dispute).</p>
<form id="pay"><div id="card"></div><button type="submit">Pay {amount}</button></form>
<p id="result" role="status"></p>
<script src="{js}"></script>
<script>
const stripe = Stripe({key});
const card = stripe.elements().create("card");
card.mount("#card");
document.getElementById("pay").addEventListener("submit", async (e) => {{
  e.preventDefault();
  const out = document.getElementById("result");
  const r = await stripe.confirmCardPayment({secret}, {{payment_method: {{card}}}});
  out.textContent = r.error ? r.error.message
    : "Payment received. Bloxtr8 will confirm in Discord in a moment.";
}});
</script>
"""

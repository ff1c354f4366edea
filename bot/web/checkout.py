"""The buyer's Pay link and the pages around Stripe Checkout; the seller's payout return.

`/pay/<escrow>?t=<token>` is stable: every click finds the escrow's open Checkout Session
(or records a new attempt, asks Stripe for it and records its ids) and answers 303 to
Stripe's page. Stripe sends the buyer back to `/pay/<escrow>/done` or `/cancelled`. Only a
verified webhook funds the escrow; these pages never change money state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.ui.notify import sent_after
from bot.web import pages
from bot.web.links import LinkKeys, parse_id, pay_purpose, payout_purpose, payout_urls
from models import checkout, ownership
from models.checkout import CheckoutRefused, CheckoutStatus
from models.enums import EscrowStatus
from models.escrow import Escrow
from models.provider import ProviderRefused, ProviderUnavailable
from models.user import User

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.rails.stripe_rail import StripeRail
    from models.roblox_api import RobloxApi

log = logging.getLogger(__name__)

_HELD = (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED, EscrowStatus.DISPUTED)


class CheckoutPages:
    def __init__(
        self,
        settings: Settings,
        rail: StripeRail | None,
        *,
        roblox: RobloxApi | None = None,
        dispatch: Callable[..., Any] | None = None,
        cog_of: Callable[[str], Any] | None = None,
    ) -> None:
        self.settings = settings
        self.rail = rail
        self.roblox = roblox  # the seller's ownership is re-checked before paying
        self.dispatch = dispatch  # tells the parties (the escrow cog listens)
        self.cog_of = cog_of  # the bot's cogs by name, where a cog writes what is said

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/pay/{escrow_id}", self.pay)
        router.add_get("/pay/{escrow_id}/done", self.done)
        router.add_get("/pay/{escrow_id}/cancelled", self.cancelled)
        router.add_get("/payouts/return", self.payouts_return)
        router.add_get("/payouts/refresh", self.payouts_refresh)

    def _keys(self) -> LinkKeys | None:
        try:
            return LinkKeys.from_settings(self.settings)
        except RuntimeError:  # no key configured: no link can be valid
            return None

    @property
    def base(self) -> str:
        return self.settings.public_url.rstrip("/")

    async def _escrow_for(self, request: web.Request) -> Escrow | web.StreamResponse:
        """The escrow the link names, or the page to show instead (never an exception)."""
        found = await self._linked_escrow(request)
        if isinstance(found, Escrow):
            return found
        return found.response(410 if found.kind == "link_expired" else 404)

    async def _linked_escrow(self, request: web.Request) -> Escrow | pages.Page:
        escrow_id = parse_id(request.match_info["escrow_id"])
        keys = self._keys()
        if escrow_id is None or keys is None:
            return pages.not_found()
        escrow = await Escrow.get_or_none(id=escrow_id).prefetch_related("buyer")
        if escrow is None:
            return pages.not_found()
        token = request.query.get("t", "")
        verdict = keys.check(pay_purpose(escrow.id, escrow.buyer.discord_id), token)
        if verdict == "bad":
            log.info("Escrow %s: a payment link with a bad token was opened", escrow.id)
            return pages.not_found()
        if verdict == "expired":
            return pages.link_expired()
        return escrow

    async def pay(self, request: web.Request) -> web.StreamResponse:
        escrow = await self._escrow_for(request)
        if not isinstance(escrow, Escrow):
            return escrow
        if self.rail is None:
            return pages.unavailable("Card payments aren't set up on this Bloxtr8.").response(503)
        if escrow.status is EscrowStatus.AWAIT_FUNDS and self.roblox is not None:
            withheld = await self._ownership_withheld(escrow)
            if withheld is not None:
                return withheld
        token = request.query["t"]
        try:
            url = await self._session_url(escrow, token)
        except CheckoutRefused as exc:
            shown, status = pages.refused(exc.reason, await pages.summary_of(escrow), exc.message)
            return shown.response(status)
        except ProviderUnavailable:
            log.warning("Escrow %s: Stripe unavailable while opening Checkout", escrow.id)
            return pages.unavailable(
                "Stripe isn't answering right now. Nothing was charged; try the link again "
                "in a minute."
            ).response(503)
        except ProviderRefused as exc:
            log.error("Escrow %s: Stripe refused a Checkout Session: %s", escrow.id, exc)
            return pages.unavailable(
                "Stripe refused to open a payment page for this escrow. Nothing was charged; "
                "Bloxtr8 staff can look into it."
            ).response(502)
        return _see_other(url)

    async def _ownership_withheld(self, escrow: Escrow) -> web.Response | None:
        """A plain page instead of Stripe's when the seller no longer owns the asset."""
        assert self.roblox is not None
        # The escrow cog writes the parties' DMs with the record of the loss, when it is here.
        cog = self.cog_of("Escrow") if self.cog_of is not None else None
        then = getattr(cog, "tell_ownership_lost", None)
        if cog is not None and then is not None:
            async with sent_after(cog.bot):
                check = await ownership.before_payment(escrow, self.roblox, then=then)
        else:
            check = await ownership.before_payment(escrow, self.roblox)
        if not check.withheld:
            return None
        if check.fresh_loss and then is None and self.dispatch is not None:
            self.dispatch("escrow_ownership_lost", escrow.id)
        return pages.Page(
            kind="ownership_withheld",
            title="Payment on hold",
            heading="Don't pay yet: the seller no longer owns this asset",
            message=(
                f"Roblox no longer shows the seller of escrow #{escrow.id} as the owner of "
                "what they listed, so Bloxtr8 has withheld the payment link. Nothing was "
                "charged. Both of you have been told in Discord; the seller must own the "
                "asset again before you can pay."
            ),
            badge="On hold",
            tone="warn",
            summary=await pages.summary_of(escrow),
        ).response(409)

    async def _session_url(self, escrow: Escrow, token: str) -> str:
        """The open session's address, after replacing one Stripe closed."""
        assert self.rail is not None
        for _ in range(4):
            plan = await checkout.plan(escrow.id, buyer_id=escrow.buyer_id)
            if plan.stale_session_id is not None:  # never two payable sessions at once
                await self.rail.expire_checkout_session(plan.stale_session_id)
                current = await self.rail.checkout_session(plan.stale_session_id)
                await checkout.mark(plan.stale_session_id, _status_of(current))
                continue
            if plan.session_id is not None and plan.url is not None:
                current = await self.rail.checkout_session(plan.session_id)
                if current["status"] == "open":
                    return plan.url
                await checkout.mark(plan.session_id, _status_of(current))
                continue  # replaced, or "processing" once complete
            summary = await pages.summary_of(escrow)
            base = f"{self.base}/pay/{escrow.id}"
            try:
                session = await self.rail.create_checkout_session(
                    plan,
                    product=f"Bloxtr8 escrow #{escrow.id}: {summary.asset}",
                    success_url=f"{base}/done?t={token}&session_id={{CHECKOUT_SESSION_ID}}",
                    cancel_url=f"{base}/cancelled?t={token}",
                )
            except ProviderRefused:
                await checkout.abandon(plan.row_id)
                raise
            await checkout.opened(
                plan.row_id,
                session_id=session["id"],
                url=session["url"],
                payment_intent_id=session["payment_intent"],
            )
            log.info(
                "Escrow %s: Checkout Session %s (attempt %s) opened",
                escrow.id,
                session["id"],
                plan.attempt,
            )
            return str(session["url"])
        raise ProviderUnavailable("Checkout Sessions kept closing")

    async def done(self, request: web.Request) -> web.StreamResponse:
        escrow = await self._escrow_for(request)
        if not isinstance(escrow, Escrow):
            return escrow
        summary = await pages.summary_of(escrow)
        if escrow.status in _HELD or escrow.status is EscrowStatus.RELEASED:
            return pages.Page(
                kind="success",
                title="Payment held",
                heading="Payment received and held",
                message=(
                    f"Bloxtr8 holds your {summary.amount} for escrow #{escrow.id}. The seller "
                    "has been told to hand the asset over."
                ),
                badge="Paid",
                tone="ok",
                summary=summary,
                steps=pages.NEXT_AFTER_PAYING[1:],
            ).response()
        if escrow.status is EscrowStatus.AWAIT_FUNDS:
            return pages.Page(
                kind="success_pending",
                title="Payment received",
                heading="Thanks, your payment is on its way",
                message=(
                    "Stripe has your payment. Bloxtr8 marks the escrow paid as soon as Stripe "
                    "confirms it, usually within seconds; this page updates by itself."
                ),
                badge="Confirming",
                tone="wait",
                summary=summary,
                steps=pages.NEXT_AFTER_PAYING,
                refresh=5,
            ).response()
        shown, status = pages.refused(
            "cancelled" if escrow.status is EscrowStatus.CANCELLED else "paid",
            summary,
            f"Escrow #{escrow.id} is no longer waiting for a payment.",
        )
        return shown.response(status)

    async def cancelled(self, request: web.Request) -> web.StreamResponse:
        escrow = await self._escrow_for(request)
        if not isinstance(escrow, Escrow):
            return escrow
        summary = await pages.summary_of(escrow)
        again = f"/pay/{escrow.id}?t={request.query['t']}"
        return pages.Page(
            kind="payment_cancelled",
            title="Payment not made",
            heading="You haven't paid yet",
            message=(
                "You left the payment page, so nothing was charged. The escrow keeps waiting "
                "until its deadline; you can pay whenever you're ready."
            ),
            badge="Not paid",
            tone="wait",
            summary=summary if escrow.status is EscrowStatus.AWAIT_FUNDS else None,
            actions=[pages.Action("Pay now", again, primary=True)]
            if escrow.status is EscrowStatus.AWAIT_FUNDS
            else [],
        ).response()

    # --- Connect onboarding ------------------------------------------------------------------

    async def _payout_user(self, request: web.Request) -> User | None:
        user_id = parse_id(request.query.get("u", ""))
        keys = self._keys()
        if user_id is None or keys is None:
            return None
        if keys.check(payout_purpose(user_id), request.query.get("t", "")) != "ok":
            return None
        return await User.get_or_none(id=user_id)

    async def payouts_return(self, request: web.Request) -> web.StreamResponse:
        user = await self._payout_user(request)
        if user is None or self.rail is None:
            return pages.not_found().response(404)
        try:
            enabled = await user.refresh_payouts(self.rail)
        except ProviderUnavailable:
            enabled = user.stripe_payouts_enabled
        if enabled:
            return pages.Page(
                kind="payouts_ready",
                title="Payouts ready",
                heading="You can be paid",
                message="Stripe has what it needs: released escrows are paid to your account.",
                badge="Ready",
                tone="ok",
            ).response()
        return pages.Page(
            kind="payouts_pending",
            title="Payouts not ready yet",
            heading="Almost there",
            message=(
                "Stripe still needs some details, or is checking them. Bloxtr8 updates your "
                "payout status by itself; run /payouts status in Discord to see it, or "
                "/payouts setup to continue."
            ),
            badge="Pending",
            tone="wait",
        ).response()

    async def payouts_refresh(self, request: web.Request) -> web.StreamResponse:
        """Stripe's onboarding link expired: make a fresh one and send the seller on."""
        user = await self._payout_user(request)
        if user is None or self.rail is None or not user.stripe_account_id:
            return pages.not_found().response(404)
        return_url, refresh_url = payout_urls(self.settings, user.id)
        try:
            url = await self.rail.onboarding_link(
                user.stripe_account_id, return_url=return_url, refresh_url=refresh_url
            )
        except ProviderUnavailable:
            return pages.unavailable(
                "Stripe isn't answering right now; run /payouts setup in Discord again."
            ).response(503)
        return _see_other(url)


def _see_other(url: str) -> web.Response:
    return web.Response(status=303, headers={"Location": url})


def _status_of(session: dict[str, object]) -> CheckoutStatus:
    """What Stripe says of a session that isn't payable any more."""
    return CheckoutStatus.COMPLETE if session["status"] == "complete" else CheckoutStatus.EXPIRED

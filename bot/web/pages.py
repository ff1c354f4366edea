"""The bot's own web pages: small, branded, rendered by Jinja2 with autoescaping.

Nothing a page shows is pasted into a script (the pages have none); every response
carries the security headers of `SECURITY_HEADERS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from aiohttp import web

from models.contract import Contract
from models.listing import Listing
from models.money import format_amount
from models.terms import fee_of
from models.user import User

if TYPE_CHECKING:
    from models.escrow import Escrow

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
DISCORD_URL = "https://discord.com/channels/@me"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Action:
    label: str
    href: str
    primary: bool = False


@dataclass(frozen=True)
class Summary:
    escrow_id: int
    asset: str
    seller: str
    amount: str
    fee: str
    deadline: str | None


@dataclass
class Page:
    kind: str  # a stable name tests and people can tell pages apart by
    title: str
    heading: str
    message: str
    badge: str
    tone: str = "info"  # info, ok, wait, warn
    summary: Summary | None = None
    steps: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    refresh: int | None = None

    def response(self, status: int = 200) -> web.Response:
        if not any(a.href == DISCORD_URL for a in self.actions):
            self.actions.append(Action("Back to Discord", DISCORD_URL, not self.actions))
        html = _ENV.get_template("page.html").render(page=self)
        return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


async def summary_of(escrow: Escrow) -> Summary:
    contract = await Contract.get(id=escrow.contract_id)
    listing = await Listing.get(id=contract.listing_id)
    seller = await User.get(id=escrow.seller_id)
    asset = listing.title
    if listing.asset_type is not None:
        asset = f"{listing.title} (Roblox {listing.asset_type.value.lower()})"
    deadline = escrow.expires_at.strftime("%d %b %Y, %H:%M UTC") if escrow.expires_at else None
    return Summary(
        escrow_id=escrow.id,
        asset=asset,
        seller=seller.username,
        amount=format_amount(escrow.amount),
        fee=format_amount(fee_of(escrow.amount, escrow.fee_bps)),
        deadline=deadline,
    )


NEXT_AFTER_PAYING = [
    "Stripe confirms the payment to Bloxtr8, and Bloxtr8 holds it (you both get a DM).",
    "The seller hands the asset over on Roblox and marks the escrow delivered.",
    "You check it and confirm in Discord; only then is the seller paid.",
    "If something is wrong, open a dispute in Discord: a moderator decides.",
]


def not_found() -> Page:
    return Page(
        kind="not_found",
        title="Link not found",
        heading="This link isn't valid",
        message=(
            "The payment link is incomplete or wasn't made for you. Open the Pay button in "
            "your Bloxtr8 DM again, or run /escrow pay in Discord."
        ),
        badge="Not found",
        tone="warn",
    )


def link_expired() -> Page:
    return Page(
        kind="link_expired",
        title="Link expired",
        heading="This payment link has expired",
        message=(
            "Its payment window is over, so nothing can be paid through it. Check the escrow "
            "with /escrow status in Discord."
        ),
        badge="Expired",
        tone="warn",
    )


# Why an escrow can't be paid now: (kind, title, heading, what the message adds, badge,
# tone, HTTP status, seconds before the page reloads itself).
_REFUSALS: dict[str, tuple[str, str, str, str, str, str, int, int | None]] = {
    "paid": (
        "already_paid", "Already paid", "This escrow is already paid",
        " You don't need to pay again; /escrow status in Discord shows where it stands.",
        "Paid", "ok", 409, None,
    ),
    "processing": (
        "processing", "Payment being confirmed", "Your payment is being confirmed",
        " Bloxtr8 will DM you as soon as Stripe confirms it.",
        "Confirming", "wait", 409, 5,
    ),
    "cancelled": (
        "cancelled_escrow", "Escrow cancelled", "This escrow was cancelled",
        " Nothing can be paid into it any more.",
        "Cancelled", "warn", 410, None,
    ),
    "expired": (
        "window_over", "Payment window over", "The payment window is over",
        " The escrow will be cancelled; nothing was charged.",
        "Too late", "warn", 410, None,
    ),
    "closing": (
        "window_closing", "Payment window closing", "Too late to start a card payment",
        "",
        "Too late", "warn", 409, None,
    ),
    "usdc": (
        "usdc", "Paid in USDC", "This escrow isn't paid by card",
        " Bloxtr8 sends USDC payment instructions in Discord.",
        "USDC", "info", 409, None,
    ),
}  # fmt: skip


def refused(reason: str, summary: Summary | None, message: str) -> tuple[Page, int]:
    """The page for an escrow that can't be paid now, with its HTTP status."""
    if reason not in _REFUSALS:
        return not_found(), 404
    kind, title, heading, more, badge, tone, status, refresh = _REFUSALS[reason]
    page = Page(
        kind=kind,
        title=title,
        heading=heading,
        message=message + more,
        badge=badge,
        tone=tone,
        summary=summary,
        refresh=refresh,
    )
    return page, status


def unavailable(message: str) -> Page:
    return Page(
        kind="unavailable",
        title="Try again shortly",
        heading="Card payments are unavailable right now",
        message=message,
        badge="Unavailable",
        tone="warn",
    )

"""Signed links into the bot's web pages: the buyer's Pay link and the seller's payout return.

A link carries its own expiry and an HMAC over what it is for (escrow and buyer, or the
payout account's owner), keyed with the link secret. During a key rotation the previous
key is still accepted, so links already sent keep working until they expire.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

MAX_ID = 2**63 - 1  # a BIGINT primary key; anything larger names nothing
PAYOUT_LINK_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class LinkKeys:
    current: bytes
    previous: bytes | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> LinkKeys:
        previous = settings.pay_link_previous_secret
        if settings.pay_link_secret is not None:
            current = settings.pay_link_secret.get_secret_value().encode()
        elif settings.stripe_secret_key is not None:  # a key of its own, derived
            current = hmac.new(
                settings.stripe_secret_key.get_secret_value().encode(),
                b"bloxtr8 payment links",
                hashlib.sha256,
            ).digest()
        else:
            raise RuntimeError("PAY_LINK_SECRET (or STRIPE_SECRET_KEY) is not set")
        return cls(current, previous.get_secret_value().encode() if previous else None)

    def sign(self, purpose: str, expires: int) -> str:
        return f"{expires:x}.{_mac(self.current, purpose, expires)}"

    def check(self, purpose: str, token: str, *, now: float | None = None) -> str:
        """'ok', 'expired' (genuine but too old) or 'bad' (forged, garbled, other purpose)."""
        head, _, mac = token.partition(".")
        try:
            expires = int(head, 16)
        except ValueError:
            return "bad"
        if not 0 < expires < 2**40 or head != f"{expires:x}" or len(mac) > 64:
            return "bad"
        keys = [self.current] + ([self.previous] if self.previous else [])
        if not any(hmac.compare_digest(mac, _mac(key, purpose, expires)) for key in keys):
            return "bad"
        return "expired" if expires <= (time.time() if now is None else now) else "ok"


def _mac(key: bytes, purpose: str, expires: int) -> str:
    digest = hmac.new(key, f"{purpose}:{expires}".encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def pay_purpose(escrow_id: int, buyer_discord_id: int) -> str:
    return f"pay:{escrow_id}:{buyer_discord_id}"


def payout_purpose(user_id: int) -> str:
    return f"payouts:{user_id}"


def pay_url(settings: Settings, escrow_id: int, buyer_discord_id: int, deadline: int) -> str:
    """The stable link a buyer pays an escrow through, valid until the funding deadline."""
    token = LinkKeys.from_settings(settings).sign(
        pay_purpose(escrow_id, buyer_discord_id), deadline
    )
    return f"{settings.public_url.rstrip('/')}/pay/{escrow_id}?t={token}"


def payout_urls(settings: Settings, user_id: int) -> tuple[str, str]:
    """(return_url, refresh_url) of a seller's Stripe onboarding link."""
    expires = int(time.time()) + PAYOUT_LINK_SECONDS
    token = LinkKeys.from_settings(settings).sign(payout_purpose(user_id), expires)
    base = settings.public_url.rstrip("/")
    query = f"u={user_id}&t={token}"
    return f"{base}/payouts/return?{query}", f"{base}/payouts/refresh?{query}"


def parse_id(text: str) -> int | None:
    """A database id from a URL, or None when it can't name a row."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None

"""The terms a signed contract freezes: fee, inspection period, dispute window, funding window.

They are copied from the guild's settings once, when the contract is made, and stored in
the contract's `terms`. Every escrow transition and job reads them from there (through
`Terms.of(contract)` or `Escrow.terms()`), never from the guild's current settings, so an
admin changing `/settings` cannot change a deal both parties already agreed to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.guild import GuildSettings

# For contracts made before a term was frozen with them: the guild defaults of the time.
DEFAULT_FEE_BPS = 0
DEFAULT_INSPECTION_DAYS = 7
DEFAULT_DISPUTE_DAYS = 7
DEFAULT_FUNDING_HOURS = 72
# The most a server may add as its own fee unless staff configure otherwise (5 %).
DEFAULT_GUILD_FEE_CAP_BPS = 500


@dataclass(frozen=True)
class Terms:
    fee_bps: int = DEFAULT_FEE_BPS
    inspection_days: int = DEFAULT_INSPECTION_DAYS
    dispute_days: int = DEFAULT_DISPUTE_DAYS  # a moderator's deadline to decide a dispute
    funding_hours: int = DEFAULT_FUNDING_HOURS  # how long the buyer has to pay

    @classmethod
    def frozen_from(
        cls,
        settings: GuildSettings,
        *,
        platform_fee_bps: int = 0,
        guild_fee_cap_bps: int = DEFAULT_GUILD_FEE_CAP_BPS,
    ) -> Terms:
        """The guild's settings now, as they will bind the contract being made. The fee is
        the platform's (configuration) plus the guild's own, never above the staff cap."""
        return cls(
            fee_bps=total_fee_bps(settings, platform_fee_bps, guild_fee_cap_bps),
            inspection_days=settings.inspection_days,
            dispute_days=settings.dispute_deadline_days,
            funding_hours=DEFAULT_FUNDING_HOURS,
        )

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Terms:
        """The terms stored in a contract's `terms` JSON (defaults for keys it lacks)."""
        return cls(
            fee_bps=int(stored.get("platform_fee_bps", DEFAULT_FEE_BPS)),
            inspection_days=int(stored.get("inspection_days", DEFAULT_INSPECTION_DAYS)),
            dispute_days=int(stored.get("dispute_days", DEFAULT_DISPUTE_DAYS)),
            funding_hours=int(stored.get("funding_hours", DEFAULT_FUNDING_HOURS)),
        )

    def stored(self) -> dict[str, int]:
        """The keys these terms take in a contract's `terms` JSON."""
        return {
            "platform_fee_bps": self.fee_bps,
            "inspection_days": self.inspection_days,
            "dispute_days": self.dispute_days,
            "funding_hours": self.funding_hours,
        }

    def fee_of(self, amount: int) -> int:
        """The platform fee in cents, rounded down (the seller never pays a fraction)."""
        return fee_of(amount, self.fee_bps)

    def funding_deadline(self, opened_at: dt.datetime) -> dt.datetime:
        return opened_at + dt.timedelta(hours=self.funding_hours)

    def auto_release_at(self, delivered_at: dt.datetime) -> dt.datetime:
        return delivered_at + dt.timedelta(days=self.inspection_days)

    def dispute_deadline(self, opened_at: dt.datetime) -> dt.datetime:
        return opened_at + dt.timedelta(days=self.dispute_days)


def fee_of(amount: int, fee_bps: int) -> int:
    """The platform fee in cents, rounded down (the seller never pays a fraction)."""
    return amount * fee_bps // 10_000


def seller_net(amount: int, fee_bps: int) -> int:
    """What the seller receives of `amount` after the fee."""
    return amount - fee_of(amount, fee_bps)


def total_fee_bps(settings: GuildSettings, platform_fee_bps: int, guild_fee_cap_bps: int) -> int:
    """The platform's fee plus the guild's own (`settings.platform_fee_bps`, the server fee
    column), the latter capped at `guild_fee_cap_bps` even if stored higher before the cap."""
    return platform_fee_bps + min(settings.platform_fee_bps, guild_fee_cap_bps)


def check_seller_gets_something(price: int, fee_bps: int) -> None:
    """Refuse a price and fee that would leave the seller nothing (at listing time)."""
    from models.errors import DomainError
    from models.money import format_amount

    if fee_bps >= 10_000 or seller_net(price, fee_bps) <= 0:
        raise DomainError(
            f"With fees of {fee_bps / 100:g}%, a sale at {format_amount(price)} would leave "
            "the seller nothing. Ask the server's admins about the server fee."
        )

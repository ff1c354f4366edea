"""Rails: the only code that talks to payment providers (Stripe, the chain).

`Rails` is the registry the bot builds once at start-up, keyed by `EscrowRail`: every
rail kind has an entry, the real provider when it is configured and otherwise a rail
that refuses every money call plainly, so no caller needs a "not configured" branch to
stay safe. Cogs, views, the web server and the jobs all get rails from `bot.rails`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from models.enums import EscrowRail
from models.errors import DomainError
from models.provider import ProviderRefused

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.rails.stripe_rail import StripeRail
    from models.payments import ProviderCall
    from models.provider import ProviderResult, Rail

log = logging.getLogger(__name__)

_NAMES = {EscrowRail.STRIPE: "card payments", EscrowRail.USDC_BASE: "USDC payments"}


class Unconfigured:
    """Stands in for a rail whose provider isn't configured: any money call is refused."""

    def __init__(self, kind: EscrowRail) -> None:
        self.kind = kind

    async def execute(self, call: ProviderCall) -> ProviderResult:
        raise ProviderRefused(f"{_NAMES.get(self.kind, self.kind.value)} aren't configured")


class Rails:
    """One rail per `EscrowRail`; `rails[kind]` always answers (a refusal when unset)."""

    def __init__(self, configured: dict[EscrowRail, Rail] | None = None) -> None:
        self._configured: dict[EscrowRail, Any] = dict(configured or {})

    @classmethod
    def from_settings(cls, settings: Settings) -> Rails:
        configured: dict[EscrowRail, Rail] = {}
        if settings.stripe_secret_key:
            from bot.rails.stripe_rail import StripeRail

            configured[EscrowRail.STRIPE] = StripeRail(settings)
        return cls(configured)

    def __getitem__(self, kind: EscrowRail) -> Rail:
        rail = self._configured.get(kind)
        return rail if rail is not None else Unconfigured(kind)

    def configured(self, kind: EscrowRail) -> bool:
        return kind in self._configured

    def require(self, kind: EscrowRail, why: str = " yet. Ask the admins.") -> Any:
        """The configured rail of `kind`, or a plain refusal for the person asking."""
        if kind not in self._configured:
            what = _NAMES.get(kind, kind.value)
            raise DomainError(f"{what.capitalize()} aren't set up on this Bloxtr8{why}")
        return self._configured[kind]

    @property
    def stripe(self) -> StripeRail | None:
        """The card rail with its Stripe-only calls (payment page, Connect), if configured."""
        return self._configured.get(EscrowRail.STRIPE)

    async def close(self) -> None:
        for kind, rail in self._configured.items():
            close = getattr(rail, "close", None)
            if close is not None:
                try:
                    await close()
                except Exception:
                    log.exception("Closing the %s rail failed", kind.value)

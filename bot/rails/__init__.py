"""Rails: the only code that talks to payment providers (Stripe, the chain).

`Rails` is the registry the bot builds once at start-up, keyed by `EscrowRail`: every
rail kind has an entry, the real provider when it is configured and otherwise a rail
that refuses every money call plainly, so no caller needs a "not configured" branch to
stay safe. Cogs, views, the web server and the jobs all get rails from `bot.rails`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from models.enums import EscrowRail
from models.errors import DomainError
from models.provider import ProviderRefused

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.rails.stripe_rail import StripeRail
    from bot.rails.usdc.rail import UsdcRail
    from models.payments import ProviderCall
    from models.provider import ProviderResult, Rail
    from models.screening import WalletScreener

log = logging.getLogger(__name__)

_NAMES = {EscrowRail.STRIPE: "card payments", EscrowRail.USDC_BASE: "USDC payments"}


def usdc_configured(settings: Settings) -> bool:
    """Every setting the USDC rail needs is present (the chain, the key, the contracts)."""
    return all(
        (
            settings.chain_rpc_url,
            settings.usdc_operator_key,
            settings.usdc_token_address,
            settings.usdc_vault_address,
            settings.usdc_forwarder_address,
        )
    )


class Unconfigured:
    """Stands in for a rail whose provider isn't configured: any money call is refused."""

    def __init__(self, kind: EscrowRail) -> None:
        self.kind = kind

    async def execute(self, call: ProviderCall) -> ProviderResult:
        raise ProviderRefused(f"{_NAMES.get(self.kind, self.kind.value)} aren't configured")


class Rails:
    """One rail per `EscrowRail`; `rails[kind]` always answers (a refusal when unset)."""

    def __init__(
        self,
        configured: dict[EscrowRail, Rail] | None = None,
        *,
        screeners: Sequence[WalletScreener] = (),
    ) -> None:
        self._configured: dict[EscrowRail, Any] = dict(configured or {})
        self.screeners: list[WalletScreener] = list(screeners)

    @classmethod
    def from_settings(cls, settings: Settings) -> Rails:
        configured: dict[EscrowRail, Rail] = {}
        if settings.stripe_secret_key:
            from bot.rails.stripe_rail import StripeRail

            configured[EscrowRail.STRIPE] = StripeRail(settings)
        screeners: list[WalletScreener] = []
        if settings.chain_rpc_url:
            from bot.rails.usdc.chain import web3_from_settings
            from bot.rails.usdc.screening import screeners_from_settings

            w3 = web3_from_settings(settings)
            # Built once: the wallet cog, the deposit watcher and every payout use these.
            screeners = screeners_from_settings(settings, w3)
            if usdc_configured(settings):
                from bot.rails.usdc.rail import UsdcRail

                configured[EscrowRail.USDC_BASE] = UsdcRail.from_settings(
                    settings, w3=w3, screeners=screeners
                )
        elif settings.ofac_sdn_path is not None:
            from bot.rails.usdc.screening import screeners_from_settings

            screeners = screeners_from_settings(settings, None)
        return cls(configured, screeners=screeners)

    def __getitem__(self, kind: EscrowRail) -> Rail:
        rail = self._configured.get(kind)
        return rail if rail is not None else Unconfigured(kind)

    def configured(self, kind: EscrowRail) -> bool:
        return kind in self._configured

    def require(self, kind: EscrowRail, why: str = " yet. Ask the admins.") -> Any:
        """The configured rail of `kind`, or a plain refusal for the person asking."""
        if kind not in self._configured:
            what = _NAMES.get(kind, kind.value)
            raise DomainError(f"{what[:1].upper()}{what[1:]} aren't set up on this Bloxtr8{why}")
        return self._configured[kind]

    @property
    def usdc(self) -> UsdcRail | None:
        """The USDC rail with its chain-only calls (deposit addresses, screeners), if configured."""
        return self._configured.get(EscrowRail.USDC_BASE)

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

"""The bot owns its services: the rail registry, the web server, the jobs, the Roblox client."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import simcord

from bot.app import Bloxtr8Bot, create_bot
from bot.config import Settings
from bot.rails import Rails
from bot.rails.stripe_rail import StripeRail
from models.enums import EscrowRail
from models.errors import DomainError
from models.provider import ProviderRefused
from tests.conftest import is_refusal


@pytest.fixture
def keep_cog_modules() -> Iterator[None]:
    """`commands.Bot.close()` unloads the extensions, which drops their modules from
    `sys.modules`; put them back, so the cog classes other test modules imported stay the
    ones the next bot loads."""
    saved = {name: module for name, module in sys.modules.items() if name.startswith("bot.")}
    yield
    sys.modules.update(saved)


async def test_the_registry_has_every_rail_and_unset_ones_refuse_plainly() -> None:
    rails = Rails()
    assert not rails.configured(EscrowRail.STRIPE) and rails.stripe is None
    for kind in EscrowRail:
        assert rails[kind].kind is kind
    with pytest.raises(ProviderRefused, match="card payments aren't configured"):
        await rails[EscrowRail.STRIPE].execute(None)  # type: ignore[arg-type]
    with pytest.raises(ProviderRefused, match="USDC payments aren't configured"):
        await rails[EscrowRail.USDC_BASE].execute(None)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Card payments aren't set up on this Bloxtr8 yet"):
        rails.require(EscrowRail.STRIPE)


async def test_the_bot_builds_its_services_and_closes_them_in_order(
    bot: Bloxtr8Bot, db: str, keep_cog_modules: None
) -> None:
    order: list[str] = []

    def noting(name: str, close: Any) -> Any:
        async def wrapped() -> None:
            order.append(name)
            await close()

        return wrapped

    async with simcord.run(bot):
        assert isinstance(bot.rails[EscrowRail.STRIPE], StripeRail)
        assert bot.rails.stripe is bot.rails[EscrowRail.STRIPE]
        assert bot.web.rail is bot.rails.stripe
        assert set(bot.jobs.names) == {
            "audit-seal",
            "outbox",
            "offer-expiry",
            "escrow-deadlines",
            "dispute-deadlines",
            "contract-sweep",
        }
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{bot.web.port}/healthz") as health,
        ):
            assert health.status == 200
        bot.jobs.stop = noting("jobs", bot.jobs.stop)  # type: ignore[method-assign]
        bot.web.stop = noting("web", bot.web.stop)  # type: ignore[method-assign]
        bot.roblox.close = noting("roblox", bot.roblox.close)  # type: ignore[method-assign]
        bot.rails.close = noting("rails", bot.rails.close)  # type: ignore[method-assign]
        await bot.close()
    assert order == ["jobs", "web", "roblox", "rails"]
    assert bot.web.runner is None


async def test_without_stripe_card_commands_refuse_plainly(
    settings: Settings, db: str, keep_cog_modules: None
) -> None:
    bare = create_bot(settings.model_copy(update={"stripe_secret_key": None}), sync_commands=True)
    try:
        async with simcord.run(bare) as env:
            assert bare.rails.stripe is None and bare.web.rail is None
            guild = env.create_guild()
            channel = guild.create_text_channel("market")
            alice = guild.add_member(env.create_user("alice"))
            result = await alice.slash(channel, "escrow pay", id=1)
            assert result.ephemeral and result.response is not None
            assert result.response.content == (
                "Card payments aren't set up on this Bloxtr8 yet. Ask the admins."
            )
            assert all(is_refusal(e) for e in env.errors)  # reading acknowledges them
    finally:
        await bare.roblox.close()


def test_no_cog_reaches_into_another_for_a_service() -> None:
    cogs = Path(__file__).resolve().parents[2] / "bot" / "cogs"
    for source in cogs.rglob("*.py"):
        text = source.read_text()
        assert "get_cog(" not in text, source
        assert "StripeRail(" not in text and "WebServer(" not in text, source

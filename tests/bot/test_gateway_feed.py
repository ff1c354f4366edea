"""The concurrent command harness (tests/fakes/discord_gateway.py) runs the real cogs.

The bot is logged in to the Discord REST stand-in and fed INTERACTION_CREATE payloads as
the websocket would; what the member sees is what the stand-in receives for the
interaction. bench/commands_under_jobs.py measures commands this way.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from discord.http import Route

from bot.app import Bloxtr8Bot, create_bot
from bot.config import Settings
from models import Offer
from models.base import utcnow
from models.enums import KycTier
from tests.factories import make_guild, make_listing, make_user
from tests.fakes.discord_api import DiscordApiProcess, FakeDiscordApi
from tests.fakes.discord_gateway import Gateway, Place

pytestmark = pytest.mark.usefixtures("keep_cog_modules")


@pytest.fixture
async def fed(
    db: str, settings: Settings, api: tuple[FakeDiscordApi, str]
) -> AsyncIterator[tuple[Bloxtr8Bot, Gateway]]:
    fake, url = api
    bot = create_bot(
        settings.model_copy(update={"discord_api_base": url, "web_enabled": False, "jobs": "none"})
    )
    await bot.login("stand-in-token")  # runs setup_hook: services and cogs
    gateway = Gateway(bot, fake)
    try:
        yield bot, gateway
    finally:
        await bot.close()


async def connected_guild(bot: Bloxtr8Bot, gateway: Gateway) -> tuple[Any, Place]:
    """A guild row, and the bot connected with that guild in its cache (GUILD_CREATE)."""
    guild = await make_guild()
    place = Place(guild.discord_id, guild.discord_id + 7, guild.name)
    bot._connection.guild_ready_timeout = 0.05
    await gateway.connect([place])
    return guild, place


async def test_commands_run_through_the_cogs_and_answer_over_rest(
    fed: tuple[Bloxtr8Bot, Gateway],
) -> None:
    bot, gateway = fed
    guild, place = await connected_guild(bot, gateway)
    assert bot.get_guild(place.guild_id) is not None  # cached as GUILD_CREATE left it
    listing = await make_listing(guild=guild, title="Neon Valkyrie Tycoon", price=80_000)
    buyer = await make_user(kyc_tier=KycTier.TIER_1, terms_accepted_at=utcnow())

    view, took = await gateway.ask(
        gateway.command(place, buyer.discord_id, "listing view", {"id": listing.id})
    )
    assert view.kind == "callback" and view.type == 4 and took > 0
    assert view.payload["flags"] & 64  # ephemeral
    assert "Neon Valkyrie Tycoon" in str(view.payload["embeds"])

    found, _ = await gateway.ask(
        gateway.command(place, buyer.discord_id, "listing search", {"text": "valkyrie"})
    )
    assert "Neon Valkyrie Tycoon" in str(found.payload["embeds"])

    made, _ = await gateway.ask(
        gateway.command(
            place, buyer.discord_id, "offer make", {"listing": listing.id, "amount": "700"}
        )
    )
    offer = await Offer.get(listing_id=listing.id, buyer_id=buyer.id)
    assert offer.amount == 70_000
    assert f"Offer #{offer.id}" in made.payload["content"]

    profile, _ = await gateway.ask(gateway.command(place, buyer.discord_id, "profile"))
    assert profile.payload["embeds"] and profile.payload["flags"] & 64

    refused, _ = await gateway.ask(
        gateway.command(place, buyer.discord_id, "listing view", {"id": listing.id + 999})
    )
    assert "embeds" not in refused.payload or not refused.payload["embeds"]
    assert refused.payload["flags"] & 64


async def test_members_at_once_each_get_their_own_answer(
    fed: tuple[Bloxtr8Bot, Gateway],
) -> None:
    bot, gateway = fed
    guild, place = await connected_guild(bot, gateway)
    listings = [await make_listing(guild=guild, title=f"Sword {i}") for i in range(8)]
    members = [await make_user(terms_accepted_at=utcnow()) for _ in range(8)]

    answers = await asyncio.gather(
        *(
            gateway.ask(gateway.command(place, m.discord_id, "listing view", {"id": item.id}))
            for m, item in zip(members, listings, strict=True)
        )
    )
    for (reply, _), item in zip(answers, listings, strict=True):
        assert item.title in str(reply.payload["embeds"])


async def test_the_stand_in_in_a_process_of_its_own_reports_the_answers(
    db: str, settings: Settings
) -> None:
    """As the benchmark runs it: Discord's side in another process, answers passed back."""
    api = DiscordApiProcess()
    url = await api.start()
    base = Route.BASE
    bot = create_bot(
        settings.model_copy(update={"discord_api_base": url, "web_enabled": False, "jobs": "none"})
    )
    try:
        await bot.login("stand-in-token")
        gateway = Gateway(bot, api)
        guild = await make_guild()
        place = Place(guild.discord_id, guild.discord_id + 7, guild.name)
        bot._connection.guild_ready_timeout = 0.05
        await gateway.connect([place])
        listing = await make_listing(guild=guild, title="Obby Of The Far Process")
        buyer = await make_user(terms_accepted_at=utcnow())
        reply, took = await gateway.ask(
            gateway.command(place, buyer.discord_id, "listing view", {"id": listing.id})
        )
        assert "Obby Of The Far Process" in str(reply.payload["embeds"])
        assert 0 < took < 30
    finally:
        await bot.close()
        await api.stop()
        Route.BASE = base

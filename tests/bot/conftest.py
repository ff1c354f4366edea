"""Fixtures shared by the bot's tests."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator

import pytest
from discord.http import Route

from tests.fakes.discord_api import FakeDiscordApi, start


@pytest.fixture
async def api() -> AsyncIterator[tuple[FakeDiscordApi, str]]:
    """The stand-in Discord API (rate-limit headers, 50 a channel a second), with
    discord.py's HTTP client pointed at it for the test."""
    fake = FakeDiscordApi(per_channel=50, window=1.0)
    runner, url = await start(fake)
    base = Route.BASE
    try:
        yield fake, url
    finally:
        Route.BASE = base
        await runner.cleanup()


@pytest.fixture
def keep_cog_modules() -> Iterator[None]:
    """For a test that closes a real bot: `Bot.close()` unloads its extensions, which
    takes the cog modules out of `sys.modules`, so the next bot would import them afresh
    and the classes the other tests imported (`isinstance(cog, EscrowCog)`) would no
    longer be the loaded ones. Put the modules back."""
    before = {name: mod for name, mod in sys.modules.items() if name.startswith("bot.")}
    try:
        yield
    finally:
        sys.modules.update(before)

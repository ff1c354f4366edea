"""Fixtures shared by the bot's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

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

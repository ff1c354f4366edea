"""The running bot keeps its start-up objects out of the garbage collector's full passes."""

from __future__ import annotations

import gc

import pytest

from bot.app import create_bot
from bot.config import Settings
from tests.fakes.discord_api import FakeDiscordApi

pytestmark = pytest.mark.usefixtures("keep_cog_modules")


async def test_the_bot_freezes_what_is_alive_after_setup(
    db: str, settings: Settings, api: tuple[FakeDiscordApi, str]
) -> None:
    _fake, url = api
    quiet = settings.model_copy(
        update={"discord_api_base": url, "web_enabled": False, "jobs": "none"}
    )
    plain = create_bot(quiet)
    frozen = create_bot(quiet, freeze_gc=True)
    try:
        await plain.login("stand-in-token")
        assert gc.get_freeze_count() == 0  # tests and tools build bots without it
        await frozen.login("stand-in-token")  # setup_hook: services and cogs, then freeze
        # Modules, classes, cogs and services: a full collection no longer walks them.
        assert gc.get_freeze_count() > 50_000
        assert not gc.is_tracked(frozen) or frozen not in gc.get_objects(generation=2)
    finally:
        gc.unfreeze()
        await plain.close()
        await frozen.close()

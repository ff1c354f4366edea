"""Process roles (all in one, gateway shards, web, worker; jobs placed by a setting) and a
graceful shutdown: new interactions are turned away, the job run and the outbox sends in
progress finish, nothing is left half-sent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import simcord
from discord.ext import commands
from tortoise.transactions import in_transaction

from bot.__main__ import _shard_list
from bot.app import CLOSING_TEXT, Bloxtr8Bot, create_bot, job_names
from bot.config import Settings
from bot.jobs import JobRunner
from bot.outbox import HttpOnly, Sender, http_client
from models.enums import NotificationKind, NotificationStatus
from models.notification import Notification
from tests.bot.test_cli import bloxtr8
from tests.fakes.discord_api import FakeDiscordApi


def test_shard_lists_and_job_placement_read_as_written() -> None:
    assert _shard_list("0-3") == [0, 1, 2, 3]
    assert _shard_list("0,2,5-6") == [0, 2, 5, 6]
    assert job_names("all") is None
    assert job_names("none") == set()
    assert job_names("outbox, escrow-deadlines") == {"outbox", "escrow-deadlines"}


async def test_run_with_shards_builds_a_bot_for_those_shards_only(settings: Settings) -> None:
    sharded = settings.model_copy(update={"shard_ids": [0, 1, 2, 3], "shard_count": 8})
    bot = create_bot(sharded)
    try:
        assert isinstance(bot, commands.AutoShardedBot)
        assert bot.shard_ids == [0, 1, 2, 3] and bot.shard_count == 8
    finally:
        await bot.roblox.close()
    plain = create_bot(settings)
    try:
        assert not isinstance(plain, commands.AutoShardedBot)
    finally:
        await plain.roblox.close()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["run", "--shards", "0-3"], "--shard-count"),
        (["run", "--shards", "0-8", "--shard-count", "8"], "out of range"),
        (["run", "--shards", "three"], "not a list of shards"),
    ],
)
async def test_bad_shard_options_are_refused_plainly(
    tmp_path: Path, args: list[str], says: str
) -> None:
    result = bloxtr8(*args, cwd=tmp_path, env={"DISCORD_TOKEN": "x"})
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


class Ready:
    """What a JobRunner needs of a client: readiness."""

    async def wait_until_ready(self) -> None:
        return None


async def test_jobs_run_only_where_placed_and_a_run_in_progress_finishes_at_shutdown() -> None:
    runner = JobRunner(Ready(), only={"busy", "idle"})  # type: ignore[arg-type]
    inside, release, finished = asyncio.Event(), asyncio.Event(), asyncio.Event()
    idle_runs = 0

    async def busy() -> None:
        inside.set()
        await release.wait()
        finished.set()

    async def idle() -> None:
        nonlocal idle_runs
        idle_runs += 1

    runner.every(3600, "busy", busy)
    runner.every(3600, "idle", idle)
    runner.every(3600, "elsewhere", idle)  # placed in other processes
    assert runner.names == ["busy", "idle"]
    await asyncio.wait_for(inside.wait(), 5)
    stopping = asyncio.create_task(runner.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # it waits for the run in progress…
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert finished.is_set()  # …which finished instead of being cancelled
    assert idle_runs == 1 and runner.names == []


async def test_at_shutdown_a_job_finishes_the_item_in_progress_and_leaves_the_rest() -> None:
    from bot import jobs

    runner = JobRunner(Ready())  # type: ignore[arg-type]
    inside, release = asyncio.Event(), asyncio.Event()
    done: list[int] = []

    async def act(item: int) -> None:
        if item == 2:
            inside.set()
            await release.wait()
        done.append(item)

    async def step() -> None:
        await jobs.each([1, 2, 3, 4], act, "Test items")

    runner.every(3600, "items", step)
    await asyncio.wait_for(inside.wait(), 5)
    stopping = asyncio.create_task(runner.stop())
    await asyncio.sleep(0.1)
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert done == [1, 2]  # item 2 finished; 3 and 4 wait for the next run


async def test_stopping_a_sender_mid_batch_finishes_its_sends_and_leaves_the_rest(
    db: str, api: tuple[FakeDiscordApi, str]
) -> None:
    fake, url = api
    fake.delay = 0.05
    async with in_transaction() as conn:
        for n in range(60):
            await Notification.queue(
                NotificationKind.POST, 300 + n % 6, {"content": f"s{n}"}, conn=conn
            )
    http = await http_client("stand-in-token", api_base=url)
    try:
        sender = Sender(HttpOnly(http), concurrency=4)
        batch = asyncio.create_task(sender.drain())
        await fake.wait_for(lambda: len(fake.sent) >= 5)
        await sender.stop()
        await asyncio.wait_for(batch, 10)
    finally:
        await http.close()
    sent = await Notification.filter(status=NotificationStatus.SENT).count()
    assert sent == len(fake.sent)  # everything that left is recorded as sent
    assert 5 <= sent < 60
    assert await Notification.filter(status=NotificationStatus.PENDING).count() == 60 - sent
    # No sender holds a row any more: another process can take the rest at once.
    async with in_transaction() as conn:
        assert await Notification.claim(conn) is not None


async def test_a_closing_bot_turns_new_commands_and_components_away(
    env: simcord.Env, bot: Bloxtr8Bot
) -> None:
    guild = env.create_guild("Trading Post")
    ch = guild.create_text_channel("market")
    alice = guild.add_member(env.create_user("alice"))
    shown = await alice.slash(ch, "help")  # a message with buttons, before the shutdown
    message = shown.response
    assert message is not None and message.components
    bot.closing = True
    result = await alice.slash(ch, "help")
    assert result.ephemeral and result.response is not None
    assert result.response.content == CLOSING_TEXT
    clicked = await alice.select(message, ["trade"], custom_id="help:area")
    assert clicked.ephemeral and clicked.response is not None
    assert clicked.response.content == CLOSING_TEXT

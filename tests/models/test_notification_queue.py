"""A notification row and its wake-up are written in one statement, and the wake-up reaches
listening senders only when the writing transaction commits (never for a rollback)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from bot.db import libpq_url
from models.enums import NotificationKind, NotificationStatus
from models.notification import CHANNEL, Notification, Queued
from tests.factories import make_user


class Rollback(Exception):
    pass


@pytest.fixture
async def woken(db: str) -> AsyncIterator[asyncio.Queue[str]]:
    """The ids a sender in another process would be woken for."""
    got: asyncio.Queue[str] = asyncio.Queue()
    conn = await asyncpg.connect(libpq_url(db))
    await conn.add_listener(CHANNEL, lambda *args: got.put_nowait(args[3]))
    try:
        yield got
    finally:
        await conn.close()


async def next_wake(woken: asyncio.Queue[str], within: float = 2.0) -> str | None:
    try:
        return await asyncio.wait_for(woken.get(), within)
    except TimeoutError:
        return None


async def test_a_queued_row_wakes_senders_once_committed_and_never_if_rolled_back(
    woken: asyncio.Queue[str],
) -> None:
    async with in_transaction() as conn:
        row = await Notification.queue(NotificationKind.DM, 42, {"content": "hi"}, conn=conn)
        assert await next_wake(woken, 0.3) is None  # not before the commit
    assert await next_wake(woken) == str(row.id)
    stored = await Notification.get(id=row.id)
    assert (stored.kind, stored.target_id, stored.payload) == (
        NotificationKind.DM,
        42,
        {"content": "hi"},
    )
    assert stored.status is NotificationStatus.PENDING and stored.attempts == 0

    with pytest.raises(Rollback):
        async with in_transaction() as conn:
            gone = await Notification.queue(NotificationKind.DM, 43, {"content": "x"}, conn=conn)
            raise Rollback
    assert await next_wake(woken, 0.5) is None
    assert not await Notification.exists(id=gone.id)

    quiet = await Notification.queue(NotificationKind.POST, 7, {"content": "y"}, announce=False)
    assert await next_wake(woken, 0.5) is None  # its writer sends it itself
    assert await Notification.exists(id=quiet.id)


async def test_a_dm_to_a_user_reads_their_discord_id_in_the_insert(
    woken: asyncio.Queue[str],
) -> None:
    user = await make_user()
    async with in_transaction() as conn:
        row = await Notification.queue_dm_to_user(user.id, {"content": "hello"}, conn=conn)
        assert row is not None
        nobody = await Notification.queue_dm_to_user(user.id + 10_000, {"c": 1}, conn=conn)
    assert nobody is None
    assert await next_wake(woken) == str(row.id)
    stored = await Notification.get(id=row.id)
    assert (stored.kind, stored.target_id, stored.payload) == (
        NotificationKind.DM,
        user.discord_id,
        {"content": "hello"},
    )
    assert await Notification.filter(payload={"c": 1}).count() == 0


async def test_many_rows_in_one_statement_are_what_queue_writes_one_by_one(
    woken: asyncio.Queue[str],
) -> None:
    rows = [
        Queued(NotificationKind.RETIRE, 11, {"custom_ids": ["a:1"], "note": "n"}),
        Queued(
            NotificationKind.DM,
            12,
            {"content": "dm"},
            fallback_channel_id=99,
            fallback_payload={"content": "<@12>, see here"},
        ),
        Queued(NotificationKind.DM, 13, {"embeds": [{"title": "é ✓"}]}),
    ]
    async with in_transaction() as conn:
        one_by_one = [
            await Notification.queue(
                r.kind,
                r.target_id,
                r.payload,
                fallback_channel_id=r.fallback_channel_id,
                fallback_payload=r.fallback_payload,
                conn=conn,
            )
            for r in rows
        ]
    for _ in rows:
        await next_wake(woken)
    collected: list[int] = []
    token = Notification.collecting(collected)
    try:
        async with in_transaction() as conn:
            many = await Notification.queue_many(
                [*rows, Queued(NotificationKind.CARD, 5, {})], conn=conn
            )
            assert await next_wake(woken, 0.3) is None  # not before the commit
    finally:
        Notification.reset(token)
    assert collected == many[:3]  # for a caller that sends them itself (never CARD rows)
    assert many == sorted(many)  # in the given order
    assert [await next_wake(woken) for _ in many] == [str(i) for i in many]
    many = many[:3]
    columns = ("kind", "target_id", "payload", "fallback_channel_id", "fallback_payload", "status")
    stored = [await Notification.get(id=i) for i in [row.id for row in one_by_one] + many]
    assert [[getattr(s, c) for c in columns] for s in stored[:3]] == [
        [getattr(s, c) for c in columns] for s in stored[3:]
    ]
    assert [(s.kind, s.target_id) for s in stored[3:]] == [(r.kind, r.target_id) for r in rows]
    assert await Notification.queue_many([], conn=conn) == []

    with pytest.raises(Rollback):
        async with in_transaction() as conn:
            gone = await Notification.queue_many(rows, conn=conn)
            raise Rollback
    assert await next_wake(woken, 0.5) is None
    assert not await Notification.filter(id__in=gone).exists()

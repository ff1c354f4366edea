"""The notification outbox: written in the caller's transaction, sent once after the commit,
never after a rollback, by one sender or several, and nothing lost when a sender dies."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from discord.http import HTTPClient, Route
from tortoise.transactions import in_transaction

from bot import jobs
from bot.outbox import HttpOnly, Sender, http_client
from bot.ui import notify
from models.audit import AuditLog
from models.enums import NotificationKind, NotificationStatus
from models.notification import Notification
from tests.fakes.discord_api import FakeDiscordApi

ROOT = Path(__file__).resolve().parents[2]


class Client:
    """A bare client for the helpers: an HTTP client and the bot's default mentions."""

    allowed_mentions = discord.AllowedMentions(everyone=False, roles=False, users=True)

    def __init__(self, http: HTTPClient, sender: Sender) -> None:
        self.http = http
        self.outbox = sender


@pytest.fixture
async def http(api: tuple[FakeDiscordApi, str]) -> AsyncIterator[HTTPClient]:
    client = await http_client("stand-in-token", api_base=api[1])
    yield client
    await client.close()


async def test_a_rolled_back_notification_is_never_sent_and_a_committed_one_is_sent_once(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, _ = api
    sender = Sender(HttpOnly(http))
    client = Client(http, sender)
    await sender.listen()
    try:
        with pytest.raises(RuntimeError):
            async with in_transaction() as conn:
                assert await notify.dm(client, 42, content="rolled back", conn=conn)  # type: ignore[arg-type]
                raise RuntimeError("the caller's work failed")
        async with in_transaction() as conn:
            assert await notify.dm(client, 43, content="committed", conn=conn)  # type: ignore[arg-type]
            assert fake.sent == []  # nothing leaves before the commit
        await fake.wait_for(lambda: fake.contents() == ["committed"])  # right after the commit
        assert await jobs.deliver_notifications(sender) == 0  # nothing left for the job
    finally:
        await sender.stop()
    assert fake.contents() == ["committed"]
    assert fake.sent[0].channel_id == fake.dm_channel_of(43)
    rows = await Notification.all()
    assert [(r.target_id, r.status) for r in rows] == [(43, NotificationStatus.SENT)]


async def test_without_a_transaction_the_helpers_send_at_once_and_say_whether_it_worked(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, _ = api
    fake.closed_dms = {7}
    client = Client(http, Sender(HttpOnly(http)))
    embed = discord.Embed(title="Offer #1")
    assert await notify.dm(client, 6, content="hi", embed=embed)  # type: ignore[arg-type]
    assert not await notify.dm(client, 7, content="closed")  # type: ignore[arg-type]
    assert await notify.post(client, 900, "in the channel")  # type: ignore[arg-type]
    assert await notify.edit(client, 900, fake.sent[-1].message_id, content="edited")  # type: ignore[arg-type]
    assert [(s.payload.get("content"), s.edited) for s in fake.sent] == [
        ("hi", False),
        ("in the channel", False),
        ("edited", True),
    ]
    assert fake.sent[0].payload["embeds"][0]["title"] == "Offer #1"
    assert fake.sent[1].payload["allowed_mentions"]["parse"] == []  # nobody pinged
    # The refused DM is recorded for staff, not retried.
    failed = await Notification.get(status=NotificationStatus.FAILED)
    assert failed.target_id == 7 and "50007" in (failed.last_error or "")
    assert await AuditLog.filter(action="notification.failed", object_id=str(failed.id)).exists()


async def test_a_dm_that_cannot_be_delivered_falls_back_to_its_channel(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, _ = api
    fake.closed_dms = {8}
    row = await Notification.queue(
        NotificationKind.DM,
        8,
        {"content": "private"},
        fallback_channel_id=555,
        fallback_payload={"content": "<@8>, your DMs are closed"},
    )
    assert await Sender(HttpOnly(http)).deliver(row.id) is NotificationStatus.SENT
    assert [(s.channel_id, s.payload["content"]) for s in fake.sent] == [
        (555, "<@8>, your DMs are closed")
    ]


async def test_an_unreachable_api_is_retried_later_with_backoff(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, url = api
    row = await Notification.queue(NotificationKind.POST, 77, {"content": "later"})
    Route.BASE = "http://127.0.0.1:9/api/v10"  # nothing listens there (the fixture restores it)
    assert await Sender(HttpOnly(http)).deliver(row.id) is NotificationStatus.PENDING
    await row.refresh_from_db()
    assert row.attempts == 1 and row.next_attempt_at > row.created_at
    assert row.last_error
    Route.BASE = url + "/api/v10"
    assert await Sender(HttpOnly(http)).drain() == 0  # not due yet
    await Notification.filter(id=row.id).update(next_attempt_at=row.created_at)
    assert await Sender(HttpOnly(http)).drain() == 1
    assert fake.contents() == ["later"]


async def test_rate_limits_are_waited_out(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, _ = api
    fake.per_channel, fake.window = 5, 0.5
    for n in range(12):
        await Notification.queue(NotificationKind.POST, 31, {"content": f"m{n}"})
    assert await Sender(HttpOnly(http), concurrency=4).drain() == 12
    assert sorted(fake.contents()) == sorted(f"m{n}" for n in range(12))


async def test_two_senders_racing_deliver_a_thousand_notifications_once_each(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, url = api
    async with in_transaction() as conn:
        for n in range(1000):
            await Notification.queue(
                NotificationKind.POST, 1000 + n % 50, {"content": f"n{n}"}, conn=conn
            )
    other = await http_client("stand-in-token", api_base=url)
    try:
        one, two = Sender(HttpOnly(http)), Sender(HttpOnly(other))
        await asyncio.gather(one.drain(limit=2000), two.drain(limit=2000))
    finally:
        await other.close()
    counts = collections.Counter(fake.contents())
    assert len(counts) == 1000
    assert set(counts.values()) == {1}, [c for c, k in counts.items() if k > 1][:5]
    assert one.sent > 0 and two.sent > 0  # both really took part
    assert one.sent + two.sent == 1000
    assert await Notification.filter(status=NotificationStatus.SENT).count() == 1000


async def test_a_sender_killed_mid_batch_loses_nothing(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    fake, url = api
    fake.delay = 0.02  # slow enough to be killed in the middle
    total = 300
    async with in_transaction() as conn:
        for n in range(total):
            await Notification.queue(
                NotificationKind.POST, 2000 + n % 30, {"content": f"k{n}"}, conn=conn
            )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fakes.outbox_sender",
        db,
        url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        await fake.wait_for(lambda: len(fake.sent) >= 40, within=60)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    assert process.returncode == -signal.SIGKILL
    before = len(fake.sent)
    assert before < total  # it really died mid-batch

    # After a restart (this process's sender), everything is delivered.
    fake.delay = 0
    sender = Sender(HttpOnly(http))
    await jobs.deliver_notifications(sender)
    counts = collections.Counter(fake.contents())
    assert set(counts) == {f"k{n}" for n in range(total)}  # none lost
    assert sum(counts.values()) - total <= 4  # at most the sends in flight at the kill
    assert await Notification.filter(status=NotificationStatus.PENDING).count() == 0


async def test_an_escrow_change_writes_its_card_row_in_its_transaction_and_one_render_covers_all(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient
) -> None:
    from models.enums import EscrowStatus
    from models.escrow import Escrow
    from tests.factories import make_escrow

    escrow = await make_escrow(status=EscrowStatus.AWAIT_FUNDS)
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            locked = await Escrow.locked(escrow.id, conn)
            await locked.move("noted", None, conn=conn, actor_label="test")
            raise RuntimeError("the change failed")
    assert not await Notification.filter(kind=NotificationKind.CARD).exists()  # rolled back
    for _ in range(3):
        async with in_transaction() as conn:
            locked = await Escrow.locked(escrow.id, conn)
            await locked.move("noted", None, conn=conn, actor_label="test")
    cards = Notification.filter(kind=NotificationKind.CARD, target_id=escrow.id)
    assert await cards.filter(status=NotificationStatus.PENDING).count() == 3

    bare = Sender(HttpOnly(http))  # no card renderer: leaves them to a process that has one
    assert await bare.drain() == 0
    assert await cards.filter(status=NotificationStatus.PENDING).count() == 3

    rendered: list[int] = []

    async def render(escrow_id: int, _payload: dict[str, object]) -> None:
        rendered.append(escrow_id)

    renderer = Sender(HttpOnly(http))
    renderer.handlers[NotificationKind.CARD] = render
    assert await renderer.drain() == 1
    assert rendered == [escrow.id]  # once, from the state now, for all three changes
    assert await cards.filter(status=NotificationStatus.SENT).count() == 3

    # Right after a change, the process that made it renders at once and the row is covered.
    async with in_transaction() as conn:
        locked = await Escrow.locked(escrow.id, conn)
        await locked.move("noted", None, conn=conn, actor_label="test")
    await renderer.now(NotificationKind.CARD, escrow.id, {})
    assert rendered == [escrow.id, escrow.id]
    assert await cards.filter(status=NotificationStatus.PENDING).count() == 0
    # A process that leaves sending to others renders nothing.
    quiet = Sender(HttpOnly(http), sends=False)
    quiet.handlers[NotificationKind.CARD] = render
    assert await quiet.now(NotificationKind.CARD, escrow.id, {}) is None
    assert rendered == [escrow.id, escrow.id]


async def test_a_document_goes_by_reference_and_is_read_when_the_message_is_sent(
    db: str, api: tuple[FakeDiscordApi, str], http: HTTPClient, tmp_path: Path
) -> None:
    from models import storage

    fake, _ = api
    store = storage.LocalStore(tmp_path / "docs")
    pdf = await store.put_bytes(b"%PDF-1.4 the contract", ".pdf")
    gone = await store.put_bytes(b"%PDF-1.4 deleted before the send", ".pdf")
    client = Client(http, Sender(HttpOnly(http)))

    def document(stored: storage.StoredDocument, name: str) -> dict[str, str]:
        return {"ref": stored.ref, "sha256": stored.sha256, "filename": name}

    async with in_transaction() as conn:
        for doc in (document(pdf, "contract.pdf"), document(gone, "old.pdf")):
            assert await notify.dm(client, 44, content="Your contract", conn=conn, documents=[doc])  # type: ignore[arg-type]
    await store.delete(gone.ref)
    # Only the reference is stored: the bytes are read by the sender, at send time.
    assert all("PDF" not in str(r.payload) for r in await Notification.all())
    assert await jobs.deliver_notifications(client.outbox) == 2
    first, second = sorted(fake.sent, key=lambda s: "files" not in s.payload)  # sent at once
    assert first.payload["files"] == {"contract.pdf": b"%PDF-1.4 the contract"}
    assert first.payload["content"] == "Your contract"
    assert first.payload["attachments"] == [{"id": 0, "filename": "contract.pdf"}]
    assert "files" not in second.payload and "documents" not in second.payload  # said anyway
    assert second.payload["content"] == "Your contract"

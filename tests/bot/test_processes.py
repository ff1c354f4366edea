"""Several processes of one code base on one PostgreSQL: two workers and a web process.

They run as a person runs them (`python -m bot worker`, `python -m bot web`), with no
gateway: Discord is the stand-in REST API on loopback, Stripe the local Stripe server.
Due funding timeouts, auto-releases, a provider call to reconcile and 1,000 queued
notifications are waiting when they start; a worker is killed with SIGKILL in the middle
of its batch and restarted; a webhook served by the web process funds an escrow and its
notifications go out from the workers (the web process sends none). Every item is done
once, every notification arrives, no claim is left held, and SIGTERM stops each cleanly.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from bot.config import Settings
from bot.rails import Rails
from bot.sandbox.stripe_server import StripeServer
from models import escrow_actions, payments
from models.base import utcnow
from models.card_events import record_payment
from models.enums import (
    ContractStatus,
    EscrowStatus,
    ListingStatus,
    NotificationKind,
    NotificationStatus,
    OfferStatus,
    ProviderCallStatus,
)
from models.escrow import Escrow, EscrowEvent
from models.guild import Guild
from models.notification import Notification
from models.payments import ProviderCall
from models.user import User
from tests.conftest import WEBHOOK_SECRET
from tests.factories import make_contract, make_listing, make_offer, make_user
from tests.fakes.discord_api import FakeDiscordApi

ROOT = Path(__file__).resolve().parents[2]
QUEUED = 1000
DUE = 4  # escrows of each kind: timeouts, auto-releases


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(settings: Settings, db: str, api: str, **extra: Any) -> dict[str, str]:
    """The settings as a process reads them: environment variables."""
    values = {
        "DATABASE_URL": db,
        "DISCORD_TOKEN": "stand-in-token",
        "DISCORD_APPLICATION_ID": "1000",
        "DISCORD_API_BASE": api,
        "STRIPE_SECRET_KEY": settings.stripe_secret_key.get_secret_value()
        if settings.stripe_secret_key
        else "",
        "STRIPE_PUBLISHABLE_KEY": settings.stripe_publishable_key or "",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": settings.stripe_api_base or "",
        "ROBLOX_USERS_API": settings.roblox_users_api,
        "ROBLOX_GAMES_API": settings.roblox_games_api,
        "ROBLOX_APIS_API": settings.roblox_apis_api,
        "ROBLOX_GROUPS_API": settings.roblox_groups_api,
        "ROBLOX_THUMBNAILS_API": settings.roblox_thumbnails_api,
        "STAFF_USER_IDS": ",".join(str(i) for i in settings.staff_user_ids),
        "WEB_HOST": "127.0.0.1",
        "DB_POOL_MAX": "10",
        # Shared by every process: one audit chain, one set of payment links.
        "AUDIT_HMAC_KEY": "a" * 64,
        "LOG_LEVEL": "INFO",
        **{k.upper(): str(v) for k, v in extra.items()},
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DISCORD_"))}
    return {**env, **values, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


@dataclass
class Process:
    role: str
    env: dict[str, str]
    log: Path
    proc: asyncio.subprocess.Process | None = None
    runs: list[int] = field(default_factory=list)

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", self.role, cwd=ROOT, env=self.env, stderr=out
            )
        self.runs.append(self.proc.pid)

    def signal(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    async def wait(self, within: float) -> int:
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), within)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


async def until(check: Callable[[], Awaitable[bool]], what: str, within: float) -> None:
    """Poll until `check()` holds (what PostgreSQL and the stand-in show), or fail."""
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, f"never happened within {within:.0f} s: {what}"
        await asyncio.sleep(0.2)


async def advisory_locks() -> int:
    rows = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"
    )
    return int(rows[0]["n"])


async def open_escrow(rail: Any, n: int, *, paid: bool, stripe: StripeServer) -> Escrow:
    buyer = await make_user(discord_id=7_000_000 + n, username=f"buyer{n}")
    seller = await make_user(discord_id=8_000_000 + n, username=f"seller{n}")
    await seller.ensure_payout_account(rail)
    await seller.refresh_payouts(rail)
    guild = await Guild.ensure(9_000_000, "Trading Post")
    listing = await make_listing(
        seller=seller, guild=guild, price=20_000, status=ListingStatus.INACTIVE
    )
    offer = await make_offer(
        listing=listing, buyer=buyer, amount=20_000, status=OfferStatus.ACCEPTED
    )
    contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
    async with in_transaction() as conn:
        escrow = await Escrow.open_for_contract(
            contract, rail_threshold_cents=1_000_000, guild_id=guild.id, using_db=conn
        )
    if paid:
        intent_id = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=rail)
        intent = await stripe.pay(intent_id)
        assert (await record_payment(intent)).result == "funded"
    return escrow


async def test_two_workers_and_a_web_process_share_the_work_and_lose_nothing(
    db: str,
    settings: Settings,
    stripe: StripeServer,
    api: tuple[FakeDiscordApi, str],
    tmp_path: Path,
) -> None:
    fake, api_url = api
    fake.delay = 0.02  # slow enough for a kill to land in the middle of a batch
    rails = Rails.from_settings(settings)
    rail = rails.stripe
    assert rail is not None
    past = utcnow() - dt.timedelta(minutes=1)
    # Due funding timeouts.
    timeouts = [await open_escrow(rail, n, paid=False, stripe=stripe) for n in range(DUE)]
    await Escrow.filter(id__in=[e.id for e in timeouts]).update(expires_at=past)
    # Due auto-releases.
    releases = [await open_escrow(rail, 100 + n, paid=True, stripe=stripe) for n in range(DUE)]
    for escrow in releases:
        seller = await User.get(id=escrow.seller_id)
        await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    await Escrow.filter(id__in=[e.id for e in releases]).update(auto_release_at=past)
    # A release whose transfer the provider didn't answer: the reconciler finishes it.
    stale = await open_escrow(rail, 200, paid=True, stripe=stripe)
    seller = await User.get(id=stale.seller_id)
    buyer = await User.get(id=stale.buyer_id)
    await escrow_actions.mark_delivered(stale.id, by=seller, evidence={})
    stripe.fail_next("POST", r"^/v1/transfers$", status=500, times=3)
    with pytest.raises(payments.ProviderPending):
        await escrow_actions.release(stale.id, rail=rail, by=buyer)
    await ProviderCall.filter(escrow_id=stale.id).update(updated_at=past - dt.timedelta(hours=1))
    # An escrow waiting for its payment: the webhook will come to the web process.
    waiting = await open_escrow(rail, 300, paid=False, stripe=stripe)
    transfers_before = len(stripe.transfers())
    # 1,000 notifications nobody has sent.
    async with in_transaction() as conn:
        for n in range(QUEUED):
            await Notification.queue(
                NotificationKind.POST, 50_000 + n % 50, {"content": f"n{n}"}, conn=conn
            )

    web_port = free_port()
    workers = [
        Process(
            "worker",
            environment(settings, db, api_url, data_dir=tmp_path / f"w{i}", jobs="all"),
            tmp_path / f"worker{i}.log",
        )
        for i in (1, 2)
    ]
    web = Process(
        "web",
        environment(
            settings,
            db,
            api_url,
            data_dir=tmp_path / "web",
            jobs="none",
            outbox_send="false",
            web_port=web_port,
        ),
        tmp_path / "web.log",
    )
    everyone = [*workers, web]
    try:
        for process in everyone:
            await process.start()

        # A worker dies in the middle of its batch, and comes back.
        victim = workers[0]
        await fake.wait_for(lambda: len(fake.contents()) >= 200, within=120)
        victim.signal(signal.SIGKILL)
        assert await victim.wait(10) == -signal.SIGKILL
        assert len({c for c in fake.contents() if c.startswith("n")}) < QUEUED  # mid-batch
        await victim.start()

        # A payment confirmed to the web process funds the waiting escrow.
        stripe.add_webhook(f"http://127.0.0.1:{web_port}/webhooks/stripe", WEBHOOK_SECRET)

        async def web_up() -> bool:
            try:
                socket.create_connection(("127.0.0.1", web_port), timeout=0.2).close()
            except OSError:
                return False
            return True

        await until(web_up, "the web process listens", 60)
        intent_id = await escrow_actions.payment_intent_for(
            waiting.id, by=await User.get(id=waiting.buyer_id), rail=rail
        )
        await stripe.pay(intent_id)
        await stripe.drain_webhooks()

        async def funded() -> bool:
            row = await Escrow.get(id=waiting.id)
            return row.status is EscrowStatus.FUNDS_HELD

        await until(funded, "the webhook funds the escrow", 30)
        buyer_dm = fake.dm_channel_of(7_000_000 + 300)

        def to_buyer() -> list[str]:
            return [s.payload.get("content") or "" for s in fake.sent if s.channel_id == buyer_dm]

        await fake.wait_for(lambda: any("is held safely" in c for c in to_buyer()), within=60)

        async def all_done() -> bool:
            left = await Notification.filter(status=NotificationStatus.PENDING).count()
            cancelled = await Escrow.filter(
                id__in=[e.id for e in timeouts], status=EscrowStatus.CANCELLED
            ).count()
            released = await Escrow.filter(
                id__in=[e.id for e in (*releases, stale)], status=EscrowStatus.RELEASED
            ).count()
            return (left, cancelled, released) == (0, DUE, DUE + 1)

        await until(all_done, "every item done and every notification sent", 120)
        # No claim is left held by a live process (a session lock leaked by a cancelled
        # step would stay until its connection closes, and block that item for good).
        await until(lambda: _none(advisory_locks), "no advisory lock held", 15)

        # SIGTERM: each process finishes what it is doing and stops cleanly.
        for process in everyone:
            process.signal(signal.SIGTERM)
        codes = [await process.wait(60) for process in everyone]
        assert codes == [0, 0, 0], [p.output()[-2000:] for p in everyone]
        for process in everyone:
            assert "Bloxtr8 stopped cleanly." in process.output()
    finally:
        await rails.close()
        for process in everyone:
            if process.proc is not None and process.proc.returncode is None:
                process.proc.kill()
                await process.proc.wait()

    # Every notification arrived; only the few in flight at the kill may have come twice.
    counts = collections.Counter(c for c in fake.contents() if c.startswith("n"))
    assert set(counts) == {f"n{n}" for n in range(QUEUED)}
    assert sum(counts.values()) - QUEUED <= 4, counts.most_common(5)
    assert await Notification.filter(status=NotificationStatus.FAILED).count() == 0
    # Every due item was done once, whichever process did it.
    for escrow in timeouts:
        assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.CANCELLED
        moves = await EscrowEvent.filter(escrow_id=escrow.id, to_status=EscrowStatus.CANCELLED)
        assert len(moves) == 1
    for escrow in (*releases, stale):
        assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
        moves = await EscrowEvent.filter(escrow_id=escrow.id, to_status=EscrowStatus.RELEASED)
        assert len(moves) == 1
    calls = await ProviderCall.filter(escrow_id__in=[e.id for e in (*releases, stale)])
    assert all(c.status is ProviderCallStatus.SUCCEEDED for c in calls)
    assert len(stripe.transfers()) - transfers_before == DUE + 1  # one transfer each
    # The parties heard about it from the workers (the web process sends nothing).
    for n in range(DUE):
        dm = fake.dm_channel_of(7_000_000 + n)
        said = [s.payload.get("content") or "" for s in fake.sent if s.channel_id == dm]
        assert any("is called off" in c for c in said), said  # the timeout DM (jobs._timed_out)
    # One trade card per escrow and party, however many processes rendered them (two
    # first renders at once would each send one), and nothing went wrong on the way.
    firsts = collections.Counter(
        (s.channel_id, e.get("title", ""))
        for s in fake.sent
        if not s.edited
        for e in s.payload.get("embeds", [])
        if "· trade " in e.get("title", "")
    )
    assert firsts and set(firsts.values()) == {1}, firsts.most_common(3)
    assert fake.deleted == []
    for process in everyone:
        assert "Traceback" not in process.output(), process.output()[-3000:]
    # The funded escrow's trade cards were rendered from its state by a worker.
    titles = [
        e.get("title", "")
        for s in fake.sent
        if s.channel_id == buyer_dm
        for e in s.payload.get("embeds", [])
    ]
    assert any(t.endswith(f"trade {waiting.id}") for t in titles)


async def _none(count: Callable[[], Awaitable[int]]) -> bool:
    return await count() == 0


async def test_a_cancelled_job_step_leaves_no_claim_behind(db: str) -> None:
    """Job steps are cancelled (shutdown past its grace, a timeout, a second cancel while
    the first unwinds). Whatever the moment, the claim must go with the step: a claim left
    on a pooled connection blocks its item in every process for the connection's life."""
    from models.claims import CLAIM_ESCROW, claimed

    async def step() -> None:
        async with claimed(CLAIM_ESCROW, 1):
            await asyncio.sleep(10)

    for n in range(300):
        task = asyncio.create_task(step())
        for _ in range(n % 7):  # cancel at a different point of the claim each time
            await asyncio.sleep(0)
        task.cancel()
        if n % 2:  # and once more while the first cancellation unwinds
            await asyncio.sleep(0)
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await until(lambda: _none(advisory_locks), f"the claim released (try {n})", 2)
    async with claimed(CLAIM_ESCROW, 1) as mine:
        assert mine  # another worker can take the item

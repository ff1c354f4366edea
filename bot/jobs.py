"""Background jobs: one loop helper, one failure policy, and the jobs themselves.

`JobRunner.every(seconds, name, step)` runs `step` after the bot is ready and then every
`seconds`. A step that raises is logged with a reference id and tried again after an
exponential back-off (one interval, two, four, … capped), and the loop goes on: a job
never dies silently. `stop()` (called when the bot closes) cancels every loop and waits
for it to end.

The job bodies below call model functions, which are safe with several bot processes
(each item is claimed under a row or advisory lock, or guarded by its state); what people
are told afterwards is a callback the cog provides.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from discord.ext import tasks
from tortoise import connections

from bot.logs import new_ref
from models import escrow_actions, payments
from models.audit import seal_pending
from models.base import utcnow
from models.contract import Contract
from models.dispute import Dispute, Due
from models.enums import EscrowRail
from models.errors import DomainError
from models.escrow import Escrow
from models.offer import Offer
from models.payments import ProviderCall

if TYPE_CHECKING:
    import discord

    from bot.outbox import Sender
    from bot.rails import Rails

log = logging.getLogger(__name__)

T = TypeVar("T")
Step = Callable[[], Awaitable[Any]]
Tell = Callable[[int, str], Awaitable[Any]]

MAX_BACKOFF_SECONDS = 600.0

# Advisory lock namespaces (first key) of the items jobs claim; the second key is the row id.
CLAIM_ESCROW = 0x0B10_0E5C
CLAIM_PROVIDER_CALL = 0x0B10_0CA1


@contextlib.asynccontextmanager
async def claimed(namespace: int, item_id: int) -> AsyncIterator[bool]:
    """Claim one item for the whole of its work: a session advisory lock on its own pool
    connection, held until the block ends. Yields False when another process holds it.

    A row lock taken with `FOR UPDATE SKIP LOCKED` in a transaction that commits before the
    work starts claims nothing: a second process finds the row free and does the same item.
    Holding the claim outside the work's own transactions also keeps it across a provider
    call, which must never happen inside an open transaction.
    """
    async with connections.get("default").acquire_connection() as conn:
        mine = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", namespace, item_id))
        try:
            yield mine
        finally:
            if mine:
                await conn.fetchval("SELECT pg_advisory_unlock($1, $2)", namespace, item_id)


def backoff(interval: float, failures: int, cap: float = MAX_BACKOFF_SECONDS) -> float:
    """Seconds to wait after `failures` failed runs in a row (0 = the normal interval)."""
    if failures <= 0:
        return interval
    return min(interval * 2 ** (failures - 1), max(cap, interval))


class JobRunner:
    """Owns every background loop of one bot process.

    Each job is a `discord.ext.tasks` loop (so it sleeps the way discord.py's loops do)
    whose body applies the one failure policy; the interval grows while a job keeps
    failing and returns to normal after a success.
    """

    def __init__(self, client: discord.Client, *, cap: float = MAX_BACKOFF_SECONDS) -> None:
        self.client = client
        self.cap = cap
        self._loops: dict[str, tasks.Loop[Any]] = {}
        self.failures: dict[str, int] = {}

    def every(self, seconds: float, name: str, step: Step) -> None:
        """Run `step` once the bot is ready, then every `seconds` (replacing `name`)."""
        self.cancel(name)
        self.failures[name] = 0

        async def run() -> None:
            try:
                await step()
            except Exception:
                self.failures[name] += 1
                delay = backoff(seconds, self.failures[name], self.cap)
                log.exception(
                    "Job %s failed (ref %s, %s time(s) in a row); next try in %.0f s",
                    name,
                    new_ref(),
                    self.failures[name],
                    delay,
                )
                loop.change_interval(seconds=delay)
            else:
                if self.failures[name]:
                    loop.change_interval(seconds=seconds)
                self.failures[name] = 0

        loop: tasks.Loop[Any] = tasks.loop(seconds=seconds, name=f"job:{name}")(run)
        loop.before_loop(self.client.wait_until_ready)
        self._loops[name] = loop
        loop.start()

    def cancel(self, name: str) -> None:
        loop = self._loops.pop(name, None)
        if loop is not None:
            loop.cancel()

    @property
    def names(self) -> list[str]:
        return sorted(self._loops)

    async def stop(self) -> None:
        """Cancel every loop and wait until each has ended."""
        running = [loop.get_task() for loop in self._loops.values()]
        for name in list(self._loops):
            self.cancel(name)
        await asyncio.gather(*(t for t in running if t is not None), return_exceptions=True)


async def each(items: Iterable[T], act: Callable[[T], Awaitable[Any]], what: str) -> int:
    """Run `act` on every item; one item's failure is logged (with a reference) and the
    others go on. Returns how many succeeded."""
    done = 0
    for item in items:
        try:
            await act(item)
        except Exception:
            log.exception("%s failed for %r (ref %s)", what, item, new_ref())
        else:
            done += 1
    return done


# --- the jobs -------------------------------------------------------------------------------


async def seal_audit() -> int:
    """Seal new audit rows into the hash chain (one sealer at a time: an advisory lock)."""
    sealed = await seal_pending()
    if sealed:
        log.debug("Sealed %s audit rows", sealed)
    return sealed


async def expire_offers(
    on_expired: Callable[[Offer], Awaitable[Any]], now: dt.datetime | None = None
) -> int:
    """PENDING offers past their expiry become EXPIRED; `on_expired` tells the parties."""
    expired = await Offer.expire_due(now or utcnow())
    await each(expired, on_expired, "Telling about an expired offer")
    return len(expired)


async def escrow_deadlines(
    rails: Rails, tell: Tell, now: dt.datetime | None = None
) -> dict[str, int]:
    """Funding timeouts, auto-release and reconciliation. Correct with several processes:
    every step re-checks state under its own row lock and idempotency key."""
    now = now or utcnow()
    counts = {"cancelled": 0, "released": 0, "reconciled": 0}
    for escrow_id in await escrow_actions.due_for_timeout(now):
        async with claimed(CLAIM_ESCROW, escrow_id) as mine:
            if mine and await _time_out(escrow_id, rails, tell, now):
                counts["cancelled"] += 1
    if not rails.configured(EscrowRail.STRIPE):
        return counts
    rail = rails[EscrowRail.STRIPE]
    for escrow_id in await escrow_actions.due_for_release(now):
        async with claimed(CLAIM_ESCROW, escrow_id) as mine:
            if mine and await _auto_release(escrow_id, rail, tell):
                counts["released"] += 1
    counts["reconciled"] = await reconcile(rail)
    return counts


async def _time_out(escrow_id: int, rails: Rails, tell: Tell, now: dt.datetime) -> bool:
    try:
        done = await escrow_actions.cancel(
            escrow_id, rail=rails[EscrowRail.STRIPE], actor_label="job:funding-timeout", now=now
        )
    except DomainError as exc:
        log.info("Funding timeout of escrow %s skipped: %s", escrow_id, exc.message)
        return False
    for party in done.party_ids():
        await tell(party, f"Escrow #{done.id} was cancelled: no payment arrived within 72 hours.")
    return True


async def _auto_release(escrow_id: int, rail: Any, tell: Tell) -> bool:
    try:
        done = await escrow_actions.release(escrow_id, rail=rail, actor_label="job:auto-release")
    except escrow_actions.PayoutAccountMissing as exc:
        escrow = await Escrow.get(id=escrow_id)
        await tell(escrow.seller_id, exc.message)
        return False
    except DomainError as exc:
        log.info("Auto-release of escrow %s skipped: %s", escrow_id, exc.message)
        return False
    for party in done.party_ids():
        await tell(
            party,
            f"Escrow #{done.id} was released to the seller automatically after the "
            "inspection period.",
        )
    return True


async def reconcile(rail: Any, *, older_than_seconds: int = 60) -> int:
    """Finish provider calls left PENDING by a crash or an outage; returns how many.

    `claim_stale` only leases a call (its `updated_at`), committed before the provider is
    called; each call is also claimed here for the whole settlement, so a second process
    whose lease check lets the call through (a slow provider, a short lease) skips it
    instead of calling the provider a second time.
    """
    finished = 0
    for call_id in await ProviderCall.claim_stale(older_than_seconds=older_than_seconds):
        async with claimed(CLAIM_PROVIDER_CALL, call_id) as mine:
            if not mine:
                continue
            try:
                await payments.settle(call_id, rail)
                finished += 1
            except DomainError as exc:
                log.warning("Reconciling provider call %s: %s", call_id, exc.message)
    return finished


async def dispute_deadlines(
    on_overdue: Callable[[tuple[Dispute, dict[str, Any]]], Awaitable[Any]],
    on_due: Callable[[Due], Awaitable[Any]],
    on_closed: Callable[[int], Awaitable[Any]],
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Unanswered evidence requests, disputes past their deadline (remind, then escalate),
    and disputes whose money finished late (close, then `on_closed` tells the parties).
    Never moves any money; each step is recorded before anyone is told."""
    now = now or utcnow()
    overdue = await Dispute.overdue_requests(now)
    await each(overdue, on_overdue, "Reporting an overdue evidence request")
    due = await Dispute.run_deadlines(now)
    await each(due, on_due, "Reporting a dispute deadline")
    closed = 0
    for dispute_id in await Dispute.resolved_to_close():
        # Close first, so only one process tells the parties.
        if await Dispute.close(dispute_id, actor_label="job:dispute-deadlines"):
            closed += 1
            await on_closed(dispute_id)
    return {
        "reminded": sum(d.step == "remind" for d in due),
        "escalated": sum(d.step != "remind" for d in due),
        "closed": closed,
        "overdue": len(overdue),
    }


async def missing_contracts(
    make_contract: Callable[[int], Awaitable[bool]], now: dt.datetime | None = None
) -> int:
    """Make the contracts that acceptance didn't get to (a crash, a disk error); returns
    how many. Creation locks the offer and the database allows one contract per offer,
    so only one process makes (and announces) each."""
    made = 0

    async def make(offer_id: int) -> None:
        nonlocal made
        made += await make_contract(offer_id)

    await each(await Contract.offers_missing_one(now), make, "Making a missing contract")
    return made


async def deliver_notifications(sender: Sender) -> int:
    """Send the outbox rows that are due: written while no sender listened (a crash after
    the commit, another process) or waiting for a retry. Each row is claimed with
    `FOR UPDATE SKIP LOCKED` and locked for its send, so several processes share the work."""
    sent = await sender.drain()
    if sent:
        log.debug("Sent %s queued notifications", sent)
    return sent

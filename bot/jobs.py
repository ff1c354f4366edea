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
import contextvars
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from discord.ext import tasks

from bot import metrics
from bot.logs import new_ref
from bot.ui.labels import when
from models import escrow_jobs, payments
from models.audit import seal_pending
from models.base import utcnow
from models.claims import CLAIM_PROVIDER_CALL, claimed
from models.contract import Contract
from models.dispute import Dispute, Due
from models.enums import EscrowRail
from models.errors import DomainError
from models.escrow import Escrow
from models.money import format_amount
from models.offer import Offer
from models.payments import ProviderCall

if TYPE_CHECKING:
    import discord

    from bot.outbox import Sender
    from bot.rails import Rails

log = logging.getLogger(__name__)

T = TypeVar("T")
Step = Callable[[], Awaitable[Any]]
Tell = Callable[..., Awaitable[Any]]
"""`tell(user_id, text, conn=None)`: a DM to a party, written in `conn`'s transaction."""

MAX_BACKOFF_SECONDS = 600.0
# Whether the job run this code is part of should stop after its current item.
_stopping: contextvars.ContextVar[Callable[[], bool]] = contextvars.ContextVar(
    "job_stopping", default=lambda: False
)
STOP_GRACE_SECONDS = 30.0  # a job run in progress at shutdown may take this long

CLAIM_CHAIN_RETURN = 0x0B10_0C4E

# How far the jobs' clock runs ahead of the real one. Zero except in `bloxtr8 demo`, whose
# clock control jumps it forward so that timeouts and auto-release can be watched.
_clock_offset = dt.timedelta(0)


def job_now() -> dt.datetime:
    """The time the jobs act at: now, plus the demo's offset."""
    return utcnow() + _clock_offset


def advance_clock(by: dt.timedelta) -> dt.datetime:
    """Move the jobs' clock forward (the demo's clock control); returns the new time."""
    global _clock_offset
    _clock_offset += by
    return job_now()


def backoff(interval: float, failures: int, cap: float = MAX_BACKOFF_SECONDS) -> float:
    """Seconds to wait after `failures` failed runs in a row (0 = the normal interval)."""
    if failures <= 0:
        return interval
    return float(min(interval * 2 ** (failures - 1), max(cap, interval)))


class JobRunner:
    """Owns every background loop of one bot process.

    Each job is a `discord.ext.tasks` loop (so it sleeps the way discord.py's loops do)
    whose body applies the one failure policy; the interval grows while a job keeps
    failing and returns to normal after a success.
    """

    def __init__(
        self,
        client: discord.Client,
        *,
        cap: float = MAX_BACKOFF_SECONDS,
        only: Collection[str] | None = None,
    ) -> None:
        self.client = client
        self.cap = cap
        self.only = None if only is None else set(only)  # the jobs placed in this process
        self._loops: dict[str, tasks.Loop[Any]] = {}
        self._busy: set[str] = set()
        self._stopping = False
        self._steps: dict[str, Step] = {}
        self.failures: dict[str, int] = {}

    def every(self, seconds: float, name: str, step: Step) -> None:
        """Run `step` once the bot is ready, then every `seconds` (replacing `name`); not
        at all when the `jobs` setting places it in other processes."""
        if self.only is not None and name not in self.only:
            log.debug("Job %s runs in other processes", name)
            return
        self.cancel(name)
        self.failures[name] = 0
        due: list[float] = []  # when the next run is due (monotonic), once one has run
        self._steps[name] = step

        async def run() -> None:
            if self._stopping:
                return
            started = time.monotonic()
            lag = started - due[0] if due else 0.0
            self._busy.add(name)
            _stopping.set(lambda: self._stopping)  # `each` stops between items when True
            try:
                await step()
            except Exception:
                self.failures[name] += 1
                delay = backoff(seconds, self.failures[name], self.cap)
                metrics.job_ran(name, False, time.monotonic() - started, lag)
                due[:] = [started + delay]  # the loop counts from the start of a run
                ref = new_ref()
                log.exception(
                    "Job %s failed (ref %s, %s time(s) in a row); next try in %.0f s",
                    name,
                    ref,
                    self.failures[name],
                    delay,
                    extra={"ref": ref, "job": name},
                )
                loop.change_interval(seconds=delay)
            else:
                if self.failures[name]:
                    loop.change_interval(seconds=seconds)
                self.failures[name] = 0
                metrics.job_ran(name, True, time.monotonic() - started, lag)
                due[:] = [started + seconds]
            finally:
                self._busy.discard(name)

        loop: tasks.Loop[Any] = tasks.loop(seconds=seconds, name=f"job:{name}")(run)
        loop.before_loop(self.client.wait_until_ready)
        self._loops[name] = loop
        loop.start()

    def cancel(self, name: str) -> None:
        loop = self._loops.pop(name, None)
        if loop is not None:
            loop.cancel()

    async def run_all(self) -> None:
        """Run every job's step once, now (after the demo moves the clock)."""
        for name, step in list(self._steps.items()):
            try:
                await step()
            except Exception:
                log.exception("Job %s failed (ref %s) on a run on demand", name, new_ref())

    @property
    def names(self) -> list[str]:
        return sorted(self._loops)

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop every loop: one that is waiting is cancelled; one in the middle of a run
        finishes it (up to `grace` seconds, then it is cancelled too)."""
        self._stopping = True
        busy = {name: self._loops[name] for name in self._busy if name in self._loops}
        for name in list(self._loops):
            if name not in busy:
                self.cancel(name)
        running = [t for t in (loop.get_task() for loop in busy.values()) if t is not None]
        for loop in busy.values():
            loop.stop()  # no next run after this one
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                log.warning("A job did not finish within %.0f s of shutdown; cancelled", grace)
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
        self._loops.clear()


async def each(items: Iterable[T], act: Callable[[T], Awaitable[Any]], what: str) -> int:
    """Run `act` on every item; one item's failure is logged (with a reference) and the
    others go on. Returns how many succeeded. When the process is shutting down, the item
    in progress is finished and the rest left for the next run (here or elsewhere)."""
    done = 0
    for item in items:
        if _stopping.get()():
            log.info("%s: shutting down, the rest is left for the next run", what)
            break
        try:
            await act(item)
        except Exception:
            ref = new_ref()
            log.exception("%s failed for %r (ref %s)", what, item, ref, extra={"ref": ref})
        else:
            done += 1
    return done


# --- the jobs -------------------------------------------------------------------------------


async def seal_audit() -> int:
    """Seal new audit rows into the hash chain (one sealer at a time: an advisory lock)."""
    sealed = await seal_pending(SEAL_BATCH, rest=JOB_REST)
    if sealed:
        log.debug("Sealed %s audit rows", sealed)
    return sealed


EXPIRY_BATCH = 100  # offers per statement (`Offer.expire_due`): a short stall each
EXPIRY_BUDGET_SECONDS = 5.0  # one run catches up on a backlog for at most this long
SEAL_BATCH = 250  # audit rows per sealing transaction (`seal_pending`)
# Catching up on a backlog, a job rests this many times as long as its last batch took before
# the next: it holds the database (and the event loop it shares) at most a seventh of the
# time, and interactions arriving meanwhile go first. At 1M listings with 32 members at
# once and the jobs in a worker process (bench/commands_under_jobs.py --jobs-in-worker),
# resting 3 times as long put command p99 at 17-43 ms while the jobs drained (~500 offers
# a second), resting 6 times as long at 13-19 ms in the same sitting (~300 a second).
JOB_REST = 6.0


async def expire_offers(
    on_expired: Callable[[list[Offer], Any], Awaitable[Any]],
    now: dt.datetime | None = None,
    *,
    batch: int = EXPIRY_BATCH,
    budget_seconds: float = EXPIRY_BUDGET_SECONDS,
) -> int:
    """PENDING offers past their expiry become EXPIRED; `on_expired(offers, conn)` tells
    the parties of a batch in the transaction that expires it.

    In bounded batches (one short statement each, its parties told in one more): after a
    full batch the next is taken, to catch up on a backlog, until the run has spent
    `budget_seconds`; the rest waits for the next run. Between batches it rests
    (`JOB_REST`)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + budget_seconds
    total = 0
    while True:
        started = loop.time()
        expired = await Offer.expire_due(now or job_now(), limit=batch, then=on_expired)
        total += len(expired)
        if len(expired) < batch or loop.time() >= until:
            return total
        await asyncio.sleep((loop.time() - started) * JOB_REST)


async def escrow_deadlines(
    rails: Rails, tell: Tell, now: dt.datetime | None = None
) -> dict[str, int]:
    """Funding timeouts, auto-release and reconciliation, each escrow claimed for its step
    (`models.escrow_jobs`); both parties' DMs are written in the transaction that cancels
    or releases the escrow. An escrow set aside for a lasting reason is skipped for a day
    and its party told once, then at most daily, in one message however many there are.
    At shutdown a round stops between escrows."""
    now = now or job_now()
    stopping = _stopping.get()
    counts = {"cancelled": 0, "released": 0, "reconciled": 0}

    async def timed_out(done: Escrow, conn: Any) -> None:
        await tell(done.buyer_id, _timed_out(done, "buyer"), conn=conn)
        await tell(done.seller_id, _timed_out(done, "seller"), conn=conn)

    timeouts = await escrow_jobs.timeout_round(
        now, lambda eid: _rail_or_refusal(eid, rails), then=timed_out, stopping=stopping
    )
    counts["cancelled"] = len(timeouts.done)
    await _tell_set_aside(tell, timeouts.set_aside, "buyer")
    # Each release's DMs are written with its completion (`payments.complete`), on
    # whichever path finishes it: here, or the reconciler or payouts job later.
    releases = await escrow_jobs.release_round(
        now, lambda eid: _rail_of(eid, rails), stopping=stopping
    )
    counts["released"] = len(releases.done)
    await _tell_set_aside(tell, releases.set_aside, "seller")
    counts["reconciled"] = await reconcile(rails)
    return counts


def _timed_out(escrow: Escrow, role: str) -> str:
    """What each party reads when the funding deadline passed without a payment."""
    deadline = when(escrow.expires_at)
    if role == "buyer":
        return (
            f"Trade #{escrow.id} is called off: no payment arrived in time. You had until "
            f"{deadline} to pay {format_amount(escrow.amount)}; nothing was charged. The "
            "listing is for sale again, so you can make a new offer if you still want it."
        )
    return (
        f"Trade #{escrow.id} is called off: no payment arrived in time (the buyer had until "
        f"{deadline}). Nothing changes hands, and your listing is for sale again: other "
        "buyers can make offers."
    )


async def _tell_set_aside(tell: Tell, set_aside: list[escrow_jobs.SetAside], role: str) -> None:
    """One DM per party for the escrows a round set aside and may tell about."""
    grouped: dict[int, list[escrow_jobs.SetAside]] = {}
    for aside in set_aside:
        if aside.tell:
            party = aside.escrow.seller_id if role == "seller" else aside.escrow.buyer_id
            grouped.setdefault(party, []).append(aside)
    for party, asides in grouped.items():
        if len(asides) == 1:
            await tell(party, asides[0].reason)
            continue
        ids = [a.escrow.id for a in asides]
        shown = ", ".join(f"#{i}" for i in ids[:20]) + (
            f" and {len(ids) - 20} more" if len(ids) > 20 else ""
        )
        await tell(
            party,
            f"{len(ids)} of your escrows ({shown}) can't go ahead yet; their payments stay "
            f"safely held. For example: {asides[0].reason} Bloxtr8 tries again daily.",
        )


async def _rail_of(escrow_id: int, rails: Rails) -> Any:
    """The configured rail the escrow's money is on, or None (nothing can move it here)."""
    kind = await _kind(Escrow, escrow_id)
    if kind is None or not rails.configured(kind):
        return None
    return rails[kind]


async def _kind(model: Any, row_id: int) -> EscrowRail | None:
    """The rail an escrow or a provider call is on (None: no such row)."""
    rows: list[Any] = list(await model.filter(id=row_id).values_list("rail", flat=True))
    return EscrowRail(rows[0]) if rows else None


async def _rail_or_refusal(escrow_id: int, rails: Rails) -> Any:
    """The rail the escrow is on; an unconfigured one refuses money calls plainly."""
    return rails[await _kind(Escrow, escrow_id) or EscrowRail.STRIPE]


async def reconcile(rails: Rails | Any, *, older_than_seconds: int = 60) -> int:
    """Finish provider calls left PENDING by a crash or an outage; returns how many.

    `rails` is the registry (each call goes to the rail it was recorded for: a card
    refund to Stripe, a USDC release to the chain) or one rail for every call.
    `claim_stale` only leases a call (its `updated_at`), committed before the provider is
    called; each call is also claimed here for the whole settlement, so a second process
    whose lease check lets the call through (a slow provider, a short lease) skips it
    instead of calling the provider a second time.
    """
    from bot.rails import Rails

    finished = 0
    for call_id in await ProviderCall.claim_stale(older_than_seconds=older_than_seconds):
        async with claimed(CLAIM_PROVIDER_CALL, call_id) as mine:
            if not mine:
                continue
            if isinstance(rails, Rails):
                kind = await _kind(ProviderCall, call_id)
                if kind is None or not rails.configured(kind):
                    continue  # left pending for a process that has this rail
                rail = rails[kind]
            else:
                rail = rails
            try:
                await payments.settle(call_id, rail)
                finished += 1
            except DomainError as exc:
                log.warning("Reconciling provider call %s: %s", call_id, exc.message)
    return finished


async def dispute_deadlines(
    on_overdue: Callable[[tuple[Dispute, dict[str, Any]], Any], Awaitable[Any]],
    on_due: Callable[[Due, Any], Awaitable[Any]],
    on_closed: Callable[[Dispute, Any], Awaitable[Any]],
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Unanswered evidence requests, disputes past their deadline (remind, then escalate),
    and disputes whose money finished late (closed, with `on_closed(dispute, conn)`
    telling the parties in the closing transaction). Never moves any money; what each
    step tells (`on_overdue(found, conn)`, `on_due(due, conn)`) is written in the
    transaction that records it."""
    now = now or job_now()
    overdue = await Dispute.overdue_requests(now, then=on_overdue)
    due = await Dispute.run_deadlines(now, then=on_due)
    closed = 0
    for dispute_id in await Dispute.resolved_to_close():
        # The parties are told in the closing transaction: once, by the process closing it.
        if await Dispute.close(dispute_id, actor_label="job:dispute-deadlines", then=on_closed):
            closed += 1
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


# --- the USDC rail ---------------------------------------------------------------------------

DEPOSIT_POLL_SECONDS = 15
RETURNS_SECONDS = 60


async def watch_deposits(
    watcher: Any, on_counted: Callable[[Any, Any], Awaitable[Any]]
) -> dict[str, int]:
    """One poll of the deposit watcher (cursor, finality, reorganisations, screening of the
    sender); `on_counted(outcome, conn)` tells the parties about each deposit counted
    (funded, partly paid, or to be returned) in the transaction that counts it. The
    watcher is safe to run in several processes: each log counts once under its unique
    key and the escrow's row lock."""
    report = await watcher.poll(then=on_counted)
    return {
        "seen": report.seen,
        "counted": len(report.counted),
        "vanished": report.vanished,
        "blocked": report.blocked,
    }


async def return_owed_payments(rails: Rails, *, limit: int = 50) -> int:
    """Send back over-payments and payments that arrived after an escrow closed (each to
    the address it came from, through the outbox; screened first, fails closed)."""
    from models.chain import ChainReturn, ReturnStatus
    from models.stablecoin import return_owed

    if not rails.configured(EscrowRail.USDC_BASE):
        return 0
    rail = rails[EscrowRail.USDC_BASE]
    owed: list[Any] = list(
        await ChainReturn.filter(status=ReturnStatus.OWED)
        .order_by("id")
        .limit(limit)
        .values_list("id", flat=True)
    )
    returned = 0

    async def send_back(return_id: Any) -> None:
        nonlocal returned
        async with claimed(CLAIM_CHAIN_RETURN, return_id) as mine:
            if not mine:
                return
            done = await return_owed(return_id, rail=rail, screeners=rails.screeners)
            returned += done.status is ReturnStatus.RETURNED

    await each(owed, send_back, "Returning a USDC payment")
    return returned


GAS_CHECK_SECONDS = 300


async def check_operator_gas(rail: Any, minimum_wei: int) -> tuple[int, bool]:
    """The operator key's balance (it pays the gas of every release and refund) and
    whether it is below `minimum_wei`. Without gas, payouts stay pending until refilled."""
    balance = int(await rail.w3.eth.get_balance(rail.signer.address))
    low = balance < minimum_wei
    if low:
        log.warning(
            "Operator %s has %s wei of gas, below the %s wei minimum: refill it",
            rail.signer.address,
            balance,
            minimum_wei,
        )
    return balance, low


async def deliver_notifications(sender: Sender) -> int:
    """Send the outbox rows that are due: written while no sender listened (a crash after
    the commit, another process) or waiting for a retry. Each row is claimed with
    `FOR UPDATE SKIP LOCKED` and locked for its send, so several processes share the work."""
    sent = await sender.drain()
    if sent:
        log.debug("Sent %s queued notifications", sent)
    return sent

"""The escrow jobs' rounds: funding timeouts and auto-release, fair to every escrow.

A round walks every due escrow once, in id order, in batches (keyset pagination), so no
escrow waits behind others however many fail. An escrow a job cannot finish for a lasting
reason (the seller has no payout account, the provider refused) is set aside with that
reason: the job skips it for a day, and its party is told once, then at most daily
(`Escrow.set_aside_*`). Passing failures (the provider not answering, another step under
way) are left for the next round, untold.

What the parties are told about an escrow a round finished is written by the round's
`then(escrow, conn)` in the transaction that finishes it (`models.notification.Then`). A
round stops between escrows once `stopping()` says the process is shutting down (the
rest are due again at the next round, here or in another process).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from models import escrow_actions
from models.claims import CLAIM_ESCROW, claimed
from models.errors import DomainError
from models.escrow import Escrow
from models.payments import CallNotice, ProviderSaidNo
from models.stablecoin import WalletMissing

if TYPE_CHECKING:
    from models.notification import Then
    from models.provider import Rail

log = logging.getLogger(__name__)

SET_ASIDE_FOR = dt.timedelta(days=1)
TELL_AT_MOST_EVERY = dt.timedelta(days=1)
BATCH = 100

RailOf = Callable[[int], Awaitable["Rail | None"]]
"""The rail an escrow's money is on, by escrow id (None: this process can't move it)."""
Stopping = Callable[[], bool]


def _never() -> bool:
    return False


class _NoMoney:
    """An unfunded escrow's cancellation moves no money; any call it tried is refused."""

    async def execute(self, call: object) -> object:
        from models.provider import ProviderRefused

        raise ProviderRefused("no payment rail is configured here")


_NO_MONEY: Rail = _NoMoney()  # type: ignore[assignment]


@dataclass(frozen=True)
class SetAside:
    escrow: Escrow
    reason: str
    tell: bool  # whether the party should hear about it now (once, then at most daily)


@dataclass
class Round:
    done: list[Escrow] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    skipped: int = 0


async def release_round(
    now: dt.datetime,
    rail_of: RailOf,
    *,
    batch: int = BATCH,
    then: Then[Escrow] | None = None,
    stopping: Stopping = _never,
) -> Round:
    """Release every delivered escrow whose inspection period ended (not set aside), each
    through the rail it is held on (`rail_of`: None when this process can't move it)."""
    result = Round()
    async for escrow_id in _due_ids(escrow_actions.due_for_release, now, batch, stopping):
        rail = await rail_of(escrow_id)
        if rail is None:
            continue

        async def release(escrow_id: int = escrow_id, rail: Rail = rail) -> Escrow:
            return await escrow_actions.release(
                escrow_id,
                rail=rail,
                actor_label="job:auto-release",
                then=then,
                notice=CallNotice.AUTO_RELEASED,
            )

        lasting = (escrow_actions.PayoutAccountMissing, WalletMissing, ProviderSaidNo)
        await _step(escrow_id, release, lasting, "Auto-release", now, result)
    return result


async def timeout_round(
    now: dt.datetime,
    rail_of: RailOf,
    *,
    batch: int = BATCH,
    then: Then[Escrow] | None = None,
    stopping: Stopping = _never,
) -> Round:
    """Cancel every escrow still unfunded past its funding deadline (not set aside)."""
    result = Round()
    async for escrow_id in _due_ids(escrow_actions.due_for_timeout, now, batch, stopping):

        async def cancel(escrow_id: int = escrow_id) -> Escrow:
            return await escrow_actions.cancel(
                escrow_id,
                rail=await rail_of(escrow_id) or _NO_MONEY,
                actor_label="job:funding-timeout",
                now=now,
                then=then,
            )

        await _step(escrow_id, cancel, (ProviderSaidNo,), "Funding timeout", now, result)
    return result


async def _due_ids(
    due: Callable[..., Awaitable[list[int]]], now: dt.datetime, batch: int, stopping: Stopping
) -> AsyncIterator[int]:
    """Every id `due(now, batch, after_id=…)` gives, a batch at a time, in id order, until
    `stopping()` (checked before each)."""
    after = 0
    while True:
        ids = await due(now, batch, after_id=after)
        for escrow_id in ids:
            if stopping():
                log.info("Escrow round: shutting down, the rest is left for the next round")
                return
            yield escrow_id
        if len(ids) < batch:
            return
        after = ids[-1]


async def _step(
    escrow_id: int,
    step: Callable[[], Awaitable[Escrow]],
    lasting: tuple[type[DomainError], ...],
    what: str,
    now: dt.datetime,
    result: Round,
) -> None:
    """One escrow's step under its claim (skipped when another process holds it): a
    `lasting` refusal sets the escrow aside, another refusal leaves it for the next round."""
    async with claimed(CLAIM_ESCROW, escrow_id) as mine:
        if not mine:  # another process is on it
            return
        try:
            result.done.append(await step())
        except lasting as exc:
            result.set_aside.append(await set_aside(escrow_id, exc.message, now))
        except DomainError as exc:
            log.info("%s of escrow %s skipped: %s", what, escrow_id, exc.message)
            result.skipped += 1


async def set_aside(escrow_id: int, reason: str, now: dt.datetime) -> SetAside:
    """Set the escrow aside for `SET_ASIDE_FOR` with its reason (recorded as an escrow
    event when the reason is new); `tell` is True once, then at most once a day."""
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        tell = escrow.set_aside_told_at is None or (
            escrow.set_aside_told_at <= now - TELL_AT_MOST_EVERY
        )
        fields: dict[str, object] = {
            "set_aside_reason": reason,
            "set_aside_until": now + SET_ASIDE_FOR,
        }
        if tell:
            fields["set_aside_told_at"] = now
        if escrow.set_aside_reason != reason:
            await escrow.move(
                "set_aside",
                None,
                conn=conn,
                actor_label="job",
                data={"reason": reason},
                fields=fields,
            )
        else:
            for name, value in fields.items():
                setattr(escrow, name, value)
            await escrow.save(using_db=conn, update_fields=[*fields, "updated_at"])
    log.warning("Escrow %s set aside until %s: %s", escrow_id, escrow.set_aside_until, reason)
    return SetAside(escrow, reason, tell)


async def bring_back(seller_id: int) -> int:
    """The seller's payout account works now: their set-aside escrows are due again."""
    return await Escrow.filter(seller_id=seller_id, set_aside_until__isnull=False).update(
        set_aside_until=None
    )

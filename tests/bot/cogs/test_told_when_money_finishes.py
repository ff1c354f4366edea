"""A release or refund finished later than it was started is told as if it finished at once.

The process dies right after it recorded the money step (its provider call committed, the
provider never asked): the reconciler finishes it later (the USDC payouts job: see
tests/bot/rails/test_usdc_payout_told.py), and each
party reads the words of whoever started it (the buyer's confirmation, a dispute's
decision), exactly once, however often the jobs run again. The in-process path still tells
each party exactly once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from bot import jobs
from models import escrow_actions
from models.base import utcnow
from models.dispute import Dispute
from models.enums import DisputeStatus, EscrowStatus, ProviderCallStatus
from models.payments import ProviderCall
from tests.bot.cogs.test_disputes import Desk, disputed, resolve
from tests.bot.cogs.test_disputes import desk as desk  # the dispute tests' fixture
from tests.bot.cogs.test_escrow import World, refreshed
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.bot.cogs.test_told_with_the_change import (
    Crash,
    confirm_release,
    delivered,
    delivered_after_restart,
    dm_texts,
    failed_with,
)


@contextlib.contextmanager
def dying_before_the_provider_is_asked() -> Iterator[None]:
    """The money step's call is recorded and committed; the process dies before `settle`."""
    real = escrow_actions.__dict__["settle"]

    async def dies(*_args: Any, **_kwargs: Any) -> Any:
        raise Crash("the process died after recording the money step")

    setattr(escrow_actions, "settle", dies)  # noqa: B010 - not exported by the module
    try:
        yield
    finally:
        setattr(escrow_actions, "settle", real)  # noqa: B010


async def left_stale(escrow_id: int) -> ProviderCall:
    """The escrow's one pending call, made old enough for the reconciler to take."""
    (call,) = await ProviderCall.filter(escrow_id=escrow_id, status=ProviderCallStatus.PENDING)
    old = utcnow() - dt.timedelta(minutes=5)
    await ProviderCall.filter(id=call.id).update(updated_at=old)
    return call


def told(member: Any, words: str) -> list[str]:
    return [t for t in dm_texts(member) if words in t]


async def test_a_release_the_reconciler_finishes_is_told_with_the_buyer_s_words(
    world: World,
) -> None:
    w = world
    escrow = await delivered(w)
    with dying_before_the_provider_is_asked():
        await confirm_release(w, escrow.id)
    failed_with(w.env, Crash)
    await left_stale(escrow.id)
    assert (await refreshed(escrow)).status is EscrowStatus.DELIVERED
    seller_words = f"The buyer confirmed escrow #{escrow.id}: $500.00 is released"
    buyer_words = f"You confirmed delivery on escrow #{escrow.id}: $500.00 is released"

    assert await jobs.reconcile(w.bot.rails) == 1  # another process, or this one restarted
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    await delivered_after_restart(w.env, w.bot)
    (to_seller,) = told(w.seller, seller_words)
    assert "after fees (5%) you receive $475.00" in to_seller
    assert len(told(w.buyer, buyer_words)) == 1

    await left_stale_if_any(escrow.id)
    assert await jobs.reconcile(w.bot.rails) == 0
    await delivered_after_restart(w.env, w.bot)
    assert len(told(w.seller, seller_words)) == len(told(w.buyer, buyer_words)) == 1


async def left_stale_if_any(escrow_id: int) -> None:
    old = utcnow() - dt.timedelta(minutes=5)
    await ProviderCall.filter(escrow_id=escrow_id).update(updated_at=old)


async def test_a_release_finished_at_once_is_told_once(world: World) -> None:
    w = world
    escrow = await delivered(w)
    await confirm_release(w, escrow.id)
    await w.env.settle()
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    seller_words = f"The buyer confirmed escrow #{escrow.id}: $500.00 is released"
    buyer_words = f"You confirmed delivery on escrow #{escrow.id}"
    assert len(told(w.seller, seller_words)) == len(told(w.buyer, buyer_words)) == 1
    await left_stale_if_any(escrow.id)
    assert await jobs.reconcile(w.bot.rails) == 0
    await delivered_after_restart(w.env, w.bot)
    assert len(told(w.seller, seller_words)) == len(told(w.buyer, buyer_words)) == 1


async def test_a_decided_refund_the_reconciler_finishes_is_told_with_the_decision(
    desk: Desk,
) -> None:
    d = desk
    escrow, dispute = await disputed(d)
    await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    with dying_before_the_provider_is_asked():
        await resolve(d, d.mod, dispute, "refund", reason="Never handed over")
    failed_with(d.w.env, Crash)
    await left_stale(escrow.id)
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.RESOLVED
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    words = f"Dispute #{dispute.id} on escrow #{escrow.id} is resolved: the buyer was refunded"

    for _ in range(2):  # the second round finds nothing more to do, and says nothing
        await jobs.reconcile(d.w.bot.rails)
        await d.cog.run_deadlines()  # closes a dispute whose money finished late
        await delivered_after_restart(d.w.env, d.w.bot)
        assert (await refreshed(escrow)).status is EscrowStatus.REFUNDED
        assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.CLOSED
        for party in (d.w.buyer, d.w.seller):
            (text,) = told(party, words)
            assert "> Never handed over" in text
            assert told(party, f"refunded escrow #{escrow.id}") == []  # the decision's words only
            assert told(party, f"Escrow #{escrow.id} is refunded") == []
        await left_stale_if_any(escrow.id)


async def test_a_seller_s_refund_the_reconciler_finishes_is_told_with_their_words(
    world: World,
) -> None:
    w = world
    escrow = await delivered(w)
    with dying_before_the_provider_is_asked():
        asked = await w.seller.slash(w.channel, "escrow refund", id=escrow.id)
        assert asked.response is not None
        await w.seller.click(asked.response, label="Yes, refund the buyer")
    failed_with(w.env, Crash)
    await left_stale(escrow.id)
    buyer_words = f"The seller refunded escrow #{escrow.id}. Your card is credited"
    seller_words = f"Escrow #{escrow.id} is refunded: $500.00 went back to the buyer."
    for finished in (1, 0):  # the second run finds nothing more to do, and says nothing
        assert await jobs.reconcile(w.bot.rails) == finished
        await delivered_after_restart(w.env, w.bot)
        assert (await refreshed(escrow)).status is EscrowStatus.REFUNDED
        assert len(told(w.buyer, buyer_words)) == len(told(w.seller, seller_words)) == 1
        await left_stale_if_any(escrow.id)

"""One way to open a dispute: the button on the delivery message, `/dispute open` and a card
chargeback all go through `Dispute.open`, and the parties hear about it the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.base import utcnow
from models.dispute import Dispute
from models.enums import EscrowStatus
from models.errors import InvalidState, NotAllowed
from models.escrow import EscrowEvent
from models.user import User
from tests.bot.cogs.test_disputes import Desk, delivered_escrow
from tests.bot.cogs.test_disputes import desk as desk  # the dispute tests' fixture
from tests.bot.cogs.test_escrow import fund, open_escrow, refreshed, reply_text, trade_card
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture


def dm_texts(member: Any) -> list[str]:
    return [m.content or "" for m in member.user.dm_channel.history()]


async def test_the_delivery_button_opens_it_like_the_slash_command(desk: Desk) -> None:
    d = desk
    escrow = await open_escrow(d.w)
    await fund(d.w, escrow)
    await d.w.seller.slash(d.ch, "escrow deliver", id=escrow.id, evidence="Sent")
    message = trade_card(d.w.buyer, escrow.id)
    before = utcnow()
    asked = await d.w.buyer.user.click(message, label="Open dispute")
    assert asked.modal is not None
    submitted = await d.w.buyer.user.submit_modal(asked, {"dispute_reason": "Not in my account"})
    assert "is open" in reply_text(submitted)
    await d.w.env.settle()

    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.opened_by_id == (await User.get(discord_id=d.w.buyer.id)).id
    assert dispute.deadline_at is not None
    assert before + dt.timedelta(days=7) <= dispute.deadline_at  # the contract's window
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED
    # The seller hears it as from `/dispute open`, and the case gets its thread.
    assert any(f"A dispute (#{dispute.id}) was opened" in t for t in dm_texts(d.w.seller))
    assert (await Dispute.get(id=dispute.id)).thread_id is not None


async def test_open_refuses_outsiders_empty_reasons_and_a_second_dispute(desk: Desk) -> None:
    escrow = await delivered_escrow(desk)
    buyer = await User.get(id=escrow.buyer_id)
    outsider = await User.get_or_none(discord_id=desk.mod.id)
    assert outsider is not None
    with pytest.raises(NotAllowed):
        await Dispute.open(escrow.id, by=outsider, reason="Not mine")
    with pytest.raises(InvalidState, match="say what went wrong"):
        await Dispute.open(escrow.id, by=buyer, reason="   ")
    dispute = await Dispute.open(escrow.id, by=buyer, reason="Not mine")
    with pytest.raises(InvalidState, match="open a dispute"):
        await Dispute.open(escrow.id, by=buyer, reason="Again")
    event = await EscrowEvent.filter(escrow_id=escrow.id).order_by("-version").first()
    assert event is not None and event.kind == "dispute_opened"
    assert event.data == {"dispute": dispute.id} and event.actor_id == buyer.id
    with pytest.raises(ValueError):
        await Dispute.open(escrow.id, by=buyer, reason="x", chargeback={"id": "dp_1"})

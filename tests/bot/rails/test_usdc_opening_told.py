"""A USDC escrow's opening DM (deposit address, exact amount, deadline, QR code) is written
in the transaction that opens its deposit address: a rollback leaves no row; a crash right
after that commit still delivers it once, with the QR code read from the document store."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest

from bot.cogs.escrow.usdc import QR_FILENAME, deposit_link, qr_bytes
from bot.sandbox.chain import start_chain
from bot.ui.notify import DOCUMENTS
from models import storage
from models.base import utcnow
from models.enums import KycTier, NotificationKind, NotificationStatus
from models.escrow import Escrow, StablecoinEscrow
from models.notification import Notification
from tests.bot.cogs.test_escrow import World, open_escrow
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.bot.cogs.test_told_with_the_change import (
    Boom,
    Crash,
    crash_after,
    delivered_after_restart,
    failing_after_writing,
    rows_to,
)
from tests.bot.rails.test_usdc_trade import PRICE_CENTS, dms, link_wallet, with_usdc
from tests.bot.rails.test_usdc_trade import settings as settings  # an empty OFAC list
from tests.factories import make_user


def shown_instructions(member: Any, escrow_id: int) -> list[Any]:
    title = f"Pay escrow #{escrow_id} in USDC"
    return [m for m in dms(member) if m.embeds and m.embeds[0].title == title]


async def test_the_deposit_dm_is_written_with_the_address_it_gives(world: World) -> None:
    w = world
    rail = await with_usdc(w, await start_chain(), confirmations=0)
    await make_user(discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_2)
    await make_user(discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_2)
    await link_wallet(w, w.buyer)
    escrow = await open_escrow(w, amount=PRICE_CENTS, payouts=False)
    title = f"Pay escrow #{escrow.id} in USDC"
    waiting = f"Escrow #{escrow.id} is open: waiting"

    with failing_after_writing(w.cog.usdc, "tell_opened"), pytest.raises(Boom):
        await w.cog.usdc.opened(escrow)
    assert not await StablecoinEscrow.exists(escrow_id=escrow.id)  # rolled back
    assert await rows_to(w.buyer.id, title) == await rows_to(w.seller.id, waiting) == []

    with crash_after(rail, "open_deposit"), pytest.raises(Crash):
        await w.cog.usdc.opened(escrow)
    row = await StablecoinEscrow.get(escrow_id=escrow.id)
    (dm,) = await rows_to(w.buyer.id, title)
    (note,) = await rows_to(w.seller.id, waiting)
    assert dm.status is note.status is NotificationStatus.PENDING
    link = deposit_link(
        escrow, token=rail.token, chain_id=rail.chain_id, deposit=row.deposit_address
    )
    png = qr_bytes(link)
    (document,) = dm.payload[DOCUMENTS]  # the QR code by reference, read when it is sent
    assert document["sha256"] == hashlib.sha256(png).hexdigest()
    assert document["filename"] == QR_FILENAME
    assert await storage.read(document["ref"]) == png
    assert shown_instructions(w.buyer, escrow.id) == []

    await delivered_after_restart(w.env, w.bot)
    (shown,) = shown_instructions(w.buyer, escrow.id)
    fields = {f.name: f.value for f in shown.embeds[0].fields}
    assert fields["Amount"] == "`15,000.000000 USDC`"
    assert fields["Deposit address"] == f"`{row.deposit_address}`"
    assert fields["Wallet link (EIP-681)"] == f"`{link}`"
    assert shown.embeds[0].image.url == f"attachment://{QR_FILENAME}"
    assert [a.filename for a in shown.attachments] == [QR_FILENAME]
    assert hashlib.sha256(await shown.attachments[0].read()).hexdigest() == document["sha256"]
    assert len([m for m in dms(w.seller) if waiting in (m.content or "")]) == 1

    # Once: opening it again (another process, a retry) writes nothing; nothing is re-sent.
    await w.cog.usdc.opened(escrow)
    await delivered_after_restart(w.env, w.bot)
    assert len(shown_instructions(w.buyer, escrow.id)) == 1
    rows = await Notification.filter(kind=NotificationKind.DM, target_id=w.buyer.id)
    assert len([r for r in rows if title in json.dumps(r.payload)]) == 1


async def test_a_buyer_whose_wallet_isn_t_cleared_is_told_with_the_opening(world: World) -> None:
    w = world
    rail = await with_usdc(w, await start_chain(), confirmations=0)
    escrow = await open_escrow(w, amount=PRICE_CENTS, payouts=False)  # no wallet linked
    with crash_after(rail, "open_deposit"), pytest.raises(Crash):
        await w.cog.usdc.opened(escrow)
    (told,) = await rows_to(w.buyer.id, "link your wallet first")
    assert told.status is NotificationStatus.PENDING and DOCUMENTS not in told.payload
    await delivered_after_restart(w.env, w.bot)
    assert len([m for m in dms(w.buyer) if "link your wallet first" in (m.content or "")]) == 1


async def test_an_opening_the_process_never_got_to_is_made_by_the_job(world: World) -> None:
    w = world
    await with_usdc(w, await start_chain(), confirmations=0)
    await make_user(discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_2)
    await make_user(discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_2)
    await link_wallet(w, w.buyer)
    escrow = await open_escrow(w, amount=PRICE_CENTS, payouts=False)  # then the process died
    assert await w.cog.usdc.open_missing() == 0  # a fresh one is its opener's to open
    old = utcnow() - dt.timedelta(minutes=5)
    await Escrow.filter(id=escrow.id).update(created_at=old)
    assert await w.cog.usdc.open_missing() == 1
    await w.env.settle()
    (shown,) = shown_instructions(w.buyer, escrow.id)
    assert [a.filename for a in shown.attachments] == [QR_FILENAME]
    waiting = f"Escrow #{escrow.id} is open: waiting"
    assert len([m for m in dms(w.seller) if waiting in (m.content or "")]) == 1
    assert await w.cog.usdc.open_missing() == 0
    await delivered_after_restart(w.env, w.bot)
    assert len(shown_instructions(w.buyer, escrow.id)) == 1

"""A hostile seller (and sometimes a hostile buyer) against the trust model: every step
re-checks the chain it stands on, money is never both refunded and paid, jobs can't be
starved, fees can't eat the seller's share unseen, and typed text can't spoof the bot."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import simcord

from bot.config import Settings
from models import Contract, Escrow, Listing
from models.base import utcnow
from models.enums import ContractStatus, ListingStatus
from models.errors import InvalidState
from tests.test_contracts import contract_dm, contract_for, deal, refusal, sign, state

# --------------------------------------------------------------------------- the chain


async def test_a_listing_cancelled_after_acceptance_gets_no_contract_from_the_sweep(
    env: simcord.Env, settings: Settings
) -> None:
    """The seller accepts, the contract can't be written yet, the seller cancels the
    listing: the sweep that makes missing contracts must not make one afterwards."""
    d = await deal(env, accepted=False)
    folder = settings.contracts_dir
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"not a directory")
    await d.seller.slash(d.channel, "offer accept", id=d.offer.id)
    await env.settle()
    assert not await Contract.filter(offer_id=d.offer.id).exists()
    confirm = await d.seller.slash(d.channel, "listing cancel", id=d.listing.id)
    await d.seller.click(confirm.response, label="Cancel listing")
    await env.settle()
    assert (await Listing.get(id=d.listing.id)).status is ListingStatus.CANCELLED

    folder.unlink()
    later = utcnow() + dt.timedelta(minutes=3)
    cog: Any = env.bot.get_cog("Contracts")
    assert await Contract.offers_missing_one(later) == []
    assert await cog.make_missing_contracts(later) == 0
    # Called directly (an old event, another process), creation refuses too.
    try:
        await Contract.create_for_offer(
            d.offer.id, contracts_dir=settings.contracts_dir, rail_threshold_cents=1_000_000
        )
    except InvalidState as exc:
        assert "cancelled" in exc.message
    else:
        raise AssertionError("a contract was made for a cancelled listing")
    assert await Contract.all().count() == 0 and await Escrow.all().count() == 0


async def test_signing_re_checks_the_listing_and_the_offer(
    env: simcord.Env, settings: Settings
) -> None:
    """A contract waiting for signatures whose listing was taken down (any path that moves
    it off INACTIVE) can't be signed into an escrow."""
    d = await deal(env)
    contract = await contract_for(d)
    signed = await sign(d.seller, contract_dm(d.seller, contract))
    assert signed.ephemeral
    await Listing.filter(id=d.listing.id).update(status=ListingStatus.CANCELLED)
    before = await state()
    refused = await sign(d.buyer, contract_dm(d.buyer, contract))
    assert "cancelled, not pending this sale" in refusal(env, refused)
    assert await state() == before
    assert (await Contract.get(id=contract.id)).status is ContractStatus.PENDING_SIGNATURE
    assert await Escrow.all().count() == 0

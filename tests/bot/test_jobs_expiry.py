"""The offer expiry job catches up on a backlog in bounded batches."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot import jobs
from models import Offer
from models.base import utcnow
from models.enums import OfferStatus
from tests.factories import make_guild, make_listing, make_offer, make_user

pytestmark = pytest.mark.usefixtures("db")


async def due_offers(count: int) -> None:
    seller, guild = await make_user(), await make_guild()
    listing = await make_listing(seller=seller, guild=guild)
    past = utcnow() - dt.timedelta(hours=1)
    for _ in range(count):
        await make_offer(listing=listing, buyer=await make_user(), expires_at=past)


async def test_a_run_takes_batches_until_the_backlog_is_done() -> None:
    await due_offers(25)
    told: list[int] = []

    async def tell(offers: list[Offer], conn: Any) -> None:
        assert conn is not None  # told in the transaction that expires them
        assert 0 < len(offers) <= 10
        told.extend(offer.id for offer in offers)

    assert await jobs.expire_offers(tell, batch=10, budget_seconds=60) == 25
    assert len(set(told)) == 25
    assert not await Offer.filter(status=OfferStatus.PENDING).exists()


async def test_a_run_stops_at_its_budget_and_the_next_run_goes_on() -> None:
    await due_offers(25)

    async def tell(offers: list[Offer], conn: Any) -> None:
        return None

    assert await jobs.expire_offers(tell, batch=10, budget_seconds=0) == 10
    assert await Offer.filter(status=OfferStatus.PENDING).count() == 15
    assert await jobs.expire_offers(tell, batch=10, budget_seconds=0) == 10

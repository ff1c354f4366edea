"""The one-statement read projections give what the ORM reads relation by relation."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import pytest
from tortoise.models import Model

from models import Delivery, Dispute, Escrow, Listing, Offer, User, projections
from models.enums import DeliveryStatus, ListingStatus, OfferStatus
from tests.factories import make_escrow, make_guild, make_listing, make_offer, make_user

pytestmark = pytest.mark.usefixtures("db")


def _norm(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


def assert_same_row(obj: Model, row: dict[str, Any]) -> None:
    """Every column of the model instance equals the projected value."""
    assert row is not None
    for name, column in obj._meta.fields_db_projection.items():
        want = _norm(getattr(obj, name))
        got = row[column]
        if isinstance(want, dt.datetime):
            assert got is not None, name
            got = dt.datetime.fromisoformat(got)
        assert got == want, f"{type(obj).__name__}.{name}: {got!r} != {want!r}"


async def _escrow_with_history() -> Escrow:
    escrow = await make_escrow()
    now = dt.datetime.now(dt.UTC)
    for i in range(3):
        await Delivery.create(
            escrow=escrow,
            delivered_by_id=escrow.seller_id,
            status=DeliveryStatus.DELIVERED,
            evidence={"text": f"handed over {i}", "n": i},
            delivered_at=now - dt.timedelta(hours=i),
        )
    for i in range(2):
        await Dispute.create(
            escrow=escrow, opened_by_id=escrow.buyer_id, reason=f"not as described {i}"
        )
    return escrow


async def test_escrow_detail_matches_the_orm() -> None:
    escrow = await _escrow_with_history()
    await make_escrow()  # someone else's, must not leak in

    doc = await projections.escrow_detail(escrow.id)
    assert doc is not None

    orm = await Escrow.get(id=escrow.id).prefetch_related(
        "contract__offer", "contract__listing", "buyer", "seller", "deliveries", "disputes"
    )
    assert_same_row(orm, doc["escrow"])
    assert_same_row(orm.contract, doc["contract"])
    assert_same_row(orm.contract.offer, doc["offer"])
    assert_same_row(orm.contract.listing, doc["listing"])
    assert_same_row(orm.buyer, doc["buyer"])
    assert_same_row(orm.seller, doc["seller"])
    deliveries = sorted(orm.deliveries, key=lambda d: d.id)  # type: ignore[attr-defined]
    disputes = sorted(orm.disputes, key=lambda d: d.id)  # type: ignore[attr-defined]  # reverse relation, no stub
    assert [d["id"] for d in doc["deliveries"]] == [d.id for d in deliveries]
    assert [d["id"] for d in doc["disputes"]] == [d.id for d in disputes]
    assert len(deliveries) == 3 and len(disputes) == 2
    for obj, row in zip(deliveries + disputes, doc["deliveries"] + doc["disputes"], strict=True):
        assert_same_row(obj, row)


async def test_escrow_detail_of_a_missing_escrow_is_none() -> None:
    assert await projections.escrow_detail(987_654_321) is None
    assert await projections.escrow_detail(0) is None
    assert await projections.escrow_detail(2**63) is None


async def test_user_page_matches_the_orm() -> None:
    user = await make_user()
    guild = await make_guild()
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for i in range(5):
        listing = await make_listing(seller=user, guild=guild, title=f"Game {i}")
        # two share a timestamp: the id breaks the tie, as in the ORM order below
        await Listing.filter(id=listing.id).update(created_at=base + dt.timedelta(days=i // 2))
    other = await make_listing(guild=guild)
    for i in range(4):
        offer = await make_offer(listing=other, buyer=user, status=OfferStatus.DECLINED)
        await Offer.filter(id=offer.id).update(created_at=base + dt.timedelta(days=i))
    await make_offer(listing=other)  # another buyer's

    doc = await projections.user_page(user.discord_id, limit=3)
    assert doc is not None
    assert_same_row(await User.get(id=user.id), doc["user"])
    listings = await Listing.filter(seller_id=user.id).order_by("-created_at", "-id").limit(3)
    offers = await Offer.filter(buyer_id=user.id).order_by("-created_at", "-id").limit(3)
    assert [r["id"] for r in doc["listings"]] == [x.id for x in listings]
    assert [r["id"] for r in doc["offers"]] == [x.id for x in offers]
    rows: list[Any] = [*listings, *offers]
    for obj, row in zip(rows, doc["listings"] + doc["offers"], strict=True):
        assert_same_row(obj, row)

    assert await projections.user_page(1) is None
    lonely = await make_user()
    assert await projections.user_page(lonely.discord_id) == {
        "user": (await projections.user_page(lonely.discord_id) or {})["user"],
        "listings": [],
        "offers": [],
    }


async def test_active_listings_page_matches_the_orm() -> None:
    guild = await make_guild()
    for i in range(6):
        listing = await make_listing(guild=guild, title=f"Item {i}")
        if i % 3 == 2:
            await Listing.filter(id=listing.id).update(status=ListingStatus.INACTIVE)
        for _ in range(i % 3):
            await make_offer(listing=listing)

    page = await projections.active_listings_page(limit=3)
    orm = (
        await Listing.filter(status=ListingStatus.ACTIVE)
        .order_by("-created_at", "-id")
        .limit(3)
        .prefetch_related("seller", "offers")
    )
    assert [p["listing"]["id"] for p in page] == [x.id for x in orm]
    for obj, item in zip(orm, page, strict=True):
        assert_same_row(obj, item["listing"])
        assert_same_row(obj.seller, item["seller"])
        offers = sorted(obj.offers, key=lambda o: o.id)
        assert [o["id"] for o in item["offers"]] == [o.id for o in offers]
        for offer, row in zip(offers, item["offers"], strict=True):
            assert_same_row(offer, row)

    rest = await projections.active_listings_page(limit=50, offset=3)
    assert {p["listing"]["id"] for p in rest}.isdisjoint({x.id for x in orm})


async def test_light_release_skips_the_session_reset_but_rolls_back(database_url: str) -> None:
    """The pool the bot runs with sends no reset query on release, yet a connection handed
    back inside a transaction comes out of the pool rolled back."""
    import asyncpg

    from bot.db import keep_session, libpq_url, tortoise_config

    cfg = tortoise_config(database_url, pool_min=1, pool_max=1, light_release=True)
    assert cfg["connections"]["default"]["credentials"]["reset"] is keep_session
    assert "reset" not in str(tortoise_config(database_url))  # migrations keep the default
    pool = await asyncpg.create_pool(
        libpq_url(database_url), min_size=1, max_size=1, reset=keep_session
    )
    try:
        async with pool.acquire() as c:
            pid = await c.fetchval("SELECT pg_backend_pid()")
            await c.execute("BEGIN")
            await c.execute("CREATE TEMP TABLE left_open (x int)")
        async with pool.acquire() as c:
            assert await c.fetchval("SELECT pg_backend_pid()") == pid  # the same connection
            assert not c.is_in_transaction()
            gone = await c.fetchval("SELECT to_regclass('pg_temp.left_open') IS NULL")
            assert gone  # the CREATE was rolled back
    finally:
        await pool.close()

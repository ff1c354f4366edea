"""Small builders for test rows (real rows in the test database)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from models import Contract, Escrow, Guild, Listing, Offer, User
from models.enums import EscrowRail, KycTier, ListingCategory

_ids = itertools.count(1_000)


def _next() -> int:
    return next(_ids)


async def make_user(**kw: Any) -> User:
    n = _next()
    kw.setdefault("discord_id", 10_000_000 + n)
    kw.setdefault("username", f"user{n}")
    kw.setdefault("kyc_tier", KycTier.TIER_1)
    return await User.create(**kw)


async def make_guild(**kw: Any) -> Guild:
    n = _next()
    kw.setdefault("discord_id", 20_000_000 + n)
    kw.setdefault("name", f"Guild {n}")
    return await Guild.create(**kw)


async def make_listing(**kw: Any) -> Listing:
    if "seller" not in kw:
        kw["seller"] = await make_user()
    if "guild" not in kw:
        kw["guild"] = await make_guild()
    kw.setdefault("title", "Obby Tycoon")
    kw.setdefault("summary", "A popular obby with 1M visits.")
    kw.setdefault("price", 50_000)
    kw.setdefault("category", ListingCategory.GAME)
    return await Listing.create(**kw)


async def make_offer(**kw: Any) -> Offer:
    if "listing" not in kw:
        kw["listing"] = await make_listing()
    listing = kw["listing"]
    if "buyer" not in kw:
        kw["buyer"] = await make_user()
    kw.setdefault("seller_id", listing.seller_id)
    kw.setdefault("made_by", kw["buyer"])
    kw.setdefault("amount", 40_000)
    kw.setdefault("expires_at", dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    return await Offer.create(**kw)


async def make_contract(**kw: Any) -> Contract:
    if "offer" not in kw:
        kw["offer"] = await make_offer()
    offer = kw["offer"]
    kw.setdefault("listing_id", offer.listing_id)
    kw.setdefault("buyer_id", offer.buyer_id)
    kw.setdefault("seller_id", offer.seller_id)
    kw.setdefault("amount", offer.amount)
    kw.setdefault("template_version", "1")
    return await Contract.create(**kw)


async def make_escrow(**kw: Any) -> Escrow:
    if "contract" not in kw:
        kw["contract"] = await make_contract()
    contract = kw["contract"]
    kw.setdefault("buyer_id", contract.buyer_id)
    kw.setdefault("seller_id", contract.seller_id)
    kw.setdefault("amount", contract.amount)
    kw.setdefault("rail", EscrowRail.STRIPE)
    return await Escrow.create(**kw)

"""The hand-written two-statement paths (`models.fastpath`) write what the ORM paths write.

Each test builds the same situation twice, runs the command once with the fast path and
once with the plain ORM path (`fastpath.ENABLED = False`), and compares every row the
command touched: the offers or the escrow, the deliveries, the escrow events and the audit
entries (ids mapped, timestamps from the same `now`). A spy checks that the fast path was
really taken (or really declined, for the cases it leaves to the ORM).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from models import (
    AuditLog,
    Delivery,
    Escrow,
    EscrowEvent,
    Offer,
    User,
    escrow_actions,
    fastpath,
)
from models.audit import seal_pending, verify_chain
from models.enums import EscrowStatus, ListingStatus, ListingVisibility, OfferStatus
from models.errors import DomainError
from tests.factories import make_contract, make_escrow, make_guild, make_listing, make_user

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
TS = {"id", "created_at", "updated_at"}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Results of the fast paths (None: declined, the ORM path ran)."""
    seen: list[Any] = []

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        async def call(*a: Any, **kw: Any) -> Any:
            out = await fn(*a, **kw)
            seen.append(out)
            return out

        return call

    monkeypatch.setattr(fastpath, "make_offer", wrap(fastpath.make_offer))
    monkeypatch.setattr(fastpath, "mark_delivered", wrap(fastpath.mark_delivered))
    return seen


def plain(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(fastpath, "ENABLED", on)


_REFS = {
    "buyer_id": "user",
    "seller_id": "user",
    "made_by_id": "user",
    "actor_id": "user",
    "delivered_by_id": "user",
    "opened_by_id": "user",
    "listing_id": "listing",
    "guild_id": "guild",
    "escrow_id": "escrow",
    "contract_id": "contract",
    "offer_id": "offer",
    "parent_id": "offer",
}
Ids = dict[tuple[str, int], str]


def ref(ids: Ids, kind: str, value: Any) -> Any:
    return ids.get((kind, value), value) if isinstance(value, int) else value


def jref(ids: Ids, doc: Any) -> Any:
    """An audit entry's JSON with the ids it names mapped like the columns."""
    if not isinstance(doc, dict):
        return doc
    return {k: ref(ids, _REFS[k], v) if k in _REFS else v for k, v in doc.items()}


def row(obj: Any, kind: str, ids: Ids) -> dict[str, Any]:
    """The model's columns, ids of rows made by the test replaced by their role names."""
    out = {}
    for name in obj._meta.fields_db_projection:
        if name in {"created_at", "updated_at"}:
            continue
        value = getattr(obj, name)
        out[name] = ref(ids, kind if name == "id" else _REFS.get(name, ""), value)
    return out


async def audit_of(object_type: str, object_ids: list[int], ids: Ids) -> list[Any]:
    entries = await AuditLog.filter(
        object_type=object_type, object_id__in=[str(i) for i in object_ids]
    ).order_by("id")
    return [
        (
            e.action,
            ref(ids, object_type, int(e.object_id)),
            ref(ids, "user", e.actor_id),
            ref(ids, "guild", e.guild_id),
            e.actor_label,
            jref(ids, e.before),
            jref(ids, e.after),
        )
        for e in entries
    ]


# ---------------------------------------------------------------------- Offer.make


async def offer_world(*, settings: bool = True, previous: bool = True) -> dict[str, Any]:
    guild = await make_guild()
    if settings:
        await guild.get_settings()
    seller = await make_user()
    buyer = await make_user()
    listing = await make_listing(seller=seller, guild=guild, price=50_000)
    old = None
    if previous:
        old = await Offer.make(listing.id, buyer, 10_000, now=NOW - dt.timedelta(hours=1))
    return {"guild": guild, "seller": seller, "buyer": buyer, "listing": listing, "old": old}


async def offer_outcome(w: dict[str, Any]) -> tuple[Any, ...]:
    ids: Ids = {
        ("guild", w["guild"].id): "guild",
        ("user", w["seller"].id): "seller",
        ("user", w["buyer"].id): "buyer",
        ("listing", w["listing"].id): "listing",
    }
    offers = await Offer.filter(listing_id=w["listing"].id).order_by("id")
    for i, o in enumerate(offers):
        ids[("offer", o.id)] = f"offer{i}"
    return (
        [row(o, "offer", ids) for o in offers],
        await audit_of("offer", [o.id for o in offers], ids),
    )


@pytest.mark.parametrize("previous", [True, False])
async def test_offer_make_writes_what_the_orm_writes(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any], previous: bool
) -> None:
    outcomes, made = [], []
    for fast in (True, False):
        w = await offer_world(previous=previous)
        spy.clear()
        plain(monkeypatch, fast)
        offer = await Offer.make(w["listing"].id, w["buyer"], 42_000, "  by Friday ", None, NOW)
        plain(monkeypatch, True)
        assert [s is not None for s in spy] == ([True] if fast else [])
        made.append((offer, w))
        outcomes.append(await offer_outcome(w))
    assert outcomes[0] == outcomes[1]
    offers, audit = outcomes[0]
    assert [o["status"] for o in offers] == (
        [OfferStatus.WITHDRAWN, OfferStatus.PENDING] if previous else [OfferStatus.PENDING]
    )
    assert [a[0] for a in audit] == (
        ["offer.made", "offer.replaced", "offer.made"] if previous else ["offer.made"]
    )
    # The returned objects agree too (the cog reads them), `replaced` included.
    (fast_offer, wf), (orm_offer, wo) = made
    for name in ("amount", "conditions", "expires_at", "status", "currency", "decided_at"):
        assert getattr(fast_offer, name) == getattr(orm_offer, name), name
    assert (fast_offer.replaced is None) == (orm_offer.replaced is None) == (not previous)
    if fast_offer.replaced is not None and orm_offer.replaced is not None:
        assert fast_offer.replaced.id == wf["old"].id and orm_offer.replaced.id == wo["old"].id
        assert fast_offer.replaced.status == orm_offer.replaced.status == OfferStatus.WITHDRAWN
    assert fast_offer.listing_id == wf["listing"].id
    assert await fast_offer.listing == wf["listing"]  # a usable model instance
    assert (await Offer.get(id=fast_offer.id)).expires_at == NOW + dt.timedelta(hours=72)


async def test_offer_make_leaves_the_uncommon_cases_to_the_orm(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    # A guild whose settings row is missing: the ORM path creates it.
    w = await offer_world(settings=False, previous=False)
    await Offer.make(w["listing"].id, w["buyer"], 1_000, now=NOW)
    assert spy == [None]
    assert await w["guild"].settings.count() == 1

    # Refusals come from the ORM path, word for word.
    w = await offer_world(previous=False)
    cases: list[tuple[int, User, int, int | None]] = [
        (w["listing"].id, w["seller"], 1_000, None),  # own listing
        (w["listing"].id, w["buyer"], 60_000, None),  # above the price
        (w["listing"].id + 10_000, w["buyer"], 1_000, None),  # no such listing
    ]
    private = await make_listing(guild=await make_guild(), visibility=ListingVisibility.PRIVATE)
    cases.append((private.id, w["buyer"], 1_000, w["guild"].id))  # PRIVATE elsewhere
    for listing_id, who, amount, guild_id in cases:
        errors = []
        for fast in (True, False):
            plain(monkeypatch, fast)
            with pytest.raises(DomainError) as e:
                await Offer.make(listing_id, who, amount, now=NOW, guild_id=guild_id)
            errors.append(str(e.value))
        plain(monkeypatch, True)
        assert errors[0] == errors[1]
    assert all(s is None for s in spy[1:])

    # A listing that stops being ACTIVE is refused the same way.
    w["listing"].status = ListingStatus.SOLD
    await w["listing"].save()
    with pytest.raises(DomainError, match="isn't open for offers"):
        await Offer.make(w["listing"].id, w["buyer"], 1_000, now=NOW)
    assert await Offer.filter(listing_id=w["listing"].id).count() == 0

    # High-value offers (both sides' verification) stay on the ORM path.
    w = await offer_world(previous=False)
    spy.clear()
    with pytest.raises(DomainError, match="TIER_2"):
        await Offer.make(w["listing"].id, w["buyer"], 20_000, now=NOW, rail_threshold_cents=100)
    assert spy == [None]


async def test_offer_make_inside_a_caller_transaction_uses_it(spy: list[Any]) -> None:
    from tortoise.transactions import in_transaction

    w = await offer_world(previous=False)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await Offer.make(w["listing"].id, w["buyer"], 1_000, now=NOW)
            raise RuntimeError("roll back")
    assert spy == [None]
    assert await Offer.filter(listing_id=w["listing"].id).count() == 0


async def test_concurrent_offers_by_one_buyer_leave_one_pending() -> None:
    import asyncio

    w = await offer_world(previous=False)
    amounts = [1_000 + i for i in range(8)]
    await asyncio.gather(*(Offer.make(w["listing"].id, w["buyer"], a, now=NOW) for a in amounts))
    offers = await Offer.filter(listing_id=w["listing"].id)
    assert len(offers) == 8
    assert sum(o.status == OfferStatus.PENDING for o in offers) == 1
    assert (
        await AuditLog.filter(action="offer.replaced")
        .filter(object_id__in=[str(o.id) for o in offers])
        .count()
        == 7
    )


# ---------------------------------------------------------------------- mark_delivered


async def escrow_world(**kw: Any) -> tuple[Escrow, User, Ids]:
    guild = await make_guild()
    contract = await make_contract(terms={"inspection_days": 5, "platform_fee_bps": 300})
    escrow = await make_escrow(
        contract=contract, status=EscrowStatus.FUNDS_HELD, guild=guild, version=3, **kw
    )
    seller = await User.get(id=escrow.seller_id)
    ids: Ids = {
        ("escrow", escrow.id): "escrow",
        ("user", escrow.seller_id): "seller",
        ("user", escrow.buyer_id): "buyer",
        ("guild", guild.id): "guild",
        ("contract", contract.id): "contract",
        ("offer", contract.offer_id): "offer",
        ("listing", contract.listing_id): "listing",
    }
    return escrow, seller, ids


async def escrow_outcome(escrow_id: int, ids: Ids) -> tuple[Any, ...]:
    escrow = await Escrow.get(id=escrow_id)
    deliveries = await Delivery.filter(escrow_id=escrow_id).order_by("id")
    events = await EscrowEvent.filter(escrow_id=escrow_id).order_by("id")
    for i, d in enumerate(deliveries):
        ids[("delivery", d.id)] = f"delivery{i}"
    for i, e in enumerate(events):
        ids[("event", e.id)] = f"event{i}"
    from models.enums import NotificationKind
    from models.notification import Notification

    cards = await Notification.filter(kind=NotificationKind.CARD, target_id=escrow_id).order_by(
        "id"
    )
    return (
        row(escrow, "escrow", ids),
        [row(d, "delivery", ids) for d in deliveries],
        [row(e, "event", ids) for e in events],
        await audit_of("escrow", [escrow_id], ids),
        [
            (c.kind, c.payload, c.status, c.attempts, c.next_attempt_at <= c.created_at)
            for c in cards
        ],
    )


async def test_mark_delivered_writes_what_the_orm_writes(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    outcomes, returned = [], []
    evidence = {"text": " handed over\u200b ", "roblox": {"checked": False, "why": "x"}}
    for fast in (True, False):
        escrow, seller, ids = await escrow_world()
        spy.clear()
        plain(monkeypatch, fast)
        got = await escrow_actions.mark_delivered(escrow.id, by=seller, evidence=evidence, now=NOW)
        plain(monkeypatch, True)
        assert [s is not None for s in spy] == ([True] if fast else [])
        returned.append(got)
        outcomes.append(await escrow_outcome(escrow.id, ids))
    assert outcomes[0] == outcomes[1]
    escrow_row, deliveries, events, audit, cards = outcomes[0]
    assert len(cards) == 1  # the trade cards are to show the delivery
    assert escrow_row["status"] == EscrowStatus.DELIVERED and escrow_row["version"] == 4
    assert escrow_row["auto_release_at"] == NOW + dt.timedelta(days=5)
    assert deliveries[0]["evidence"]["text"] == "handed over"
    assert [e["kind"] for e in events] == ["delivered"]
    assert [a[0] for a in audit] == ["escrow.delivered"]
    for name in ("status", "version", "delivered_at", "auto_release_at", "amount", "fee_bps"):
        assert getattr(returned[0], name) == getattr(returned[1], name), name

    # The audit chain seals and verifies over the rows the fast path wrote.
    await seal_pending()
    assert (await verify_chain()).ok


async def test_mark_delivered_leaves_the_uncommon_cases_to_the_orm(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    escrow, seller, _ = await escrow_world()
    buyer = await User.get(id=escrow.buyer_id)
    for fast in (True, False):
        plain(monkeypatch, fast)
        with pytest.raises(DomainError, match="Only the seller"):
            await escrow_actions.mark_delivered(escrow.id, by=buyer, evidence={})
    plain(monkeypatch, True)
    assert spy == [None]

    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={}, now=NOW)
    spy.clear()
    with pytest.raises(DomainError, match="mark it delivered"):
        await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={}, now=NOW)
    assert spy == [None]
    assert await Delivery.filter(escrow_id=escrow.id).count() == 1


async def test_delivery_subject_reads_asset_and_buyer_account() -> None:
    from models.delivery import delivery_subject
    from models.enums import RobloxAssetType

    escrow, _, _ = await escrow_world()
    contract = await escrow.contract
    listing = await contract.listing
    listing.asset_type, listing.asset_id = RobloxAssetType.GAME, 777
    await listing.save()
    await User.filter(id=escrow.buyer_id).update(roblox_user_id=4242)
    assert await delivery_subject(escrow) == (RobloxAssetType.GAME, 777, 4242)


# ---------------------------------------------------------------------- /escrow deliver's reads


def columns(obj: Any) -> dict[str, Any]:
    """Every column of a model object, foreign keys as their ids."""
    out = {name: getattr(obj, name) for name in obj._meta.db_fields}
    out |= {f"{name}_id": getattr(obj, f"{name}_id") for name in obj._meta.fk_fields}
    return out


@pytest.fixture
def start_spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = fastpath.deliver_start

    async def call(*a: Any, **kw: Any) -> Any:
        out = await real(*a, **kw)
        seen.append(out)
        return out

    monkeypatch.setattr(fastpath, "deliver_start", call)
    return seen


async def deliver_world() -> tuple[Escrow, User, Ids]:
    from models.enums import RobloxAssetType

    escrow, seller, ids = await escrow_world()
    contract = await escrow.contract
    listing = await contract.listing
    listing.asset_type, listing.asset_id = RobloxAssetType.GROUP, 777
    await listing.save()
    await User.filter(id=escrow.buyer_id).update(roblox_user_id=4_000 + escrow.buyer_id)
    return escrow, seller, ids


def test_deliver_start_reads_every_user_column() -> None:
    assert set(fastpath._USER_COLUMNS) == set(User._meta.db_fields)


async def test_deliver_start_reads_what_the_orm_reads(
    monkeypatch: pytest.MonkeyPatch, start_spy: list[Any]
) -> None:
    from models.delivery import _subject, delivery_subject

    escrow, seller, _ = await deliver_world()
    buyer = await User.get(id=escrow.buyer_id)
    for who in (seller, buyer):
        got = []
        for fast in (True, False):
            start_spy.clear()
            plain(monkeypatch, fast)
            got.append(await escrow_actions.deliver_start(who.discord_id, escrow.id))
            plain(monkeypatch, True)
            assert [s is not None for s in start_spy] == ([True] if fast else [])
        fast_start, orm_start = got
        assert columns(fast_start.user) == columns(orm_start.user) == columns(who)
        assert columns(fast_start.escrow) == columns(orm_start.escrow)
        assert fast_start.subject is not None and orm_start.subject is None
        assert _subject(*fast_start.subject) == await delivery_subject(orm_start.escrow)


async def test_deliver_start_refuses_in_the_same_words(
    monkeypatch: pytest.MonkeyPatch, start_spy: list[Any]
) -> None:
    escrow, _, _ = await deliver_world()
    stranger = await make_user()
    cases = [
        (stranger.discord_id, escrow.id),  # not a party
        (stranger.discord_id, escrow.id + 10_000),  # no such escrow
        (999_999_999_999, escrow.id),  # not signed up
    ]
    for discord_id, escrow_id in cases:
        texts = []
        for fast in (True, False):
            plain(monkeypatch, fast)
            with pytest.raises(DomainError) as refused:
                await escrow_actions.deliver_start(discord_id, escrow_id)
            texts.append((type(refused.value), str(refused.value)))
        plain(monkeypatch, True)
        assert texts[0] == texts[1], texts
        if discord_id == stranger.discord_id:  # the words of the cog's own check
            from bot.cogs.escrow.cog import EscrowCog

            with pytest.raises(DomainError) as cog_refused:
                await EscrowCog.party_escrow(None, escrow_id, stranger)  # type: ignore[arg-type]
            assert texts[0] == (type(cog_refused.value), str(cog_refused.value))
    assert texts[0][1] == "You haven't signed up yet. Run `/signup` first."
    # The fast read answered the first two itself; the third went to `User.require`.
    assert [s is not None for s in start_spy] == [True, True, False]


async def test_deliver_with_the_start_read_writes_what_the_orm_writes(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    outcomes = []
    for fast in (True, False):
        escrow, seller, ids = await deliver_world()
        spy.clear()
        plain(monkeypatch, fast)
        start = await escrow_actions.deliver_start(seller.discord_id, escrow.id)
        got = await escrow_actions.mark_delivered(
            escrow.id, by=start.user, evidence={"text": "done"}, now=NOW, read=start.read
        )
        plain(monkeypatch, True)
        assert got.status == EscrowStatus.DELIVERED
        assert [s is not None for s in spy] == ([True] if fast else [])
        outcomes.append(await escrow_outcome(escrow.id, ids))
    assert outcomes[0] == outcomes[1]


async def test_deliver_with_a_stale_start_read_leaves_it_to_the_orm(spy: list[Any]) -> None:
    escrow, seller, _ = await deliver_world()
    start = await escrow_actions.deliver_start(seller.discord_id, escrow.id)
    # Between the read and the write (while Roblox is asked) the escrow moved on.
    await Escrow.filter(id=escrow.id).update(version=escrow.version + 1)
    got = await escrow_actions.mark_delivered(
        escrow.id, by=start.user, evidence={}, now=NOW, read=start.read
    )
    assert spy == [None]  # the versioned write found nothing; the ORM path did it
    assert got.status == EscrowStatus.DELIVERED and got.version == escrow.version + 2
    assert await Delivery.filter(escrow_id=escrow.id).count() == 1


# ---------------------------------------------------------------------- Offer.expire_due


async def test_expire_due_writes_what_the_orm_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.factories import make_offer

    outcomes = []
    for fast in (True, False):
        seller, guild = await make_user(), await make_guild()
        listing = await make_listing(seller=seller, guild=guild)
        ids: Ids = {("listing", listing.id): "listing", ("user", seller.id): "seller"}
        offers = []
        for i, hours in enumerate((-3, -1, -2, 5, -4)):  # four due, one not; batch of 3
            buyer = await make_user()
            ids[("user", buyer.id)] = f"buyer{i}"
            offer = await make_offer(
                listing=listing, buyer=buyer, expires_at=NOW + dt.timedelta(hours=hours)
            )
            ids[("offer", offer.id)] = f"offer{i}"
            offers.append(offer)
        plain(monkeypatch, fast)
        swept = await Offer.expire_due(NOW, limit=3)
        plain(monkeypatch, True)
        rows = [row(await Offer.get(id=o.id), "offer", ids) for o in offers]
        outcomes.append(
            ([row(o, "offer", ids) for o in swept], rows, await audit_of(
                "offer", [o.id for o in offers], ids
            ))
        )  # fmt: skip
    assert outcomes[0] == outcomes[1]
    swept_rows, rows, audit = outcomes[0]
    assert [r["id"] for r in swept_rows] == ["offer4", "offer0", "offer2"]  # oldest first
    assert [r["status"] for r in rows] == ["EXPIRED", "PENDING", "EXPIRED", "PENDING", "EXPIRED"]
    assert [(a[0], a[1], a[4]) for a in audit] == [
        ("offer.expired", f"offer{i}", "job:offer-expiry") for i in (4, 0, 2)
    ]
    await seal_pending()
    assert (await verify_chain()).ok


# ---------------------------------------------------------------- told with the change


class Refused(Exception):
    pass


async def test_fast_paths_write_their_notifications_in_the_change_s_transaction(
    spy: list[Any],
) -> None:
    """With `then`, each fast path runs in a transaction that also holds what `then`
    writes: the notification rows commit with the change, and a `then` that fails takes
    the change with it (nothing half-written, no DM about something that did not happen)."""
    from models.enums import NotificationKind
    from models.notification import Notification

    async def told(obj: Any, conn: Any) -> None:
        await Notification.queue(NotificationKind.DM, 1, {"content": f"about {obj.id}"}, conn=conn)

    async def fails(obj: Any, conn: Any) -> None:
        await told(obj, conn)
        raise Refused

    w = await offer_world(previous=False)
    with pytest.raises(Refused):
        await Offer.make(w["listing"].id, w["buyer"], 20_000, now=NOW, then=fails)
    assert not await Offer.filter(listing_id=w["listing"].id).exists()
    assert not await Notification.exists()
    made = await Offer.make(w["listing"].id, w["buyer"], 20_000, now=NOW, then=told)
    assert spy[-1] is not None  # the fast path made it
    assert await Notification.filter(payload__contains={"content": f"about {made.id}"}).exists()

    escrow, seller, _ = await escrow_world()
    with pytest.raises(Refused):
        await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={}, now=NOW, then=fails)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD
    assert not await Delivery.filter(escrow_id=escrow.id).exists()
    before = await Notification.all().count()
    done = await escrow_actions.mark_delivered(
        escrow.id, by=seller, evidence={}, now=NOW, then=told
    )
    assert spy[-1] is not None and done.status is EscrowStatus.DELIVERED
    rows = await Notification.all().order_by("id").offset(before)
    kinds = [r.kind for r in rows]
    assert NotificationKind.CARD in kinds  # the cards, as `Escrow.move` writes them
    assert any(r.payload.get("content") == f"about {escrow.id}" for r in rows)


# ---------------------------------------------------------------------- Offer.make's reads


@pytest.mark.parametrize(
    ("posts", "home"),
    [
        ([], 200),  # no post: the listing's own thread
        ([("other", 301), ("own", 302)], 302),  # its own guild's post first
        ([("own", None), ("other", 401)], 200),  # else the listing's own thread
        ([("other", 501), ("third", 502)], 501),  # (none) else the first post's
    ],
)
async def test_offer_make_returns_what_the_orm_reads(
    spy: list[Any], posts: list[tuple[str, int | None]], home: int
) -> None:
    """`made_with` (what the cog's notices use instead of reading again) is what the ORM
    reads after the change: the listing, the seller's Discord id, the listing's home thread
    and the guild's fee."""
    from models.guild import GuildSettings
    from models.listing import Listing, ListingPost

    w = await offer_world(previous=False)
    await GuildSettings.filter(guild_id=w["guild"].id).update(platform_fee_bps=321)
    own_thread = None if posts and posts[0][0] == "other" else 200
    await Listing.filter(id=w["listing"].id).update(thread_id=own_thread)
    guilds = {"own": w["guild"], "other": await make_guild(), "third": await make_guild()}
    for n, (whose, thread) in enumerate(posts):
        await ListingPost.create(
            listing_id=w["listing"].id,
            guild=guilds[whose],
            channel_id=100,
            thread_id=thread,
            message_id=1_000 + n,
        )
    offer = await Offer.make(w["listing"].id, w["buyer"], 42_000, now=NOW, then=_nothing)
    assert spy[-1] is not None and offer.made_with is not None
    listing = await Listing.get(id=w["listing"].id)
    made = offer.made_with
    assert columns(made.listing) == columns(listing)
    assert made.seller_discord_id == w["seller"].discord_id
    assert made.thread_id == await listing.home_thread_id()
    assert made.thread_id == home
    assert made.guild_fee_bps == (await w["guild"].get_settings()).platform_fee_bps == 321


async def test_offer_make_on_the_orm_path_reads_nothing_for_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = await offer_world(previous=False)
    plain(monkeypatch, False)
    offer = await Offer.make(w["listing"].id, w["buyer"], 42_000, now=NOW, then=_nothing)
    assert offer.made_with is None


async def test_offer_make_refused_in_its_transaction_rolls_it_back_for_the_orm(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    """A fast-path write refused inside the `then` transaction (a concurrent offer by the
    same buyer) rolls that transaction back, nothing of it kept, and the ORM path decides."""
    import asyncpg

    from models.notification import Notification

    w = await offer_world(previous=True)
    told: list[int] = []

    async def tell(made: Offer, conn: Any) -> None:
        from models.enums import NotificationKind

        told.append(made.id)
        await Notification.queue(NotificationKind.DM, 1, {"content": "x"}, conn=conn)

    real = fastpath._OFFER_WRITE
    # The write as a concurrent offer makes it fail: after it withdrew the old offer.
    failing = real.replace("FROM ins JOIN l ON true", "FROM ins JOIN l ON 1 / 0 = 1", 1)

    async def refused(con: Any, *a: Any) -> None:
        try:
            await con.execute(failing, *a)
        except asyncpg.DataError as exc:
            raise asyncpg.UniqueViolationError(str(exc)) from None

    fetchrow = asyncpg.connection.Connection.fetchrow

    async def patched(con: Any, query: str, *a: Any, **kw: Any) -> Any:
        if query is real:
            return await refused(con, *a)
        return await fetchrow(con, query, *a, **kw)

    monkeypatch.setattr(asyncpg.connection.Connection, "fetchrow", patched)
    offer = await Offer.make(w["listing"].id, w["buyer"], 42_000, now=NOW, then=tell)
    monkeypatch.undo()
    assert offer.made_with is None  # the ORM path made it
    assert told == [offer.id]  # `then` ran once, for the offer that exists
    offers = await Offer.filter(listing_id=w["listing"].id).order_by("id")
    assert [o.status for o in offers] == [OfferStatus.WITHDRAWN, OfferStatus.PENDING]
    assert await Notification.all().count() == 1
    assert await AuditLog.filter(action="offer.replaced").count() == 1


async def _nothing(made: Offer, conn: Any) -> None:
    pass


async def test_offer_make_by_the_guild_s_discord_id_sees_what_the_row_id_sees(
    monkeypatch: pytest.MonkeyPatch, spy: list[Any]
) -> None:
    """`guild_discord_id` (the interaction's guild, no lookup first) decides visibility as
    `guild_id` (our row id) does, on both paths: a PRIVATE listing inside its own guild
    only, and the same words elsewhere, from a guild we don't know, and in a DM."""
    w = await offer_world(previous=False)
    await w["listing"].update_from_dict({"visibility": ListingVisibility.PRIVATE}).save()
    stranger = await make_guild()
    for fast in (True, False):
        plain(monkeypatch, fast)
        spy.clear()
        made = await Offer.make(
            w["listing"].id, w["buyer"], 1_000, now=NOW, guild_discord_id=w["guild"].discord_id
        )
        assert made.status is OfferStatus.PENDING
        assert [s is not None for s in spy] == ([True] if fast else [])
        for discord_id in (stranger.discord_id, 999, None):
            errors = []
            for by_row in (True, False):
                with pytest.raises(DomainError) as e:
                    await Offer.make(
                        w["listing"].id,
                        w["buyer"],
                        1_000,
                        now=NOW,
                        guild_id=stranger.id
                        if by_row and discord_id == stranger.discord_id
                        else None,
                        guild_discord_id=None if by_row else discord_id,
                    )
                errors.append(str(e.value))
            assert errors[0] == errors[1] == f"There's no listing #{w['listing'].id}."
    plain(monkeypatch, True)

"""`BaseModel.save_audited` / `save_changes`: one statement of a change gives the saved
fields and the audit entry's before/after."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import AuditLog, GuildSettings, Listing
from models.enums import ListingStatus
from tests.factories import make_guild, make_listing, make_user


async def test_save_audited_saves_the_changes_and_records_before_and_after(db: str) -> None:
    seller = await make_user()
    listing = await make_listing(seller=seller, title="Old", price=1_000)
    elsewhere = await Listing.get(id=listing.id)
    elsewhere.summary = "changed by someone else"
    await elsewhere.save(update_fields=["summary"])
    async with in_transaction() as conn:
        entry = await listing.save_audited(
            conn,
            action="listing.edited",
            actor=seller,
            guild_id=listing.guild_id,  # type: ignore[attr-defined]
            changes={"title": "New", "price": 2_000},
            note={"why": "test"},
        )
    assert entry is not None and entry.object_type == "listing"
    assert entry.object_id == str(listing.id) and entry.guild_id == listing.guild_id  # type: ignore[attr-defined]
    assert entry.before == {"title": "Old", "price": 1_000}
    assert entry.after == {"title": "New", "price": 2_000, "why": "test"}
    fresh = await Listing.get(id=listing.id)
    assert (fresh.title, fresh.price) == ("New", 2_000)
    assert fresh.summary == "changed by someone else"  # only the changed fields were written
    assert fresh.updated_at > listing.created_at


async def test_if_changed_writes_nothing_when_nothing_changes(db: str) -> None:
    listing = await make_listing(title="Same")
    async with in_transaction() as conn:
        entry = await listing.save_audited(
            conn, action="listing.edited", changes={"title": "Same"}, if_changed=True
        )
    assert entry is None
    assert await AuditLog.all().count() == 0
    assert await listing.save_changes(None, {"title": "Same"}) == []
    assert await listing.save_changes(None, {"title": "Other", "price": listing.price}) == ["title"]
    assert (await Listing.get(id=listing.id)).title == "Other"


async def test_state_gives_before_and_after_and_types_are_snake_case(db: str) -> None:
    listing = await make_listing()
    async with in_transaction() as conn:
        entry = await listing.save_audited(
            conn,
            action="listing.cancelled",
            changes={"status": ListingStatus.CANCELLED},
            state=listing.audit_state,
        )
    assert entry is not None
    assert entry.before["status"] == "ACTIVE" and entry.after["status"] == "CANCELLED"
    assert entry.before["title"] == entry.after["title"] == listing.title
    guild = await make_guild()
    settings = await GuildSettings.create(guild=guild)
    assert settings.audit_object_type() == "guild_settings"

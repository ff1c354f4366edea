"""Guild registration, `/setup` and `/settings`, through simulated Discord and real PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
import simcord

from bot.app import Bloxtr8Bot
from models import AuditLog, Guild, GuildSettings, MarketplaceChannel
from models.enums import ChannelKind, KycTier, ListingVisibility
from models.errors import DomainError, NotAllowed
from models.price_ranges import (
    DEFAULT_PRICE_RANGES,
    InvalidSetting,
    parse_price_ranges,
    validate_price_ranges,
)
from tests.factories import make_guild, make_user

# ------------------------------------------------------------------- helpers


def admin_member(env: simcord.Env, guild: Any, name: str = "admin") -> Any:
    role = guild.create_role(f"{name}-role", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user(name), roles=[role])


async def new_guild(env: simcord.Env, name: str = "Trading Hub") -> tuple[Any, Any, Any]:
    """A simulated server the bot is in, a text channel and an admin."""
    guild = env.create_guild(name)
    channel = guild.create_text_channel("general")
    admin = admin_member(env, guild)
    await env.settle()
    return guild, channel, admin


def bloxtr8_channels(bot: Bloxtr8Bot, guild_id: int) -> tuple[list[Any], list[Any]]:
    """The 'Bloxtr8' categories and the text channels inside them, as the bot sees them."""
    dguild = bot.get_guild(guild_id)
    assert dguild is not None
    categories = [c for c in dguild.categories if c.name == "Bloxtr8"]
    texts = [c for cat in categories for c in cat.text_channels]
    return categories, texts


async def rows(guild_id: int) -> list[MarketplaceChannel]:
    guild = await Guild.get(discord_id=guild_id)
    return await MarketplaceChannel.filter(guild=guild).order_by("id")


async def settings_of(guild_id: int) -> GuildSettings:
    guild = await Guild.get(discord_id=guild_id)
    return await guild.get_settings()


def only_refusals(env: simcord.Env) -> list[str]:
    """The plain-language refusals the bot raised; anything else fails the test.

    Reading `env.errors` acknowledges them (simcord re-raises unread errors at teardown).
    """
    messages = []
    for error in env.errors:
        original = getattr(error, "original", error)
        assert isinstance(original, DomainError), repr(error)
        messages.append(original.message)
    return messages


def text(result: Any) -> str:
    message = result.followups[-1] if result.followups else result.response
    assert message is not None
    return str(message.content)


# --------------------------------------------------------- join and leave


async def test_joining_a_server_registers_it_with_settings(env: simcord.Env) -> None:
    guild = env.create_guild("Trading Hub")
    await env.settle()
    row = await Guild.get(discord_id=guild.id)
    assert row.active and row.name == "Trading Hub" and row.joined_at is not None
    settings = await GuildSettings.get(guild=row)
    assert settings.price_ranges == DEFAULT_PRICE_RANGES
    audits = await AuditLog.filter(action="guild.joined", guild=row)
    assert len(audits) == 1 and audits[0].after["discord_id"] == guild.id


async def test_guild_join_event_registers_once(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    # simcord's GUILD_CREATE carries `unavailable: false`, which discord.py reports as
    # guild_available; a real first join arrives as guild_join. Both register, once.
    guild = env.create_guild("Second")
    await env.settle()
    dguild = bot.get_guild(guild.id)
    assert dguild is not None
    bot.dispatch("guild_join", dguild)
    await env.settle()
    assert await Guild.filter(discord_id=guild.id).count() == 1
    assert await GuildSettings.filter(guild__discord_id=guild.id).count() == 1
    assert await AuditLog.filter(action="guild.joined").count() == 1


async def test_leaving_marks_inactive_and_keeps_data(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "settings set fee", basis_points=250)
    dguild = bot.get_guild(guild.id)
    assert dguild is not None
    await dguild.leave()
    await env.settle()
    row = await Guild.get(discord_id=guild.id)
    assert not row.active and row.left_at is not None
    assert (await GuildSettings.get(guild=row)).platform_fee_bps == 250
    left = await AuditLog.filter(action="guild.left", guild=row)
    assert len(left) == 1
    assert left[0].before["active"] is True and left[0].after["active"] is False


async def test_rejoining_reactivates_the_same_row(env: simcord.Env) -> None:
    old = await make_guild(discord_id=777_000_000_000_001, name="Old name", active=False)
    await GuildSettings.create(guild=old, platform_fee_bps=123)
    await Guild.filter(id=old.id).update(left_at=old.created_at)
    env.create_guild("New name", id=777_000_000_000_001)
    await env.settle()
    row = await Guild.get(id=old.id)
    assert row.active and row.left_at is None and row.name == "New name"
    assert (await GuildSettings.get(guild=row)).platform_fee_bps == 123
    audit = await AuditLog.get(action="guild.joined", guild=row)
    assert audit.after["rejoined"] is True and audit.before["active"] is False


async def test_concurrent_join_events_register_once(db: str) -> None:
    guilds = await asyncio.gather(
        *(Guild.register_join(4242, "Race", event=f"e{i}") for i in range(4))
    )
    assert len({g.id for g in guilds}) == 1
    assert await Guild.filter(discord_id=4242).count() == 1
    assert await GuildSettings.filter(guild_id=guilds[0].id).count() == 1
    assert await AuditLog.filter(action="guild.joined").count() == 1


async def test_a_command_reading_settings_while_the_join_registers_does_not_deadlock(
    db: str,
) -> None:
    """A member's first command (its settings read, created when missing) racing the join
    event that registers the guild: the join locks the guild row, and a lock that blocks
    the settings insert's foreign-key check made the two inserts wait on each other."""
    for n in range(20):
        discord_id = 9_000 + n
        base = await Guild.ensure(discord_id, "Race")  # the command's guild row exists
        await asyncio.gather(
            Guild.register_join(discord_id, "Race", event="join"),
            base.get_settings(),
            base.get_settings(),
        )
        assert await GuildSettings.filter(guild_id=base.id).count() == 1


async def test_ready_registers_guilds_joined_while_offline(db: str) -> None:
    added = await Guild.register_missing({555: "Offline joined", 556: "Also"})
    assert {g.discord_id for g in added} == {555, 556}
    again = await Guild.register_missing({555: "Offline joined", 556: "Also"})
    assert again == []
    assert await AuditLog.filter(action="guild.joined").count() == 2


# ------------------------------------------------------------------- /setup


async def test_setup_creates_category_channels_and_rows(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    before = len(guild.channels)
    result = await admin.slash(channel, "setup")
    assert result.acknowledged and result.ephemeral
    assert "Created:" in text(result) and "Repaired: nothing" in text(result)

    categories, texts = bloxtr8_channels(bot, guild.id)
    assert len(categories) == 1
    assert sorted(c.name for c in texts) == sorted(
        ["under-5k", "5k-20k", "20k-100k", "100k-plus", "disputes", "bloxtr8-log"]
    )
    assert len(guild.channels) == before + 7  # the category and six channels

    recorded = await rows(guild.id)
    assert len(recorded) == 6
    price = [r for r in recorded if r.kind == ChannelKind.PRICE_RANGE]
    assert [(r.name, r.min_price, r.max_price) for r in price] == [
        (r["name"], r["min"], r["max"]) for r in DEFAULT_PRICE_RANGES
    ]
    assert {r.channel_id for r in recorded} == {c.id for c in texts}
    settings = await settings_of(guild.id)
    assert settings.category_id == categories[0].id
    disputes = next(r for r in recorded if r.kind == ChannelKind.DISPUTES)
    log_row = next(r for r in recorded if r.kind == ChannelKind.LOG)
    assert settings.disputes_channel_id == disputes.channel_id
    assert settings.log_channel_id == log_row.channel_id

    audit = await AuditLog.get(action="guild.setup")
    assert audit.before["channels"] == [] and len(audit.after["channels"]) == 6
    assert audit.actor_label == f"discord:{admin.id}"

    # The log channel is hidden from everyone; people can read but not post in price channels.
    dguild = bot.get_guild(guild.id)
    assert dguild is not None
    log_channel = dguild.get_channel(log_row.channel_id)
    under = dguild.get_channel(price[0].channel_id)
    assert isinstance(log_channel, discord.TextChannel) and isinstance(under, discord.TextChannel)
    assert not log_channel.permissions_for(dguild.default_role).view_channel
    # ...except to the admin who ran /setup (Manage Server alone would not show it).
    assert log_channel.overwrites_for(discord.Object(id=admin.id)).view_channel is True
    assert under.permissions_for(dguild.default_role).view_channel
    assert not under.permissions_for(dguild.default_role).send_messages
    assert under.permissions_for(dguild.me).send_messages


async def test_setup_twice_changes_nothing(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    first_rows = [(r.id, r.channel_id, r.name) for r in await rows(guild.id)]
    count = len(guild.channels)

    again = await admin.slash(channel, "setup")
    assert "Created: nothing" in text(again) and "Repaired: nothing" in text(again)
    assert len(guild.channels) == count
    categories, texts = bloxtr8_channels(bot, guild.id)
    assert len(categories) == 1 and len(texts) == 6
    assert [(r.id, r.channel_id, r.name) for r in await rows(guild.id)] == first_rows


async def test_setup_repairs_a_deleted_channel(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    disputes = next(r for r in await rows(guild.id) if r.kind == ChannelKind.DISPUTES)
    env.backend.delete_channel(disputes.channel_id)  # a moderator deleted it in Discord
    await env.settle()
    count = len(guild.channels)

    result = await admin.slash(channel, "setup")
    assert "(recreated)" in text(result)
    assert len(guild.channels) == count + 1
    fresh = next(r for r in await rows(guild.id) if r.kind == ChannelKind.DISPUTES)
    assert fresh.id == disputes.id and fresh.channel_id != disputes.channel_id
    assert bot.get_channel(fresh.channel_id) is not None
    assert (await settings_of(guild.id)).disputes_channel_id == fresh.channel_id
    assert len(await rows(guild.id)) == 6


async def test_setup_recreates_a_deleted_category(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    old_category = (await settings_of(guild.id)).category_id
    assert old_category is not None
    env.backend.delete_channel(old_category)
    await env.settle()

    result = await admin.slash(channel, "setup")
    assert "recreated" in text(result)
    categories, texts = bloxtr8_channels(bot, guild.id)
    assert len(categories) == 1 and categories[0].id != old_category
    assert len(texts) == 6  # the channels were moved back into the new category
    assert (await settings_of(guild.id)).category_id == categories[0].id


async def test_setup_renames_a_renamed_price_range(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    settings = await settings_of(guild.id)
    ranges = [dict(r) for r in settings.price_ranges]
    ranges[0]["name"] = "starter-deals"
    await settings.update_setting("price_ranges", ranges, has_manage_guild=True)
    old = next(r for r in await rows(guild.id) if r.min_price == 0)

    result = await admin.slash(channel, "setup")
    assert "(renamed)" in text(result)
    new = next(r for r in await rows(guild.id) if r.min_price == 0)
    assert new.channel_id == old.channel_id and new.name == "starter-deals"
    renamed = bot.get_channel(old.channel_id)
    assert isinstance(renamed, discord.TextChannel) and renamed.name == "starter-deals"


async def test_setup_follows_changed_price_ranges(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    changed = await admin.slash(channel, "settings set price-ranges", ranges="0-1000, 1000+")
    assert "/setup" in text(changed)
    result = await admin.slash(channel, "setup")
    assert "No longer used" in text(result)
    price = [r for r in await rows(guild.id) if r.kind == ChannelKind.PRICE_RANGE]
    assert [(r.name, r.min_price, r.max_price) for r in price] == [
        ("under-1k", 0, 100_000),
        ("1k-plus", 100_000, None),
    ]
    guild_row = await Guild.get(discord_id=guild.id)
    assert (await guild_row.price_channel_for(100_000)) == price[1]


async def test_non_admin_cannot_see_or_run_setup(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    guild, channel, _admin = await new_guild(env)
    helper_role = guild.create_role("helper")
    member = guild.add_member(env.create_user("mallory"), roles=[helper_role])
    # By default Discord hides /setup from people without Manage Server …
    with pytest.raises(simcord.SetupError):
        await member.slash(channel, "setup")
    # … but a server admin can open it to a role; the bot still checks the permission.
    setup_cmd = next(c for c in await bot.tree.fetch_commands() if c.name == "setup")
    guild.set_command_permissions(setup_cmd, {helper_role: True})
    count = len(guild.channels)
    result = await member.slash(channel, "setup")
    assert result.ephemeral
    assert "Manage Server" in text(result)
    assert len(guild.channels) == count
    assert await MarketplaceChannel.all().count() == 0
    assert await AuditLog.filter(action="guild.setup").count() == 0
    assert only_refusals(env) == ["Only members with the Manage Server permission can do that."]


async def test_guild_owner_can_run_setup(env: simcord.Env, bot: Bloxtr8Bot) -> None:
    owner = env.create_user("owner")
    guild = env.create_guild("Owned", owner=owner)
    channel = guild.create_text_channel("general")
    await env.settle()
    result = await guild_owner_actor(env, guild).slash(channel, "setup")
    assert "Created:" in text(result)
    assert len(await rows(guild.id)) == 6


def guild_owner_actor(env: simcord.Env, guild: Any) -> Any:
    from simcord.actors import MemberActor

    return MemberActor(env, guild, guild.owner)


async def test_setup_adopts_channels_it_made_but_did_not_record(
    env: simcord.Env, bot: Bloxtr8Bot
) -> None:
    # E.g. a run that failed half-way: the category and a channel exist, no rows.
    guild, channel, admin = await new_guild(env)
    category = guild.create_category("Bloxtr8")
    disputes = guild.create_text_channel("disputes", category=category)
    await env.settle()
    result = await admin.slash(channel, "setup")
    assert "(found)" in text(result)
    categories, texts = bloxtr8_channels(bot, guild.id)
    assert [c.id for c in categories] == [category.id]
    assert len(texts) == 6 and [c.name for c in texts].count("disputes") == 1
    assert (await settings_of(guild.id)).disputes_channel_id == disputes.id


async def test_setup_refused_when_the_bot_cannot_manage_channels(
    env: simcord.Env, bot: Bloxtr8Bot
) -> None:
    guild, channel, admin = await new_guild(env)
    bot_role = guild.roles[bot.user.name]  # type: ignore[union-attr]
    env.backend.edit_role(
        guild.id,
        bot_role.id,
        {"permissions": discord.Permissions(send_messages=True, view_channel=True).value},
    )
    await env.settle()
    count = len(guild.channels)
    result = await admin.slash(channel, "setup")
    assert "Manage Channels and Manage Roles" in text(result)
    assert len(guild.channels) == count
    assert await MarketplaceChannel.all().count() == 0
    assert len(only_refusals(env)) == 1


# --------------------------------------------------------- price_channel_for


async def test_price_channel_for_boundaries(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    row = await Guild.get(discord_id=guild.id)
    assert await row.price_channel_for(0) is None  # nothing before /setup
    await admin.slash(channel, "setup")

    async def name_for(price: int) -> str | None:
        found = await row.price_channel_for(price)
        return found.name if found else None

    assert await name_for(0) == "under-5k"
    assert await name_for(499_999) == "under-5k"
    assert await name_for(500_000) == "5k-20k"
    assert await name_for(1_999_999) == "5k-20k"
    assert await name_for(2_000_000) == "20k-100k"
    assert await name_for(10_000_000) == "100k-plus"
    assert await name_for(10**15) == "100k-plus"
    log_row = await row.channel_of_kind(ChannelKind.LOG)
    assert log_row is not None and log_row.name == "bloxtr8-log"
    other = await make_guild()
    assert await other.price_channel_for(100) is None


# -------------------------------------------------------------- moderators


async def test_is_moderator(db: str) -> None:
    settings = await (await make_guild()).get_settings()
    assert settings.is_moderator([], has_manage_guild=True)
    assert not settings.is_moderator([1, 2], has_manage_guild=False)
    settings.moderator_role_id = 2
    assert settings.is_moderator([1, 2], has_manage_guild=False)
    assert not settings.is_moderator([1], has_manage_guild=False)
    with pytest.raises(NotAllowed):
        settings.require_moderator([1], has_manage_guild=False)


# ------------------------------------------------------------- /settings


async def test_settings_view_for_admins_and_moderators(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    mod_role = guild.create_role("mods")
    mod = guild.add_member(env.create_user("mod"), roles=[mod_role])
    member = guild.add_member(env.create_user("member"))
    await admin.slash(channel, "settings set moderator-role", role=mod_role)

    for who in (admin, mod):
        result = await who.slash(channel, "settings view")
        assert result.ephemeral and result.response is not None
        embed = result.response.embeds[0]
        fields = {f.name: f.value for f in embed.fields}
        assert fields["Moderator role"] == f"<@&{mod_role.id}>"
        assert fields["Server fee"] == "500 bps (5.00%)"
        assert fields["Minimum tier to list"] == "TIER_1"
        assert fields["Default listing visibility"] == "PUBLIC"
        assert fields["Inspection period before auto-release"] == "7 days"
        assert fields["Default offer expiry"] == "72 hours"
        assert fields["Maximum active listings per user"] == "10"
        assert fields["Dispute deadline"] == "7 days"
        assert "`under-5k`: $0.00 to under $5,000.00" in fields["Price ranges"]
        assert "`100k-plus`: $100,000.00 and up" in fields["Price ranges"]

    refused = await member.slash(channel, "settings view")
    assert refused.ephemeral and refused.response is not None
    assert not refused.response.embeds
    assert "moderators and admins" in refused.response.content
    assert len(only_refusals(env)) == 1


SETTING_CASES = [
    ("settings set min-tier", {"tier": "TIER_2"}, "min_tier_to_list", KycTier.TIER_2),
    (
        "settings set visibility",
        {"visibility": "PRIVATE"},
        "default_visibility",
        ListingVisibility.PRIVATE,
    ),
    ("settings set inspection-days", {"days": 14}, "inspection_days", 14),
    ("settings set offer-expiry", {"hours": 24}, "offer_expiry_hours", 24),
    ("settings set fee", {"basis_points": 250}, "platform_fee_bps", 250),
    ("settings set max-listings", {"count": 25}, "max_active_listings", 25),
    ("settings set dispute-days", {"days": 3}, "dispute_deadline_days", 3),
]


@pytest.mark.parametrize(("command", "options", "field", "expected"), SETTING_CASES)
async def test_settings_set_changes_and_audits(
    env: simcord.Env, command: str, options: dict[str, Any], field: str, expected: Any
) -> None:
    guild, channel, admin = await new_guild(env)
    before = getattr(await settings_of(guild.id), field)
    result = await admin.slash(channel, command, **options)
    assert result.ephemeral and "is now" in text(result)
    assert getattr(await settings_of(guild.id), field) == expected
    audit = await AuditLog.get(action="guild.settings_changed")
    assert audit.before == {field: getattr(before, "value", before)}
    assert audit.after == {field: getattr(expected, "value", expected)}
    assert audit.actor_label == f"discord:{admin.id}"
    assert audit.guild_id == (await Guild.get(discord_id=guild.id)).id

    # The same value again changes nothing and writes no audit entry.
    again = await admin.slash(channel, command, **options)
    assert "Nothing changed" in text(again)
    assert await AuditLog.filter(action="guild.settings_changed").count() == 1


async def test_fee_reply_shows_percent(env: simcord.Env) -> None:
    _guild, channel, admin = await new_guild(env)
    result = await admin.slash(channel, "settings set fee", basis_points=234)
    assert text(result) == "The server fee is now 234 bps (2.34%) (was 500 bps (5.00%))."


async def test_set_moderator_role_and_clear_it(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    role = guild.create_role("mods")
    await admin.slash(channel, "settings set moderator-role", role=role)
    assert (await settings_of(guild.id)).moderator_role_id == role.id
    cleared = await admin.slash(channel, "settings set moderator-role")
    assert "not set" in text(cleared)
    assert (await settings_of(guild.id)).moderator_role_id is None
    audits = await AuditLog.filter(action="guild.settings_changed").order_by("id")
    assert [(a.before, a.after) for a in audits] == [
        ({"moderator_role_id": None}, {"moderator_role_id": role.id}),
        ({"moderator_role_id": role.id}, {"moderator_role_id": None}),
    ]
    everyone = await admin.slash(channel, "settings set moderator-role", role=guild.default_role)
    assert "@everyone" in text(everyone)
    assert (await settings_of(guild.id)).moderator_role_id is None
    assert len(only_refusals(env)) == 1


async def test_set_log_channel_points_the_log_row(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    await admin.slash(channel, "setup")
    logs = guild.create_text_channel("mod-log")
    await env.settle()
    result = await admin.slash(channel, "settings set log-channel", channel=logs)
    assert f"<#{logs.id}>" in text(result)
    assert (await settings_of(guild.id)).log_channel_id == logs.id
    row = await (await Guild.get(discord_id=guild.id)).channel_of_kind(ChannelKind.LOG)
    assert row is not None and row.channel_id == logs.id and row.name == "mod-log"
    audit = await AuditLog.get(action="guild.settings_changed")
    assert audit.after == {"log_channel_id": logs.id}
    assert audit.before["log_channel_id"] not in (None, logs.id)  # the one /setup made
    # /setup keeps the chosen log channel and creates no other.
    count = len(guild.channels)
    again = await admin.slash(channel, "setup")
    assert "Created: nothing" in text(again)
    assert len(guild.channels) == count
    # A price channel can't double as the log.
    under = next(r for r in await rows(guild.id) if r.min_price == 0)
    under_handle = next(h for h in guild.channels.values() if h.id == under.channel_id)
    refused = await admin.slash(channel, "settings set log-channel", channel=under_handle)
    assert "already a Bloxtr8" in text(refused)
    assert (await settings_of(guild.id)).log_channel_id == logs.id
    assert only_refusals(env) == [text(refused)]


async def test_set_price_ranges(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    result = await admin.slash(
        channel, "settings set price-ranges", ranges="0-$1,000, 1000-2500.50, 2500.50+"
    )
    assert "Run `/setup`" in text(result)
    ranges = (await settings_of(guild.id)).price_ranges
    assert ranges == [
        {"name": "under-1k", "min": 0, "max": 100_000},
        {"name": "1k-2500_50", "min": 100_000, "max": 250_050},
        {"name": "2500_50-plus", "min": 250_050, "max": None},
    ]
    audit = await AuditLog.get(action="guild.settings_changed")
    assert audit.before == {"price_ranges": DEFAULT_PRICE_RANGES}
    assert audit.after == {"price_ranges": ranges}


BAD_RANGES = [
    ("5000-0", "upper bound must be above"),
    ("abc", "isn't a range I can read"),
    ("0-abc, 5+", "isn't an amount I can read"),
    ("0-5000, 6000+", "a gap"),
    ("0-5000, 4000+", "an overlap"),
    ("100-5000, 5000+", "must start at $0"),
    ("0-5000, 5000-20000", "last range must be open-ended"),
    ("0+, 5000-20000, 20000+", "Only the last range"),
    ("0+", "between 2 and 10"),
    (", ".join(f"{i}-{i + 1}" for i in range(11)) + ", 11+", "between 2 and 10"),
    ("0-5000,, 5000+", "empty range"),
    ("0-5000.001, 5000.001+", "more than two decimals"),
    ("0--5, 5+", "negative"),
    ("", "Give the price ranges"),
]


@pytest.mark.parametrize(("ranges", "message"), BAD_RANGES)
async def test_bad_price_ranges_refused(env: simcord.Env, ranges: str, message: str) -> None:
    guild, channel, admin = await new_guild(env)
    result = await admin.slash(channel, "settings set price-ranges", ranges=ranges)
    assert result.ephemeral and message in text(result)
    assert (await settings_of(guild.id)).price_ranges == DEFAULT_PRICE_RANGES
    assert await AuditLog.filter(action="guild.settings_changed").count() == 0
    assert only_refusals(env) == [text(result)]


async def test_out_of_range_numbers_refused_by_discord(env: simcord.Env) -> None:
    guild, channel, admin = await new_guild(env)
    # The options carry min/max, so Discord itself refuses these before the bot sees them.
    for command, options in (
        ("settings set fee", {"basis_points": 10_001}),
        ("settings set inspection-days", {"days": 0}),
        ("settings set offer-expiry", {"hours": 169}),
        ("settings set max-listings", {"count": 0}),
        ("settings set dispute-days", {"days": 61}),
    ):
        with pytest.raises(simcord.OptionError):
            await admin.slash(channel, command, **options)
    settings = await settings_of(guild.id)
    assert (settings.platform_fee_bps, settings.inspection_days) == (500, 7)
    assert await AuditLog.filter(action="guild.settings_changed").count() == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("platform_fee_bps", 10_001, "between 0 and 10000"),
        ("platform_fee_bps", -1, "between 0 and 10000"),
        ("inspection_days", 0, "between 1 and 60"),
        ("inspection_days", 61, "between 1 and 60"),
        ("offer_expiry_hours", 169, "between 1 and 168"),
        ("max_active_listings", 1001, "between 1 and 1000"),
        ("dispute_deadline_days", 0, "between 1 and 60"),
        ("platform_fee_bps", True, "whole number"),
        ("platform_fee_bps", "5", "whole number"),
        ("min_tier_to_list", "TIER_9", "TIER_0, TIER_1 or TIER_2"),
        ("default_visibility", "SECRET", "PUBLIC or PRIVATE"),
        ("log_channel_id", None, "isn't a Discord"),
        ("price_ranges", [{"name": "all", "min": 0, "max": None}], "between 2 and 10"),
        ("nonsense", 1, "no setting called"),
    ],
)
async def test_model_refuses_bad_values_before_the_database(
    db: str, name: str, value: Any, message: str
) -> None:
    guild = await make_guild()
    settings = await guild.get_settings()
    with pytest.raises(InvalidSetting, match=message):
        await settings.update_setting(name, value, has_manage_guild=True)
    fresh = await GuildSettings.get(id=settings.id)
    assert (fresh.platform_fee_bps, fresh.inspection_days, fresh.min_tier_to_list) == (
        500,
        7,
        KycTier.TIER_1,
    )
    assert await AuditLog.all().count() == 0


async def test_model_refuses_non_admin_and_records_actor(db: str) -> None:
    guild = await make_guild()
    settings = await guild.get_settings()
    with pytest.raises(NotAllowed):
        await settings.update_setting("platform_fee_bps", 100, has_manage_guild=False)
    assert (await GuildSettings.get(id=settings.id)).platform_fee_bps == 500
    user = await make_user()
    change = await settings.update_setting(
        "platform_fee_bps", 100, has_manage_guild=True, actor=user
    )
    assert change.changed and settings.platform_fee_bps == 100
    audit = await AuditLog.get(action="guild.settings_changed")
    assert audit.actor_id == user.id


async def test_non_admin_settings_set_refused(env: simcord.Env) -> None:
    guild, channel, _admin = await new_guild(env)
    mod_role = guild.create_role("mods")
    mod = guild.add_member(env.create_user("mod"), roles=[mod_role])
    await GuildSettings.filter(guild__discord_id=guild.id).update(moderator_role_id=mod_role.id)
    for who in (mod, guild.add_member(env.create_user("member"))):
        for command, options in (
            ("settings set fee", {"basis_points": 0}),
            ("settings set price-ranges", {"ranges": "0-1, 1+"}),
            ("settings set min-tier", {"tier": "TIER_0"}),
        ):
            result = await who.slash(channel, command, **options)
            assert result.ephemeral and "Manage Server" in text(result)
    settings = await settings_of(guild.id)
    assert settings.platform_fee_bps == 500 and settings.min_tier_to_list == KycTier.TIER_1
    assert settings.price_ranges == DEFAULT_PRICE_RANGES
    assert await AuditLog.filter(action="guild.settings_changed").count() == 0
    assert len(only_refusals(env)) == 6


# ----------------------------------------------------------- range parsing


def test_parse_default_ranges_matches_defaults() -> None:
    assert parse_price_ranges("0-5000, 5000-20000, 20000-100000, 100000+") == DEFAULT_PRICE_RANGES
    assert parse_price_ranges("$0 - $5,000, $5,000 – 1,000,000, 1000000+")[1]["name"] == "5k-1m"


def test_validate_refuses_duplicate_names() -> None:
    with pytest.raises(InvalidSetting, match="both named"):
        validate_price_ranges(
            [{"name": "a", "min": 0, "max": 5}, {"name": "A", "min": 5, "max": None}]
        )

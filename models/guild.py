"""Discord servers, their members, settings and marketplace channels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from tortoise import fields
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import ChannelKind, GuildRole, KycTier, ListingVisibility
from models.errors import NotAllowed
from models.price_ranges import (
    DISPUTES_CHANNEL_NAME,
    LOG_CHANNEL_NAME,
    InvalidSetting,
    default_price_ranges,
    parse_price_ranges,
    quoted,
    validate_price_ranges,
)
from models.terms import DEFAULT_GUILD_FEE_CAP_BPS

if TYPE_CHECKING:
    from models.user import User

# ------------------------------------------------------------------- /setup plan


@dataclass
class ChannelSpec:
    """One channel /setup wants, with where it lives now (if anywhere)."""

    kind: ChannelKind
    name: str
    min_price: int | None = None
    max_price: int | None = None
    channel_id: int | None = None  # the Discord channel recorded for it, if any
    row_id: int | None = None  # its MarketplaceChannel row, if any
    managed: bool = True  # False: leave its name and place alone (an admin-chosen channel)


@dataclass
class SetupPlan:
    category_id: int | None
    specs: list[ChannelSpec]
    obsolete: list[MarketplaceChannel] = field(default_factory=list)

    @property
    def known_channel_ids(self) -> set[int]:
        ids = {s.channel_id for s in self.specs if s.channel_id is not None}
        ids |= {row.channel_id for row in self.obsolete}
        return ids


@dataclass
class SetupOutcome:
    """What /setup did to one channel: created, recreated, renamed, moved, adopted, unchanged."""

    spec: ChannelSpec
    channel_id: int
    name: str
    action: str


@dataclass
class SettingChange:
    name: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return bool(self.before != self.after)


class Guild(TimestampMixin, BaseModel):
    discord_id = fields.BigIntField(unique=True)
    name = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True, db_index=True)
    joined_at = fields.DatetimeField(null=True)
    left_at = fields.DatetimeField(null=True)

    settings: fields.BackwardOneToOneRelation[GuildSettings]
    members: fields.ReverseRelation[GuildMember]
    channels: fields.ReverseRelation[MarketplaceChannel]

    class Meta:
        table = "guilds"

    @classmethod
    async def ensure(cls, discord_id: int, name: str) -> Guild:
        """The guild row for a Discord server, created on first sight (and reactivated)."""
        guild, created = await cls.get_or_create(
            discord_id=discord_id, defaults={"name": name[:100], "joined_at": utcnow()}
        )
        if not created:
            await guild.save_changes(None, {"active": True, "left_at": None, "name": name[:100]})
        return guild

    async def get_settings(self) -> GuildSettings:
        """This guild's settings, created with the defaults when missing."""
        settings, _ = await GuildSettings.get_or_create(guild=self)
        return settings

    # ---------------------------------------------------------------- joining

    @classmethod
    async def register_join(cls, discord_id: int, name: str, *, event: str = "join") -> Guild:
        """The bot is in this server: make sure it is registered, active and has settings.

        Audits ``guild.joined`` when the guild is new or was inactive (a rejoin keeps
        every row it had); an already active guild is left as it is, so repeated or
        concurrent events register it once.
        """
        name = name[:100]
        async with in_transaction() as conn:
            found, created = await cls.get_or_create(
                discord_id=discord_id,
                defaults={"name": name, "joined_at": utcnow()},
                using_db=conn,
            )
            # FOR NO KEY UPDATE: serialises the join events, but not a member's command
            # inserting the guild's settings meanwhile (its foreign-key check takes a KEY
            # SHARE lock, which FOR UPDATE blocks: the two settings inserts deadlocked).
            guild = await cls.select_for_update(no_key=True).using_db(conn).get(id=found.id)
            await GuildSettings.get_or_create(guild=guild, using_db=conn)
            if not created and guild.active:
                await guild.save_changes(conn, {"name": name})
                return guild
            before = None
            if not created:
                before = {"active": False, "left_at": guild.left_at, "name": guild.name}
                guild.active = True
                guild.left_at = None
                guild.name = name
                guild.joined_at = utcnow()
                await guild.save(
                    update_fields=["active", "left_at", "name", "joined_at", "updated_at"],
                    using_db=conn,
                )
            await AuditLog.record(
                "guild.joined",
                object_type="guild",
                object_id=guild.id,
                actor_label=f"discord:{event}",
                guild=guild,
                before=before,
                after={
                    "discord_id": guild.discord_id,
                    "name": guild.name,
                    "active": True,
                    "rejoined": not created,
                },
                using_db=conn,
            )
        return guild

    @classmethod
    async def register_leave(cls, discord_id: int) -> Guild | None:
        """The bot left (or was removed from) this server: mark it inactive, keep its data."""
        async with in_transaction() as conn:
            guild = await cls.select_for_update().using_db(conn).get_or_none(discord_id=discord_id)
            if guild is None or not guild.active:
                return guild
            await guild.save_audited(
                conn,
                action="guild.left",
                actor_label="discord:remove",
                guild=guild,
                changes={"active": False, "left_at": utcnow()},
            )
        return guild

    @classmethod
    async def register_missing(cls, present: dict[int, str]) -> list[Guild]:
        """Register the servers (``{discord_id: name}``) the bot is in but that are not
        active here (joined while it was offline). One query when nothing is missing."""
        if not present:
            return []
        rows = await cls.filter(discord_id__in=list(present), active=True).values_list(
            "discord_id", flat=True
        )
        known: set[int] = {cast(int, row) for row in rows}
        return [
            await cls.register_join(discord_id, name, event="ready")
            for discord_id, name in present.items()
            if discord_id not in known
        ]

    # --------------------------------------------------------------- channels

    async def price_channel_for(self, price_cents: int) -> MarketplaceChannel | None:
        """The price-range channel holding this price (min inclusive, max exclusive,
        no max = no upper bound), or None when /setup has not made one."""
        return (
            await MarketplaceChannel.filter(
                guild_id=self.id, kind=ChannelKind.PRICE_RANGE, min_price__lte=price_cents
            )
            .filter(Q(max_price__isnull=True) | Q(max_price__gt=price_cents))
            .order_by("-min_price")
            .first()
        )

    async def channel_of_kind(self, kind: ChannelKind) -> MarketplaceChannel | None:
        """The first channel of this kind (LOG, DISPUTES, PRICE_RANGE), or None."""
        return await MarketplaceChannel.filter(guild_id=self.id, kind=kind).order_by("id").first()

    async def plan_setup(self) -> SetupPlan:
        """What /setup wants: one channel per price range, a disputes and a log channel,
        matched with the rows recorded by an earlier run (by bounds, then by name)."""
        settings = await self.get_settings()
        rows = await MarketplaceChannel.filter(guild_id=self.id).order_by("id")
        price_rows = sorted(
            (r for r in rows if r.kind == ChannelKind.PRICE_RANGE),
            key=lambda r: (r.min_price or 0, r.id),
        )
        ranges = settings.price_ranges or default_price_ranges()
        matched: dict[int, MarketplaceChannel] = {}
        free = list(price_rows)
        for rule in (
            lambda rg, row: row.min_price == rg["min"] and row.max_price == rg["max"],
            lambda rg, row: row.name == rg["name"],
            lambda rg, row: True,
        ):
            for i, rg in enumerate(ranges):
                if i in matched:
                    continue
                for row in free:
                    if rule(rg, row):
                        matched[i] = row
                        free.remove(row)
                        break
        specs = [
            ChannelSpec(
                kind=ChannelKind.PRICE_RANGE,
                name=rg["name"],
                min_price=rg["min"],
                max_price=rg["max"],
                channel_id=matched[i].channel_id if i in matched else None,
                row_id=matched[i].id if i in matched else None,
            )
            for i, rg in enumerate(ranges)
        ]
        for kind, name, setting_id in (
            (ChannelKind.DISPUTES, DISPUTES_CHANNEL_NAME, settings.disputes_channel_id),
            (ChannelKind.LOG, LOG_CHANNEL_NAME, settings.log_channel_id),
        ):
            kind_row = next((r for r in rows if r.kind == kind), None)
            # A log channel the admin chose (`/settings set log-channel`) keeps its name
            # and place; the one /setup made is kept in the category like the others.
            managed = kind != ChannelKind.LOG or (kind_row is not None and kind_row.name == name)
            specs.append(
                ChannelSpec(
                    kind=kind,
                    name=name,
                    channel_id=kind_row.channel_id if kind_row else setting_id,
                    row_id=kind_row.id if kind_row else None,
                    managed=managed,
                )
            )
        extra = [
            r
            for r in rows
            if r.kind != ChannelKind.PRICE_RANGE and r.id not in {s.row_id for s in specs}
        ]
        return SetupPlan(category_id=settings.category_id, specs=specs, obsolete=free + extra)

    async def record_setup(
        self,
        *,
        category_id: int,
        outcomes: list[SetupOutcome],
        obsolete: list[MarketplaceChannel],
        actor: User | None = None,
        actor_label: str | None = None,
    ) -> None:
        """Store what /setup made in Discord: the channel rows and the settings ids,
        in one transaction with the ``guild.setup`` audit entry."""
        async with in_transaction() as conn:
            settings = await GuildSettings.select_for_update().using_db(conn).get(guild_id=self.id)
            rows = await MarketplaceChannel.filter(guild_id=self.id).using_db(conn).order_by("id")
            before = {
                "category_id": settings.category_id,
                "disputes_channel_id": settings.disputes_channel_id,
                "log_channel_id": settings.log_channel_id,
                "channels": [_row_state(r) for r in rows],
            }
            gone = {r.id for r in obsolete}
            if gone:
                await MarketplaceChannel.filter(id__in=list(gone)).using_db(conn).delete()
            by_id = {r.id: r for r in rows if r.id not in gone}
            for outcome in outcomes:
                spec = outcome.spec
                values = {
                    "channel_id": outcome.channel_id,
                    "name": outcome.name[:100],
                    "min_price": spec.min_price,
                    "max_price": spec.max_price,
                }
                row = by_id.get(spec.row_id) if spec.row_id is not None else None
                if row is None:
                    await MarketplaceChannel.create(
                        guild_id=self.id, kind=spec.kind, using_db=conn, **values
                    )
                elif any(getattr(row, k) != v for k, v in values.items()):
                    row.update_from_dict(values)
                    await row.save(using_db=conn)
                if spec.kind == ChannelKind.DISPUTES:
                    settings.disputes_channel_id = outcome.channel_id
                elif spec.kind == ChannelKind.LOG:
                    settings.log_channel_id = outcome.channel_id
            settings.category_id = category_id
            ids = ("category_id", "disputes_channel_id", "log_channel_id")
            if any(getattr(settings, k) != before[k] for k in ids):
                await settings.save(update_fields=[*ids, "updated_at"], using_db=conn)
            rows = await MarketplaceChannel.filter(guild_id=self.id).using_db(conn).order_by("id")
            await AuditLog.record(
                "guild.setup",
                object_type="guild",
                object_id=self.id,
                actor=actor,
                actor_label=actor_label,
                guild=self,
                before=before,
                after={
                    "category_id": settings.category_id,
                    "disputes_channel_id": settings.disputes_channel_id,
                    "log_channel_id": settings.log_channel_id,
                    "channels": [_row_state(r) for r in rows],
                    "actions": {str(o.channel_id): o.action for o in outcomes},
                    "dropped": [_row_state(r) for r in obsolete],
                },
                using_db=conn,
            )


class GuildMember(TimestampMixin, BaseModel):
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="members", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE, db_index=True
    )
    role = fields.CharEnumField(GuildRole, max_length=16, default=GuildRole.MEMBER, db_index=True)

    class Meta:
        table = "guild_members"
        unique_together = (("guild", "user"),)


class GuildSettings(TimestampMixin, BaseModel):
    guild: fields.OneToOneRelation[Guild] = fields.OneToOneField(
        "models.Guild", related_name="settings", on_delete=fields.CASCADE
    )
    moderator_role_id = fields.BigIntField(null=True)
    category_id = fields.BigIntField(null=True)
    log_channel_id = fields.BigIntField(null=True)
    disputes_channel_id = fields.BigIntField(null=True)
    min_tier_to_list = fields.CharEnumField(KycTier, max_length=16, default=KycTier.TIER_1)
    default_visibility = fields.CharEnumField(
        ListingVisibility, max_length=16, default=ListingVisibility.PUBLIC
    )
    inspection_days = fields.IntField(default=7)
    offer_expiry_hours = fields.IntField(default=72)
    platform_fee_bps = fields.IntField(default=500)
    max_active_listings = fields.IntField(default=10)
    dispute_deadline_days = fields.IntField(default=7)
    price_ranges: list[dict[str, Any]] = fields.JSONField(default=default_price_ranges)
    guild_id: int

    class Meta:
        table = "guild_settings"

    def is_moderator(self, member_role_ids: list[int], has_manage_guild: bool) -> bool:
        """Moderators are members with the moderator role, and anyone with Manage Server."""
        if has_manage_guild:
            return True
        return self.moderator_role_id is not None and self.moderator_role_id in member_role_ids

    def require_moderator(self, member_role_ids: list[int], has_manage_guild: bool) -> None:
        if not self.is_moderator(member_role_ids, has_manage_guild):
            raise NotAllowed("Only this server's moderators and admins can do that.")

    @staticmethod
    def clean_setting(name: str, value: Any) -> Any:
        """The value to store for a setting, or an `InvalidSetting` refusal in plain words."""
        if name not in SETTING_LIMITS and name not in _OTHER_SETTINGS:
            raise InvalidSetting(f"There is no setting called `{quoted(name)}`.")
        if name in SETTING_LIMITS:
            low, high, label = SETTING_LIMITS[name]
            if not isinstance(value, int) or isinstance(value, bool):
                raise InvalidSetting(f"The {label} must be a whole number.")
            if not low <= value <= high:
                raise InvalidSetting(
                    f"The {label} must be between {low} and {high} (you gave {value})."
                )
            return value
        if name == "min_tier_to_list":
            try:
                return KycTier(value)
            except ValueError:
                raise InvalidSetting(
                    "The minimum tier to list must be TIER_0, TIER_1 or TIER_2."
                ) from None
        if name == "default_visibility":
            try:
                return ListingVisibility(value)
            except ValueError:
                raise InvalidSetting("The default visibility must be PUBLIC or PRIVATE.") from None
        if name in ("moderator_role_id", "log_channel_id"):
            if value is None and name == "moderator_role_id":
                return None
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise InvalidSetting("That isn't a Discord role or channel id.")
            return value
        if name == "price_ranges":
            if isinstance(value, str):
                return parse_price_ranges(value)
            return validate_price_ranges(value)
        raise InvalidSetting(f"There is no setting called `{quoted(name)}`.")  # pragma: no cover

    async def update_setting(
        self,
        name: str,
        value: Any,
        *,
        has_manage_guild: bool,
        actor: User | None = None,
        actor_label: str | None = None,
        channel_name: str | None = None,
        guild_fee_cap_bps: int = DEFAULT_GUILD_FEE_CAP_BPS,
    ) -> SettingChange:
        """Change one setting (Manage Server only), audited as ``guild.settings_changed``
        with before/after, in one transaction under a row lock. Validated before any
        database work. Setting the log channel also points the LOG channel row at it
        (`channel_name` is its Discord name). Refreshes this instance."""
        if not has_manage_guild:
            raise NotAllowed("Only members with the Manage Server permission can change settings.")
        clean = self.clean_setting(name, value)
        if name == "platform_fee_bps" and clean > guild_fee_cap_bps:
            raise InvalidSetting(
                f"The server fee can be at most {guild_fee_cap_bps} bps "
                f"({guild_fee_cap_bps / 100:g}%), the cap set by platform staff "
                f"(you gave {clean})."
            )
        async with in_transaction() as conn:
            locked = await GuildSettings.select_for_update().using_db(conn).get(id=self.id)
            before = getattr(locked, name)
            change = SettingChange(name, before, clean)
            if not change.changed:
                return change
            if name == "log_channel_id":
                await _point_log_row(locked, clean, channel_name, conn)
            await locked.save_audited(
                conn,
                action="guild.settings_changed",
                actor=actor,
                actor_label=actor_label,
                guild_id=locked.guild_id,
                changes={name: clean},
            )
        setattr(self, name, clean)
        return change


class MarketplaceChannel(TimestampMixin, BaseModel):
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="channels", on_delete=fields.CASCADE
    )
    channel_id = fields.BigIntField(unique=True)
    kind = fields.CharEnumField(ChannelKind, max_length=16, db_index=True)
    name = fields.CharField(max_length=100)
    min_price = fields.BigIntField(null=True)
    max_price = fields.BigIntField(null=True)
    guild_id: int

    class Meta:
        table = "marketplace_channels"
        indexes = (("guild", "kind"),)


# Numeric settings: (lowest, highest, how to name it to a person). The DB CHECKs agree.
SETTING_LIMITS: dict[str, tuple[int, int, str]] = {
    "inspection_days": (1, 60, "inspection period (days)"),
    "offer_expiry_hours": (1, 168, "default offer expiry (hours)"),
    "platform_fee_bps": (0, 10_000, "server fee (basis points)"),
    "max_active_listings": (1, 1000, "maximum active listings per user"),
    "dispute_deadline_days": (1, 60, "dispute deadline (days)"),
}
_OTHER_SETTINGS = (
    "moderator_role_id",
    "log_channel_id",
    "min_tier_to_list",
    "default_visibility",
    "price_ranges",
)
SETTING_NAMES: tuple[str, ...] = (*_OTHER_SETTINGS, *SETTING_LIMITS)


def _row_state(row: MarketplaceChannel) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "name": row.name,
        "channel_id": row.channel_id,
        "min_price": row.min_price,
        "max_price": row.max_price,
    }


async def _point_log_row(
    settings: GuildSettings, channel_id: int, channel_name: str | None, conn: Any
) -> None:
    """Make the LOG channel row name `channel_id` (refused if it is another Bloxtr8 channel)."""
    taken = await MarketplaceChannel.filter(channel_id=channel_id).using_db(conn).first()
    if taken is not None and (taken.kind != ChannelKind.LOG or taken.guild_id != settings.guild_id):
        raise InvalidSetting(
            f"<#{channel_id}> is already a Bloxtr8 {taken.kind.value.lower().replace('_', '-')} "
            "channel. Pick a separate channel for the log."
        )
    row = (
        await MarketplaceChannel.filter(guild_id=settings.guild_id, kind=ChannelKind.LOG)
        .using_db(conn)
        .order_by("id")
        .first()
    )
    name = (channel_name or LOG_CHANNEL_NAME)[:100]
    if row is None:
        await MarketplaceChannel.create(
            guild_id=settings.guild_id,
            kind=ChannelKind.LOG,
            channel_id=channel_id,
            name=name,
            using_db=conn,
        )
    else:
        await row.save_changes(conn, {"channel_id": channel_id, "name": name})

"""Discord servers, their members, settings and marketplace channels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from tortoise import fields
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import ChannelKind, GuildRole, KycTier, ListingVisibility
from models.errors import DomainError, InvalidAmount, NotAllowed
from models.money import format_amount, parse_amount
from models.terms import DEFAULT_GUILD_FEE_CAP_BPS

if TYPE_CHECKING:
    from models.user import User

# Default price ranges in cents: (name, min inclusive, max exclusive or None).
DEFAULT_PRICE_RANGES: list[dict[str, object]] = [
    {"name": "under-5k", "min": 0, "max": 500_000},
    {"name": "5k-20k", "min": 500_000, "max": 2_000_000},
    {"name": "20k-100k", "min": 2_000_000, "max": 10_000_000},
    {"name": "100k-plus", "min": 10_000_000, "max": None},
]


def default_price_ranges() -> list[dict[str, object]]:
    return [dict(r) for r in DEFAULT_PRICE_RANGES]


CATEGORY_NAME = "Bloxtr8"
DISPUTES_CHANNEL_NAME = "disputes"
LOG_CHANNEL_NAME = "bloxtr8-log"
MIN_PRICE_RANGES = 2
MAX_PRICE_RANGES = 10
PRICE_RANGE_EXAMPLE = "0-5000, 5000-20000, 20000-100000, 100000+"


class InvalidSetting(DomainError):
    """A guild setting value that cannot be used (out of range, malformed)."""


# ---------------------------------------------------------------- price ranges


def price_range_label(cents: int) -> str:
    """A short channel-name label for a bound: 500000 -> "5k", 100000000 -> "1m"."""
    dollars, rest = divmod(cents, 100)
    if rest:
        return f"{dollars}_{rest:02d}"
    if dollars and dollars % 1_000_000 == 0:
        return f"{dollars // 1_000_000}m"
    if dollars and dollars % 1_000 == 0:
        return f"{dollars // 1_000}k"
    return str(dollars)


def price_range_name(min_cents: int, max_cents: int | None) -> str:
    """The channel name of a range: "under-5k", "5k-20k", "100k-plus"."""
    if max_cents is None:
        return f"{price_range_label(min_cents)}-plus"
    if min_cents == 0:
        return f"under-{price_range_label(max_cents)}"
    return f"{price_range_label(min_cents)}-{price_range_label(max_cents)}"


def describe_price_range(entry: dict[str, Any]) -> str:
    """A range for people: "$5,000.00 to $20,000.00" or "$100,000.00 and up"."""
    if entry.get("max") is None:
        return f"{format_amount(entry['min'])} and up"
    return f"{format_amount(entry['min'])} to under {format_amount(entry['max'])}"


_ZERO = re.compile(r"^\$?0+(?:\.0{0,2})?$")
# Ranges are separated by ";", new lines, or commas, except a comma between digits
# that starts a group of exactly three (a thousands separator, as in "$1,000").
_SEPARATOR = re.compile(r"\s*[;\n]\s*|,\s+|,(?![0-9]{3}(?:[^0-9]|$))")
_RANGE = re.compile(r"^(?P<low>.+?)\s*[-\u2013\u2014]\s*(?P<high>.+)$")


def _parse_bound(text: str, piece: str) -> int:
    cleaned = text.strip().replace(" ", "")
    if _ZERO.match(cleaned):
        return 0
    try:
        return parse_amount(cleaned)
    except InvalidAmount as exc:
        raise InvalidSetting(f"In the range `{_quoted(piece)}`: {exc.message}") from exc


def _quoted(text: str) -> str:
    text = text.replace("`", "'")
    return text if len(text) <= 40 else text[:37] + "..."


def parse_price_ranges(text: str) -> list[dict[str, Any]]:
    """Parse ``0-5000, 5000-20000, 20000-100000, 100000+`` (dollars) into validated ranges.

    Each range gets its channel name (``under-5k``, ``5k-20k``, ``100k-plus``).
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidSetting(f"Give the price ranges in dollars, like `{PRICE_RANGE_EXAMPLE}`.")
    pieces = [p.strip() for p in _SEPARATOR.split(raw)]
    ranges: list[dict[str, Any]] = []
    for piece in pieces:
        if not piece:
            raise InvalidSetting(
                f"There is an empty range in that list. Write them like `{PRICE_RANGE_EXAMPLE}`."
            )
        if piece.endswith("+"):
            low = _parse_bound(piece[:-1], piece)
            ranges.append({"min": low, "max": None})
            continue
        match = _RANGE.match(piece)
        if match is None:
            raise InvalidSetting(
                f"`{_quoted(piece)}` isn't a range I can read. Write each range as `min-max` "
                f"in dollars and the last one as `min+`, like `{PRICE_RANGE_EXAMPLE}`."
            )
        low = _parse_bound(match["low"], piece)
        high = _parse_bound(match["high"], piece)
        ranges.append({"min": low, "max": high})
    for entry in ranges:
        entry["name"] = price_range_name(entry["min"], entry["max"])
    return validate_price_ranges(
        [{"name": r["name"], "min": r["min"], "max": r["max"]} for r in ranges]
    )


def validate_price_ranges(ranges: Any) -> list[dict[str, Any]]:
    """Check a list of ``{name, min, max}`` (cents): starts at 0, contiguous, strictly
    increasing, only the last open-ended, 2-10 ranges, distinct names. Returns a clean copy."""
    if not isinstance(ranges, list):
        raise InvalidSetting("Price ranges must be a list.")
    if len(ranges) > MAX_PRICE_RANGES:
        raise _count_error(len(ranges))
    clean: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, entry in enumerate(ranges):
        if not isinstance(entry, dict):
            raise InvalidSetting("Each price range needs a name, a minimum and a maximum.")
        name, raw_low, raw_high = entry.get("name"), entry.get("min"), entry.get("max")
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise InvalidSetting("Each price range needs a name of 1 to 100 characters.")
        if not _is_int(raw_low) or (raw_high is not None and not _is_int(raw_high)):
            raise InvalidSetting(f"The range `{_quoted(name)}` needs whole-cent bounds.")
        low = cast(int, raw_low)
        high = cast(int | None, raw_high)
        last = i == len(ranges) - 1
        shown = _shown_range(low, high)
        if high is not None and high <= low:
            raise InvalidSetting(
                f"In the range `{shown}` the upper bound must be above the lower bound."
            )
        if i == 0 and low != 0:
            raise InvalidSetting(
                f"The first range must start at $0 so that every price has a channel "
                f"(it starts at {format_amount(low)})."
            )
        if high is None and not last:
            raise InvalidSetting(
                f"Only the last range can be open-ended; `{shown}` is followed by other ranges."
            )
        if high is not None and last:
            raise InvalidSetting(
                f"The last range must be open-ended (written like `{_shown_range(low, None)}`) "
                "so that every price has a channel."
            )
        if clean:
            previous = clean[-1]
            if low != previous["max"]:
                what = "a gap" if low > previous["max"] else "an overlap"
                raise InvalidSetting(
                    f"The ranges must follow on without gaps or overlaps: "
                    f"`{_shown_range(previous['min'], previous['max'])}` ends at "
                    f"{format_amount(previous['max'])} but the next one starts at "
                    f"{format_amount(low)} ({what})."
                )
        key = name.strip().lower()
        if key in names:
            raise InvalidSetting(f"Two price ranges are both named `{_quoted(name)}`.")
        names.add(key)
        clean.append({"name": name.strip(), "min": low, "max": high})
    if len(clean) < MIN_PRICE_RANGES:
        raise _count_error(len(clean))
    return clean


def _count_error(count: int) -> InvalidSetting:
    return InvalidSetting(
        f"Give between {MIN_PRICE_RANGES} and {MAX_PRICE_RANGES} price ranges (you gave {count})."
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shown_range(low: int, high: int | None) -> str:
    def dollars(cents: int) -> str:
        whole, rest = divmod(cents, 100)
        return f"{whole}.{rest:02d}" if rest else str(whole)

    return f"{dollars(low)}+" if high is None else f"{dollars(low)}-{dollars(high)}"


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
        return self.before != self.after


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
        if not created and (not guild.active or guild.name != name[:100]):
            guild.active = True
            guild.left_at = None
            guild.name = name[:100]
            await guild.save(update_fields=["active", "left_at", "name", "updated_at"])
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
            guild = await cls.select_for_update().using_db(conn).get(id=found.id)
            await GuildSettings.get_or_create(guild=guild, using_db=conn)
            if not created and guild.active:
                if guild.name != name:
                    guild.name = name
                    await guild.save(update_fields=["name", "updated_at"], using_db=conn)
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
            guild.active = False
            guild.left_at = utcnow()
            await guild.save(update_fields=["active", "left_at", "updated_at"], using_db=conn)
            await AuditLog.record(
                "guild.left",
                object_type="guild",
                object_id=guild.id,
                actor_label="discord:remove",
                guild=guild,
                before={"active": True, "left_at": None},
                after={"active": False, "left_at": guild.left_at},
                using_db=conn,
            )
        return guild

    @classmethod
    async def register_missing(cls, present: dict[int, str]) -> list[Guild]:
        """Register the servers (``{discord_id: name}``) the bot is in but that are not
        active here (joined while it was offline). One query when nothing is missing."""
        if not present:
            return []
        known = set(
            await cls.filter(discord_id__in=list(present), active=True).values_list(
                "discord_id", flat=True
            )
        )
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
            raise InvalidSetting(f"There is no setting called `{_quoted(name)}`.")
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
        raise InvalidSetting(f"There is no setting called `{_quoted(name)}`.")  # pragma: no cover

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
            setattr(locked, name, clean)
            await locked.save(update_fields=[name, "updated_at"], using_db=conn)
            await AuditLog.record(
                "guild.settings_changed",
                object_type="guild_settings",
                object_id=locked.id,
                actor=actor,
                actor_label=actor_label,
                guild=await Guild.filter(id=locked.guild_id).using_db(conn).get(),
                before={name: before},
                after={name: clean},
                using_db=conn,
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
        row.channel_id = channel_id
        row.name = name
        await row.save(update_fields=["channel_id", "name", "updated_at"], using_db=conn)

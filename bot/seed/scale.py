"""Synthetic volume for benchmarks, through binary COPY (`bloxtr8 db seed --scale S`).

`seed_scale(url, scale)` appends benchmark volume with asyncpg's binary COPY: per unit of
`scale` 10 000 users, 50 000 listings, 100 000 offers and 10 000 escrows, each escrow with
its accepted offer, contract, signatures, rail row and event history. It takes explicit ids
from blocks reserved on the tables' sequences, so it appends to a database in use.

Conventions it shares with the models:

* Escrow versions, as `Escrow.open_for_contract` and `Escrow.move` write them: an escrow
  opens at version 1 with an ``opened`` event of version 1, funding window 72 hours; every
  later event increments the version, so the events of an escrow are numbered
  1..escrow.version and the highest one equals ``escrow.version``.
* Rails as `Escrow.rail_for`: up to $10,000.00 inclusive by card, above it USDC.
* A listing with a live escrow (awaiting funds, funds held, delivered, disputed) is INACTIVE,
  one whose escrow was released is SOLD, and one whose deal was cancelled or refunded is
  back to ACTIVE.
* Amounts are in cents; offers expire 72 hours after they are made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import math
import random
from collections.abc import Callable, Coroutine, Iterable, Iterator
from itertools import islice
from typing import Any, cast

from models.price_ranges import DEFAULT_PRICE_RANGES

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------
# Synthetic volume
# ---------------------------------------------------------------------------------------

# Unique external ids are a base plus the row id, far from real Discord/Roblox ids and the
# demo world's, so repeated runs (which get new row ids) never collide.
_SYN_DISCORD_BASE = 5_000_000_000_000_000_000
_SYN_GUILD_BASE = 5_100_000_000_000_000_000
_SYN_CHANNEL_BASE = 5_200_000_000_000_000_000
_SYN_THREAD_BASE = 5_300_000_000_000_000_000
_SYN_MESSAGE_BASE = 5_400_000_000_000_000_000
_SYN_INTERACTION_BASE = 5_500_000_000_000_000_000
_SYN_ROLE_BASE = 5_600_000_000_000_000_000
_SYN_ROBLOX_BASE = 50_000_000_000
_SYN_ASSET_BASE = 60_000_000_000
_USDC_ON_BASE = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"  # the token contract
_ADDRESS_MULT = 0x9E3779B97F4A7C15F39CC0605CEDC8341082276B  # odd: id -> address is a bijection
_DAY = 1440  # minutes
_MINUTE_US = 60_000_000
_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_TAG_BITS = 24  # listing plan keys: creation minute << _TAG_BITS | (escrow index + 1)
_TAG_MASK = (1 << _TAG_BITS) - 1
_CONNECTIONS = 2  # backends loading each table at once (this is sized for 2 cores)
_SCALE_LOCK_KEY = 0x0B10_5CA1  # advisory lock: seeders reserve id blocks one at a time
_RAIL_THRESHOLD = 1_000_000  # cents: above $10k escrows use USDC (Escrow.rail_for, the setting)

_ADJ = [
    "Epic",
    "Mega",
    "Super",
    "Ultimate",
    "Haunted",
    "Neon",
    "Pixel",
    "Retro",
    "Tiny",
    "Giant",
    "Crazy",
    "Frozen",
    "Lava",
    "Sky",
    "Ocean",
    "Cyber",
    "Medieval",
    "Space",
    "Zombie",
    "Ninja",
    "Pirate",
    "Dragon",
    "Candy",
    "Speed",
    "Shadow",
    "Golden",
    "Crystal",
    "Jungle",
    "Desert",
    "Arctic",
]
_GAME_THEME = [
    "Pizza",
    "Pet",
    "Car",
    "Sword",
    "Farm",
    "Mining",
    "Fishing",
    "Racing",
    "Boxing",
    "Cooking",
    "Dungeon",
    "Castle",
    "Island",
    "City",
    "School",
    "Hospital",
    "Prison",
    "Restaurant",
    "Theme Park",
    "Army",
    "Robot",
    "Anime",
    "Horror",
    "Magic",
    "Treasure",
    "Rocket",
    "Ice Cream",
    "Bakery",
    "Zoo",
    "Airport",
]
_GAME_GENRE = [
    "Tycoon",
    "Simulator",
    "Obby",
    "Roleplay",
    "Battlegrounds",
    "Tower Defense",
    "Survival",
    "Adventure",
    "Clicker",
    "Racing",
    "Shooter",
    "Escape",
]
_GROUP_NOUN = [
    "Wolves",
    "Knights",
    "Racers",
    "Builders",
    "Scripters",
    "Raiders",
    "Samurai",
    "Vikings",
    "Pilots",
    "Gamers",
    "Titans",
    "Phoenix",
    "Legends",
    "Outlaws",
    "Rangers",
    "Wizards",
    "Hunters",
    "Creators",
    "Traders",
    "Guardians",
]
_GROUP_KIND = [
    "Clan",
    "Guild",
    "Army",
    "Studios",
    "Fan Club",
    "Community",
    "Legion",
    "Squad",
    "Academy",
    "Corporation",
]
_ITEM_MATERIAL = [
    "Golden",
    "Frozen",
    "Emerald",
    "Ruby",
    "Sapphire",
    "Sparkle Time",
    "Midnight",
    "Rainbow",
    "Ice",
    "Fire",
    "Void",
    "Silver",
    "Bluesteel",
    "Violet",
    "Crimson",
]
_ITEM_NOUN = [
    "Valkyrie",
    "Dominus",
    "Fedora",
    "Wings",
    "Sword",
    "Headphones",
    "Crown",
    "Hood",
    "Shades",
    "Backpack",
    "Aura",
    "Scarf",
    "Top Hat",
    "Visor",
    "Antlers",
]
_ITEM_PREFIX = ("Limited", "Rare", "Classic", "Vintage", "UGC", "Limited U")
_SERVICE_ADJ = ("Professional", "Custom", "Fast", "Premium", "Budget", "Expert", "Full-stack")
_SERVICE = [
    "Lua Scripting",
    "Map Building",
    "UI Design",
    "Thumbnail Art",
    "3D Modeling",
    "Animation",
    "Sound Design",
    "VFX",
    "Game Testing",
    "Discord Bot Setup",
    "Marketing",
    "Clothing Design",
    "Game Icon",
    "Anti-Exploit",
]
_SERVICE_UNIT = ("Commission", "Package", "Bundle", "(per hour)", "for your game", "– 3 milestones")
_OTHER = [
    "Discord server",
    "Roblox Studio plugin",
    "Model pack",
    "Sound pack",
    "Font pack",
    "Game template",
    "Admin system",
    "Inventory system",
    "Datastore module",
    "Trading bot",
    "Group funds",
    "Asset bundle",
]
_USER_ADJ = [
    "cool",
    "dark",
    "epic",
    "swift",
    "lazy",
    "happy",
    "silent",
    "brave",
    "lucky",
    "noob",
    "pro",
    "mad",
    "tiny",
    "big",
    "red",
]
_USER_NOUN = [
    "fox",
    "wolf",
    "ninja",
    "gamer",
    "builder",
    "dev",
    "cat",
    "dragon",
    "knight",
    "panda",
    "bacon",
    "guest",
    "tiger",
]
_CATEGORIES = ("GAME", "GROUP", "ITEM", "SERVICE", "OTHER")
_CATEGORY_WEIGHTS = (35, 15, 30, 15, 5)
_ASSET_TYPE = {"GAME": "GAME", "GROUP": "GROUP", "ITEM": "ITEM"}
_CONDITIONS = (
    "Includes all game passes.",
    "Payment within 24 hours of acceptance.",
    "Need the group funds to stay in the group.",
    "Can pay half now and half after transfer.",
    "Price includes the Discord server.",
    "Only if the visits are verified by the bot.",
)

# Synthetic escrows: status -> (weight in %, the events after "opened": kind, from, to).
_ESCROW_PATHS: dict[str, tuple[int, tuple[tuple[str, str | None, str], ...]]] = {
    "AWAIT_FUNDS": (8, ()),
    "FUNDS_HELD": (10, (("funded", "AWAIT_FUNDS", "FUNDS_HELD"),)),
    "DELIVERED": (
        7,
        (("funded", "AWAIT_FUNDS", "FUNDS_HELD"), ("delivered", "FUNDS_HELD", "DELIVERED")),
    ),
    "DISPUTED": (
        3,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("delivered", "FUNDS_HELD", "DELIVERED"),
            ("disputed", "DELIVERED", "DISPUTED"),
        ),
    ),
    "RELEASED": (
        55,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("delivered", "FUNDS_HELD", "DELIVERED"),
            ("released", "DELIVERED", "RELEASED"),
        ),
    ),
    "REFUNDED": (
        7,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("disputed", "FUNDS_HELD", "DISPUTED"),
            ("refunded", "DISPUTED", "REFUNDED"),
        ),
    ),
    "CANCELLED": (10, (("cancelled", "AWAIT_FUNDS", "CANCELLED"),)),
}
_LISTING_STATUS_FOR_ESCROW = {
    "AWAIT_FUNDS": "INACTIVE",
    "FUNDS_HELD": "INACTIVE",
    "DELIVERED": "INACTIVE",
    "DISPUTED": "INACTIVE",
    "RELEASED": "SOLD",
    "REFUNDED": "ACTIVE",
    "CANCELLED": "ACTIVE",
}

_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(columns.split())
    for table, columns in {
        "guilds": "id created_at updated_at discord_id name active joined_at",
        "guild_settings": "id created_at updated_at guild_id moderator_role_id category_id "
        "log_channel_id disputes_channel_id min_tier_to_list default_visibility inspection_days "
        "offer_expiry_hours platform_fee_bps max_active_listings dispute_deadline_days "
        "price_ranges",
        "marketplace_channels": "id created_at updated_at guild_id channel_id kind name "
        "min_price max_price",
        "users": "id created_at updated_at discord_id username kyc_tier kyc_verified "
        "terms_accepted_at roblox_user_id roblox_username roblox_created_at roblox_linked_at "
        "wallet_address wallet_risk wallet_screened_at stripe_account_id stripe_payouts_enabled",
        "guild_members": "id created_at updated_at guild_id user_id role",
        "listings": "id created_at updated_at title summary price currency category status "
        "visibility asset_type asset_id channel_id thread_id message_id guild_id seller_id",
        "offers": "id created_at updated_at amount currency conditions expires_at status "
        "decided_at buyer_id listing_id made_by_id parent_id seller_id",
        "contracts": "id created_at updated_at amount status template_version pdf_path sha256 "
        "asset_snapshot terms executed_at voided_at buyer_id listing_id seller_id offer_id",
        "signatures": "id method interaction_id signed_at contract_id user_id",
        "escrows": "id created_at updated_at rail amount currency fee_bps status version "
        "expires_at auto_release_at funded_at delivered_at released_at refunded_at "
        "cancelled_at buyer_id guild_id seller_id contract_id",
        "stripe_escrows": "id created_at updated_at escrow_id payment_intent_id charge_id "
        "amount_received amount_refunded transfer_id refund_id",
        "stablecoin_escrows": "id created_at updated_at escrow_id chain_id token_address "
        "deposit_address amount_base_units received_base_units deposit_tx_hash "
        "release_tx_hash refund_tx_hash",
        "escrow_events": "id version kind from_status to_status data created_at actor_id escrow_id",
    }.items()
}


def _weighted_pool(items: Iterable[tuple[Any, int]], size: int = 1000) -> list[Any]:
    """A list in which each item appears in proportion to its weight (pick with rnd()*len)."""
    pairs = list(items)
    total = sum(w for _, w in pairs)
    pool: list[Any] = []
    for item, weight in pairs:
        pool.extend([item] * round(size * weight / total))
    return pool


def _nice_price(sample: float) -> int:
    """A synthetic price in cents from a log-spread sample (in cents), rounded to two
    significant figures of whole dollars (e.g. 123456.0 -> 120000, i.e. $1,200)."""
    dollars = max(5.0, sample / 100)
    step = 10 ** max(0, math.floor(math.log10(dollars)) - 1)
    return int(round(dollars / step) * step) * 100


def _address(n: int) -> str:
    return f"0x{(n * _ADDRESS_MULT) % (1 << 160):040x}"


class _Synth:
    """Row generators for `seed_scale`.

    Times are minute indexes into `self.t` (0 = 366 days ago, `now_i` = now). Rows come out
    mostly in time order, so ids grow with created_at as they do in a real database (and
    the foreign-key checks of COPY visit the referenced rows mostly in order).
    """

    def __init__(self, scale: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.n_guilds = 5
        self.n_users = scale * 10_000
        self.n_listings = scale * 50_000
        self.n_offers = scale * 100_000
        self.n_escrows = scale * 10_000
        if self.n_escrows >= _TAG_MASK:
            raise ValueError("scale is too large")
        # Timestamps are (microseconds since 2000-01-01 UTC,) tuples, the form of asyncpg's
        # "tuple" codec, set on the loading connections: much cheaper to encode than datetimes.
        now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
        self.now_us = (now - _PG_EPOCH) // dt.timedelta(microseconds=1)
        self.now_i = 366 * _DAY
        start = self.now_us - self.now_i * _MINUTE_US
        self.t = [(start + i * _MINUTE_US,) for i in range(self.now_i + 60 * _DAY)]
        rnd = self.rng.random
        # Prices: log-uniform from $5 to $500k, rounded like people price things.
        lo, hi = math.log(500), math.log(50_000_000)
        self.prices = [_nice_price(math.exp(lo + (hi - lo) * rnd())) for _ in range(100_000)]
        self.titles = self._titles()
        self.summaries = self._summaries()
        self.first: dict[str, int] = {}  # first id of each table, set by the caller
        self._plan_escrows()
        self._plan_listings()

    # -- pools -------------------------------------------------------------------------

    def _titles(self) -> dict[str, list[str]]:
        rng = self.rng
        games = [f"{a} {t} {g}" for a in _ADJ for t in _GAME_THEME for g in _GAME_GENRE]
        games += [
            f"{name} – {rng.choice(('12K', '150K', '1.2M', '4M', '25M', '110M'))} visits"
            for name in rng.sample(games, 3000)
        ]
        groups = [f"{a} {n} {k}" for a in _ADJ for n in _GROUP_NOUN for k in _GROUP_KIND]
        items = [f"{p}: {m} {n}" for p in _ITEM_PREFIX for m in _ITEM_MATERIAL for n in _ITEM_NOUN]
        services = [f"{a} {s} {u}" for a in _SERVICE_ADJ for s in _SERVICE for u in _SERVICE_UNIT]
        others = [f"{a} {o}" for a in _ADJ for o in _OTHER]
        return {"GAME": games, "GROUP": groups, "ITEM": items, "SERVICE": services, "OTHER": others}

    def _summaries(self) -> dict[str, list[str]]:
        rng = self.rng
        out: dict[str, list[str]] = {}
        for cat in _CATEGORIES:
            lines = []
            for _ in range(500):
                if cat == "GAME":
                    lines.append(
                        f"{rng.choice(_GAME_GENRE)} with {rng.randint(1, 900)}K visits and "
                        f"{rng.randint(0, 40)} game passes. Transfer of the experience and places."
                    )
                elif cat == "GROUP":
                    lines.append(
                        f"Group with {rng.randint(1, 250)}K members, "
                        f"{rng.choice(('active wall', 'clothing store', 'clan wars', 'no funds'))}."
                    )
                elif cat == "ITEM":
                    lines.append(
                        f"RAP {rng.randint(2, 900)}K. "
                        "Sent by Roblox trade once the escrow is funded."
                    )
                elif cat == "SERVICE":
                    lines.append(
                        f"{rng.randint(1, 9)} years of experience, "
                        f"delivery in {rng.randint(1, 30)} days, paid per milestone."
                    )
                else:
                    lines.append(f"Ready to use, setup help included ({rng.randint(1, 60)} min).")
            out[cat] = lines
        return out

    # -- plans -------------------------------------------------------------------------

    def _plan_escrows(self) -> None:
        """Timelines of the escrows, in the order they were opened: the minutes at which
        the listing, the offer, its acceptance, the escrow, funding, delivery (or dispute)
        and the last change happened."""
        rnd = self.rng.random
        now = self.now_i
        pool = _weighted_pool((s, w) for s, (w, _) in _ESCROW_PATHS.items())
        plans: list[tuple[int, str, int, int, int, int, int, int]] = []
        for _ in range(self.n_escrows):
            st = pool[int(rnd() * len(pool))]
            if st == "AWAIT_FUNDS":
                m_e = now - int(rnd() * 3 * _DAY)
            elif st == "FUNDS_HELD":
                m_e = now - _DAY - int(rnd() * 13 * _DAY)
            elif st in ("DELIVERED", "DISPUTED"):
                m_e = now - 7 * _DAY - int(rnd() * 7 * _DAY)
            else:
                m_e = 20 * _DAY + int(rnd() * (now - 40 * _DAY))
            m_a = m_e - 5 - int(rnd() * 115)
            m_o = m_a - int(rnd() * 2 * _DAY)
            m_l = max(0, m_o - int(rnd() * 7 * _DAY))
            m_f = m_e + 10 + int(rnd() * 1430)  # funded (if it was)
            m_d = m_f + 60 + int(rnd() * 5 * _DAY)  # delivered (if it was)
            if st == "RELEASED":
                m_x = m_d + 60 + int(rnd() * 7 * _DAY)
            elif st == "DISPUTED":
                m_x = m_d + 30 + int(rnd() * _DAY)
            elif st == "REFUNDED":
                m_d = m_f + 2 * _DAY + int(rnd() * 5 * _DAY)  # disputed, not delivered
                m_x = m_d + _DAY + int(rnd() * 3 * _DAY)
            elif st == "CANCELLED":
                m_x = m_e + 3 * _DAY  # the funding window (FUNDING_WINDOW) ran out
            elif st == "DELIVERED":
                m_x = m_d
            elif st == "FUNDS_HELD":
                m_x = m_f
            else:
                m_x = m_e
            plans.append((m_e, st, m_l, m_o, m_a, m_f, m_d, m_x))
        plans.sort()
        n = self.n_escrows
        self.es_status = [p[1] for p in plans]
        self.es_times = [(p[2], p[3], p[4], p[0], p[5], p[6], p[7]) for p in plans]
        self.n_events = sum(len(_ESCROW_PATHS[s][1]) + 1 for s in self.es_status)
        cats = _weighted_pool(zip(_CATEGORIES, _CATEGORY_WEIGHTS, strict=True), 100)
        prices, n_prices = self.prices, len(self.prices)
        self.es_price = [prices[int(rnd() * n_prices)] for _ in range(n)]
        self.es_amount = [
            max(100, int(p * (0.85 + 0.15 * rnd())) // 100 * 100) for p in self.es_price
        ]
        self.es_category = [cats[int(rnd() * 100)] for _ in range(n)]
        self.n_usdc = sum(1 for a in self.es_amount if a > _RAIL_THRESHOLD)
        self.es_listing = [0] * n  # index of the listing sold
        self.es_offer = [0] * n  # id of the accepted offer
        self.es_buyer = [0] * n
        self.es_seller = [0] * n
        self.es_guild = [0] * n

    def _plan_listings(self) -> None:
        """Listing creation minutes in order; the listings of escrows are among them.

        Each key is ``minute << _TAG_BITS | tag``, tag 0 for a plain listing and i + 1 for
        the listing escrow i sells.
        """
        rnd = self.rng.random
        now = self.now_i
        keys = [int(rnd() * now) << _TAG_BITS for _ in range(self.n_listings - self.n_escrows)]
        keys.extend((times[0] << _TAG_BITS) | (i + 1) for i, times in enumerate(self.es_times))
        keys.sort()
        self.l_keys = keys

    # -- tables ------------------------------------------------------------------------

    def guilds(self, first: int) -> Iterator[tuple[Any, ...]]:
        names = (
            "Tycoon Traders",
            "Limited Exchange",
            "DevForum Market",
            "Obby Hub",
            "Group Bazaar",
        )
        self.guild_ids = list(range(first, first + self.n_guilds))
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            yield (gid, when, when, _SYN_GUILD_BASE + gid, names[j % 5], True, when)

    def guild_settings(self, first: int) -> Iterator[tuple[Any, ...]]:
        ranges = json.dumps(DEFAULT_PRICE_RANGES)
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            chan = _SYN_CHANNEL_BASE + gid * 10
            yield (
                first + j, when, when, gid, _SYN_ROLE_BASE + gid, chan + 9, chan + 5, chan + 4,
                "TIER_1", "PUBLIC", 7, 72, 500, 10, 7, ranges,
            )  # fmt: skip

    def marketplace_channels(self, first: int) -> Iterator[tuple[Any, ...]]:
        self.channels: dict[int, list[int]] = {}
        row_id = first
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            chan = _SYN_CHANNEL_BASE + gid * 10
            self.channels[gid] = [chan + i for i in range(len(DEFAULT_PRICE_RANGES))]
            for i, r in enumerate(DEFAULT_PRICE_RANGES):
                name = f"market-{r['name']}"
                yield (row_id, when, when, gid, chan + i, "PRICE_RANGE", name, r["min"], r["max"])
                row_id += 1
            yield (row_id, when, when, gid, chan + 4, "DISPUTES", "disputes", None, None)
            yield (row_id + 1, when, when, gid, chan + 5, "LOG", "bloxtr8-log", None, None)
            row_id += 2

    def users(self, first: int) -> Iterator[tuple[Any, ...]]:
        """Users in sign-up order. Everyone who trades signed up over a year ago (before any
        listing); a fifth of the users joined during the last year and only browse."""
        rnd = self.rng.random
        tiers = _weighted_pool((("TIER_0", 19), ("TIER_1", 68), ("TIER_2", 13)), 100)
        names = [f"{a}{n}" for a in _USER_ADJ for n in _USER_NOUN]
        n_names = len(names)
        year = 366 * 86_400
        ages = sorted(
            (year + rnd() * (year - 86_400) if rnd() < 0.8 else rnd() * year)
            for _ in range(self.n_users)
        )
        ages.reverse()
        now_us = self.now_us
        screened = self.t[self.now_i - 30 * _DAY]
        hour, account_age = 3600 * 1_000_000, 400 * 86_400 * 1_000_000
        self.traders: list[int] = []  # users who may list and make offers (TIER_1+)
        for j, age in enumerate(ages):
            uid = first + j
            created_us = now_us - int(age * 1_000_000)
            created = (created_us,)
            tier = tiers[int(rnd() * 100)] if age > year else "TIER_0"
            name = f"{names[int(rnd() * n_names)]}{uid % 100_000}"
            if tier == "TIER_0":
                yield (
                    uid, created, created, _SYN_DISCORD_BASE + uid, name, tier, False, created,
                    None, None, None, None, None, "UNKNOWN", None, None, False,
                )  # fmt: skip
                continue
            self.traders.append(uid)
            linked = (created_us + hour,)
            seller = rnd() < 0.4
            wallet = tier == "TIER_2" and rnd() < 0.6
            yield (
                uid, created, linked, _SYN_DISCORD_BASE + uid, name, tier, tier == "TIER_2",
                created, _SYN_ROBLOX_BASE + uid, f"{name.title()}RBX",
                (created_us - account_age,), linked,
                _address(uid) if wallet else None, "LOW" if wallet else "UNKNOWN",
                screened if wallet else None,
                f"acct_syn{uid:012d}" if seller else None, seller,
            )  # fmt: skip

    def guild_members(self, first: int) -> Iterator[tuple[Any, ...]]:
        """One membership per user; the first users of each guild are its staff."""
        rnd = self.rng.random
        gids = self.guild_ids
        n_g = len(gids)
        since = self.t[0]
        staff = ("OWNER", "ADMIN", "MODERATOR", "MODERATOR")
        for j in range(self.n_users):
            uid = self.first["users"] + j
            if j < len(staff) * n_g:
                gid, role = gids[j % n_g], staff[j // n_g]
            else:
                gid, role = gids[int(rnd() * n_g)], "MEMBER"
            yield (first + j, since, since, gid, uid, role)

    def listings(self, first: int) -> Iterator[tuple[Any, ...]]:
        rnd = self.rng.random
        now = self.now_i
        t = self.t
        traders = self.traders
        n_tr = len(traders)
        cats = _weighted_pool(zip(_CATEGORIES, _CATEGORY_WEIGHTS, strict=True), 100)
        # Listings without an escrow: mostly active, a few cancelled or paused.
        plain_status = _weighted_pool((("ACTIVE", 945), ("CANCELLED", 38), ("INACTIVE", 17)))
        n_plain = len(plain_status)
        vis = _weighted_pool((("PUBLIC", 85), ("PRIVATE", 15)), 100)
        guild_pool = _weighted_pool(zip(self.guild_ids, (40, 25, 15, 12, 8), strict=True), 100)
        prices, n_prices = self.prices, len(self.prices)
        titles, summaries = self.titles, self.summaries
        channels = self.channels
        top0, top1, top2 = (cast(int, r["max"]) for r in DEFAULT_PRICE_RANGES[:-1])
        n = self.n_listings
        self.l_seller = l_seller = [0] * n
        self.l_price = l_price = [0] * n
        self.l_active = l_active = bytearray(n)
        es_status, es_times = self.es_status, self.es_times
        words = {c: (titles[c], len(titles[c]), summaries[c], len(summaries[c])) for c in titles}
        for k, key in enumerate(self.l_keys):
            lid = first + k
            m_l = key >> _TAG_BITS
            tag = key & _TAG_MASK
            if tag:  # the listing escrow i sells
                i = tag - 1
                status = _LISTING_STATUS_FOR_ESCROW[es_status[i]]
                m_u = es_times[i][6] if status != "INACTIVE" else es_times[i][2]
                cat, price = self.es_category[i], self.es_price[i]
            else:
                status = plain_status[int(rnd() * n_plain)]
                m_u = m_l if status == "ACTIVE" else m_l + int(rnd() * (now - m_l))
                cat, price = cats[int(rnd() * 100)], prices[int(rnd() * n_prices)]
            title_pool, n_titles, summary_pool, n_summaries = words[cat]
            title = title_pool[int(rnd() * n_titles)]
            summary = summary_pool[int(rnd() * n_summaries)]
            seller = traders[int(n_tr * rnd() * rnd())]  # a few power sellers, a long tail
            gid = guild_pool[int(rnd() * 100)]
            asset_type = _ASSET_TYPE.get(cat)
            band = 0 if price < top0 else 1 if price < top1 else 2 if price < top2 else 3
            l_seller[k] = seller
            l_price[k] = price
            if status == "ACTIVE":
                l_active[k] = 1
            if tag:
                self.es_listing[tag - 1] = k
                self.es_guild[tag - 1] = gid
            yield (
                lid, t[m_l], t[m_u], title, summary, price, "USD", cat, status,
                vis[int(rnd() * 100)], asset_type,
                _SYN_ASSET_BASE + lid if asset_type else None,
                channels[gid][band], _SYN_THREAD_BASE + lid, _SYN_MESSAGE_BASE + lid, gid, seller,
            )  # fmt: skip

    def offers(self, first: int) -> Iterator[tuple[Any, ...]]:
        """Two passes. First, listing by listing (so roughly in time order), the offers that
        were decided: declined, expired, withdrawn, countered (followed by the seller's
        counter-offer) and the accepted offer of each escrow. Then the offers still open,
        made during the last four days on active listings: pending offers, and countered
        ones followed by the seller's pending counter-offer. At most one pending offer per
        (listing, buyer)."""
        rng = self.rng
        rnd = rng.random
        now = self.now_i
        t = self.t
        traders = self.traders
        n_tr = len(traders)
        l_seller, l_price, l_active = self.l_seller, self.l_price, self.l_active
        lfirst = self.first["listings"]
        expiry = 72 * 60
        n_cond = len(_CONDITIONS)
        last = first + self.n_offers
        oid = first

        # Pass 1: decided offers, two fifths of all offers (the rest is open).
        decided = _weighted_pool(
            (("DECLINED", 35), ("EXPIRED", 35), ("WITHDRAWN", 15), ("COUNTERED", 15)), 100
        )
        answers = _weighted_pool((("DECLINED", 55), ("EXPIRED", 45)), 100)
        budget = self.n_offers * 2 // 5 - self.n_escrows
        mean = max(0.01, 0.99 * budget / self.n_listings / 1.15)  # offers per listing
        log_p = math.log(mean / (1 + mean))  # geometric distribution with that mean
        for k, key in enumerate(self.l_keys):
            m_l = key >> _TAG_BITS
            tag = key & _TAG_MASK
            seller, price, lid = l_seller[k], l_price[k], lfirst + k
            n_other = min(budget, int(math.log(1.0 - rnd()) / log_p))
            top = self.es_times[tag - 1][2] if tag else min(now, m_l + 30 * _DAY)
            while n_other > 0:
                idx = int(rnd() * n_tr)
                buyer = traders[idx] if traders[idx] != seller else traders[(idx + 1) % n_tr]
                status = decided[int(rnd() * 100)]
                if status == "COUNTERED" and n_other < 2:
                    status = "DECLINED"
                m_o = m_l + int(rnd() * (top - m_l + 1))
                if status == "EXPIRED" and m_o + expiry > now:
                    status = "WITHDRAWN"
                if status == "EXPIRED":
                    m_d = m_o + expiry
                else:
                    m_d = m_o + int(rnd() * min(expiry, now - m_o + 1))
                amount = max(100, int(price * (0.5 + 0.45 * rnd())) // 100 * 100)
                cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
                yield (oid, t[m_o], t[m_d], amount, "USD", cond, t[m_o + expiry], status,
                       t[m_d], buyer, lid, buyer, None, seller)  # fmt: skip
                oid += 1
                n_other -= 1
                budget -= 1
                if status == "COUNTERED":  # the seller's counter-offer, also turned down
                    c_amount = max(100, (amount + price) // 200 * 100)
                    c_status = answers[int(rnd() * 100)]
                    if c_status == "EXPIRED" and m_d + expiry > now:
                        c_status = "DECLINED"
                    if c_status == "EXPIRED":
                        c_d = m_d + expiry
                    else:
                        c_d = m_d + int(rnd() * min(expiry, now - m_d + 1))
                    yield (oid, t[m_d], t[c_d], c_amount, "USD", None, t[m_d + expiry],
                           c_status, t[c_d], buyer, lid, seller, oid - 1, seller)  # fmt: skip
                    oid += 1
                    n_other -= 1
                    budget -= 1
            if tag:  # the accepted offer of escrow i
                i = tag - 1
                idx = int(rnd() * n_tr)
                buyer = traders[idx] if traders[idx] != seller else traders[(idx + 1) % n_tr]
                _, m_o, m_a, *_rest = self.es_times[i]
                cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
                yield (oid, t[m_o], t[m_a], self.es_amount[i], "USD", cond, t[m_o + expiry],
                       "ACCEPTED", t[m_a], buyer, lid, buyer, None, seller)  # fmt: skip
                self.es_offer[i] = oid
                self.es_buyer[i] = buyer
                self.es_seller[i] = seller
                oid += 1

        # Pass 2: open offers (pending, or countered with the seller's counter pending),
        # listing by listing: made during the last four days on active listings, a few of
        # which are hot. (Listing order rather than time order keeps the foreign-key checks
        # and index insertions of COPY walking the listings in order.)
        active = [k for k in range(self.n_listings) if l_active[k]] or [0]
        hot = rng.sample(active, max(1, len(active) // 100))
        n_act, n_hot = len(active), len(hot)
        events: list[int] = []  # listing index << 1 | countered (a pair of rows)
        rows = last - oid
        while rows > 0:
            k = hot[int(rnd() * n_hot)] if rnd() < 0.2 else active[int(rnd() * n_act)]
            countered = rows >= 2 and rnd() < 0.12
            events.append(k << 1 | countered)
            rows -= 2 if countered else 1
        events.sort()
        pending: set[int] = set()  # buyers with a pending offer on the current listing
        current = -1
        for event in events:
            k = event >> 1
            if k != current:
                current = k
                pending.clear()
            seller, price, lid = l_seller[k], l_price[k], lfirst + k
            buyer = seller
            while buyer == seller or buyer in pending:
                buyer = traders[int(rnd() * n_tr)]
            pending.add(buyer)
            m_o = max(now - int(rnd() * 4 * _DAY), self.l_keys[k] >> _TAG_BITS)
            amount = max(100, int(price * (0.5 + 0.5 * rnd())) // 100 * 100)
            cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
            if event & 1:  # countered: the counter-offer is the pending one
                m_d = m_o + int(rnd() * min(600, now - m_o + 1))
                yield (oid, t[m_o], t[m_d], amount, "USD", cond, t[m_o + expiry], "COUNTERED",
                       t[m_d], buyer, lid, buyer, None, seller)  # fmt: skip
                c_amount = max(100, (amount + price) // 200 * 100)
                yield (oid + 1, t[m_d], t[m_d], c_amount, "USD", None, t[m_d + expiry],
                       "PENDING", None, buyer, lid, seller, oid, seller)  # fmt: skip
                oid += 2
            else:
                yield (oid, t[m_o], t[m_o], amount, "USD", cond, t[m_o + expiry], "PENDING",
                       None, buyer, lid, buyer, None, seller)  # fmt: skip
                oid += 1
        if oid != last:
            raise RuntimeError(f"generated {oid - first} offers, expected {self.n_offers}")

    def contracts(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        terms = json.dumps({"inspection_days": 7, "milestones": [], "template": "1"})
        lfirst = self.first["listings"]
        for i in range(self.n_escrows):
            cid = first + i
            lid = lfirst + self.es_listing[i]
            _, _, m_a, m_e, _, _, _ = self.es_times[i]
            asset = _ASSET_TYPE.get(self.es_category[i])
            snapshot = (
                f'{{"asset_type": "{asset}", "asset_id": {_SYN_ASSET_BASE + lid}}}'
                if asset
                else "{}"
            )
            digest = hashlib.sha256(b"contract:%d" % cid).hexdigest()
            # Executed, also when its escrow was cancelled later (as `escrow_actions.cancel`
            # leaves it): only a contract called off before both signed is VOID.
            yield (
                cid, t[m_a + 1], t[m_e], self.es_amount[i],
                "EXECUTED", "1", f"contracts/{cid}.pdf", digest, snapshot,
                terms, t[m_e], None, self.es_buyer[i], lid,
                self.es_seller[i], self.es_offer[i],
            )  # fmt: skip

    def signatures(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        cfirst = self.first["contracts"]
        sid = first
        for i in range(self.n_escrows):
            m_a, m_e = self.es_times[i][2], self.es_times[i][3]
            cid = cfirst + i
            yield (sid, "DISCORD_NATIVE", _SYN_INTERACTION_BASE + sid, t[m_a + 2], cid,
                   self.es_buyer[i])  # fmt: skip
            yield (sid + 1, "DISCORD_NATIVE", _SYN_INTERACTION_BASE + sid + 1, t[m_e - 1], cid,
                   self.es_seller[i])  # fmt: skip
            sid += 2

    def escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        cfirst = self.first["contracts"]
        for i in range(self.n_escrows):
            st = self.es_status[i]
            _, _, _, m_e, m_f, m_d, m_x = self.es_times[i]
            amount = self.es_amount[i]
            usdc = amount > _RAIL_THRESHOLD
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            delivered = st in ("DELIVERED", "DISPUTED", "RELEASED")
            yield (
                first + i, t[m_e], t[m_x], "USDC_BASE" if usdc else "STRIPE", amount,
                "USDC" if usdc else "USD", 500, st, len(_ESCROW_PATHS[st][1]) + 1,
                t[m_e + 3 * _DAY],
                t[m_d + 7 * _DAY] if st == "DELIVERED" else None,
                t[m_f] if funded else None,
                t[m_d] if delivered else None,
                t[m_x] if st == "RELEASED" else None,
                t[m_x] if st == "REFUNDED" else None,
                t[m_x] if st == "CANCELLED" else None,
                self.es_buyer[i], self.es_guild[i], self.es_seller[i], cfirst + i,
            )  # fmt: skip

    def stripe_escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            amount = self.es_amount[i]
            if amount > _RAIL_THRESHOLD:
                continue
            st = self.es_status[i]
            m_e, m_x = self.es_times[i][3], self.es_times[i][6]
            eid = efirst + i
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            yield (
                row_id, t[m_e], t[m_x], eid, f"pi_syn{eid:014d}",
                f"ch_syn{eid:014d}" if funded else None, amount if funded else 0,
                amount if st == "REFUNDED" else 0,
                f"tr_syn{eid:014d}" if st == "RELEASED" else None,
                f"re_syn{eid:014d}" if st == "REFUNDED" else None,
            )  # fmt: skip
            row_id += 1

    def stablecoin_escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            amount = self.es_amount[i]
            if amount <= _RAIL_THRESHOLD:
                continue
            st = self.es_status[i]
            m_e, m_x = self.es_times[i][3], self.es_times[i][6]
            eid = efirst + i
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            units = amount * 10_000  # cents -> USDC base units (6 decimals)
            tx = hashlib.sha256(b"tx:%d" % eid).hexdigest()
            yield (
                row_id, t[m_e], t[m_x], eid, 8453, _USDC_ON_BASE, _address(eid << 1 | 1),
                units, units if funded else 0, f"0x{tx}" if funded else None,
                f"0x{tx[::-1]}" if st == "RELEASED" else None,
                f"0x{tx[::-1]}" if st == "REFUNDED" else None,
            )  # fmt: skip
            row_id += 1

    def escrow_events(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            st = self.es_status[i]
            _, _, _, m_e, m_f, m_d, m_x = self.es_times[i]
            eid = efirst + i
            buyer, seller = self.es_buyer[i], self.es_seller[i]
            yield (row_id, 1, "opened", None, "AWAIT_FUNDS", "{}", t[m_e], None, eid)
            row_id += 1
            for version, (kind, frm, to) in enumerate(_ESCROW_PATHS[st][1], start=2):
                if kind == "funded":
                    when, actor = m_f, None
                elif kind == "delivered":
                    when, actor = m_d, seller
                elif kind == "disputed":
                    when, actor = (m_x if st == "DISPUTED" else m_d), buyer
                elif kind == "released":
                    when, actor = m_x, buyer
                else:  # refunded by a moderator, cancelled by the funding-deadline job
                    when, actor = m_x, None
                yield (row_id, version, kind, frm, to, "{}", t[when], actor, eid)
                row_id += 1


class _Chunks:
    """Hands out a table's rows in chunks to the connections loading it.

    A row for which `follows(row)` is true stays in the chunk of the row before it (a
    counter-offer references the offer it answers, which must be in the same transaction).
    """

    def __init__(
        self,
        rows: Iterable[tuple[Any, ...]],
        size: int,
        follows: Callable[[tuple[Any, ...]], bool] | None = None,
    ) -> None:
        self.it = iter(rows)
        self.size = size
        self.follows = follows
        self.carry: tuple[Any, ...] | None = None
        self.done = 0

    def take(self) -> list[tuple[Any, ...]]:
        chunk = [] if self.carry is None else [self.carry]
        self.carry = None
        chunk.extend(islice(self.it, self.size - len(chunk)))
        if self.follows is not None and chunk:
            for row in self.it:
                if not self.follows(row):
                    self.carry = row
                    break
                chunk.append(row)
        self.done += len(chunk)
        return chunk


_CHUNK_ROWS = 5_000
_FOLLOWS: dict[str, Callable[[tuple[Any, ...]], bool]] = {
    "offers": lambda row: row[_COLUMNS["offers"].index("parent_id")] is not None,
}


async def _run_each(conn: Any, statements: list[str]) -> None:
    for sql in statements:
        await conn.execute(sql)


async def _together(coros: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    """Run coroutines at once; if one fails, cancel the others and raise its error."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coro) for coro in coros]
    except BaseExceptionGroup as errors:
        raise errors.exceptions[0] from None
    return [task.result() for task in tasks]


async def _vacuum_all_visible(conn: Any, tables: list[str], *, within: float = 120.0) -> None:
    """VACUUM (ANALYZE) each table until its visibility map covers every page, so that
    searches read its indexes alone (index-only scans with no heap fetches).

    VACUUM marks a page all-visible only when its rows are older than every snapshot still
    open in the database. An autovacuum ANALYZE that started during the load holds such a
    snapshot, and then VACUUM leaves the newest pages unmarked; so when `pg_class` says
    pages are missing, wait until every transaction that began before the load ended
    (observed in `pg_stat_activity`), then vacuum again.
    """
    loaded = await conn.fetchval("SELECT clock_timestamp()::text")  # (timestamptz: tuples here)
    for table in tables:
        async with asyncio.timeout(within):
            while True:
                await conn.execute(f'VACUUM (ANALYZE) "{table}"')
                pages, visible = await conn.fetchrow(
                    "SELECT relpages, relallvisible FROM pg_class WHERE oid = $1::regclass", table
                )
                if visible >= pages:
                    break
                log.info("%s: %d of %d pages all-visible, waiting", table, visible, pages)
                await _until_begun_after(conn, loaded)


async def _until_begun_after(conn: Any, moment: str) -> None:
    """Poll until no other transaction of this database that began before `moment` is open."""
    while True:
        older = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL "
            "AND xact_start < $1::text::timestamptz",
            moment,
        )
        if not older:
            return
        await asyncio.sleep(0.05)  # another backend's state: polled, nothing to await


async def _copy_table(
    conns: list[Any],
    table: str,
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Progress | None,
) -> None:
    """COPY one table's rows through every connection at once (one transaction each).

    Each connection pulls the next chunk when its server has taken the previous one, so
    the backends share the work of inserting the rows and checking their foreign keys
    (which PostgreSQL does at the end of each COPY statement, one row at a time).
    """
    source = _Chunks(rows, _CHUNK_ROWS, _FOLLOWS.get(table))
    step = max(50_000, total // 20)
    reported = 0

    def feed() -> Iterator[tuple[Any, ...]]:
        # A plain generator: asyncpg hands the rows over in 512 kB messages and waits
        # whenever the server falls behind, which is when the other connection gets to go.
        nonlocal reported
        while chunk := source.take():
            yield from chunk
            if progress is not None and source.done - reported >= step and source.done < total:
                reported = source.done
                progress(table, source.done, total)

    columns = list(_COLUMNS[table])
    users = conns if total >= 2 * _CHUNK_ROWS else conns[:1]
    results = await _together(
        [c.copy_records_to_table(table, records=feed(), columns=columns) for c in users]
    )
    copied = sum(int(result.split()[-1]) for result in results)
    if copied != total:
        raise RuntimeError(f"{table}: copied {copied} rows, expected {total}")


# Tables the database fills from a loaded table (by trigger), with about how many rows
# each loaded row adds: their plain indexes are dropped and rebuilt with the table's.
_DERIVED: dict[str, tuple[tuple[str, int], ...]] = {"listings": (("listing_search", 4),)}
_REBUILD_MIN_ROWS = 100_000  # below this, maintaining the indexes row by row is cheap


async def _drop_plain_indexes(conn: Any, table: str, adding: int) -> list[str]:
    """Drop `table`'s plain indexes before a bulk load; returns how to build them again.

    Plain: not unique and backing no constraint, so dropping one for the length of the
    load changes no rule, only the speed of other sessions' queries meanwhile. Only when
    the table holds at most as many rows as are being added (building an index over all
    rows is then much cheaper than inserting each new row into it).
    """
    if adding < _REBUILD_MIN_ROWS:
        return []
    existing = await conn.fetchval(
        "SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass", table
    )
    if existing < 0:  # never analysed
        existing = await conn.fetchval(f'SELECT count(*) FROM "{table}"')  # noqa: S608
    if existing > adding:
        return []
    async with conn.transaction():  # the lock: another seeder may be dropping them too
        await conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        rows = await conn.fetch(
            """
            SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS sql
            FROM pg_index x
            WHERE x.indrelid = $1::regclass AND NOT x.indisunique AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY 1
            """,
            table,
        )
        if rows:
            log.info("seed: dropping %d indexes of %s for the load: %s", len(rows), table,
                     "; ".join(r["sql"] for r in rows))  # fmt: skip
        for row in rows:
            await conn.execute(f"DROP INDEX {row['name']}")
    # Biggest (GIN) first, so that the two connections finish together.
    return sorted((r["sql"] for r in rows), key=lambda sql: " USING gin " not in sql)


async def _build_indexes(conns: list[Any], definitions: list[str]) -> None:
    """Build the dropped indexes again (same names and definitions), on every connection."""
    queue = [sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1) for sql in definitions]

    async def build(conn: Any) -> None:
        while queue:
            await conn.execute(queue.pop(0))

    await _together([build(conn) for conn in conns])


async def _reserve_ids(conn: Any, table: str, n: int) -> int:
    """Reserve `n` ids after every id in use (or handed out by the sequence); the first one.

    Runs in a transaction: the table lock waits for inserts in progress and holds off new
    ones until the sequence has moved past the block, so the application's inserts that
    run during the load get ids after it. If the load fails, the block is just a gap.
    """
    await conn.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    seq = await conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
    last = await conn.fetchval(
        f"SELECT setval('{seq}', GREATEST("  # noqa: S608 - names from our own table list
        f'(SELECT COALESCE(max(id), 0) FROM "{table}"), '
        f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq})"
        ") + $1)",
        n,
    )
    return int(last) - n + 1


async def _restore_indexes(dsn: str, definitions: list[str]) -> None:
    """Build dropped indexes again after a failure (those that exist already are kept)."""
    import asyncpg

    conns = [await asyncpg.connect(dsn) for _ in range(_CONNECTIONS)]
    try:
        await _build_indexes(conns, definitions)
    finally:
        for conn in conns:
            await conn.close()


async def _undo(dsn: str, first: dict[str, int], counts: dict[str, int]) -> None:
    """Delete what a failed load added (the reserved id ranges), newest tables first."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        for table in reversed(list(first)):
            await conn.execute(
                f'DELETE FROM "{table}" WHERE id BETWEEN $1 AND $2',  # noqa: S608
                first[table],
                first[table] + counts[table] - 1,
            )
    finally:
        await conn.close()


async def seed_scale(url: str, scale: int, *, progress: Progress | None = None) -> dict[str, int]:
    """Append synthetic volume for benchmarks with binary COPY; returns rows added per table.

    Per unit of `scale`: 10 000 users (and their guild memberships), 50 000 listings,
    100 000 offers and 10 000 escrows, each escrow with an accepted offer, an executed
    contract, two signatures, its rail row (Stripe up to $10k, USDC above) and its events
    (as the models write them); plus 5 guilds with settings and channels. Rows get
    explicit ids from blocks reserved on the tables' sequences, so this appends to a
    database in use (the demo world included). Deterministic for a given `scale`, apart
    from ids and times (relative to now).

    Tables are loaded one after the other, each through two connections at once (two
    backends share the per-row foreign-key checks, which dominate), then analysed.
    Triggers and constraints stay in force. A big table that at most doubles is loaded
    without its plain (non-unique) indexes, which are then built again with the same
    names and definitions; unique indexes are always kept. The same goes for a table the
    triggers fill from the loaded one (`listing_search`, from `listings`), which is also
    vacuumed at the end for its index-only scans. A table's rows commit when it is
    complete; if the load fails or is cancelled, the dropped indexes are built again and
    the rows added so far are deleted. (Only a killed process can leave indexes
    dropped: their definitions are logged at INFO before they are dropped.)

    `progress(table, done, total)` is called with done=0 when a table starts, now and then
    while it loads, and with done=total once it is committed; then for "analyze".
    """
    import asyncpg

    from bot.db import libpq_url

    if scale < 1:
        raise ValueError("scale must be at least 1")
    synth = _Synth(scale, seed=8_000 + scale)
    e = synth.n_escrows
    counts = {
        "guilds": synth.n_guilds,
        "guild_settings": synth.n_guilds,
        "marketplace_channels": synth.n_guilds * (len(DEFAULT_PRICE_RANGES) + 2),
        "users": synth.n_users,
        "guild_members": synth.n_users,
        "listings": synth.n_listings,
        "offers": synth.n_offers,
        "contracts": e,
        "signatures": 2 * e,
        "escrows": e,
        "stripe_escrows": e - synth.n_usdc,
        "stablecoin_escrows": synth.n_usdc,
        "escrow_events": synth.n_events,
    }
    generators: dict[str, Callable[[int], Iterator[tuple[Any, ...]]]] = {
        table: getattr(synth, table) for table in counts
    }
    dsn = libpq_url(url)
    conns = [await asyncpg.connect(dsn) for _ in range(_CONNECTIONS)]
    try:
        for conn in conns:
            await conn.set_type_codec(
                "timestamptz", schema="pg_catalog", encoder=tuple, decoder=tuple, format="tuple"
            )
            await conn.execute("SET synchronous_commit = off")
            await conn.execute("SET maintenance_work_mem = '256MB'")
        async with conns[0].transaction():
            await conns[0].execute("SELECT pg_advisory_xact_lock($1)", _SCALE_LOCK_KEY)
            for table, n in counts.items():
                synth.first[table] = await _reserve_ids(conns[0], table, n)
        try:
            for table, n in counts.items():
                if progress:
                    progress(table, 0, n)
                dropped = await _drop_plain_indexes(conns[0], table, n)
                for derived, per_row in _DERIVED.get(table, ()):
                    dropped += await _drop_plain_indexes(conns[0], derived, n * per_row)
                try:
                    rows = generators[table](synth.first[table])
                    await _copy_table(conns, table, rows, n, progress)
                    if dropped:
                        await _build_indexes(conns, dropped)
                        dropped = []
                except BaseException:
                    if dropped:  # on fresh connections: these ones may be mid-statement
                        await _restore_indexes(dsn, dropped)
                    raise
                if progress:
                    progress(table, n, n)
        except BaseException:
            await _undo(dsn, synth.first, counts)
            raise
        if progress:
            progress("analyze", 0, len(counts))
        tables = sorted(counts, key=counts.__getitem__, reverse=True)
        # The derived tables are read by index-only scans: VACUUM sets their visibility map.
        work = [
            ["ANALYZE " + ", ".join(f'"{t}"' for t in tables[i :: len(conns)])]
            for i in range(len(conns))
        ]
        searched = [d for t in counts for d, _ in _DERIVED.get(t, ())]

        async def analyze_then_vacuum(conn: Any, sqls: list[str]) -> None:
            await _run_each(conn, sqls)
            if conn is conns[-1]:
                await _vacuum_all_visible(conn, searched)

        await _together(
            [analyze_then_vacuum(conn, sqls) for conn, sqls in zip(conns, work, strict=True)]
        )
        if progress:
            progress("analyze", len(counts), len(counts))
    finally:
        for conn in conns:
            await conn.close()
    return counts

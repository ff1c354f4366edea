#!/usr/bin/env python3
"""Deterministic Bloxtr8 benchmark dataset generator (Python 3.11, stdlib only).

    python3 gen_data.py OUT_DIR [--scale S] [--seed N]

Writes one CSV file per logical entity into OUT_DIR. The files describe the
*logical* dataset, not any one database schema, so that the original Prisma
schema (load_prisma.sh) and a reimplementation can load exactly the same data:

* ids are stable integers 1..N per entity (a loader maps them to its own key type);
* column names are logical snake_case names;
* money is an integer number of cents (``*_cents``);
* timestamps are UTC, ISO 8601 with milliseconds and a ``Z`` suffix;
* booleans are ``true`` / ``false``; an empty unquoted field is NULL;
* JSON values are JSON text.

Sizes at scale S: users 10k*S, guilds 100*S, guild_members ~2 per user,
listings 50k*S (~70% ACTIVE), offers 100k*S (mixed statuses, ~10% are
counter-offers with parent_id), one contract per ACCEPTED offer, one escrow per
contract (mixed statuses, ~50% FUNDS_HELD), deliveries for escrows past
FUNDS_HELD (and some FUNDS_HELD ones), disputes for DISPUTED escrows and a share
of REFUNDED/RELEASED ones.

The same (scale, seed) always produces byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
from datetime import UTC, datetime

# Fixed reference instant: every generated timestamp lies in the year before it.
NOW = datetime(2025, 6, 1, tzinfo=UTC)
YEAR_MS = 365 * 24 * 3600 * 1000
HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS

FIRST = [
    "alex",
    "sam",
    "jordan",
    "taylor",
    "morgan",
    "casey",
    "riley",
    "jamie",
    "quinn",
    "avery",
    "blake",
    "drew",
    "emery",
    "finley",
    "harper",
    "kai",
    "logan",
    "max",
    "noah",
    "parker",
    "reese",
    "rowan",
    "skyler",
    "toby",
    "zion",
]
LAST = ["builds", "games", "dev", "studio", "trades", "rbx", "craft", "works", "labs", "xyz"]
CATEGORIES = ["game", "group", "item", "service", "account", "asset"]
WORDS = [
    "roblox",
    "obby",
    "simulator",
    "tycoon",
    "group",
    "limited",
    "item",
    "script",
    "ui",
    "map",
    "model",
    "asset",
    "game",
    "passes",
    "revenue",
    "monthly",
    "visits",
    "active",
    "players",
    "verified",
    "owner",
    "transfer",
    "full",
    "rights",
    "source",
    "included",
    "discord",
    "community",
    "developer",
    "products",
    "badges",
    "clean",
    "history",
    "no",
    "scams",
    "escrow",
    "only",
    "fast",
    "delivery",
    "premium",
    "payouts",
]


def ts(ms: int) -> str:
    """Epoch milliseconds -> ISO 8601 UTC with millisecond precision."""
    dt = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def b(v: bool) -> str:
    return "true" if v else "false"


def sha256_hex(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def pick_weighted(rng: random.Random, table: list[tuple[str, float]]) -> str:
    r = rng.random()
    acc = 0.0
    for value, w in table:
        acc += w
        if r < acc:
            return value
    return table[-1][0]


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def price_range(cents: int) -> str:
    dollars = cents // 100
    if dollars < 5_000:
        return "under-5k"
    if dollars < 20_000:
        return "5k-20k"
    if dollars < 100_000:
        return "20k-100k"
    return "100k+"


class Writer:
    def __init__(self, out_dir: str, name: str, header: list[str]):
        self.path = os.path.join(out_dir, f"{name}.csv")
        self.f = open(self.path, "w", newline="", encoding="utf-8")
        self.w = csv.writer(self.f, lineterminator="\n")
        self.w.writerow(header)
        self.n = 0

    def row(self, *values: object) -> None:
        self.w.writerow(["" if v is None else v for v in values])
        self.n += 1

    def close(self) -> int:
        self.f.close()
        return self.n


def generate(out_dir: str, scale: float, seed: int) -> dict[str, int]:
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    now_ms = int(NOW.timestamp() * 1000)
    start_ms = now_ms - YEAR_MS

    n_users = int(10_000 * scale)
    n_guilds = max(1, int(100 * scale))
    n_listings = int(50_000 * scale)
    n_offers = int(100_000 * scale)
    counts: dict[str, int] = {}

    # ---------------------------------------------------------------- users
    users = Writer(
        out_dir,
        "users",
        [
            "id",
            "discord_id",
            "roblox_user_id",
            "name",
            "email",
            "email_verified",
            "kyc_tier",
            "kyc_verified",
            "wallet_address",
            "wallet_risk",
            "stripe_account_id",
            "created_at",
            "updated_at",
        ],
    )
    user_created = [0] * (n_users + 1)
    sellers: list[int] = []  # users allowed to list (TIER_1 / TIER_2)
    for uid in range(1, n_users + 1):
        created = start_ms + rng.randrange(YEAR_MS // 2)
        user_created[uid] = created
        tier = pick_weighted(rng, [("TIER_0", 0.30), ("TIER_1", 0.55), ("TIER_2", 0.15)])
        if tier != "TIER_0":
            sellers.append(uid)
        # Discord snowflake-like, 18 digits, unique by construction.
        discord_id = str(300_000_000_000_000_000 + uid * 1000 + rng.randrange(1000))
        roblox_id = str(1_000_000 + uid * 97 + rng.randrange(97)) if tier != "TIER_0" else None
        wallet = None
        risk = "UNKNOWN"
        if rng.random() < 0.2:
            wallet = "0x" + sha256_hex(f"wallet:{seed}:{uid}")[:40]
            risk = pick_weighted(
                rng, [("LOW", 0.85), ("MEDIUM", 0.1), ("HIGH", 0.04), ("SANCTIONED", 0.01)]
            )
        stripe_acct = (
            f"acct_{sha256_hex(f'acct:{seed}:{uid}')[:16]}"
            if tier != "TIER_0" and rng.random() < 0.6
            else None
        )
        users.row(
            uid,
            discord_id,
            roblox_id,
            f"{rng.choice(FIRST)}_{rng.choice(LAST)}{uid}",
            f"user{uid}@example.com",
            b(rng.random() < 0.8),
            tier,
            b(tier == "TIER_2"),
            wallet,
            risk,
            stripe_acct,
            ts(created),
            ts(created + rng.randrange(30 * DAY_MS)),
        )
    counts["users"] = users.close()

    # --------------------------------------------------------------- guilds
    guilds = Writer(
        out_dir,
        "guilds",
        [
            "id",
            "discord_id",
            "name",
            "description",
            "marketplace_setup",
            "setup_completed_at",
            "created_at",
            "updated_at",
        ],
    )
    for gid in range(1, n_guilds + 1):
        created = start_ms + rng.randrange(YEAR_MS // 4)
        setup = rng.random() < 0.9
        guilds.row(
            gid,
            str(900_000_000_000_000_000 + gid * 1000 + rng.randrange(1000)),
            f"{rng.choice(WORDS).title()} {rng.choice(['Market', 'Trading', 'Hub', 'Exchange'])} {gid}",
            sentence(rng, 5, 15),
            b(setup),
            ts(created + DAY_MS) if setup else None,
            ts(created),
            ts(created + rng.randrange(60 * DAY_MS)),
        )
    counts["guilds"] = guilds.close()

    # -------------------------------------------------------- guild_members
    members = Writer(out_dir, "guild_members", ["id", "guild_id", "user_id", "role", "joined_at"])
    mid = 0
    for uid in range(1, n_users + 1):
        for gid in sorted(rng.sample(range(1, n_guilds + 1), min(n_guilds, rng.randint(1, 3)))):
            mid += 1
            role = pick_weighted(rng, [("MEMBER", 0.95), ("MODERATOR", 0.04), ("ADMIN", 0.01)])
            members.row(mid, gid, uid, role, ts(user_created[uid] + rng.randrange(DAY_MS)))
    counts["guild_members"] = members.close()

    # ------------------------------------------------------------- listings
    listings = Writer(
        out_dir,
        "listings",
        [
            "id",
            "user_id",
            "guild_id",
            "title",
            "summary",
            "price_cents",
            "category",
            "status",
            "visibility",
            "price_range",
            "message_id",
            "channel_id",
            "media_urls",
            "thread_activity_score",
            "created_at",
            "updated_at",
        ],
    )
    l_user = [0] * (n_listings + 1)
    l_guild: list[int | None] = [None] * (n_listings + 1)
    l_price = [0] * (n_listings + 1)
    l_created = [0] * (n_listings + 1)
    for lid in range(1, n_listings + 1):
        uid = rng.choice(sellers)
        gid = rng.randint(1, n_guilds) if rng.random() < 0.9 else None
        # log-uniform price between $5 and $50,000
        price = int(500 * (10_000 ** rng.random()))
        created = max(user_created[uid], start_ms + YEAR_MS // 2 - 1) + rng.randrange(YEAR_MS // 2)
        created = min(created, now_ms - 1)
        status = pick_weighted(
            rng, [("ACTIVE", 0.70), ("SOLD", 0.15), ("INACTIVE", 0.10), ("CANCELLED", 0.05)]
        )
        media = None
        if rng.random() < 0.5:
            media = json.dumps(
                [f"https://cdn.example.com/l/{lid}/{k}.png" for k in range(rng.randint(1, 3))]
            )
        has_msg = gid is not None and rng.random() < 0.8
        l_user[lid], l_guild[lid], l_price[lid], l_created[lid] = uid, gid, price, created
        listings.row(
            lid,
            uid,
            gid,
            f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(CATEGORIES)} #{lid}",
            sentence(rng, 15, 40),
            price,
            rng.choice(CATEGORIES),
            status,
            "PUBLIC" if rng.random() < 0.85 else "PRIVATE",
            price_range(price),
            str(500_000_000_000_000_000 + lid) if has_msg else None,
            str(700_000_000_000_000_000 + (gid or 0) * 10 + rng.randrange(4)) if has_msg else None,
            media,
            rng.randrange(100),
            ts(created),
            ts(min(now_ms, created + rng.randrange(10 * DAY_MS))),
        )
    counts["listings"] = listings.close()

    # --------------------------------------------------------------- offers
    offers = Writer(
        out_dir,
        "offers",
        [
            "id",
            "listing_id",
            "buyer_id",
            "seller_id",
            "parent_id",
            "amount_cents",
            "currency",
            "conditions",
            "expires_at",
            "status",
            "created_at",
            "updated_at",
        ],
    )
    accepted: list[
        tuple[int, int, int, int, int, int]
    ] = []  # offer, listing, buyer, seller, amount, created
    listing_has_accepted = bytearray(n_listings + 1)
    top_status = [
        ("PENDING", 0.28),
        ("ACCEPTED", 0.30),
        ("DECLINED", 0.17),
        ("EXPIRED", 0.13),
        ("COUNTERED", 0.12),
    ]
    counter_status = [
        ("PENDING", 0.30),
        ("ACCEPTED", 0.35),
        ("DECLINED", 0.20),
        ("EXPIRED", 0.10),
        ("COUNTERED", 0.05),
    ]
    oid = 0
    while oid < n_offers:
        lid = rng.randint(1, n_listings)
        seller = l_user[lid]
        buyer = rng.randint(1, n_users)
        if buyer == seller:
            buyer = buyer % n_users + 1
        amount = max(100, int(l_price[lid] * rng.uniform(0.5, 1.05)))
        created = l_created[lid] + rng.randrange(max(1, min(30 * DAY_MS, now_ms - l_created[lid])))
        parent = None
        table = top_status
        while oid < n_offers:
            oid += 1
            status = pick_weighted(rng, table)
            if status == "ACCEPTED" and listing_has_accepted[lid]:
                status = "DECLINED"
            if status == "ACCEPTED":
                listing_has_accepted[lid] = 1
                accepted.append((oid, lid, buyer, seller, amount, created))
            currency = "USD" if amount <= 1_000_000 else "USDC"
            conditions = sentence(rng, 4, 12) if rng.random() < 0.3 else None
            offers.row(
                oid,
                lid,
                buyer,
                seller,
                parent,
                amount,
                currency,
                conditions,
                ts(created + rng.randint(1, 7) * DAY_MS),
                status,
                ts(created),
                ts(min(now_ms, created + rng.randrange(2 * DAY_MS))),
            )
            if status != "COUNTERED":
                break
            # The counter-offer answers this one: same listing and parties.
            parent = oid
            amount = max(100, int(amount * rng.uniform(1.0, 1.15)))
            created = min(now_ms - 1, created + rng.randrange(1, 2 * DAY_MS))
            table = counter_status
    counts["offers"] = offers.close()

    # ------------------------------------------------- contracts and escrows
    contracts = Writer(
        out_dir,
        "contracts",
        [
            "id",
            "offer_id",
            "status",
            "pdf_url",
            "sha256",
            "template_version",
            "created_at",
            "updated_at",
        ],
    )
    escrows = Writer(
        out_dir,
        "escrows",
        [
            "id",
            "offer_id",
            "contract_id",
            "rail",
            "amount_cents",
            "currency",
            "status",
            "version",
            "expires_at",
            "auto_release_at",
            "created_at",
            "updated_at",
        ],
    )
    deliveries = Writer(
        out_dir,
        "deliveries",
        [
            "id",
            "escrow_id",
            "offer_id",
            "listing_id",
            "contract_id",
            "delivered_by",
            "title",
            "description",
            "status",
            "evidence",
            "delivered_at",
            "created_at",
            "updated_at",
        ],
    )
    disputes = Writer(
        out_dir,
        "disputes",
        [
            "id",
            "escrow_id",
            "opened_by",
            "title",
            "description",
            "status",
            "resolution",
            "created_at",
            "updated_at",
            "resolved_at",
        ],
    )
    escrow_status = [
        ("AWAIT_FUNDS", 0.08),
        ("FUNDS_HELD", 0.50),
        ("DELIVERED", 0.12),
        ("RELEASED", 0.18),
        ("DISPUTED", 0.04),
        ("REFUNDED", 0.04),
        ("CANCELLED", 0.04),
    ]
    versions = {
        "AWAIT_FUNDS": 1,
        "FUNDS_HELD": 2,
        "CANCELLED": 2,
        "DELIVERED": 3,
        "REFUNDED": 3,
        "DISPUTED": 4,
        "RELEASED": 4,
    }
    did = 0
    dpid = 0
    for cid, (offer_id, lid, buyer, seller, amount, created) in enumerate(accepted, start=1):
        c_created = created + rng.randrange(1, HOUR_MS)
        c_status = pick_weighted(
            rng,
            [("EXECUTED", 0.80), ("PENDING_SIGNATURE", 0.10), ("EXECUTING", 0.05), ("VOID", 0.05)],
        )
        contracts.row(
            cid,
            offer_id,
            c_status,
            f"https://files.example.com/contracts/{cid}.pdf",
            sha256_hex(f"contract:{seed}:{cid}"),
            "1.0.0",
            ts(c_created),
            ts(c_created + rng.randrange(1, DAY_MS)),
        )
        eid = cid
        e_created = c_created + rng.randrange(1, HOUR_MS)
        status = pick_weighted(rng, escrow_status)
        rail = "STRIPE" if amount <= 1_000_000 else "USDC_BASE"
        expires = e_created + 72 * HOUR_MS
        e_updated = e_created + rng.randrange(1, 3 * DAY_MS)
        auto_release = e_updated + 7 * DAY_MS if status == "DELIVERED" else None
        escrows.row(
            eid,
            offer_id,
            cid,
            rail,
            amount,
            "USD" if rail == "STRIPE" else "USDC",
            status,
            versions[status],
            ts(expires),
            ts(auto_release) if auto_release else None,
            ts(e_created),
            ts(e_updated),
        )
        d_status = None
        if status in ("DELIVERED", "RELEASED", "DISPUTED"):
            d_status = {"DELIVERED": "DELIVERED", "RELEASED": "CONFIRMED", "DISPUTED": "REJECTED"}[
                status
            ]
        elif status == "FUNDS_HELD" and rng.random() < 0.2:
            d_status = rng.choice(["PENDING", "IN_PROGRESS"])
        if d_status:
            did += 1
            delivered = d_status in ("DELIVERED", "CONFIRMED", "REJECTED")
            evidence = (
                json.dumps(
                    {
                        "screenshots": [f"https://cdn.example.com/e/{did}.png"],
                        "note": "transfer done",
                    }
                )
                if delivered
                else None
            )
            deliveries.row(
                did,
                eid,
                offer_id,
                lid,
                cid,
                seller,
                f"Delivery for escrow {eid}",
                sentence(rng, 5, 20),
                d_status,
                evidence,
                ts(e_updated) if delivered else None,
                ts(e_created + HOUR_MS),
                ts(e_updated),
            )
        if status == "DISPUTED" or (status in ("REFUNDED", "RELEASED") and rng.random() < 0.3):
            dpid += 1
            if status == "DISPUTED":
                dp_status, resolution, resolved = rng.choice(["OPEN", "IN_REVIEW"]), None, None
            else:
                dp_status = rng.choice(["RESOLVED", "CLOSED"])
                resolution = "refund buyer" if status == "REFUNDED" else "release to seller"
                resolved = e_updated
            opened_by = buyer if rng.random() < 0.8 else seller
            disputes.row(
                dpid,
                eid,
                opened_by,
                f"Dispute on escrow {eid}",
                sentence(rng, 10, 30),
                dp_status,
                resolution,
                ts(e_created + 2 * HOUR_MS),
                ts(e_updated),
                ts(resolved) if resolved else None,
            )
    counts["contracts"] = contracts.close()
    counts["escrows"] = escrows.close()
    counts["deliveries"] = deliveries.close()
    counts["disputes"] = disputes.close()

    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(
            {"scale": scale, "seed": seed, "now": ts(now_ms), "counts": counts},
            f,
            indent=2,
            sort_keys=True,
        )
        f.write("\n")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out_dir")
    ap.add_argument("--scale", "-s", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=20250601)
    args = ap.parse_args()
    counts = generate(args.out_dir, args.scale, args.seed)
    print(json.dumps(counts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The demo world: one guild, "Bloxtr8 Demo", with people at every KYC tier, listings,
offers, contracts and one escrow in every status (plus a milestone escrow and one on the
USDC rail), so the bot has something to show.

Everything goes through the functions the bot itself calls — sign-up, the Roblox link,
staff verification, /setup's record, `Listing.create_verified`, `Offer.make/accept/counter/
decline/withdraw`, `Offer.expire_due`, `Contract.create_for_offer/set_milestones/sign` (which
opens the escrow with `Escrow.open_for_contract`), and the escrow's and disputes' own
transitions — so the demo follows every rule, version number and audit entry of the real
code and cannot drift from it. Where the bot would ask Roblox or a payment provider, the
demo answers through the same seams (`RobloxApi`, `Rail`, `PayoutRail`) from its own data:
`DemoRoblox` knows the demo accounts and assets, `DemoRail` succeeds at once with ids
derived from each call's idempotency key.

`seed_demo()` runs with Tortoise initialised, in one transaction (the model functions'
own transactions nest in it), and does nothing when the demo guild exists already.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import (
    AssetVerification,
    AuditLog,
    Contract,
    Delivery,
    Dispute,
    Escrow,
    EscrowEvent,
    Guild,
    GuildMember,
    GuildSettings,
    Listing,
    MarketplaceChannel,
    MilestoneEscrow,
    Offer,
    RobloxSnapshot,
    Signature,
    StripeEscrow,
    User,
    card_events,
    escrow_actions,
)
from models.dispute import Moderator
from models.enums import (
    DisputeOutcome,
    EscrowRail,
    GuildRole,
    KycTier,
    ListingCategory,
    ListingVisibility,
    WalletRisk,
)
from models.guild import SetupOutcome
from models.payments import ProviderCall
from models.provider import ProviderResult
from models.roblox_api import RobloxGame, RobloxGroup, RobloxUser

# Fixed Discord ids of the demo world (snowflake-sized, far from real ones of today).
DEMO_GUILD_DISCORD_ID = 900_000_000_000_000_001
_DEMO_CHANNEL_BASE = 900_000_000_000_001_000
_DEMO_USER_BASE = 900_000_000_000_002_000
DEMO_MODERATOR_ROLE_ID = 900_000_000_000_003_001
DEMO_CATEGORY_ID = 900_000_000_000_001_999
_DEMO_INTERACTION_BASE = 900_000_000_000_006_000
_DEMO_LOCK_KEY = 0x0B10_5EED  # advisory lock: two seeders at once do not race
RAIL_THRESHOLD_CENTS = 1_000_000  # Settings.rail_threshold_cents' default: $10,000
_ROBLOX_JOINED = dt.datetime(2019, 6, 1, tzinfo=dt.UTC)


# -- the seams: Roblox, the payment provider, payout accounts ----------------------------


@dataclass
class DemoRoblox:
    """A `RobloxApi` that knows the demo's accounts, games and groups."""

    users: dict[int, RobloxUser] = field(default_factory=dict)
    universes: dict[int, RobloxGame] = field(default_factory=dict)
    places: dict[int, int] = field(default_factory=dict)  # place id -> universe id
    groups: dict[int, RobloxGroup] = field(default_factory=dict)

    def account(self, user_id: int, name: str, description: str = "") -> RobloxUser:
        user = RobloxUser(user_id, name, name, description, _ROBLOX_JOINED, False)
        self.users[user_id] = user
        return user

    def add_game(
        self,
        universe_id: int,
        place_id: int,
        name: str,
        owner: tuple[str, int],
        visits: int,
        playing: int,
    ) -> str:
        kind, owner_id = owner
        self.universes[universe_id] = RobloxGame(
            universe_id,
            place_id,
            name,
            "",
            owner_id,
            "Group" if kind == "group" else "User",
            "",
            visits,
            playing,
            _ROBLOX_JOINED,
        )
        self.places[place_id] = universe_id
        return f"https://www.roblox.com/games/{place_id}/"

    def add_group(self, group_id: int, name: str, owner_id: int, members: int) -> str:
        self.groups[group_id] = RobloxGroup(group_id, name, "", owner_id, members)
        return f"https://www.roblox.com/groups/{group_id}/"

    async def user_by_username(self, name: str) -> RobloxUser | None:
        return next((u for u in self.users.values() if u.name.lower() == name.lower()), None)

    async def user(self, user_id: int) -> RobloxUser | None:
        return self.users.get(user_id)

    async def universe_for_place(self, place_id: int) -> int | None:
        return self.places.get(place_id)

    async def games(self, universe_ids: Iterable[int]) -> list[RobloxGame]:
        return [self.universes[u] for u in universe_ids if u in self.universes]

    async def game(self, universe_id: int) -> RobloxGame | None:
        return self.universes.get(universe_id)

    async def game_icons(self, universe_ids: Iterable[int]) -> dict[int, str]:
        return {u: f"https://tr.rbxcdn.com/demo-{u}.png" for u in universe_ids}

    async def group(self, group_id: int) -> RobloxGroup | None:
        return self.groups.get(group_id)


class DemoRail:
    """A card rail that answers every recorded call at once, with a provider id derived
    from the call's idempotency key (so repeating a call gives the same answer)."""

    kind = EscrowRail.STRIPE
    _PREFIX = {"CREATE_PAYMENT": "pi", "CANCEL_PAYMENT": "pi", "TRANSFER": "tr", "REFUND": "re"}

    async def execute(self, call: ProviderCall) -> ProviderResult:
        digest = hashlib.sha256(call.idempotency_key.encode()).hexdigest()[:16]
        return ProviderResult(f"{self._PREFIX[call.kind.value]}_demo{digest}")

    async def create_connected_account(self, *, user_id: int, discord_id: int) -> str:
        return f"acct_demo{discord_id % 1_000_000:06d}"

    async def payouts_enabled(self, account_id: str) -> bool:
        return True


# -- the world ----------------------------------------------------------------------------


class _Demo:
    def __init__(self, contracts_dir: Path) -> None:
        self.contracts_dir = contracts_dir
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.roblox = DemoRoblox()
        self.rail = DemoRail()
        self.interaction = _DEMO_INTERACTION_BASE
        self.guild: Guild

    async def user(
        self, n: int, username: str, tier: KycTier, roblox: tuple[int, str] | None = None
    ) -> User:
        """Sign up; with `roblox`, link that account (TIER_1); TIER_2 is staff-verified."""
        user, _ = await User.sign_up(_DEMO_USER_BASE + n, username)
        if roblox is not None:
            account = self.roblox.account(*roblox)
            code = await user.start_roblox_link(account)
            await user.complete_roblox_link(self.roblox.account(*roblox, description=code))
        if tier is KycTier.TIER_2:
            await user.staff_verify(actor=None, actor_label="staff:kyc-review")
        return user

    async def setup_guild(self, owner: User) -> None:
        self.guild = await Guild.register_join(DEMO_GUILD_DISCORD_ID, "Bloxtr8 Demo")
        plan = await self.guild.plan_setup()
        outcomes = [
            SetupOutcome(spec, _DEMO_CHANNEL_BASE + i, spec.name, "created")
            for i, spec in enumerate(plan.specs)
        ]
        await self.guild.record_setup(
            category_id=DEMO_CATEGORY_ID, outcomes=outcomes, obsolete=[], actor=owner
        )
        settings = await self.guild.get_settings()
        await settings.update_setting(
            "moderator_role_id", DEMO_MODERATOR_ROLE_ID, has_manage_guild=True, actor=owner
        )

    async def listing(
        self,
        seller: User,
        title: str,
        summary: str,
        price: int,
        category: ListingCategory,
        asset: str | None = None,
        visibility: ListingVisibility | None = None,
    ) -> Listing:
        return await Listing.create_verified(
            seller=seller,
            guild=self.guild,
            title=title,
            summary=summary,
            price=price,
            category=category,
            asset=asset,
            roblox=self.roblox,
            visibility=visibility,
        )

    async def deal(
        self,
        listing: Listing,
        buyer: User,
        amount: int,
        *,
        signed_by: str = "both",
        milestones: list[tuple[str, int]] | None = None,
        conditions: str | None = None,
    ) -> tuple[Contract, Escrow | None]:
        """An offer the seller accepts, its contract, and its signatures (the second one
        executes the contract and opens the escrow)."""
        seller = await User.get(id=listing.seller_id)  # type: ignore[attr-defined]
        offer = await Offer.make(
            listing.id, buyer, amount, conditions=conditions, guild_id=self.guild.id
        )
        await offer.accept(by=seller, rail_threshold_cents=RAIL_THRESHOLD_CENTS)
        contract = await Contract.create_for_offer(
            offer.id, contracts_dir=self.contracts_dir, rail_threshold_cents=RAIL_THRESHOLD_CENTS
        )
        if milestones:
            contract = await contract.set_milestones(
                by=seller, milestones=milestones, contracts_dir=self.contracts_dir
            )
        escrow = None
        for signer in (buyer, seller) if signed_by == "both" else (buyer,):
            self.interaction += 1
            signing = await contract.sign(
                by=signer,
                interaction_id=self.interaction,
                rail_threshold_cents=RAIL_THRESHOLD_CENTS,
            )
            escrow = signing.escrow or escrow
        return contract, escrow

    async def fund(self, escrow: Escrow, buyer: User) -> None:
        """The buyer pays the card PaymentIntent; the provider's confirmation arrives."""
        intent = await escrow_actions.payment_intent_for(escrow.id, by=buyer, rail=self.rail)
        outcome = await card_events.record_payment(
            {
                "id": intent,
                "status": "succeeded",
                "amount_received": escrow.amount,
                "currency": "usd",
                "latest_charge": "ch_" + intent.removeprefix("pi_"),
            }
        )
        assert outcome.result == "funded", outcome

    async def deliver(self, escrow: Escrow, seller: User, text: str, **kw: Any) -> None:
        await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={"text": text}, **kw)

    def moderator(self, user: User) -> Moderator:
        """The demo's disputes are decided by platform staff (the default arbiter: the demo
        server is not an approved arbiter), acting through this user."""
        return Moderator(user=user, guild_id=self.guild.id, staff=True)


async def seed_demo(contracts_dir: Path | None = None) -> dict[str, int]:
    """Create the demo world (guild "Bloxtr8 Demo") in one transaction.

    Idempotent: when the demo guild (``DEMO_GUILD_DISCORD_ID``) already exists nothing is
    written. Either way the result is the number of demo rows per table (the same numbers
    on a second run). Contract PDFs go to `contracts_dir` (the bot's `Settings.contracts_dir`;
    by default `.bloxtr8/contracts`). Needs Tortoise initialised (``async with orm(url)``).
    """
    contracts_dir = contracts_dir or Path(".bloxtr8") / "contracts"
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [_DEMO_LOCK_KEY])
        existing = await Guild.get_or_none(discord_id=DEMO_GUILD_DISCORD_ID, using_db=conn)
        if existing is None:
            await _build_demo(_Demo(contracts_dir))
            existing = await Guild.get(discord_id=DEMO_GUILD_DISCORD_ID, using_db=conn)
        return await _demo_counts(conn, existing)


async def _demo_counts(conn: BaseDBAsyncClient, guild: Guild) -> dict[str, int]:
    users = [_DEMO_USER_BASE + n for n in range(1, 10)]
    snapshot_ids = (
        await Listing.filter(guild=guild, snapshot_id__not_isnull=True)
        .using_db(conn)
        .values_list("snapshot_id", flat=True)
    )
    by_escrow = {"escrow__guild": guild}
    queries: dict[str, QuerySet[Any]] = {
        "guilds": Guild.filter(id=guild.pk),
        "guild_settings": GuildSettings.filter(guild=guild),
        "marketplace_channels": MarketplaceChannel.filter(guild=guild),
        "users": User.filter(discord_id__in=users),
        "guild_members": GuildMember.filter(guild=guild),
        "roblox_snapshots": RobloxSnapshot.filter(id__in=list(snapshot_ids)),
        "asset_verifications": AssetVerification.filter(user__discord_id__in=users),
        "listings": Listing.filter(guild=guild),
        "offers": Offer.filter(listing__guild=guild),
        "contracts": Contract.filter(listing__guild=guild),
        "signatures": Signature.filter(contract__listing__guild=guild),
        "escrows": Escrow.filter(guild=guild),
        "stripe_escrows": StripeEscrow.filter(**by_escrow),
        "milestone_escrows": MilestoneEscrow.filter(**by_escrow),
        "escrow_events": EscrowEvent.filter(**by_escrow),
        "deliveries": Delivery.filter(**by_escrow),
        "disputes": Dispute.filter(**by_escrow),
        "audit_logs": AuditLog.filter(guild=guild),
    }
    return {table: await q.using_db(conn).count() for table, q in queries.items()}


async def _build_demo(d: _Demo) -> None:
    # The people: one per KYC tier, plus the server's staff.
    owner = await d.user(9, "oscar_owner", KycTier.TIER_2, (1_204_009, "OscarBuildsWorlds"))
    await d.setup_guild(owner)
    newbie = await d.user(1, "nova_newbie", KycTier.TIER_0)
    await newbie.start_roblox_link(d.roblox.account(5_550_001, "NovaPlays"))  # code pending
    bob = await d.user(2, "builderbob", KycTier.TIER_1, (1_204_002, "BuilderBob_RBX"))
    carol = await d.user(3, "carol_collects", KycTier.TIER_1, (1_204_003, "CarolCollects"))
    frank = await d.user(4, "frankly_frank", KycTier.TIER_1, (1_204_004, "FranklyFrank"))
    dave = await d.user(5, "dave_dev", KycTier.TIER_2, (1_204_005, "DaveDevelops"))
    erin = await d.user(6, "erin_studio", KycTier.TIER_2, (1_204_006, "ErinStudioRBX"))
    mia = await d.user(7, "mia_mod", KycTier.TIER_1, (1_204_007, "MiaModerates"))
    ada = await d.user(8, "ada_admin", KycTier.TIER_1, (1_204_008, "AdaAdminRBX"))
    for seller in (owner, bob, dave, erin):
        await seller.ensure_payout_account(d.rail)
        await seller.refresh_payouts(d.rail)
    await owner.save_audited(
        None,
        action="user.wallet_screened",
        actor_label="screening",
        changes={
            "wallet_address": "0x9f2c4E1b7A3d5C6e8F0a1B2c3D4e5F6a7B8c9D0e",
            "wallet_risk": WalletRisk.LOW,
            "wallet_screened_at": d.now,
        },
    )
    roles = {owner: GuildRole.OWNER, ada: GuildRole.ADMIN, mia: GuildRole.MODERATOR}
    for user in (owner, ada, mia, newbie, bob, carol, frank, dave, erin):
        await GuildMember.create(guild=d.guild, user=user, role=roles.get(user, GuildRole.MEMBER))

    # What Roblox knows about the assets for sale.
    pizza_url = d.roblox.add_game(
        1_640_220_331, 4_812_331_907, "Pizza Empire Tycoon", ("user", 1_204_005), 12_400_000, 1_850
    )
    racers_url = d.roblox.add_group(33_104_882, "Neon Racers Club", 1_204_002, 48_210)
    obby_url = d.roblox.add_game(
        2_209_554_120, 7_209_554_120, "Sky Castle Obby", ("user", 1_204_005), 2_300_000, 240
    )
    d.roblox.add_group(15_220_901, "Mining Legends Studio", 1_204_005, 310_000)
    mining_url = d.roblox.add_game(
        3_914_002_765,
        9_914_002_765,
        "Mining Legends Simulator",
        ("group", 15_220_901),
        61_000_000,
        7_900,
    )

    # Listings.
    pizza = await d.listing(
        dave,
        "Pizza Empire Tycoon – 12M visits, full ownership",
        "Established tycoon with 12.4M visits and steady game-pass income. Transfer of the "
        "experience, all places, game passes and the Discord community.",
        850_000,
        ListingCategory.GAME,
        pizza_url,
    )
    racers = await d.listing(
        bob,
        "Neon Racers Club – 48k member group",
        "Active racing group with 48k members, clan wars every weekend and a clothing store.",
        180_000,
        ListingCategory.GROUP,
        racers_url,
    )
    fedora = await d.listing(
        bob,
        "Limited: Sparkle Time Fedora",
        "Classic limited hat, RAP 520k. Traded through Roblox trades after escrow is funded.",
        420_000,
        ListingCategory.ITEM,
    )
    obby = await d.listing(
        dave,
        "Sky Castle Obby – 120 stages, 2.3M visits",
        "Polished obby with 120 stages, a VIP server pass and a skip-stage product.",
        350_000,
        ListingCategory.GAME,
        obby_url,
    )
    mining = await d.listing(
        dave,
        "Mining Legends Simulator – full source + IP",
        "Top simulator (61M visits) sold with the owning group, source code, assets and IP.",
        9_500_000,
        ListingCategory.GAME,
        mining_url,
    )
    mapping = await d.listing(
        erin,
        "Custom map building – 3 milestones",
        "A bespoke map for your game: layout, build and polish, paid per milestone.",
        240_000,
        ListingCategory.SERVICE,
        visibility=ListingVisibility.PRIVATE,
    )
    template = await d.listing(
        bob,
        "Discord server template + bots for Roblox studios",
        "Roles, tickets, verification and a giveaway bot, set up on your server.",
        15_000,
        ListingCategory.OTHER,
        visibility=ListingVisibility.PRIVATE,
    )
    helm = await d.listing(
        dave,
        "Ruby Dominus Helm (serial #14)",
        "Low-serial Dominus, RAP 1.15M, traded through Roblox trades after funding.",
        980_000,
        ListingCategory.ITEM,
    )
    scripts = await d.listing(
        erin,
        "Anti-exploit script pack",
        "Server-side checks for speed, teleport and remote abuse, with setup help.",
        60_000,
        ListingCategory.SERVICE,
    )
    # A deal called off before the seller signed (VOID), then the listing CANCELLED.
    contract, _ = await d.deal(scripts, frank, 55_000, signed_by="buyer")
    await contract.void(by=frank, reason="Found a cheaper pack elsewhere.")
    await scripts.cancel(by=erin)

    # RELEASED: Pizza Empire Tycoon, bought by Erin after Carol's low offer was declined.
    low = await Offer.make(pizza.id, carol, 500_000, guild_id=d.guild.id)
    await low.decline(by=dave)
    _, escrow = await d.deal(
        pizza,
        erin,
        800_000,
        conditions="Includes the Discord server and the game-pass revenue history.",
    )
    assert escrow is not None
    await d.fund(escrow, erin)
    await d.deliver(escrow, dave, "Experience transferred to ErinStudioRBX.")
    await escrow_actions.release(escrow.id, rail=d.rail, by=erin)

    # DELIVERED: Neon Racers Club, bought by Carol, inspection period running.
    _, escrow = await d.deal(racers, carol, 165_000)
    assert escrow is not None
    await d.fund(escrow, carol)
    await d.deliver(escrow, bob, "Group ownership transferred to CarolCollects.")

    # DISPUTED, in review: Sparkle Time Fedora, Frank says the hat never arrived.
    _, escrow = await d.deal(fedora, frank, 400_000)
    assert escrow is not None
    await d.fund(escrow, frank)
    await d.deliver(escrow, bob, "Sent through Roblox trade #88412.")
    dispute = await Dispute.open(
        escrow.id,
        by=frank,
        reason="The trade the seller shows was declined; the hat is still in his inventory.",
        evidence=[{"text": "Inventory screenshot", "url": "https://cdn.example/demo/inv.png"}],
    )
    dispute_id = dispute.id
    await Dispute.claim(dispute_id, mod=d.moderator(mia))

    # CANCELLED: Sky Castle Obby, Carol never paid; the listing went back on the market ...
    _, escrow = await d.deal(obby, carol, 320_000)
    assert escrow is not None
    await escrow_actions.cancel(escrow.id, rail=d.rail, by=carol)
    # ... and collected new offers: countered (with the seller's counter), expired,
    # declined, withdrawn and pending.
    countered = await Offer.make(obby.id, frank, 280_000, guild_id=d.guild.id)
    await countered.counter(by=dave, amount=310_000)
    await Offer.make(obby.id, erin, 250_000, guild_id=d.guild.id, now=d.now - dt.timedelta(days=7))
    await Offer.expire_due(d.now)
    declined = await Offer.make(obby.id, bob, 200_000, guild_id=d.guild.id)
    await declined.decline(by=dave)
    withdrawn = await Offer.make(obby.id, ada, 150_000, guild_id=d.guild.id)
    await withdrawn.withdraw(by=ada)
    await Offer.make(
        obby.id, carol, 330_000, guild_id=d.guild.id, conditions="Funding within an hour this time."
    )

    # REFUNDED: Ruby Dominus Helm, nothing was delivered and two arbiters refunded it.
    _, escrow = await d.deal(helm, owner, 950_000)
    assert escrow is not None
    await d.fund(escrow, owner)
    dispute = await Dispute.open(
        escrow.id, by=owner, reason="A week after funding the seller has not traded the helm."
    )
    dispute_id = dispute.id
    await Dispute.claim(dispute_id, mod=d.moderator(mia))
    await Dispute.resolve(
        dispute_id,
        mod=d.moderator(mia),
        outcome=DisputeOutcome.REFUND,
        reason="Seller did not deliver within the agreed time; full refund to the buyer.",
        rail=d.rail,
    )
    # $9,500 is above the two-person threshold: a second arbiter approves the refund.
    await Dispute.approve(dispute_id, mod=d.moderator(ada), rail=d.rail)

    # AWAIT_FUNDS, on the USDC rail (above $10,000): Mining Legends Simulator for Erin.
    await d.deal(mining, erin, 9_200_000)

    # FUNDS_HELD with milestones: a custom map by Erin for Carol, the first one paid out.
    _, escrow = await d.deal(
        mapping,
        carol,
        240_000,
        milestones=[
            ("Layout and greybox", 60_000),
            ("Full build", 100_000),
            ("Polish and lighting", 80_000),
        ],
    )
    assert escrow is not None
    await d.fund(escrow, carol)
    await d.deliver(escrow, erin, "Greybox of the whole map.", milestone_position=1)
    await escrow_actions.release(escrow.id, rail=d.rail, by=carol, milestone_position=1)

    # Accepted, the contract waiting for the seller's signature (no escrow yet).
    await d.deal(template, frank, 15_000, signed_by="buyer")

"""Contracts (a PDF and its hash) and their signatures."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import storage
from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.contract_pdf import (
    ContractDocument,
    Party,
    delivery_terms,
    dispute_terms,
    render_contract,
)
from models.enums import (
    ContractStatus,
    EscrowRail,
    KycTier,
    ListingStatus,
    OfferStatus,
    SignatureMethod,
)
from models.errors import DomainError, InvalidAmount, InvalidState, NotAllowed, NotFound
from models.money import DEFAULT_CEILING_CENTS, format_amount, parse_amount
from models.terms import DEFAULT_GUILD_FEE_CAP_BPS, Terms
from models.text import strip_invisible

if TYPE_CHECKING:
    from models.escrow import Escrow
    from models.guild import Guild
    from models.listing import Listing
    from models.notification import Then
    from models.offer import Offer
    from models.user import User

log = logging.getLogger(__name__)

TEMPLATE_VERSION = "1"
MIN_MILESTONES = 2
MAX_MILESTONES = 10
MILESTONE_TITLE_MAX = 100
VOID_REASON_MAX = 500
SIGN_PHRASE = "I AGREE"
CREATED_BY = "system:offer-accepted"
# Facts of a Roblox snapshot that go into the contract (descriptions and icons stay out).
_SNAPSHOT_FACTS = (
    "universe_id",
    "root_place_id",
    "creator_name",
    "group_id",
    "member_count",
    "visits",
    "playing",
    "created",
    "url",
)
_CLEAR_WORDS = ("none", "clear", "remove", "-")


@dataclass(frozen=True)
class Signing:
    """What a signature did: the contract, the new signature, and the escrow when it
    was the second signature (the contract is then EXECUTED)."""

    contract: Contract
    signature: Signature
    escrow: Escrow | None

    @property
    def executed(self) -> bool:
        return self.escrow is not None


@dataclass(frozen=True)
class FileCheck:
    """The result of `/contract verify`: the stored hash against the stored file."""

    ok: bool
    stored: str | None
    actual: str | None
    problem: str | None = None


def parse_milestones(
    spec: str, price: int, *, ceiling_cents: int = DEFAULT_CEILING_CENTS
) -> list[tuple[str, int]]:
    """`Map design: $500; Scripts: $1,500` → [("Map design", 50000), ("Scripts", 150000)].

    Items are separated by `;` (or new lines), each `title: amount`. Two to ten items,
    titles of at most 100 characters, amounts that add up exactly to `price`. `none`
    clears the milestones (an empty list). Refusals are plain-language DomainErrors.
    """
    text = (spec or "").strip()
    if text.lower() in _CLEAR_WORDS:
        return []
    pieces = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    if not pieces:
        raise DomainError(
            "Write the milestones as `title: amount` separated by `;`, for example "
            "`Map design: $500; Scripts: $1,500`."
        )
    milestones: list[tuple[str, int]] = []
    for number, piece in enumerate(pieces, start=1):
        title, sep, amount_text = piece.rpartition(":")
        title = " ".join(strip_invisible(title).split())
        if not sep or not title:
            raise DomainError(
                f"Milestone {number} (`{_shown(piece)}`) needs a title and an amount, "
                "like `Scripts: $1,500`."
            )
        if len(title) > MILESTONE_TITLE_MAX:
            raise DomainError(
                f"Milestone {number}'s title is {len(title)} characters long; the limit is "
                f"{MILESTONE_TITLE_MAX}."
            )
        try:
            amount = parse_amount(amount_text, ceiling_cents=ceiling_cents)
        except InvalidAmount as exc:
            raise InvalidAmount(f"Milestone {number} (“{_shown(title)}”): {exc.message}") from None
        milestones.append((title, amount))
    check_milestones(milestones, price)
    return milestones


def check_milestones(milestones: list[tuple[str, int]], price: int) -> None:
    """Refuse a milestone plan that can't be used for a deal of `price` cents."""
    if not milestones:
        return
    if not MIN_MILESTONES <= len(milestones) <= MAX_MILESTONES:
        raise DomainError(
            f"A deal can have {MIN_MILESTONES} to {MAX_MILESTONES} milestones; you gave "
            f"{len(milestones)}. For a single payment, use `none`."
        )
    for title, amount in milestones:
        if not title or len(title) > MILESTONE_TITLE_MAX:
            raise DomainError(
                f"Each milestone needs a title of 1 to {MILESTONE_TITLE_MAX} characters."
            )
        if amount <= 0:
            raise InvalidAmount("Each milestone must be worth more than $0.00.")
    total = sum(amount for _, amount in milestones)
    if total != price:
        difference = price - total
        words = "short of" if difference > 0 else "over"
        raise InvalidAmount(
            f"The milestones add up to {format_amount(total)}, but the price is "
            f"{format_amount(price)} ({format_amount(abs(difference))} {words} it). "
            "They must add up to the price exactly."
        )


def _shown(text: str) -> str:
    text = text.strip().replace("`", "'")
    return text if len(text) <= 40 else text[:37] + "..."


class Contract(TimestampMixin, BaseModel):
    offer: fields.OneToOneRelation[Offer] = fields.OneToOneField(
        "models.Offer", related_name="contract", on_delete=fields.RESTRICT
    )
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="contracts", on_delete=fields.RESTRICT, db_index=True
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="contracts_as_buyer", on_delete=fields.RESTRICT, db_index=True
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="contracts_as_seller", on_delete=fields.RESTRICT, db_index=True
    )
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    status = fields.CharEnumField(
        ContractStatus, max_length=24, default=ContractStatus.PENDING_SIGNATURE, db_index=True
    )
    template_version = fields.CharField(max_length=16)
    pdf_path = fields.CharField(max_length=500, null=True)
    sha256 = fields.CharField(max_length=64, null=True)
    asset_snapshot: dict[str, Any] = fields.JSONField(default=dict)
    terms: dict[str, Any] = fields.JSONField(
        default=dict
    )  # milestones, inspection period, delivery terms
    executed_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)

    signatures: fields.ReverseRelation[Signature]

    class Meta:
        table = "contracts"

    # Set by `create_for_offer` only: whether that call made the contract (False: it existed).
    was_created: bool
    offer_id: int
    listing_id: int
    buyer_id: int
    seller_id: int

    def __str__(self) -> str:
        return f"contract #{self.id}"

    # ------------------------------------------------------------------ reading

    def is_party(self, user: User) -> bool:
        return user.id in (self.buyer_id, self.seller_id)

    def role_of(self, user_id: int) -> str:
        """ "buyer" or "seller" (the user row id must be a party's)."""
        return "buyer" if user_id == self.buyer_id else "seller"

    def other_party_id(self, user_id: int) -> int:
        return self.seller_id if user_id == self.buyer_id else self.buyer_id

    @property
    def rail(self) -> EscrowRail:
        return EscrowRail(self.terms.get("rail", EscrowRail.STRIPE))

    @property
    def binding_terms(self) -> Terms:
        """The fee, inspection period, dispute window and funding window it froze."""
        return Terms.of(self.terms)

    @property
    def revision(self) -> int:
        return int(self.terms.get("revision", 1))

    def milestone_pairs(self) -> list[tuple[str, int]]:
        return [(str(m["title"]), int(m["amount"])) for m in self.terms.get("milestones") or []]

    @classmethod
    async def for_party(cls, contract_id: int, user: User) -> Contract:
        """Contract `contract_id` if `user` is its buyer or seller; otherwise "not found"."""
        contract = await cls.get_or_none(id=contract_id) if 0 < contract_id < 2**63 else None
        if contract is None or not contract.is_party(user):
            raise NotFound(f"There's no contract #{contract_id} of yours.")
        return contract

    @classmethod
    async def get_visible(cls, contract_id: int, user: User | None, *, staff: bool) -> Contract:
        """For staff any contract; for everyone else only their own."""
        contract = await cls.get_or_none(id=contract_id) if 0 < contract_id < 2**63 else None
        if contract is None or not (staff or (user is not None and contract.is_party(user))):
            raise NotFound(f"There's no contract #{contract_id} of yours.")
        return contract

    @classmethod
    async def listed_for(cls, user: User, *, limit: int = 25) -> list[Contract]:
        """The user's contracts as buyer or seller, newest first."""
        return (
            await cls.filter(Q(buyer_id=user.id) | Q(seller_id=user.id))
            .order_by("-created_at", "-id")
            .limit(max(1, min(limit, 100)))
            .prefetch_related("listing")
        )

    async def signed_by(self, conn: BaseDBAsyncClient | None = None) -> list[Signature]:
        """The signatures so far, oldest first (as `conn`'s transaction sees them)."""
        query = Signature.filter(contract_id=self.id).order_by("signed_at", "id")
        return await (query.using_db(conn) if conn is not None else query)

    async def verify_file(self) -> FileCheck:
        """Recompute the SHA-256 of the stored file and compare it with the stored hash."""
        if not self.pdf_path or not self.sha256:
            return FileCheck(False, self.sha256, None, "no PDF was stored for this contract")
        try:
            data = await storage.read(self.pdf_path)
        except storage.DocumentMissing:
            return FileCheck(False, self.sha256, None, "the stored PDF file is missing")
        except Exception as exc:  # a disk or the bucket failing: said, not raised
            log.warning("Contract %s: PDF %s can't be read: %r", self.id, self.pdf_path, exc)
            return FileCheck(False, self.sha256, None, "the stored PDF can't be read right now")
        actual = hashlib.sha256(data).hexdigest()
        if actual != self.sha256:
            return FileCheck(False, self.sha256, actual, "the file does not match the stored hash")
        return FileCheck(True, self.sha256, actual)

    # ------------------------------------------------------------------ creation

    @classmethod
    async def offers_missing_one(
        cls,
        now: dt.datetime | None = None,
        *,
        grace: dt.timedelta = dt.timedelta(minutes=2),
        limit: int = 50,
    ) -> list[int]:
        """ACCEPTED offers of the last 30 days still without a contract `grace` after their
        acceptance: the bot stopped, or the PDF couldn't be written, between the two. Their
        listing would otherwise wait as "pending sale" for ever. (Offers expire at most 7
        days after they are made and are accepted before that, so `expires_at` bounds the
        scan through the `(status, expires_at)` index.)"""
        from models.offer import Offer

        now = now or utcnow()
        since = now - dt.timedelta(days=30)
        rows: list[Any] = (
            await Offer.filter(
                status=OfferStatus.ACCEPTED,
                expires_at__gte=since,
                decided_at__gte=since,
                decided_at__lte=now - grace,
                contract__id__isnull=True,
                # A listing cancelled (or otherwise taken off the market) since the
                # acceptance is not a pending sale any more: no contract for it.
                listing__status=ListingStatus.INACTIVE,
            )
            .order_by("decided_at")
            .limit(limit)
            .values_list("id", flat=True)
        )
        return [int(offer_id) for offer_id in rows]

    @classmethod
    async def create_for_offer(
        cls,
        offer_id: int,
        *,
        contracts_dir: Path,
        rail_threshold_cents: int,
        now: dt.datetime | None = None,
        platform_fee_bps: int = 0,
        guild_fee_cap_bps: int = DEFAULT_GUILD_FEE_CAP_BPS,
        then: Then[Contract] | None = None,
    ) -> Contract:
        """The contract for an ACCEPTED offer: row, PDF on disk, its hash, an audit entry;
        `then(contract, conn)` in the transaction that inserts the row, when it is new
        (`models.notification.Then`).

        The guild's fee, inspection period and dispute window are frozen into its terms
        here; from then on they bind the deal whatever the guild's settings become.

        The PDF is rendered and written (fsync) before any transaction opens, under an id
        reserved from the table's sequence; one transaction then inserts the row with that
        file's path and hash. A file that can't be written leaves no contract behind.

        Idempotent: the offer row is locked while the row is inserted, and the database
        allows one contract per offer, so a second call returns the existing contract
        (with `was_created` False) and removes the file it rendered.
        """
        from models.guild import Guild
        from models.listing import Listing
        from models.offer import Offer
        from models.roblox import RobloxSnapshot
        from models.user import User

        existing = await cls.get_or_none(offer_id=offer_id)
        if existing is not None:
            existing.was_created = False
            return existing
        offer = await Offer.get_or_none(id=offer_id)
        if offer is None:
            raise NotFound(f"There's no offer #{offer_id}.")
        _require_accepted(offer)
        listing = await Listing.get(id=offer.listing_id)
        _require_pending_sale(listing, offer)
        guild = await Guild.get(id=listing.guild_id)  # type: ignore[attr-defined]
        settings = await guild.get_settings()
        snapshot_id = listing.snapshot_id  # type: ignore[attr-defined]
        snapshot = await RobloxSnapshot.get_or_none(id=snapshot_id) if snapshot_id else None
        rail = _rail_for(offer.amount, rail_threshold_cents)
        frozen = Terms.frozen_from(
            settings, platform_fee_bps=platform_fee_bps, guild_fee_cap_bps=guild_fee_cap_bps
        )
        terms: dict[str, Any] = {
            "revision": 1,
            "rail": rail.value,
            **frozen.stored(),
            "milestones": [],
            "offer_conditions": offer.conditions,
            "delivery_terms": delivery_terms(frozen.inspection_days),
            "dispute_terms": dispute_terms(),
        }
        contract = cls(
            id=await _reserve_id(),
            offer_id=offer.id,
            listing_id=listing.id,
            buyer_id=offer.buyer_id,
            seller_id=offer.seller_id,
            amount=offer.amount,
            status=ContractStatus.PENDING_SIGNATURE,
            template_version=TEMPLATE_VERSION,
            asset_snapshot=_asset_snapshot(listing, snapshot),
            terms=terms,
            created_at=now or utcnow(),
        )
        buyer = await User.get(id=offer.buyer_id)
        seller = await User.get(id=offer.seller_id)
        await contract._write_pdf(contracts_dir, buyer, seller, listing, guild)
        try:
            async with in_transaction() as conn:
                # The listing first (as `Listing.cancel` locks it): a cancellation either
                # finished before this, and is seen here, or waits and then sees the contract.
                listing = await Listing.select_for_update().using_db(conn).get(id=listing.id)
                offer = await Offer.select_for_update().using_db(conn).get(id=offer_id)
                existing = await cls.filter(offer_id=offer_id).using_db(conn).first()
                if existing is not None:
                    existing.was_created = False
                    await contract._remove_pdf()
                    return existing
                _require_accepted(offer)
                _require_pending_sale(listing, offer)
                await contract.save(using_db=conn, force_create=True)
                await AuditLog.record(
                    "contract.created",
                    object_type="contract",
                    object_id=contract.id,
                    actor_label=CREATED_BY,
                    guild=guild,
                    after=contract.audit_state(),
                    using_db=conn,
                )
                if then is not None:
                    await then(contract, conn)
        except IntegrityError:
            # Another process made it between our check and our insert.
            await contract._remove_pdf()
            existing = await cls.get_or_none(offer_id=offer_id)
            if existing is None:
                raise
            existing.was_created = False
            return existing
        except BaseException:
            await contract._remove_pdf()
            raise
        contract.was_created = True
        return contract

    def audit_state(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "offer_id": self.offer_id,
            "listing_id": self.listing_id,
            "buyer_id": self.buyer_id,
            "seller_id": self.seller_id,
            "amount": self.amount,
            "template_version": self.template_version,
            "terms": self.terms,
            "pdf_path": self.pdf_path,
            "sha256": self.sha256,
        }

    async def _write_pdf(
        self, contracts_dir: Path, buyer: User, seller: User, listing: Listing, guild: Guild
    ) -> None:
        """Render this contract's current terms and store the file under its SHA-256 (in
        `contracts_dir`, or the configured bucket), written in full before this returns; sets
        `pdf_path` (the stored reference) and `sha256` on this object only. A new revision
        has other bytes, hence another name: renderings never write over each other. Never
        called inside a transaction: storage waits hold no lock."""
        document = self._document(buyer, seller, listing, guild)
        data = await asyncio.to_thread(render_contract, document)  # fpdf off the event loop
        stored = await storage.documents(storage.CONTRACTS, contracts_dir).put_bytes(data, ".pdf")
        self.pdf_path = stored.ref
        self.sha256 = stored.sha256

    async def _remove_pdf(self) -> None:
        """Remove a file this object rendered that no stored row points at."""
        if self.pdf_path:
            await storage.delete(self.pdf_path)

    def _document(
        self, buyer: User, seller: User, listing: Listing, guild: Guild
    ) -> ContractDocument:
        created = self.created_at or utcnow()
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        roblox = self.asset_snapshot.get("roblox") or None
        terms = self.terms
        return ContractDocument(
            contract_id=self.id,
            template_version=self.template_version,
            created_at=created,
            buyer=_party("Buyer", buyer),
            seller=_party("Seller", seller),
            listing_id=listing.id,
            listing_title=str(self.asset_snapshot.get("listing", {}).get("title", listing.title)),
            listing_summary=str(
                self.asset_snapshot.get("listing", {}).get("summary", listing.summary)
            ),
            category=str(self.asset_snapshot.get("listing", {}).get("category", "")),
            amount=self.amount,
            rail=str(terms.get("rail", EscrowRail.STRIPE)),
            inspection_days=self.binding_terms.inspection_days,
            platform_fee_bps=self.binding_terms.fee_bps,
            offer_id=self.offer_id,
            offer_conditions=terms.get("offer_conditions"),
            asset=roblox,
            milestones=self.milestone_pairs(),
            revision=self.revision,
            guild_name=guild.name,
            delivery=terms.get("delivery_terms"),
            disputes=terms.get("dispute_terms"),
        )

    # ------------------------------------------------------------------ terms

    async def set_milestones(
        self,
        *,
        by: User,
        milestones: list[tuple[str, int]],
        contracts_dir: Path,
    ) -> Contract:
        """Either party replaces the milestones (an empty list removes them) before anyone
        signed. The PDF is rendered again as a new revision and re-hashed; audited."""
        from models.guild import Guild
        from models.listing import Listing
        from models.user import User

        check_milestones(milestones, self.amount)
        new = [{"title": title, "amount": amount} for title, amount in milestones]
        current = await Contract.get_or_none(id=self.id)
        if current is None:
            raise NotFound(f"There's no contract #{self.id}.")
        await current._check_terms_can_change(by, new, None)
        # The new revision is rendered and written before the transaction; the row takes
        # it only if the terms are still those it was rendered from.
        rendered_from = current.terms
        draft = current  # never saved: it carries the new terms, path and hash
        draft.terms = {**rendered_from, "milestones": new, "revision": current.revision + 1}
        listing = await Listing.get(id=current.listing_id)
        await draft._write_pdf(
            contracts_dir,
            await User.get(id=draft.buyer_id),
            await User.get(id=draft.seller_id),
            listing,
            await Guild.get(id=listing.guild_id),  # type: ignore[attr-defined]
        )
        try:
            async with in_transaction() as conn:
                contract = await self._locked(conn)
                await contract._check_terms_can_change(by, new, conn)
                if contract.terms != rendered_from:
                    raise InvalidState(
                        f"The terms of contract #{contract.id} changed meanwhile. Look at them "
                        f"again (`/contract view id:{contract.id}`) and try again."
                    )
                await contract.save_audited(
                    conn,
                    action="contract.terms_changed",
                    actor=by,
                    guild_id=await _guild_id(contract.listing_id, conn),
                    changes={
                        "terms": draft.terms,
                        "pdf_path": draft.pdf_path,
                        "sha256": draft.sha256,
                    },
                    state=contract._terms_state,
                )
        except BaseException:
            await draft._remove_pdf()
            raise
        self._refresh_from(contract)
        return self

    # ------------------------------------------------------------------ signing

    def check_can_sign(self, by: User, *, rail_threshold_cents: int, signed: bool) -> None:
        """Refuse early (before showing the signing form); `sign` checks again under lock.

        `signed` says whether `by` has signed already."""
        self._require_party(by, "sign")
        self._require_pending("sign")
        if signed:
            raise InvalidState(f"You already signed contract #{self.id}.")
        if _rail_for(self.amount, rail_threshold_cents) is EscrowRail.USDC_BASE:
            by.require_tier(KycTier.TIER_2, "sign a deal paid in USDC")

    async def sign(
        self,
        *,
        by: User,
        interaction_id: int | None = None,
        now: dt.datetime | None = None,
        rail_threshold_cents: int,
        expected_sha256: str | None = None,
        then: Then[Signing] | None = None,
    ) -> Signing:
        """Record `by`'s signature (once). The second party's signature executes the
        contract and opens its escrow, in the same transaction (and `then(signing, conn)`,
        `models.notification.Then`).

        `expected_sha256` is the file the signer was shown: if the terms were re-rendered
        since, the signature is refused so nobody signs a document they didn't see.
        """
        from models.escrow import Escrow
        from models.listing import Listing
        from models.offer import Offer
        from models.user import User

        now = now or utcnow()
        try:
            async with in_transaction() as conn:
                contract = await self._locked(conn)
                contract._require_party(by, "sign")
                contract._require_pending("sign")
                # The chain the contract stands on, as it is now: the listing still pending
                # this sale and the offer still the accepted one.
                listing = (
                    await Listing.select_for_update().using_db(conn).get(id=contract.listing_id)
                )
                offer = await Offer.filter(id=contract.offer_id).using_db(conn).get()
                _require_accepted(offer)
                _require_pending_sale(listing, offer)
                if await (
                    Signature.filter(contract_id=contract.id, user_id=by.id).using_db(conn).exists()
                ):
                    raise InvalidState(f"You already signed contract #{contract.id}.")
                if expected_sha256 is not None and expected_sha256 != contract.sha256:
                    raise InvalidState(
                        f"The terms of contract #{contract.id} changed while you were signing. "
                        f"Read the new PDF (`/contract view id:{contract.id}`) and sign again."
                    )
                buyer = await User.get(id=contract.buyer_id, using_db=conn)
                seller = await User.get(id=contract.seller_id, using_db=conn)
                _check_tiers(contract, by, buyer, seller, rail_threshold_cents)
                guild_id = await _guild_id(contract.listing_id, conn)
                signature = await Signature.create(
                    contract_id=contract.id,
                    user_id=by.id,
                    method=SignatureMethod.DISCORD_NATIVE,
                    interaction_id=interaction_id,
                    using_db=conn,
                )
                await AuditLog.record(
                    "contract.signed",
                    object_type="contract",
                    object_id=contract.id,
                    actor=by,
                    guild_id=guild_id,
                    after={
                        "signature_id": signature.id,
                        "role": contract.role_of(by.id),
                        "method": signature.method,
                        "interaction_id": interaction_id,
                        "sha256": contract.sha256,
                        "revision": contract.revision,
                    },
                    using_db=conn,
                )
                signers = set(
                    await Signature.filter(contract_id=contract.id)
                    .using_db(conn)
                    .values_list("user_id", flat=True)
                )
                escrow = None
                if {contract.buyer_id, contract.seller_id} <= signers:
                    contract.status = ContractStatus.EXECUTED
                    contract.executed_at = now
                    await contract.save(
                        using_db=conn, update_fields=["status", "executed_at", "updated_at"]
                    )
                    escrow = await Escrow.open_for_contract(
                        contract,
                        rail_threshold_cents=rail_threshold_cents,
                        fee_bps=contract.binding_terms.fee_bps,
                        milestones=contract.milestone_pairs(),
                        guild_id=guild_id,
                        now=now,
                        using_db=conn,
                    )
                    await AuditLog.record(
                        "contract.executed",
                        object_type="contract",
                        object_id=contract.id,
                        actor=by,
                        guild_id=guild_id,
                        before={"status": ContractStatus.PENDING_SIGNATURE},
                        after={
                            "status": contract.status,
                            "executed_at": now,
                            "escrow_id": escrow.id,
                            "rail": escrow.rail,
                            "sha256": contract.sha256,
                        },
                        using_db=conn,
                    )
                if then is not None:
                    await then(Signing(contract=contract, signature=signature, escrow=escrow), conn)
        except IntegrityError:
            # The unique (contract, user) caught a double signature the lock did not.
            raise InvalidState(f"You already signed contract #{self.id}.") from None
        self._refresh_from(contract)
        return Signing(contract=self, signature=signature, escrow=escrow)

    # ------------------------------------------------------------------ voiding

    def check_can_void(self, by: User) -> None:
        """Refuse early (before the confirmation form); `void` checks again under lock."""
        self._require_party(by, "void")
        self._require_pending("void")

    async def void(
        self,
        *,
        by: User,
        reason: str | None = None,
        now: dt.datetime | None = None,
        then: Then[Contract] | None = None,
    ) -> Contract:
        """Either party calls the deal off before both signed: the contract becomes VOID and
        the listing goes back on the market (the accepted offer stays as history);
        `then(contract, conn)` in the same transaction."""
        from models.listing import Listing

        now = now or utcnow()
        reason = " ".join(strip_invisible(reason or "").split()) or None
        if reason is not None and len(reason) > VOID_REASON_MAX:
            raise DomainError(
                f"The reason can be at most {VOID_REASON_MAX} characters (yours has {len(reason)})."
            )
        async with in_transaction() as conn:
            contract = await self._locked(conn)
            contract._require_party(by, "void")
            contract._require_pending("void")
            listing = await Listing.select_for_update().using_db(conn).get(id=contract.listing_id)
            guild_id = listing.guild_id  # type: ignore[attr-defined]
            await contract.save_audited(
                conn,
                action="contract.voided",
                actor=by,
                guild_id=guild_id,
                changes={"status": ContractStatus.VOID, "voided_at": now},
                state=contract._status_state,
                note={"voided_at": now, "by": contract.role_of(by.id), "reason": reason},
            )
            if listing.status == ListingStatus.INACTIVE:
                await listing.save_audited(
                    conn,
                    action="listing.reactivated",
                    actor=by,
                    guild_id=guild_id,
                    changes={"status": ListingStatus.ACTIVE},
                    note={"contract_id": contract.id},
                )
            if then is not None:
                await then(contract, conn)
        self._refresh_from(contract)
        return self

    # ------------------------------------------------------------------ internals

    def _status_state(self) -> dict[str, Any]:
        """What a status change audits (other fields are named in its note)."""
        return {"status": self.status}

    def _terms_state(self) -> dict[str, Any]:
        """What a change of terms audits: the milestones, revision and the PDF's hash."""
        return {
            "milestones": self.terms.get("milestones") or [],
            "revision": self.revision,
            "sha256": self.sha256,
            "pdf_path": self.pdf_path,
        }

    async def _check_terms_can_change(
        self, by: User, new: list[dict[str, Any]], conn: BaseDBAsyncClient | None
    ) -> None:
        self._require_party(by, "change")
        self._require_pending("change the terms of")
        if await Signature.filter(contract_id=self.id).using_db(conn).exists():
            raise InvalidState(
                f"Contract #{self.id} already has a signature, so its terms can't "
                "change anymore. To change them, void it and agree on a new deal."
            )
        if new == (self.terms.get("milestones") or []):
            raise InvalidState(f"Contract #{self.id} already has exactly these terms.")

    async def _locked(self, conn: BaseDBAsyncClient) -> Contract:
        contract = await Contract.select_for_update().using_db(conn).get_or_none(id=self.id)
        if contract is None:
            raise NotFound(f"There's no contract #{self.id}.")
        return contract

    def _require_party(self, by: User, verb: str) -> None:
        if not self.is_party(by):
            raise NotAllowed(f"Contract #{self.id} isn't yours to {verb}.")

    def _require_pending(self, verb: str) -> None:
        if self.status == ContractStatus.EXECUTED:
            raise InvalidState(
                f"Contract #{self.id} was signed by both parties and is executed, so you "
                f"can't {verb} it anymore. The deal continues in escrow."
            )
        if self.status == ContractStatus.VOID:
            raise InvalidState(f"Contract #{self.id} was voided, so you can't {verb} it.")

    def _refresh_from(self, other: Contract) -> None:
        for name in self._meta.fields_map:
            if name in self._meta.fetch_fields:
                continue
            setattr(self, name, getattr(other, name))


class Signature(BaseModel):
    contract: fields.ForeignKeyRelation[Contract] = fields.ForeignKeyField(
        "models.Contract", related_name="signatures", on_delete=fields.RESTRICT
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="signatures", on_delete=fields.RESTRICT, db_index=True
    )
    method = fields.CharEnumField(
        SignatureMethod, max_length=24, default=SignatureMethod.DISCORD_NATIVE
    )
    interaction_id = fields.BigIntField(null=True)
    signed_at = fields.DatetimeField(auto_now_add=True)

    contract_id: int
    user_id: int

    class Meta:
        table = "signatures"
        unique_together = (("contract", "user"),)


# ---------------------------------------------------------------------- helpers


def _rail_for(amount: int, threshold_cents: int) -> EscrowRail:
    from models.escrow import Escrow

    return Escrow.rail_for(amount, threshold_cents)


def _check_tiers(
    contract: Contract, by: User, buyer: User, seller: User, rail_threshold_cents: int
) -> None:
    """Deals on the USDC rail need TIER_2 on both sides, checked again at every signature."""
    if _rail_for(contract.amount, rail_threshold_cents) is not EscrowRail.USDC_BASE:
        return
    for role, user in (("buyer", buyer), ("seller", seller)):
        if user.has_tier(KycTier.TIER_2):
            continue
        who = "You aren't" if user.id == by.id else f"The {role} isn't"
        raise NotAllowed(
            f"Contract #{contract.id} is for {format_amount(contract.amount)}, above "
            f"{format_amount(rail_threshold_cents)}, so it is paid in USDC, and that needs "
            f"TIER_2 verification on both sides. {who} verified yet: ask platform staff to "
            "verify (TIER_2), then sign again."
        )


def _require_pending_sale(listing: Listing, offer: Offer) -> None:
    """The listing must still be off the market for this offer's sale (INACTIVE): a listing
    cancelled or taken down after the acceptance never reaches a contract or an escrow."""
    if listing.status != ListingStatus.INACTIVE or offer.listing_id != listing.id:
        state = listing.status.value.lower()
        raise InvalidState(
            f"Listing #{listing.id} is {state}, not pending this sale, so the deal on "
            f"offer #{offer.id} can't go ahead."
        )


def _require_accepted(offer: Offer) -> None:
    if offer.status != OfferStatus.ACCEPTED:
        raise InvalidState(
            f"Offer #{offer.id} is {offer.status.value.lower()}, not accepted, "
            "so there is no contract to make."
        )


async def _reserve_id() -> int:
    """A new contract id from the table's sequence, taken before the row exists (the PDF
    carries it). An id reserved by a call that then finds the contract made is skipped."""
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT nextval(pg_get_serial_sequence('contracts', 'id')) AS id"
    )
    return int(rows[0]["id"])


def _party(role: str, user: User) -> Party:
    return Party(
        role=role,
        discord_name=user.username,
        discord_id=user.discord_id,
        roblox_username=user.roblox_username,
        roblox_user_id=user.roblox_user_id,
    )


def _asset_snapshot(listing: Listing, snapshot: Any) -> dict[str, Any]:
    """The asset as it stood when the contract was made (the listing and its Roblox facts)."""
    facts: dict[str, Any] | None = None
    if snapshot is not None:
        facts = {
            "snapshot_id": snapshot.id,
            "asset_type": snapshot.asset_type.value,
            "asset_id": snapshot.asset_id,
            "name": snapshot.name,
            "owner_type": snapshot.owner_type.value,
            "owner_id": snapshot.owner_id,
            "captured_at": snapshot.captured_at.astimezone(dt.UTC).isoformat(),
        }
        for key in _SNAPSHOT_FACTS:
            if snapshot.data.get(key) is not None:
                facts[key] = snapshot.data[key]
    return {
        "listing": {
            "id": listing.id,
            "title": listing.title,
            "summary": listing.summary,
            "category": listing.category.value,
            "asset_type": listing.asset_type.value if listing.asset_type else None,
            "asset_id": listing.asset_id,
        },
        "roblox": facts,
    }


async def _guild_id(listing_id: int, conn: BaseDBAsyncClient) -> int | None:
    from models.listing import Listing

    listing = await Listing.filter(id=listing_id).using_db(conn).first()
    return listing.guild_id if listing is not None else None  # type: ignore[attr-defined]

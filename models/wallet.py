"""Wallets: a user proves an address by signing a one-time message (EIP-191).

`WalletChallenge.issue` gives the message to sign; `Wallet.link` recovers the signer
from the signature, screens the address, and links it: one wallet per user and one user
per wallet. A challenge works once and for a short time, so a signature can't be
replayed. `Wallet.unlink` is refused while the user has open USDC trades.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import is_address, to_checksum_address
from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import EscrowRail, WalletRisk
from models.errors import DomainError, InvalidState
from models.screening import WalletScreener, screen_wallet

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from models.user import User

CHALLENGE_TTL = dt.timedelta(minutes=15)


class BadSignature(DomainError):
    """The signature doesn't prove the address (forged, wrong message, or reused)."""


def checksum(address: str) -> str:
    """The address in its checksummed form, or a plain refusal."""
    text = address.strip()
    if not is_address(text):
        raise InvalidState(
            "That isn't a wallet address. It looks like `0x` followed by 40 hexadecimal characters."
        )
    return str(to_checksum_address(text))


class WalletChallenge(TimestampMixin, BaseModel):
    """A one-time message for `user` to sign with `address`."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="wallet_challenges", on_delete=fields.CASCADE, db_index=True
    )
    address = fields.CharField(max_length=42)
    nonce = fields.CharField(max_length=64, unique=True)
    message = fields.TextField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    user_id: int

    class Meta:
        table = "wallet_challenges"

    @classmethod
    async def issue(
        cls, user: User, address: str, *, now: dt.datetime | None = None
    ) -> WalletChallenge:
        now = now or utcnow()
        address = checksum(address)
        if await Wallet.filter(user_id=user.id).exists():
            raise InvalidState("You already have a wallet linked. Unlink it first.")
        if await Wallet.filter(address=address).exists():
            raise InvalidState("That wallet is linked to another account.")
        nonce = secrets.token_hex(16)
        expires = now + CHALLENGE_TTL
        message = (
            "Bloxtr8 wallet link\n"
            f"Discord user: {user.discord_id}\n"
            f"Wallet: {address}\n"
            f"Nonce: {nonce}\n"
            f"Valid until: {expires.strftime('%Y-%m-%d %H:%M UTC')}"
        )
        return await cls.create(
            user_id=user.id, address=address, nonce=nonce, message=message, expires_at=expires
        )


def recover_signer(message: str, signature: str) -> str | None:
    """The address that signed `message` with EIP-191 personal_sign, or None when the
    signature is malformed."""
    try:
        return str(
            Account.recover_message(encode_defunct(text=message), signature=signature.strip())
        )
    except Exception:  # malformed hex, wrong length, invalid curve point…
        return None


class Wallet(TimestampMixin, BaseModel):
    """A proved wallet. `User.wallet_address` mirrors `address` for the rest of the code."""

    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="wallet", on_delete=fields.CASCADE
    )
    address = fields.CharField(max_length=42, unique=True)
    message = fields.TextField()  # what was signed
    signature = fields.CharField(max_length=140)
    user_id: int

    class Meta:
        table = "wallets"

    @classmethod
    async def link(
        cls,
        user: User,
        challenge_id: int,
        signature: str,
        *,
        screeners: Sequence[WalletScreener],
        now: dt.datetime | None = None,
    ) -> Wallet:
        """Link the wallet the challenge names, if `signature` is its owner's signature of
        the challenge message, the challenge is unused and current, and screening clears it."""
        now = now or utcnow()
        challenge = await WalletChallenge.get_or_none(id=challenge_id, user_id=user.id)
        if challenge is None:
            raise BadSignature("That wallet link request isn't yours or doesn't exist.")
        signer = recover_signer(challenge.message, signature)
        if signer is None or signer != challenge.address:
            raise BadSignature(
                "That signature doesn't prove the wallet: sign the exact message with the "
                f"wallet {challenge.address} and paste the signature (0x…)."
            )
        # Screening talks to providers: before the transaction, never inside it.
        await screen_wallet(challenge.address, screeners, user=user)
        async with in_transaction() as conn:
            locked = (
                await WalletChallenge.filter(id=challenge.id)
                .select_for_update()
                .using_db(conn)
                .get()
            )
            if locked.used_at is not None:
                raise BadSignature(
                    "That signature was already used. Start again with `/wallet link`."
                )
            if locked.expires_at <= now:
                raise BadSignature("That link request expired. Start again with `/wallet link`.")
            locked.used_at = now
            await locked.save(using_db=conn, update_fields=["used_at", "updated_at"])
            from models.user import User

            owner = await User.filter(id=user.id).select_for_update().using_db(conn).get()
            try:
                async with in_transaction() as savepoint:
                    wallet = await cls.create(
                        user_id=owner.id,
                        address=challenge.address,
                        message=challenge.message,
                        signature=signature.strip(),
                        using_db=savepoint,
                    )
                    owner.wallet_address = challenge.address
                    await owner.save(
                        using_db=savepoint, update_fields=["wallet_address", "updated_at"]
                    )
            except IntegrityError:
                raise InvalidState(
                    "You already have a wallet linked, or this wallet is linked to another account."
                ) from None
            await _audit("wallet.linked", owner, conn, after={"address": challenge.address})
        user.wallet_address = challenge.address
        from models.escrow_jobs import bring_back

        await bring_back(user.id)  # escrows set aside for want of a wallet are due again
        return wallet

    @classmethod
    async def unlink(cls, user: User) -> str:
        """Remove the user's wallet (refused while a USDC trade of theirs is open)."""
        from models.escrow import OPEN_STATUSES, Escrow
        from models.user import User

        async with in_transaction() as conn:
            owner = await User.filter(id=user.id).select_for_update().using_db(conn).get()
            wallet = await cls.filter(user_id=owner.id).using_db(conn).first()
            if wallet is None:
                raise InvalidState("You have no wallet linked.")
            open_trades = (
                await Escrow.filter(
                    Q(buyer_id=owner.id) | Q(seller_id=owner.id),
                    rail=EscrowRail.USDC_BASE,
                    status__in=OPEN_STATUSES,
                )
                .using_db(conn)
                .count()
            )
            if open_trades:
                raise InvalidState(
                    f"You can't unlink your wallet while {open_trades} USDC trade(s) of yours "
                    "are open: it is where their money goes."
                )
            await wallet.delete(using_db=conn)
            owner.wallet_address = None
            owner.wallet_risk = WalletRisk.UNKNOWN
            owner.wallet_screened_at = None
            await owner.save(
                using_db=conn,
                update_fields=["wallet_address", "wallet_risk", "wallet_screened_at", "updated_at"],
            )
            await _audit("wallet.unlinked", owner, conn, before={"address": wallet.address})
        user.wallet_address = None
        return wallet.address


async def _audit(action: str, owner: User, conn: BaseDBAsyncClient, **change: Any) -> None:
    """An audit entry about the owner's wallet, by the owner."""
    await AuditLog.record(
        action, object_type="user", object_id=owner.id, actor=owner, using_db=conn, **change
    )

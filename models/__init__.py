"""Bloxtr8's data model (Tortoise ORM). Business rules live on these classes."""

from models.arbiter import ArbiterGuild
from models.audit import AuditLog
from models.chain import (
    ChainCursor,
    ChainDeposit,
    ChainNonce,
    ChainReturn,
    ChainTransaction,
    ChainTxReplacement,
)
from models.checkout import CheckoutSession
from models.contract import Contract, Signature
from models.delivery import Delivery
from models.dispute import Dispute
from models.escrow import Escrow, EscrowEvent, MilestoneEscrow, StablecoinEscrow, StripeEscrow
from models.guild import Guild, GuildMember, GuildSettings, MarketplaceChannel
from models.listing import Listing, ListingPost
from models.notification import Notification
from models.offer import Offer
from models.payments import ProviderCall
from models.roblox import AssetVerification, RobloxSnapshot
from models.screening import WalletScreening
from models.trade_card import TradeCard
from models.user import User
from models.wallet import Wallet, WalletChallenge
from models.webhook import WebhookEvent

__all__ = [
    "ArbiterGuild",
    "AssetVerification",
    "AuditLog",
    "ChainCursor",
    "ChainDeposit",
    "ChainNonce",
    "ChainReturn",
    "ChainTransaction",
    "ChainTxReplacement",
    "CheckoutSession",
    "Contract",
    "Delivery",
    "Dispute",
    "Escrow",
    "EscrowEvent",
    "Guild",
    "GuildMember",
    "GuildSettings",
    "Listing",
    "ListingPost",
    "MarketplaceChannel",
    "MilestoneEscrow",
    "Notification",
    "Offer",
    "ProviderCall",
    "RobloxSnapshot",
    "Signature",
    "StablecoinEscrow",
    "StripeEscrow",
    "TradeCard",
    "User",
    "Wallet",
    "WalletChallenge",
    "WalletScreening",
    "WebhookEvent",
]

"""Enumerations of the data model. Values are stored as text (`CharEnumField`)."""

from enum import StrEnum


class KycTier(StrEnum):
    TIER_0 = "TIER_0"  # signed up: browse only
    TIER_1 = "TIER_1"  # Roblox account linked: list and offer
    TIER_2 = "TIER_2"  # verified by platform staff: high-value (USDC) trades


class WalletRisk(StrEnum):
    UNKNOWN = "UNKNOWN"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    SANCTIONED = "SANCTIONED"


class ListingCategory(StrEnum):
    GAME = "GAME"
    GROUP = "GROUP"
    ITEM = "ITEM"
    SERVICE = "SERVICE"
    OTHER = "OTHER"


class ListingStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"  # off the market: an offer was accepted (pending sale) or paused
    SOLD = "SOLD"
    CANCELLED = "CANCELLED"


class ListingVisibility(StrEnum):
    PUBLIC = "PUBLIC"  # mirrored to every set-up guild
    PRIVATE = "PRIVATE"  # only in the guild where it was listed


class OfferStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    COUNTERED = "COUNTERED"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"
    WITHDRAWN = "WITHDRAWN"


class ContractStatus(StrEnum):
    PENDING_SIGNATURE = "PENDING_SIGNATURE"
    EXECUTED = "EXECUTED"
    VOID = "VOID"


class SignatureMethod(StrEnum):
    DISCORD_NATIVE = "DISCORD_NATIVE"


class EscrowRail(StrEnum):
    STRIPE = "STRIPE"
    USDC_BASE = "USDC_BASE"


class EscrowStatus(StrEnum):
    AWAIT_FUNDS = "AWAIT_FUNDS"
    FUNDS_HELD = "FUNDS_HELD"
    DELIVERED = "DELIVERED"
    DISPUTED = "DISPUTED"
    RELEASED = "RELEASED"
    REFUNDED = "REFUNDED"
    CANCELLED = "CANCELLED"


class MilestoneStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    RELEASED = "RELEASED"
    REFUNDED = "REFUNDED"


class Currency(StrEnum):
    USD = "USD"
    USDC = "USDC"


class GuildRole(StrEnum):
    MEMBER = "MEMBER"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"
    OWNER = "OWNER"


class ChannelKind(StrEnum):
    PRICE_RANGE = "PRICE_RANGE"
    DISPUTES = "DISPUTES"
    LOG = "LOG"


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    DELIVERED = "DELIVERED"
    CONFIRMED = "CONFIRMED"
    REJECTED = "REJECTED"


class DisputeStatus(StrEnum):
    OPEN = "OPEN"
    IN_REVIEW = "IN_REVIEW"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


class DisputeOutcome(StrEnum):
    RELEASE = "RELEASE"
    REFUND = "REFUND"
    SPLIT = "SPLIT"


class RobloxAssetType(StrEnum):
    GAME = "GAME"
    GROUP = "GROUP"
    ITEM = "ITEM"


class RobloxOwnerType(StrEnum):
    USER = "USER"
    GROUP = "GROUP"


class WebhookProvider(StrEnum):
    STRIPE = "STRIPE"
    CHAIN = "CHAIN"


class ProviderCallKind(StrEnum):
    CREATE_PAYMENT = "CREATE_PAYMENT"  # Stripe PaymentIntent / chain deposit address
    CANCEL_PAYMENT = "CANCEL_PAYMENT"
    TRANSFER = "TRANSFER"  # money to the seller
    REFUND = "REFUND"  # money back to the buyer
    REVERSE_TRANSFER = "REVERSE_TRANSFER"  # take a transfer back from the seller's account


class ProviderCallStatus(StrEnum):
    PENDING = "PENDING"  # intent recorded; the provider may or may not have acted
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"  # the provider refused; nothing moved


class NotificationKind(StrEnum):
    DM = "dm"  # a direct message to a Discord user (target: their Discord id)
    POST = "post"  # a message in a channel or thread (target: its id)
    EDIT = "edit"  # an edit of a message we sent (target: its channel; payload names it)
    # Rendered by the sender from the state at send time, so one send covers every row
    # of the same target still pending (bot/outbox.py):
    CARD = "card"  # bring an escrow's trade cards up to date (target: the escrow id)
    RETIRE = "retire"  # take stale buttons off a user's old DMs (target: their Discord id)


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # given up: refused, or too many failed tries; staff can see why

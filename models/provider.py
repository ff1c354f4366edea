"""What every rail offers the escrow models, and how provider failures are told apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from models.enums import EscrowRail
    from models.payments import ProviderCall


class ProviderRefused(Exception):
    """The provider answered no: nothing moved, and repeating the call won't change that."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ProviderUnavailable(Exception):
    """No clear answer (network, 5xx, rate limit): the call may or may not have happened.

    The call stays PENDING and is repeated later with the same idempotency key.
    """


@dataclass(frozen=True)
class ProviderResult:
    provider_id: str
    data: dict[str, Any] = field(default_factory=dict)


class Rail(Protocol):
    """A way for money to enter and leave escrow."""

    kind: EscrowRail

    async def execute(self, call: ProviderCall) -> ProviderResult:
        """Perform a recorded call (by its kind and stored request) with its idempotency key."""
        ...

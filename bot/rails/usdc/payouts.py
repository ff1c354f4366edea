"""Payouts waiting on the chain: a release or refund whose transaction is signed (mined
and waiting for its confirmations, or sent again after a reorganisation removed it) is
settled again every poll, so it completes as soon as it is final instead of waiting for
the reconciler's lease on stale calls."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.chain import ChainTransaction
from models.enums import ProviderCallKind, ProviderCallStatus
from models.errors import DomainError
from models.payments import ProviderCall
from models.stablecoin import settle_on_chain

if TYPE_CHECKING:
    from bot.rails.usdc.rail import UsdcRail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FinalPayout:
    """A payout that just became final: who received what, where."""

    escrow_id: int
    kind: ProviderCallKind
    to: str
    base_units: int
    returned: bool  # money sent back (over-payment, payment after close), not a payout


async def finish_payouts(rail: UsdcRail, *, limit: int = 200) -> list[FinalPayout]:
    """Settle the pending calls whose transactions are on their way; the ones that
    completed now, for the parties to be told."""
    txs = (
        await ChainTransaction.filter(
            call__status=ProviderCallStatus.PENDING, chain_id=rail.chain_id
        )
        .order_by("nonce")
        .limit(limit)
    )
    done = []
    for call_id in [tx.call_id for tx in txs]:
        try:
            await settle_on_chain(call_id, rail)
        except DomainError as exc:
            log.debug("Payout call %s not final yet: %s", call_id, exc.message)
            continue
        call = await ProviderCall.get(id=call_id)
        if call.status is ProviderCallStatus.SUCCEEDED:
            done.append(
                FinalPayout(
                    call.escrow_id,
                    call.kind,
                    str(call.request["to"]),
                    int(call.request["amount_base_units"]),
                    bool(call.request.get("late_payment")),
                )
            )
    return done

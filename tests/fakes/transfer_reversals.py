"""Transfer reversals (`POST /v1/transfers/{id}/reversals`) for the local Stripe server.

localstripe has no Connect transfers; tests/stripe_server.py adds them, and this adds their
reversals: money taken back from the connected account, at most what is left of the
transfer. A connected account can be made to refuse (its balance is gone:
`refuse_reversals(account_id)`), as Stripe does when the seller already paid it out.
Importing this module installs the route (before or after the server started: overrides
are looked up per request).
"""

from __future__ import annotations

import re
import time
from typing import Any

from aiohttp import web
from localstripe import resources as ls

from bot.sandbox import stripe_state as st
from bot.sandbox.stripe_patches import _OVERRIDES

_REFUSING: set[str] = set()


def refuse_reversals(account_id: str, refuse: bool = True) -> None:
    """Make reversals from this connected account fail as if its balance were empty."""
    if refuse:
        _REFUSING.add(account_id)
    else:
        _REFUSING.discard(account_id)


def reversals() -> list[dict[str, Any]]:
    """Every reversal made, oldest first."""
    made: list[dict[str, Any]] = []
    for transfer in st._objects("transfer"):
        made += getattr(transfer, "_reversals_made", [])
    return sorted(made, key=lambda r: r["created"])


async def _create_reversal(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    from localstripe import server as ls_server

    data = await ls_server.get_post_data(request) or {}
    transfer = ls.store.get(f"transfer:{match['id']}")
    if transfer is None:
        raise st._error(404, f"No such transfer: '{match['id']}'", code="resource_missing")
    left = transfer.amount - transfer.amount_reversed
    amount = ls.try_convert_to_int(data.get("amount", left))
    if not isinstance(amount, int) or amount <= 0:
        raise st._error(400, "Invalid positive integer", param="amount")
    if amount > left:
        raise st._error(
            400,
            f"Reversal amount ({amount}) is greater than what is left on the transfer ({left}).",
            param="amount",
        )
    if transfer.destination in _REFUSING:
        raise st._error(
            400,
            "Insufficient funds in the connected account to reverse this transfer.",
            code="balance_insufficient",
        )
    reversal = {
        "id": "trr_" + st._random_id(),
        "object": "transfer_reversal",
        "amount": amount,
        "currency": transfer.currency,
        "transfer": transfer.id,
        "metadata": data.get("metadata") or {},
        "created": time.time(),
    }
    transfer.amount_reversed += amount
    transfer.reversed = transfer.amount_reversed == transfer.amount
    if not hasattr(transfer, "_reversals_made"):
        transfer._reversals_made = []
    transfer._reversals_made.append(reversal)
    st._emit("transfer.reversed", transfer)
    return ls_server.json_response(reversal)


_ROUTE = ("POST", re.compile(r"^/v1/transfers/(?P<id>tr_\w+)/reversals$"), _create_reversal)
if _ROUTE not in _OVERRIDES:
    _OVERRIDES.append(_ROUTE)

"""The demo's "send from test wallet" page: pays a USDC escrow on the in-process chain.

In the demo nobody has a wallet app, so this page does what the buyer's wallet would:
it lists the escrows waiting for a USDC deposit and, on a press, sends the exact amount
to the escrow's deposit address from the buyer's test wallet (the wallet the demo linked
for them; it holds test USDC and gas minted on the local chain), mines the blocks the
deposit watcher waits for, and lets the bot's jobs run, so the trade moves on as it
would after a real transfer.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from eth_account.signers.local import LocalAccount

from bot.sandbox.chain import TestChain
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow, StablecoinEscrow
from models.user import User

GAS_WEI = 10**18  # what a test wallet is given for gas before its first payment


def usdc(base_units: int) -> str:
    whole, frac = divmod(base_units, 10**6)
    return f"{whole:,}.{frac:06d} USDC"


class TestWalletPage:
    """`GET /wallet` lists what waits for a deposit; `POST /wallet/send/<escrow id>` pays."""

    __test__ = False  # not a test class

    def __init__(
        self,
        chain: TestChain,
        wallets: list[LocalAccount],
        *,
        confirmations: int,
        after_send: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        self.chain = chain
        self.wallets: dict[str, LocalAccount] = {str(w.address): w for w in wallets}
        self.confirmations = confirmations
        self.after_send = after_send
        self._ready: set[str] = set()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/wallet", self._page)
        app.router.add_post("/wallet/send/{escrow_id:[0-9]+}", self._send)

    async def waiting(self) -> list[tuple[Escrow, StablecoinEscrow]]:
        escrows = await Escrow.filter(
            rail=EscrowRail.USDC_BASE, status=EscrowStatus.AWAIT_FUNDS
        ).order_by("id")
        rows = {
            r.escrow_id: r
            for r in await StablecoinEscrow.filter(escrow_id__in=[e.id for e in escrows])
        }
        return [(e, rows[e.id]) for e in escrows if e.id in rows]

    async def _payer(self, escrow: Escrow) -> str:
        """The buyer's test wallet (or the chain's first funded account when the demo
        doesn't hold the buyer's key), with gas, unlocked on the local chain."""
        buyer = await User.get(id=escrow.buyer_id)
        wallet = self.wallets.get(buyer.wallet_address or "")
        if wallet is None:
            return self.chain.accounts[1]
        if wallet.address not in self._ready:
            self.chain.tester.add_account(wallet.key.hex())
            await self.chain.w3.eth.send_transaction(
                {"from": self.chain.accounts[0], "to": wallet.address, "value": GAS_WEI}  # type: ignore[typeddict-item]
            )
            self._ready.add(wallet.address)
        return str(wallet.address)

    async def send(self, escrow_id: int) -> int:
        """Pay escrow `escrow_id`'s deposit address in full; returns the base units sent."""
        escrow = await Escrow.get_or_none(id=escrow_id)
        row = await StablecoinEscrow.get_or_none(escrow_id=escrow_id)
        if escrow is None or row is None or escrow.status is not EscrowStatus.AWAIT_FUNDS:
            raise web.HTTPConflict(text=f"Escrow #{escrow_id} isn't waiting for a USDC deposit.")
        payer = await self._payer(escrow)
        amount = int(row.amount_base_units)
        await self.chain.mint(payer, amount)
        await self.chain.pay(payer, row.deposit_address, amount)
        self.chain.mine(self.confirmations)
        if self.after_send is not None:
            await self.after_send()
        return amount

    async def _send(self, request: web.Request) -> web.Response:
        escrow_id = int(request.match_info["escrow_id"])
        amount = await self.send(escrow_id)
        raise web.HTTPSeeOther(f"/wallet?sent={escrow_id}&amount={amount}")

    async def _page(self, request: web.Request) -> web.Response:
        notice = ""
        if request.query.get("sent", "").isdigit() and request.query.get("amount", "").isdigit():
            notice = (
                f"<p class=notice>Sent {usdc(int(request.query['amount']))} to the deposit "
                f"address of escrow #{int(request.query['sent'])}. The bot counts it once "
                f"{self.confirmations} blocks are on top; the trade card then says the payment "
                "is held.</p>"
            )
        items = [
            f"<li>Escrow #{e.id}: <strong>{usdc(int(r.amount_base_units))}</strong> to "
            f"<code>{html.escape(r.deposit_address)}</code>"
            f'<form method=post action="/wallet/send/{e.id}">'
            f"<button type=submit>Send from test wallet</button></form></li>"
            for e, r in await self.waiting()
        ]
        listing = (
            f"<ul>{''.join(items)}</ul>"
            if items
            else "<p>No escrow is waiting for a USDC deposit. Deals above the USDC threshold "
            "are paid in USDC: make an offer on one, accept and sign it, then come back.</p>"
        )
        return web.Response(
            text=WALLET_PAGE.format(notice=notice, listing=listing), content_type="text/html"
        )


WALLET_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test wallet · Bloxtr8 demo</title>
<style>
  body {{ margin: 0 auto; max-width: 760px; padding: 24px; font: 15px system-ui, sans-serif;
         background: #1e1f22; color: #dbdee1; }}
  h1 {{ color: #fff; }} code {{ background: #2b2d31; padding: 1px 4px; border-radius: 3px; }}
  li {{ margin: 0 0 12px; }} form {{ display: inline; margin-left: 8px; }}
  button {{ font: inherit; padding: 4px 10px; border: 0; border-radius: 4px;
           background: #5865f2; color: #fff; cursor: pointer; }}
  .notice {{ background: #2b2d31; padding: 8px 12px; border-left: 4px solid #23a55a; }}
</style></head>
<body>
<h1>Test wallet</h1>
<p>Stands in for the buyer's wallet app on the demo's local chain: it sends the exact
amount of test USDC to an escrow's deposit address. <a href="/">Back to the demo</a></p>
{notice}
{listing}
</body></html>
"""

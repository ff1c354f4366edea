"""The demo's "send from test wallet" page over HTTP: it lists the USDC escrow waiting for
its deposit, pays the deposit address in full from the buyer's test wallet on the local
chain, and the deposit watcher (reading that chain through the demo's JSON-RPC node)
counts it, so the escrow is funded; a second press is refused."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from eth_account import Account
from web3 import AsyncHTTPProvider, AsyncWeb3

from bot import jobs
from bot.rails.usdc.artifacts import deposit_address
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import USDC, start_chain
from bot.sandbox.chain_rpc import serving_chain
from bot.sandbox.wallet_page import TestWalletPage
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow
from models.stablecoin import open_deposit
from models.user import User
from tests.factories import make_escrow

PRICE_CENTS = 1_500_000  # $15,000.00: above the USDC threshold
PRICE = 15_000 * USDC


async def test_the_test_wallet_pays_a_usdc_escrow(db: str) -> None:
    chain = await start_chain()
    chain_id = await chain.w3.eth.chain_id
    d = chain.deployment
    wallet = Account.create()
    escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS)
    await User.filter(id=escrow.buyer_id).update(wallet_address=wallet.address)
    address = deposit_address(d.vault, d.forwarder, escrow.id)
    await open_deposit(escrow.id, chain_id=chain_id, token=d.token, deposit_address=address)

    async with serving_chain(chain) as rpc_url:
        node = AsyncWeb3(AsyncHTTPProvider(rpc_url))
        assert await node.eth.chain_id == chain_id
        watcher = DepositWatcher(node, chain_id=chain_id, token=d.token, confirmations=2)
        await watcher.poll()  # its cursor starts past the deployment
        counted: list[Any] = []

        async def count(outcome: Any, conn: Any = None) -> None:
            counted.append(outcome)

        async def after_send() -> None:
            await jobs.watch_deposits(watcher, count)

        page = TestWalletPage(chain, [wallet], confirmations=2, after_send=after_send)
        app = web.Application()
        page.add_routes(app)
        async with TestClient(TestServer(app)) as client:
            listed = await (await client.get("/wallet")).text()
            assert f"Escrow #{escrow.id}: <strong>15,000.000000 USDC</strong>" in listed
            assert address in listed and "Send from test wallet" in listed

            sent = await client.post(f"/wallet/send/{escrow.id}", allow_redirects=False)
            assert sent.status == 303
            assert await chain.balance(address) == PRICE
            assert await chain.balance(wallet.address) == 0  # it paid, from its own wallet
            assert [o.result for o in counted] == ["funded"]
            assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD

            after = await (await client.get(sent.headers["Location"])).text()
            assert f"Sent 15,000.000000 USDC to the deposit address of escrow #{escrow.id}" in after
            assert "No escrow is waiting for a USDC deposit" in after
            again = await client.post(f"/wallet/send/{escrow.id}", allow_redirects=False)
            assert again.status == 409
            assert await chain.balance(address) == PRICE

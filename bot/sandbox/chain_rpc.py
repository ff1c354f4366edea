"""The in-process chain as a JSON-RPC node on loopback, for `bloxtr8 demo`.

The bot reaches a chain through `CHAIN_RPC_URL`, as it does in production. Serving
`TestChain` over HTTP lets the demo's bot build its USDC rail, deposit watcher and
sanctions screening from settings alone, the way `bloxtr8 run` does. Requests are put in
the shape eth-tester takes and its answers back in the JSON-RPC shape (web3.py's own
eth-tester formatters do both), and a call without a sender gets one, as web3.py's
eth-tester provider would give it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from web3._utils.encoding import Web3JsonEncoder
from web3.providers.eth_tester.middleware import request_formatters, result_formatters

from bot.sandbox.chain import TestChain

_NEEDS_SENDER = {"eth_call", "eth_estimateGas"}


async def answer(chain: TestChain, call: dict[str, Any]) -> dict[str, Any]:
    """One JSON-RPC request → its response."""
    method = str(call.get("method", ""))
    params: Any = list(call.get("params") or [])
    out: dict[str, Any] = {"jsonrpc": "2.0", "id": call.get("id")}
    if method in _NEEDS_SENDER and params and isinstance(params[0], dict):
        params[0] = {"from": chain.accounts[0], **params[0]}
    try:
        if method in request_formatters:
            params = request_formatters[method](params)  # type: ignore[index]
        response = await chain.provider.make_request(method, params)  # type: ignore[arg-type]
    except Exception as exc:  # a revert, an unknown method: the node's error answer
        out["error"] = {"code": -32000, "message": str(exc)}
        return out
    if "error" in response:
        out["error"] = response["error"]
        return out
    result = response.get("result")
    formatters: Any = result_formatters or {}
    if method in formatters:
        result = formatters[method](result)
    out["result"] = result
    return out


def rpc_app(chain: TestChain) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        body = await request.json()
        if isinstance(body, list):
            reply: Any = [await answer(chain, call) for call in body]
        else:
            reply = await answer(chain, body)
        return web.Response(
            text=json.dumps(reply, cls=Web3JsonEncoder), content_type="application/json"
        )

    app = web.Application()
    app.router.add_post("/", handle)
    return app


@contextlib.asynccontextmanager
async def serving_chain(chain: TestChain) -> AsyncIterator[str]:
    """Serve `chain` on a free loopback port; yields the node's URL."""
    runner = web.AppRunner(rpc_app(chain), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()

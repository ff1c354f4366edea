"""The connection to the chain, built from settings (one place)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiohttp import ClientSession, TCPConnector
from web3 import AsyncHTTPProvider, AsyncWeb3

if TYPE_CHECKING:
    from web3.types import RPCEndpoint, RPCResponse

    from bot.config import Settings


class PlainHTTPProvider(AsyncHTTPProvider):
    """web3.py's HTTP provider for a node reached over plain `http://` (a local node, a
    sidecar, the demo's chain): its session has no closed-TLS sweeper.

    web3.py's own session turns on aiohttp's `enable_cleanup_closed`, a timer that fires
    every 2 s for the life of the process to abort TLS transports a broken server left
    open. Without TLS there is nothing for it to do, and a process that waits until its
    own work is done (simulated Discord in `bloxtr8 demo` settles after each step) waited
    up to 2 s more on that timer at every step.
    """

    def __init__(self, endpoint_uri: str) -> None:
        super().__init__(endpoint_uri)
        self._own_session_loops: set[int] = set()

    async def _own_session(self) -> None:
        loop = id(asyncio.get_running_loop())
        if loop not in self._own_session_loops:
            self._own_session_loops.add(loop)
            await self.cache_async_session(
                ClientSession(raise_for_status=True, connector=TCPConnector(force_close=True))
            )

    async def _make_request(self, method: RPCEndpoint, request_data: bytes) -> bytes:
        await self._own_session()
        return await super()._make_request(method, request_data)

    async def make_batch_request(
        self, batch_requests: list[tuple[RPCEndpoint, Any]]
    ) -> list[RPCResponse] | RPCResponse:
        await self._own_session()
        return await super().make_batch_request(batch_requests)


def web3_from_settings(settings: Settings) -> AsyncWeb3[Any]:
    if not settings.chain_rpc_url:
        raise RuntimeError("CHAIN_RPC_URL is not set")
    url = settings.chain_rpc_url
    if urlsplit(url).scheme == "http":
        return AsyncWeb3(PlainHTTPProvider(url))
    return AsyncWeb3(AsyncHTTPProvider(url))

"""The connection to the chain, built from settings (one place)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from web3 import AsyncHTTPProvider, AsyncWeb3

if TYPE_CHECKING:
    from bot.config import Settings


def web3_from_settings(settings: Settings) -> AsyncWeb3[Any]:
    if not settings.chain_rpc_url:
        raise RuntimeError("CHAIN_RPC_URL is not set")
    return AsyncWeb3(AsyncHTTPProvider(settings.chain_rpc_url))

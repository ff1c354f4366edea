"""The operator key: builds and signs transactions; never sends them itself.

Signing is separate from broadcasting so the raw bytes can be stored before they leave
(see `rail.py`): a repeated broadcast of the same bytes is the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import AsyncWeb3

GAS_MARGIN_PERCENT = 130  # estimates are exact only for the state they ran on


@dataclass(frozen=True)
class SignedTx:
    raw: bytes
    tx_hash: str  # 0x-prefixed
    nonce: int


class Signer:
    def __init__(self, private_key: str) -> None:
        self.account: LocalAccount = Account.from_key(private_key)

    @property
    def address(self) -> str:
        return str(self.account.address)

    async def fees(self, w3: AsyncWeb3[Any]) -> dict[str, int]:
        """EIP-1559 fees with room for the base fee to double before inclusion."""
        block = await w3.eth.get_block("latest")
        base = int(block.get("baseFeePerGas") or 0)
        tip = 1_000_000  # 0.001 gwei: Base's usual priority fee
        return {"maxFeePerGas": 2 * base + tip, "maxPriorityFeePerGas": tip}

    async def sign(
        self,
        w3: AsyncWeb3[Any],
        tx: dict[str, Any],
        *,
        nonce: int,
        chain_id: int,
        gas: int | None = None,
        fees: dict[str, int] | None = None,
    ) -> SignedTx:
        """Fill nonce, chain id, gas and fees into `tx` (to/data/value) and sign it."""
        full: dict[str, Any] = {"value": 0, **tx, "from": self.address}
        if gas is None:
            estimate = await w3.eth.estimate_gas(full)  # type: ignore[arg-type]
            gas = estimate * GAS_MARGIN_PERCENT // 100
        full.pop("from")
        full.update(
            {
                "nonce": nonce,
                "chainId": chain_id,
                "gas": gas,
                "type": 2,
                **(fees or await self.fees(w3)),
            }
        )
        signed = self.account.sign_transaction(full)
        return SignedTx(
            bytes(signed.raw_transaction), "0x" + signed.hash.hex().removeprefix("0x"), nonce
        )

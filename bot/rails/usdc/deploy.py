"""`bloxtr8 chain deploy`: put the forwarder, the vault (and, for tests and demos, a test
USDC and a sanctions-oracle stand-in) on a chain, and print the settings to use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from web3 import AsyncWeb3

from bot.rails.usdc.artifacts import artifact
from bot.rails.usdc.chain import web3_from_settings
from bot.rails.usdc.signer import Signer

if TYPE_CHECKING:
    from bot.config import Settings


@dataclass(frozen=True)
class Deployment:
    chain_id: int
    token: str
    forwarder: str
    vault: str
    oracle: str | None = None

    def settings_lines(self) -> list[str]:
        lines = [
            f"CHAIN_ID={self.chain_id}",
            f"USDC_TOKEN_ADDRESS={self.token}",
            f"USDC_FORWARDER_ADDRESS={self.forwarder}",
            f"USDC_VAULT_ADDRESS={self.vault}",
        ]
        if self.oracle:
            lines.append(f"SANCTIONS_ORACLE_ADDRESS={self.oracle}")
        return lines


async def deploy_contract(w3: AsyncWeb3[Any], signer: Signer, name: str, *args: Any) -> str:
    """Deploy one compiled contract from the signer's account; the new address."""
    art = artifact(name)
    factory = w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    tx = await factory.constructor(*args).build_transaction(
        {"from": signer.address, "nonce": 0, "gas": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 1}
    )
    nonce = await w3.eth.get_transaction_count(signer.address, "pending")  # type: ignore[arg-type]
    signed = await signer.sign(
        w3, {"data": tx["data"]}, nonce=nonce, chain_id=await w3.eth.chain_id
    )
    await w3.eth.send_raw_transaction(signed.raw)
    receipt = await w3.eth.wait_for_transaction_receipt(signed.tx_hash)  # type: ignore[arg-type]
    if receipt["status"] != 1 or not receipt["contractAddress"]:
        raise RuntimeError(f"deploying {name} failed (tx {signed.tx_hash})")
    return str(receipt["contractAddress"])


async def deploy(
    w3: AsyncWeb3[Any],
    signer: Signer,
    *,
    token: str | None = None,
    operator: str | None = None,
    with_oracle: bool = False,
) -> Deployment:
    """Deploy the rail's contracts. Without `token`, a test USDC is deployed too (demo and
    test chains); on Base pass the real USDC address. `operator` (default: the signer) is
    the only key that can release or refund from the vault."""
    if token is None:
        token = await deploy_contract(w3, signer, "TestUSDC")
    forwarder = await deploy_contract(w3, signer, "Forwarder")
    vault = await deploy_contract(w3, signer, "Vault", token, forwarder, operator or signer.address)
    oracle = await deploy_contract(w3, signer, "SanctionsOracle") if with_oracle else None
    return Deployment(await w3.eth.chain_id, token, forwarder, vault, oracle)


async def chain_deploy(
    settings: Settings,
    *,
    token: str | None = None,
    with_oracle: bool = False,
    w3: AsyncWeb3[Any] | None = None,
    out: Callable[[str], None] = print,
) -> Deployment:
    """What `bloxtr8 chain deploy [--token ADDRESS] [--with-oracle]` runs: deploy with the
    operator key from the settings and print the lines to put in `.env`."""
    if settings.usdc_operator_key is None:
        raise RuntimeError("USDC_OPERATOR_KEY is not set")
    w3 = w3 or web3_from_settings(settings)
    signer = Signer(settings.usdc_operator_key.get_secret_value())
    deployment = await deploy(w3, signer, token=token, with_oracle=with_oracle)
    for line in deployment.settings_lines():
        out(line)
    return deployment

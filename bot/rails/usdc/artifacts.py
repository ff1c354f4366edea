"""The compiled contracts (ABI + bytecode, kept in the repository) and the CREATE2 formula.

Nothing compiles at run time: `python -m bot.rails.usdc.compile` rewrites
`contracts/compiled.json` from the Vyper sources, and a test checks the two agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_canonical_address, to_checksum_address

CONTRACTS_DIR = Path(__file__).parent / "contracts"
COMPILED = CONTRACTS_DIR / "compiled.json"
NAMES = ("Forwarder", "Vault", "TestUSDC", "SanctionsOracle")

# The init code Vyper's `create_minimal_proxy_to` deploys: a loader, then the EIP-1167
# runtime with the target address between these two halves (the Vault uses the same bytes).
PROXY_HEAD = bytes.fromhex("602d3d8160093d39f3363d3d373d3d3d363d73")
PROXY_TAIL = bytes.fromhex("5af43d82803e903d91602b57fd5bf3")


@dataclass(frozen=True)
class Artifact:
    abi: list[dict[str, Any]]
    bytecode: str  # 0x-prefixed init code


@cache
def _all() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(COMPILED.read_text())
    return data


def artifact(name: str) -> Artifact:
    entry = _all()[name]
    return Artifact(abi=entry["abi"], bytecode=entry["bytecode"])


def proxy_init_code(target: str) -> bytes:
    return PROXY_HEAD + to_canonical_address(target) + PROXY_TAIL


def deposit_address(vault: str, forwarder_target: str, escrow_id: int) -> str:
    """The escrow's deposit address, known before its forwarder is deployed:
    keccak256(0xff ++ vault ++ salt ++ keccak256(init_code))[12:], salt = escrow id."""
    salt = escrow_id.to_bytes(32, "big")
    digest = keccak(
        b"\xff" + to_canonical_address(vault) + salt + keccak(proxy_init_code(forwarder_target))
    )
    return to_checksum_address(digest[12:])

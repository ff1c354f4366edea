"""An in-process chain (eth-tester + py-evm behind web3.py) with the rail's contracts.

`TestChain` deploys the test USDC, the forwarder, the vault and a sanctions-oracle
stand-in with an operator key of its own, and gives tests the moves a buyer, an exchange
or a reorganisation would make.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_account import Account
from web3 import AsyncWeb3
from web3.providers.eth_tester import AsyncEthereumTesterProvider

from bot.rails.usdc.artifacts import artifact
from bot.rails.usdc.deploy import Deployment, deploy
from bot.rails.usdc.signer import Signer

USDC = 1_000_000  # base units in one USDC


@dataclass
class TestChain:
    w3: AsyncWeb3[AsyncEthereumTesterProvider]
    provider: AsyncEthereumTesterProvider
    operator: Signer
    deployment: Deployment
    accounts: list[str] = field(default_factory=list)

    __test__ = False  # not a test class

    @property
    def tester(self) -> Any:
        return self.provider.ethereum_tester

    def contract(self, name: str, address: str) -> Any:
        return self.w3.eth.contract(address=address, abi=artifact(name).abi)  # type: ignore[call-overload]

    @property
    def token(self) -> Any:
        return self.contract("TestUSDC", self.deployment.token)

    @property
    def vault(self) -> Any:
        return self.contract("Vault", self.deployment.vault)

    @property
    def oracle(self) -> Any:
        assert self.deployment.oracle is not None
        return self.contract("SanctionsOracle", self.deployment.oracle)

    async def mint(self, to: str, amount: int) -> str:
        tx = await self.token.functions.mint(to, amount).transact({"from": self.accounts[0]})
        return "0x" + bytes(tx).hex()

    async def pay(self, sender: str, to: str, amount: int) -> str:
        """`sender` (an unlocked test account) sends `amount` base units of USDC to `to`."""
        tx = await self.token.functions.transfer(to, amount).transact({"from": sender})
        return "0x" + bytes(tx).hex()

    async def balance(self, address: str) -> int:
        return int(await self.token.functions.balanceOf(address).call())

    async def block_number(self) -> int:
        return int(await self.w3.eth.block_number)

    def mine(self, blocks: int = 1) -> None:
        self.tester.mine_blocks(blocks)

    def snapshot(self) -> Any:
        return self.tester.take_snapshot()

    def revert(self, snapshot: Any) -> None:
        self.tester.revert_to_snapshot(snapshot)

    async def sanction(self, address: str, flag: bool = True) -> None:
        await self.oracle.functions.set_sanctioned(address, flag).transact(
            {"from": self.operator.address}
        )


# A payer that sends many USDC transfers in one transaction (an exchange's batch
# withdrawal): each is a `Transfer(payer → receiver)` log like a single payment.
BATCH_PAYER = """
# pragma version ~=0.4.3
interface ERC20:
    def transferFrom(sender: address, receiver: address, amount: uint256) -> bool: nonpayable

@external
def pay(token: address, receivers: DynArray[address, 250], amount: uint256):
    for r: address in receivers:
        assert extcall ERC20(token).transferFrom(msg.sender, r, amount)
"""


async def batch_payer(chain: TestChain, payer: str) -> Any:
    """Deploy the batch payer and let it spend `payer`'s test USDC; `.functions.pay(token,
    receivers, amount).transact({"from": payer})` then pays every receiver in one tx."""
    import vyper

    out = vyper.compile_code(BATCH_PAYER, output_formats=["abi", "bytecode"])
    factory = chain.w3.eth.contract(abi=out["abi"], bytecode=out["bytecode"])
    tx = await factory.constructor().transact({"from": payer})
    receipt = await chain.w3.eth.wait_for_transaction_receipt(tx)
    contract = chain.w3.eth.contract(address=receipt["contractAddress"], abi=out["abi"])
    await chain.token.functions.approve(contract.address, 2**255).transact({"from": payer})
    return contract


async def start_chain() -> TestChain:
    provider = AsyncEthereumTesterProvider()
    w3 = AsyncWeb3(provider)
    accounts = [str(a) for a in await w3.eth.accounts]
    operator = Signer(Account.create().key.hex())
    await w3.eth.send_transaction(
        {"from": accounts[0], "to": operator.address, "value": 10**20}  # type: ignore[typeddict-item]
    )
    provider.ethereum_tester.add_account(operator.account.key.hex())
    deployment = await deploy(w3, operator, with_oracle=True)
    return TestChain(w3, provider, operator, deployment, accounts)

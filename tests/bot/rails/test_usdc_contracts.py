"""The rail's contracts on the in-process chain: deposit addresses, sweeping, release."""

from __future__ import annotations

import pytest
from eth_tester.exceptions import TransactionFailed
from eth_utils.address import to_checksum_address
from web3.exceptions import ContractLogicError
from web3.types import Wei

from bot.rails.usdc.artifacts import COMPILED, deposit_address, proxy_init_code
from bot.rails.usdc.compile import compile_all
from bot.sandbox.chain import USDC, TestChain, start_chain

REVERTED = (ContractLogicError, TransactionFailed)


@pytest.fixture
async def chain() -> TestChain:
    return await start_chain()


def test_compiled_json_matches_the_sources() -> None:
    import json

    assert json.loads(COMPILED.read_text()) == compile_all()


def test_proxy_init_code_is_what_vyper_deploys() -> None:
    from vyper.builtins.functions import eip1167_bytecode

    loader, pre, post = eip1167_bytecode()
    target = "0x" + "ab" * 20
    assert proxy_init_code(target) == loader + pre + bytes.fromhex("ab" * 20) + post


async def test_deposit_address_is_known_before_deployment_and_swept_to_the_vault(
    chain: TestChain,
) -> None:
    d = chain.deployment
    escrow_id = 4242
    address = deposit_address(d.vault, d.forwarder, escrow_id)
    assert await chain.vault.functions.deposit_address(escrow_id).call() == address
    assert await chain.w3.eth.get_code(to_checksum_address(address)) == b""  # nothing there yet

    buyer, stranger = chain.accounts[1], chain.accounts[2]
    await chain.mint(buyer, 500 * USDC)
    await chain.pay(buyer, address, 120 * USDC)
    assert await chain.balance(address) == 120 * USDC

    # Anyone may sweep; the money can only go to the vault, credited to that escrow.
    await chain.vault.functions.sweep(escrow_id).transact({"from": stranger})
    assert await chain.w3.eth.get_code(to_checksum_address(address)) != b""
    assert await chain.balance(address) == 0
    assert await chain.balance(d.vault) == 120 * USDC
    assert await chain.vault.functions.held(escrow_id).call() == 120 * USDC
    assert await chain.balance(stranger) == 0

    # A second payment to the same address, swept again.
    await chain.pay(buyer, address, 5 * USDC)
    await chain.vault.functions.sweep(escrow_id).transact({"from": stranger})
    assert await chain.vault.functions.held(escrow_id).call() == 125 * USDC


async def test_only_the_operator_releases_and_never_more_than_held(chain: TestChain) -> None:
    d = chain.deployment
    buyer, seller, thief = chain.accounts[1], chain.accounts[2], chain.accounts[3]
    await chain.mint(buyer, 100 * USDC)
    await chain.pay(buyer, deposit_address(d.vault, d.forwarder, 7), 100 * USDC)

    with pytest.raises(REVERTED, match="only the operator"):
        await chain.vault.functions.release(7, thief, 100 * USDC).call({"from": thief})
    with pytest.raises(REVERTED, match="only the operator"):
        await chain.vault.functions.refund(7, thief, 100 * USDC).call({"from": thief})
    # The forwarder pays nobody but its vault.
    await chain.vault.functions.sweep(7).transact({"from": thief})
    forwarder = chain.contract("Forwarder", deposit_address(d.vault, d.forwarder, 7))
    with pytest.raises(REVERTED, match="only the vault"):
        await forwarder.functions.sweep(d.token).call({"from": thief})

    op = chain.operator.address
    with pytest.raises(REVERTED, match="more than the escrow holds"):
        await chain.vault.functions.release(7, seller, 101 * USDC).call({"from": op})
    # Money held for escrow 7 can't leave as escrow 8's.
    with pytest.raises(REVERTED, match="more than the escrow holds"):
        await chain.vault.functions.release(8, seller, 1).call({"from": op})

    await chain.vault.functions.release(7, seller, 60 * USDC).transact({"from": op})
    await chain.vault.functions.refund(7, buyer, 40 * USDC).transact({"from": op})
    assert await chain.balance(seller) == 60 * USDC
    assert await chain.balance(buyer) == 40 * USDC
    assert await chain.vault.functions.held(7).call() == 0


async def test_release_sweeps_an_unswept_deposit_first(chain: TestChain) -> None:
    d = chain.deployment
    buyer, seller = chain.accounts[1], chain.accounts[2]
    await chain.mint(buyer, 10 * USDC)
    await chain.pay(buyer, deposit_address(d.vault, d.forwarder, 99), 10 * USDC)
    await chain.vault.functions.release(99, seller, 10 * USDC).transact(
        {"from": chain.operator.address}
    )
    assert await chain.balance(seller) == 10 * USDC


async def test_test_token_has_six_decimals_and_transfer_events(chain: TestChain) -> None:
    assert await chain.token.functions.decimals().call() == 6
    start = await chain.block_number()
    await chain.mint(chain.accounts[1], 3 * USDC)
    await chain.pay(chain.accounts[1], chain.accounts[2], 2 * USDC)
    logs = await chain.token.events.Transfer().get_logs(from_block=start)
    assert [(e["args"]["receiver"], e["args"]["value"]) for e in logs] == [
        (chain.accounts[1], 3 * USDC),
        (chain.accounts[2], 2 * USDC),
    ]


async def test_chain_deploy_prints_the_settings(tmp_path: object) -> None:
    from eth_account import Account
    from web3 import AsyncWeb3
    from web3.providers.eth_tester import AsyncEthereumTesterProvider

    from bot.config import Settings
    from bot.rails.usdc.deploy import chain_deploy

    w3 = AsyncWeb3(AsyncEthereumTesterProvider())
    key = Account.create().key.hex()
    operator = Account.from_key(key).address
    await w3.eth.send_transaction(
        {"from": (await w3.eth.accounts)[0], "to": operator, "value": Wei(10**19)}
    )
    lines: list[str] = []
    settings = Settings(_env_file=None, usdc_operator_key=key)  # type: ignore[call-arg]
    deployment = await chain_deploy(settings, with_oracle=True, w3=w3, out=lines.append)
    assert f"USDC_VAULT_ADDRESS={deployment.vault}" in lines
    assert f"USDC_FORWARDER_ADDRESS={deployment.forwarder}" in lines
    assert f"USDC_TOKEN_ADDRESS={deployment.token}" in lines
    vault = w3.eth.contract(
        address=to_checksum_address(deployment.vault), abi=artifact_abi("Vault")
    )
    assert await vault.functions.operator().call() == operator
    assert await vault.functions.token().call() == deployment.token


def artifact_abi(name: str) -> list[dict[str, object]]:
    from bot.rails.usdc.artifacts import artifact

    return artifact(name).abi

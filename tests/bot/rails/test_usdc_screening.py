"""Screening against the on-chain sanctions oracle (the stand-in contract on the
in-process chain) together with the SDN list: any hit blocks, no answer blocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

import pytest
from eth_account import Account

from bot.config import Settings
from bot.rails.usdc.screening import OracleScreener, SdnListScreener, screeners_from_settings
from bot.sandbox.chain import TestChain, start_chain
from models import User, WalletScreening
from models.enums import WalletRisk
from models.screening import (
    ScreeningOutcome,
    ScreeningUnavailable,
    WalletSanctioned,
    screen_wallet,
)
from tests.factories import make_user


@pytest.fixture
async def chain() -> TestChain:
    return await start_chain()


@pytest.fixture
def sdn(tmp_path: Path) -> SdnListScreener:
    path = tmp_path / "sdn.txt"
    path.write_text("")
    return SdnListScreener(path, max_age=dt.timedelta(hours=1))


async def test_the_oracle_clears_and_blocks(
    db: str, chain: TestChain, sdn: SdnListScreener
) -> None:
    assert chain.deployment.oracle is not None
    oracle = OracleScreener(chain.w3, chain.deployment.oracle)
    clean, listed = Account.create().address, Account.create().address
    await chain.sanction(listed)
    user = await make_user()

    results = await screen_wallet(clean, [oracle, sdn], user=user)
    assert [r.outcome for r in results] == [ScreeningOutcome.CLEAR, ScreeningOutcome.CLEAR]
    assert (await User.get(id=user.id)).wallet_risk is WalletRisk.LOW

    # A hit from one source blocks even when the other is clear.
    with pytest.raises(WalletSanctioned):
        await screen_wallet(listed, [oracle, sdn], user=user)
    assert (await User.get(id=user.id)).wallet_risk is WalletRisk.SANCTIONED
    rows = await WalletScreening.filter(address=listed).order_by("id")
    assert [(r.source, r.outcome) for r in rows] == [
        (oracle.source, ScreeningOutcome.HIT),
        ("ofac-sdn", ScreeningOutcome.CLEAR),
    ]


async def test_an_oracle_that_does_not_answer_fails_closed(
    db: str, chain: TestChain, sdn: SdnListScreener
) -> None:
    # No contract at this address: the call can't be answered.
    silent = OracleScreener(chain.w3, Account.create().address)
    user = await make_user(wallet_risk=WalletRisk.LOW)
    with pytest.raises(ScreeningUnavailable):
        await screen_wallet(Account.create().address, [silent, sdn], user=user)
    assert (await User.get(id=user.id)).wallet_risk is WalletRisk.LOW  # unchanged, not cleared
    outcomes = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[ScreeningOutcome],
        await WalletScreening.filter(user_id=user.id).values_list("outcome", flat=True),
    )
    assert ScreeningOutcome.UNAVAILABLE in outcomes


def test_screeners_come_from_the_settings(tmp_path: Path) -> None:
    base = Settings(_env_file=None)  # type: ignore[call-arg]
    assert screeners_from_settings(base, None) == []
    configured = base.model_copy(update={"ofac_sdn_path": tmp_path / "sdn.txt"})
    assert [s.source for s in screeners_from_settings(configured, None)] == ["ofac-sdn"]

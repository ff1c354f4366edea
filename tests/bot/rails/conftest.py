"""Fixtures of the USDC rail's tests: the in-process chain and an empty OFAC SDN list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.rails.usdc.screening import SdnListScreener
from bot.sandbox.chain import TestChain, start_chain


@pytest.fixture
async def chain() -> TestChain:
    return await start_chain()


@pytest.fixture
def sdn_path(tmp_path: Path) -> Path:
    path = tmp_path / "sdn.txt"
    path.write_text("")
    return path


@pytest.fixture
def screeners(sdn_path: Path) -> list[SdnListScreener]:
    return [SdnListScreener(sdn_path, max_age=dt.timedelta(hours=1))]

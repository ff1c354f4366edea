"""Screeners for wallets: an on-chain sanctions oracle and the OFAC SDN address list.

Both fail closed: an oracle that doesn't answer, or a list file that is missing,
unreadable or older than its allowed age, raises `ScreeningUnavailableError`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import to_checksum_address
from web3 import AsyncWeb3

from models.screening import ScreeningOutcome, ScreeningResult, ScreeningUnavailableError

if TYPE_CHECKING:
    from bot.config import Settings
    from models.screening import WalletScreener

ORACLE_ABI: list[dict[str, Any]] = [
    {
        "name": "isSanctioned",
        "type": "function",
        "stateMutability": "view",
        "inputs": [{"name": "addr", "type": "address"}],
        "outputs": [{"name": "", "type": "bool"}],
    }
]
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


class OracleScreener:
    """Asks an on-chain oracle's `isSanctioned(address)`."""

    def __init__(self, w3: AsyncWeb3[Any], oracle: str) -> None:
        self.oracle = w3.eth.contract(address=to_checksum_address(oracle), abi=ORACLE_ABI)
        self.source = f"oracle:{to_checksum_address(oracle)}"

    async def screen(self, address: str) -> ScreeningResult:
        try:
            listed = bool(
                await self.oracle.functions.isSanctioned(to_checksum_address(address)).call()
            )
        except Exception as exc:  # any failure to get an answer is "can't tell"
            raise ScreeningUnavailableError(
                f"sanctions oracle did not answer: {type(exc).__name__}"
            ) from exc
        if listed:
            return ScreeningResult(self.source, ScreeningOutcome.HIT, "listed by the oracle")
        return ScreeningResult(self.source, ScreeningOutcome.CLEAR)


class SdnListScreener:
    """Looks the address up in a file of OFAC SDN digital-currency addresses (any text
    with `0x…` addresses in it, e.g. one per line). Re-read when the file changes; a list
    older than `max_age` counts as unavailable."""

    source = "ofac-sdn"

    def __init__(self, path: Path, *, max_age: dt.timedelta) -> None:
        self.path = path
        self.max_age = max_age
        self._loaded_mtime: float | None = None
        self._addresses: frozenset[str] = frozenset()

    def _load(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
            age = dt.datetime.now(dt.UTC) - dt.datetime.fromtimestamp(mtime, dt.UTC)
            if age > self.max_age:
                raise ScreeningUnavailableError(
                    f"the SDN list is {age.total_seconds() / 3600:.0f} h old (stale)"
                )
            if mtime != self._loaded_mtime:
                text = self.path.read_text(encoding="utf-8", errors="replace")
                self._addresses = frozenset(a.lower() for a in _ADDRESS.findall(text))
                self._loaded_mtime = mtime
        except OSError as exc:
            raise ScreeningUnavailableError(f"the SDN list can't be read: {exc.strerror}") from exc

    async def screen(self, address: str) -> ScreeningResult:
        self._load()
        if address.lower() in self._addresses:
            return ScreeningResult(self.source, ScreeningOutcome.HIT, "on the OFAC SDN list")
        return ScreeningResult(self.source, ScreeningOutcome.CLEAR)


def screeners_from_settings(settings: Settings, w3: AsyncWeb3[Any] | None) -> list[WalletScreener]:
    """The screeners a deployment configured (none configured = screening unavailable)."""
    out: list[WalletScreener] = []
    if settings.sanctions_oracle_address and w3 is not None:
        out.append(OracleScreener(w3, settings.sanctions_oracle_address))
    if settings.ofac_sdn_path is not None:
        out.append(
            SdnListScreener(
                settings.ofac_sdn_path,
                max_age=dt.timedelta(hours=settings.ofac_sdn_max_age_hours),
            )
        )
    return out

"""Deposits detected and credited per second by the USDC deposit watcher.

    python bench/usdc_watcher.py [--deposits 200] [--confirmations 3]

Starts a fresh embedded PostgreSQL (migrated) and an in-process chain with the rail's
contracts, opens N USDC escrows with their deposit addresses, pays each exactly (one
USDC transfer per escrow), mines the confirmations, then times the watcher: one poll
that reads the Transfer logs and records the N deposits as SEEN, and one that counts
them (receipt check, escrow lock, funding transition, event and audit rows). Chain
set-up and payments are not timed. eth-tester answers in-process, so the figures are the
watcher's and PostgreSQL's cost, not a node's latency.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise

from bot import migrate
from bot.db import start_embedded, tortoise_config
from bot.rails.usdc.artifacts import deposit_address
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import start_chain
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow
from models.stablecoin import open_deposit
from tests.factories import make_escrow

PRICE_CENTS = 1_500_000


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bloxtr8-bench-"))
    server = start_embedded(tmp / "pg")
    try:
        await migrate.upgrade(server.url)
        await Tortoise.init(config=tortoise_config(server.url, pool_min=2, pool_max=8))
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {args.deposits} deposits"
        )
        chain = await start_chain()
        chain_id = await chain.w3.eth.chain_id
        d = chain.deployment
        payer = chain.accounts[1]
        await chain.mint(payer, args.deposits * PRICE_CENTS * 10_000)
        # Each payment is mined in its own block: detection runs with a depth none of them
        # has reached yet, crediting with the real one after mining the confirmations.
        watcher = DepositWatcher(
            chain.w3, chain_id=chain_id, token=d.token, confirmations=args.deposits + 10
        )
        await watcher.poll()  # the cursor starts past the deployment blocks
        ids = []
        for _ in range(args.deposits):
            escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS)
            address = deposit_address(d.vault, d.forwarder, escrow.id)
            await open_deposit(escrow.id, chain_id=chain_id, token=d.token, deposit_address=address)
            await chain.pay(payer, address, PRICE_CENTS * 10_000)
            ids.append(escrow.id)

        # eth-tester answers log searches and receipts in pure Python over every block,
        # far slower than a node: time it apart, so the watcher's own work shows.
        in_chain = 0.0

        def timed(call: Any) -> Any:
            async def wrapper(*a: Any, **kw: Any) -> Any:
                nonlocal in_chain
                t = time.perf_counter()
                try:
                    return await call(*a, **kw)
                finally:
                    in_chain += time.perf_counter() - t

            return wrapper

        eth: Any = chain.w3.eth
        eth.get_logs = timed(eth.get_logs)
        eth.get_transaction_receipt = timed(eth.get_transaction_receipt)
        start = time.perf_counter()
        seen = await watcher.poll()
        detect = time.perf_counter() - start
        detect_chain, in_chain = in_chain, 0.0
        assert seen.counted == [], "detection must not count yet"

        chain.mine(args.confirmations)
        watcher.confirmations = args.confirmations
        start = time.perf_counter()
        counted = await watcher.poll()
        credit = time.perf_counter() - start
        credit_chain = in_chain
        funded = await Escrow.filter(id__in=ids, status=EscrowStatus.FUNDS_HELD).count()
        assert seen.seen == args.deposits, seen
        assert funded == args.deposits, (funded, len(counted.counted))

        n = args.deposits
        print(f"detect (logs read, recorded SEEN):   {n / detect:8.0f} deposits/s ({detect:.2f} s)")
        own = detect - detect_chain
        print(f"  of which eth-tester answering:       {detect_chain:8.2f} s")
        print(f"  watcher's own work:                {n / own:8.0f} deposits/s ({own:.2f} s)")
        print(f"credit (final, escrow funded):       {n / credit:8.0f} deposits/s ({credit:.2f} s)")
        own_credit = credit - credit_chain
        print(f"  of which eth-tester receipts:        {credit_chain:8.2f} s")
        print(
            f"  watcher's own work:                {n / own_credit:8.0f} deposits/s "
            f"({own_credit:.2f} s)"
        )
        print(f"end to end (detect + credit):        {n / (detect + credit):8.0f} deposits/s")
        print(f"end to end, watcher's own work:      {n / (own + own_credit):8.0f} deposits/s")
        await Tortoise.close_connections()
    finally:
        server.release()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deposits", type=int, default=200)
    parser.add_argument("--confirmations", type=int, default=3)
    asyncio.run(main(parser.parse_args()))

"""Deposits detected and credited per second by the USDC deposit watcher.

    python bench/usdc_watcher.py [--deposits 200] [--confirmations 3] [--per-block 1]

Starts a fresh embedded PostgreSQL (migrated) and an in-process chain with the rail's
contracts, opens N USDC escrows with their deposit addresses, pays each exactly (one
USDC transfer per escrow), mines the confirmations, then times the watcher: one poll
that reads the Transfer logs and records the N deposits as SEEN, and one that counts
them (receipt check, escrow lock, funding transition, event and audit rows). Chain
set-up and payments are not timed. eth-tester answers in-process, so the figures are the
watcher's and PostgreSQL's cost, not a node's latency.

`--per-block 0` sends the payments in batch transactions of 250 (an exchange's batch
withdrawal: one Transfer log per deposit), so 10,000 deposits land in a short block
range of about 40 blocks, read by one poll. The latency printed
is from the moment the deposits' block became final (the last confirmation mined) to
each escrow's `funded_at`, with the watcher polling right then; the job's poll interval
(15 s) adds up to that much on top.
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
from bot.sandbox.chain import batch_payer, start_chain
from models.base import utcnow
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow
from models.stablecoin import open_deposit
from tests.factories import make_escrow

PRICE_CENTS = 1_500_000
BATCH = 250  # payments per batch transaction with --per-block 0


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
        per_block = args.per_block
        if per_block not in (0, 1):
            raise SystemExit("--per-block is 1 (one payment per block) or 0 (batches)")
        setup = time.perf_counter()
        first_block = await chain.block_number() + 1
        batch = await batch_payer(chain, payer) if per_block == 0 else None
        pending: list[str] = []
        for _ in range(args.deposits):
            escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS)
            address = deposit_address(d.vault, d.forwarder, escrow.id)
            await open_deposit(escrow.id, chain_id=chain_id, token=d.token, deposit_address=address)
            ids.append(escrow.id)
            if batch is None:
                await chain.pay(payer, address, PRICE_CENTS * 10_000)
                continue
            pending.append(address)
            if len(pending) == BATCH:
                await batch.functions.pay(d.token, pending, PRICE_CENTS * 10_000).transact(
                    {"from": payer, "gas": 30_000_000}
                )
                pending = []
        if batch is not None and pending:
            await batch.functions.pay(d.token, pending, PRICE_CENTS * 10_000).transact(
                {"from": payer, "gas": 30_000_000}
            )
        watcher.max_blocks = max(watcher.max_blocks, await chain.block_number() + 10)
        print(
            f"set-up (escrows, payments, mining): {time.perf_counter() - setup:.1f} s; "
            f"payments in blocks {first_block}..{await chain.block_number()}"
        )

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
        final_at = utcnow()  # the deposits' blocks are final from now on
        start = time.perf_counter()
        counted = await watcher.poll()
        credit = time.perf_counter() - start
        funded_at = await Escrow.filter(id__in=ids).values_list("funded_at", flat=True)
        latencies = sorted((f - final_at).total_seconds() for f in funded_at if f is not None)
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

        def pct(q: float) -> float:
            return latencies[min(len(latencies) - 1, int(q * len(latencies)))]

        print(
            "final → funded latency (poll right at finality): "
            f"first {latencies[0]:.3f} s, p50 {pct(0.5):.3f} s, p99 {pct(0.99):.3f} s, "
            f"last {latencies[-1]:.3f} s (+ up to the 15 s poll interval)"
        )
        await Tortoise.close_connections()
    finally:
        server.release()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deposits", type=int, default=200)
    parser.add_argument("--confirmations", type=int, default=3)
    parser.add_argument(
        "--per-block",
        type=int,
        default=1,
        help=f"1: one payment per block; 0: batches of {BATCH} payments per block",
    )
    asyncio.run(main(parser.parse_args()))

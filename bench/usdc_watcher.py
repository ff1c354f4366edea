"""Deposits detected and credited per second by the USDC deposit watcher.

    python bench/usdc_watcher.py [--deposits 200] [--confirmations 3] [--per-block 1]

Starts a fresh embedded PostgreSQL (migrated) and an in-process chain with the rail's
contracts, opens N USDC escrows with their deposit addresses, pays each exactly (one
USDC transfer per escrow), mines the confirmations, then times the watcher: one poll
that reads the Transfer logs and records the N deposits as SEEN, and one that counts
them (receipt check, escrow lock, funding transition, event and audit rows). Chain
set-up and payments are not timed. eth-tester answers in-process, so the figures are the
watcher's and PostgreSQL's cost, not a node's latency.

Set-up is kept cheap so 10,000 deposits take minutes, not hours: one escrow is made
through the factories (user, guild, listing, offer, contract, escrow) and the other N-1
are cloned from it in one SQL statement (a listing, offer, contract and escrow each,
linked as the factories link them), their deposit addresses computed (CREATE2) and
inserted in one statement. `--per-block 0` (the default) sends the payments in batch
transactions of 250 (an exchange's batch withdrawal: one Transfer log per deposit), so
10,000 deposits land in a short block range of about 40 blocks, read by one poll;
`--per-block 1` sends one payment per block (slow on eth-tester: for small N).

eth-tester's log search is quadratic in the receivers asked for; the watcher's queries
are answered from a receiver index built from one eth-tester query per block range (see
`indexed`), as a node answers from its log index.

Latency: the deposits' blocks become final when the last confirmation is mined; the
watcher is polled right then (not on its 15 s job interval, which would add up to 15 s
and measure the interval), and the latency of each deposit is from that moment to its
escrow's `funded_at`. One poll credits the deposits one after another, so p50 is about
half the credit time.
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
from models.escrow import Escrow, StablecoinEscrow
from models.stablecoin import cents_to_base_units, open_deposit
from tests.factories import make_escrow

PRICE_CENTS = 1_500_000
BATCH = 250  # payments per batch transaction with --per-block 0


async def open_escrows(n: int, chain_id: int, token: str, vault: str, forwarder: str) -> list[int]:
    """N open USDC escrows with their deposit addresses: the first made by the factories
    and `open_deposit`, the others cloned from it in bulk (see the module's doc)."""
    from tortoise import connections

    first = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS)
    address = deposit_address(vault, forwarder, first.id)
    await open_deposit(first.id, chain_id=chain_id, token=token, deposit_address=address)
    if n == 1:
        return [first.id]
    contract = await first.contract
    offer_id = contract.offer_id
    conn = connections.get("default")

    async def columns(table: str, *own: str) -> list[str]:
        rows = await conn.execute_query_dict(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = $1 AND column_name <> 'id' ORDER BY ordinal_position",
            [table],
        )
        return [f'"{r["column_name"]}"' for r in rows if r["column_name"] not in own]

    listing = await columns("listings")
    offer = await columns("offers", "listing_id")
    contract_cols = await columns("contracts", "offer_id", "listing_id")
    escrow = await columns("escrows", "contract_id")

    def t(cols: list[str]) -> str:
        return ", ".join(f"t.{c}" for c in cols)

    sql = f"""
        WITH l AS (
            INSERT INTO listings ({", ".join(listing)})
            SELECT {t(listing)} FROM listings t, generate_series(1, $5) WHERE t.id = $1
            RETURNING id
        ), o AS (
            INSERT INTO offers (listing_id, {", ".join(offer)})
            SELECT l.id, {t(offer)} FROM offers t, l WHERE t.id = $2
            RETURNING id, listing_id
        ), c AS (
            INSERT INTO contracts (offer_id, listing_id, {", ".join(contract_cols)})
            SELECT o.id, o.listing_id, {t(contract_cols)} FROM contracts t, o WHERE t.id = $3
            RETURNING id
        )
        INSERT INTO escrows (contract_id, {", ".join(escrow)})
        SELECT c.id, {t(escrow)} FROM escrows t, c WHERE t.id = $4
        RETURNING id
    """  # column names from the catalogue, values as parameters
    rows = await conn.execute_query_dict(
        sql, [contract.listing_id, offer_id, contract.id, first.id, n - 1]
    )
    ids = sorted(int(r["id"]) for r in rows)
    row = await StablecoinEscrow.get(escrow_id=first.id)
    await StablecoinEscrow.bulk_create(
        [
            StablecoinEscrow(
                escrow_id=escrow_id,
                chain_id=chain_id,
                token_address=token,
                deposit_address=deposit_address(vault, forwarder, escrow_id),
                amount_base_units=row.amount_base_units,
            )
            for escrow_id in ids
        ],
        batch_size=2_000,
    )
    return [first.id, *ids]


def indexed(get_logs: Any) -> Any:
    """eth-tester answers a log query by matching every log against every address in the
    query's receiver list in pure Python: with 10,000 deposits one poll took over 10
    minutes there, where a node answers from its log index. Stand-in for that index: one
    eth-tester query per block range for all the token's `Transfer` logs, kept by
    receiver; each of the watcher's queries (unchanged, 500 receivers each) is answered
    from it. The eth-tester time is still counted apart from the watcher's."""
    ranges: dict[tuple[Any, ...], dict[str, list[Any]]] = {}

    async def answer(params: dict[str, Any]) -> list[Any]:
        key = (params["address"], params["fromBlock"], params["toBlock"])
        if key not in ranges:
            by_receiver: dict[str, list[Any]] = {}
            for entry in await get_logs({**params, "topics": params["topics"][:1]}):
                receiver = "0x" + bytes(entry["topics"][2]).hex().removeprefix("0x")
                by_receiver.setdefault(receiver.lower(), []).append(entry)
            ranges[key] = by_receiver
        found = [e for t in params["topics"][2] for e in ranges[key].get(t.lower(), [])]
        return sorted(found, key=lambda e: (e["blockNumber"], e["logIndex"]))

    return answer


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
        per_block = args.per_block
        if per_block not in (0, 1):
            raise SystemExit("--per-block is 1 (one payment per block) or 0 (batches)")
        setup = time.perf_counter()
        ids = await open_escrows(args.deposits, chain_id, d.token, d.vault, d.forwarder)
        addresses = [deposit_address(d.vault, d.forwarder, escrow_id) for escrow_id in ids]
        in_db = time.perf_counter() - setup
        first_block = await chain.block_number() + 1
        price = cents_to_base_units(PRICE_CENTS)
        if per_block:
            for address in addresses:
                await chain.pay(payer, address, price)
        else:
            batch = await batch_payer(chain, payer)
            for i in range(0, len(addresses), BATCH):
                await batch.functions.pay(d.token, addresses[i : i + BATCH], price).transact(
                    {"from": payer, "gas": 30_000_000}
                )
        watcher.max_blocks = max(watcher.max_blocks, await chain.block_number() + 10)
        print(
            f"set-up: {time.perf_counter() - setup:.1f} s ({in_db:.1f} s escrows and deposit "
            f"addresses in PostgreSQL, the rest paying on chain); payments in blocks "
            f"{first_block}..{await chain.block_number()}"
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
        eth.get_logs = timed(indexed(eth.get_logs))
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
        default=0,
        help=f"1: one payment per block; 0: batches of {BATCH} payments per block",
    )
    asyncio.run(main(parser.parse_args()))

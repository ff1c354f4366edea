"""Contract PDFs are rendered and fsynced outside any database transaction: while the file
is being written nothing is locked and no transaction waits on the disk."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from models import storage
from models.contract import Contract
from models.enums import ListingStatus, OfferStatus
from models.offer import Offer
from models.user import User
from tests.factories import make_listing, make_offer


class SlowDisk:
    """The real file write, held at its start until the test lets it go on."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.writing = asyncio.Event()
        self.go_on = threading.Event()
        self.real: Callable[[Path, bytes], None] = storage._write_file

    def write(self, path: Path, data: bytes) -> None:  # runs in a worker thread
        self.loop.call_soon_threadsafe(self.writing.set)
        self.go_on.wait(30)
        self.real(path, data)


@pytest.fixture
async def slow_disk(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SlowDisk]:
    disk = SlowDisk(asyncio.get_running_loop())
    monkeypatch.setattr(storage, "_write_file", disk.write)
    yield disk
    disk.go_on.set()


async def open_transactions() -> int:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n FROM pg_stat_activity "
        "WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
    )
    return int(rows[0]["n"])


async def accepted_offer() -> Offer:
    listing = await make_listing(status=ListingStatus.INACTIVE)
    return await make_offer(listing=listing, status=OfferStatus.ACCEPTED)


async def test_creation_writes_the_pdf_before_its_transaction(
    db: str, tmp_path: Path, slow_disk: SlowDisk
) -> None:
    offer = await accepted_offer()
    making = asyncio.create_task(
        Contract.create_for_offer(offer.id, contracts_dir=tmp_path, rail_threshold_cents=10**6)
    )
    await asyncio.wait_for(slow_disk.writing.wait(), 30)
    # The file is being written: the offer row is free and no transaction is open.
    assert await open_transactions() == 0
    async with in_transaction() as conn:
        await Offer.filter(id=offer.id).select_for_update(nowait=True).using_db(conn).get()
    assert not await Contract.filter(offer_id=offer.id).exists()
    slow_disk.go_on.set()

    contract = await making
    assert contract.was_created and contract.pdf_path and contract.sha256
    data = await asyncio.to_thread(Path(contract.pdf_path).read_bytes)
    assert hashlib.sha256(data).hexdigest() == contract.sha256
    assert data.startswith(b"%PDF-")
    assert (await contract.verify_file()).ok
    # The row keeps the creation time the document was rendered with.
    stored = await Contract.get(id=contract.id)
    assert stored.created_at == contract.created_at and stored.sha256 == contract.sha256


async def test_a_new_revision_is_written_before_its_transaction(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer = await accepted_offer()
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=tmp_path, rail_threshold_cents=10**6
    )
    first_path, first_sha = contract.pdf_path, contract.sha256
    seller = await User.get(id=contract.seller_id)
    disk = SlowDisk(asyncio.get_running_loop())
    monkeypatch.setattr(storage, "_write_file", disk.write)
    try:
        changing = asyncio.create_task(
            contract.set_milestones(
                by=seller,
                milestones=[("Map", contract.amount // 2), ("Scripts", contract.amount // 2)],
                contracts_dir=tmp_path,
            )
        )
        await asyncio.wait_for(disk.writing.wait(), 30)
        assert await open_transactions() == 0
        async with in_transaction() as conn:
            await (
                Contract.filter(id=contract.id).select_for_update(nowait=True).using_db(conn).get()
            )
        stored = await Contract.get(id=contract.id)
        assert (stored.pdf_path, stored.sha256, stored.revision) == (first_path, first_sha, 1)
        disk.go_on.set()
        await changing
    finally:
        disk.go_on.set()
    stored = await Contract.get(id=contract.id)
    assert stored.revision == 2 and stored.sha256 != first_sha
    assert (await stored.verify_file()).ok
    assert first_path
    assert await asyncio.to_thread(Path(first_path).exists)  # the earlier revision stays on disk


async def test_racing_creations_leave_one_file(db: str, tmp_path: Path) -> None:
    offer = await accepted_offer()
    results = await asyncio.gather(
        *(
            Contract.create_for_offer(offer.id, contracts_dir=tmp_path, rail_threshold_cents=10**6)
            for _ in range(4)
        )
    )
    assert sum(c.was_created for c in results) == 1
    contract = next(c for c in results if c.was_created)
    files = await asyncio.to_thread(lambda: [str(p.resolve()) for p in tmp_path.glob("*.pdf")])
    assert files == [contract.pdf_path]


async def test_a_file_that_cannot_be_written_leaves_no_contract(db: str, tmp_path: Path) -> None:
    offer = await accepted_offer()
    blocked = tmp_path / "contracts"
    blocked.write_bytes(b"not a directory")
    with pytest.raises(OSError):
        await Contract.create_for_offer(offer.id, contracts_dir=blocked, rail_threshold_cents=10**6)
    assert not await Contract.filter(offer_id=offer.id).exists()

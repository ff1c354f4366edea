"""The document store: a local folder by default, an S3-compatible bucket when configured.

The bucket is moto's S3 server on loopback (tests/fakes/s3.py), reached through boto3's
real HTTP client."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from models import storage
from models.storage import DocumentMissing, LocalStore, S3Config, S3Store
from tests.fakes.s3 import S3Server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def bucket(s3_server: S3Server) -> AsyncIterator[S3Config]:
    """A fresh bucket, configured as the process's document store for the test."""
    config = s3_server.bucket(prefix="prod/")
    storage.configure(config)
    try:
        yield config
    finally:
        storage.configure(None)


PDF = b"%PDF-1.4 a contract"


async def test_a_local_folder_keeps_documents_under_their_hash(tmp_path: Path) -> None:
    store = storage.documents(storage.CONTRACTS, tmp_path / "contracts")
    assert isinstance(store, LocalStore)
    stored = await store.put_bytes(PDF, ".pdf")
    digest = hashlib.sha256(PDF).hexdigest()
    assert stored.sha256 == digest and stored.size == len(PDF)
    assert stored.ref == str((tmp_path / "contracts" / f"{digest}.pdf").resolve())
    assert await storage.read(stored.ref) == PDF
    assert (await store.put_bytes(PDF, ".pdf")).ref == stored.ref  # once
    fanned = await store.put_bytes(b"evidence", fan_out=True)
    assert Path(fanned.ref).parent.name == fanned.sha256[:2]
    assert await storage.verify(stored.ref, digest)
    await storage.delete(stored.ref)
    with pytest.raises(DocumentMissing):
        await storage.read(stored.ref)
    assert not await storage.verify(stored.ref, digest)
    assert not list((tmp_path / "contracts").glob(".*.tmp"))  # no temporary file left


async def test_a_bucket_keeps_documents_under_kind_and_hash(
    bucket: S3Config, s3_server: S3Server, tmp_path: Path
) -> None:
    store = storage.documents(storage.CONTRACTS, tmp_path / "contracts")
    assert isinstance(store, S3Store)
    stored = await store.put_bytes(PDF, ".pdf")
    digest = hashlib.sha256(PDF).hexdigest()
    assert stored.ref == f"s3://{bucket.bucket}/prod/contracts/{digest}.pdf"
    evidence = await storage.documents(storage.EVIDENCE, tmp_path).put_bytes(b"e", fan_out=True)
    assert evidence.ref.startswith(f"s3://{bucket.bucket}/prod/evidence/{evidence.sha256[:2]}/")
    assert s3_server.keys(bucket.bucket) == sorted(
        [f"prod/contracts/{digest}.pdf", f"prod/evidence/{evidence.sha256[:2]}/{evidence.sha256}"]
    )
    assert not (tmp_path / "contracts").exists()  # nothing on the local disk
    assert await storage.read(stored.ref) == PDF
    assert await storage.verify(stored.ref, digest)
    # Changed in the bucket behind our back: the hash says so.
    s3_server.client().put_object(
        Bucket=bucket.bucket, Key=f"prod/contracts/{digest}.pdf", Body=b"x"
    )
    assert not await storage.verify(stored.ref, digest)
    await storage.delete(stored.ref)
    with pytest.raises(DocumentMissing):
        await storage.read(stored.ref)
    # A reference into another bucket is not read from this one.
    with pytest.raises(DocumentMissing):
        await storage.read(f"s3://elsewhere/prod/contracts/{digest}.pdf")
    # A local path recorded before the bucket was configured is still read.
    old = await LocalStore(tmp_path / "old").put_bytes(b"older", ".pdf")
    assert await storage.read(old.ref) == b"older"


async def test_bucket_calls_run_off_the_event_loop(bucket: S3Config, tmp_path: Path) -> None:
    """boto3 blocks: while a call waits on the server, the event loop keeps running."""
    loop_thread = threading.get_ident()
    seen: list[int] = []
    store = storage.documents(storage.PACKETS, tmp_path)
    assert isinstance(store, S3Store)

    def note(**kwargs: object) -> None:
        seen.append(threading.get_ident())

    store.client.meta.events.register("before-send.s3.*", note)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    try:
        stored = await store.put_bytes(b"{}" * 100_000, ".json")
        await storage.read(stored.ref)
    finally:
        task.cancel()
    assert seen and loop_thread not in seen
    assert ticks > 2

"""Documents in object storage: what one process writes, another reads from the bucket.

The bot under test (simcord, the test database, the local Stripe server) keeps a delivery's
evidence file, a contract PDF and an evidence packet in an S3 bucket (moto's S3 server on
loopback); a second `python` process with another data directory and only the bucket's
settings reads each of them back by its reference and checks its SHA-256."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.evidence import keep_packet
from models import storage
from models.contract import Contract
from models.delivery import Delivery
from models.enums import ListingStatus, OfferStatus
from tests.bot.cogs.test_escrow import World, fund, open_escrow, world  # noqa: F401 (fixture)
from tests.factories import make_listing, make_offer
from tests.fakes.s3 import S3Server

REPO = Path(__file__).resolve().parents[2]
PROOF = b"\x89PNG the group transfer screen"

READER = """
import asyncio, hashlib, json, sys
from bot.config import Settings
from models import storage

settings = Settings()
storage.configure(settings.documents_s3)
out = {}
for ref in json.loads(sys.argv[1]):
    out[ref] = hashlib.sha256(asyncio.run(storage.read(ref))).hexdigest()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def settings(settings: Settings, s3_server: S3Server) -> AsyncIterator[Settings]:
    """The suite's settings with the documents in a fresh bucket."""
    config = s3_server.bucket(prefix="test/")
    assert config.secret_access_key
    from pydantic import SecretStr

    try:
        yield settings.model_copy(
            update={
                "documents_bucket": config.bucket,
                "documents_endpoint_url": config.endpoint_url,
                "documents_region": config.region,
                "documents_access_key_id": config.access_key_id,
                "documents_secret_access_key": SecretStr(config.secret_access_key),
                "documents_prefix": config.prefix,
            }
        )
    finally:
        storage.configure(None)  # the bot set it for the process


def read_in_another_process(settings: Settings, refs: list[str], data_dir: Path) -> dict[str, str]:
    secret = settings.documents_secret_access_key
    assert secret is not None
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DOCUMENTS_BUCKET": settings.documents_bucket or "",
        "DOCUMENTS_ENDPOINT_URL": settings.documents_endpoint_url or "",
        "DOCUMENTS_REGION": settings.documents_region or "",
        "DOCUMENTS_ACCESS_KEY_ID": settings.documents_access_key_id or "",
        "DOCUMENTS_SECRET_ACCESS_KEY": secret.get_secret_value(),
        "DOCUMENTS_PREFIX": settings.documents_prefix,
    }
    done = subprocess.run(
        [sys.executable, "-c", READER, json.dumps(refs)],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


async def test_documents_written_by_the_bot_are_read_by_another_process(
    world: World,  # noqa: F811 (fixture)
    s3_server: S3Server,
    tmp_path: Path,
) -> None:
    w = world
    settings = w.bot.settings
    bucket = settings.documents_bucket
    assert bucket and storage.bucket() is not None

    # Evidence, through the bot: the seller attaches a screenshot when delivering.
    escrow = await open_escrow(w)
    await fund(w, escrow)
    await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, attachment=("p.png", PROOF))
    kept = (await Delivery.get(escrow_id=escrow.id)).evidence["attachment"]
    assert kept["stored"].startswith(f"s3://{bucket}/test/evidence/")

    # A contract PDF, through the model the contracts cog calls.
    listing = await make_listing(status=ListingStatus.INACTIVE)
    offer = await make_offer(listing=listing, status=OfferStatus.ACCEPTED)
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=settings.contracts_dir, rail_threshold_cents=10**6
    )
    assert contract.pdf_path and contract.sha256
    assert contract.pdf_path == f"s3://{bucket}/test/contracts/{contract.sha256}.pdf"
    assert (await contract.verify_file()).ok

    # An evidence packet, as `/dispute export` keeps it.
    packet_refs = await keep_packet(7, b'{"dispute": 7}', b"%PDF-1.4 packet", settings.data_dir)
    assert [r.rsplit(".", 1)[1] for r in packet_refs] == ["json", "pdf"]

    # Nothing went to this process's disk; everything is in the bucket.
    assert files_under(settings.data_dir / "evidence") == []
    assert files_under(settings.contracts_dir) == []
    assert files_under(settings.data_dir / "packets") == []
    assert len(s3_server.keys(bucket)) == 4

    expected = {
        kept["stored"]: kept["sha256"],
        contract.pdf_path: contract.sha256,
        packet_refs[0]: hashlib.sha256(b'{"dispute": 7}').hexdigest(),
        packet_refs[1]: hashlib.sha256(b"%PDF-1.4 packet").hexdigest(),
    }
    other = tmp_path / "other-process"
    other.mkdir()
    read = await asyncio.to_thread(read_in_another_process, settings, list(expected), other)
    assert read == expected
    assert files_under(other) == []

    # The web server's readiness includes the bucket; a bucket gone makes it not ready.
    import aiohttp

    url = f"http://127.0.0.1:{w.bot.web.port}/readyz"
    async with aiohttp.ClientSession() as http, http.get(url) as ready:
        assert ready.status == 200 and (await ready.json())["documents"] == "ok"

    # Removed from the bucket: the contract check says the file is missing.
    s3_server.client().delete_object(Bucket=bucket, Key=f"test/contracts/{contract.sha256}.pdf")
    check = await (await Contract.get(id=contract.id)).verify_file()
    assert not check.ok and check.problem == "the stored PDF file is missing"

    for key in s3_server.keys(bucket):
        s3_server.client().delete_object(Bucket=bucket, Key=key)
    s3_server.client().delete_bucket(Bucket=bucket)
    async with aiohttp.ClientSession() as http, http.get(url) as gone:
        body = await gone.json()
    assert gone.status == 503 and body["documents"] == "bucket unreachable", body

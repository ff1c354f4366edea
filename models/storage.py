"""Where Bloxtr8 keeps documents: contract PDFs, evidence files and evidence packets.

Each document is stored under its SHA-256 and never changed; the row that needs it records
the *reference* `put` returns. Two stores do this:

- `LocalStore(folder)`: files in a folder of the data directory (the default). A reference
  is the file's absolute path, as rows recorded before there was a choice.
- `S3Store(...)`: an S3-compatible bucket (AWS S3, MinIO, R2, Ceph…), so that every bot and
  web process reads what any other wrote. A reference is `s3://<bucket>/<key>`; documents of
  one kind share a key prefix (`contracts/`, `evidence/`, `packets/`, `deposits/`).

The bot configures the bucket once at start (`configure`); `documents(kind, folder)` then
gives the store for a kind of document, and `read(ref)` reads any reference, a local path
recorded earlier included. boto3 blocks, so every S3 call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

S3_SCHEME = "s3://"

CONTRACTS = "contracts"
EVIDENCE = "evidence"
PACKETS = "packets"
DEPOSITS = "deposits"  # QR codes of USDC deposit addresses, attached to the buyer's DM


class DocumentMissing(Exception):
    """No document under that reference (deleted, or never written there)."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    sha256: str
    ref: str  # what a row records: a local path or s3://bucket/key
    size: int


def name_for(sha256: str, suffix: str = "", *, fan_out: bool = False) -> str:
    """The name a document is kept under: its hash (under its first two hex digits when
    `fan_out`, for kinds with many files) and a suffix such as `.pdf`."""
    name = f"{sha256}{suffix}"
    return f"{sha256[:2]}/{name}" if fan_out else name


class DocumentStore(ABC):
    """Documents by name; `put_bytes` names them by their SHA-256."""

    @abstractmethod
    async def put(self, name: str, data: bytes) -> str:
        """Keep `data` under `name` (written in full before this returns); its reference."""

    @abstractmethod
    async def get(self, ref: str) -> bytes:
        """The document's bytes; `DocumentMissing` when there is none."""

    @abstractmethod
    async def delete(self, ref: str) -> None:
        """Remove a document no row refers to (nothing happens when it is not there)."""

    async def put_bytes(
        self, data: bytes, suffix: str = "", *, fan_out: bool = False
    ) -> StoredDocument:
        sha256 = hashlib.sha256(data).hexdigest()
        ref = await self.put(name_for(sha256, suffix, fan_out=fan_out), data)
        return StoredDocument(sha256=sha256, ref=ref, size=len(data))


class LocalStore(DocumentStore):
    """Files under `folder`. Writes go through a temporary file, fsync and rename, so a
    crash never leaves a partial file under a hash name."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, name: str) -> Path:
        return self.folder / name

    async def put(self, name: str, data: bytes) -> str:
        path = self.path_for(name)
        await asyncio.to_thread(_write_file, path, data)
        return str(path.resolve())

    async def get(self, ref: str) -> bytes:
        return await _read_local(ref)

    async def delete(self, ref: str) -> None:
        await asyncio.to_thread(Path(ref).unlink, missing_ok=True)


def _write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` in full (temporary file, fsync, rename). A file already
    there with the same size is kept: under a hash name it is the same document."""
    if path.is_file() and path.stat().st_size == len(data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


async def _read_local(ref: str) -> bytes:
    try:
        return await asyncio.to_thread(Path(ref).read_bytes)
    except FileNotFoundError:
        raise DocumentMissing(ref) from None


@dataclass(frozen=True)
class S3Config:
    bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    prefix: str = ""  # a folder of the bucket for this deployment, e.g. "prod/"


class S3Store(DocumentStore):
    """Documents in an S3-compatible bucket; `under(kind)` gives the store of one kind."""

    def __init__(self, config: S3Config, *, client: Any = None, prefix: str | None = None) -> None:
        self.config = config
        self.prefix = config.prefix if prefix is None else prefix
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            self._client = boto3.client(
                "s3",
                endpoint_url=self.config.endpoint_url,
                region_name=self.config.region,
                aws_access_key_id=self.config.access_key_id,
                aws_secret_access_key=self.config.secret_access_key,
                config=Config(
                    connect_timeout=5,
                    read_timeout=30,
                    retries={"max_attempts": 5, "mode": "standard"},
                ),
            )
        return self._client

    def under(self, kind: str) -> S3Store:
        prefix = f"{self.prefix.rstrip('/')}/{kind}/" if self.prefix else f"{kind}/"
        return S3Store(self.config, client=self.client, prefix=prefix)

    def ref_for(self, key: str) -> str:
        return f"{S3_SCHEME}{self.config.bucket}/{key}"

    def key_of(self, ref: str) -> str:
        head = f"{S3_SCHEME}{self.config.bucket}/"
        if not ref.startswith(head):
            raise DocumentMissing(f"{ref} is not in bucket {self.config.bucket}")
        return ref[len(head) :]

    async def put(self, name: str, data: bytes) -> str:
        key = f"{self.prefix}{name}"
        await asyncio.to_thread(
            self.client.put_object,
            Bucket=self.config.bucket,
            Key=key,
            Body=data,
            ContentLength=len(data),
        )
        return self.ref_for(key)

    async def get(self, ref: str) -> bytes:
        key = self.key_of(ref)
        return await asyncio.to_thread(self._get, key)

    def _get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.config.bucket, Key=key)
        except self.client.exceptions.NoSuchKey:
            raise DocumentMissing(self.ref_for(key)) from None
        body = answer["Body"]
        try:
            return bytes(body.read())
        finally:
            body.close()

    async def delete(self, ref: str) -> None:
        key = self.key_of(ref)
        await asyncio.to_thread(self.client.delete_object, Bucket=self.config.bucket, Key=key)

    async def reachable(self) -> bool:
        """Whether the bucket answers and these credentials may use it (for /readyz)."""
        try:
            await asyncio.to_thread(self.client.head_bucket, Bucket=self.config.bucket)
        except Exception:
            return False
        return True


# --- the process's choice -------------------------------------------------------------------

_bucket: S3Store | None = None


def configure(config: S3Config | None) -> None:
    """Use this bucket for every document from now on (None: local folders)."""
    global _bucket
    if config is None:
        _bucket = None
    elif _bucket is None or _bucket.config != config:
        _bucket = S3Store(config)


def bucket() -> S3Store | None:
    return _bucket


def documents(kind: str, folder: Path) -> DocumentStore:
    """The store for documents of `kind`: the bucket when one is configured, else `folder`."""
    return _bucket.under(kind) if _bucket is not None else LocalStore(folder)


async def read(ref: str) -> bytes:
    """The bytes behind any reference a row recorded (a bucket's or a local path)."""
    if ref.startswith(S3_SCHEME):
        if _bucket is None:
            raise DocumentMissing(f"{ref}: no bucket is configured in this process")
        return await _bucket.get(ref)
    return await _read_local(ref)


async def delete(ref: str) -> None:
    if ref.startswith(S3_SCHEME):
        if _bucket is not None:
            await _bucket.delete(ref)
        return
    await asyncio.to_thread(Path(ref).unlink, missing_ok=True)


async def verify(ref: str, sha256: str) -> bool:
    """Whether the stored document still has the hash recorded for it."""
    try:
        data = await read(ref)
    except (DocumentMissing, OSError):
        return False
    return hashlib.sha256(data).hexdigest() == sha256

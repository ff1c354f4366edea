"""Evidence files kept by Bloxtr8: content-addressed copies in the document store.

Discord's attachment URLs expire, so delivery evidence and dispute statements are
downloaded when submitted, size-checked, hashed (SHA-256) and stored under the hash
(models/storage.py): `<data_dir>/evidence/<first two hex>/<sha256>` by default, or
`evidence/<first two hex>/<sha256>` in the configured bucket. The row keeps the stored
reference and the hash next to the original URL. The same file sent twice is stored once;
a local write goes through a temporary file, fsync and rename, off the event loop, so a
crash never leaves a partial file under a hash name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from models import storage
from models.errors import InvalidState

MAX_EVIDENCE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    ref: str  # a local path or s3://bucket/key (models/storage.py)
    size: int

    def fields(self) -> dict[str, str | int]:
        """What a delivery or dispute row records about the copy."""
        return {"sha256": self.sha256, "stored": self.ref, "size": self.size}


def evidence_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "evidence"


def path_for(data_dir: Path, sha256: str) -> Path:
    return evidence_dir(data_dir) / sha256[:2] / sha256


def check_size(size: int, filename: str) -> None:
    if size > MAX_EVIDENCE_BYTES:
        raise InvalidState(
            f"`{filename[:60]}` is over 8 MB. Please attach a smaller file (or a link to it)."
        )


async def store(data_dir: Path, data: bytes, filename: str = "file") -> StoredFile:
    """Keep `data` under its SHA-256; returns where (an existing identical copy is reused)."""
    check_size(len(data), filename)
    where = storage.documents(storage.EVIDENCE, evidence_dir(data_dir))
    stored = await where.put_bytes(data, fan_out=True)
    return StoredFile(sha256=stored.sha256, ref=stored.ref, size=stored.size)


def verify(path: Path | str, sha256: str) -> bool:
    """Whether a local copy still has the hash recorded for it (any reference, a bucket's
    included: `storage.verify`)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha256
    except OSError:
        return False

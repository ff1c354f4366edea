"""Evidence files kept by Bloxtr8: content-addressed copies under the data folder.

Discord's attachment URLs expire, so delivery evidence and dispute statements are
downloaded when submitted, size-checked, hashed (SHA-256) and written to
`<data_dir>/evidence/<first two hex>/<sha256>`; the row keeps the path and the hash next
to the original URL. The same file sent twice is stored once. Writing goes through a
temporary file, fsync and rename, off the event loop, so a crash never leaves a partial
file under a hash name.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path

from models.errors import InvalidState
from models.files import write_atomically

MAX_EVIDENCE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    path: Path
    size: int

    def fields(self) -> dict[str, str | int]:
        """What a delivery or dispute row records about the copy."""
        return {"sha256": self.sha256, "stored": str(self.path), "size": self.size}


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
    sha256 = hashlib.sha256(data).hexdigest()
    path = path_for(data_dir, sha256)
    await asyncio.to_thread(_write_once, path, data)
    return StoredFile(sha256=sha256, path=path.resolve(), size=len(data))


def _write_once(path: Path, data: bytes) -> None:
    if path.is_file() and path.stat().st_size == len(data):
        return
    write_atomically(path, data)


def verify(path: Path | str, sha256: str) -> bool:
    """Whether the stored copy still has the hash recorded for it."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha256
    except OSError:
        return False

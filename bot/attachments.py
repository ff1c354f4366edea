"""Discord attachments kept as evidence: downloaded on submission, checked, stored.

`keep(attachment, data_dir)` returns the row fields `{url, filename, size, sha256,
stored}`; see models/evidence_files.py for the content-addressed store. Callers run their
party checks first, so nobody can make the bot download anything for someone else's trade.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord

from models import evidence_files
from models.errors import DomainError

log = logging.getLogger(__name__)


async def keep(attachment: discord.Attachment, data_dir: Path) -> dict[str, Any]:
    """Download, size-check, hash and store one attachment."""
    evidence_files.check_size(attachment.size, attachment.filename)  # before downloading
    try:
        data = await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        log.warning("Attachment %s could not be downloaded: %s", attachment.id, exc)
        raise DomainError(
            f"I couldn't download `{attachment.filename[:60]}` from Discord. Please attach it "
            "again."
        ) from None
    stored = await evidence_files.store(data_dir, data, attachment.filename)
    return {"url": attachment.url, "filename": attachment.filename, **stored.fields()}


async def keep_all(
    attachments: Sequence[discord.Attachment], data_dir: Path
) -> list[dict[str, Any]]:
    return [await keep(a, data_dir) for a in attachments]

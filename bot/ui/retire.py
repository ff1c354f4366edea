"""Old messages say what happened: their buttons go when the step they offered is over.

Offer and contract DMs are sent through `bot.ui.notify` (which may queue them), so their
message ids aren't kept; instead the bot looks through the recent messages it sent the
party and edits each one still carrying one of the given buttons (matched by exact
`custom_id`): the buttons are removed and a line says what happened.

Each user's edit is a RETIRE row of the notification outbox, written in the caller's
transaction when `conn` is given (done by a sending process once it commits), else in its
own and done at once by this process; a crash in between leaves the row for the outbox job.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord

from models.enums import NotificationKind
from models.notification import Notification, Queued

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

log = logging.getLogger(__name__)

SCAN_LIMIT = 50


def _custom_ids(message: discord.Message) -> set[str]:
    ids: set[str] = set()
    for row in message.components:
        for child in getattr(row, "children", ()):
            custom_id = getattr(child, "custom_id", None)
            if custom_id:
                ids.add(custom_id)
    return ids


async def retire(
    client: discord.Client,
    discord_ids: Iterable[int],
    custom_ids: Iterable[str],
    note: str,
    *,
    conn: BaseDBAsyncClient | None = None,
) -> int:
    """Remove the buttons `custom_ids` from the bot's recent DMs to each user, adding `note`
    above the message. Returns how many messages were edited now (0 when queued in `conn`
    or left to another process); never raises for Discord."""
    from bot.ui.notify import sender_of

    if conn is not None:
        await Notification.queue_many(retire_rows(discord_ids, custom_ids, note), conn=conn)
        return 0
    payload: dict[str, Any] = {"custom_ids": sorted(set(custom_ids)), "note": note}
    sender = sender_of(client)

    async def here(discord_id: int, payload: dict[str, Any]) -> int:
        return await retire_now(client, discord_id, payload)

    edited = 0
    for discord_id in discord_ids:
        await Notification.queue(
            NotificationKind.RETIRE, discord_id, payload, announce=not sender.sends
        )
        edited += await sender.now(NotificationKind.RETIRE, discord_id, payload, here) or 0
    return edited


def retire_rows(discord_ids: Iterable[int], custom_ids: Iterable[str], note: str) -> list[Queued]:
    """`retire`'s outbox rows, one per user, for writing many at once
    (`Notification.queue_many`)."""
    payload: dict[str, Any] = {"custom_ids": sorted(set(custom_ids)), "note": note}
    return [Queued(NotificationKind.RETIRE, discord_id, payload) for discord_id in discord_ids]


async def retire_now(client: discord.Client, discord_id: int, payload: dict[str, Any]) -> int:
    """One user's RETIRE row, done from their DMs as they are now."""
    wanted = set(payload["custom_ids"])
    note = str(payload["note"])
    edited = 0
    try:
        channel = await client.create_dm(discord.Object(id=discord_id))
        async for message in channel.history(limit=SCAN_LIMIT):
            if client.user is None or message.author.id != client.user.id:
                continue
            if not (_custom_ids(message) & wanted):
                continue
            content = f"{note}\n{message.content}" if message.content else note
            await message.edit(content=content[:2000], view=None)
            edited += 1
    except discord.HTTPException as exc:
        log.info("Could not update old DMs of user %s (%s)", discord_id, exc.status)
    return edited


def offer_buttons(offer_id: int) -> list[str]:
    return [f"offer:{a}:{offer_id}" for a in ("accept", "counter", "decline")]


def contract_buttons(contract_id: int) -> list[str]:
    return [f"contract:{a}:{contract_id}" for a in ("sign", "void")]

"""Telling people things outside an interaction: DM a user, post in a channel.

`tell` is the one way to reach a party: a DM, and when their DMs are closed a mention in
the listing's thread (with words that keep the DM's private content private). `post`
sends to a channel or thread by id; `alert_moderators` posts in a guild's disputes channel.
Every helper returns whether it got through and never raises for a Discord refusal.

Messages go through the notification outbox (models/notification.py, bot/outbox.py): each helper
writes a row, in the caller's transaction when `conn` is given (then it is sent right
after that transaction commits, and a rollback sends nothing; the helper returns True for
"queued"), else in a transaction of its own that it commits and sends at once (and
returns whether it got through; in a process that doesn't send, `Sender.sends` off, it
is left to one that does and counts as queued). A message whose parts can't be stored — a file, or a
view with anything but restart-proof buttons (`DynamicItem`s, links) and no timeout — is
sent directly, as before.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, cast

import discord

from models.enums import NotificationKind, NotificationStatus
from models.notification import Notification, Queued

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.outbox import Sender
    from models.listing import Listing

log = logging.getLogger(__name__)

# `_queue_tell`'s `home_thread` when the caller did not read the listing's thread.
_UNREAD = object()
# In a stored message: attachments by reference to the document store (see `_payload`).
DOCUMENTS = "documents"


async def dm(
    client: discord.Client,
    discord_id: int,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    conn: BaseDBAsyncClient | None = None,
    documents: list[dict[str, str]] | None = None,
) -> bool:
    """Send a direct message; False (and a log line) when the user's DMs are closed.
    `documents`: attachments by reference to the document store (see `_payload`), for a
    message that goes through the outbox."""
    payload = _payload(
        client, content=content, embed=embed, view=view, file=file, documents=documents
    )
    if payload is not None:
        return await _queue(client, NotificationKind.DM, discord_id, payload, conn=conn)
    message: dict[str, Any] = {"content": content, "embed": embed, "view": view, "file": file}
    try:
        channel = await client.create_dm(discord.Object(id=discord_id))
        await channel.send(**{k: v for k, v in message.items() if v is not None})
    except discord.HTTPException as exc:
        log.info("Could not DM user %s (%s)", discord_id, exc.status)
        return False
    return True


async def post(
    client: discord.Client,
    channel_id: int,
    content: str | None = None,
    *,
    mentions: discord.AllowedMentions | None = None,
    conn: BaseDBAsyncClient | None = None,
    **message: Any,
) -> bool:
    """Send to a channel or thread by id (nobody is pinged unless `mentions` says so)."""
    allowed = mentions or discord.AllowedMentions.none()
    payload = _payload(client, content=content, mentions=allowed, **message)
    if payload is not None:
        return await _queue(client, NotificationKind.POST, channel_id, payload, conn=conn)
    try:
        channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        await channel.send(  # type: ignore[union-attr]
            content,
            allowed_mentions=mentions or discord.AllowedMentions.none(),
            **{k: v for k, v in message.items() if v is not None},
        )
    except (discord.HTTPException, AttributeError) as exc:
        log.warning("Could not post in channel %s (%s)", channel_id, exc)
        return False
    return True


async def tell(
    client: discord.Client,
    user_id: int,
    listing: Listing | None = None,
    *,
    thread_text: str | None = None,
    thread_view: discord.ui.View | None = None,
    conn: BaseDBAsyncClient | None = None,
    unless_card: int | None = None,
    reach: tuple[int, int | None] | None = None,
    **message: Any,
) -> bool:
    """DM a user (by `users.id`). When their DMs are closed and `thread_text` is given,
    mention them in the listing's thread with it (never the DM's content). False if
    neither worked. With `unless_card` (an escrow id, through the outbox), the DM is sent
    only when the user has no trade card of that escrow once its cards are sent.
    `reach`: the user's Discord id and the listing's home thread (`Listing.home_thread_id`),
    when the caller read them with its change (no reads here then)."""
    from bot.outbox import UNLESS_CARD
    from models.user import User

    if conn is not None and thread_text is None:  # the common case: one statement
        payload = _payload(client, **message)
        if payload is not None:
            if unless_card is not None:
                payload[UNLESS_CARD] = unless_card
            return await Notification.queue_dm_to_user(user_id, payload, conn=conn) is not None
    if reach is not None:
        discord_id, home_thread = reach
    else:
        users = User.filter(id=user_id)
        # In the caller's transaction, read there too: no second pool connection while held.
        user = await (users.using_db(conn) if conn is not None else users).first()
        if user is None:
            return False
        discord_id, home_thread = user.discord_id, None
    queued = await _queue_tell(
        client,
        discord_id,
        listing,
        thread_text,
        thread_view,
        message,
        conn,
        unless_card,
        home_thread if reach is not None else _UNREAD,
    )
    if queued is not None:
        return queued
    if await dm(client, discord_id, **message):
        return True
    if thread_text is None:
        return False
    thread_id = (
        home_thread
        if reach is not None
        else await listing.home_thread_id()
        if listing is not None
        else None
    )
    if thread_id is None:
        log.info("No thread to reach user %s (DMs closed)", discord_id)
        return False
    return await post(
        client,
        thread_id,
        f"<@{discord_id}>, {thread_text}",
        mentions=discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(id=discord_id)]
        ),
        view=thread_view,
    )


async def alert_moderators(
    client: discord.Client,
    guild_id: int | None,
    text: str,
    *,
    conn: BaseDBAsyncClient | None = None,
) -> bool:
    """Post in the guild's disputes channel, mentioning its moderator role."""
    from models.enums import ChannelKind
    from models.guild import Guild, MarketplaceChannel

    if guild_id is None:
        log.warning("%s (no guild to alert)", text)
        return False
    settings = await (await Guild.get(id=guild_id)).get_settings()
    row = await MarketplaceChannel.get_or_none(guild_id=guild_id, kind=ChannelKind.DISPUTES)
    # A process without a gateway has no channel cache: it posts by id (Discord refuses a
    # channel that is gone, and the outbox records that for staff).
    channel = client.get_channel(row.channel_id) if row else None
    if row is None or (channel is not None and not isinstance(channel, discord.TextChannel)):
        log.warning("%s (no disputes channel in guild %s)", text, guild_id)
        return False
    role = f"<@&{settings.moderator_role_id}> " if settings.moderator_role_id else ""
    return await post(
        client,
        row.channel_id,
        role + text,
        mentions=discord.AllowedMentions(roles=True, users=False, everyone=False),
        conn=conn,
    )


async def edit(
    client: discord.Client,
    channel_id: int,
    message_id: int,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> bool:
    """Edit a message the bot sent (given parts replace the old ones; `view=None` keeps
    the buttons). A view that can't be stored is applied directly."""
    payload = _payload(client, content=content, embed=embed, view=view)
    if payload is None:
        try:
            channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
            message = channel.get_partial_message(message_id)  # type: ignore[union-attr]
            parts: dict[str, Any] = {"content": content, "embed": embed, "view": view}
            await message.edit(**{k: v for k, v in parts.items() if v is not None})
        except (discord.HTTPException, AttributeError) as exc:
            log.warning("Could not edit message %s in %s (%s)", message_id, channel_id, exc)
            return False
        return True
    payload["message_id"] = message_id
    return await _queue(client, NotificationKind.EDIT, channel_id, payload, conn=conn)


@contextlib.asynccontextmanager
async def sent_after(client: discord.Client) -> AsyncIterator[None]:
    """Around a change that writes its notifications in its own transaction (a model
    function's `then=`, `models.notification.Then`): once the block ends without an
    error, this process sends the rows it wrote at once (each claimed under its lock, so
    a listening sender elsewhere never sends one twice). If the block fails, rows that
    committed are left to the senders and the outbox job; rolled-back ones never existed."""
    ids: list[int] = []
    token = Notification.collecting(ids)
    try:
        yield
    finally:
        Notification.reset(token)
    await send_now(client, ids)


async def send_now(client: discord.Client, ids: list[int] | tuple[int, ...]) -> None:
    """Send these committed rows from this process now (those still pending)."""
    sender = sender_of(client)
    if not sender.sends:
        return
    for notification_id in ids:
        try:
            await sender.deliver(notification_id)
        except Exception:
            log.exception("Sending notification %s failed; the outbox job retries", notification_id)


# --- the outbox -----------------------------------------------------------------------------


def storable_components(view: discord.ui.View | None) -> list[dict[str, Any]] | None:
    """The view as Discord components when it survives being sent later by another
    process (no timeout; only `DynamicItem` buttons and links), else None."""
    if view is None:
        return []
    if view.timeout is not None:
        return None
    for item in view.children:
        if isinstance(item, discord.ui.DynamicItem):
            continue
        if isinstance(item, discord.ui.Button) and item.url:
            continue
        return None
    return view.to_components()


def _payload(
    client: discord.Client,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    mentions: discord.AllowedMentions | None = None,
    documents: list[dict[str, str]] | None = None,
    **rest: Any,
) -> dict[str, Any] | None:
    """The message as Discord's API takes it, or None when it can't be stored.
    `documents` are attachments by reference to the document store (`ref`, `sha256`,
    `filename`): the sender reads them when it sends (`bot.outbox`)."""
    if file is not None or any(v is not None for v in rest.values()):
        return None
    components = storable_components(view)
    if components is None:
        return None
    payload: dict[str, Any] = {}
    if content is not None:
        payload["content"] = str(content)
    if embed is not None:
        payload["embeds"] = [embed.to_dict()]
    if components:
        payload["components"] = components
    allowed = mentions or client.allowed_mentions
    if allowed is not None:
        payload["allowed_mentions"] = allowed.to_dict()
    if documents:
        payload[DOCUMENTS] = documents
    return payload


def sender_of(client: discord.Client) -> Sender:
    """The client's outbox sender (`bot.outbox`), or a one-off one for a bare client."""
    from bot.outbox import Sender

    sender = getattr(client, "outbox", None)
    return sender if isinstance(sender, Sender) else Sender(client)


async def _queue(
    client: discord.Client,
    kind: NotificationKind,
    target_id: int,
    payload: dict[str, Any],
    *,
    fallback_channel_id: int | None = None,
    fallback_payload: dict[str, Any] | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> bool:
    sender = sender_of(client)
    row = await Notification.queue(
        kind,
        target_id,
        payload,
        fallback_channel_id=fallback_channel_id,
        fallback_payload=fallback_payload,
        conn=conn,
        announce=conn is not None or not sender.sends,  # else sent just below, by this process
    )
    if conn is not None or not sender.sends:
        return True  # sent once the caller's transaction commits (by a sending process)
    try:
        status = await sender.deliver(row.id)
    except Exception:
        log.exception("Sending notification %s failed; the outbox job retries", row.id)
        return False
    if status is NotificationStatus.SENT:  # to the person, or (tell) in the thread instead
        return True
    log.info("Notification %s (%s to %s) not delivered yet", row.id, kind.value, target_id)
    return False


async def _queue_tell(
    client: discord.Client,
    discord_id: int,
    listing: Listing | None,
    thread_text: str | None,
    thread_view: discord.ui.View | None,
    message: dict[str, Any],
    conn: BaseDBAsyncClient | None,
    unless_card: int | None = None,
    home_thread: int | object | None = _UNREAD,
) -> bool | None:
    """`tell` through the outbox: the DM with its thread fallback in one row. None when a
    part can't be stored (then `tell` sends directly). `home_thread`: the listing's thread
    as the caller read it, or `_UNREAD`."""
    thread = None
    if thread_text is not None and listing is not None:
        thread = (
            await listing.home_thread_id(conn)  # in the caller's transaction when given
            if home_thread is _UNREAD
            else cast("int | None", home_thread)
        )
    row = tell_row(client, discord_id, thread, thread_text, thread_view, message, unless_card)
    if row is None:
        return None
    return await _queue(
        client,
        row.kind,
        row.target_id,
        row.payload,
        fallback_channel_id=row.fallback_channel_id,
        fallback_payload=row.fallback_payload,
        conn=conn,
    )


def tell_row(
    client: discord.Client,
    discord_id: int,
    thread_id: int | None,
    thread_text: str | None,
    thread_view: discord.ui.View | None,
    message: dict[str, Any],
    unless_card: int | None = None,
) -> Queued | None:
    """`tell`'s outbox row for the user `discord_id`: the DM, and when `thread_text` and
    the listing's thread `thread_id` are given, the mention there for closed DMs. None when
    a part can't be stored. For writing many at once (`Notification.queue_many`)."""
    from bot.outbox import UNLESS_CARD

    payload = _payload(client, **message)
    if payload is None:
        return None
    if unless_card is not None:
        payload[UNLESS_CARD] = unless_card
    fallback = None
    if thread_text is not None and thread_id is not None:
        fallback = _payload(
            client,
            content=f"<@{discord_id}>, {thread_text}",
            view=thread_view,
            mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(id=discord_id)]
            ),
        )
        if fallback is None:
            return None
    return Queued(
        NotificationKind.DM,
        discord_id,
        payload,
        fallback_channel_id=thread_id if fallback is not None else None,
        fallback_payload=fallback,
    )

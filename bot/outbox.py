"""Delivering the notification outbox (models/notification.py) through discord.py's HTTP client.

`Sender.deliver(id)` claims one row under its row lock, sends it and records the result in
the same transaction, so the lock is held for the send and two senders (in one process or
several) never send the same row. discord.py's HTTP client waits out Discord's rate
limits (its buckets read the `X-RateLimit-*` headers and retry a 429); what still fails is
retried later with back-off, and a refusal (DMs closed, channel gone, bad payload) is
final: a DM with a fallback is posted in the fallback channel instead, anything else is
recorded as FAILED with an audit entry for staff.

`Sender.listen()` holds one connection that LISTENs on the outbox channel: PostgreSQL
delivers the notification only when the writing transaction commits, so rows are sent
right after their commit, by whichever process listens. `drain()` is the safety net the
outbox job runs (rows written while no sender listened, retries that came due).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import aiohttp
import discord
from discord.http import HTTPClient, Route
from tortoise import connections
from tortoise.transactions import in_transaction

from bot.ui.notify import DOCUMENTS
from models.enums import NotificationKind, NotificationStatus
from models.notification import CHANNEL, Notification

log = logging.getLogger(__name__)

RETRYABLE = (discord.DiscordServerError, aiohttp.ClientError, asyncio.TimeoutError, OSError)
RENDER_LOCK = 0x0B10_0CAD  # advisory lock namespace: one render of a target at a time
MESSAGES = (NotificationKind.DM, NotificationKind.POST, NotificationKind.EDIT)
# In a DM's payload: the escrow whose trade card says it already (sent only without one).
UNLESS_CARD = "unless_card"

# Renders a row that says what to bring up to date (CARD, RETIRE) from the state now:
# called with the row's target id and payload; what it returns goes back to `now()`.
Handler = Callable[[int, dict[str, Any]], Awaitable[Any]]


class HasHttp(Protocol):
    http: HTTPClient


class HttpOnly:
    """What a sender needs of a client when no gateway runs: discord.py's HTTP client."""

    def __init__(self, http: HTTPClient) -> None:
        self.http = http


async def http_client(token: str, *, api_base: str | None = None) -> HTTPClient:
    """discord.py's HTTP client, logged in with the bot token (no gateway). `api_base`
    points every client of this process elsewhere (a stand-in API)."""
    if api_base:
        Route.BASE = api_base.rstrip("/") + "/api/v10"
    http = HTTPClient(asyncio.get_running_loop())
    await http.static_login(token)
    return http


class Sender:
    """Sends outbox rows for one Discord client (`client.http`)."""

    def __init__(self, client: HasHttp, *, concurrency: int = 4, sends: bool = True) -> None:
        self.client = client
        # False: this process only writes rows (`bot.ui.notify`, `now()`); others send them.
        self.sends = sends
        self.concurrency = concurrency
        self._listening: contextlib.AsyncExitStack | None = None
        self._inflight: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self.sent = 0
        # CARD and RETIRE rows are sent only by a sender that has their handler (the bot
        # registers them); a bare HTTP sender leaves them to one that does.
        self.handlers: dict[NotificationKind, Handler] = {}

    # ------------------------------------------------------------------ one row

    async def deliver(self, notification_id: int | None = None) -> NotificationStatus | None:
        """Send one row: the given one (waiting for its lock), or the oldest due one
        (skipping locked rows). Returns the row's status afterwards; None when there was
        nothing to claim."""
        async with in_transaction() as conn:
            query = Notification.filter(id=notification_id) if notification_id else None
            if query is not None:
                row = await query.using_db(conn).select_for_update().first()
            else:
                row = await Notification.claim(conn, kinds=(*MESSAGES, *self.handlers))
            if row is None or row.status is not NotificationStatus.PENDING:
                return None if row is None else row.status
            if row.kind not in MESSAGES:
                return await self._render(conn, row)
            payload = row.payload
            if UNLESS_CARD in payload:  # said only when the trade card didn't reach them
                payload = {k: v for k, v in payload.items() if k != UNLESS_CARD}
                shown = await self._card_shown(conn, int(row.payload[UNLESS_CARD]), row.target_id)
                if shown is None:
                    await row.mark_failed(conn, "waiting for the trade card to be sent")
                    return row.status
                if shown:
                    await row.mark_sent(conn, None)
                    return row.status
            try:
                message_id = await self._send(row.kind, row.target_id, payload)
            except (discord.Forbidden, discord.NotFound) as exc:
                if row.fallback_channel_id is None or row.fallback_payload is None:
                    await row.mark_failed(conn, _describe(exc), final=True)
                    return row.status
                try:
                    message_id = await self._send(
                        NotificationKind.POST, row.fallback_channel_id, row.fallback_payload
                    )
                except discord.HTTPException as again:
                    final = not isinstance(again, discord.DiscordServerError)
                    await row.mark_failed(conn, _describe(again), final=final)
                    return row.status
                except RETRYABLE as again:
                    await row.mark_failed(conn, _describe(again))
                    return row.status
                row.last_error = f"fallback used: {_describe(exc)}"
                await row.save(using_db=conn, update_fields=["last_error", "updated_at"])
            except discord.RateLimited as exc:
                await row.mark_failed(conn, _describe(exc), retry_after=exc.retry_after)
                return row.status
            except discord.DiscordServerError as exc:
                await row.mark_failed(conn, _describe(exc))
                return row.status
            except discord.HTTPException as exc:  # a 4xx that won't change by waiting
                final = exc.status != 429
                await row.mark_failed(conn, _describe(exc), final=final)
                return row.status
            except RETRYABLE as exc:
                await row.mark_failed(conn, _describe(exc))
                return row.status
            await row.mark_sent(conn, message_id)
            self.sent += 1
            return row.status

    async def _card_shown(self, conn: Any, escrow_id: int, discord_id: int) -> bool | None:
        """Whether the user has the escrow's trade card in their DMs, once its pending card
        rows are sent (by this sender, which renders them first, or by the one holding
        them, waited for); None when this one can't render them or rendering failed."""
        from models.trade_card import TradeCard
        from models.user import User

        pending = Notification.filter(
            kind=NotificationKind.CARD, target_id=escrow_id, status=NotificationStatus.PENDING
        ).using_db(conn)
        if NotificationKind.CARD not in self.handlers:
            if await pending.exists():
                return None
        else:
            card = await pending.select_for_update().first()  # waits for a sender holding it
            if card is not None and await self._render(conn, card) is not NotificationStatus.SENT:
                return None
        user = await User.filter(discord_id=discord_id).using_db(conn).first()
        if user is None:
            return False
        return await TradeCard.filter(escrow_id=escrow_id, user_id=user.id).using_db(conn).exists()

    async def _render(self, conn: Any, row: Notification) -> NotificationStatus:
        """A CARD or RETIRE row: render it from the state now. The other pending rows of
        its target that no one holds were committed before this reads the state, so this
        send covers them too."""
        handler = self.handlers.get(row.kind)
        if handler is None:  # heard of through LISTEN by a sender that can't render it
            return row.status
        await _one_renderer(conn, row.kind, row.target_id)
        others = await Notification.pending_of(
            conn, row.kind, row.target_id, wait=False, payload=row.payload
        )
        try:
            # A savepoint: the handler's queries run in this transaction (Tortoise routes
            # them here); one that fails must leave it usable to record the failure.
            async with in_transaction():
                await handler(row.target_id, row.payload)
        except Exception as exc:  # the handlers swallow Discord's refusals; this is a bug or the DB
            log.exception("Rendering notification %s (%s) failed", row.id, row.kind.value)
            await row.mark_failed(conn, _describe(exc))
            return row.status
        for done in (row, *(o for o in others if o.id != row.id)):
            await done.mark_sent(conn, None)
        self.sent += 1
        return row.status

    async def now(
        self,
        kind: NotificationKind,
        target_id: int,
        payload: dict[str, Any],
        handler: Handler | None = None,
    ) -> Any:
        """Render `kind` for `target_id` in this process now (right after a change commits)
        and mark its pending rows with this payload sent (a row another sender holds is
        that sender's to render, after this); returns what the handler (`handler`, else
        the registered one) returns. If this fails the rows stay pending for the job."""
        if not self.sends:
            return None  # the rows were announced at their commit; a sending process has them
        render = handler or self.handlers[kind]
        async with in_transaction() as conn:
            await _one_renderer(conn, kind, target_id)
            rows = await Notification.pending_of(conn, kind, target_id, wait=False, payload=payload)
            result = await render(target_id, payload)
            for row in rows:
                await row.mark_sent(conn, None)
        return result

    async def _send(self, kind: NotificationKind, target_id: int, payload: dict[str, Any]) -> int:
        http = self.client.http
        if kind is NotificationKind.EDIT:
            body = {k: v for k, v in payload.items() if k != "message_id"}
            route = Route(
                "PATCH",
                "/channels/{channel_id}/messages/{message_id}",
                channel_id=target_id,
                message_id=int(payload["message_id"]),
            )
            data = await http.request(route, json=body)
            return int(data["id"])
        channel_id = target_id
        if kind is NotificationKind.DM:
            channel = await http.start_private_message(target_id)
            channel_id = int(channel["id"])
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
        if payload.get(DOCUMENTS):
            form, files = await _with_documents(payload)
            if files:
                data = await http.request(route, form=form, files=files)
                return int(data["id"])
            payload = {k: v for k, v in payload.items() if k != DOCUMENTS}
        data = await http.request(route, json=payload)
        return int(data["id"])

    # ------------------------------------------------------------------ many rows

    async def drain(self, limit: int = 500) -> int:
        """Deliver due rows (up to `limit`) with `concurrency` workers; returns how many
        were sent."""
        if not self.sends:
            return 0
        first = await self.deliver()  # one query when there is nothing to do
        if first is None:
            return 0
        remaining, sent = limit - 1, int(first is NotificationStatus.SENT)

        async def worker() -> None:
            nonlocal remaining, sent
            while remaining > 0 and not self._stopping:
                remaining -= 1
                status = await self.deliver()
                if status is None:
                    return
                sent += status is NotificationStatus.SENT

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        return sent

    def kick(self, notification_id: int) -> None:
        """Deliver a row soon, in the background (a committed row the listener heard of)."""
        if self._stopping:
            return
        task = asyncio.get_running_loop().create_task(self._deliver_logged(notification_id))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _deliver_logged(self, notification_id: int) -> None:
        try:
            await self.deliver(notification_id)
        except Exception:
            log.exception(
                "Delivering notification %s failed; the outbox job retries", notification_id
            )

    # ------------------------------------------------------------------ listening

    async def listen(self) -> None:
        """Start hearing of committed rows (idempotent): one pool connection LISTENs until
        `stop()`; asyncpg calls back on each notification, no task waits for it."""
        if self._listening is not None or not self.sends:
            return

        def heard(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
            with contextlib.suppress(ValueError):
                self.kick(int(payload))

        stack = contextlib.AsyncExitStack()
        conn = await stack.enter_async_context(connections.get("default").acquire_connection())
        await conn.add_listener(CHANNEL, heard)
        stack.push_async_callback(conn.remove_listener, CHANNEL, heard)
        self._listening = stack

    async def stop(self) -> None:
        """Stop listening and let the sends in progress finish."""
        self._stopping = True
        if self._listening is not None:
            with contextlib.suppress(Exception):
                await self._listening.aclose()
            self._listening = None
        if self._inflight:
            await asyncio.gather(*self._inflight, return_exceptions=True)


async def _one_renderer(conn: Any, kind: NotificationKind, target_id: int) -> None:
    """One render of a target at a time, in every process: two at once would both send a
    first trade card. Transaction-scoped, so it can't outlive the render's transaction."""
    await conn.execute_query(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))", [RENDER_LOCK, f"{kind}:{target_id}"]
    )


async def _with_documents(
    payload: dict[str, Any],
) -> tuple[list[dict[str, Any]], list[discord.File]]:
    """The multipart form of a message whose attachments are references to the document
    store, read now. A document that is gone or no longer matches its hash is left out
    (the message says the rest; `/contract view` and the like show the document)."""
    from models import storage

    body = {k: v for k, v in payload.items() if k != DOCUMENTS}
    form: list[dict[str, Any]] = []
    files: list[discord.File] = []
    attachments = []
    for document in payload[DOCUMENTS]:
        try:
            data = await storage.read(str(document["ref"]))
        except Exception as exc:  # missing, a disk error, the bucket unreachable
            log.warning("Document %s not attached: %r", document.get("ref"), exc)
            continue
        if document.get("sha256") and hashlib.sha256(data).hexdigest() != document["sha256"]:
            log.warning("Document %s changed since it was queued: not attached", document["ref"])
            continue
        index = len(files)
        filename = str(document.get("filename") or "document")
        attachments.append({"id": index, "filename": filename})
        files.append(discord.File(io.BytesIO(data), filename=filename))
        form.append(
            {
                "name": f"files[{index}]",
                "value": data,
                "filename": filename,
                "content_type": "application/octet-stream",
            }
        )
    body["attachments"] = attachments
    form.insert(0, {"name": "payload_json", "value": json.dumps(body)})
    return form, files


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"{exc.status} (code {exc.code}) {exc.text}"
    return str(exc) or type(exc).__name__

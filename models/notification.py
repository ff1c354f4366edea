"""Notifications written before they are sent (an outbox).

A DM, a channel post or a message edit is a `Notification` row, inserted in the caller's
transaction (or its own): a rollback sends nothing, and a crash after the commit leaves a
PENDING row that a sender delivers later. The insert also says `pg_notify(CHANNEL, id)`,
which PostgreSQL delivers to listeners only when the transaction commits, so a sender
listening on CHANNEL (in any process) can send at once.

A sender claims one row at a time with `FOR UPDATE SKIP LOCKED` and keeps the lock while
it sends, so two senders never send the same row; a crash mid-send releases the lock and
the row is sent again (at least once; the window is one message). The payload is what
Discord's API takes for a message (content, embeds, components, allowed_mentions), plain
JSON: this module knows nothing of Discord. Two kinds carry no message but say what to
bring up to date (`CARD`: an escrow's trade cards, written by every escrow change in its
transaction; `RETIRE`: stale buttons in a user's DMs): the sender renders them from the
state at send time, so any process can send them and one send covers all of a target's.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, NamedTuple, TypeVar

from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import NotificationKind, NotificationStatus

CHANNEL = "bloxtr8_outbox"

T = TypeVar("T")

Then = Callable[[T, BaseDBAsyncClient], Awaitable[object]]
"""What a state change calls for, written in the change's own transaction.

A model function that makes a change people are told about takes `then=`, and calls
`await then(changed_row, conn)` inside the transaction that makes the change, after the
change itself: the caller writes its notification rows there with `conn` (the bot's
`bot.ui.notify` helpers and `retire` take `conn=`). They commit with the change, or not
at all when it rolls back; a crash after that commit leaves them PENDING for a sender.
The model never knows what is said (models/ doesn't import the bot)."""

# The ids of the message rows (not CARD) written in this task while a caller collects them
# (`Notification.collecting`), so that it can send them itself once the change commits.
_written: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "notifications_written", default=None
)
MAX_ATTEMPTS = 8
# One round trip: the row, and (when `announce`) the wake-up its commit delivers.
_QUEUE = """
WITH r AS (
    INSERT INTO notifications (created_at, updated_at, kind, target_id, payload,
                               fallback_channel_id, fallback_payload, status, attempts,
                               next_attempt_at)
    VALUES ($1, $1, $2, $3, $4::jsonb, $5, $6::jsonb, $9, 0, $1)
    RETURNING *
)
SELECT r.*, CASE WHEN $7 THEN pg_notify($8, r.id::text) END AS announced FROM r
"""
# A DM to a user by `users.id`: their Discord id read in the insert.
_QUEUE_TO_USER = """
WITH r AS (
    INSERT INTO notifications (created_at, updated_at, kind, target_id, payload, status,
                               attempts, next_attempt_at)
    SELECT $1, $1, $2, u.discord_id, $4::jsonb, $5, 0, $1 FROM users u WHERE u.id = $3
    RETURNING *
)
SELECT r.*, pg_notify($6, r.id::text) AS announced FROM r
"""
# Many rows in one round trip (`queue_many`): one array per column, unnested in order.
_QUEUE_MANY = """
WITH r AS (
    INSERT INTO notifications (created_at, updated_at, kind, target_id, payload,
                               fallback_channel_id, fallback_payload, status, attempts,
                               next_attempt_at)
    SELECT $1, $1, x.kind, x.target_id, x.payload::jsonb, x.fallback_channel_id,
           x.fallback_payload::jsonb, $7, 0, $1
    FROM unnest($2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[])
         WITH ORDINALITY AS x(kind, target_id, payload, fallback_channel_id, fallback_payload, n)
    ORDER BY x.n
    RETURNING id, kind
)
SELECT r.id, r.kind, pg_notify($8, r.id::text) AS announced FROM r ORDER BY r.id
"""
FIRST_RETRY_SECONDS = 5.0
MAX_RETRY_SECONDS = 3600.0


class Queued(NamedTuple):
    """One row for `Notification.queue_many`: what `Notification.queue` takes."""

    kind: NotificationKind
    target_id: int
    payload: dict[str, Any]
    fallback_channel_id: int | None = None
    fallback_payload: dict[str, Any] | None = None


class Notification(TimestampMixin, BaseModel):
    kind = fields.CharEnumField(NotificationKind, max_length=8)
    target_id = fields.BigIntField()  # Discord user id (DM) or channel id (post, edit)
    payload: dict[str, Any] = fields.JSONField()
    # When a DM can't be delivered (their DMs are closed): post this in that channel instead.
    fallback_channel_id = fields.BigIntField(null=True)
    fallback_payload: dict[str, Any] | None = fields.JSONField(null=True)
    status = fields.CharEnumField(
        NotificationStatus, max_length=8, default=NotificationStatus.PENDING
    )
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(default=utcnow)
    sent_at = fields.DatetimeField(null=True)
    message_id = fields.BigIntField(null=True)  # what Discord gave the sent message
    last_error = fields.TextField(null=True)

    class Meta:
        table = "notifications"
        # The senders' query: `status = 'pending' AND next_attempt_at <= now()`.
        indexes = (("status", "next_attempt_at"),)

    @classmethod
    async def queue(
        cls,
        kind: NotificationKind,
        target_id: int,
        payload: dict[str, Any],
        *,
        fallback_channel_id: int | None = None,
        fallback_payload: dict[str, Any] | None = None,
        conn: BaseDBAsyncClient | None = None,
        announce: bool = True,
    ) -> Notification:
        """Write one notification in `conn`'s transaction (or a transaction of its own) and
        tell listening senders once it commits (unless `announce` is False: the writer
        sends it itself right after its own commit)."""
        if conn is None:
            async with in_transaction() as own:
                return await cls.queue(
                    kind,
                    target_id,
                    payload,
                    fallback_channel_id=fallback_channel_id,
                    fallback_payload=fallback_payload,
                    conn=own,
                    announce=announce,
                )
        now = utcnow()
        rows = await conn.execute_query_dict(
            _QUEUE,
            [
                now,
                kind.value,
                target_id,
                json.dumps(payload),
                fallback_channel_id,
                None if fallback_payload is None else json.dumps(fallback_payload),
                announce,
                CHANNEL,
                NotificationStatus.PENDING.value,
            ],
        )
        return cls._stored(rows[0])

    @classmethod
    async def queue_dm_to_user(
        cls, user_id: int, payload: dict[str, Any], *, conn: BaseDBAsyncClient
    ) -> Notification | None:
        """`queue` a DM to the user `users.id = user_id` in `conn`'s transaction, their
        Discord id read in the same statement; None when there is no such user."""
        rows = await conn.execute_query_dict(
            _QUEUE_TO_USER,
            [
                utcnow(),
                NotificationKind.DM.value,
                user_id,
                json.dumps(payload),
                NotificationStatus.PENDING.value,
                CHANNEL,
            ],
        )
        return cls._stored(rows[0]) if rows else None

    @classmethod
    async def queue_many(cls, rows: Sequence[Queued], *, conn: BaseDBAsyncClient) -> list[int]:
        """`queue` each row in `conn`'s transaction, all in one statement, each announced
        once it commits; returns their ids, ascending in the given order."""
        if not rows:
            return []
        returned = await conn.execute_query_dict(
            _QUEUE_MANY,
            [
                utcnow(),
                [r.kind.value for r in rows],
                [r.target_id for r in rows],
                [json.dumps(r.payload) for r in rows],
                [r.fallback_channel_id for r in rows],
                [
                    None if r.fallback_payload is None else json.dumps(r.fallback_payload)
                    for r in rows
                ],
                NotificationStatus.PENDING.value,
                CHANNEL,
            ],
        )
        ids = [int(row["id"]) for row in returned]
        written = _written.get()
        if written is not None:
            written += [
                i
                for i, r in zip(ids, returned, strict=True)
                if r["kind"] != NotificationKind.CARD.value
            ]
        return ids

    @classmethod
    def _stored(cls, returned: dict[str, Any]) -> Notification:
        """The row an insert returned (its `announced` column left out), recorded for a
        caller collecting the message rows this task writes."""
        row = cls._init_from_db(**{k: v for k, v in returned.items() if k != "announced"})
        written = _written.get()
        if written is not None and row.kind != NotificationKind.CARD:
            written.append(row.id)
        return row

    @staticmethod
    def collecting(ids: list[int]) -> contextvars.Token[list[int] | None]:
        """Until `reset(token)`, record in `ids` the id of each row (but CARD) this task
        writes; ids of rows whose transaction rolled back just find nothing later."""
        return _written.set(ids)

    @staticmethod
    def reset(token: contextvars.Token[list[int] | None]) -> None:
        _written.reset(token)

    @classmethod
    async def card_changed(cls, escrow_id: int, conn: BaseDBAsyncClient) -> None:
        """The escrow changed (in `conn`'s transaction): its trade cards are to be brought
        up to date once that commits."""
        await cls.queue(NotificationKind.CARD, escrow_id, {}, conn=conn)

    @classmethod
    async def claim(
        cls,
        conn: BaseDBAsyncClient,
        notification_id: int | None = None,
        *,
        kinds: Collection[NotificationKind] | None = None,
    ) -> Notification | None:
        """Lock one due PENDING row (the given one, or the oldest due, of `kinds` when
        given) in `conn`'s transaction, skipping rows another sender holds."""
        query = cls.filter(status=NotificationStatus.PENDING).using_db(conn)
        if kinds is not None:
            query = query.filter(kind__in=list(kinds))
        if notification_id is not None:
            query = query.filter(id=notification_id)
        else:
            query = query.filter(next_attempt_at__lte=utcnow())
        return await query.order_by("id").select_for_update(skip_locked=True).first()

    async def mark_sent(self, conn: BaseDBAsyncClient, message_id: int | None) -> None:
        self.status = NotificationStatus.SENT
        self.sent_at = utcnow()
        self.message_id = message_id
        self.attempts += 1
        await self.save(
            using_db=conn,
            update_fields=["status", "sent_at", "message_id", "attempts", "updated_at"],
        )

    async def mark_failed(
        self,
        conn: BaseDBAsyncClient,
        error: str,
        *,
        final: bool = False,
        retry_after: float | None = None,
    ) -> None:
        """Record a failed try: retry later with exponential back-off (or after the
        provider's `retry_after`), or give up when `final` or out of tries, with an audit
        entry so staff can see what wasn't delivered."""
        self.attempts += 1
        self.last_error = error[:2000]
        if final or self.attempts >= MAX_ATTEMPTS:
            self.status = NotificationStatus.FAILED
            await AuditLog.record(
                "notification.failed",
                object_type="notification",
                object_id=self.id,
                actor_label="outbox",
                after={
                    "kind": self.kind.value,
                    "target_id": self.target_id,
                    "attempts": self.attempts,
                    "error": self.last_error,
                },
                using_db=conn,
            )
        else:
            delay = retry_after or min(
                FIRST_RETRY_SECONDS * 2 ** (self.attempts - 1), MAX_RETRY_SECONDS
            )
            self.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
        await self.save(
            using_db=conn,
            update_fields=["status", "attempts", "last_error", "next_attempt_at", "updated_at"],
        )

    @classmethod
    async def pending_of(
        cls,
        conn: BaseDBAsyncClient,
        kind: NotificationKind,
        target_id: int,
        *,
        wait: bool,
        payload: dict[str, Any] | None = None,
    ) -> list[Notification]:
        """Lock the PENDING rows of `kind` for `target_id` (oldest first): waiting for a
        sender that holds one (`wait`), or skipping those. Only those carrying `payload`
        when it is given."""
        query = cls.filter(kind=kind, target_id=target_id, status=NotificationStatus.PENDING)
        query = query.using_db(conn).order_by("id")
        rows = await query.select_for_update(skip_locked=not wait)
        return [r for r in rows if payload is None or r.payload == payload]

    @classmethod
    async def backlog(cls) -> tuple[int, float]:
        """PENDING rows and the age in seconds of the oldest (0 when none)."""
        conn = connections.get("default")
        rows = await conn.execute_query_dict(
            "SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(created_at)) AS age "
            "FROM notifications WHERE status = 'pending'"
        )
        return int(rows[0]["n"]), float(rows[0]["age"] or 0.0)

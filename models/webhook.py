"""Provider events (Stripe webhooks, chain logs), stored raw and deduplicated by their id."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient

from models.base import BaseModel
from models.enums import WebhookProvider


class WebhookEvent(BaseModel):
    provider = fields.CharEnumField(WebhookProvider, max_length=16)
    event_id = fields.CharField(max_length=255)
    type = fields.CharField(max_length=100, db_index=True)
    payload: dict[str, Any] = fields.JSONField()
    received_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    processed = fields.BooleanField(default=False, db_index=True)
    processed_at = fields.DatetimeField(null=True)
    error = fields.TextField(null=True)

    class Meta:
        table = "webhook_events"
        unique_together = (("provider", "event_id"),)

    @classmethod
    async def claim(
        cls,
        provider: WebhookProvider,
        event_id: str,
        type_: str,
        payload: dict[str, Any],
        conn: BaseDBAsyncClient,
        *,
        raw: str | None = None,
        done_at: dt.datetime | None = None,
    ) -> WebhookEvent | None:
        """Store the raw event once and lock it for processing in the caller's transaction.

        Returns None when the event was already processed (a replay). A concurrent
        delivery of the same event waits on the unique index until the first commits.
        `raw` is the payload's JSON text as received (saves serialising it again). With
        `done_at`, a new row is stored already marked processed at that time: it becomes
        visible only when the caller's transaction commits, i.e. with its processing, and
        a failure rolls it back with everything else, so the caller skips the UPDATE that
        marks it done (a row found stored unprocessed still needs it).
        """
        # execute_query_dict: the client's execute_query drops an INSERT's RETURNING rows
        # (it sends INSERTs with `execute`), which cost a second round trip for every event.
        rows = await conn.execute_query_dict(
            "INSERT INTO webhook_events"
            " (provider, event_id, type, payload, received_at, processed, processed_at)"
            " VALUES ($1, $2, $3, $4, now(), $5, $6)"
            " ON CONFLICT (provider, event_id) DO NOTHING RETURNING *",
            [
                provider.value,
                event_id,
                type_,
                raw if raw is not None else json.dumps(payload),
                done_at is not None,
                done_at,
            ],
        )
        if rows:  # the new row, as stored (and locked: this transaction inserted it)
            return cls._init_from_db(**rows[0])
        row = (
            await cls.filter(provider=provider, event_id=event_id)
            .select_for_update()
            .using_db(conn)
            .get()
        )
        return None if row.processed else row

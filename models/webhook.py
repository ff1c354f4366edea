"""Provider events (Stripe webhooks, chain logs), stored raw and deduplicated by their id."""

from __future__ import annotations

from typing import Any

from tortoise import fields

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
    async def store(
        cls, provider: WebhookProvider, event_id: str, type_: str, payload: dict[str, Any]
    ) -> WebhookEvent:
        """Keep the raw event once: a replay of the same provider id returns the stored row."""
        await cls.bulk_create(
            [cls(provider=provider, event_id=event_id, type=type_, payload=payload)],
            ignore_conflicts=True,
        )
        return await cls.get(provider=provider, event_id=event_id)

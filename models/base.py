"""Shared model pieces."""

import datetime as dt

from tortoise import fields
from tortoise.models import Model


class TimestampMixin:
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)


class BaseModel(Model):
    id = fields.BigIntField(primary_key=True)

    class Meta:
        abstract = True


def utcnow() -> dt.datetime:
    """The current time, timezone-aware (UTC). One place, so tests can reason about time."""
    return dt.datetime.now(dt.UTC)

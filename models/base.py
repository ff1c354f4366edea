"""Shared model pieces."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

if TYPE_CHECKING:
    from models.audit import AuditLog
    from models.guild import Guild
    from models.user import User


class TimestampMixin:
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)


class BaseModel(Model):
    id = fields.BigIntField(primary_key=True)

    # The `object_type` of this model's audit entries; by default its class name in
    # snake_case ("Listing" -> "listing", "GuildSettings" -> "guild_settings").
    audit_type: ClassVar[str | None] = None

    class Meta:
        abstract = True

    @classmethod
    def audit_object_type(cls) -> str:
        return cls.audit_type or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def _set_changes(self, changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Set `changes` on this instance: the old values, and the fields that differ."""
        unknown = set(changes) - set(self._meta.fields_map)
        if unknown:
            raise AttributeError(f"{type(self).__name__} has no field {sorted(unknown)}")
        before = {name: getattr(self, name) for name in changes}
        changed = [name for name, value in changes.items() if before[name] != value]
        for name, value in changes.items():
            setattr(self, name, value)
        return before, changed

    def _update_fields(self, names: list[str]) -> list[str]:
        if "updated_at" in self._meta.fields_map and "updated_at" not in names:
            return [*names, "updated_at"]
        return names

    async def save_changes(
        self, conn: BaseDBAsyncClient | None, changes: Mapping[str, Any]
    ) -> list[str]:
        """Set `changes` (field -> value) and save exactly the fields whose value changed
        (and `updated_at`); returns those fields, `[]` (and no write) when none did."""
        _, changed = self._set_changes(changes)
        if changed:
            await self.save(using_db=conn, update_fields=self._update_fields(changed))
        return changed

    async def save_audited(
        self,
        conn: BaseDBAsyncClient | None,
        *,
        action: str,
        changes: Mapping[str, Any],
        actor: User | None = None,
        actor_label: str | None = None,
        guild: Guild | None = None,
        guild_id: int | None = None,
        state: Callable[[], Mapping[str, Any]] | None = None,
        note: Mapping[str, Any] | None = None,
        if_changed: bool = False,
    ) -> AuditLog | None:
        """Change this row and write its audit entry, in `conn` (the caller's transaction,
        where the row is usually locked): one statement of what changes, from which the
        saved fields and the entry's before/after both follow.

            await listing.save_audited(conn, action="listing.cancelled", actor=by,
                                       guild_id=listing.guild_id,
                                       changes={"status": ListingStatus.CANCELLED})

        - saves the fields of `changes` (plus `updated_at`), all of them;
        - before/after: the old and new values of those fields, or, with `state`, what
          `state()` (an audited view such as `Listing.audit_state`) gives before and after;
        - `note` adds keys to `after` that are no column ("reason": "listing cancelled");
        - `if_changed=True`: when no value differs, nothing is written and None returned.
        """
        from models.audit import AuditLog

        before_state = dict(state()) if state is not None else {}
        before, changed = self._set_changes(changes)
        if if_changed and not changed:
            return None
        await self.save(using_db=conn, update_fields=self._update_fields(list(changes)))
        if state is not None:
            before, after = before_state, dict(state())
        else:
            after = {name: getattr(self, name) for name in changes}
        if note:
            after = {**after, **note}
        return await AuditLog.record(
            action,
            object_type=self.audit_object_type(),
            object_id=self.pk,
            actor=actor,
            actor_label=actor_label,
            guild=guild,
            guild_id=guild_id,
            before=before,
            after=after,
            using_db=conn,
        )


def utcnow() -> dt.datetime:
    """The current time, timezone-aware (UTC). One place, so tests can reason about time."""
    return dt.datetime.now(dt.UTC)

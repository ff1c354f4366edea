"""The audit trail: append-only in the database, tamper-evident by a hash chain.

Writers only INSERT rows (no hash), so no business transaction waits on a global
chain tail. A sealer (one at a time, under an advisory lock) gives unsealed rows a
chain position in the order it sees them and stores
``hash = HMAC-SHA256(key, canonical(row) || position || prev_hash)``. A trigger refuses
DELETE, TRUNCATE and any UPDATE except that one-time sealing of an unsealed row;
`verify_chain` recomputes every hash so that a row altered behind the trigger's back is
named.

The operator is a threat too, so three things live outside the database:

- the HMAC key (`configure_chain(key=…)`, the bot reads it from its settings): whoever
  owns the table cannot recompute a valid chain after editing it;
- the chain head: after every seal the newest (position, hash) is appended to a file and
  handed to a callback (the bot posts it to the platform's log channel), so deleting the
  newest rows, which leaves a shorter chain that still verifies, is caught by
  `verify_chain(head=…)`;
- the privileges: the bot connects as a role that may only INSERT rows and set the seal
  columns (`runtime_role_sql`); migrations run as the owner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import enum
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.base import BaseModel

if TYPE_CHECKING:
    from models.guild import Guild
    from models.user import User

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
SEAL_LOCK_KEY = 0x0B10_7A8D  # advisory lock id of the sealer
_CONTENT_COLUMNS = (
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "guild_id",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
)


def to_jsonable(value: Any) -> Any:
    """Turn model values (datetimes, enums, decimals, nested containers) into JSON values."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    return value


class AuditLog(BaseModel):
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="audit_entries",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    actor_label = fields.CharField(max_length=64, null=True)  # e.g. "job:auto-release"
    guild: fields.ForeignKeyNullableRelation[Guild] = fields.ForeignKeyField(
        "models.Guild",
        related_name="audit_entries",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    action = fields.CharField(max_length=64, db_index=True)
    object_type = fields.CharField(max_length=32)
    object_id = fields.CharField(max_length=64)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    # Filled once by the sealer.
    chain_seq = fields.BigIntField(null=True, unique=True)
    prev_hash = fields.CharField(max_length=64, null=True)
    hash = fields.CharField(max_length=64, null=True)
    sealed_at = fields.DatetimeField(null=True)

    actor_id: int | None
    guild_id: int | None

    class Meta:
        table = "audit_logs"
        indexes = (("object_type", "object_id"),)

    @classmethod
    async def record(
        cls,
        action: str,
        *,
        object_type: str,
        object_id: object,
        actor: User | None = None,
        actor_label: str | None = None,
        guild: Guild | None = None,
        guild_id: int | None = None,
        before: Any = None,
        after: Any = None,
        using_db: BaseDBAsyncClient | None = None,
    ) -> AuditLog:
        """Append one entry (inside the caller's transaction when `using_db` is given)."""
        return await cls.create(
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            actor=actor,
            actor_label=actor_label,
            guild_id=guild.id if guild is not None else guild_id,
            before=to_jsonable(before),
            after=to_jsonable(after),
            using_db=using_db,
        )


@dataclass(frozen=True)
class ChainHead:
    """The newest sealed position of the chain and its hash."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """`<seq>:<hash>` as published (a trailing timestamp on a head-file line is ignored)."""
        match = re.fullmatch(r"\s*(\d+):([0-9a-f]{64})(\s.*)?", text.strip())
        if match is None:
            raise ValueError(f"not a chain head (expected <seq>:<64 hex digits>): {text!r}")
        return cls(int(match.group(1)), match.group(2))


@dataclass
class ChainConfig:
    """Where the chain's secrets and witnesses live; the bot and the CLI set it once."""

    key: bytes | None = None  # None: plain SHA-256 (tests and throwaway databases only)
    head_file: Path | None = None
    on_head: Callable[[ChainHead], Awaitable[None]] | None = None
    published: list[ChainHead] = field(default_factory=list)


_chain = ChainConfig()


def configure_chain(
    *,
    key: bytes | None,
    head_file: Path | None = None,
    on_head: Callable[[ChainHead], Awaitable[None]] | None = None,
) -> None:
    """Set the HMAC key and where new chain heads are published."""
    _chain.key = key
    _chain.head_file = head_file
    _chain.on_head = on_head


def set_head_callback(on_head: Callable[[ChainHead], Awaitable[None]] | None) -> None:
    _chain.on_head = on_head


async def publish_head(head: ChainHead) -> None:
    """Append the head to the head file and hand it to the callback. A witness that fails
    is logged; the seal itself already committed."""
    if _chain.head_file is not None:
        try:
            _chain.head_file.parent.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            with _chain.head_file.open("a", encoding="utf-8") as out:
                out.write(f"{head} {stamp}\n")
        except OSError:
            log.exception("Could not write the audit chain head to %s", _chain.head_file)
    if _chain.on_head is not None:
        try:
            await _chain.on_head(head)
        except Exception:
            log.exception("Could not publish the audit chain head %s", head)


def last_published_head(path: Path) -> ChainHead | None:
    """The newest head in a head file (None when there is none)."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except FileNotFoundError:
        return None
    return ChainHead.parse(lines[-1]) if lines else None


def row_digest(
    row: dict[str, Any], chain_seq: int, prev_hash: str, key: bytes | None = None
) -> str:
    """HMAC-SHA256 (SHA-256 without a key) over the row's content, its chain position and
    the previous row's hash. `key` defaults to the configured chain key."""
    content = {col: to_jsonable(row[col]) for col in _CONTENT_COLUMNS}
    if isinstance(row["created_at"], dt.datetime):
        content["created_at"] = row["created_at"].astimezone(dt.UTC).isoformat()
    content["chain_seq"] = chain_seq
    content["prev_hash"] = prev_hash
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = key if key is not None else _chain.key
    if key is None:
        return hashlib.sha256(canonical.encode()).hexdigest()
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


_SELECT_COLUMNS = ", ".join(f'"{c}"' for c in _CONTENT_COLUMNS)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in ("before", "after"):
        if isinstance(out[col], str):
            out[col] = json.loads(out[col])
    return out


# Rows hashed between returns to the event loop. Hashing is CPU work with no await in it:
# a batch of 1000 rows held the bot's loop for 15-30 ms (and its row decoding more), which
# every command arriving then waited out; in slices of 100 a command waits a few ms at most.
SEAL_SLICE = 100


# A batch's chain positions and hashes, written in one statement (one array per column).
_SEAL = """
UPDATE audit_logs AS a SET chain_seq = u.seq, prev_hash = u.prev, hash = u.hash, sealed_at = $5
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, seq, prev, hash)
WHERE a.id = u.id
"""


async def seal_pending(
    batch_size: int = 1000, *, connection: str = "default", rest: float = 0.0
) -> int:
    """Seal unsealed rows in batches; returns how many were sealed (0 if another sealer runs).
    When anything was sealed, the new chain head is published (`publish_head`). `rest`:
    after each full batch, pause that many times as long as the batch took (a background
    job leaves the database and the event loop to interactions in between)."""
    head: list[ChainHead] = []
    total = await _seal(batch_size, connection, head, rest)
    if head:
        await publish_head(head[-1])
    return total


async def _seal(batch_size: int, connection: str, head: list[ChainHead], rest: float) -> int:
    total = 0
    loop = asyncio.get_running_loop()
    while True:
        started = loop.time()
        async with in_transaction(connection) as conn:
            locked = await conn.execute_query_dict(
                "SELECT pg_try_advisory_xact_lock($1) AS ok", [SEAL_LOCK_KEY]
            )
            if not locked[0]["ok"]:
                return total
            tail = await conn.execute_query_dict(
                "SELECT chain_seq, hash FROM audit_logs WHERE chain_seq IS NOT NULL "
                "ORDER BY chain_seq DESC LIMIT 1"
            )
            seq = tail[0]["chain_seq"] if tail else 0
            prev = tail[0]["hash"] if tail else GENESIS_HASH
            rows = await conn.execute_query_dict(
                f"SELECT {_SELECT_COLUMNS} FROM audit_logs WHERE chain_seq IS NULL "  # noqa: S608
                "ORDER BY id LIMIT $1",
                [batch_size],
            )
            if not rows:
                return total
            ids, seqs, prevs, digests = [], [], [], []
            for n, row in enumerate(rows, 1):
                seq += 1
                digest = row_digest(_decode(row), seq, prev)
                ids.append(row["id"])
                seqs.append(seq)
                prevs.append(prev)
                digests.append(digest)
                prev = digest
                if n % SEAL_SLICE == 0:
                    await asyncio.sleep(0)  # let interactions run between slices
            await conn.execute_query(_SEAL, [ids, seqs, prevs, digests, dt.datetime.now(dt.UTC)])
            total += len(rows)
        head.append(ChainHead(seq, prev))
        if len(rows) < batch_size:
            return total
        if rest:
            await asyncio.sleep((loop.time() - started) * rest)


@dataclass
class ChainReport:
    sealed: int
    unsealed: int
    first_bad_id: int | None = None
    first_bad_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


async def verify_chain(
    *, batch_size: int = 5000, connection: str = "default", head: ChainHead | None = None
) -> ChainReport:
    """Walk the sealed chain in order and recompute every hash. With `head` (a head
    published earlier, kept outside the database) also prove that the chain still holds
    that position with that hash: rows removed from the end leave a chain that otherwise
    verifies."""
    report = await _verify(batch_size, connection)
    if not report.ok or head is None:
        return report
    from tortoise import connections

    conn = connections.get(connection)
    rows = await conn.execute_query_dict(
        "SELECT id, hash FROM audit_logs WHERE chain_seq = $1", [head.seq]
    )
    if not rows:
        return ChainReport(
            report.sealed,
            report.unsealed,
            None,
            head.seq,
            f"the published head position {head.seq} is missing: the chain ends at "
            f"{report.sealed} (rows were removed from its end)",
        )
    if rows[0]["hash"] != head.hash:
        return ChainReport(
            report.sealed,
            report.unsealed,
            rows[0]["id"],
            head.seq,
            "its hash differs from the published head (the chain was rewritten)",
        )
    return report


async def _verify(batch_size: int, connection: str) -> ChainReport:
    from tortoise import connections

    conn = connections.get(connection)
    prev = GENESIS_HASH
    expected_seq = 1
    sealed = 0
    while True:
        rows = await conn.execute_query_dict(
            f"SELECT {_SELECT_COLUMNS}, chain_seq, prev_hash, hash FROM audit_logs "  # noqa: S608
            "WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT $2",
            [expected_seq, batch_size],
        )
        for row in rows:
            bad = None
            if row["chain_seq"] != expected_seq:
                bad = f"chain position {expected_seq} is missing (a row was deleted)"
            elif row["prev_hash"] != prev:
                bad = "its previous-hash link does not match the row before it"
            elif row_digest(_decode(row), row["chain_seq"], prev) != row["hash"]:
                bad = "its content does not match its hash (the row was altered)"
            if bad:
                unsealed = await _count_unsealed(conn)
                return ChainReport(sealed, unsealed, row["id"], expected_seq, bad)
            prev = row["hash"]
            expected_seq += 1
            sealed += 1
        if len(rows) < batch_size:
            break
    unsealed = await _count_unsealed(conn)
    # A sealed row whose hash was cleared shows up as a hole in the sequence count.
    max_seq = await conn.execute_query_dict("SELECT max(chain_seq) AS m FROM audit_logs")
    top = max_seq[0]["m"] or 0
    if top != sealed:
        return ChainReport(sealed, unsealed, None, sealed + 1, "the chain has a gap")
    return ChainReport(sealed, unsealed)


async def _count_unsealed(conn: BaseDBAsyncClient) -> int:
    rows = await conn.execute_query_dict(
        "SELECT count(*) AS n FROM audit_logs WHERE chain_seq IS NULL"
    )
    return int(rows[0]["n"])


_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
SEAL_COLUMNS = ("chain_seq", "prev_hash", "hash", "sealed_at")


def runtime_role_sql(role: str) -> list[str]:
    """The grants of the role the bot connects as, run by the owner after migrations
    (idempotent; tables that later migrations add get the plain grants by default).
    Everything the bot needs on every table, except that on `audit_logs` it may only read,
    insert and set the seal columns: the trigger already refuses a second sealing and any
    change of a row's content, and without the DELETE, TRUNCATE and full UPDATE grants the
    runtime role cannot even try."""
    if not _ROLE_NAME.fullmatch(role):
        raise ValueError(f"not a plain role name (lower-case letters, digits, _): {role!r}")
    seal = ", ".join(f'"{c}"' for c in SEAL_COLUMNS)
    return [
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "aerich" FROM "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE ON "audit_logs" FROM "{role}"',
        f'GRANT SELECT, INSERT ON "audit_logs" TO "{role}"',
        f'GRANT UPDATE ({seal}) ON "audit_logs" TO "{role}"',
        # Tables of later migrations (run by the same owner) get the plain grants.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"',
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{role}"',
    ]

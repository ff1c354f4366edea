"""The audit trail: append-only in the database, and tampering is detected."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import asyncpg
import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from bot.db import libpq_url
from models import AuditLog, audit
from models.audit import seal_pending, verify_chain
from tests.factories import make_guild, make_user

pytestmark = pytest.mark.usefixtures("db")


async def write_entries(n: int) -> list[AuditLog]:
    user, guild = await make_user(), await make_guild()
    return [
        await AuditLog.record(
            "escrow.released",
            object_type="escrow",
            object_id=i,
            actor=user,
            guild=guild,
            before={"status": "DELIVERED", "amount": 125050},
            after={"status": "RELEASED", "note": "ünïcode ✓"},
        )
        for i in range(n)
    ]


async def sql(query: str) -> None:
    await connections.get("default").execute_script(query)


async def behind_the_triggers_back(url: str, query: str) -> None:
    """What a superuser who switched the trigger off could do."""
    conn = await asyncpg.connect(libpq_url(url))
    try:
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(query)
    finally:
        await conn.close()


async def test_sealed_chain_verifies() -> None:
    await write_entries(5)
    report = await verify_chain()
    assert (report.sealed, report.unsealed, report.ok) == (0, 5, True)
    assert await seal_pending() == 5
    report = await verify_chain()
    assert (report.sealed, report.unsealed, report.ok) == (5, 0, True)
    await write_entries(2)
    assert await seal_pending(batch_size=1) == 2
    assert (await verify_chain()).sealed == 7


async def test_sealing_a_batch_lets_other_tasks_run_between_slices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hashing a batch is CPU work: the sealer returns to the event loop every SEAL_SLICE
    rows, so a command arriving meanwhile is not held up for the whole batch."""
    await write_entries(250)
    ticks = 0
    seen: list[int] = []  # the ticker's count when each row is hashed
    digest = audit.row_digest

    def counting_digest(*args: Any, **kwargs: Any) -> str:
        seen.append(ticks)
        return digest(*args, **kwargs)

    monkeypatch.setattr(audit, "row_digest", counting_digest)
    monkeypatch.setattr(audit, "SEAL_SLICE", 50)

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    running = asyncio.create_task(ticker())
    try:
        assert await seal_pending(batch_size=250) == 250
    finally:
        running.cancel()
    assert len(seen) == 250
    # Within the one batch, other tasks ran after every 50 rows hashed.
    assert len(set(seen)) == 5
    assert (await verify_chain()).ok


async def test_a_resting_sealer_pauses_between_full_batches_and_the_chain_still_verifies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sealing job rests `rest` times as long as each full batch took before the next
    (interactions go first while it catches up); the last, partial batch ends the run."""
    await write_entries(25)
    rests: list[float] = []
    sleep = asyncio.sleep

    async def noted_sleep(seconds: float, *args: Any) -> Any:
        if seconds > 0:
            rests.append(seconds)
        return await sleep(0, *args)

    monkeypatch.setattr(asyncio, "sleep", noted_sleep)  # the one models.audit calls
    assert await seal_pending(batch_size=10, rest=6.0) == 25
    assert len(rests) == 2  # after the two full batches, not after the last
    assert all(r > 0 for r in rests)
    report = await verify_chain()
    assert (report.sealed, report.unsealed, report.ok) == (25, 0, True)
    await write_entries(25)
    rests.clear()
    assert await seal_pending(batch_size=10) == 25  # no rest asked: none taken
    assert rests == [] and (await verify_chain()).ok


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_logs SET action = 'x'",
        "DELETE FROM audit_logs",
        "TRUNCATE audit_logs",
    ],
)
async def test_update_delete_truncate_are_refused(statement: str) -> None:
    await write_entries(2)
    await seal_pending()
    with pytest.raises(OperationalError, match=r"append-only|sealed"):
        await sql(statement)
    assert await AuditLog.all().count() == 2


async def test_unsealed_rows_can_only_be_sealed_not_edited() -> None:
    (entry,) = await write_entries(1)
    with pytest.raises(OperationalError, match="may only be sealed"):
        await sql(f"UPDATE audit_logs SET after = '{{}}' WHERE id = {entry.id}")
    with pytest.raises(OperationalError, match="may only be sealed"):
        await sql(
            "UPDATE audit_logs SET chain_seq = 1, prev_hash = 'a', hash = 'b', "
            f"action = 'forged' WHERE id = {entry.id}"
        )


async def test_a_sealed_row_cannot_be_resealed() -> None:
    (entry,) = await write_entries(1)
    await seal_pending()
    with pytest.raises(OperationalError, match="is sealed"):
        await sql(f"UPDATE audit_logs SET hash = repeat('0', 64) WHERE id = {entry.id}")


async def test_an_altered_row_is_named(db: str) -> None:
    entries = await write_entries(6)
    await seal_pending()
    victim = entries[3]
    await behind_the_triggers_back(
        db, f"""UPDATE audit_logs SET after = '{{"status": "REFUNDED"}}' WHERE id = {victim.id}"""
    )
    report = await verify_chain()
    assert not report.ok
    assert report.first_bad_id == victim.id
    assert report.sealed == 3
    assert "altered" in (report.problem or "")


async def test_a_deleted_row_is_detected(db: str) -> None:
    entries = await write_entries(4)
    await seal_pending()
    await behind_the_triggers_back(db, f"DELETE FROM audit_logs WHERE id = {entries[1].id}")
    report = await verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 2


async def test_a_rehashed_row_breaks_the_link_to_the_next(db: str) -> None:
    """Recomputing one row's hash after editing it is not enough: the next row's link breaks."""
    from models.audit import row_digest

    entries = await write_entries(3)
    await seal_pending()
    rows = await connections.get("default").execute_query_dict(
        "SELECT * FROM audit_logs ORDER BY chain_seq"
    )
    forged = dict(rows[0])
    forged["action"] = "escrow.refunded"
    import json

    for col in ("before", "after"):
        if isinstance(forged[col], str):
            forged[col] = json.loads(forged[col])
    new_hash = row_digest(forged, 1, rows[0]["prev_hash"])
    await behind_the_triggers_back(
        db,
        f"UPDATE audit_logs SET action = 'escrow.refunded', hash = '{new_hash}' "
        f"WHERE id = {entries[0].id}",
    )
    report = await verify_chain()
    assert not report.ok
    assert report.first_bad_id == entries[1].id


async def test_concurrent_sealers_keep_one_chain() -> None:
    await write_entries(50)
    sealed = await asyncio.gather(*(seal_pending(batch_size=7) for _ in range(4)))
    # Losers of the advisory lock return early; a later call picks up anything left.
    sealed_total = sum(sealed) + await seal_pending()
    assert sealed_total == 50
    report = await verify_chain()
    assert report.ok and report.sealed == 50


async def test_a_late_committing_writer_is_sealed_after_the_tail() -> None:
    """A row with a lower id that commits after a seal lands later in the chain, not lost."""
    user = await make_user()
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_writer() -> None:
        async with in_transaction() as conn:
            await AuditLog.record("slow", object_type="t", object_id=1, actor=user, using_db=conn)
            started.set()
            await release.wait()

    task = asyncio.create_task(slow_writer())
    await started.wait()
    await AuditLog.record("fast", object_type="t", object_id=2, actor=user)
    assert await seal_pending() == 1  # only the committed row
    release.set()
    await task
    assert await seal_pending() == 1
    report = await verify_chain()
    assert report.ok and report.sealed == 2
    order = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str], await AuditLog.all().order_by("chain_seq").values_list("action", flat=True)
    )
    assert order == ["fast", "slow"]

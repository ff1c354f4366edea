"""`WebhookEvent.claim`: stored once, processed once, even when a new row is stored already
marked processed (it is visible only with the processing that committed with it)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tortoise.transactions import in_transaction

from models.enums import WebhookProvider
from models.webhook import WebhookEvent

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
STRIPE = WebhookProvider.STRIPE


async def claim(event_id: str, *, raw: str | None = None) -> WebhookEvent | None:
    async with in_transaction() as conn:
        return await WebhookEvent.claim(
            STRIPE, event_id, "charge.refunded", {"id": event_id}, conn, raw=raw, done_at=NOW
        )


async def test_a_new_event_is_stored_processed_and_a_replay_finds_it_done() -> None:
    first = await claim("evt_a")
    assert first is not None and first.processed and first.processed_at == NOW
    assert await claim("evt_a") is None
    assert await WebhookEvent.filter(event_id="evt_a").count() == 1


async def test_processing_that_fails_leaves_no_row_and_the_next_delivery_processes_it() -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            got = await WebhookEvent.claim(STRIPE, "evt_b", "x", {}, conn, done_at=NOW)
            assert got is not None
            raise RuntimeError("processing failed")
    assert not await WebhookEvent.filter(event_id="evt_b").exists()
    assert await claim("evt_b") is not None


async def test_a_row_stored_unprocessed_is_handed_back_to_be_processed() -> None:
    await WebhookEvent.create(provider=STRIPE, event_id="evt_c", type="x", payload={})
    got = await claim("evt_c")
    assert got is not None and not got.processed  # the caller marks it done


async def test_the_raw_text_is_stored_as_received() -> None:
    raw = json.dumps({"id": "evt_d", "data": {"object": {"id": "ch_1", "amount": 5}}})
    await claim("evt_d", raw=raw)
    row = await WebhookEvent.get(event_id="evt_d")
    assert row.payload == json.loads(raw)

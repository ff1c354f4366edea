"""What operators watch: /metrics (Prometheus), /healthz, /readyz and JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import aiohttp
import pytest
import simcord
from prometheus_client.parser import text_string_to_metric_families
from tortoise import connections

from bot.app import create_bot
from bot.config import Settings
from bot.logs import JsonFormatter
from models import escrow_actions
from models.enums import EscrowStatus
from models.user import User
from tests.bot.cogs.test_escrow import (  # noqa: F401 (fixture)
    World,
    fund,
    open_escrow,
    post_raw,
    refreshed,
    world,
)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(port: int) -> Samples:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def get_json(port: int, path: str) -> tuple[int, dict[str, object]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def test_metrics_count_commands_webhooks_provider_calls_and_escrows(world: World) -> None:  # noqa: F811 (fixture)
    w = world
    port = w.bot.web.port
    assert port
    before = await scrape(port)

    escrow = await open_escrow(w)
    await fund(w, escrow)  # the payment's webhook funds it
    refused = await w.outsider.slash(w.channel, "escrow deliver", id=escrow.id, evidence="x")
    assert refused.ephemeral
    delivered = await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, evidence="Sent")
    assert "Marked escrow" in (delivered.response.content if delivered.response else "")
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.release(escrow.id, rail=w.rail, by=buyer)  # a transfer call
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    assert await post_raw(w.webhook_url, b"{}", "t=1,v1=deadbeef") == 400
    opened = await open_escrow(w)  # a second one, waiting for funds

    after = await scrape(port)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    deliver = {"command": "escrow deliver"}
    assert delta("bloxtr8_commands_total", **deliver, outcome="ok") == 1
    assert delta("bloxtr8_commands_total", **deliver, outcome="refused") == 1
    assert delta("bloxtr8_command_seconds_count", **deliver) == 2
    assert delta("bloxtr8_webhooks_total", provider="stripe", outcome="processed") >= 1
    assert delta("bloxtr8_webhooks_total", provider="stripe", outcome="refused") == 1
    assert delta("bloxtr8_provider_calls_total", rail="STRIPE", kind="TRANSFER", outcome="ok") == 1
    assert delta("bloxtr8_provider_call_seconds_count", rail="STRIPE", kind="TRANSFER") == 1
    # Escrows by state, read from the database when scraped.
    assert value(after, "bloxtr8_escrows", state=EscrowStatus.RELEASED.value) == 1
    assert value(after, "bloxtr8_escrows", state=opened.status.value) == 1
    # The pool of this process (the test suite's: at most 20 connections).
    size = value(after, "bloxtr8_db_pool_connections", state="size")
    idle = value(after, "bloxtr8_db_pool_connections", state="idle")
    assert size >= 1 and value(after, "bloxtr8_db_pool_connections", state="max") == 20
    assert value(after, "bloxtr8_db_pool_connections", state="in_use") == size - idle
    # The jobs have run at least once since the bot became ready.
    assert value(after, "bloxtr8_job_runs_total", job="audit-seal", outcome="ok") >= 1


async def test_a_scrape_time_gauge_is_a_few_lines(world: World) -> None:  # noqa: F811 (fixture)
    from bot import metrics

    async def ready_to_ship() -> float:
        rows = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM escrows WHERE status = 'AWAIT_FUNDS'"
        )
        return float(rows[0]["n"])

    metrics.scrape_gauge("bloxtr8_test_waiting", "Escrows waiting for funds", ready_to_ship)
    await open_escrow(world)
    await open_escrow(world)
    assert world.bot.web.port
    assert value(await scrape(world.bot.web.port), "bloxtr8_test_waiting") == 2

    async def broken() -> float:
        raise RuntimeError("no such table")

    metrics.scrape_gauge("bloxtr8_test_waiting", "Escrows waiting for funds", broken)
    samples = await scrape(world.bot.web.port)  # one failing query doesn't fail the scrape
    assert value(samples, "bloxtr8_scrape_query_errors_total", gauge="bloxtr8_test_waiting") >= 1
    assert value(samples, "bloxtr8_test_waiting") == 2  # the last good value


async def test_readyz_checks_database_migrations_and_gateway(world: World) -> None:  # noqa: F811 (fixture)
    port = world.bot.web.port
    assert port
    status, body = await get_json(port, "/readyz")
    assert status == 200, body
    assert body == {"ready": True, "database": "ok", "migrations": "ok", "gateway": "ok"}
    status, body = await get_json(port, "/healthz")
    assert status == 200 and body["ok"] is True

    # A migration file the database hasn't had: not ready (the newest row hidden a moment).
    conn = connections.get("default")
    rows = await conn.execute_query_dict("SELECT id, version FROM aerich ORDER BY id DESC LIMIT 1")
    newest = rows[0]
    await conn.execute_query("UPDATE aerich SET version = 'hidden' WHERE id = $1", [newest["id"]])
    try:
        status, body = await get_json(port, "/readyz")
    finally:
        await conn.execute_query(
            "UPDATE aerich SET version = $2 WHERE id = $1", [newest["id"], newest["version"]]
        )
    assert status == 503 and body["migrations"] == "1 not applied" and body["ready"] is False

    # Discord not connected: a gateway process is not ready, a web-only one is.
    from bot.web.server import readiness

    assert (await readiness(needs_gateway=True, gateway=False))["gateway"] == "not connected"
    assert (await readiness(needs_gateway=False, gateway=False))["gateway"] == "ok"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


async def test_json_log_lines_carry_the_reference_a_user_is_shown(
    settings: Settings, db: str, json_log: io.StringIO
) -> None:
    bot = create_bot(settings, sync_commands=True)

    @bot.tree.command(name="boom", description="Fails with a bug")
    async def boom(interaction: object) -> None:
        raise RuntimeError("a bug with a secret path /srv/x")

    try:
        async with simcord.run(bot) as env:
            guild = env.create_guild()
            channel = guild.create_text_channel("market")
            alice = guild.add_member(env.create_user("alice"))
            result = await alice.slash(channel, "boom")
            assert env.errors  # seen: the bug is what this test is about
    finally:
        await bot.roblox.close()
    text = result.response.content if result.response else ""
    assert result.ephemeral and "Something went wrong on our side (ref `" in text
    ref = text.split("ref `", 1)[1].split("`", 1)[0]
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]  # each is JSON
    (entry,) = [e for e in lines if e.get("ref") == ref]
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.ui.errors"
    assert entry["where"] == "/boom" and entry["guild_id"] == guild.id
    assert entry["user_id"] == alice.id and isinstance(entry["interaction_id"], int)
    assert "RuntimeError: a bug" in entry["exception"] and ref in entry["message"]
    assert entry["time"].endswith("+00:00")


def test_log_format_is_a_setting() -> None:
    assert Settings(_env_file=None, log_format="JSON").log_format == "json"  # type: ignore[call-arg, arg-type]
    assert Settings(_env_file=None).log_format == "text"  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="log_format"):
        Settings(_env_file=None, log_format="xml")  # type: ignore[call-arg, arg-type]


def test_setup_logging_writes_json_lines_to_stderr() -> None:
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from bot.logs import setup_logging\n"
        "setup_logging('INFO', 'json')\n"
        "log = logging.getLogger('bot.example')\n"
        "log.info('Escrow %s funded', 12, extra={'escrow_id': 12})\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    log.exception('Job failed (ref %s)', 'ab12cd34', extra={'ref': 'ab12cd34'})\n"
        "log.debug('not shown at INFO')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(e["level"], e["logger"], e["message"]) for e in lines] == [
        ("INFO", "bot.example", "Escrow 12 funded"),
        ("ERROR", "bot.example", "Job failed (ref ab12cd34)"),
    ]
    assert lines[0]["escrow_id"] == 12 and "exception" not in lines[0]
    assert lines[1]["ref"] == "ab12cd34" and "ZeroDivisionError" in lines[1]["exception"]

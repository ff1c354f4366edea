"""Prometheus metrics of one bot process, served at `/metrics` by the web server.

Counters and histograms are updated where things happen: the command tree (completion
and error), the job loop helper, provider calls (through `models.payments.observe_calls`,
so the domain imports nothing from here) and webhook ingest. Numbers that live in the
database are read when Prometheus scrapes: `scrape_gauge` registers a gauge and the async
query that fills it, and `/metrics` runs every registered query before it answers. The
escrows-by-state gauge below is one; adding another is a few lines:

    from bot import metrics

    async def backlog() -> float:
        return await Notification.filter(sent_at=None).count()

    metrics.scrape_gauge("bloxtr8_outbox_backlog", "Notifications not sent yet", backlog)

A query returns either one number or a mapping from label values (a tuple, in the order
of `labels`) to numbers; label values it no longer returns disappear from the gauge.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from models import payments

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()

# Seconds: Discord wants an answer within 3 s, so the buckets are finer below that.
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)

COMMANDS = Counter(
    "bloxtr8_commands",
    "Application commands handled, by command and outcome (ok, refused, error)",
    ["command", "outcome"],
    registry=REGISTRY,
)
COMMAND_SECONDS = Histogram(
    "bloxtr8_command_seconds",
    "Time from an application command's arrival to its completion or error",
    ["command"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "bloxtr8_job_runs",
    "Background job runs, by job and outcome (ok, error)",
    ["job", "outcome"],
    registry=REGISTRY,
)
JOB_SECONDS = Histogram(
    "bloxtr8_job_seconds",
    "Duration of one background job run",
    ["job"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
JOB_LAG = Gauge(
    "bloxtr8_job_lag_seconds",
    "How late the last run of a job started after it was due",
    ["job"],
    registry=REGISTRY,
)
JOB_LAST_SUCCESS = Gauge(
    "bloxtr8_job_last_success_timestamp_seconds",
    "Unix time of a job's last successful run",
    ["job"],
    registry=REGISTRY,
)
PROVIDER_CALLS = Counter(
    "bloxtr8_provider_calls",
    "Calls to a payment provider, by rail, kind and outcome (ok, refused, unavailable, error)",
    ["rail", "kind", "outcome"],
    registry=REGISTRY,
)
PROVIDER_SECONDS = Histogram(
    "bloxtr8_provider_call_seconds",
    "Duration of one call to a payment provider",
    ["rail", "kind"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
WEBHOOKS = Counter(
    "bloxtr8_webhooks",
    "Webhook deliveries received, by provider and outcome",
    ["provider", "outcome"],
    registry=REGISTRY,
)
WEBHOOK_SECONDS = Histogram(
    "bloxtr8_webhook_seconds",
    "Time to verify and process one webhook delivery",
    ["provider"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
DB_POOL = Gauge(
    "bloxtr8_db_pool_connections",
    "Database pool connections of this process: size (open), idle, in_use and max",
    ["state"],
    registry=REGISTRY,
)
SCRAPE_ERRORS = Counter(
    "bloxtr8_scrape_query_errors",
    "Scrape-time queries that failed (their gauge keeps its previous values)",
    ["gauge"],
    registry=REGISTRY,
)

ScrapeResult = float | int | Mapping[tuple[str, ...], float | int]
ScrapeQuery = Callable[[], Awaitable[ScrapeResult]]


@dataclass(frozen=True, slots=True)
class _Scraped:
    gauge: Gauge
    name: str
    labels: tuple[str, ...]
    query: ScrapeQuery


_SCRAPED: dict[str, _Scraped] = {}


def scrape_gauge(
    name: str, documentation: str, query: ScrapeQuery, labels: tuple[str, ...] = ()
) -> Gauge:
    """A gauge filled by `query` each time `/metrics` is read (registering a name twice
    replaces the query and keeps the gauge)."""
    existing = _SCRAPED.get(name)
    if existing is not None:
        if existing.labels != tuple(labels):
            raise ValueError(f"metric {name} is already registered with labels {existing.labels}")
        _SCRAPED[name] = _Scraped(existing.gauge, name, existing.labels, query)
        return existing.gauge
    gauge = Gauge(name, documentation, list(labels), registry=REGISTRY)
    _SCRAPED[name] = _Scraped(gauge, name, tuple(labels), query)
    return gauge


async def _refresh(scraped: _Scraped) -> None:
    try:
        result = await scraped.query()
    except Exception:
        SCRAPE_ERRORS.labels(scraped.name).inc()
        log.exception("Metrics: the scrape query of %s failed", scraped.name)
        return
    if not scraped.labels:
        scraped.gauge.set(float(result))  # type: ignore[arg-type]
        return
    values = result if isinstance(result, Mapping) else {}
    scraped.gauge.clear()
    for label_values, value in values.items():
        scraped.gauge.labels(*label_values).set(float(value))


async def render() -> tuple[bytes, str]:
    """The exposition text after running the scrape-time queries (concurrently)."""
    await asyncio.gather(*(_refresh(s) for s in list(_SCRAPED.values())))
    _pool_use()
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


# --- what the bot and the domain report -----------------------------------------------------


def command_done(command: str, outcome: str, started: float | None) -> None:
    COMMANDS.labels(command, outcome).inc()
    if started is not None:
        COMMAND_SECONDS.labels(command).observe(max(0.0, time.perf_counter() - started))


def job_ran(job: str, ok: bool, seconds: float, lag: float) -> None:
    JOB_RUNS.labels(job, "ok" if ok else "error").inc()
    JOB_SECONDS.labels(job).observe(seconds)
    JOB_LAG.labels(job).set(max(0.0, lag))
    if ok:
        JOB_LAST_SUCCESS.labels(job).set(time.time())


def webhook_received(provider: str, outcome: str, seconds: float) -> None:
    WEBHOOKS.labels(provider, outcome).inc()
    WEBHOOK_SECONDS.labels(provider).observe(seconds)


def _provider_call(rail: str, kind: str, outcome: str, seconds: float) -> None:
    PROVIDER_CALLS.labels(rail, kind, outcome).inc()
    PROVIDER_SECONDS.labels(rail, kind).observe(seconds)


payments.observe_calls(_provider_call)


def _pool_use() -> None:
    """Open, idle and in-use connections of the ORM's asyncpg pool (none before it opens)."""
    from tortoise import connections

    try:
        pool: Any = getattr(connections.get("default"), "_pool", None)
    except Exception:  # the ORM is not initialised in this process
        pool = None
    if pool is None:
        return
    size, idle = pool.get_size(), pool.get_idle_size()
    DB_POOL.labels("size").set(size)
    DB_POOL.labels("idle").set(idle)
    DB_POOL.labels("in_use").set(size - idle)
    DB_POOL.labels("max").set(pool.get_max_size())


async def escrows_by_state() -> ScrapeResult:
    """Escrows per status, one GROUP BY."""
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT status, count(*) AS n FROM escrows GROUP BY status"
    )
    return {(str(row["status"]),): int(row["n"]) for row in rows}


scrape_gauge("bloxtr8_escrows", "Escrows by state", escrows_by_state, ("state",))

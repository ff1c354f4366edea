"""Per-user cooldowns on commands that call Roblox or render PDFs.

    @app_commands.command(...)
    @roblox_cooldown()

Each decorated command has its own bucket per user (discord.py's `app_commands.Cooldown`),
kept on the running bot rather than in the decorator (so two bots in one process, as in the
tests, don't share them). A user over it gets the one error mapper's "Slow down a little:
try again in N s." (bot/ui/errors.py). The command's own party checks still run before any
outside call; the cooldown only bounds how often one person can make the bot ask Roblox or
print a PDF.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")

ROBLOX_RATE, ROBLOX_PER = 5, 30.0  # Roblox lookups: 5 in 30 s per person and command
PDF_RATE, PDF_PER = 3, 60.0  # PDF renderings: 3 a minute per person and command
_PRUNE_AT = 10_000  # buckets kept per bot before idle ones are dropped

_Buckets = dict[tuple[str, int], app_commands.Cooldown]
_by_client: weakref.WeakKeyDictionary[discord.Client, _Buckets] = weakref.WeakKeyDictionary()


def per_user(rate: int, per: float) -> Callable[[T], T]:
    """At most `rate` uses of the command per user in `per` seconds."""

    def predicate(interaction: discord.Interaction[Any]) -> bool:
        buckets = _by_client.setdefault(interaction.client, {})
        name = interaction.command.qualified_name if interaction.command else "?"
        key = (name, interaction.user.id)
        bucket = buckets.get(key)
        if bucket is None:
            if len(buckets) >= _PRUNE_AT:
                _prune(buckets)
            bucket = buckets[key] = app_commands.Cooldown(rate, per)
        retry_after = bucket.update_rate_limit()
        if retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)
        return True

    return app_commands.check(predicate)


def _prune(buckets: _Buckets) -> None:
    for key, bucket in list(buckets.items()):
        if bucket.get_tokens() >= bucket.rate:
            del buckets[key]


def roblox_cooldown() -> Callable[[T], T]:
    return per_user(ROBLOX_RATE, ROBLOX_PER)


def pdf_cooldown() -> Callable[[T], T]:
    return per_user(PDF_RATE, PDF_PER)

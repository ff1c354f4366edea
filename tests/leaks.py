"""The one scanner for what a party must never read: enum names, provider ids, ISO
timestamps, basis points. Used on every message the parties hold."""

from __future__ import annotations

import re
from enum import StrEnum

import discord

import models.enums as enums

_ENUM_WORDS = sorted(
    {
        str(member.value)
        for enum in vars(enums).values()
        if isinstance(enum, type) and issubclass(enum, StrEnum) and enum is not StrEnum
        for member in enum
        if re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{4,}", str(member.value))
        and str(member.value) not in {"USDC"}  # the coin's name is a word people read
    },
    key=len,
    reverse=True,
)
LEAKS = {
    "enum name": re.compile(r"\b(" + "|".join(map(re.escape, _ENUM_WORDS)) + r")\b"),
    "provider id": re.compile(r"\b(pi|ch|tr|re|py|acct|cs|evt|seti|cus|pm|dp)_[A-Za-z0-9]{6,}"),
    "ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"),
    "basis points": re.compile(r"\bbps\b|basis points", re.I),
}


def readable_text(message: discord.Message) -> str:
    """Everything a party reads in a message: content, embeds, button labels."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    parts += [
        child.label or ""
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    ]
    return "\n".join(parts)


def leaks_in(messages: list[discord.Message]) -> list[tuple[str, str]]:
    return [leak for message in messages for leak in text_leaks(readable_text(message))]


def text_leaks(text: str) -> list[tuple[str, str]]:
    """The leaks in plain text (a thread's transcript, a page)."""
    found = []
    for what, pattern in LEAKS.items():
        for hit in pattern.findall(text):
            found.append((what, hit if isinstance(hit, str) else hit[0]))
    return found

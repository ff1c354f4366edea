"""What the domain knows of Roblox: its records, its errors, asset references, the client's shape.

The HTTP client (`bot.roblox.RobloxClient`) implements `RobloxApi`; models are handed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

MAX_ID = 2**63 - 1
"""Largest id Roblox hands out (a signed 64-bit integer)."""


class RobloxError(Exception):
    """Roblox answered, but not with something we can use. `str()` is safe to show users."""


class RobloxUnavailable(RobloxError):
    """Roblox kept failing or timing out after every retry."""

    def __init__(self, message: str = "Roblox isn't answering, try again in a minute.") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class RobloxUser:
    """A Roblox account."""

    id: int
    name: str
    display_name: str
    description: str
    created: datetime
    is_banned: bool


@dataclass(frozen=True, slots=True)
class RobloxGame:
    """A Roblox experience (universe) and who owns it."""

    universe_id: int
    root_place_id: int
    name: str
    description: str
    creator_id: int
    creator_type: Literal["User", "Group"]
    creator_name: str
    visits: int
    playing: int
    created: datetime


@dataclass(frozen=True, slots=True)
class RobloxGroup:
    """A Roblox group (community); `owner_id` is None when nobody owns it."""

    id: int
    name: str
    description: str
    owner_id: int | None
    member_count: int


@dataclass(frozen=True, slots=True)
class AssetRef:
    """What a seller pointed at: a place, a universe or a group, by id."""

    kind: Literal["place", "universe", "group"]
    id: int


class RobloxApi(Protocol):
    """The calls the domain makes to Roblox (see `bot.roblox.RobloxClient`)."""

    async def user_by_username(self, name: str) -> RobloxUser | None: ...
    async def user(self, user_id: int) -> RobloxUser | None: ...
    async def universe_for_place(self, place_id: int) -> int | None: ...
    async def games(self, universe_ids: Iterable[int]) -> list[RobloxGame]: ...
    async def game(self, universe_id: int) -> RobloxGame | None: ...
    async def game_icons(self, universe_ids: Iterable[int]) -> dict[int, str]: ...
    async def group(self, group_id: int) -> RobloxGroup | None: ...


def valid_roblox_id(value: int) -> bool:
    return 0 < value <= MAX_ID


_ACCEPTED_FORMS = (
    "Paste a Roblox game link (https://www.roblox.com/games/1818/...), "
    "a group link (https://www.roblox.com/groups/7/...), "
    "or write place:1818, universe:123, group:7, or just the place id."
)

_URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?roblox\.com"
    r"/(?P<section>games|groups|communities)/(?P<id>[0-9]+)"
    r"(?:/[^\s?#]*)?(?:[?#]\S*)?",
    re.ASCII | re.IGNORECASE,
)
_PREFIXED_RE = re.compile(
    r"(?P<kind>place|universe|group)\s*:\s*(?P<id>[0-9]+)", re.ASCII | re.IGNORECASE
)
_BARE_RE = re.compile(r"(?P<id>[0-9]+)", re.ASCII)

_SECTION_KIND: dict[str, Literal["place", "group"]] = {
    "games": "place",
    "groups": "group",
    "communities": "group",
}
_PREFIX_KIND: dict[str, Literal["place", "universe", "group"]] = {
    "place": "place",
    "universe": "universe",
    "group": "group",
}


def parse_asset_reference(text: str) -> AssetRef:
    """Read a game/group link, `place:N`, `universe:N`, `group:N` or a bare place id.

    Raises ValueError with a message fit to show the user.
    """
    cleaned = text.strip()
    if cleaned.startswith("<") and cleaned.endswith(">"):  # Discord's "no embed" wrapping
        cleaned = cleaned[1:-1].strip()
    if not cleaned:
        raise ValueError(f"That's empty. {_ACCEPTED_FORMS}")
    if len(cleaned) > 500:
        raise ValueError(f"That's too long to be a Roblox link. {_ACCEPTED_FORMS}")

    kind: Literal["place", "universe", "group"]
    if (match := _URL_RE.fullmatch(cleaned)) is not None:
        kind = _SECTION_KIND[match["section"].lower()]
    elif (match := _PREFIXED_RE.fullmatch(cleaned)) is not None:
        kind = _PREFIX_KIND[match["kind"].lower()]
    elif (match := _BARE_RE.fullmatch(cleaned)) is not None:
        kind = "place"
    else:
        raise ValueError(f"I couldn't read that as a Roblox game or group. {_ACCEPTED_FORMS}")

    asset_id = int(match["id"])
    if not valid_roblox_id(asset_id):
        raise ValueError(f"That id isn't a real Roblox id: it must be between 1 and {MAX_ID}.")
    return AssetRef(kind=kind, id=asset_id)

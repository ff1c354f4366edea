"""Async client for the public Roblox web APIs used to check users, games and groups."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol, Self

import aiohttp

from models.roblox_api import (
    RobloxError,
    RobloxGame,
    RobloxGroup,
    RobloxUnavailable,
    RobloxUser,
    valid_roblox_id,
)

log = logging.getLogger(__name__)

_GAMES_BATCH = 50
_ICONS_BATCH = 100
_USER_AGENT = "Bloxtr8 (+https://github.com/bloxtr8)"


class _Malformed(Exception):
    """A response body did not have the shape we expected."""


class RobloxSettings(Protocol):
    """The part of `bot.config.Settings` the client reads."""

    @property
    def roblox_users_api(self) -> str: ...
    @property
    def roblox_games_api(self) -> str: ...
    @property
    def roblox_apis_api(self) -> str: ...
    @property
    def roblox_groups_api(self) -> str: ...
    @property
    def roblox_thumbnails_api(self) -> str: ...


class RobloxClient:
    """Talks to users, games, apis, groups and thumbnails.roblox.com with retries."""

    def __init__(
        self,
        *,
        users_api: str = "https://users.roblox.com",
        games_api: str = "https://games.roblox.com",
        apis_api: str = "https://apis.roblox.com",
        groups_api: str = "https://groups.roblox.com",
        thumbnails_api: str = "https://thumbnails.roblox.com",
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._users = users_api.rstrip("/")
        self._games = games_api.rstrip("/")
        self._apis = apis_api.rstrip("/")
        self._groups = groups_api.rstrip("/")
        self._thumbnails = thumbnails_api.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._retries = retries
        self._backoff = max(backoff, 0.0)
        self._max_retry_after = max(max_retry_after, 0.0)
        self._session = session
        self._owns_session = session is None

    @classmethod
    def from_settings(cls, settings: RobloxSettings, **kwargs: Any) -> Self:
        """Build a client from the `roblox_*_api` settings; `kwargs` go to the constructor."""
        return cls(
            users_api=settings.roblox_users_api,
            games_api=settings.roblox_games_api,
            apis_api=settings.roblox_apis_api,
            groups_api=settings.roblox_groups_api,
            thumbnails_api=settings.roblox_thumbnails_api,
            **kwargs,
        )

    async def close(self) -> None:
        """Close the HTTP session if this client created it."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
        if self._owns_session:
            self._session = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- users -------------------------------------------------------------------------------

    async def user_by_username(self, name: str) -> RobloxUser | None:
        """Look up an account by its username (not display name); None if there is none."""
        name = name.strip()
        if not name:
            return None
        body = await self._call(
            "POST",
            f"{self._users}/v1/usernames/users",
            json_body={"usernames": [name], "excludeBannedUsers": False},
        )
        try:
            entries = _list(_dict(body), "data")
            user_id = _id(_dict(entries[0]), "id") if entries else None
        except _Malformed as exc:
            raise _unreadable("usernames", exc) from None
        if user_id is None:
            return None
        return await self.user(user_id)

    async def user(self, user_id: int) -> RobloxUser | None:
        """Fetch an account by id; None if it doesn't exist."""
        body = await self._by_id(user_id, f"{self._users}/v1/users/{user_id}")
        if body is None:
            return None
        try:
            data = _dict(body)
            return RobloxUser(
                id=_id(data, "id"),
                name=_str(data, "name"),
                display_name=_str(data, "displayName", default=_str(data, "name")),
                description=_str(data, "description", default=""),
                created=_time(data, "created"),
                is_banned=_bool(data, "isBanned", default=False),
            )
        except _Malformed as exc:
            raise _unreadable("user", exc) from None

    # -- games -------------------------------------------------------------------------------

    async def universe_for_place(self, place_id: int) -> int | None:
        """Map a place id (the number in a game URL) to its universe id; None if unknown."""
        body = await self._by_id(place_id, f"{self._apis}/universes/v1/places/{place_id}/universe")
        if body is None:
            return None
        try:
            data = _dict(body)
            if data.get("universeId") is None:
                return None
            return _id(data, "universeId")
        except _Malformed as exc:
            raise _unreadable("universe", exc) from None

    async def games(self, universe_ids: Iterable[int]) -> list[RobloxGame]:
        """Fetch games by universe id, in the order asked; unknown ids are left out."""
        wanted = _unique_ids(universe_ids)
        found: dict[int, RobloxGame] = {}
        for batch in _batches(wanted, _GAMES_BATCH):
            body = await self._call(
                "GET",
                f"{self._games}/v1/games",
                params={"universeIds": ",".join(map(str, batch))},
            )
            try:
                for entry in _list(_dict(body), "data"):
                    game = _game(_dict(entry))
                    found[game.universe_id] = game
            except _Malformed as exc:
                raise _unreadable("games", exc) from None
        return [found[i] for i in wanted if i in found]

    async def game(self, universe_id: int) -> RobloxGame | None:
        """Fetch one game by universe id; None if it doesn't exist."""
        games = await self.games([universe_id])
        return games[0] if games else None

    async def game_icons(self, universe_ids: Iterable[int]) -> dict[int, str]:
        """Icon image URLs by universe id; ids whose icon isn't ready are left out."""
        wanted = _unique_ids(universe_ids)
        icons: dict[int, str] = {}
        for batch in _batches(wanted, _ICONS_BATCH):
            body = await self._call(
                "GET",
                f"{self._thumbnails}/v1/games/icons",
                params={
                    "universeIds": ",".join(map(str, batch)),
                    "returnPolicy": "PlaceHolder",
                    "size": "512x512",
                    "format": "Png",
                    "isCircular": "false",
                },
            )
            try:
                for entry in _list(_dict(body), "data"):
                    item = _dict(entry)
                    url = item.get("imageUrl")
                    if item.get("state") == "Completed" and isinstance(url, str) and url:
                        icons[_id(item, "targetId")] = url
            except _Malformed as exc:
                raise _unreadable("game icons", exc) from None
        return icons

    # -- groups ------------------------------------------------------------------------------

    async def group(self, group_id: int) -> RobloxGroup | None:
        """Fetch a group by id; None if it doesn't exist."""
        body = await self._by_id(group_id, f"{self._groups}/v1/groups/{group_id}")
        if body is None:
            return None
        try:
            data = _dict(body)
            owner = data.get("owner")
            return RobloxGroup(
                id=_id(data, "id"),
                name=_str(data, "name"),
                description=_str(data, "description", default=""),
                owner_id=None if owner is None else _id(_dict(owner), "userId"),
                member_count=_count(data, "memberCount"),
            )
        except _Malformed as exc:
            raise _unreadable("group", exc) from None

    # -- transport ---------------------------------------------------------------------------

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or (self._owns_session and self._session.closed):
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                headers={"Accept": "application/json", "User-Agent": _USER_AGENT},
            )
            self._owns_session = True
        return self._session

    async def _by_id(self, item_id: int, url: str) -> Any:
        """GET `url` about one id: None when the id can't exist or nothing has it."""
        if not valid_roblox_id(item_id):
            return None
        return await self._call("GET", url, missing_ok=True)

    async def _call(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: object = None,
        missing_ok: bool = False,
    ) -> Any:
        """Send one request with retries; return the decoded JSON (None for a missing object)."""
        session = self._http()
        attempts = self._retries + 1
        reason = ""
        for attempt in range(1, attempts + 1):
            wait: float | None = None
            try:
                async with session.request(
                    method, url, params=params, json=json_body, timeout=self._timeout
                ) as resp:
                    status = resp.status
                    if status == 429 or status >= 500:
                        reason = f"HTTP {status}"
                        if status == 429:
                            wait = _retry_after(resp.headers.get("Retry-After"))
                    else:
                        raw = await resp.read()
                        return _decode(method, url, status, raw, missing_ok=missing_ok)
            except aiohttp.InvalidURL as exc:
                raise RobloxError("The Roblox API address is misconfigured.") from exc
            except (aiohttp.ClientError, TimeoutError) as exc:
                reason = type(exc).__name__
            if attempt == attempts:
                break
            delay = self._backoff * 2 ** (attempt - 1) if wait is None else wait
            delay = min(delay, self._max_retry_after)
            log.warning(
                "Roblox %s %s failed (%s), retry %d/%d in %.2fs",
                method,
                url,
                reason,
                attempt,
                self._retries,
                delay,
            )
            await asyncio.sleep(delay)
        log.warning(
            "Roblox %s %s still failing after %d attempts (%s)", method, url, attempts, reason
        )
        raise RobloxUnavailable


def _decode(method: str, url: str, status: int, raw: bytes, *, missing_ok: bool) -> Any:
    """Turn a non-retryable response into JSON, None (missing) or a RobloxError."""
    if status in (400, 404) and missing_ok:
        log.debug("Roblox %s %s: HTTP %s, treating as not found", method, url, status)
        return None
    if not 200 <= status < 300:
        log.warning("Roblox %s %s answered HTTP %s", method, url, status)
        log.debug("Roblox error body: %r", raw[:500])
        raise RobloxError(f"Roblox turned the request down (HTTP {status}).")
    try:
        return json.loads(raw)
    except ValueError:
        log.warning("Roblox %s %s sent a body that isn't JSON", method, url)
        log.debug("Roblox body: %r", raw[:500])
        raise RobloxError("Roblox sent an answer we couldn't read.") from None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header; None if absent or not a number of seconds."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # HTTP-date form: fall back to our own backoff
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def _unreadable(what: str, exc: _Malformed) -> RobloxError:
    log.warning("Roblox %s response had an unexpected shape: %s", what, exc)
    return RobloxError("Roblox sent an answer we couldn't read.")


# -- response parsing ------------------------------------------------------------------------


def _game(data: dict[str, Any]) -> RobloxGame:
    creator = _dict(data.get("creator"))
    creator_type = creator.get("type")
    if creator_type not in ("User", "Group"):
        raise _Malformed(f"creator.type is {creator_type!r}")
    return RobloxGame(
        universe_id=_id(data, "id"),
        root_place_id=_id(data, "rootPlaceId"),
        name=_str(data, "name"),
        description=_str(data, "description", default=""),
        creator_id=_id(creator, "id"),
        creator_type="User" if creator_type == "User" else "Group",
        creator_name=_str(creator, "name", default=""),
        visits=_count(data, "visits"),
        playing=_count(data, "playing"),
        created=_time(data, "created"),
    )


def _dict(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Malformed(f"expected an object, got {type(value).__name__}")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise _Malformed(f"{key} is not a list")
    return value


def _id(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not valid_roblox_id(value):
        raise _Malformed(f"{key} is not a valid id")
    return value


def _count(data: dict[str, Any], key: str) -> int:
    """A non-negative counter; null or missing counts as 0."""
    value = data.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Malformed(f"{key} is not a count")
    return value


def _str(data: dict[str, Any], key: str, *, default: str | None = None) -> str:
    value = data.get(key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise _Malformed(f"{key} is not a string")
    return value


def _bool(data: dict[str, Any], key: str, *, default: bool) -> bool:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _Malformed(f"{key} is not a boolean")
    return value


_TIME_RE = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?",
    re.ASCII | re.IGNORECASE,
)


def _parse_time(text: str) -> datetime:
    """Parse Roblox's ISO 8601 timestamps (any fraction length, `Z` or offset) as UTC."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a Roblox timestamp: {text!r}")
    frac = (match["frac"] or "")[:6].ljust(6, "0")
    tz = match["tz"]
    if tz is None or tz.upper() == "Z":
        offset = "+00:00"
    else:
        digits = tz[1:].replace(":", "")
        offset = f"{tz[0]}{digits[:2]}:{digits[2:]}"
    return datetime.fromisoformat(f"{match['base']}.{frac}{offset}").astimezone(UTC)


def _time(data: dict[str, Any], key: str) -> datetime:
    value = data.get(key)
    if not isinstance(value, str):
        raise _Malformed(f"{key} is not a timestamp")
    try:
        return _parse_time(value)
    except ValueError as exc:
        raise _Malformed(str(exc)) from None


def _unique_ids(ids: Iterable[int]) -> list[int]:
    """Valid ids, first occurrence order, no repeats."""
    return list(dict.fromkeys(i for i in ids if valid_roblox_id(i)))


def _batches(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]

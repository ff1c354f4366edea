"""A local stand-in for the Roblox web APIs, serving real routes and shapes from memory.

One base URL serves the users, games, apis, groups and thumbnails routes at once (their
paths don't collide), so point every `roblox_*_api` setting at `FakeRoblox.url`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from aiohttp import web

# Route keys used in `FakeRoblox.hits`.
USERNAMES = "/v1/usernames/users"
USER = "/v1/users/{user_id}"
PLACE_UNIVERSE = "/universes/v1/places/{place_id}/universe"
GAMES = "/v1/games"
GROUP = "/v1/groups/{group_id}"
GAME_ICONS = "/v1/games/icons"

CreatorType = Literal["User", "Group"]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_ICON_SIZES = {"50x50", "128x128", "150x150", "256x256", "420x420", "512x512"}
_ICON_FORMATS = {"Png", "Jpeg", "Webp"}
_DEFAULT_CREATED = datetime(2015, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)


@dataclass
class _User:
    id: int
    name: str
    display_name: str
    description: str
    created: datetime
    is_banned: bool


@dataclass
class _Group:
    id: int
    name: str
    description: str
    owner_id: int | None
    member_count: int


@dataclass
class _Game:
    universe_id: int
    root_place_id: int
    name: str
    description: str
    creator_id: int
    creator_type: CreatorType
    creator_name: str | None
    visits: int
    playing: int
    created: datetime
    icon_state: str = "Completed"


@dataclass(frozen=True)
class _Fault:
    status: int | None = None
    retry_after: str | None = None
    hang: float | None = None


def _roblox_time(value: datetime) -> str:
    """Format like Roblox does: `2015-03-01T12:00:00.123Z`."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _errors(status: int, code: int, message: str) -> web.Response:
    body = {
        "errors": [{"code": code, "message": message, "userFacingMessage": "Something went wrong"}]
    }
    return web.json_response(body, status=status)


def _ids_param(request: web.Request) -> list[int] | None:
    raw = request.query.get("universeIds", "")
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return None
    return ids or None


class FakeRoblox:
    """An in-memory Roblox world behind a real HTTP server on 127.0.0.1."""

    def __init__(self) -> None:
        self.users: dict[int, _User] = {}
        self.groups: dict[int, _Group] = {}
        self.games: dict[int, _Game] = {}
        self.places: dict[int, int] = {}
        self.hits: Counter[str] = Counter()
        self.url = ""
        self._faults: deque[_Fault] = deque()
        self._released = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # -- world -------------------------------------------------------------------------------

    def add_user(
        self,
        id: int,
        name: str,
        display_name: str | None = None,
        description: str = "",
        created: datetime = _DEFAULT_CREATED,
        is_banned: bool = False,
    ) -> None:
        self.users[id] = _User(id, name, display_name or name, description, created, is_banned)

    def set_description(self, user_id: int, text: str) -> None:
        self.users[user_id].description = text

    def add_group(
        self,
        id: int,
        name: str,
        owner_id: int | None,
        member_count: int = 1,
        description: str = "",
    ) -> None:
        self.groups[id] = _Group(id, name, description, owner_id, member_count)

    def set_group_owner(self, group_id: int, owner_id: int | None) -> None:
        self.groups[group_id].owner_id = owner_id

    def add_game(
        self,
        universe_id: int,
        root_place_id: int,
        name: str,
        creator_id: int,
        creator_type: CreatorType,
        creator_name: str | None = None,
        visits: int = 0,
        playing: int = 0,
        description: str = "",
        created: datetime = _DEFAULT_CREATED,
    ) -> None:
        """Add a game; `creator_name=None` means use the creator's name in this world."""
        self.games[universe_id] = _Game(
            universe_id,
            root_place_id,
            name,
            description,
            creator_id,
            creator_type,
            creator_name,
            visits,
            playing,
            created,
        )
        self.places[root_place_id] = universe_id

    def add_place(self, place_id: int, universe_id: int) -> None:
        """Add a non-root place to an existing game."""
        self.places[place_id] = universe_id

    def set_game_owner(
        self,
        universe_id: int,
        creator_id: int,
        creator_type: CreatorType,
        creator_name: str | None = None,
    ) -> None:
        game = self.games[universe_id]
        game.creator_id, game.creator_type, game.creator_name = (
            creator_id,
            creator_type,
            creator_name,
        )

    def set_icon_state(self, universe_id: int, state: str) -> None:
        """E.g. "Pending" or "Blocked"; only "Completed" icons carry an imageUrl."""
        self.games[universe_id].icon_state = state

    # -- failure injection ---------------------------------------------------------------------

    def fail_next(self, n: int, status: int = 503, retry_after: float | str | None = None) -> None:
        """Answer the next `n` requests (any route) with `status` and an optional Retry-After."""
        header = None if retry_after is None else str(retry_after)
        self._faults.extend(_Fault(status=status, retry_after=header) for _ in range(n))

    def hang_next(self, n: int, seconds: float = 30.0) -> None:
        """Stall the next `n` requests for `seconds` (or until `stop()`) before answering."""
        self._faults.extend(_Fault(hang=seconds) for _ in range(n))

    # -- server ------------------------------------------------------------------------------

    async def start(self) -> str:
        """Serve on an ephemeral port of 127.0.0.1 and return the base URL."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_post(USERNAMES, self._usernames)
        app.router.add_get(USER, self._user)
        app.router.add_get(PLACE_UNIVERSE, self._place_universe)
        app.router.add_get(GAMES, self._games)
        app.router.add_get(GAME_ICONS, self._game_icons)
        app.router.add_get(GROUP, self._group)
        self._released.clear()
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def stop(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeRoblox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        resource = request.match_info.route.resource
        self.hits[resource.canonical if resource is not None else request.path] += 1
        if self._faults:
            fault = self._faults.popleft()
            if fault.hang is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._released.wait(), fault.hang)
            elif fault.status is not None:
                headers = {} if fault.retry_after is None else {"Retry-After": fault.retry_after}
                message = "TooManyRequests" if fault.status == 429 else "InternalServerError"
                body = {"errors": [{"code": 0, "message": message}]}
                return web.json_response(body, status=fault.status, headers=headers)
        return await handler(request)

    # -- users.roblox.com ----------------------------------------------------------------------

    async def _usernames(self, request: web.Request) -> web.Response:
        try:
            payload: Any = await request.json()
        except ValueError:
            return _errors(400, 0, "BadRequest")
        names = payload.get("usernames") if isinstance(payload, dict) else None
        exclude_banned = payload.get("excludeBannedUsers") if isinstance(payload, dict) else None
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) for n in names)
            or not isinstance(exclude_banned, bool)
        ):
            return _errors(400, 0, "BadRequest")
        by_name = {user.name.lower(): user for user in self.users.values()}
        data = []
        for requested in names:
            user = by_name.get(requested.lower())
            if user is None or (exclude_banned and user.is_banned):
                continue
            data.append(
                {
                    "requestedUsername": requested,
                    "hasVerifiedBadge": False,
                    "id": user.id,
                    "name": user.name,
                    "displayName": user.display_name,
                }
            )
        return web.json_response({"data": data})

    async def _user(self, request: web.Request) -> web.Response:
        user_id = request.match_info["user_id"]
        user = self.users.get(int(user_id)) if user_id.isdigit() else None
        if user is None:
            return _errors(404, 3, "The user id is invalid.")
        return web.json_response(
            {
                "description": user.description,
                "created": _roblox_time(user.created),
                "isBanned": user.is_banned,
                "externalAppDisplayName": None,
                "hasVerifiedBadge": False,
                "id": user.id,
                "name": user.name,
                "displayName": user.display_name,
            }
        )

    # -- apis.roblox.com -----------------------------------------------------------------------

    async def _place_universe(self, request: web.Request) -> web.Response:
        place_id = request.match_info["place_id"]
        if not place_id.isdigit():
            return _errors(400, 0, "Invalid place id.")
        return web.json_response({"universeId": self.places.get(int(place_id))})

    # -- games.roblox.com ----------------------------------------------------------------------

    def _creator_name(self, game: _Game) -> str:
        if game.creator_name is not None:
            return game.creator_name
        if game.creator_type == "User" and game.creator_id in self.users:
            return self.users[game.creator_id].name
        if game.creator_type == "Group" and game.creator_id in self.groups:
            return self.groups[game.creator_id].name
        return f"{game.creator_type}{game.creator_id}"

    async def _games(self, request: web.Request) -> web.Response:
        ids = _ids_param(request)
        if ids is None or len(ids) > 50:
            return _errors(400, 8, "No universe IDs were specified.")
        data = []
        for universe_id in ids:
            game = self.games.get(universe_id)
            if game is None:
                continue
            data.append(
                {
                    "id": game.universe_id,
                    "rootPlaceId": game.root_place_id,
                    "name": game.name,
                    "description": game.description,
                    "sourceName": game.name,
                    "sourceDescription": game.description,
                    "creator": {
                        "id": game.creator_id,
                        "name": self._creator_name(game),
                        "type": game.creator_type,
                        "isRNVAccount": False,
                        "hasVerifiedBadge": False,
                    },
                    "price": None,
                    "allowedGearGenres": ["All"],
                    "allowedGearCategories": [],
                    "isGenreEnforced": False,
                    "copyingAllowed": False,
                    "playing": game.playing,
                    "visits": game.visits,
                    "maxPlayers": 20,
                    "created": _roblox_time(game.created),
                    "updated": _roblox_time(game.created),
                    "studioAccessToApisAllowed": False,
                    "createVipServersAllowed": False,
                    "universeAvatarType": "MorphToR15",
                    "genre": "All",
                    "genre_l1": "",
                    "genre_l2": "",
                    "isAllGenre": True,
                    "isFavoritedByUser": False,
                    "favoritedCount": 0,
                }
            )
        return web.json_response({"data": data})

    # -- thumbnails.roblox.com -----------------------------------------------------------------

    async def _game_icons(self, request: web.Request) -> web.Response:
        ids = _ids_param(request)
        query = request.query
        if ids is None or len(ids) > 100:
            return _errors(400, 4, "The requested Ids are invalid, of an invalid type or missing.")
        if query.get("size") not in _ICON_SIZES or query.get("format") not in _ICON_FORMATS:
            return _errors(400, 0, "The requested size or format is invalid.")
        data = []
        for universe_id in ids:
            game = self.games.get(universe_id)
            state = "Error" if game is None else game.icon_state
            url = (
                f"https://tr.rbxcdn.com/180DAY-{universe_id:032x}/512/512/Image/Png/noFilter"
                if state == "Completed"
                else None
            )
            data.append(
                {"targetId": universe_id, "state": state, "imageUrl": url, "version": "TN3"}
            )
        return web.json_response({"data": data})

    # -- groups.roblox.com ---------------------------------------------------------------------

    async def _group(self, request: web.Request) -> web.Response:
        group_id = request.match_info["group_id"]
        group = self.groups.get(int(group_id)) if group_id.isdigit() else None
        if group is None:
            return _errors(400, 1, "Group is invalid or does not exist.")
        owner = None
        if group.owner_id is not None:
            user = self.users.get(group.owner_id)
            name = user.name if user is not None else f"User{group.owner_id}"
            owner = {
                "hasVerifiedBadge": False,
                "userId": group.owner_id,
                "username": name,
                "displayName": user.display_name if user is not None else name,
            }
        return web.json_response(
            {
                "id": group.id,
                "name": group.name,
                "description": group.description,
                "owner": owner,
                "shout": None,
                "memberCount": group.member_count,
                "isBuildersClubOnly": False,
                "publicEntryAllowed": True,
                "hasVerifiedBadge": False,
            }
        )

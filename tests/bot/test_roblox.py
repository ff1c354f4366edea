"""The Roblox client against a real local HTTP server that speaks the Roblox API shapes."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.config import Settings
from bot.roblox import RobloxClient, _parse_time
from bot.sandbox.roblox_app import (
    GAME_ICONS,
    GAMES,
    GROUP,
    PLACE_UNIVERSE,
    USER,
    USERNAMES,
    FakeRoblox,
)
from models.roblox_api import (
    MAX_ID,
    AssetRef,
    RobloxError,
    RobloxGame,
    RobloxGroup,
    RobloxUnavailable,
    RobloxUser,
    parse_asset_reference,
)

CREATED = datetime(2015, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)


def client_for(
    url: str,
    *,
    timeout: float = 2.0,
    retries: int = 2,
    backoff: float = 0.01,
    max_retry_after: float = 30.0,
    session: aiohttp.ClientSession | None = None,
) -> RobloxClient:
    """A client with every API pointed at one base URL."""
    return RobloxClient(
        users_api=url,
        games_api=url,
        apis_api=url,
        groups_api=url,
        thumbnails_api=url,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_retry_after=max_retry_after,
        session=session,
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeRoblox]:
    world = FakeRoblox()
    await world.start()
    try:
        yield world
    finally:
        await world.stop()


@pytest.fixture
async def client(fake: FakeRoblox) -> AsyncIterator[RobloxClient]:
    async with client_for(fake.url) as roblox:
        yield roblox


# -- users -------------------------------------------------------------------------------------


async def test_user_by_id(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(156, "builderman", "Builderman", description="hi", created=CREATED)

    user = await client.user(156)

    assert user == RobloxUser(
        id=156,
        name="builderman",
        display_name="Builderman",
        description="hi",
        created=CREATED,
        is_banned=False,
    )
    assert user.created.tzinfo is not None


async def test_missing_user_is_none(fake: FakeRoblox, client: RobloxClient) -> None:
    assert await client.user(404404) is None
    assert fake.hits[USER] == 1  # a 404 is an answer, not a reason to retry


async def test_out_of_range_user_id_is_none_without_asking(
    fake: FakeRoblox, client: RobloxClient
) -> None:
    assert await client.user(0) is None
    assert await client.user(MAX_ID + 1) is None
    assert sum(fake.hits.values()) == 0


async def test_user_by_username_is_case_insensitive(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(1, "Roblox", description="The official account")

    user = await client.user_by_username("  roblox ")

    assert user is not None
    assert (user.id, user.name, user.display_name) == (1, "Roblox", "Roblox")
    assert user.description == "The official account"
    assert fake.hits[USERNAMES] == 1
    assert fake.hits[USER] == 1


async def test_user_by_username_unknown_or_blank(fake: FakeRoblox, client: RobloxClient) -> None:
    assert await client.user_by_username("nobody_here") is None
    assert await client.user_by_username("   ") is None
    assert fake.hits[USERNAMES] == 1
    assert fake.hits[USER] == 0


async def test_banned_user_is_found_and_flagged(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(9, "bad_actor", is_banned=True)

    user = await client.user_by_username("bad_actor")

    assert user is not None
    assert user.is_banned


async def test_description_changes_are_seen(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(5, "seller")
    before = await client.user(5)
    fake.set_description(5, "bloxtr8-verify-abc123")
    after = await client.user(5)

    assert before is not None and before.description == ""
    assert after is not None and after.description == "bloxtr8-verify-abc123"


# -- games -------------------------------------------------------------------------------------


async def test_universe_for_place(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_game(13058, 1818, "Classic: Crossroads", 1, "User")
    fake.add_place(1819, 13058)

    assert await client.universe_for_place(1818) == 13058
    assert await client.universe_for_place(1819) == 13058
    assert await client.universe_for_place(777) is None
    assert fake.hits[PLACE_UNIVERSE] == 3


async def test_games_in_order_asked(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(1, "Roblox")
    fake.add_group(7, "Builders", owner_id=1, member_count=42)
    fake.add_game(10, 100, "Solo", 1, "User", visits=5, playing=1, description="d")
    fake.add_game(20, 200, "Team", 7, "Group", visits=9000, playing=12, created=CREATED)

    games = await client.games([20, 999, 10, 20])

    assert [g.universe_id for g in games] == [20, 10]
    assert games[0] == RobloxGame(
        universe_id=20,
        root_place_id=200,
        name="Team",
        description="",
        creator_id=7,
        creator_type="Group",
        creator_name="Builders",
        visits=9000,
        playing=12,
        created=CREATED,
    )
    assert (games[1].creator_type, games[1].creator_name, games[1].description) == (
        "User",
        "Roblox",
        "d",
    )
    assert fake.hits[GAMES] == 1


async def test_games_empty_and_batched(fake: FakeRoblox, client: RobloxClient) -> None:
    assert await client.games([]) == []
    assert await client.games([0, -3]) == []
    assert fake.hits[GAMES] == 0

    for universe_id in range(1, 61):
        fake.add_game(universe_id, 1000 + universe_id, f"Game {universe_id}", 1, "User")
    games = await client.games(range(1, 61))

    assert [g.universe_id for g in games] == list(range(1, 61))
    assert fake.hits[GAMES] == 2  # the games endpoint takes at most 50 ids at a time


async def test_game_and_owner_change(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_game(30, 300, "Obby", 1, "User", creator_name="alice")

    assert await client.game(31) is None
    before = await client.game(30)
    fake.set_game_owner(30, 8, "Group", creator_name="Obby Studios")
    after = await client.game(30)

    assert before is not None and (before.creator_id, before.creator_type) == (1, "User")
    assert after is not None
    assert (after.creator_id, after.creator_type, after.creator_name) == (
        8,
        "Group",
        "Obby Studios",
    )


async def test_game_icons_only_completed(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_game(1, 11, "Ready", 1, "User")
    fake.add_game(2, 22, "Moderated", 1, "User")
    fake.set_icon_state(2, "Blocked")

    icons = await client.game_icons([1, 2, 3])

    assert list(icons) == [1]
    assert icons[1].startswith("https://tr.rbxcdn.com/")
    assert await client.game_icons([]) == {}
    assert fake.hits[GAME_ICONS] == 1


# -- groups ------------------------------------------------------------------------------------


async def test_group(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(1, "Roblox")
    fake.add_group(7, "Roblox Group", owner_id=1, member_count=1234, description="about")

    assert await client.group(7) == RobloxGroup(
        id=7, name="Roblox Group", description="about", owner_id=1, member_count=1234
    )


async def test_group_owner_changes_and_abandoned(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_group(7, "Builders", owner_id=1)
    fake.set_group_owner(7, 2)
    moved = await client.group(7)
    fake.set_group_owner(7, None)
    abandoned = await client.group(7)

    assert moved is not None and moved.owner_id == 2
    assert abandoned is not None and abandoned.owner_id is None


async def test_missing_group_is_none(fake: FakeRoblox, client: RobloxClient) -> None:
    assert await client.group(123456) is None  # Roblox answers 400 here, not 404
    assert fake.hits[GROUP] == 1


# -- retries and failures ----------------------------------------------------------------------


async def test_retries_5xx_then_succeeds(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(1, "Roblox")
    fake.fail_next(2, status=503)

    user = await client.user(1)

    assert user is not None and user.name == "Roblox"
    assert fake.hits[USER] == 3


async def test_retry_after_is_honoured(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    fake.fail_next(1, status=429, retry_after=0.3)

    async with client_for(fake.url, backoff=0.01) as client:
        started = time.monotonic()
        user = await client.user(1)
        elapsed = time.monotonic() - started

    assert user is not None
    assert fake.hits[USER] == 2
    assert elapsed >= 0.25  # the header, not the 0.01 s backoff, set the wait


async def test_retry_after_is_capped(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    fake.fail_next(1, status=429, retry_after=3600)

    async with client_for(fake.url, max_retry_after=0.05) as client:
        started = time.monotonic()
        user = await client.user(1)

    assert user is not None
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
async def test_exhausted_retries_raise_unavailable(fake: FakeRoblox, status: int) -> None:
    fake.add_group(7, "Builders", owner_id=1)
    fake.fail_next(10, status=status, retry_after=0 if status == 429 else None)

    async with client_for(fake.url, retries=2) as client:
        with pytest.raises(RobloxUnavailable) as caught:
            await client.group(7)

    assert fake.hits[GROUP] == 3  # one try plus two retries
    assert str(caught.value) == "Roblox isn't answering, try again in a minute."
    assert isinstance(caught.value, RobloxError)


async def test_hanging_server_times_out(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    fake.hang_next(5, seconds=30)

    async with client_for(fake.url, timeout=0.2, retries=1) as client:
        started = time.monotonic()
        with pytest.raises(RobloxUnavailable):
            await client.user_by_username("Roblox")
        elapsed = time.monotonic() - started

    assert fake.hits[USERNAMES] == 2
    assert elapsed < 5


async def test_nobody_listening_is_unavailable() -> None:
    gone = FakeRoblox()
    url = await gone.start()
    await gone.stop()

    async with client_for(url, retries=1) as client:
        with pytest.raises(RobloxUnavailable):
            await client.game(1)


async def test_other_client_errors_are_not_retried(fake: FakeRoblox, client: RobloxClient) -> None:
    fake.add_user(1, "Roblox")
    fake.fail_next(1, status=403)

    with pytest.raises(RobloxError) as caught:
        await client.user(1)

    assert not isinstance(caught.value, RobloxUnavailable)
    assert "403" in str(caught.value)
    assert fake.hits[USER] == 1


# -- construction and sessions -----------------------------------------------------------------


async def test_from_settings(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    settings = Settings(
        roblox_users_api=fake.url + "/",
        roblox_games_api=fake.url,
        roblox_apis_api=fake.url,
        roblox_groups_api=fake.url,
        roblox_thumbnails_api=fake.url,
    )

    async with RobloxClient.from_settings(settings, retries=0) as client:
        user = await client.user(1)

    assert user is not None and user.id == 1


async def test_borrowed_session_is_left_open(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    async with aiohttp.ClientSession() as session:
        async with client_for(fake.url, session=session) as client:
            assert await client.user(1) is not None
        assert not session.closed


async def test_client_can_be_reused_after_close(fake: FakeRoblox) -> None:
    fake.add_user(1, "Roblox")
    client = client_for(fake.url)
    await client.close()  # closing before first use is harmless
    assert await client.user(1) is not None
    await client.close()
    assert await client.user(1) is not None
    await client.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-03-01T12:00:00.123Z", datetime(2015, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)),
        ("2015-03-01T12:00:00Z", datetime(2015, 3, 1, 12, tzinfo=UTC)),
        ("2015-03-01T12:00:00.1234567Z", datetime(2015, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)),
        ("2015-03-01T12:00:00.5", datetime(2015, 3, 1, 12, 0, 0, 500000, tzinfo=UTC)),
        ("2015-03-01T14:00:00+02:00", datetime(2015, 3, 1, 12, tzinfo=UTC)),
    ],
)
def test_roblox_timestamps(text: str, expected: datetime) -> None:
    assert _parse_time(text) == expected
    assert _parse_time(text).tzinfo == UTC


# -- parse_asset_reference ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.roblox.com/games/1818/Classic-Crossroads", AssetRef("place", 1818)),
        ("http://roblox.com/games/1818", AssetRef("place", 1818)),
        ("www.roblox.com/games/1818/Classic-Crossroads", AssetRef("place", 1818)),
        ("roblox.com/games/1818/", AssetRef("place", 1818)),
        ("https://roblox.com/games/1818/x?privateServerLinkCode=1", AssetRef("place", 1818)),
        ("https://www.roblox.com/games/1818?x=1", AssetRef("place", 1818)),
        ("https://www.roblox.com/games/1818/Classic#!/about", AssetRef("place", 1818)),
        ("HTTPS://WWW.ROBLOX.COM/GAMES/1818", AssetRef("place", 1818)),
        ("<https://www.roblox.com/games/1818/Classic-Crossroads>", AssetRef("place", 1818)),
        ("https://www.roblox.com/groups/7/name", AssetRef("group", 7)),
        ("https://www.roblox.com/communities/7/name#!/about", AssetRef("group", 7)),
        ("roblox.com/groups/7", AssetRef("group", 7)),
        ("place:1818", AssetRef("place", 1818)),
        ("universe:123", AssetRef("universe", 123)),
        ("group:7", AssetRef("group", 7)),
        ("Group: 7", AssetRef("group", 7)),
        ("  1818\n", AssetRef("place", 1818)),
        (str(MAX_ID), AssetRef("place", MAX_ID)),
    ],
)
def test_parse_asset_reference_accepts(text: str, expected: AssetRef) -> None:
    assert parse_asset_reference(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "<>",
        "Classic Crossroads",
        "https://evil.example/games/1818",
        "https://roblox.com.evil.example/games/1818",
        "https://www.roblox.com@evil.example/games/1818",
        "https://notroblox.com/games/1818",
        "ftp://roblox.com/games/1818",
        "https://www.roblox.com/catalog/1818/hat",
        "https://www.roblox.com/users/1/profile",
        "https://www.roblox.com/games/",
        "https://www.roblox.com/games/abc",
        "https://www.roblox.com/games/1818 and more",
        "place:",
        "asset:5",
        "place:1818:2",
        "-5",
        "1.5",
        "1e6",
        "١٨١٨",  # Arabic-Indic digits
        "x" * 600,
    ],
)
def test_parse_asset_reference_refuses_unreadable(text: str) -> None:
    with pytest.raises(ValueError, match="place:1818"):
        parse_asset_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "place:0",
        "group:0",
        "universe:000",
        "https://www.roblox.com/games/0/x",
        str(MAX_ID + 1),
        "group:" + "9" * 40,
    ],
)
def test_parse_asset_reference_refuses_out_of_range_ids(text: str) -> None:
    with pytest.raises(ValueError, match="between 1 and"):
        parse_asset_reference(text)

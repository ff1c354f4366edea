"""Screenshots of the trade card at each step of a whole trade and of a dispute, taken in
simcord's browser view (its preview page) with headless Chromium.

`python -m bench.screens DIR` runs this file with `BLOXTR8_SCREENS_DIR=DIR`, so anyone can
look at the UI without Discord; under the test suite the PNGs go to a temporary folder and
the tests check that each one was written and shows something.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import simcord

from models.dispute import Dispute
from models.escrow import Escrow
from tests.bot.cogs.test_escrow import World, fund, trade_card, world  # noqa: F401
from tests.browser import Browser, Page, require_chromium, running_browser
from tests.scenarios.test_trade_card import last_message, start

WIDTH, HEIGHT = 1000, 760


@dataclass
class Camera:
    """Opens simcord's preview of one channel for one viewer, focused on a message, in
    Chromium, and saves what the page shows."""

    env: simcord.Env
    page: Page
    out: Path
    prefix: str = ""
    shots: list[Path] = field(default_factory=list)

    async def shoot(
        self, name: str, channel: simcord.ChannelHandle, viewer: Any, target: Any
    ) -> Path:
        await self.env.settle()
        preview = self.env.preview(
            channel,
            viewers=[viewer],
            layout="message",
            display="responsive",
            width=WIDTH,
            height=HEIGHT,
            presentation_time=dt.datetime.now(dt.UTC),  # the bot's clock: "in 7 days"
        )
        async with preview:
            await preview.show(target)
            await self.page.goto(preview.url)
            await self.page.wait_for(
                "window.simcordPreview && window.simcordPreview.ready === true", within=30
            )
            with contextlib.suppress(TimeoutError):  # the page settles its viewport first
                await self.page.wait_for(
                    "!document.body.innerText.includes('Updating viewport')", within=5
                )
            await self.page.eval("new Promise(r => setTimeout(r, 300))")  # fonts and layout
            number = len(self.shots) + 1
            path = await self.page.screenshot(self.out / f"{self.prefix}{number:02d}-{name}.png")
        self.shots.append(path)
        return path

    async def card(self, name: str, member: simcord.MemberActor, escrow_id: int) -> Path:
        dm = member.user.dm_channel
        return await self.shoot(name, dm, member.user, trade_card(member, escrow_id))


@pytest.fixture
def screens_dir(tmp_path: Path) -> Path:
    wanted = os.environ.get("BLOXTR8_SCREENS_DIR")
    out = Path(wanted) if wanted else tmp_path / "screens"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture
async def camera(world: World, screens_dir: Path, tmp_path: Path) -> AsyncIterator[Camera]:  # noqa: F811
    require_chromium()
    async with running_browser(tmp_path / "chromium-profile") as browser:
        yield Camera(world.env, await _page(browser), screens_dir)


async def _page(browser: Browser) -> Page:
    return await browser.new_page(WIDTH, HEIGHT)


def check_pictures(shots: list[Path]) -> None:
    """Each PNG exists, has the viewport's size, is more than a blank page, and no two
    steps look the same."""
    digests = set()
    for path in shots:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (WIDTH, HEIGHT), (path, width, height)
        assert len(data) > 20_000, (path, len(data))  # a blank page compresses to a few KB
        digests.add(hashlib.sha256(data).hexdigest())
    assert len(digests) == len(shots)


async def test_screenshots_of_a_whole_trade(world: World, camera: Camera) -> None:  # noqa: F811
    w, cam = world, camera
    cam.prefix = "trade-"
    contract, _, _ = await start(w)
    escrow = await Escrow.get(contract_id=contract.id)
    await cam.card("awaiting-payment-buyer", w.buyer, escrow.id)
    await cam.card("awaiting-payment-seller", w.seller, escrow.id)

    await fund(w, escrow)
    await cam.card("paid-buyer", w.buyer, escrow.id)
    await cam.card("paid-seller", w.seller, escrow.id)

    asked = await w.seller.user.click(trade_card(w.seller, escrow.id), label="Mark delivered")
    await cam.shoot("mark-delivered-form", w.seller.user.dm_channel, w.seller.user, asked)
    await w.seller.user.submit_modal(asked, {"delivery_evidence": "Gave group ownership"})
    await cam.card("delivered-buyer", w.buyer, escrow.id)
    await cam.card("delivered-seller", w.seller, escrow.id)

    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Confirm delivery")
    await w.buyer.user.click(asked.response, label="Yes, release $1,100.00")
    await cam.card("released-buyer", w.buyer, escrow.id)
    await cam.card("released-seller", w.seller, escrow.id)
    check_pictures(cam.shots)


async def test_screenshots_of_a_dispute(world: World, camera: Camera) -> None:  # noqa: F811
    w, cam = world, camera
    cam.prefix = "dispute-"
    contract, _, _ = await start(w)
    escrow = await Escrow.get(contract_id=contract.id)
    await fund(w, escrow)
    await w.env.settle()
    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Open dispute")
    await cam.shoot("dispute-form", w.buyer.user.dm_channel, w.buyer.user, asked)
    await w.buyer.user.submit_modal(asked, {"dispute_reason": "Nothing arrived"})
    await cam.card("disputed-buyer", w.buyer, escrow.id)
    await cam.card("disputed-seller", w.seller, escrow.id)

    w.bot.settings.staff_user_ids = [w.outsider.id]
    from tests.factories import make_user

    await make_user(discord_id=w.outsider.id, username="staffer")
    dispute = await Dispute.get(escrow_id=escrow.id)
    viewed = await w.outsider.slash(w.channel, "dispute view", id=dispute.id)
    await cam.shoot("case-file-staff", w.channel, w.outsider, last_message(viewed))
    form = await w.outsider.click(last_message(viewed), label="Resolve")
    await cam.shoot("resolve-form-staff", w.channel, w.outsider, form)
    asked = await w.outsider.submit_modal(
        form, {"resolve_outcome": "refund", "resolve_reason": "No delivery shown"}
    )
    assert asked.response is not None
    await w.outsider.click(asked.response, label="Yes, refund")
    await cam.card("refunded-buyer", w.buyer, escrow.id)
    await cam.card("refunded-seller", w.seller, escrow.id)
    check_pictures(cam.shots)

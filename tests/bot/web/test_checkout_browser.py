"""The buyer's payment in a real browser: headless Chromium follows the Pay link from
Discord through the hosted Checkout page back to the bot's pages, and the webhooks fund.

Each page is saved as a PNG in the test's tmp_path for a person to look at.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import stripe_checkout as fake
from models.checkout import CheckoutSession
from models.enums import EscrowStatus
from models.escrow import Escrow
from tests.bot.cogs.test_escrow import World, last_dm, open_escrow, world  # noqa: F401 (the fixture)
from tests.bot.web.test_checkout import checkout  # noqa: F401 (the fixture)
from tests.browser import Browser, Page, require_chromium, running_browser
from tests.helpers import reply


@pytest.fixture(scope="module")
async def browser(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Browser]:
    require_chromium()
    async with running_browser(tmp_path_factory.mktemp("chromium-profile")) as running:
        yield running


@pytest.fixture
async def page(browser: Browser) -> Page:
    return await browser.new_page()


async def pay_link_from_discord(w: World, escrow: Escrow) -> str:
    """What the buyer clicks: the Pay button `/escrow pay` answers with."""
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    url = reply(result).components[0]["components"][0]["url"]
    assert isinstance(url, str)
    return url


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    """Wait for an outcome by observing it (the browser's open connections keep simcord's
    settle() from ever seeing the bot idle)."""
    async with asyncio.timeout(within):
        while not await check():  # noqa: ASYNC110 (polling the database and DMs)
            await asyncio.sleep(0.05)


async def status_is(escrow: Escrow, status: EscrowStatus) -> bool:
    return (await Escrow.get(id=escrow.id)).status is status


def dm_says(member: Any, text: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        message = last_dm(member)
        return message is not None and text in (message.content or "")

    return check


async def enter_card(page: Page, card: str) -> None:
    await page.wait_for("!!document.querySelector('#cardnumber')")
    await page.type("#cardnumber", card)
    await page.type("#exp", "12 / 34")
    await page.type("#cvc", "123")
    await page.type("#name", "Test Buyer")
    await page.click("#submit")


async def bot_page(page: Page) -> str:
    """Wait for one of the bot's own pages; returns its kind."""
    kind = await page.wait_for(
        "document.readyState === 'complete' && document.querySelector('main[data-page]')"
        " && document.querySelector('main[data-page]').dataset.page"
    )
    # The bot's pages carry no script at all, and their stylesheet loaded under the CSP.
    assert await page.eval("document.scripts.length") == 0
    assert await page.eval("getComputedStyle(document.body).display") == "flex"
    return str(kind)


async def test_the_buyer_pays_in_the_browser_and_the_webhook_funds(
    checkout: World,  # noqa: F811 (the fixture)
    page: Page,
    tmp_path: Path,
) -> None:
    w = checkout
    escrow = await open_escrow(w, amount=240_000)
    link = await pay_link_from_discord(w, escrow)

    await page.goto(link)
    assert (await page.url()).startswith(fake._PAGES.url + "/c/pay/cs_")
    assert "USD 2,400.00" in await page.text()
    await page.screenshot(tmp_path / "1-hosted-checkout.png")
    await enter_card(page, "4242 4242 4242 4242")

    kind = await bot_page(page)
    assert kind in ("success", "success_pending")
    assert (await page.url()).startswith(f"{w.bot.settings.public_url}/pay/{escrow.id}/done?")
    text = await page.text()
    assert "$2,400.00" in text and "Platform fee" in text and "$120.00" in text
    await page.screenshot(tmp_path / "2-success.png")

    await w.stripe.drain_webhooks()
    await eventually(lambda: status_is(escrow, EscrowStatus.FUNDS_HELD))
    await eventually(dm_says(w.buyer, "is held safely"))
    await eventually(dm_says(w.seller, "is held"))
    told = last_dm(w.seller).content
    assert "is held" in told and "Mark delivered" in told

    await page.goto(await page.url())  # the pending page refreshes itself; do it now
    assert await bot_page(page) == "success"
    await page.screenshot(tmp_path / "3-success-held.png")

    await page.goto(link)  # the Pay link again, once paid
    assert await bot_page(page) == "already_paid"
    await page.screenshot(tmp_path / "4-already-paid.png")


async def test_a_declined_card_then_authentication(
    checkout: World,  # noqa: F811 (the fixture)
    page: Page,
    tmp_path: Path,
) -> None:
    w = checkout
    escrow = await open_escrow(w)
    link = await pay_link_from_discord(w, escrow)
    await page.goto(link)
    await enter_card(page, "4000 0000 0000 0002")
    await page.wait_for("!!document.querySelector('.error')")
    assert "declined" in await page.text()
    await page.screenshot(tmp_path / "1-declined.png")
    await w.stripe.drain_webhooks()
    await eventually(dm_says(w.buyer, "didn't go through"))
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.AWAIT_FUNDS

    # The buyer tries a card that asks for 3-D Secure, and passes the challenge.
    await enter_card(page, "4000 0025 0000 3155")
    await page.wait_for("!!document.querySelector('#complete')")
    await page.screenshot(tmp_path / "2-authentication.png")
    await page.click("#complete")
    assert await bot_page(page) in ("success", "success_pending")
    await w.stripe.drain_webhooks()
    await eventually(lambda: status_is(escrow, EscrowStatus.FUNDS_HELD))
    await eventually(dm_says(w.buyer, "is held safely"))


async def test_an_expired_session_gets_a_new_one_and_leaving_is_not_paying(
    checkout: World,  # noqa: F811 (the fixture)
    page: Page,
    tmp_path: Path,
) -> None:
    w = checkout
    escrow = await open_escrow(w)
    link = await pay_link_from_discord(w, escrow)
    await page.goto(link)
    first = await page.url()

    await page.click("a")  # "← Back": Stripe sends the buyer to cancel_url
    assert await bot_page(page) == "payment_cancelled"
    await page.screenshot(tmp_path / "1-left-checkout.png")

    fake.expire_session(first.rsplit("/", 1)[1])
    await w.stripe.drain_webhooks()
    await page.goto(first)
    await page.wait_for("!!document.querySelector('#closed')")
    await page.screenshot(tmp_path / "2-old-session-closed.png")

    await page.goto(link)
    second = await page.url()
    assert second != first and "/c/pay/cs_" in second
    assert await CheckoutSession.filter(escrow_id=escrow.id).count() == 2
    await page.screenshot(tmp_path / "3-new-session.png")


async def test_forged_and_expired_links_show_plain_pages(
    checkout: World,  # noqa: F811 (the fixture)
    page: Page,
    tmp_path: Path,
) -> None:
    w = checkout
    escrow = await open_escrow(w)
    link = await pay_link_from_discord(w, escrow)

    await page.goto(link[:-3] + "xyz")
    assert await bot_page(page) == "not_found"
    await page.screenshot(tmp_path / "1-forged.png")

    expired = w.cog.pay_url(escrow, w.buyer.id)
    from bot.web.links import LinkKeys, pay_purpose

    token = LinkKeys.from_settings(w.bot.settings).sign(pay_purpose(escrow.id, w.buyer.id), 1)
    expired = expired.split("?t=")[0] + f"?t={token}"
    await page.goto(expired)
    assert await bot_page(page) == "link_expired"
    await page.screenshot(tmp_path / "2-expired.png")

    await Escrow.filter(id=escrow.id).update(status=EscrowStatus.CANCELLED)
    await page.goto(link)
    assert await bot_page(page) == "cancelled_escrow"
    await page.screenshot(tmp_path / "3-cancelled.png")
    assert w.stripe.calls("POST", r"checkout") == []

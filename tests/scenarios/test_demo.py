"""`bloxtr8 demo` as a visitor uses it: started as a process, a card trade clicked and typed
through its Discord view in headless Chromium up to the release, checked in its database;
a kept data directory holds one world after a restart; a second demo on the same port
refuses in one line; Ctrl-C stops everything."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from bot.db import EXIT_USAGE
from tests.browser import Browser, require_chromium, running_browser
from tests.fakes.demo_view import DiscordView


@dataclass
class Demo:
    process: asyncio.subprocess.Process
    url: str
    database_url: str
    log: list[str]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DATA_DIR"))}
    env["HOME"] = str(tmp_path / "home")  # no .env or data of the person running the tests
    return env


async def _collect(stream: asyncio.StreamReader, lines: list[str], printed: asyncio.Event) -> None:
    while line := await stream.readline():
        lines.append(line.decode(errors="replace").rstrip())
        if lines[-1].startswith("Bloxtr8 demo: "):
            printed.set()


@contextlib.asynccontextmanager
async def started_demo(tmp_path: Path, data_dir: Path) -> AsyncIterator[Demo]:
    """`bloxtr8 demo` as a process, until it prints its address; Ctrl-C when done."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        cwd=tmp_path,
        env=demo_env(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout and process.stderr
    log: list[str] = []
    printed = asyncio.Event()
    readers = [
        asyncio.create_task(_collect(s, log, printed)) for s in (process.stdout, process.stderr)
    ]
    try:
        waits = [asyncio.ensure_future(w) for w in (printed.wait(), process.wait())]
        try:  # until it prints its address, or exits
            await asyncio.wait(waits, timeout=120, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        assert printed.is_set(), "\n".join(log)
        url = next(line for line in log if line.startswith("Bloxtr8 demo: ")).split(": ", 1)[1]
        database = next(line for line in log if line.startswith("Database: ")).split(": ", 1)[1]
        yield Demo(process, url, database, log)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            try:
                async with asyncio.timeout(60):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        await asyncio.gather(*readers, return_exceptions=True)
        print("\n".join(log[-150:]))  # shown when a test fails: what the demo said


class KeptDemo:
    """The module's one demo on one data directory: the tests share its start (the first
    start initialises PostgreSQL in the data directory); the restart test stops it and
    starts it again on the same directory, and the later tests use the restarted one."""

    def __init__(self, tmp_path: Path, stack: contextlib.AsyncExitStack) -> None:
        self.tmp_path = tmp_path
        self.data_dir = tmp_path / "kept"
        self._stack = stack
        self.current: Demo | None = None

    async def start(self) -> Demo:
        self.current = await self._stack.enter_async_context(
            started_demo(self.tmp_path, self.data_dir)
        )
        return self.current

    async def running(self) -> Demo:
        if self.current is None or self.current.process.returncode is not None:
            return await self.start()
        return self.current


@pytest.fixture(scope="module")
async def kept_demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[KeptDemo]:
    async with contextlib.AsyncExitStack() as stack:
        yield KeptDemo(tmp_path_factory.mktemp("demo"), stack)


@pytest.fixture
async def demo(kept_demo: KeptDemo) -> AsyncIterator[Demo]:
    started = await kept_demo.running()
    yield started
    print("\n".join(started.log[-150:]))  # shown when a test fails: what the demo said


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    require_chromium()
    async with running_browser(tmp_path / "chromium-profile") as running:
        yield running


async def escrow_status(database_url: str) -> list[tuple[str, int]]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT status, amount FROM escrows ORDER BY id")
    finally:
        await conn.close()
    return [(r["status"], r["amount"]) for r in rows]


async def wait_status(database_url: str, status: str, within: float = 30.0) -> None:
    async with asyncio.timeout(within):
        while [s for s, _ in await escrow_status(database_url)] != [status]:  # noqa: ASYNC110
            await asyncio.sleep(0.2)


async def test_a_whole_card_trade_in_the_demo(demo: Demo, browser: Browser, tmp_path: Path) -> None:
    # The demo page: its channels, the people, the clock.
    async with aiohttp.ClientSession() as session:
        async with session.get(demo.url) as page:
            assert page.status == 200 and "Bloxtr8 demo" in await page.text()
        async with session.get(demo.url + "api/state") as state:
            channels = (await state.json())["channels"]
        async with session.get(demo.url + "wallet") as wallet:  # the USDC test wallet
            assert wallet.status == 200 and "No escrow is waiting" in await wallet.text()
    assert {"#under-5k", "#5k-20k", "#20k-100k", "#100k-plus", "DMs of buyer"} <= set(channels)
    # In a browser the page shows those channels and the clock, read from /api/state.
    control = await browser.new_page(1000, 700)
    await control.goto(demo.url)
    shown = await control.wait_for(
        "document.querySelectorAll('#channels button').length > 0 &&"
        " [...document.querySelectorAll('#channels button')].map(b => b.dataset.channel)"
    )
    assert shown == channels
    assert "The jobs' clock:" in await control.text()

    view = DiscordView(await browser.new_page(1300, 850), demo.url)

    # List: the seller's listing is posted in its price channel; the buyer makes an offer.
    await view.open("#under-5k", "buyer")
    await view.wait_text("Full game launch package")
    await view.press_for_form("Make Offer")
    await view.fill({"offer_amount": "2,300"})
    # Counter: the seller answers with another amount; the buyer accepts it.
    await view.open("DMs of seller", "seller")
    await view.press_for_form("Counter")
    await view.fill({"counter_amount": "2,350"})
    await view.open("DMs of buyer", "buyer")
    await view.wait_text("$2,350.00")
    await view.press_until("Accept", "Sign")
    # Sign: both parties sign the contract in their DMs.
    await view.press_for_form("Sign")
    await view.fill({"contract_sign_phrase": "I AGREE"})
    await view.open("DMs of seller", "seller")
    await view.press_for_form("Sign")
    await view.fill({"contract_sign_phrase": "I AGREE"})
    # Pay: the Pay link goes to the local hosted payment page.
    await view.open("DMs of buyer", "buyer")
    link = await view.link("Pay into escrow")
    payment = await browser.new_page(1100, 900)
    await payment.goto(link)
    await payment.wait_for("!!document.querySelector('#cardnumber')")
    await payment.screenshot(tmp_path / "checkout.png")
    await payment.type("#cardnumber", "4242 4242 4242 4242")
    await payment.type("#exp", "12 / 34")
    await payment.type("#cvc", "123")
    await payment.type("#name", "Buyer Blox")
    await payment.click("#submit")
    await payment.wait_for("location.pathname.endsWith('/done')", within=30)
    await payment.goto("about:blank")  # the buyer closes the tab
    # Deliver: the seller's trade card says the money is held; they mark it delivered.
    await view.open("DMs of seller", "seller")
    await view.wait_text("Payment held")
    await view.press_for_form("Mark delivered")
    await view.fill({"delivery_evidence": "Gave the buyer the place file"})
    await wait_status(demo.database_url, "DELIVERED")
    # Confirm: the buyer confirms from their trade card, and the escrow is released.
    await view.open("DMs of buyer", "buyer")
    await view.wait_text("Gave the buyer the place file")
    await view.press_until("Confirm delivery", "Yes, release $2,350.00")
    await view.press("Yes, release $2,350.00")
    await wait_status(demo.database_url, "RELEASED")
    await view.wait_text("Seller received")  # the card, edited in place
    await view.page.screenshot(tmp_path / "released.png")
    assert await escrow_status(demo.database_url) == [("RELEASED", 235_000)]

    # The clock control moves the jobs' clock; a released escrow stays released.
    async with aiohttp.ClientSession() as session:
        async with session.get(demo.url + "api/state") as state:
            before = dt.datetime.fromisoformat((await state.json())["clock"])
        async with session.post(demo.url + "api/clock", json={"hours": 72}) as jumped:
            after = dt.datetime.fromisoformat((await jumped.json())["clock"])
        async with session.post(demo.url + "api/clock", json={"hours": 0}) as refused:
            assert refused.status == 400
    assert dt.timedelta(hours=72) <= after - before < dt.timedelta(hours=72, minutes=5)
    assert await escrow_status(demo.database_url) == [("RELEASED", 235_000)]


async def world_counts(database_url: str) -> dict[str, int]:
    conn = await asyncpg.connect(database_url)
    try:
        return {
            table: await conn.fetchval(f"SELECT count(*) FROM {table}")
            for table in ("guilds", "users", "listings", "marketplace_channels")
        }
    finally:
        await conn.close()


async def test_a_second_demo_is_refused_ctrl_c_stops_and_a_restart_keeps_one_world(
    kept_demo: KeptDemo, demo: Demo
) -> None:
    """One demo: a second on its port is refused, Ctrl-C stops it and frees the port, and
    starting again on the same data directory makes one world, not a second one.

    The demo is the module's (the card trade may have run in it first): its data directory
    already holds an initialised database and a world, which is what a restart finds."""
    tmp_path, data_dir = kept_demo.tmp_path, kept_demo.data_dir
    before = await world_counts(demo.database_url)
    port = demo.url.rstrip("/").rsplit(":", 1)[1]
    second = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--port",
        port,
        "--data-dir",
        str(tmp_path / "other"),
        cwd=tmp_path,
        env=demo_env(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await second.communicate()
    assert second.returncode == EXIT_USAGE
    assert out == b""
    assert err.decode().strip() == (
        f"error: a demo is already running on port {port} (open http://127.0.0.1:{port}/), "
        "or another program uses that port; pass --port to pick another."
    )
    assert not (tmp_path / "other").exists()

    demo.process.send_signal(signal.SIGINT)
    async with asyncio.timeout(60):
        assert await demo.process.wait() == 0
    with socket.socket() as probe:  # the page's port is free again
        probe.bind(("127.0.0.1", int(port)))
    assert before["guilds"] == 1 and before["users"] == 4 and before["listings"] == 4
    again = await kept_demo.start()  # new Discord ids, same world
    after = await world_counts(again.database_url)
    assert any(line.startswith("Cleared the last demo world") for line in again.log)
    assert after == before
    assert (data_dir / "pg").is_dir()  # the database itself was kept

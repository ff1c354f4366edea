"""`bloxtr8 demo`: the whole product on loopback, in a browser, with no outside account.

One process runs the real bot (built by `create_bot`, as `bloxtr8 run` builds it) against
simulated Discord (simcord), the local Stripe server with its hosted Checkout pages, and
the local Roblox app, on the embedded PostgreSQL in the demo's own data directory. The
demo page (`DemoPage`) frames simcord's browser view of one channel at a time, lets the
visitor switch channel (the server's channels and each person's DMs with the bot) and
moves the jobs' clock forward, so that funding timeouts and auto-release can be seen.

The world is made the way the bot makes it: `/setup` is run by the server owner through
simulated Discord; sign-up, the Roblox link, staff verification, listings and payout
accounts go through the model functions the cogs call.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import simcord
from aiohttp import web
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from bot import jobs
from bot.app import Bloxtr8Bot, create_bot
from bot.config import Settings
from bot.sandbox.chain import TestChain, start_chain
from bot.sandbox.chain_rpc import serving_chain
from bot.sandbox.phases import Phases
from bot.sandbox.roblox_app import FakeRoblox
from bot.sandbox.stripe_checkout import running_checkout_pages
from bot.sandbox.stripe_server import StripeServer, running_stripe
from bot.sandbox.wallet_page import TestWalletPage
from models.enums import ListingCategory
from models.listing import Listing
from models.user import User
from models.wallet import Wallet, WalletChallenge

log = logging.getLogger(__name__)

CONFIRMATIONS = 2  # blocks on top of a USDC deposit before the demo's bot counts it
WEBHOOK_SECRET = "whsec_bloxtr8_demo"  # noqa: S105 (the local Stripe server's, not a secret)
APPLICATION_ID = 1_234_567_890

# (name, Roblox id, Roblox name, role in the story)
PEOPLE: tuple[tuple[str, int, str, str], ...] = (
    ("seller", 7_001, "SellerBlox", "sells games and services"),
    ("buyer", 7_002, "BuyerBlox", "makes offers and pays"),
    ("moderator", 7_003, "ModBlox", "the server's moderator"),
    ("staff", 7_004, "StaffBlox", "Bloxtr8 staff: decides disputes"),
)

# (title, summary, price in cents): one listing in each price channel of /setup.
LISTINGS: tuple[tuple[str, str, int], ...] = (
    ("Full game launch package", "Build, scripts, thumbnails and a launch plan.", 2_400_00),
    ("Custom tycoon build", "A tycoon built, scripted and tested to your design.", 8_500_00),
    ("Studio retainer, 3 months", "Two builders and a scripter on your game.", 45_000_00),
    ("Front-page game, start to launch", "A team of eight for a year.", 150_000_00),
)


async def chain_settings(chain: TestChain, rpc_url: str) -> dict[str, Any]:
    """The USDC rail's settings for the in-process chain served at `rpc_url`."""
    d = chain.deployment
    return {
        "chain_rpc_url": rpc_url,
        "chain_id": await chain.w3.eth.chain_id,
        "chain_confirmations": CONFIRMATIONS,
        "usdc_operator_key": chain.operator.account.key.hex(),
        "usdc_token_address": d.token,
        "usdc_vault_address": d.vault,
        "usdc_forwarder_address": d.forwarder,
        "sanctions_oracle_address": d.oracle,
    }


def demo_wallets() -> dict[str, LocalAccount]:
    """The seller's and the buyer's test wallets: the same keys at every start."""
    return {
        name: Account.from_key(keccak(text=f"bloxtr8 demo wallet: {name}"))
        for name in ("seller", "buyer")
    }


def demo_settings(
    settings: Settings, stripe_url: str, roblox_url: str, chain: dict[str, Any] | None = None
) -> Settings:
    """The settings the demo's bot runs with: the local stand-ins, loopback only."""
    return Settings.model_validate(
        settings.model_dump()
        | {
            "discord_token": None,
            "discord_application_id": APPLICATION_ID,
            "web_host": "127.0.0.1",
            "web_port": 0,
            "stripe_secret_key": StripeServer.api_key,
            "stripe_publishable_key": StripeServer.publishable_key,
            "stripe_webhook_secret": WEBHOOK_SECRET,
            "stripe_api_base": stripe_url,
            **{
                f"roblox_{api}_api": roblox_url
                for api in ("users", "games", "apis", "groups", "thumbnails")
            },
            **(chain or {}),
        }
    )


@dataclass
class World:
    """The simulated server and the people the visitor can be."""

    env: simcord.Env
    guild: Any
    general: Any
    members: dict[str, Any] = field(default_factory=dict)

    def channels(self) -> list[tuple[str, Any, list[Any]]]:
        """(label, channel, viewers) for every channel the demo page offers."""
        everyone = list(self.members.values())
        found: list[tuple[str, Any, list[Any]]] = []
        for name, channel in self.guild.channels.items():
            if channel.is_thread or getattr(channel._channel, "type", None) == 4:  # category
                continue
            found.append((f"#{name}", channel, everyone))
            found.extend((f"#{name} › {t.name}", t, everyone) for t in channel.threads)
        for name, member in self.members.items():
            found.append((f"DMs of {name}", member.user.dm_channel, [member.user]))
        return found


async def link_wallet(bot: Bloxtr8Bot, user: User, wallet: LocalAccount) -> None:
    """Link `wallet` the way `/wallet link` does: a challenge, signed by the wallet."""
    challenge = await WalletChallenge.issue(user, wallet.address)
    signed = wallet.sign_message(encode_defunct(text=challenge.message))
    await Wallet.link(
        user,
        challenge.id,
        "0x" + signed.signature.hex().removeprefix("0x"),
        screeners=bot.rails.screeners,
    )


async def build_world(
    env: simcord.Env,
    bot: Bloxtr8Bot,
    roblox: FakeRoblox,
    wallets: dict[str, LocalAccount] | None = None,
    phases: Phases | None = None,
) -> World:
    """A server after /setup, four linked people, listings in every price channel."""
    phases = phases or Phases()
    guild = env.create_guild("Bloxtr8 Demo")
    general = guild.create_text_channel("general")
    import discord

    admin_role = guild.create_role("Admin", permissions=discord.Permissions(manage_guild=True))
    mod_role = guild.create_role("Moderator", permissions=discord.Permissions(manage_messages=True))
    world = World(env, guild, general)
    for name, _rbx_id, _rbx_name, _story in PEOPLE:
        roles = [admin_role] if name == "seller" else [mod_role] if name == "moderator" else []
        world.members[name] = guild.add_member(env.create_user(name), roles=roles)
    await env.settle()

    bot.settings.staff_user_ids = [world.members["staff"].id]
    with phases.timed("world: /setup"):
        await world.members["seller"].slash(general, "setup")  # the owner-admin sets it up
        await env.settle()

    users: dict[str, User] = {}
    with phases.timed("world: sign-ups and Roblox links"):
        for name, rbx_id, rbx_name, _story in PEOPLE:
            roblox.add_user(rbx_id, rbx_name, description="Trading on Bloxtr8")
            user, _ = await User.sign_up(world.members[name].id, name)
            profile = await bot.roblox.user(rbx_id)
            assert profile is not None
            code = await user.start_roblox_link(profile)
            roblox.set_description(rbx_id, f"Trading on Bloxtr8 {code}")
            linked = await bot.roblox.user(rbx_id)
            assert linked is not None
            await user.complete_roblox_link(linked)
            users[name] = await User.get(id=user.id)
    with phases.timed("world: staff verification"):
        for name in ("seller", "buyer"):  # TIER_2: both may trade above the USDC threshold
            await users[name].staff_verify(actor=None, actor_label="staff:kyc-review")
    with phases.timed("world: wallets"):
        if bot.rails.usdc is not None:
            for name, wallet in (wallets or {}).items():
                await link_wallet(bot, await User.get(id=users[name].id), wallet)
    rail = bot.rails.stripe
    assert rail is not None
    with phases.timed("world: payout account"):
        await users["seller"].ensure_payout_account(rail)
        await users["seller"].refresh_payouts(rail)

    from bot.cogs.listings.posting import post_listing
    from models.guild import Guild

    with phases.timed("world: listings"):
        home = await Guild.ensure(guild.id, guild.name)
        for title, summary, price in LISTINGS:
            listing = await Listing.create_verified(
                seller=await User.get(id=users["seller"].id),
                guild=home,
                title=title,
                summary=summary,
                price=price,
                category=ListingCategory.SERVICE,
                asset=None,
                roblox=bot.roblox,
            )
            with phases.timed("world: listings posted"):
                await post_listing(bot, listing)
        with phases.timed("world: listings settled"):
            await env.settle()
    return world


async def serve_web_outside_simulation(bot: Bloxtr8Bot) -> None:
    """Listen again for the bot's web server, from outside simulated Discord's bookkeeping.

    The bot starts its web server in `setup_hook`, so simulated Discord counts the
    server's connection handlers as the bot's own work and waits for them to finish
    before it calls a press or a command done. Once the buyer's browser has opened the
    hosted payment page (or the Stripe stand-in has posted a webhook), a keep-alive
    connection stays open and idle: every later press in the Discord view then "did not
    settle", the view is marked stale and the next presses are refused (the buyer's
    Confirm delivery seemed to get no answer). Real Discord never waits for a bot's web
    server, so the demo opens the same port again from its own task: connections are
    served as before, but an idle one is no longer taken for the bot being busy.
    """
    runner = bot.web.runner
    assert runner is not None and bot.web.port is not None
    for site in list(runner.sites):
        await site.stop()
    await web.TCPSite(runner, "127.0.0.1", bot.web.port).start()


class DemoPage:
    """The page the visitor opens: channel switcher, clock control, simcord's view framed."""

    def __init__(self, world: World, bot: Bloxtr8Bot) -> None:
        self.world = world
        self.bot = bot
        self.preview: Any = None
        self.preview_url = ""
        self.current = ""
        self._lock = asyncio.Lock()

    async def show(self, label: str) -> str:
        """Open simcord's view of the channel called `label` (one view at a time)."""
        async with self._lock:
            choices = {lbl: (ch, viewers) for lbl, ch, viewers in self.world.channels()}
            if label not in choices:
                raise web.HTTPNotFound(text=f"no channel {label!r}")
            channel, viewers = choices[label]
            await self.close()
            preview = self.world.env.preview(channel, viewers=viewers, layout="channel")
            await preview.__aenter__()
            self.preview, self.preview_url, self.current = preview, preview.url, label
            return self.preview_url

    async def close(self) -> None:
        if self.preview is not None:
            preview, self.preview = self.preview, None
            await preview.__aexit__(None, None, None)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_get("/demo.js", self._script)
        app.router.add_get("/api/state", self._state)
        app.router.add_post("/api/show", self._show)
        app.router.add_post("/api/clock", self._clock)
        return app

    def _state_json(self) -> dict[str, Any]:
        return {
            "channels": [label for label, _, _ in self.world.channels()],
            "current": self.current,
            "preview": self.preview_url,
            "clock": jobs.job_now().isoformat(timespec="minutes"),
        }

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(self._state_json())

    async def _show(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self.show(str(body.get("channel", "")))
        return web.json_response(self._state_json())

    async def _clock(self, request: web.Request) -> web.Response:
        body = await request.json()
        hours = int(body.get("hours", 0))
        if not 0 < hours <= 24 * 30:
            raise web.HTTPBadRequest(text="hours must be between 1 and 720")
        jobs.advance_clock(dt.timedelta(hours=hours))
        await self.bot.jobs.run_all()
        await self.world.env.settle()
        return web.json_response(self._state_json())

    async def _index(self, request: web.Request) -> web.Response:
        # The page carries no state of its own: its script reads /api/state, as it does
        # every five seconds after.
        return web.Response(text=PAGE, content_type="text/html")

    async def _script(self, request: web.Request) -> web.Response:
        return web.Response(text=SCRIPT, content_type="text/javascript")


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bloxtr8 demo</title>
<style>
  body { margin: 0 auto; max-width: 760px; padding: 24px; font: 15px system-ui, sans-serif;
         background: #1e1f22; color: #dbdee1; }
  h1 { color: #fff; margin: 0 0 4px; } h2 { font-size: 15px; color: #fff; margin: 20px 0 8px; }
  p { line-height: 1.45; } code { background: #2b2d31; padding: 1px 4px; border-radius: 3px; }
  .channels { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
              gap: 6px; }
  button { font: inherit; padding: 6px 10px; border-radius: 4px; border: 0; cursor: pointer;
           background: #2b2d31; color: #dbdee1; text-align: left; }
  button:hover, button.current { background: #404249; color: #fff; }
  button.clock { background: #5865f2; color: #fff; }
  a { color: #00a8fc; }
</style></head>
<body>
<h1>Bloxtr8 demo</h1>
<p>The real bot, on simulated Discord, with a local Stripe, Roblox and chain: nothing
here leaves this machine. Pick a channel: it opens in the Discord view (a second tab),
where <em>Viewing as</em> switches between the seller, the buyer, the moderator and staff.
Type <code>/</code> in a channel for the commands; contracts, payment links and delivery
confirmations arrive in each person's DMs. Pay with the card 4242 4242 4242 4242.
Deals above the USDC threshold are paid in USDC on a local chain: the
<a href="/wallet" target="_blank">test wallet</a> sends the deposit for the buyer.</p>
<h2>Channels</h2>
<div class="channels" id="channels"></div>
<h2>Clock</h2>
<p id="clock"></p>
<button class="clock" id="jump72" type="button">Jump 72 hours</button>
<button class="clock" id="jump7d" type="button">Jump 7 days</button>
<p>Jumping runs the bot's background jobs at the new time: unpaid escrows time out after
72 hours, delivered ones are released to the seller when the inspection period ends.</p>
<script src="/demo.js"></script>
</body></html>
"""

SCRIPT = """
let view = null;
function render(state) {
  const list = document.getElementById("channels");
  list.innerHTML = "";
  for (const label of state.channels) {
    const button = document.createElement("button");
    button.type = "button"; button.textContent = label; button.dataset.channel = label;
    if (label === state.current) button.className = "current";
    button.onclick = () => showChannel(label);
    list.appendChild(button);
  }
  document.getElementById("clock").textContent = "The jobs' clock: " + state.clock + " UTC";
  document.body.dataset.preview = state.preview;
  document.body.dataset.current = state.current;
}
async function post(path, body) {
  const answer = await fetch(path, {method: "POST", body: JSON.stringify(body),
                                    headers: {"content-type": "application/json"}});
  const state = await answer.json();
  render(state);
  return state;
}
async function showChannel(label) {
  view = window.open("", "bloxtr8-discord");
  const state = await post("/api/show", {channel: label});
  if (view) view.location = state.preview;
}
document.getElementById("jump72").onclick = () => post("/api/clock", {hours: 72});
document.getElementById("jump7d").onclick = () => post("/api/clock", {hours: 168});
async function refresh() { render(await (await fetch("/api/state")).json()); }
refresh();
setInterval(refresh, 5000);
"""


@contextlib.asynccontextmanager
async def running_demo(
    settings: Settings, port: int, phases: Phases | None = None, chain: TestChain | None = None
) -> AsyncIterator[str]:
    """Start the stand-ins, the bot, the world and the demo page; yields the page's URL.

    Tortoise must be initialised on a migrated database. `phases` is told how long each
    part of the start and the stop took; `chain` is one already started (else one is).
    """
    phases = phases or Phases()
    roblox = FakeRoblox()
    with phases.timed("Roblox stand-in"):
        await roblox.start()
    try:
        if chain is None:
            with phases.timed("chain and contracts"):
                chain = await start_chain()
        wallets = demo_wallets()
        async with contextlib.AsyncExitStack() as stack:
            with phases.timed("Stripe stand-in and payment pages"):
                stripe = await stack.enter_async_context(running_stripe())
                await stack.enter_async_context(running_checkout_pages())
            with phases.timed("chain node"):
                rpc_url = await stack.enter_async_context(serving_chain(chain))
                on_chain = await chain_settings(chain, rpc_url)
            with phases.timed("bot built"):
                bot = create_bot(
                    demo_settings(settings, stripe.url, roblox.url, on_chain), sync_commands=True
                )
            env = simcord.Env(bot, check_errors=False)
            # Simulated Discord's clock starts on 1 January 2026; start it now instead, so
            # that messages and the deadlines on trade cards ("in 3 days") read as they would.
            env.backend.clock._epoch = dt.datetime.now(dt.UTC)
            with phases.timed("bot start on simulated Discord"):
                await env.start()
            page: DemoPage | None = None
            runner: web.AppRunner | None = None
            try:
                bot.settings.public_url = f"http://127.0.0.1:{bot.web.port}"
                await serve_web_outside_simulation(bot)
                stripe.add_webhook(f"{bot.settings.public_url}/webhooks/stripe", WEBHOOK_SECRET)
                world = await build_world(env, bot, roblox, wallets, phases)
                page = DemoPage(world, bot)

                async def after_send() -> None:
                    await bot.jobs.run_all()
                    await env.settle()

                wallet_page = TestWalletPage(
                    chain,
                    list(wallets.values()),
                    confirmations=CONFIRMATIONS,
                    after_send=after_send,
                )
                with phases.timed("demo page"):
                    await page.show("#general")
                    app = page.app()
                    wallet_page.add_routes(app)
                    runner = web.AppRunner(app, access_log=None)
                    await runner.setup()
                    await web.TCPSite(runner, "127.0.0.1", port).start()
                yield f"http://127.0.0.1:{port}/"
            finally:
                stopping = Phases()
                with stopping.timed("demo page"):
                    if runner is not None:
                        await runner.cleanup()
                    if page is not None:
                        await page.close()
                # The bot's own graceful shutdown first (jobs, the outbox's listening
                # connection, web server, rails): simulated Discord's shutdown only cancels
                # the bot's tasks, and a pool connection left held makes the database pool's
                # close wait 10 s for it (Ctrl-C seemed to hang).
                with stopping.timed("bot closed"):
                    await bot.close()
                with stopping.timed("simulated Discord"):
                    await env.shutdown()
                with stopping.timed("Stripe webhooks drained"):
                    await stripe.drain_webhooks()
                stopping.summary("stopped")
    finally:
        await roblox.stop()

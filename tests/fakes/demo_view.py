"""Drive `bloxtr8 demo` as a visitor does: the demo page picks a channel, simcord's Discord
view (in Chromium) is where people type commands, press buttons and fill in forms."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import aiohttp

from tests.browser import Page

# Marks the element a helper found so that `Page.click` can press it with the mouse.
_MARK = "data-demo-target"
_FORM = "document.querySelector('#modal-root button[type=submit]') !== null"


class DiscordView:
    """One browser tab on the demo: the demo page opens channels, the view acts in them."""

    def __init__(self, page: Page, demo_url: str) -> None:
        self.page = page
        self.demo_url = demo_url.rstrip("/")
        self.where = ("", "")

    async def open(self, channel: str, viewer: str) -> None:
        """Show `channel` (a label of the demo page) in the Discord view, as `viewer`."""
        self.where = (channel, viewer)
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{self.demo_url}/api/show", json={"channel": channel}) as r,
        ):
            assert r.status == 200, await r.text()
            state = await r.json()
        await self.page.goto(state["preview"])
        await self.page.wait_for("document.querySelector('#viewer-picker option') !== null")
        await self.be(viewer)

    async def be(self, viewer: str) -> None:
        """Switch 'Viewing as' to `viewer`."""
        changed = await self.page.eval(
            "(() => { const s = document.getElementById('viewer-picker');"
            f" const o = [...s.options].find(o => o.textContent.trim() === {json.dumps(viewer)});"
            " if (!o) return false; if (s.value !== o.value) { s.value = o.value;"
            " s.dispatchEvent(new Event('change', {bubbles: true})); } return true; })()"
        )
        assert changed, f"no viewer {viewer!r}"
        await self.idle()

    async def idle(self) -> None:
        """Wait until the view has no action or update under way."""
        await asyncio.sleep(0.2)
        with contextlib.suppress(TimeoutError):  # a view stuck "updating" still takes clicks
            await self.page.wait_for(
                "(() => { const s = document.getElementById('action-status').textContent;"
                " return !s.endsWith('…'); })()",
                within=10,
            )

    async def refresh(self) -> None:
        """Publish the latest state of the simulated world to the view."""
        await self.idle()
        await self.page.click("#refresh")
        await self.idle()

    async def text(self) -> str:
        return str(await self.page.eval("document.getElementById('preview-app').innerText"))

    async def wait_text(self, needle: str, within: float = 20.0) -> str:
        """Refresh until the conversation shows `needle`."""
        async with asyncio.timeout(within):
            while True:
                shown = await self.text()
                if needle.lower() in shown.lower():
                    return shown
                await self.refresh()

    async def press(self, label: str, *, within: float = 20.0) -> None:
        """Press the newest enabled button (or link button) called `label`."""
        find = (
            "(() => { document.querySelectorAll('[MARK]').forEach(e => e.removeAttribute('MARK'));"
            " const all = [...document.querySelectorAll('#channel-message-list .component-button')]"
            "   .filter(b => !b.disabled && b.textContent.trim() === LABEL);"
            " const b = all[all.length - 1]; if (!b) return null;"
            " b.setAttribute('MARK', '1'); return b.getAttribute('href') || 'button'; })()"
        ).replace("MARK", _MARK)
        async with asyncio.timeout(within):
            await self.idle()
            while not await self.page.eval(find.replace("LABEL", json.dumps(label))):
                await self.refresh()
        await self.page.click(f"[{_MARK}]")
        await self.idle()

    async def press_until(self, label: str, shows: str) -> None:
        """Press `label` until the view shows `shows` (a press while it re-renders is lost)."""
        for _ in range(3):
            await self.press(label)
            try:
                await self.wait_text(shows, within=8)
                return
            except TimeoutError:  # a view stuck "updating": open it afresh
                await self.open(*self.where)
        status = await self.page.eval("document.getElementById('action-status').textContent")
        raise AssertionError(
            f"pressing {label!r} did not show {shows!r}; the view says {status!r} and shows:\n"
            f"{await self.text()}"
        )

    async def press_for_form(self, label: str) -> None:
        """Press `label` until its form opens (a press while the view re-renders is lost)."""
        for _ in range(3):
            await self.press(label)
            try:
                await self.page.wait_for(_FORM, within=5)
                return
            except TimeoutError:  # a view stuck "updating": open it afresh
                await self.open(*self.where)
        status = await self.page.eval("document.getElementById('action-status').textContent")
        raise AssertionError(
            f"pressing {label!r} opened no form; the view says {status!r} and shows:\n"
            f"{await self.text()}"
        )

    async def link(self, label: str) -> str:
        """The address of the newest link button called `label`."""
        await self.press_ready(label)
        return str(await self.page.eval(f"document.querySelector('[{_MARK}]').href"))

    async def press_ready(self, label: str) -> None:
        find = (
            "(() => { document.querySelectorAll('[MARK]').forEach(e => e.removeAttribute('MARK'));"
            " const all = [...document.querySelectorAll('#channel-message-list a.link-button')]"
            "   .filter(b => b.textContent.trim() === LABEL);"
            " const b = all[all.length - 1]; if (!b) return false;"
            " b.setAttribute('MARK', '1'); return true; })()"
        ).replace("MARK", _MARK)
        async with asyncio.timeout(20):
            while not await self.page.eval(find.replace("LABEL", json.dumps(label))):
                await self.refresh()

    async def fill(self, values: dict[str, str]) -> None:
        """Fill the open form (fields by their custom id) and submit it."""
        await self.page.wait_for(_FORM)
        for custom_id, value in values.items():
            field = f'#modal-root [data-custom-id="{custom_id}"]'
            await self.page.type(f"{field} input, {field} textarea", value)
        await self.page.click('#modal-root button[type="submit"]')
        await self.page.wait_for("!document.querySelector('#modal-root button[type=submit]')")
        await self.idle()

    async def slash(self, command: str, **options: Any) -> None:
        """Type `/command`, pick it from the list, fill its options and send it."""
        await self.page.type("#channel-composer-input", f"/{command}")
        entry = (
            "(() => { const e = [...document.querySelectorAll('.command-entry')].find(e =>"
            f" e.querySelector('strong').textContent.trim() === {json.dumps('/' + command)});"
            f" if (!e) return false; e.setAttribute('{_MARK}', '1'); return true; }})()"
        )
        await self.page.wait_for(entry)
        await self.page.click(f"[{_MARK}]")
        for name, value in options.items():
            await self.page.type(f'.command-option-input[data-option="{name}"]', str(value))
        await self.page.click("#send-message")
        await self.idle()

"""A stand-in for Discord's REST API, for the notification outbox's tests and benchmarks.

What the outbox sender uses (log in, open a DM channel, post and edit messages), and the
interaction routes a command's reply takes (the callback, followups and edits of the
original response, under Discord's paths: see `Reply`). Channel messages are answered
with Discord's rate-limit headers: each channel is a bucket of `per_channel` messages per
`window` seconds, and a request over it gets a 429 with `retry_after` (and
the `Via` header discord.py expects of a real 429). It records every message it accepted,
can refuse DMs to some users (403, code 50007) and fail the next requests with 500s.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

API = "/api/v10"
BOT_USER = {"id": "1000", "username": "bloxtr8", "discriminator": "0", "avatar": None, "bot": True}


@dataclass
class Sent:
    channel_id: int
    payload: dict[str, Any]
    message_id: int
    edited: bool = False
    at: float = field(default_factory=time.perf_counter)  # when it was accepted


INTERACTION_CALLBACK = {  # Discord's interaction callback types
    1: "PONG",
    4: "CHANNEL_MESSAGE_WITH_SOURCE",
    5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE",
    7: "UPDATE_MESSAGE",
    8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL",
}


@dataclass
class Reply:
    """One request answering an interaction, as received: the callback
    (`POST /interactions/{id}/{token}/callback`, `kind` "callback" and its `type`), a
    followup (`POST /webhooks/{application_id}/{token}`, "followup") or an edit of the
    original response (`PATCH /webhooks/{application_id}/{token}/messages/@original`,
    "edit"). `payload` is the message (the callback's `data`)."""

    token: str
    kind: str
    payload: dict[str, Any]
    type: int | None = None
    message_id: int = 0
    at: float = field(default_factory=time.perf_counter)  # when it was received

    @property
    def shown(self) -> bool:
        """Whether the member sees an answer with this request (not just "thinking…")."""
        return self.kind != "callback" or self.type not in (5, 6)


@dataclass
class FakeDiscordApi:
    per_channel: int = 5
    window: float = 1.0
    delay: float = 0.0  # seconds before each message is answered (a slow API)
    closed_dms: set[int] = field(default_factory=set)
    fail_next: int = 0  # answer this many message requests with a 500
    sent: list[Sent] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    rate_limited: int = 0
    _next_id: int = 5_000_000
    _buckets: dict[int, list[float]] = field(default_factory=dict)
    _dm_owner: dict[int, int] = field(default_factory=dict)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    replies: dict[str, list[Reply]] = field(default_factory=dict)  # by interaction token
    _waiting: dict[str, asyncio.Future[Reply]] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(API + "/users/@me", self._me)
        app.router.add_get(API + "/gateway", self._gateway)
        app.router.add_get(API + "/oauth2/applications/@me", self._application)
        app.router.add_get(API + "/channels/{channel_id}/messages", self._history)
        app.router.add_post(API + "/users/@me/channels", self._open_dm)
        app.router.add_post(API + "/channels/{channel_id}/messages", self._post)
        app.router.add_patch(API + "/channels/{channel_id}/messages/{message_id}", self._edit)
        app.router.add_delete(API + "/channels/{channel_id}/messages/{message_id}", self._delete)
        app.router.add_post(API + "/interactions/{interaction_id}/{token}/callback", self._callback)
        hook = API + "/webhooks/{application_id}/{token}"
        app.router.add_post(hook, self._followup)
        app.router.add_get(hook + "/messages/{message_id}", self._webhook_message)
        app.router.add_patch(hook + "/messages/{message_id}", self._webhook_edit)
        app.router.add_delete(hook + "/messages/{message_id}", self._webhook_delete)
        return app

    async def shown_reply(self, token: str, *, within: float = 30.0) -> Reply:
        """The first request that showed the member an answer to the interaction with
        this token (the callback's message, or after a deferral the followup or edit)."""
        for reply in self.replies.get(token, []):
            if reply.shown:
                return reply
        waiter = self._waiting.get(token)
        if waiter is None:
            waiter = self._waiting[token] = asyncio.get_running_loop().create_future()
        try:
            async with asyncio.timeout(within):
                return await asyncio.shield(waiter)
        finally:
            self._waiting.pop(token, None)

    def _replied(self, reply: Reply) -> None:
        self.replies.setdefault(reply.token, []).append(reply)
        waiter = self._waiting.get(reply.token)
        if reply.shown and waiter is not None and not waiter.done():
            waiter.set_result(reply)
        self._changed.set()

    def contents(self) -> list[str]:
        return [s.payload.get("content") or "" for s in self.sent]

    async def wait_for(self, predicate: Callable[[], bool], *, within: float = 10.0) -> None:
        """Wait until `predicate()` holds, re-checked after each message accepted."""
        async with asyncio.timeout(within):
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

    def dm_channel_of(self, user_id: int) -> int:
        return user_id + 1  # a DM channel id derived from the user's

    # ------------------------------------------------------------------ routes

    async def _me(self, _request: web.Request) -> web.Response:
        return _json_response(BOT_USER)

    async def _application(self, _request: web.Request) -> web.Response:
        return _json_response(
            {
                "id": BOT_USER["id"],
                "name": "Bloxtr8",
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": {**BOT_USER, "id": "1001", "bot": False},
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _history(self, request: web.Request) -> web.Response:
        """The channel's messages, newest first, as last sent or edited."""
        channel_id = int(request.match_info["channel_id"])
        latest: dict[int, Sent] = {}
        for s in self.sent:
            if s.channel_id == channel_id:
                latest[s.message_id] = s
        limit = int(request.query.get("limit", "50"))
        newest = sorted(latest.values(), key=lambda s: -s.message_id)[:limit]
        return _json_response([self._message(channel_id, s.message_id, s.payload) for s in newest])

    async def _gateway(self, _request: web.Request) -> web.Response:
        return _json_response({"url": "wss://gateway.invalid"})

    async def _open_dm(self, request: web.Request) -> web.Response:
        user_id = int((await request.json())["recipient_id"])
        channel_id = self.dm_channel_of(user_id)
        self._dm_owner[channel_id] = user_id
        return _json_response({"id": str(channel_id), "type": 1, "recipients": []})

    async def _post(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        payload = await _message_body(request)
        limited = self._take(channel_id)
        if limited is not None:
            return limited
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_next > 0:
            self.fail_next -= 1
            return _json_response({"message": "Internal Server Error", "code": 0}, status=500)
        if self._dm_owner.get(channel_id) in self.closed_dms:
            return self._json(
                {"message": "Cannot send messages to this user", "code": 50007}, 403, channel_id
            )
        self._next_id += 1
        self.sent.append(Sent(channel_id, payload, self._next_id))
        self._changed.set()
        return self._json(self._message(channel_id, self._next_id, payload), 200, channel_id)

    async def _edit(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        message_id = int(request.match_info["message_id"])
        payload = await request.json()
        limited = self._take(channel_id)
        if limited is not None:
            return limited
        self.sent.append(Sent(channel_id, payload, message_id, edited=True))
        self._changed.set()
        return self._json(self._message(channel_id, message_id, payload), 200, channel_id)

    async def _delete(self, request: web.Request) -> web.Response:
        message_id = int(request.match_info["message_id"])
        self.deleted.append(message_id)
        return web.Response(status=204)

    # ------------------------------------------------------------------ interactions

    async def _callback(self, request: web.Request) -> web.Response:
        """The interaction's first answer. With `?with_response=1` (discord.py asks for it)
        Discord answers with the interaction callback response object, else 204."""
        at = time.perf_counter()
        interaction_id = request.match_info["interaction_id"]
        token = request.match_info["token"]
        body = await _message_body(request)
        kind = int(body["type"])
        data = dict(body.get("data") or {})
        if "files" in body:
            data["files"] = body["files"]
        self._next_id += 1
        message_id = self._next_id
        self._replied(Reply(token, "callback", data, kind, message_id, at))
        if request.query.get("with_response") not in ("1", "true"):
            return web.Response(status=204)
        flags = int(data.get("flags") or 0)
        answer: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "activity_instance_id": None,
                "response_message_id": str(message_id) if kind in (4, 5) else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & 64),
            }
        }
        if kind in (4, 7):
            answer["resource"] = {"type": kind, "message": self._message(0, message_id, data)}
        elif kind == 9:
            answer["resource"] = {"type": kind}
        return _json_response(answer)

    async def _followup(self, request: web.Request) -> web.Response:
        at = time.perf_counter()
        payload = await _message_body(request)
        self._next_id += 1
        self._replied(
            Reply(request.match_info["token"], "followup", payload, None, self._next_id, at)
        )
        if request.query.get("wait") not in ("1", "true", "True"):
            return web.Response(status=204)
        return _json_response(self._message(0, self._next_id, payload))

    def _webhook_target(self, request: web.Request) -> tuple[str, int]:
        token = request.match_info["token"]
        raw = request.match_info["message_id"]
        if raw != "@original":
            return token, int(raw)
        first = next((r for r in self.replies.get(token, []) if r.kind == "callback"), None)
        return token, first.message_id if first is not None else 0

    async def _webhook_message(self, request: web.Request) -> web.Response:
        token, message_id = self._webhook_target(request)
        latest = [r for r in self.replies.get(token, []) if r.message_id == message_id]
        if not latest:
            return _json_response({"message": "Unknown Message", "code": 10008}, status=404)
        return _json_response(self._message(0, message_id, latest[-1].payload))

    async def _webhook_edit(self, request: web.Request) -> web.Response:
        at = time.perf_counter()
        token, message_id = self._webhook_target(request)
        payload = await _message_body(request)
        self._replied(Reply(token, "edit", payload, None, message_id, at))
        return _json_response(self._message(0, message_id, payload))

    async def _webhook_delete(self, request: web.Request) -> web.Response:
        _token, message_id = self._webhook_target(request)
        self.deleted.append(message_id)
        return web.Response(status=204)

    # ------------------------------------------------------------------ rate limits

    def _take(self, channel_id: int) -> web.Response | None:
        now = time.monotonic()
        stamps = [t for t in self._buckets.get(channel_id, []) if now - t < self.window]
        self._buckets[channel_id] = stamps
        if len(stamps) >= self.per_channel:
            self.rate_limited += 1
            retry = round(self.window - (now - stamps[0]), 3)
            body = {"message": "You are being rate limited.", "retry_after": retry, "global": False}
            response = self._json(body, 429, channel_id)
            response.headers["Via"] = "1.1 google"
            response.headers["Retry-After"] = str(retry)
            return response
        stamps.append(now)
        return None

    def _json(self, body: Any, status: int, channel_id: int) -> web.Response:
        now = time.monotonic()
        stamps = self._buckets.get(channel_id, [])
        reset_after = self.window - (now - stamps[0]) if stamps else self.window
        headers = {
            "X-RateLimit-Limit": str(self.per_channel),
            "X-RateLimit-Remaining": str(max(0, self.per_channel - len(stamps))),
            "X-RateLimit-Reset-After": f"{max(reset_after, 0.001):.3f}",
            "X-RateLimit-Reset": f"{time.time() + max(reset_after, 0.001):.3f}",
            "X-RateLimit-Bucket": f"messages-{channel_id}",
        }
        return _json_response(body, status=status, headers=headers)

    @staticmethod
    def _message(channel_id: int, message_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": 0,
            "content": payload.get("content", ""),
            "author": BOT_USER,
            "embeds": payload.get("embeds", []),
            "components": payload.get("components", []),
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "tts": False,
            "mention_everyone": False,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
        }


async def start(api: FakeDiscordApi, host: str = "127.0.0.1") -> tuple[web.AppRunner, str]:
    """Serve `api` on a free loopback port; returns the runner and the base URL."""
    runner = web.AppRunner(api.app())
    await runner.setup()
    site = web.TCPSite(runner, host, 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://{host}:{port}"


def _json_response(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py reads JSON only when the content type is exactly `application/json`.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


async def _message_body(request: web.Request) -> dict[str, Any]:
    """A message as JSON, or as multipart (`payload_json` and files, as Discord takes
    attachments): then the files' bytes are under "files", by filename."""
    if not request.content_type.startswith("multipart/"):
        return dict(await request.json())
    payload: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            payload.update(json.loads(await part.text()))
        else:
            files[part.filename or ""] = bytes(await part.read())
    payload["files"] = files
    return payload


class DiscordApiProcess:
    """The stand-in served by a process of its own, so that a benchmark's bot process does
    only the bot's work (Discord's side is elsewhere in production). Each interaction
    reply it receives is passed back through a pipe with the time of receipt
    (`time.perf_counter`, the system's monotonic clock, the same in both processes);
    `replies` and `shown_reply` work as on `FakeDiscordApi`."""

    def __init__(self, per_channel: int = 50, window: float = 1.0) -> None:
        self.book = FakeDiscordApi()  # the replies, as the child reports them
        self.replies = self.book.replies
        self.per_channel = per_channel
        self.window = window

    async def start(self) -> str:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._pipe, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve_child, args=(child, self.per_channel, self.window), daemon=True
        )
        self._process.start()
        loop = asyncio.get_running_loop()
        url = str(await loop.run_in_executor(None, self._pipe.recv))
        loop.add_reader(self._pipe.fileno(), self._receive)
        return url

    def _receive(self) -> None:
        while self._pipe.poll():
            token, kind, kind_type, message_id, at, payload = self._pipe.recv()
            self.book._replied(Reply(token, kind, payload, kind_type, message_id, at))

    async def shown_reply(self, token: str, *, within: float = 30.0) -> Reply:
        return await self.book.shown_reply(token, within=within)

    async def stop(self) -> None:
        asyncio.get_running_loop().remove_reader(self._pipe.fileno())
        self._pipe.send("stop")
        await asyncio.get_running_loop().run_in_executor(None, self._process.join, 10)


def _serve_child(pipe: Any, per_channel: int, window: float) -> None:
    async def main() -> None:
        api = FakeDiscordApi(per_channel=per_channel, window=window)
        keep = api._replied

        def replied(reply: Reply) -> None:
            keep(reply)
            shown = {k: reply.payload.get(k) for k in ("content", "flags", "embeds")}
            pipe.send((reply.token, reply.kind, reply.type, reply.message_id, reply.at, shown))

        api._replied = replied  # type: ignore[method-assign]
        runner, url = await start(api)
        # As the bot does after its start-up (`bot.app.freeze_startup_objects`): Python's
        # full collections then skip the objects of the imports and the server, so they
        # don't hold up this stand-in's replies (and so the latency a benchmark measures).
        gc.freeze()
        pipe.send(url)
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        await runner.cleanup()

    asyncio.run(main())

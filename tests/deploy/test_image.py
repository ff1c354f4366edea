"""The image, built from the Dockerfile and run: bloxtr8 as its unprivileged user, its
migrations applied to the test's PostgreSQL, and its web role answering /healthz. Runs
wherever a container engine answers (podman or docker); skipped, saying what was tried,
where none does.

The base is `python:3.11-slim-bookworm` when the engine has it (or BLOXTR8_PYTHON_IMAGE);
otherwise deploy/local-base.sh makes one from Debian's own packages (made once, then kept).
The engine's layer cache makes a second build quick: only the layers after a changed file
are built again.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import resource
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiohttp
import asyncpg
import pytest

from bot import migrate
from bot.db import libpq_url
from tests.fakes.discord_api import FakeDiscordApi, start

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PYTHON_IMAGE = "python:3.11-slim-bookworm"
IMAGE = "localhost/bloxtr8:test"
IMAGE_UID = "10001"
SOCKET_DIR = "/run/postgresql"  # where the container finds the test server's socket


def _answering_engine() -> tuple[str | None, str]:
    """The first of podman and docker whose `info` succeeds, or why none did."""
    tried = []
    for name in ("podman", "docker"):
        path = shutil.which(name)
        if path is None:
            tried.append(f"{name} is not installed")
            continue
        try:
            done = subprocess.run(
                [path, "info"], capture_output=True, text=True, timeout=60, check=False
            )
        except subprocess.TimeoutExpired:
            tried.append(f"`{name} info` did not answer within 60 s")
            continue
        if done.returncode == 0:
            return path, ""
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        tried.append(f"`{name} info` failed ({last})")
    return None, "no container engine answers here: " + "; ".join(tried)


ENGINE_PATH, NO_ENGINE = _answering_engine()
pytestmark = pytest.mark.skipif(ENGINE_PATH is None, reason=NO_ENGINE)


@dataclass
class Engine:
    """How to call the engine here: `command` (with global options), `limits` for builds and
    runs (set only where the engine's defaults do not start a container on this machine)."""

    command: list[str]
    limits: list[str] = field(default_factory=list)

    @property
    def is_podman(self) -> bool:
        return Path(self.command[0]).name == "podman"

    def call(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *args], capture_output=True, text=True, timeout=timeout, check=False
        )

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return self.call("run", "--rm", *self.limits, *args, timeout=timeout)


def _python_image(engine: Engine) -> str:
    chosen = os.environ.get("BLOXTR8_PYTHON_IMAGE")
    if chosen:
        return chosen
    if engine.call("image", "inspect", DEFAULT_PYTHON_IMAGE).returncode == 0:
        return DEFAULT_PYTHON_IMAGE
    made = subprocess.run(
        ["bash", str(REPO / "deploy" / "local-base.sh")],
        env={**os.environ, "ENGINE": engine.command[0]},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert made.returncode == 0, f"deploy/local-base.sh failed:\n{made.stderr[-3000:]}"
    return made.stdout.strip().splitlines()[-1]


def _runnable(engine: Engine, base: str) -> Engine:
    """The engine as it is; else with this process's own limits (an engine's defaults may ask
    for more open files than the machine allows); else, for podman on a cgroup v1/v2 hybrid
    that crun refuses, with runc. The first that starts a container from `base`."""
    hard_nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    nofile = 1 << 20 if hard_nofile == resource.RLIM_INFINITY else hard_nofile
    limits = ["--ulimit", f"nofile={nofile}:{nofile}", "--ulimit", "nproc=4096:4096"]
    candidates = [engine, Engine(engine.command, limits)]
    if engine.is_podman and shutil.which("runc"):
        candidates.append(Engine([*engine.command, "--runtime", "runc"], limits))
    errors = []
    for candidate in candidates:
        done = candidate.run(base, "true")
        if done.returncode == 0:
            return candidate
        errors.append(f"{' '.join(candidate.command + candidate.limits)}: {done.stderr.strip()}")
    raise AssertionError("the engine answers but starts no container:\n" + "\n".join(errors))


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    assert ENGINE_PATH is not None
    plain = Engine([ENGINE_PATH])
    base = _python_image(plain)
    chosen = _runnable(plain, base)
    build = [
        "build",
        *chosen.limits,
        "--network",
        "host",
        "--build-arg",
        f"PYTHON_IMAGE={base}",
        "--tag",
        IMAGE,
    ]
    if chosen.is_podman:
        build += ["--format", "docker"]  # keeps HEALTHCHECK, which the OCI format drops
    before = _image_id(chosen)
    started = time.monotonic()
    done = chosen.call(*build, str(REPO), timeout=3600)
    assert done.returncode == 0, f"the image did not build:\n{done.stdout[-3000:]}{done.stderr}"
    print(f"built {IMAGE} on {base} in {time.monotonic() - started:.0f} s")
    if before and before != _image_id(chosen):
        # The previous build's image (its own copy of the virtualenv, most of a gigabyte) is
        # no longer named; the layers a next build reuses stay.
        chosen.call("rmi", before)
    yield chosen


def _image_id(engine: Engine) -> str:
    found = engine.call("image", "inspect", "--format", "{{.Id}}", IMAGE)
    return found.stdout.strip() if found.returncode == 0 else ""


def test_bloxtr8_runs_in_the_image_as_its_unprivileged_user(engine: Engine) -> None:
    who = engine.run("--entrypoint", "id", IMAGE, "-u")
    assert who.returncode == 0, who.stderr
    assert who.stdout.strip() != "0"
    assert who.stdout.strip() == IMAGE_UID
    version = engine.run(IMAGE, "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"bloxtr8 {importlib.metadata.version('bloxtr8')}"
    # `bloxtr8 run` and `bloxtr8 worker` run on uvloop's event loop in the image.
    loop = engine.run(
        "--entrypoint",
        "python",
        IMAGE,
        "-c",
        "import uvloop; from bot.__main__ import fast_loop; print(fast_loop() is uvloop.run)",
    )
    assert loop.returncode == 0, loop.stderr
    assert loop.stdout.strip() == "True"
    # The entry point runs as the image's configured user, the one `id` reported.
    inspected = engine.call("image", "inspect", "--format", "{{.Config.User}}", IMAGE)
    assert inspected.stdout.strip().split(":")[0] == IMAGE_UID


def _container_url(url: str) -> tuple[str, list[str]]:
    """The database URL as the container sees it, and the options that make it reachable: a
    unix socket is mounted in (as a file, so the data directory stays closed); a TCP server
    is reached over the host's network, which every container here uses."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.hostname or "host" not in query:
        return url, []
    port = parts.port or 5432
    server_socket = Path(query["host"]) / f".s.PGSQL.{port}"
    assert server_socket.exists(), server_socket
    query["host"] = SOCKET_DIR
    inside = urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )
    return inside, ["--volume", f"{server_socket}:{SOCKET_DIR}/.s.PGSQL.{port}"]


async def test_the_image_migrates_the_database(engine: Engine, fresh_database: str) -> None:
    url, reach = _container_url(fresh_database)
    done = engine.run(
        *reach, "--network", "host", "--env", f"DATABASE_URL={url}", IMAGE, "db", "upgrade"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Every migration the image ships, which are the ones in this checkout.
    assert await migrate.applied(fresh_database) == migrate.migration_files()
    conn = await asyncpg.connect(libpq_url(fresh_database))
    try:
        tables = {
            row["tablename"]
            for row in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
    finally:
        await conn.close()
    assert {"escrows", "listings", "notifications", "aerich"} <= tables, tables


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _get_json(url: str, within: float) -> tuple[int, dict[str, object]]:
    """GET `url` until it answers (the process is starting), at most `within` seconds."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=3)) as reply:
                    return reply.status, await reply.json()
            except (aiohttp.ClientError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)


async def test_the_image_serves_the_web_role(engine: Engine, fresh_database: str) -> None:
    """`bloxtr8 web` in the container (host network): it migrates the database, logs in to
    the stand-in Discord API and answers /healthz."""
    fake = FakeDiscordApi(per_channel=50, window=1.0)
    runner, api_url = await start(fake)
    url, reach = _container_url(fresh_database)
    port = _free_port()
    name = f"bloxtr8-test-web-{uuid.uuid4().hex[:8]}"
    settings = {
        "DATABASE_URL": url,
        "DISCORD_TOKEN": "stand-in-token",
        "DISCORD_APPLICATION_ID": "1000",
        "DISCORD_API_BASE": api_url,
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "JOBS": "none",
        "OUTBOX_SEND": "false",
        "AUDIT_HMAC_KEY": "a" * 64,
    }
    env = [arg for key, value in settings.items() for arg in ("--env", f"{key}={value}")]
    started = await asyncio.to_thread(
        engine.call,
        "run",
        "--detach",
        "--name",
        name,
        *engine.limits,
        *reach,
        "--network",
        "host",
        *env,
        IMAGE,
        "web",
    )
    try:
        assert started.returncode == 0, started.stderr
        try:
            status, body = await _get_json(f"http://127.0.0.1:{port}/healthz", within=90)
        except (aiohttp.ClientError, TimeoutError):
            logs = await asyncio.to_thread(engine.call, "logs", name)
            raise AssertionError(f"/healthz never answered:\n{logs.stdout}{logs.stderr}") from None
        assert status == 200, body
        assert body["ok"] is True, body
        assert await migrate.pending(fresh_database) == []
    finally:
        await asyncio.to_thread(engine.call, "rm", "--force", name)
        await runner.cleanup()
